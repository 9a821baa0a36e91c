//! Believable marks, for the demo's running event and for rehearsals: each entrant has a steady
//! level of skill, so a panel's marks for one entrant agree within a step (no spread flags)
//! and the board spreads out as a real one does.

use entity::kinds::AspectKind;
use entity::{EntrantId, JudgeId, scheme_aspect};
use rust_decimal::Decimal;

/// The mark `judge` gives `entrant` on `aspect`: valid for the aspect (range and step).
pub fn believable(aspect: &scheme_aspect::Model, entrant: EntrantId, judge: JudgeId) -> Decimal {
    // The entrant's level, 60.0–97.5 % of the maximum, the same for every aspect and judge.
    let level = 600 + (entrant.0.unsigned_abs() as u64 * 2_654_435_761 % 376);
    let max = aspect.max_mark.to_decimal();
    let step = aspect
        .step
        .map(|s| s.to_decimal())
        .filter(|s| *s > Decimal::ZERO)
        .unwrap_or(Decimal::ONE);
    let on_step = |v: Decimal| ((v / step).floor() * step).clamp(Decimal::ZERO, max);
    // One judge reads a step higher, one a step lower, one as it is.
    let jitter = Decimal::from(judge.0.rem_euclid(3) - 1) * step;
    match aspect.kind {
        AspectKind::Measurement | AspectKind::Direct => {
            on_step(max * Decimal::from(level) / Decimal::ONE_THOUSAND + jitter)
        }
        // Points off: the weaker the entrant, the more.
        AspectKind::Deduction => on_step(max * Decimal::from(1000 - level) / Decimal::from(2000)),
        AspectKind::Scale => Decimal::from(match level {
            0..=699 => 1,
            700..=879 => 2,
            _ => 3,
        }),
        AspectKind::PassFail => Decimal::from(u8::from(level >= 640)),
    }
}
