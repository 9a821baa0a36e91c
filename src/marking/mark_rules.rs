//! The rules a new mark must pass, checked against rows read once per batch.
//!
//! Everything a batch of marks needs — the tablets' sessions, the events and competitions, the
//! aspects, the judges' assignments, the signed-off modules — is read in a handful of set-wise
//! queries before the first mark is checked; the checks themselves then touch no database. (Read
//! one row at a time, a batch from 200 judges cost some 250 queries.) The mark writer keeps
//! these rows from batch to batch while nobody else writes ([`super::remembered`]), so that a
//! batch reads only the rows it is the first to need.

use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::CompetitionId;
use entity::EventId;
use entity::kinds::{CompetitionStatus, JudgeRole};
use entity::{
    AspectId, EntrantId, JudgeId, StoredDecimal, competition, entrant, event, judge,
    judge_assignment, judge_session, module_sign_off, scheme_aspect,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

use super::marks::MarkInput;
use crate::judging::access::may_mark_with;

pub(crate) fn check_op_id(op_id: &str) -> AppResult<()> {
    let ok = (8..=64).contains(&op_id.len())
        && op_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'));
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "op_id",
            "操作编号须为 8–64 位字母、数字或 - _ :",
        ))
    }
}

/// The scoring rule of one stored aspect (its panel size does not matter for checking a mark).
pub fn aspect_rule(a: &scheme_aspect::Model) -> scoring::Aspect {
    scoring::Aspect {
        aggregation: scoring::Aggregation::Mean,
        panel: 1,
        max_spread: None,
        ..a.into()
    }
}

/// The same rule for a single mark outside a batch (a correction).
pub(crate) async fn may_mark(
    db: &impl ConnectionTrait,
    judge: &judge::Model,
    entrant: Option<&entrant::Model>,
) -> AppResult<bool> {
    let assignments = crate::judging::judges::assigned_entrants(db, judge).await?;
    let assigned = entrant.is_some_and(|e| assignments.contains(&e.id));
    Ok(may_mark_with(
        judge,
        entrant,
        !assignments.is_empty(),
        assigned,
    ))
}

