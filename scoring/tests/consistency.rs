//! Property tests of the judge-consistency reading: a judge who adds a constant to what the
//! others give shows exactly that deviation; moving every mark by one amount, or listing a
//! cell's marks in another order, changes nothing.

use proptest::prelude::*;
use rust_decimal::Decimal;
use scoring::consistency::{AspectRule, CellMarks, consistency};
use scoring::{AspectId, JudgeMark, JudgeRef};

fn half(n: i64) -> Decimal {
    Decimal::new(n * 5, 1)
}

fn rules(aspects: u32) -> Vec<AspectRule> {
    (1..=aspects)
        .map(|id| AspectRule {
            id: AspectId(id),
            scale: Decimal::from(10),
            tolerance: Some(Decimal::TWO),
            higher_is_generous: true,
        })
        .collect()
}

/// Cells of `aspects` aspects: each a list of the other judges' marks (0–10 in halves).
fn others() -> impl Strategy<Value = Vec<(u32, Vec<i64>)>> {
    (1u32..4).prop_flat_map(|aspects| {
        prop::collection::vec((1..=aspects, prop::collection::vec(0i64..=20, 2..7)), 1..25)
    })
}

fn median(mut v: Vec<Decimal>) -> Decimal {
    v.sort();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / Decimal::TWO
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_judge_who_adds_a_constant_shows_exactly_that_deviation(
        cells in others(),
        shift in -8i64..=8,
    ) {
        let c = half(shift);
        let judge = JudgeRef(99);
        let input: Vec<CellMarks> = cells
            .iter()
            .map(|(aspect, marks)| {
                let values: Vec<Decimal> = marks.iter().map(|m| half(*m)).collect();
                let mut all: Vec<JudgeMark> = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| JudgeMark { judge: JudgeRef(i as u64 + 1), value: *v })
                    .collect();
                all.push(JudgeMark { judge, value: median(values) + c });
                CellMarks { aspect: AspectId(*aspect), marks: all }
            })
            .collect();
        let report = consistency(&rules(3), &input);
        let j = report.judges.iter().find(|j| j.judge == judge).unwrap();
        for a in &j.aspects {
            prop_assert_eq!(a.mean_deviation, c);
            prop_assert_eq!(a.scatter, Decimal::ZERO);
            prop_assert_eq!(a.outside_tolerance, if c.abs() > Decimal::TWO { a.marks } else { 0 });
        }
        prop_assert_eq!(j.mean_deviation_pct, c * Decimal::TEN);
        prop_assert_eq!(j.marks as usize, input.len());
    }

    #[test]
    fn moving_every_mark_alike_or_reordering_a_cell_changes_nothing(
        cells in others(),
        shift in -4i64..=4,
    ) {
        let build = |offset: Decimal, reverse: bool| -> Vec<CellMarks> {
            cells
                .iter()
                .map(|(aspect, marks)| {
                    let mut all: Vec<JudgeMark> = marks
                        .iter()
                        .enumerate()
                        .map(|(i, m)| JudgeMark { judge: JudgeRef(i as u64 + 1), value: half(*m) + offset })
                        .collect();
                    if reverse {
                        all.reverse();
                    }
                    CellMarks { aspect: AspectId(*aspect), marks: all }
                })
                .collect()
        };
        let base = consistency(&rules(3), &build(Decimal::ZERO, false));
        prop_assert_eq!(&base, &consistency(&rules(3), &build(half(shift), false)));
        prop_assert_eq!(&base, &consistency(&rules(3), &build(Decimal::ZERO, true)));
    }
}
