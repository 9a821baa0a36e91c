//! One aspect of one entrant: the panel's marks become one aspect mark.
//!
//! Worked example (WorldSkills judgement, 3 judges, max 6): grades 2, 3, 2 → mean 2.3333 →
//! 2.3333 ÷ 3 × 6 = 4.67. The conversion is done on the exact fraction 7/3 and rounded once.

use crate::fixed::{ONE, from_fixed, round_ratio, to_fixed};
use crate::mark::{MarkError, Prepared, check_prepared};
use crate::rounding::{Rounding, RoundingMode};
use crate::scheme::{Aggregation, Aspect, AspectId, AspectKind, MAX_PANEL, ShortPanel};
use rust_decimal::Decimal;

/// The caller's id of a judge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JudgeRef(pub u64);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JudgeMark {
    pub judge: JudgeRef,
    pub value: Decimal,
}

/// The marks one entrant has for one aspect.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AspectMarks {
    pub marks: Vec<JudgeMark>,
    /// How many judges should mark this entrant: the panel less those who recused.
    pub expected: u8,
    /// The chief judge has reviewed a spread beyond the limit and let it count.
    pub spread_accepted: bool,
}

/// Where an aspect stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AspectStatus {
    /// The mark counts.
    Counted,
    /// Marks are missing: it does not count, and is never taken as zero.
    Incomplete { have: u8, need: u8 },
    /// Every judge of the panel recused: the chief judge must arrange a mark.
    NoPanel,
    /// More marks than judges expected (a judge not on the panel).
    TooManyMarks { have: u8, expected: u8 },
    /// The counting marks disagree beyond the limit; the chief judge must resolve it.
    Flagged(Box<Disagreement>),
    /// A stored mark does not fit the aspect.
    Invalid(Box<InvalidMark>),
}

/// How far apart the counting marks are, and how far they may be. (Boxed: it is rare, and
/// a small status keeps the results of a large event small.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    pub spread: Decimal,
    pub limit: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidMark {
    pub judge: JudgeRef,
    pub error: MarkError,
}

/// The aggregation actually applied, after the short-panel rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applied {
    pub aggregation: Aggregation,
    pub short_panel: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AspectResult {
    pub aspect: AspectId,
    pub status: AspectStatus,
    /// Bit `i` set: the `i`-th input mark was dropped by the trim.
    pub dropped: u16,
    /// The panel's aggregate as an exact fraction of ten-thousandths; see [`Self::aggregate`].
    aggregate_ratio: Option<(i64, u8)>,
    /// The aspect mark; `Some` only when the status is `Counted`.
    pub mark: Option<Decimal>,
    pub applied: Applied,
}

impl AspectResult {
    pub fn counts(&self) -> bool {
        self.status == AspectStatus::Counted
    }

    /// The panel's aggregate in the judges' own units (grade or points), to four places.
    pub fn aggregate(&self) -> Option<Decimal> {
        self.aggregate_ratio
            .map(|(n, d)| round_ratio(i128::from(n), i128::from(d), AGGREGATE_ROUNDING))
    }

    pub fn is_dropped(&self, index: usize) -> bool {
        index < 16 && self.dropped & (1 << index) != 0
    }
}

const AGGREGATE_ROUNDING: Rounding = Rounding::new(4, RoundingMode::HalfUp);

/// Aggregates one aspect's marks by the scheme's rules.
pub fn aggregate(
    aspect: &Aspect,
    input: &AspectMarks,
    short_panel: ShortPanel,
    rounding: Rounding,
) -> AspectResult {
    aggregate_prepared(aspect, &Prepared::of(aspect), input, short_panel, rounding)
}

