//! Figure for the judge-consistency reading: 100 entrants × 30 aspects × 7 judges (goal
//! < 50 ms), marks spread as a real panel gives them (most near the middle, a generous judge,
//! a harsh one, now and then a mark far off).
//!
//! `cargo bench -p scoring --bench consistency`

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use scoring::consistency::{AspectRule, CellMarks, consistency};
use scoring::{AspectId, JudgeMark, JudgeRef};
use std::hint::black_box;

fn input() -> (Vec<AspectRule>, Vec<CellMarks>) {
    let rules: Vec<AspectRule> = (0..30)
        .map(|id| AspectRule {
            id: AspectId(id),
            scale: Decimal::from(10),
            tolerance: Some(Decimal::TWO),
            higher_is_generous: id % 5 != 0,
        })
        .collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut cells = Vec::new();
    for _entrant in 0..100 {
        for rule in &rules {
            let base = 10 + (next() % 7) as i64; // 5.0–8.0 in halves
            let marks = (0..7u64)
                .map(|judge| {
                    let lean = match judge {
                        2 => 2,
                        5 => -2,
                        _ => 0,
                    };
                    let noise = (next() % 3) as i64 - 1;
                    let far = if next() % 50 == 0 { 6 } else { 0 };
                    let halves = (base + lean + noise + far).clamp(0, 20);
                    JudgeMark {
                        judge: JudgeRef(judge),
                        value: Decimal::new(halves * 5, 1),
                    }
                })
                .collect();
            cells.push(CellMarks {
                aspect: rule.id,
                marks,
            });
        }
    }
    (rules, cells)
}

fn bench(c: &mut Criterion) {
    let (rules, cells) = input();
    c.bench_function("consistency 100 entrants x 30 aspects x 7 judges", |b| {
        b.iter(|| consistency(black_box(&rules), black_box(&cells)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
