//! How figures read on a page.

use rust_decimal::Decimal;

/// A mark as judges write it: no trailing zeros (9.50 → `9.5`).
pub fn mark(value: Decimal) -> String {
    value.normalize().to_string()
}

/// An event total on a board: as rounded, or "—" before any mark counts.
pub fn total(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), |t| t.to_string())
}

/// An entrant's status on a board: 退赛 or 取消资格, nothing while competing.
pub fn entrant_status(status: entity::kinds::EntrantStatus) -> &'static str {
    match status {
        entity::kinds::EntrantStatus::Active => "",
        other => other.label(),
    }
}

/// Yuan with thousands separators and two places: 1234567.8 → `1,234,567.80`.
pub fn yuan(amount: Decimal) -> String {
    let fixed = format!("{:.2}", amount.round_dp(2));
    let (sign, digits) = fixed
        .strip_prefix('-')
        .map_or(("", fixed.as_str()), |rest| ("-", rest));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::yuan;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn groups_thousands() {
        let y = |s| yuan(Decimal::from_str(s).unwrap());
        assert_eq!(y("1234567.8"), "1,234,567.80");
        assert_eq!(y("48500"), "48,500.00");
        assert_eq!(y("999.999"), "1,000.00");
        assert_eq!(y("-50000"), "-50,000.00");
        assert_eq!(y("0"), "0.00");
    }
}