/// The modules of an event whose marks are final (signed off by the chief judge).
pub(crate) async fn signed_modules(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<HashSet<i32>> {
    Ok(module_sign_off::Entity::find()
        .filter(module_sign_off::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.module_id)
        .collect())
}

/// The rows a batch of marks is checked against. The mark writer keeps them from batch to
/// batch while nothing else has written to the database (see [`super::remembered`]): each batch
/// then reads only what it has not met before, and most batches read nothing here.
#[derive(Default)]
pub(crate) struct BatchRows {
    /// Sessions, by id, with their judge and when they expire; revoked ones are left out.
    sessions: HashMap<String, (JudgeId, chrono::DateTime<chrono::Utc>)>,
    events: HashMap<EventId, (event::Model, competition::Model)>,
    aspects: HashMap<AspectId, scheme_aspect::Model>,
    entrants: HashMap<EntrantId, entrant::Model>,
    /// Judges with any assignment, and their (judge, entrant) pairs.
    assigned_judges: HashSet<JudgeId>,
    assignments: HashSet<(JudgeId, EntrantId)>,
    /// Signed-off modules, by event.
    signed: HashMap<EventId, HashSet<i32>>,
    /// What has been looked up, found or not.
    asked: Asked,
}

/// The ids a [`BatchRows`] has looked up: one not found stays not found until the rows are
/// forgotten, as nothing has written since.
#[derive(Default)]
struct Asked {
    sessions: HashSet<String>,
    events: HashSet<EventId>,
    aspects: HashSet<AspectId>,
    entrants: HashSet<EntrantId>,
    judges: HashSet<JudgeId>,
}

/// The ids of `wanted` not yet in `asked`, sorted and once each; they are marked asked.
fn unasked<T: Ord + Clone + std::hash::Hash>(
    asked: &mut HashSet<T>,
    wanted: impl Iterator<Item = T>,
) -> Vec<T> {
    let mut ids: Vec<T> = wanted.filter(|id| !asked.contains(id)).collect();
    ids.sort_unstable();
    ids.dedup();
    asked.extend(ids.iter().cloned());
    ids
}

impl BatchRows {
    /// The audit chain of an event's marks (see [`super::audit_chain::chain_for`]).
    pub(crate) fn chain(&self, event_id: EventId) -> i32 {
        self.events
            .get(&event_id)
            .map_or(super::audit_chain::RECORD, |(_, comp)| {
                super::audit_chain::chain_for(comp)
            })
    }

    /// Reads the rows of `batch` these rows do not hold yet, in a handful of set-wise queries
    /// (none for what was looked up before).
    pub(crate) async fn read_missing(
        &mut self,
        db: &impl ConnectionTrait,
        batch: &[(judge::Model, MarkInput)],
    ) -> AppResult<()> {
        let session_ids = unasked(
            &mut self.asked.sessions,
            batch.iter().filter_map(|(_, i)| i.session.clone()),
        );
        if !session_ids.is_empty() {
            for s in judge_session::Entity::find()
                .filter(judge_session::Column::Id.is_in(session_ids))
                .all(db)
                .await?
            {
                if s.revoked_at.is_none() {
                    self.sessions.insert(s.id, (s.judge_id, s.expires_at));
                }
            }
        }
        let event_ids = unasked(
            &mut self.asked.events,
            batch.iter().map(|(j, _)| j.event_id),
        );
        if !event_ids.is_empty() {
            let events: Vec<event::Model> = event::Entity::find()
                .filter(event::Column::Id.is_in(event_ids.clone()))
                .all(db)
                .await?;
            let mut competition_ids: Vec<CompetitionId> =
                events.iter().map(|e| e.competition_id).collect();
            competition_ids.sort_unstable();
            competition_ids.dedup();
            let competitions: HashMap<CompetitionId, competition::Model> =
                competition::Entity::find()
                    .filter(competition::Column::Id.is_in(competition_ids))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|c| (c.id, c))
                    .collect();
            for e in events {
                if let Some(c) = competitions.get(&e.competition_id) {
                    self.events.insert(e.id, (e, c.clone()));
                }
            }
            for s in module_sign_off::Entity::find()
                .filter(module_sign_off::Column::EventId.is_in(event_ids))
                .all(db)
                .await?
            {
                self.signed
                    .entry(s.event_id)
                    .or_default()
                    .insert(s.module_id);
            }
        }
        let aspect_ids = unasked(
            &mut self.asked.aspects,
            batch.iter().map(|(_, i)| i.aspect_id),
        );
        if !aspect_ids.is_empty() {
            for a in scheme_aspect::Entity::find()
                .filter(scheme_aspect::Column::Id.is_in(aspect_ids))
                .all(db)
                .await?
            {
                self.aspects.insert(a.id, a);
            }
        }
        let entrant_ids = unasked(
            &mut self.asked.entrants,
            batch.iter().map(|(_, i)| i.entrant_id),
        );
        if !entrant_ids.is_empty() {
            for e in entrant::Entity::find()
                .filter(entrant::Column::Id.is_in(entrant_ids))
                .all(db)
                .await?
            {
                self.entrants.insert(e.id, e);
            }
        }
        let judge_ids = unasked(&mut self.asked.judges, batch.iter().map(|(j, _)| j.id));
        if !judge_ids.is_empty() {
            for a in judge_assignment::Entity::find()
                .filter(judge_assignment::Column::JudgeId.is_in(judge_ids))
                .all(db)
                .await?
            {
                self.assigned_judges.insert(a.judge_id);
                self.assignments.insert((a.judge_id, a.entrant_id));
            }
        }
        Ok(())
    }

    /// Whether the mark came from a tablet whose session has ended (a stolen tablet). Marks
    /// recorded without a session (the server's own callers) pass.
    pub(crate) fn session_ended(&self, judge: &judge::Model, input: &MarkInput) -> bool {
        let at = now();
        input.session.as_ref().is_some_and(|s| {
            !self
                .sessions
                .get(s)
                .is_some_and(|(owner, expires)| *owner == judge.id && *expires > at)
        })
    }

    /// Every rule a new mark must pass; returns its event and stored value.
    pub(crate) fn check(
        &self,
        judge: &judge::Model,
        input: &MarkInput,
    ) -> AppResult<(EventId, StoredDecimal)> {
        check_op_id(&input.op_id)?;
        if judge.role != JudgeRole::Judge {
            return Err(AppError::invalid(
                "judge",
                "裁判长不直接评分，请使用更正功能",
            ));
        }
        let (ev, comp) = self.events.get(&judge.event_id).ok_or(AppError::NotFound)?;
        if !matches!(
            comp.status,
            CompetitionStatus::Running | CompetitionStatus::Marking
        ) {
            return Err(AppError::invalid("event", "当前不在评分时段内"));
        }
        if ev.marks_locked_at.is_some() {
            return Err(AppError::invalid(
                "event",
                "本项目评分已锁定，修改须经裁判长批准",
            ));
        }
        let aspect = self
            .aspects
            .get(&input.aspect_id)
            .filter(|a| a.event_id == ev.id)
            .ok_or_else(|| AppError::invalid("aspect_id", "该评分项不在本项目的评分方案中"))?;
        if aspect.panel != judge.panel {
            return Err(AppError::invalid("aspect_id", "该评分项不属于您的裁判组"));
        }
        if self
            .signed
            .get(&ev.id)
            .is_some_and(|s| s.contains(&aspect.module_id))
        {
            return Err(AppError::invalid(
                "aspect_id",
                "该模块已由裁判长签字确认，修改须提交更正并说明理由",
            ));
        }
        let may = may_mark_with(
            judge,
            self.entrants.get(&input.entrant_id),
            self.assigned_judges.contains(&judge.id),
            self.assignments.contains(&(judge.id, input.entrant_id)),
        );
        if !may {
            return Err(AppError::invalid(
                "entrant_id",
                "该选手不在您的评分名单中（回避或未分配）",
            ));
        }
        scoring::check_mark(&aspect_rule(aspect), input.value)
            .map_err(|e| AppError::invalid("value", e.to_string()))?;
        let value = StoredDecimal::try_from(input.value)
            .map_err(|e| AppError::invalid("value", e.to_string()))?;
        Ok((ev.id, value))
    }
}
