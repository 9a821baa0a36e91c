//! Certificates as one zip for printing: stored entries (a PDF is compressed already), UTF-8
//! names, every entry dated the issue date, in the order given; the same certificates give the
//! same bytes.

use chrono::{Datelike, NaiveDate};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// A zip being written, entry by entry, so a batch never holds every PDF twice.
pub struct Zip {
    out: ZipWriter<Cursor<Vec<u8>>>,
    options: SimpleFileOptions,
}

impl Zip {
    /// A zip whose entries are all dated `date`.
    pub fn new(date: NaiveDate) -> std::io::Result<Zip> {
        let stamp = DateTime::from_date_and_time(
            u16::try_from(date.year().clamp(1980, 2107)).unwrap_or(1980),
            date.month() as u8,
            date.day() as u8,
            0,
            0,
            0,
        )
        .map_err(std::io::Error::other)?;
        Ok(Zip {
            out: ZipWriter::new(Cursor::new(Vec::new())),
            options: SimpleFileOptions::default()
                .compression_method(CompressionMethod::Stored)
                .last_modified_time(stamp)
                .unix_permissions(0o644),
        })
    }

    pub fn add(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.out
            .start_file(name, self.options)
            .map_err(std::io::Error::other)?;
        self.out.write_all(bytes)
    }

    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        Ok(self
            .out
            .finish()
            .map_err(std::io::Error::other)?
            .into_inner())
    }
}

/// Zips `entries` (name, bytes) in the order given.
pub fn zip(entries: &[(String, Vec<u8>)], date: NaiveDate) -> std::io::Result<Vec<u8>> {
    let mut zip = Zip::new(date)?;
    for (name, bytes) in entries {
        zip.add(name, bytes)?;
    }
    zip.finish()
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
