//! Checking one mark against its aspect, before it is stored and again before it counts.

use crate::fixed::{ONE, to_fixed};
use crate::scheme::{Aspect, AspectKind};
use rust_decimal::Decimal;

/// Why a mark is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MarkError {
    #[error("分数须在 {min} 到 {max} 之间")]
    OutOfRange { min: Decimal, max: Decimal },
    #[error("分数须为 {step} 的整数倍")]
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
    let max = to_fixed(aspect.max).unwrap_or(i64::MAX);
    let on_step = |step: Decimal| -> Result<(), MarkError> {
        match to_fixed(step) {
            Some(s) if s > 0 && v % s == 0 => Ok(()),
            _ => Err(MarkError::OffStep { step }),
        }
    };
    match aspect.kind {
        AspectKind::Measurement { step } | AspectKind::Direct { step } => {
            if v < 0 || v > max {
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
            if v >= 0 && v <= 3 * ONE && v % ONE == 0 {
                Ok(())
            } else {
                Err(MarkError::NotAGrade)
            }
        }
    }
}
