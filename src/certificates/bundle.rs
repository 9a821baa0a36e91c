//! Certificates as one zip for printing: stored entries (a PDF is compressed already), UTF-8
//! names, every entry dated the issue date, in the order given; the same certificates give the
//! same bytes.

use chrono::{Datelike, NaiveDate};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Zips `entries` (name, bytes).
pub fn zip(entries: &[(String, Vec<u8>)], date: NaiveDate) -> std::io::Result<Vec<u8>> {
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let stamp = DateTime::from_date_and_time(
        u16::try_from(date.year().clamp(1980, 2107)).unwrap_or(1980),
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )
    .map_err(std::io::Error::other)?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    for (name, bytes) in entries {
        out.start_file(name.as_str(), options)
            .map_err(std::io::Error::other)?;
        out.write_all(bytes)?;
    }
    Ok(out.finish().map_err(std::io::Error::other)?.into_inner())
}

/// A file name part without characters a file system refuses.
pub fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}
