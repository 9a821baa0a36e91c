//! Bars beside the awards reports' tables (by fund, year, district …): each row's amount due as
//! a light bar and the part already paid as a dark one over it, so that where the money goes
//! and how much of it has gone out is seen before it is read. Server-rendered SVG, printable.

use crate::awards::reports::Total;
use rust_decimal::Decimal;

pub struct BarRow {
    pub y: u32,
    pub text_y: u32,
    pub label: String,
    pub due_width: String,
    pub paid_width: String,
    pub value_x: String,
    /// "1,234,000.00 元（已付 50%）"
    pub value: String,
}

pub struct BarChart {
    pub height: u32,
    pub rows: Vec<BarRow>,
}

const LEFT: i64 = 150;
const SPAN: i64 = 380;
const ROW: u32 = 26;

/// The chart of a totals table; `None` when there is nothing to draw (no amount at all).
pub fn chart(rows: &[Total]) -> Option<BarChart> {
    let most = rows.iter().map(|t| t.amount).max()?;
    if most <= Decimal::ZERO {
        return None;
    }
    let width = |v: Decimal| {
        (v.max(Decimal::ZERO) / most * Decimal::from(SPAN))
            .round_dp(1)
            .normalize()
            .to_string()
    };
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let y = i as u32 * ROW + 4;
            let share = if t.amount > Decimal::ZERO {
                (t.paid / t.amount * Decimal::ONE_HUNDRED).round()
            } else {
                Decimal::ZERO
            };
            let due = width(t.amount);
            BarRow {
                y,
                text_y: y + 14,
                label: t.key.chars().take(10).collect(),
                value_x: (Decimal::from(LEFT + 6) + due.parse::<Decimal>().unwrap_or_default())
                    .normalize()
                    .to_string(),
                due_width: due,
                paid_width: width(t.paid.min(t.amount)),
                value: format!(
                    "{} 元（已付 {share}%）",
                    crate::http::format::yuan(t.amount)
                ),
            }
        })
        .collect::<Vec<_>>();
    Some(BarChart {
        height: bars.len() as u32 * ROW + 8,
        rows: bars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(key: &str, amount: i64, paid: i64) -> Total {
        Total {
            key: key.into(),
            lines: 1,
            amount: Decimal::from(amount),
            paid: Decimal::from(paid),
        }
    }

    #[test]
    fn the_largest_amount_fills_the_span_and_paid_sits_inside_due() {
        let c = chart(&[
            total("人才专项", 200_000, 50_000),
            total("就业资金", 50_000, 50_000),
        ])
        .unwrap();
        assert_eq!(c.rows[0].due_width, "380");
        assert_eq!(c.rows[0].paid_width, "95");
        assert_eq!(c.rows[1].due_width, "95");
        assert_eq!(c.rows[1].paid_width, "95");
        assert_eq!(c.rows[0].value, "200,000.00 元（已付 25%）");
        assert_eq!(c.rows[1].value, "50,000.00 元（已付 100%）");
        assert!(chart(&[total("无", 0, 0)]).is_none());
        assert!(chart(&[]).is_none());
    }
}
