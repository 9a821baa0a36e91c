//! What a judge's tablet shows: the judge's entrants (by blind code), the aspects of the judge's
//! panel and whether each is final, and the judge's own marks from the [`super::ledger`].

use super::corrections::corrections_of;
use super::ledger::{self, LedgerMark, Selection};
use crate::error::{AppError, AppResult};
use entity::{MarkKey, entrant, event, judge, mark_correction, person, scheme_aspect};
use sea_orm::{ConnectionTrait, EntityTrait};

pub struct JudgeView {
    pub event: event::Model,
    pub judge_name: String,
    /// The entrants the judge marks, by station and entry number.
    pub entrants: Vec<entrant::Model>,
    /// The aspects of the judge's panel in scheme order, each with whether its module is signed
    /// off (a change is then a correction).
    pub aspects: Vec<(scheme_aspect::Model, bool)>,
    /// The judge's marks changed after `since` (all without it), oldest change first.
    pub marks: Vec<(MarkKey, LedgerMark)>,
    /// The judge's latest change; 0 before any.
    pub seq: i32,
    pub corrections: Vec<mark_correction::Model>,
}

/// The tablet's view for `judge`, with only the marks changed after `since` when given.
pub async fn judge_view(
    db: &impl ConnectionTrait,
    judge: &judge::Model,
    since: Option<i32>,
) -> AppResult<JudgeView> {
    let ev = event::Entity::find_by_id(judge.event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let judge_name = person::Entity::find_by_id(judge.person_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let ledger = ledger::load(db, &ev, Selection::of_judge(judge.id)).await?;
    let mut aspects: Vec<(scheme_aspect::Model, bool)> = ledger
        .aspects
        .values()
        .map(|a| (a.clone(), ledger.is_signed(a.module_id)))
        .collect();
    aspects.sort_by_key(|(a, _)| (a.module_id, a.position));
    let mut marks: Vec<(MarkKey, LedgerMark)> = ledger
        .marks
        .iter()
        .filter(|(_, m)| since.is_none_or(|last| m.seq > last))
        .map(|(k, m)| (*k, *m))
        .collect();
    marks.sort_by_key(|(_, m)| m.seq);
    Ok(JudgeView {
        judge_name,
        entrants: ledger.entrants.clone(),
        aspects,
        marks,
        seq: ledger.seq,
        corrections: corrections_of(db, judge.id).await?,
        event: ledger.event,
    })
}
