//! Figures for the scoring engine: full standings for 10,000 entrants × 50 aspects × 5 judges,
//! and the recomputation after one new mark in a 500-entrant event.
//!
//! `cargo bench -p scoring --bench standings`

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use scoring::*;
use std::hint::black_box;

fn scheme(aspects: u32, panel: u8) -> Scheme {
    let per_module = 10;
    let modules = (0..aspects / per_module)
        .map(|m| Module {
            code: format!("M{m}"),
            name: format!("模块{m}"),
            aspects: (0..per_module)
                .map(|a| {
                    let id = m * per_module + a;
                    Aspect {
                        id: AspectId(id),
                        code: format!("A{id}"),
                        name: format!("评分项{id}"),
                        kind: if id % 2 == 0 {
                            AspectKind::Measurement {
                                step: Decimal::new(5, 1),
                            }
                        } else {
                            AspectKind::Scale
                        },
                        max: Decimal::from(2),
                        aggregation: Aggregation::TrimmedMean { drop: 1 },
                        panel,
                        max_spread: None,
                    }
                })
                .collect(),
        })
        .collect();
    Scheme {
        components: vec![Component {
            code: "practical".into(),
            name: "实操".into(),
            kind: ComponentKind::Practical,
            total: Decimal::from(2 * aspects),
            weight: Decimal::ONE_HUNDRED,
            pass_mark: None,
            modules,
        }],
        aspect_rounding: Rounding::MARKS,
        total_rounding: Rounding::MARKS,
        short_panel: ShortPanel::KeepTrim,
    }
}

/// Deterministic pseudo-marks (no randomness crate: a small LCG).
fn sheets(scheme: &Scheme, entrants: u64, panel: u8) -> Vec<EntrantSheet> {
    let mut seed = 0x2026_u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    (0..entrants)
        .map(|e| EntrantSheet {
            entrant: EntrantRef(e),
            participation: Participation::Competing,
            time_secs: Some(3000 + (next() % 600) as u32),
            penalties: Vec::new(),
            aspects: scheme
                .aspects()
                .map(|a| AspectMarks {
                    expected: panel,
                    spread_accepted: false,
                    marks: (0..panel)
                        .map(|j| JudgeMark {
                            judge: JudgeRef(u64::from(j)),
                            value: match a.kind {
                                AspectKind::Scale => Decimal::from(next() % 4),
                                _ => Decimal::new((next() % 5) as i64 * 5, 1),
                            },
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let big = scheme(50, 5);
    let big_sheets = sheets(&big, 10_000, 5);
    let mut group = c.benchmark_group("standings");
    group.sample_size(10);
    group.bench_function("full 10000 entrants x 50 aspects x 5 judges", |b| {
        // Cloning the input is set-up, not timed.
        b.iter_batched(
            || (big.clone(), big_sheets.clone()),
            |(scheme, sheets)| {
                let event = Standings::new(scheme, RankingRules::default(), sheets).unwrap();
                let standings = event.standings();
                // Returned, so that freeing them is not timed.
                black_box((event, standings))
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();

    let small = scheme(50, 5);
    let mut event = Standings::new(
        small.clone(),
        RankingRules::default(),
        sheets(&small, 500, 5),
    )
    .unwrap();
    let mut i = 0_u64;
    c.bench_function("one new mark in a 500-entrant event, then standings", |b| {
        b.iter(|| {
            i += 1;
            let value = Decimal::from(i % 4);
            event
                .record_mark(EntrantRef(i % 500), AspectId(1), JudgeRef(2), value)
                .unwrap();
            black_box(event.standings())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
