//! Certificates: the CPU time and size of one certificate (with the seal and a fallback-font
//! run), and 1,000 certificates with their zip (time, peak memory) through the same code a
//! server's batch runs (`certificates::batch::build`).
//!
//! `cargo bench --bench certificates` (goals: one certificate ≤ 10 ms of CPU and ≤ 50 KB;
//! 1,000 and their zip ≤ 20 s, peak memory ≤ 300 MB). `COUNT` changes the batch size.
//! `LOOP_SECONDS=60` keeps building batches at nice 19 (as a server's batch thread runs) for
//! that long, to run beside `judge_load` and see the marks' acknowledgements undisturbed.
//! `JIANGXIN_FONT_DIR` names the fallback fonts' folder (default: Debian's fonts-hanazono).

use jiangxin::certificates::batch::{self, Item};
use jiangxin::certificates::sample::{DEMO_SEAL, NAMES, printed};
use jiangxin::certificates::{layout, render};
use jiangxin::typeset::Fonts;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// The process's peak resident memory (VmHWM), in MB.
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn items(count: usize) -> Vec<Item> {
    let seal = Arc::new(DEMO_SEAL.to_vec());
    (0..count)
        .map(|i| {
            let p = printed(NAMES[i % NAMES.len()], i as u32 + 1);
            Item {
                name: format!("{}/{}-{}.pdf", p.organisation, p.number, p.holder),
                printed: p,
                seal: Some(seal.clone()),
            }
        })
        .collect()
}

fn main() {
    let dir = std::env::var("JIANGXIN_FONT_DIR")
        .unwrap_or_else(|_| jiangxin::typeset::fonts::DEFAULT_FONT_DIR.into());
    let count: usize = std::env::var("COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let started = Instant::now();
    let fonts = Fonts::new(&dir);
    // 张𪚥: the fallback face's run is part of what is measured.
    let p = printed("张𪚥", 1);
    let seal = Arc::new(DEMO_SEAL.to_vec());
    let first = render(&fonts, &p, Some(seal.clone()), None).expect("renders");
    println!(
        "fonts loaded and first certificate (parses the fallback face): {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let runs = 200;
    let cpu = thread_cpu();
    let wall = Instant::now();
    let mut size = 0;
    for _ in 0..runs {
        size = render(&fonts, &p, Some(seal.clone()), None)
            .expect("renders")
            .len();
    }
    let per_cpu = (thread_cpu() - cpu).as_secs_f64() * 1000.0 / runs as f64;
    let per_wall = wall.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    assert_eq!(size, first.len());
    println!(
        "one certificate with seal and a HanaMin run: {per_cpu:.2} ms CPU ({per_wall:.2} ms wall), {size} bytes ({:.1} KB)  goal ≤ 10 ms, ≤ 50 KB",
        size as f64 / 1024.0
    );
    let plain_p = printed("王喆", 2);
    let cpu = thread_cpu();
    let mut plain = Vec::new();
    for _ in 0..runs {
        plain = render(&fonts, &plain_p, Some(seal.clone()), None).expect("renders");
    }
    println!(
        "one certificate with seal, WenKai only: {:.2} ms CPU, {} bytes",
        (thread_cpu() - cpu).as_secs_f64() * 1000.0 / runs as f64,
        plain.len()
    );
    let cpu = thread_cpu();
    for _ in 0..runs {
        std::hint::black_box(render(&fonts, &plain_p, None, None).expect("renders"));
    }
    println!(
        "  the same without the seal: {:.2} ms CPU",
        (thread_cpu() - cpu).as_secs_f64() * 1000.0 / runs as f64
    );
    let layout_only = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(layout::certificate(&p, None));
    }
    println!(
        "  of which laying out the page: {:.3} ms",
        layout_only.elapsed().as_secs_f64() * 1000.0 / runs as f64
    );

    let list = items(count);
    let done = AtomicUsize::new(0);
    let wall = Instant::now();
    let cpu = thread_cpu();
    let zip = batch::build(&fonts, &list, p.issued_on, &done).expect("batch");
    println!(
        "{count} certificates and their zip: {:.2} s wall, {:.2} s CPU, zip {:.1} MB, peak memory {:.0} MB  goal ≤ 20 s, ≤ 300 MB",
        wall.elapsed().as_secs_f64(),
        (thread_cpu() - cpu).as_secs_f64(),
        zip.len() as f64 / 1_048_576.0,
        peak_mb()
    );
    drop(zip);

    if let Some(seconds) = std::env::var("LOOP_SECONDS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        batch::lowest_priority();
        let until = Instant::now() + Duration::from_secs(seconds);
        let mut batches = 0;
        while Instant::now() < until {
            let done = AtomicUsize::new(0);
            std::hint::black_box(batch::build(&fonts, &list, p.issued_on, &done).expect("batch"));
            batches += 1;
        }
        println!(
            "built {batches} batches of {count} at nice 19 in {seconds} s; peak memory {:.0} MB",
            peak_mb()
        );
    }
}
