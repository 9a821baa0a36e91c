//! 裁判一致性分析 (judge consistency): how each judge's marks sit against the panel's.
//!
//! For every mark of a cell (one entrant, one aspect) with at least two marks, the **deviation**
//! is the mark less the median of the *other* judges' marks in that cell. Leaving the judge out
//! keeps a judge from pulling the yardstick towards themselves (with three judges, one far-off
//! mark would otherwise move the median half way), and it makes the reading exact: a judge who
//! gives every entrant the others' median plus 0.5 shows a deviation of exactly +0.5.
//!
//! Deviations are signed so that **positive means more generous**: for a 扣分 aspect, where
//! the judge's figure is the points taken off, the sign is turned round.
//!
//! Per judge and aspect: the mean deviation (a lasting lean, 偏宽/偏严), the scatter (mean
//! absolute difference of each deviation from that mean: a judge who is sometimes far above and
//! sometimes far below leans nowhere but agrees with nobody), how many marks lie further from
//! the others' median than the aspect's allowed spread (超出允许分差), and how many **stand
//! alone** (at least three marks in the cell, this one the highest or the lowest by itself, its
//! gap to the nearest other mark wider than the others' own range and at least a tenth of the
//! aspect's scale: the others agree and this judge does not).
//!
//! Overall figures put aspects of different scales together in percent of each aspect's scale
//! (max points; 3 for a 0–3 评价; 1 for 合格/不合格).
//!
//! Per aspect: the mean absolute deviation in percent of its scale, so the chief judge sees
//! which aspect the judges read differently (a criterion that may need explaining).

use crate::aggregate::{JudgeMark, JudgeRef};
use crate::scheme::{Aspect, AspectId, AspectKind};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What the analysis needs to know of an aspect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AspectRule {
    pub id: AspectId,
    /// The judge's own range: max points, 3 for 0–3, 1 for pass/fail.
    pub scale: Decimal,
    /// The allowed spread, in the judge's own units.
    pub tolerance: Option<Decimal>,
    /// False for 扣分: a higher figure is a harsher judge.
    pub higher_is_generous: bool,
}

impl AspectRule {
    pub fn of(aspect: &Aspect) -> Self {
        let scale = match aspect.kind {
            AspectKind::Scale => Decimal::from(3),
            AspectKind::PassFail => Decimal::ONE,
            _ => aspect.max,
        };
        AspectRule {
            id: aspect.id,
            scale: if scale > Decimal::ZERO {
                scale
            } else {
                Decimal::ONE
            },
            tolerance: aspect.max_spread,
            higher_is_generous: !matches!(aspect.kind, AspectKind::Deduction { .. }),
        }
    }
}

/// The marks of one cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellMarks {
    pub aspect: AspectId,
    pub marks: Vec<JudgeMark>,
}

/// One judge on one aspect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JudgeAspect {
    pub aspect: AspectId,
    /// Marks compared (cells where at least one other judge marked).
    pub marks: u32,
    /// Mean signed deviation from the others' median, in the judge's own units.
    pub mean_deviation: Decimal,
    /// Mean absolute difference of the deviations from their mean, same units.
    pub scatter: Decimal,
    pub outside_tolerance: u32,
    pub alone: u32,
}

/// One judge over every aspect they marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JudgeConsistency {
    pub judge: JudgeRef,
    pub marks: u32,
    /// Mean signed deviation in percent of each aspect's scale.
    pub mean_deviation_pct: Decimal,
    /// Scatter in percent of each aspect's scale.
    pub scatter_pct: Decimal,
    pub outside_tolerance: u32,
    pub alone: u32,
    /// In the order of the rules given.
    pub aspects: Vec<JudgeAspect>,
}

