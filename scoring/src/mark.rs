//! Checking one mark against its aspect, before it is stored and again before it counts.

use crate::fixed::{ONE, to_fixed};
use crate::scheme::{Aspect, AspectKind};
use rust_decimal::Decimal;

/// Why a mark is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MarkError {
    /// Numbers print as the scheme writes them (0 到 20, not 20.0000).
    #[error("分数须在 {} 到 {} 之间", .min.normalize(), .max.normalize())]
    OutOfRange { min: Decimal, max: Decimal },
    #[error("分数须为 {} 的整数倍", .step.normalize())]
    OffStep { step: Decimal },
    #[error("评价分须为 0、1、2 或 3")]
    NotAGrade,
    #[error("合格/不合格项只能记 1（合格）或 0（不合格）")]
    NotPassFail,
    #[error("扣分不能为负数")]
    NegativeDeduction,
    #[error("分数最多保留 4 位小数")]
    TooPrecise,
}

/// Whether `value` is a mark a judge may give for `aspect`.
pub fn check_mark(aspect: &Aspect, value: Decimal) -> Result<(), MarkError> {
    let v = to_fixed(value).ok_or(MarkError::TooPrecise)?;
    check_fixed(aspect, v)
}

pub(crate) fn check_fixed(aspect: &Aspect, v: i64) -> Result<(), MarkError> {
    check_prepared(aspect, &Prepared::of(aspect), v)
}

/// An aspect's limits as ten-thousandths, worked out once per scheme rather than per mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Prepared {
    pub max: i64,
    pub step: i64,
    pub spread: Option<i64>,
}

impl Prepared {
    pub fn of(aspect: &Aspect) -> Self {
        let step = match aspect.kind {
            AspectKind::Measurement { step }
            | AspectKind::Direct { step }
            | AspectKind::Deduction { step } => to_fixed(step).unwrap_or(0),
            AspectKind::PassFail | AspectKind::Scale => ONE,
        };
        Prepared {
            max: to_fixed(aspect.max).unwrap_or(i64::MAX),
            step,
            spread: aspect.max_spread.and_then(to_fixed),
        }
    }
}

pub(crate) fn check_prepared(aspect: &Aspect, p: &Prepared, v: i64) -> Result<(), MarkError> {
    let on_step = |step: Decimal| -> Result<(), MarkError> {
        if p.step > 0 && v % p.step == 0 {
            Ok(())
        } else {
            Err(MarkError::OffStep { step })
        }
    };
    match aspect.kind {
        AspectKind::Measurement { step } | AspectKind::Direct { step } => {
            if v < 0 || v > p.max {
                return Err(MarkError::OutOfRange {
                    min: Decimal::ZERO,
                    max: aspect.max,
                });
            }
            on_step(step)
        }
        AspectKind::Deduction { step } => {
            if v < 0 {
                return Err(MarkError::NegativeDeduction);
            }
            on_step(step)
        }
        AspectKind::PassFail => {
            if v == 0 || v == ONE {
                Ok(())
            } else {
                Err(MarkError::NotPassFail)
            }
        }
        AspectKind::Scale => {
            if (0..=3 * ONE).contains(&v) && v % ONE == 0 {
                Ok(())
            } else {
                Err(MarkError::NotAGrade)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_print_numbers_as_the_scheme_writes_them() {
        let range = MarkError::OutOfRange {
            min: Decimal::ZERO,
            max: Decimal::new(200_000, 4),
        };
        assert_eq!(range.to_string(), "分数须在 0 到 20 之间");
        let step = MarkError::OffStep {
            step: Decimal::new(5_000, 4),
        };
        assert_eq!(step.to_string(), "分数须为 0.5 的整数倍");
    }
}
