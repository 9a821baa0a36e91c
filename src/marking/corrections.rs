//! Corrections (更正): changing a mark that is already final — the event is locked, or the
//! mark's module is signed off. The judge asks from the tablet with a reason; nothing changes
//! until the chief judge approves. An approved correction is applied like any change of a mark
//! (the `mark` row, a chained audit entry) and the entry names the chief judge as the one who
//! made it and carries the reason, so the trail and the progress matrix show it as a correction.

use super::access::can_review;
use super::audit_chain::{self, Fields};
use super::mark_rules::{aspect_rule, check_op_id, may_mark, signed_modules};
use super::marks::{begin_chained, replace_mark};
use crate::error::{AppError, AppResult};
use crate::live::BoardChanged;
use crate::time::now;
use entity::EventId;
use entity::kinds::{CorrectionStatus, JudgeRole};
use entity::{
    AspectId, EntrantId, JudgeId, StoredDecimal, event, judge, mark, mark_audit, mark_correction,
    scheme_aspect,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

#[derive(Clone, Debug)]
pub struct CorrectionInput {
    pub op_id: String,
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    pub value: Decimal,
    pub reason: String,
    pub device: Option<String>,
}

/// Asks for a correction. Asking again with the same `op_id` returns the same request.
pub async fn request_correction(
    db: &impl ConnectionTrait,
    judge: &judge::Model,
    input: CorrectionInput,
) -> AppResult<mark_correction::Model> {
    check_op_id(&input.op_id)?;
    if let Some(earlier) = mark_correction::Entity::find()
        .filter(mark_correction::Column::OpId.eq(&input.op_id))
        .one(db)
        .await?
    {
        // The op_id names one correction forever: a resend gets the same request back; the
        // same op_id with another value is refused, never a silent answer with the old one.
        let same = earlier.judge_id == judge.id
            && earlier.entrant_id == input.entrant_id
            && earlier.aspect_id == input.aspect_id;
        let asked = earlier.new_value.to_decimal();
        return if !same {
            Err(AppError::conflict("op_id", "该操作编号已用于另一条评分"))
        } else if asked != input.value {
            Err(AppError::conflict(
                "op_id",
                format!(
                    "该操作编号已用于更正为 {} 的申请，不能改为 {}；请重新提交更正",
                    asked.normalize(),
                    input.value.normalize()
                ),
            ))
        } else {
            Ok(earlier)
        };
    }
    if mark_audit::Entity::find()
        .filter(mark_audit::Column::OpId.eq(&input.op_id))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::conflict("op_id", "该操作编号已用于另一条评分"));
    }
    if judge.role != JudgeRole::Judge {
        return Err(AppError::invalid(
            "judge",
            "裁判长不直接评分，请批准裁判提交的更正",
        ));
    }
    let reason = input.reason.trim();
    let length = reason.chars().count();
    if !(2..=200).contains(&length) {
        return Err(AppError::invalid("reason", "更正须写明理由（2–200 字）"));
    }
    let ev = event::Entity::find_by_id(judge.event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::competitions::status::refuse_if_final(db, ev.competition_id, "更正分数").await?;
    let aspect = scheme_aspect::Entity::find_by_id(input.aspect_id)
        .one(db)
        .await?
        .filter(|a| a.event_id == ev.id)
        .ok_or_else(|| AppError::invalid("aspect_id", "该评分项不在本项目的评分方案中"))?;
    if aspect.panel != judge.panel {
        return Err(AppError::invalid("aspect_id", "该评分项不属于您的裁判组"));
    }
    let is_final = ev.marks_locked_at.is_some()
        || signed_modules(db, ev.id).await?.contains(&aspect.module_id);
    if !is_final {
        return Err(AppError::invalid(
            "aspect_id",
            "该分数尚未锁定或签字确认，直接修改即可",
        ));
    }
    let entrant = entity::entrant::Entity::find_by_id(input.entrant_id)
        .one(db)
        .await?;
    if !may_mark(db, judge, entrant.as_ref()).await? {
        return Err(AppError::invalid(
            "entrant_id",
            "该选手不在您的评分名单中（回避或未分配）",
        ));
    }
    scoring::check_mark(&aspect_rule(&aspect), input.value)
        .map_err(|e| AppError::invalid("value", e.to_string()))?;
    let value = StoredDecimal::try_from(input.value)
        .map_err(|e| AppError::invalid("value", e.to_string()))?;
    let current = current_mark(db, input.entrant_id, input.aspect_id, judge.id).await?;
    if current.as_ref().is_some_and(|m| m.value == value) {
        return Err(AppError::invalid("value", "与现有分数相同，无需更正"));
    }
    let open = mark_correction::Entity::find()
        .filter(mark_correction::Column::EntrantId.eq(input.entrant_id))
        .filter(mark_correction::Column::AspectId.eq(input.aspect_id))
        .filter(mark_correction::Column::JudgeId.eq(judge.id))
        .filter(mark_correction::Column::Status.eq(CorrectionStatus::Pending))
        .one(db)
        .await?;
    if open.is_some() {
        return Err(AppError::conflict(
            "aspect_id",
            "该分数已有一条更正在等待裁判长批准",
        ));
    }
    Ok(mark_correction::ActiveModel {
        event_id: Set(ev.id),
        entrant_id: Set(input.entrant_id),
        aspect_id: Set(input.aspect_id),
        judge_id: Set(judge.id),
        op_id: Set(input.op_id),
        old_value: Set(current.map(|m| m.value)),
        new_value: Set(value),
        reason: Set(reason.to_owned()),
        device: Set(input.device),
        requested_at: Set(now()),
        status: Set(CorrectionStatus::Pending),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

async fn current_mark(
    db: &impl ConnectionTrait,
    entrant_id: EntrantId,
    aspect_id: AspectId,
    judge_id: JudgeId,
) -> AppResult<Option<mark::Model>> {
    Ok(mark::Entity::find()
        .filter(mark::Column::EntrantId.eq(entrant_id))
        .filter(mark::Column::AspectId.eq(aspect_id))
        .filter(mark::Column::JudgeId.eq(judge_id))
        .one(db)
        .await?)
}

/// The chief judge approves (and so applies) or rejects a pending correction.
pub async fn decide_correction<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    chief: &judge::Model,
    correction_id: i32,
    approve: bool,
    note: Option<String>,
) -> AppResult<(mark_correction::Model, Option<BoardChanged>)> {
    if !can_review(chief) {
        return Err(AppError::Forbidden);
    }
    let note = note
        .map(|n| n.trim().chars().take(200).collect::<String>())
        .filter(|n| !n.is_empty());
    if !approve && note.is_none() {
        return Err(AppError::invalid("note", "驳回更正须写明理由"));
    }
    let (_chain, txn) = begin_chained(db).await?;
    let found = mark_correction::Entity::find_by_id(correction_id)
        .one(&txn)
        .await?
        .filter(|c| c.event_id == chief.event_id)
        .ok_or(AppError::NotFound)?;
    if found.status != CorrectionStatus::Pending {
        return Err(AppError::conflict("correction", "该更正已处理过"));
    }
    if let Some(ev) = event::Entity::find_by_id(found.event_id).one(&txn).await? {
        crate::competitions::status::refuse_if_final(&txn, ev.competition_id, "更正分数").await?;
    }
    let at = audit_chain::stored_time(now());
    let mut decided = found.clone().into_active_model();
    decided.status = Set(if approve {
        CorrectionStatus::Approved
    } else {
        CorrectionStatus::Rejected
    });
    decided.decided_by = Set(Some(chief.id));
    decided.decided_at = Set(Some(at));
    decided.decision_note = Set(note);
    let mut seq = None;
    if approve {
        let entry = apply(
            &txn,
            Applied {
                key: entity::MarkKey {
                    entrant: found.entrant_id,
                    aspect: found.aspect_id,
                    judge: found.judge_id,
                },
                event_id: found.event_id,
                value: found.new_value,
                actor: format!("chief:{}", chief.id),
                device: found.device.clone(),
                reason: format!("更正（裁判长批准）：{}", found.reason),
                op_id: found.op_id.clone(),
                at,
            },
        )
        .await?;
        decided.audit_id = Set(Some(entry.id));
        seq = Some(entry.id);
    }
    let decided = decided.update(&txn).await?;
    txn.commit().await?;
    Ok((decided, seq.map(|_| BoardChanged::of(found.event_id))))
}

/// A change of a final mark, as it is applied: the `mark` row replaced and a chained audit
/// entry that names who made it and why.
pub(crate) struct Applied {
    pub key: entity::MarkKey,
    pub event_id: EventId,
    pub value: StoredDecimal,
    /// `chief:7` for an approved correction, `arbitration:3` for an upheld case.
    pub actor: String,
    pub device: Option<String>,
    pub reason: String,
    pub op_id: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Applies a correction inside the caller's chained transaction (see
/// [`super::marks::begin_chained`]): the chief judge's approval and the arbitration group's
/// upheld case both come here, so both leave the same trail.
pub(crate) async fn apply(txn: &impl ConnectionTrait, c: Applied) -> AppResult<mark_audit::Model> {
    let current = current_mark(txn, c.key.entrant, c.key.aspect, c.key.judge).await?;
    mark::Entity::insert(mark::ActiveModel {
        event_id: Set(c.event_id),
        entrant_id: Set(c.key.entrant),
        aspect_id: Set(c.key.aspect),
        judge_id: Set(c.key.judge),
        value: Set(c.value),
        op_id: Set(c.op_id.clone()),
        created_at: Set(c.at),
        updated_at: Set(c.at),
        ..Default::default()
    })
    .on_conflict(replace_mark())
    .exec_without_returning(txn)
    .await?;
    let old_value = current.map(|m| m.value);
    let chain = audit_chain::chain_of_event(txn, c.event_id).await?;
    let prev = audit_chain::last_hash(txn, chain).await?;
    let hash = audit_chain::entry_hash(
        &prev,
        &Fields {
            event_id: c.event_id,
            entrant_id: c.key.entrant,
            aspect_id: c.key.aspect,
            judge_id: c.key.judge,
            actor: &c.actor,
            device: c.device.as_deref(),
            at: c.at,
            old_value,
            new_value: Some(c.value),
            reason: Some(&c.reason),
            op_id: Some(&c.op_id),
        },
    );
    Ok(mark_audit::ActiveModel {
        event_id: Set(c.event_id),
        entrant_id: Set(c.key.entrant),
        aspect_id: Set(c.key.aspect),
        judge_id: Set(c.key.judge),
        actor: Set(c.actor),
        device: Set(c.device),
        at: Set(c.at),
        old_value: Set(old_value),
        new_value: Set(Some(c.value)),
        reason: Set(Some(c.reason)),
        op_id: Set(Some(c.op_id)),
        prev_hash: Set(prev),
        chain: Set(chain),
        hash: Set(hash),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// A judge's own corrections, newest state of each, for the tablet.
pub async fn corrections_of(
    db: &impl ConnectionTrait,
    judge_id: JudgeId,
) -> AppResult<Vec<mark_correction::Model>> {
    Ok(mark_correction::Entity::find()
        .filter(mark_correction::Column::JudgeId.eq(judge_id))
        .all(db)
        .await?)
}