/// How differently the judges read one aspect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AspectAgreement {
    pub aspect: AspectId,
    /// Cells with at least two marks.
    pub cells: u32,
    /// Mean absolute deviation in percent of the aspect's scale.
    pub disagreement_pct: Decimal,
    pub outside_tolerance: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Consistency {
    /// By judge reference.
    pub judges: Vec<JudgeConsistency>,
    /// In the order of the rules given.
    pub aspects: Vec<AspectAgreement>,
}

/// The median of a sorted, non-empty slice (the mean of the middle two for an even count).
fn median(sorted: &[Decimal]) -> Decimal {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO
    }
}

#[derive(Default)]
struct Tally {
    deviations: Vec<Decimal>,
    outside: u32,
    alone: u32,
}

fn mean(values: &[Decimal]) -> Decimal {
    if values.is_empty() {
        return Decimal::ZERO;
    }
    values.iter().sum::<Decimal>() / Decimal::from(values.len())
}

fn scatter(values: &[Decimal], centre: Decimal) -> Decimal {
    if values.is_empty() {
        return Decimal::ZERO;
    }
    values.iter().map(|v| (*v - centre).abs()).sum::<Decimal>() / Decimal::from(values.len())
}

/// Reads the judges' consistency from the cells' marks. Cells of aspects without a rule, and
/// cells with fewer than two marks, are left out.
pub fn consistency(rules: &[AspectRule], cells: &[CellMarks]) -> Consistency {
    let rule_of: BTreeMap<AspectId, &AspectRule> = rules.iter().map(|r| (r.id, r)).collect();
    let mut tallies: BTreeMap<(JudgeRef, AspectId), Tally> = BTreeMap::new();
    let mut cell_counts: BTreeMap<AspectId, u32> = BTreeMap::new();
    let mut others: Vec<Decimal> = Vec::with_capacity(16);
    for cell in cells {
        let Some(rule) = rule_of.get(&cell.aspect) else {
            continue;
        };
        if cell.marks.len() < 2 {
            continue;
        }
        *cell_counts.entry(cell.aspect).or_default() += 1;
        let floor_gap = rule.scale / Decimal::TEN;
        for (i, mark) in cell.marks.iter().enumerate() {
            others.clear();
            others.extend(
                cell.marks
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != i)
                    .map(|(_, m)| m.value),
            );
            others.sort_unstable();
            let centre = median(&others);
            let raw = mark.value - centre;
            let tally = tallies.entry((mark.judge, cell.aspect)).or_default();
            tally
                .deviations
                .push(if rule.higher_is_generous { raw } else { -raw });
            if rule.tolerance.is_some_and(|t| raw.abs() > t) {
                tally.outside += 1;
            }
            if others.len() >= 2 {
                let (low, high) = (others[0], others[others.len() - 1]);
                let gap = if mark.value > high {
                    mark.value - high
                } else if mark.value < low {
                    low - mark.value
                } else {
                    Decimal::ZERO
                };
                if gap > high - low && gap >= floor_gap && gap > Decimal::ZERO {
                    tally.alone += 1;
                }
            }
        }
    }

    let hundred = Decimal::ONE_HUNDRED;
    let mut by_judge: BTreeMap<JudgeRef, Vec<(AspectId, &Tally)>> = BTreeMap::new();
    for ((judge, aspect), tally) in &tallies {
        by_judge.entry(*judge).or_default().push((*aspect, tally));
    }
    let judges = by_judge
        .into_iter()
        .map(|(judge, mut items)| {
            let position = |a: &AspectId| rules.iter().position(|r| r.id == *a);
            items.sort_by_key(|(a, _)| position(a));
            let mut pct: Vec<Decimal> = Vec::new();
            let mut aspects = Vec::new();
            for (aspect, tally) in &items {
                let scale = rule_of[aspect].scale;
                pct.extend(tally.deviations.iter().map(|d| *d * hundred / scale));
                let centre = mean(&tally.deviations);
                aspects.push(JudgeAspect {
                    aspect: *aspect,
                    marks: tally.deviations.len() as u32,
                    mean_deviation: centre,
                    scatter: scatter(&tally.deviations, centre),
                    outside_tolerance: tally.outside,
                    alone: tally.alone,
                });
            }
            let centre = mean(&pct);
            JudgeConsistency {
                judge,
                marks: pct.len() as u32,
                mean_deviation_pct: centre,
                scatter_pct: scatter(&pct, centre),
                outside_tolerance: aspects.iter().map(|a| a.outside_tolerance).sum(),
                alone: aspects.iter().map(|a| a.alone).sum(),
                aspects,
            }
        })
        .collect();

    let aspects = rules
        .iter()
        .filter_map(|rule| {
            let cells = *cell_counts.get(&rule.id)?;
            let mut absolute = Vec::new();
            let mut outside = 0;
            for ((_, aspect), tally) in &tallies {
                if *aspect == rule.id {
                    absolute.extend(
                        tally
                            .deviations
                            .iter()
                            .map(|d| d.abs() * hundred / rule.scale),
                    );
                    outside += tally.outside;
                }
            }
            Some(AspectAgreement {
                aspect: rule.id,
                cells,
                disagreement_pct: mean(&absolute),
                outside_tolerance: outside,
            })
        })
        .collect();
    Consistency { judges, aspects }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: u32, scale: i64, tolerance: Option<i64>) -> AspectRule {
        AspectRule {
            id: AspectId(id),
            scale: Decimal::from(scale),
            tolerance: tolerance.map(Decimal::from),
            higher_is_generous: true,
        }
    }

    fn cell(aspect: u32, marks: &[(u64, &str)]) -> CellMarks {
        CellMarks {
            aspect: AspectId(aspect),
            marks: marks
                .iter()
                .map(|(j, v)| JudgeMark {
                    judge: JudgeRef(*j),
                    value: v.parse().unwrap(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_worked_example() {
        // Judges 1 and 2 agree; judge 3 is 3 points above on the first entrant, level on the
        // second. Allowed spread 2, scale 10.
        let report = consistency(
            &[rule(1, 10, Some(2))],
            &[
                cell(1, &[(1, "7"), (2, "7"), (3, "10")]),
                cell(1, &[(1, "8"), (2, "8.5"), (3, "8")]),
            ],
        );
        let j3 = report
            .judges
            .iter()
            .find(|j| j.judge == JudgeRef(3))
            .unwrap();
        // Others' medians: 7 and 8.25 → deviations +3 and −0.25 → mean 1.375.
        assert_eq!(j3.aspects[0].mean_deviation, "1.375".parse().unwrap());
        assert_eq!(j3.aspects[0].scatter, "1.625".parse().unwrap());
        assert_eq!(j3.outside_tolerance, 1);
        assert_eq!(j3.alone, 1);
        assert_eq!(j3.mean_deviation_pct, "13.75".parse().unwrap());
        let j1 = report
            .judges
            .iter()
            .find(|j| j.judge == JudgeRef(1))
            .unwrap();
        // Others' medians 8.5 and 8.25 → −1.5 and −0.25.
        assert_eq!(j1.aspects[0].mean_deviation, "-0.875".parse().unwrap());
        assert_eq!(j1.alone, 0);
        assert_eq!(report.aspects[0].cells, 2);
    }

    #[test]
    fn a_deduction_judge_who_takes_off_more_is_harsher() {
        let mut r = rule(1, 10, None);
        r.higher_is_generous = false;
        let report = consistency(&[r], &[cell(1, &[(1, "1"), (2, "1"), (3, "2")])]);
        let j3 = report
            .judges
            .iter()
            .find(|j| j.judge == JudgeRef(3))
            .unwrap();
        assert_eq!(j3.aspects[0].mean_deviation, Decimal::from(-1));
    }

    #[test]
    fn a_lone_mark_leaves_the_cell_out() {
        let report = consistency(&[rule(1, 10, None)], &[cell(1, &[(1, "7")])]);
        assert!(report.judges.is_empty());
        assert!(report.aspects.is_empty());
    }
}