pub(crate) fn aggregate_prepared(
    aspect: &Aspect,
    prepared: &Prepared,
    input: &AspectMarks,
    short_panel: ShortPanel,
    rounding: Rounding,
) -> AspectResult {
    let mut result = AspectResult {
        aspect: aspect.id,
        status: AspectStatus::Counted,
        dropped: 0,
        aggregate_ratio: None,
        mark: None,
        applied: Applied {
            aggregation: aspect.aggregation,
            short_panel: false,
        },
    };
    let have = u8::try_from(input.marks.len()).unwrap_or(u8::MAX);
    let expected = input.expected;
    if expected == 0 {
        result.status = AspectStatus::NoPanel;
        return result;
    }
    let need = if aspect.aggregation == Aggregation::Consensus {
        1
    } else {
        expected
    };
    if have < need {
        result.status = AspectStatus::Incomplete { have, need };
        return result;
    }
    if have > expected || have > MAX_PANEL {
        result.status = AspectStatus::TooManyMarks { have, expected };
        return result;
    }

    // Values with their input positions, sorted by value then judge: which of two equal marks
    // is "dropped" must not depend on the order marks arrived in.
    let mut values = [(0_i64, 0_u64, 0_usize); MAX_PANEL as usize];
    for (i, m) in input.marks.iter().enumerate() {
        let Some(v) = to_fixed(m.value) else {
            result.status = AspectStatus::Invalid(Box::new(InvalidMark {
                judge: m.judge,
                error: MarkError::TooPrecise,
            }));
            return result;
        };
        if let Err(error) = check_prepared(aspect, prepared, v) {
            result.status = AspectStatus::Invalid(Box::new(InvalidMark {
                judge: m.judge,
                error,
            }));
            return result;
        }
        values[i] = (v, m.judge.0, i);
    }
    let n = usize::from(have);
    let values = &mut values[..n];
    values.sort_unstable();

    let short = expected < aspect.panel;
    let aggregation = match (aspect.aggregation, short, short_panel) {
        (Aggregation::TrimmedMean { .. }, true, ShortPanel::PlainMean) => Aggregation::Mean,
        (Aggregation::TrimmedMean { drop }, _, _) => {
            // Drop fewer only if nothing would be left to count.
            let mut k = usize::from(drop);
            while k > 0 && n <= 2 * k {
                k -= 1;
            }
            if k == 0 {
                Aggregation::Mean
            } else {
                Aggregation::TrimmedMean { drop: k as u8 }
            }
        }
        (other, _, _) => other,
    };
    result.applied = Applied {
        aggregation,
        short_panel: short,
    };

    // The counting marks, and the aggregate as a fraction of ten-thousandths.
    let (counting, numerator, denominator): (&[(i64, u64, usize)], i64, i64) = match aggregation {
        Aggregation::TrimmedMean { drop } => {
            let k = usize::from(drop);
            for &(_, _, i) in values[..k].iter().chain(values[n - k..].iter()) {
                result.dropped |= 1 << i;
            }
            let kept = &values[k..n - k];
            (kept, kept.iter().map(|v| v.0).sum(), kept.len() as i64)
        }
        Aggregation::Median => {
            if n % 2 == 1 {
                (values, values[n / 2].0, 1)
            } else {
                (values, values[n / 2 - 1].0 + values[n / 2].0, 2)
            }
        }
        Aggregation::Mean | Aggregation::Single | Aggregation::Consensus => {
            (values, values.iter().map(|v| v.0).sum(), n as i64)
        }
    };
    result.aggregate_ratio = Some((numerator, denominator as u8));

    let spread = counting.last().map_or(0, |v| v.0) - counting.first().map_or(0, |v| v.0);
    if aggregation == Aggregation::Consensus && spread != 0 {
        result.status = AspectStatus::Flagged(Box::new(Disagreement {
            spread: from_fixed(spread),
            limit: Decimal::ZERO,
        }));
        return result;
    }
    if let (Some(limit), Some(l)) = (aspect.max_spread, prepared.spread)
        && !input.spread_accepted
        && spread > l
    {
        result.status = AspectStatus::Flagged(Box::new(Disagreement {
            spread: from_fixed(spread),
            limit,
        }));
        return result;
    }

    // Convert the aggregate (numerator / denominator ten-thousandths) into the aspect mark.
    let (numerator, denominator) = (i128::from(numerator), i128::from(denominator));
    let max = i128::from(prepared.max);
    let one = i128::from(ONE);
    let (num, den) = match aspect.kind {
        AspectKind::Measurement { .. } | AspectKind::Direct { .. } => (numerator, denominator),
        AspectKind::PassFail => (numerator * max, denominator * one),
        AspectKind::Scale => (numerator * max, denominator * one * 3),
        AspectKind::Deduction { .. } => ((max * denominator - numerator).max(0), denominator),
    };
    result.mark = Some(round_ratio(num, den, rounding));
    result
}
