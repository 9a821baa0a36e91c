//! 奖补: awards, talent titles and subsidies by the craftsman policy, for the award officer.
//!
//! The road from an achievement to money:
//! 1. **Policy** ([`policy`]): every money clause of the seed as versioned data; the version in
//!    force on an achievement's date applies.
//! 2. **Achievements** ([`achievements`], [`import`]): final contest results and hosted events
//!    from this system, and what happened outside (medals, selections, designations, tranches),
//!    entered or imported. Contest placings are evidence only: they pay nothing by themselves.
//! 3. **Titles** ([`titles`]): nomination → review → conferment; a conferred title is an
//!    achievement.
//! 4. **Computation** ([`compute`]): `scoring::rewards` turns achievements into reward lines;
//!    stored lines past the draft stage never change, a difference becomes a new line.
//! 5. **Workflow** ([`workflow`]): draft → reviewed → publicised → approved → paid, four eyes.
//! 6. **Reports** ([`reports`]): totals, payout lists per fund, the officer's dashboard.

pub mod access;
pub mod achievements;
pub mod compute;
pub mod conditions;
pub mod hosting;
pub mod import;
pub mod listing;
pub mod payers;
pub mod policy;
pub mod reports;
pub mod titles;
pub mod withdraw;
pub mod workflow;

use chrono::{Datelike, NaiveDate};
use entity::StoredDecimal;
use rust_decimal::Decimal;

/// An amount of money as typed: yuan with at most two places (分), not negative.
pub fn parse_yuan(text: &str) -> Result<Decimal, String> {
    if text.trim().chars().count() > 20 {
        return Err("金额不超过 20 个字符".into());
    }
    let cleaned: String = text
        .trim()
        .trim_end_matches('元')
        .chars()
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .collect();
    let value: Decimal = cleaned
        .parse()
        .map_err(|_| format!("“{}”不是金额，请填写数字，如 50000.00", text.trim()))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err("金额不能为负数".into());
    }
    if value.normalize().scale() > 2 {
        return Err("金额最多保留两位小数（分）".into());
    }
    if value > Decimal::from(1_000_000_000_i64) {
        return Err("金额过大".into());
    }
    Ok(value)
}

/// Money as shown and exported: two places (1234.5 → 1,234.50 is left to the page; this gives
/// 1234.50).
pub fn yuan(value: Decimal) -> String {
    format!("{:.2}", value.round_dp(2))
}

/// A stored amount as shown.
pub fn stored_yuan(value: StoredDecimal) -> String {
    yuan(value.to_decimal())
}

/// Money into storage; amounts are already checked to the fen, so this cannot fail in practice.
pub fn store(value: Decimal) -> StoredDecimal {
    StoredDecimal::try_from(value.round_dp(2)).unwrap_or_else(|_| StoredDecimal::from_scaled(0))
}

/// The day number `scoring::rewards` orders by.
pub fn day(date: NaiveDate) -> scoring::rewards::Day {
    date.num_days_from_ce()
}

pub use crate::time::today;

/// A date as typed: `2026-12-01` (or with slashes or dots).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim().replace(['/', '.'], "-");
    NaiveDate::parse_from_str(&t, "%Y-%m-%d")
        .map_err(|_| format!("“{}”不是日期，请写成 2026-12-01", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_to_the_fen() {
        assert_eq!(
            parse_yuan("50,000.00元").unwrap(),
            Decimal::new(5_000_000, 2)
        );
        assert!(parse_yuan("49999.999").is_err());
        assert!(parse_yuan("-1").is_err());
        assert!(parse_yuan("五万").is_err());
    }
}
