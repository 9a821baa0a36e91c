//! What reading a hostile spreadsheet costs: the peak memory of this process (VmHWM) and the
//! time while each file is refused, as every import route reads it (`spreadsheet::read_table`
//! comes before anything else). Before the limits, the first file made the process try to
//! allocate 512 GiB and abort, and a 300 KB bomb took it to 1.4 GB.
//!
//! `cargo bench --bench hostile_uploads` (goal: the process stays under 300 MB).

use std::io::Write;
use std::time::Instant;

/// Peak resident memory of this process so far, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn far_corner() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// Deflated spaces in one sheet: `mib` MiB unpacked.
fn bomb(mib: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/worksheets/sheet1.xml", deflated)
        .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..mib {
        zip.write_all(&spaces).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn wide_csv() -> Vec<u8> {
    let mut csv = "姓名".as_bytes().to_vec();
    csv.extend(std::iter::repeat_n(b',', 15_000_000));
    csv.extend(b"x\n");
    csv
}

fn main() {
    let files = [
        ("A1 + XFD1048576 (.xlsx)", far_corner()),
        ("deflate bomb, 300 MiB unpacked", bomb(300)),
        ("deflate bomb, 1 GiB unpacked", bomb(1024)),
        ("15,000,000 commas on one line (.csv)", wide_csv()),
    ];
    println!("peak before reading: {:.0} MiB", peak_mib());
    for (what, bytes) in &files {
        let started = Instant::now();
        let answer = jiangxin::spreadsheet::read_table(bytes);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let message = match answer {
            Ok(t) => format!("READ ({} rows)", t.rows.len()),
            Err(e) => e.to_string(),
        };
        println!(
            "{what}: {} KiB, refused in {ms:.0} ms, peak so far {:.0} MiB — {message}",
            bytes.len() / 1024,
            peak_mib()
        );
    }
}
