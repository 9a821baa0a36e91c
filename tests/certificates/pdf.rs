//! The typesetting checked from outside, as a printer or a reader would: the sample
//! certificates of `jiangxin certificates sample`, made by two separate processes, are
//! byte-identical; pdftotext reads every name back exactly and the 40-character organisation
//! inside the margins; pdffonts shows each font embedded, subset, with a Unicode map, and the
//! fallback face only where a name needs it.

use jiangxin::certificates::sample::{LONG_ORGANISATION, NAMES};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;

fn sample(out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .args(["certificates", "sample", "--out"])
        .arg(out)
        .status()
        .expect("run jiangxin");
    assert!(status.success());
}

fn digests(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                hex::encode(Sha256::digest(&bytes)),
            )
        })
        .collect();
    out.sort();
    out
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(file)
        .args(if name == "pdftotext" { &["-"][..] } else { &[] })
        .output()
        .unwrap_or_else(|_| panic!("this test needs {name} (apt-get install poppler-utils)"));
    assert!(out.status.success(), "{name} failed on {}", file.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs poppler-utils and fonts-hanazono (CI installs them)"]
fn two_processes_make_the_same_bytes_and_poppler_reads_every_name_back() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    sample(a.path());
    sample(b.path());
    let (da, db) = (digests(a.path()), digests(b.path()));
    assert_eq!(da.len(), NAMES.len() + 1, "{da:?}");
    assert_eq!(da, db, "two processes gave different bytes");
    let shipped = jiangxin::typeset::Fonts::new("/nonexistent");
    for name in NAMES {
        let file = std::fs::read_dir(a.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(&format!("-{name}.pdf")))
            .unwrap_or_else(|| panic!("no certificate for {name}"));
        let size = std::fs::metadata(&file).unwrap().len();
        assert!(size <= 50 * 1024, "{name}: {size} bytes");
        let text = tool("pdftotext", &[], &file);
        assert!(
            text.lines().any(|l| l.trim() == format!("{name} 同志：")),
            "{name} not read back exactly: {text}"
        );
        assert!(text.contains(LONG_ORGANISATION), "{text}");
        assert_eq!(LONG_ORGANISATION.chars().count(), 40);
        // The organisation's line ends inside the inner frame (12.5 mm from the edge of an A4
        // landscape page: 841.89 pt wide).
        let bbox = tool("pdftotext", &["-bbox"], &file);
        let line = bbox
            .lines()
            .find(|l| l.contains(LONG_ORGANISATION))
            .expect("the organisation's line");
        let x_max: f64 = line
            .split("xMax=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        let x_min: f64 = line
            .split("xMin=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        let margin = 12.5 * 72.0 / 25.4;
        assert!(x_min > margin && x_max < 841.89 - margin, "{line}");
        // Every font embedded, subset, with a Unicode map; HanaMin only where needed.
        let fonts = tool("pdffonts", &[], &file);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty());
        for row in &rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{fonts}");
        }
        let needs_fallback = !name.chars().all(|c| shipped.face(0).unwrap().has(c));
        let has_hanamin = fonts.contains("HanaMin");
        assert_eq!(has_hanamin, needs_fallback, "{name}: {fonts}");
        assert!(fonts.contains("LXGWWenKai"));
    }
}
