//! Times are stored in UTC and shown in Asia/Shanghai (UTC+8 all year: China keeps no summer
//! time, so a fixed offset is exact and needs no time-zone database).

use chrono::{DateTime, FixedOffset, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// `2026-11-25 18:05` in Beijing time.
pub fn show_minute(t: DateTime<Utc>) -> String {
    t.with_timezone(&shanghai())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
