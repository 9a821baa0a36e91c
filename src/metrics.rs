//! Figures for the people on duty, in the Prometheus text format (`GET /metrics`, for the
//! platform administrator's token): marks acknowledged and how long an acknowledgement took,
//! spectators held and board updates written, certificate batches building, imports, and
//! errors by code. Plain atomic counters of this process, cheap enough for the hot paths
//! (the live fan-out adds once per frame and shard, not once per socket).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// The upper bounds of the acknowledgement histogram, in seconds.
const ACK_BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

struct Metrics {
    marks_acknowledged: AtomicU64,
    ack_buckets: [AtomicU64; ACK_BUCKETS.len()],
    ack_count: AtomicU64,
    ack_micros: AtomicU64,
    spectators: AtomicI64,
    updates_written: AtomicU64,
    batches_building: AtomicI64,
    imports: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
    errors: Mutex<BTreeMap<&'static str, u64>>,
}

static METRICS: Metrics = Metrics {
    marks_acknowledged: AtomicU64::new(0),
    ack_buckets: [const { AtomicU64::new(0) }; ACK_BUCKETS.len()],
    ack_count: AtomicU64::new(0),
    ack_micros: AtomicU64::new(0),
    spectators: AtomicI64::new(0),
    updates_written: AtomicU64::new(0),
    batches_building: AtomicI64::new(0),
    imports: Mutex::new(BTreeMap::new()),
    errors: Mutex::new(BTreeMap::new()),
};

/// A mark acknowledged to a tablet, `took` after its message arrived.
pub fn mark_acknowledged(took: Duration) {
    METRICS.marks_acknowledged.fetch_add(1, Relaxed);
    let seconds = took.as_secs_f64();
    if let Some(i) = ACK_BUCKETS.iter().position(|b| seconds <= *b) {
        METRICS.ack_buckets[i].fetch_add(1, Relaxed);
    }
    METRICS.ack_count.fetch_add(1, Relaxed);
    METRICS
        .ack_micros
        .fetch_add(u64::try_from(took.as_micros()).unwrap_or(u64::MAX), Relaxed);
}

/// Board updates (frames) written to spectators' sockets.
pub fn updates_written(n: u64) {
    if n > 0 {
        METRICS.updates_written.fetch_add(n, Relaxed);
    }
}

/// An error answered, by its public code (`invalid`, `not_found` …).
pub fn error_answered(code: &'static str) {
    *METRICS
        .errors
        .lock()
        .expect("metrics")
        .entry(code)
        .or_default() += 1;
}

/// An import of a list, by kind (`entrants`, `judges`, `theory`) and outcome (`preview`,
/// `committed`, `refused`).
pub fn import_done(kind: &'static str, outcome: &'static str) {
    *METRICS
        .imports
        .lock()
        .expect("metrics")
        .entry((kind, outcome))
        .or_default() += 1;
}

/// Held while a spectator's socket is open: the gauge counts it.
pub struct Held(&'static AtomicI64);

impl Drop for Held {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Relaxed);
    }
}

pub fn spectator_held() -> Held {
    METRICS.spectators.fetch_add(1, Relaxed);
    Held(&METRICS.spectators)
}

pub fn batch_building() -> Held {
    METRICS.batches_building.fetch_add(1, Relaxed);
    Held(&METRICS.batches_building)
}

/// Everything, in the Prometheus text exposition format (version 0.0.4): each family one
/// group, its HELP and TYPE first.
pub fn render() -> String {
    let m = &METRICS;
    let mut out = String::new();
    let mut family = |name: &str, kind: &str, help: &str, samples: Vec<String>| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for s in samples {
            let _ = writeln!(out, "{s}");
        }
    };
    family(
        "jiangxin_marks_acknowledged_total",
        "counter",
        "Marks acknowledged to judges' tablets (stored durably first).",
        vec![format!(
            "jiangxin_marks_acknowledged_total {}",
            m.marks_acknowledged.load(Relaxed)
        )],
    );
    let mut cumulative = 0;
    let mut buckets: Vec<String> = ACK_BUCKETS
        .iter()
        .enumerate()
        .map(|(i, bound)| {
            cumulative += m.ack_buckets[i].load(Relaxed);
            format!("jiangxin_mark_ack_seconds_bucket{{le=\"{bound}\"}} {cumulative}")
        })
        .collect();
    let count = m.ack_count.load(Relaxed);
    buckets.push(format!(
        "jiangxin_mark_ack_seconds_bucket{{le=\"+Inf\"}} {count}"
    ));
    buckets.push(format!(
        "jiangxin_mark_ack_seconds_sum {}",
        m.ack_micros.load(Relaxed) as f64 / 1e6
    ));
    buckets.push(format!("jiangxin_mark_ack_seconds_count {count}"));
    family(
        "jiangxin_mark_ack_seconds",
        "histogram",
        "From a mark's message arriving to its acknowledgement being sent.",
        buckets,
    );
    family(
        "jiangxin_spectators",
        "gauge",
        "Spectators' live sockets held open now.",
        vec![format!(
            "jiangxin_spectators {}",
            m.spectators.load(Relaxed)
        )],
    );
    family(
        "jiangxin_board_updates_written_total",
        "counter",
        "Board update frames written to spectators' sockets.",
        vec![format!(
            "jiangxin_board_updates_written_total {}",
            m.updates_written.load(Relaxed)
        )],
    );
    family(
        "jiangxin_certificate_batches_building",
        "gauge",
        "Certificate batches being built now.",
        vec![format!(
            "jiangxin_certificate_batches_building {}",
            m.batches_building.load(Relaxed)
        )],
    );
    family(
        "jiangxin_imports_total",
        "counter",
        "Imports of lists, by kind and outcome.",
        m.imports
            .lock()
            .expect("metrics")
            .iter()
            .map(|((kind, outcome), n)| {
                format!("jiangxin_imports_total{{kind=\"{kind}\",outcome=\"{outcome}\"}} {n}")
            })
            .collect(),
    );
    family(
        "jiangxin_errors_total",
        "counter",
        "Errors answered, by code.",
        m.errors
            .lock()
            .expect("metrics")
            .iter()
            .map(|(code, n)| format!("jiangxin_errors_total{{code=\"{code}\"}} {n}"))
            .collect(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_is_cumulative_and_counts_every_acknowledgement() {
        mark_acknowledged(Duration::from_micros(800));
        mark_acknowledged(Duration::from_millis(7));
        mark_acknowledged(Duration::from_secs(5));
        let text = render();
        let value = |name: &str| -> u64 {
            text.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} in {text}"))
        };
        let at_1ms = value("jiangxin_mark_ack_seconds_bucket{le=\"0.001\"}");
        let at_10ms = value("jiangxin_mark_ack_seconds_bucket{le=\"0.01\"}");
        let all = value("jiangxin_mark_ack_seconds_bucket{le=\"+Inf\"}");
        assert!(at_1ms >= 1 && at_10ms > at_1ms && all > at_10ms, "{text}");
        assert_eq!(all, value("jiangxin_mark_ack_seconds_count"));
    }
}
