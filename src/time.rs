//! Times are stored in UTC and shown in Asia/Shanghai (UTC+8 all year: China keeps no summer
//! time, so a fixed offset is exact and needs no time-zone database).

use chrono::{DateTime, FixedOffset, Utc};

/// A duration in milliseconds as logs print it, to two places (`ms=0.03`): a float's
/// seventeen digits would make a log scan for ID numbers find them everywhere.
pub struct Millis(pub std::time::Duration);

impl std::fmt::Display for Millis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2}", self.0.as_secs_f64() * 1000.0)
    }
}

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar day in Beijing that a moment falls on.
pub fn local_date(t: DateTime<Utc>) -> chrono::NaiveDate {
    t.with_timezone(&shanghai()).date_naive()
}

/// Today in Beijing.
pub fn today() -> chrono::NaiveDate {
    local_date(now())
}

/// The first instant of a Beijing day, in UTC.
pub fn start_of_day(day: chrono::NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_local_timezone(shanghai())
        .single()
        .expect("a fixed offset has one midnight")
        .with_timezone(&Utc)
}

/// `18:05:09` in Beijing time: when a live board last changed.
pub fn show_second(t: DateTime<Utc>) -> String {
    t.with_timezone(&shanghai()).format("%H:%M:%S").to_string()
}

/// `2026-11-25 18:05` in Beijing time.
pub fn show_minute(t: DateTime<Utc>) -> String {
    t.with_timezone(&shanghai())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `2026-11-28T09:00` for an `<input type="datetime-local">`, in Beijing time.
pub fn input_minute(t: DateTime<Utc>) -> String {
    t.with_timezone(&shanghai())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Reads what a `datetime-local` input sends, as Beijing time.
pub fn parse_input_minute(text: &str) -> Option<DateTime<Utc>> {
    let naive = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
    naive
        .and_local_timezone(shanghai())
        .single()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_figures_have_two_places() {
        let d = std::time::Duration::from_nanos(31_234);
        assert_eq!(Millis(d).to_string(), "0.03");
        assert_eq!(
            Millis(std::time::Duration::from_millis(1500)).to_string(),
            "1500.00"
        );
    }

    #[test]
    fn form_times_are_beijing_time() {
        let t = parse_input_minute("2026-11-28T09:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-28T01:00:00+00:00");
        assert_eq!(input_minute(t), "2026-11-28T09:00");
        assert_eq!(show_minute(t), "2026-11-28 09:00");
        assert!(parse_input_minute("明天").is_none());
    }
}
