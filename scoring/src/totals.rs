//! One entrant's marks become module totals, component scores and a weighted total.
//!
//! Worked example (theory/practical 30/70, pass mark 60 in each): theory 82, practical 90.5 →
//! 82 × 30% + 90.5 × 70% = 24.6 + 63.35 = 87.95. With theory 55 the total is still computed,
//! but the entrant fails the theory pass mark and can win no award.

use crate::aggregate::{AspectMarks, AspectResult, aggregate_prepared};
use crate::mark::Prepared;
use crate::scheme::Scheme;
use rust_decimal::Decimal;

/// The caller's id of an entrant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntrantRef(pub u64);

/// Whether the entrant is still in the contest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Participation {
    Competing,
    /// 退赛: did not take part; not counted among actual entrants.
    Withdrawn,
    /// 取消资格: took part, then disqualified; counted among actual entrants, never ranked.
    Disqualified,
}

/// Points taken off a component as a whole (e.g. a safety breach), with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Penalty {
    /// Index of the component in the scheme.
    pub component: usize,
    pub points: Decimal,
    pub reason: String,
}

/// Everything the engine needs about one entrant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntrantSheet {
    pub entrant: EntrantRef,
    pub participation: Participation,
    /// Completion time in seconds, for the tie-break "shorter time first".
    pub time_secs: Option<u32>,
    /// One entry per aspect, in the order of [`Scheme::aspects`].
    pub aspects: Vec<AspectMarks>,
    pub penalties: Vec<Penalty>,
}

/// A module's result; the module is the one at the same position in the scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleResult {
    /// Sum of the counted aspect marks.
    pub total: Decimal,
    pub complete: bool,
}

/// A component's result; the component is the one at the same position in the scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentResult {
    /// Sum of module totals.
    pub raw: Decimal,
    pub penalty: Decimal,
    /// `raw − penalty`, never below zero; out of the component's total.
    pub score: Decimal,
    /// `score ÷ total × weight`: this component's share of the final total (unrounded).
    pub weighted: Decimal,
    /// `None` when the component has no pass mark.
    pub passed: Option<bool>,
    pub complete: bool,
    pub modules: Vec<ModuleResult>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntrantResult {
    pub entrant: EntrantRef,
    pub participation: Participation,
    pub time_secs: Option<u32>,
    pub aspects: Vec<AspectResult>,
    pub components: Vec<ComponentResult>,
    /// The weighted total, rounded by the scheme; partial while incomplete.
    pub total: Decimal,
    /// Every aspect counts.
    pub complete: bool,
    /// Every component with a pass mark is passed.
    pub passed: bool,
}

impl EntrantResult {
    /// Complete, competing and past every pass mark: may be ranked for awards.
    pub fn eligible(&self) -> bool {
        self.complete && self.passed && self.participation == Participation::Competing
    }
}

/// Scores one entrant from scratch.
pub fn score_entrant(scheme: &Scheme, sheet: &EntrantSheet) -> EntrantResult {
    score_entrant_prepared(scheme, &prepare(scheme), sheet)
}

/// Each aspect's limits in scheme order, worked out once for many entrants.
pub(crate) fn prepare(scheme: &Scheme) -> Vec<Prepared> {
    scheme.aspects().map(Prepared::of).collect()
}

pub(crate) fn score_entrant_prepared(
    scheme: &Scheme,
    prepared: &[Prepared],
    sheet: &EntrantSheet,
) -> EntrantResult {
    let empty = AspectMarks::default();
    let aspects: Vec<AspectResult> = scheme
        .aspects()
        .zip(prepared)
        .enumerate()
        .map(|(i, (aspect, p))| {
            aggregate_prepared(
                aspect,
                p,
                sheet.aspects.get(i).unwrap_or(&empty),
                scheme.short_panel,
                scheme.aspect_rounding,
            )
        })
        .collect();
    total_entrant(scheme, sheet, aspects)
}

/// Adds up aspect results already computed (the cheap half of a recomputation).
pub fn total_entrant(
    scheme: &Scheme,
    sheet: &EntrantSheet,
    aspects: Vec<AspectResult>,
) -> EntrantResult {
    let mut next = aspects.iter();
    let mut components = Vec::with_capacity(scheme.components.len());
    for (ci, component) in scheme.components.iter().enumerate() {
        let mut modules = Vec::with_capacity(component.modules.len());
        for module in &component.modules {
            let mut total = Decimal::ZERO;
            let mut complete = true;
            for _ in &module.aspects {
                match next.next().and_then(|a| a.mark) {
                    Some(mark) => total += mark,
                    None => complete = false,
                }
            }
            modules.push(ModuleResult { total, complete });
        }
        let raw: Decimal = modules.iter().map(|m| m.total).sum();
        let penalty: Decimal = sheet
            .penalties
            .iter()
            .filter(|p| p.component == ci)
            .map(|p| p.points)
            .sum();
        let score = (raw - penalty).max(Decimal::ZERO);
        let weighted = if component.total.is_zero() {
            Decimal::ZERO
        } else {
            score * component.weight / component.total
        };
        let complete = modules.iter().all(|m| m.complete);
        components.push(ComponentResult {
            raw,
            penalty,
            score,
            weighted,
            passed: component.pass_mark.map(|p| score >= p),
            complete,
            modules,
        });
    }
    let total = scheme
        .total_rounding
        .round(components.iter().map(|c| c.weighted).sum());
    EntrantResult {
        entrant: sheet.entrant,
        participation: sheet.participation,
        time_secs: sheet.time_secs,
        complete: components.iter().all(|c| c.complete),
        passed: components.iter().all(|c| c.passed != Some(false)),
        aspects,
        components,
        total,
    }
}
