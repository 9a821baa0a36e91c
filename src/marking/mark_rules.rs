//! The rules a new mark must pass, checked against rows read once per batch.
//!
//! Everything a batch of marks needs — the tablets' sessions, the events and competitions, the
//! aspects, the judges' assignments, the signed-off modules — is read in a handful of set-wise
//! queries before the first mark is checked; the checks themselves then touch no database. (Read
//! one row at a time, a batch from 200 judges cost some 250 queries.)

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

/// The rows a batch of marks is checked against.
pub(crate) struct BatchRows {
    /// Sessions still live, by id, with their judge.
    sessions: HashMap<String, JudgeId>,
    events: HashMap<EventId, (event::Model, competition::Model)>,
    aspects: HashMap<AspectId, scheme_aspect::Model>,
    entrants: HashMap<EntrantId, entrant::Model>,
    /// Judges with any assignment, and their (judge, entrant) pairs.
    assigned_judges: HashSet<JudgeId>,
    assignments: HashSet<(JudgeId, EntrantId)>,
    /// Signed-off modules, by event.
    signed: HashMap<EventId, HashSet<i32>>,
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

    pub(crate) async fn load(
        db: &impl ConnectionTrait,
        batch: &[(judge::Model, MarkInput)],
    ) -> AppResult<Self> {
        fn distinct<T: Ord>(ids: Vec<T>) -> Vec<T> {
            let mut ids = ids;
            ids.sort_unstable();
            ids.dedup();
            ids
        }
        let session_ids: Vec<String> = {
            let mut s: Vec<String> = batch
                .iter()
                .filter_map(|(_, i)| i.session.clone())
                .collect();
            s.sort_unstable();
            s.dedup();
            s
        };
        let at = now();
        let sessions = if session_ids.is_empty() {
            HashMap::new()
        } else {
            judge_session::Entity::find()
                .filter(judge_session::Column::Id.is_in(session_ids))
                .all(db)
                .await?
                .into_iter()
                .filter(|s| s.revoked_at.is_none() && s.expires_at > at)
                .map(|s| (s.id, s.judge_id))
                .collect()
        };
        let event_ids = distinct(batch.iter().map(|(j, _)| j.event_id).collect());
        let events: Vec<event::Model> = event::Entity::find()
            .filter(event::Column::Id.is_in(event_ids.clone()))
            .all(db)
            .await?;
        let competitions: HashMap<CompetitionId, competition::Model> = competition::Entity::find()
            .filter(
                competition::Column::Id
                    .is_in(distinct(events.iter().map(|e| e.competition_id).collect())),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let events = events
            .into_iter()
            .filter_map(|e| {
                Some((
                    e.id,
                    (e.clone(), competitions.get(&e.competition_id)?.clone()),
                ))
            })
            .collect();
        let aspects = scheme_aspect::Entity::find()
            .filter(
                scheme_aspect::Column::Id
                    .is_in(distinct(batch.iter().map(|(_, i)| i.aspect_id).collect())),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let entrants = entrant::Entity::find()
            .filter(
                entrant::Column::Id
                    .is_in(distinct(batch.iter().map(|(_, i)| i.entrant_id).collect())),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let mut assigned_judges = HashSet::new();
        let mut assignments = HashSet::new();
        for a in judge_assignment::Entity::find()
            .filter(
                judge_assignment::Column::JudgeId
                    .is_in(distinct(batch.iter().map(|(j, _)| j.id).collect())),
            )
            .all(db)
            .await?
        {
            assigned_judges.insert(a.judge_id);
            assignments.insert((a.judge_id, a.entrant_id));
        }
        let mut signed: HashMap<EventId, HashSet<i32>> = HashMap::new();
        for s in module_sign_off::Entity::find()
            .filter(module_sign_off::Column::EventId.is_in(event_ids))
            .all(db)
            .await?
        {
            signed.entry(s.event_id).or_default().insert(s.module_id);
        }
        Ok(BatchRows {
            sessions,
            events,
            aspects,
            entrants,
            assigned_judges,
            assignments,
            signed,
        })
    }

    /// Whether the mark came from a tablet whose session has ended (a stolen tablet). Marks
    /// recorded without a session (the server's own callers) pass.
    pub(crate) fn session_ended(&self, judge: &judge::Model, input: &MarkInput) -> bool {
        input
            .session
            .as_ref()
            .is_some_and(|s| self.sessions.get(s) != Some(&judge.id))
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
