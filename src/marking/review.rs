//! The chief judge's review (裁判长审核): accepting a flagged spread, sign-off per module, and
//! the lock. What the chief looks at is [`super::progress`].
//!
//! - An acceptance of a spread covers the marks as they were, so a later change needs a new
//!   look.
//! - **Sign-off** (签字确认) of a module is refused while any of its cells is missing a mark or
//!   flagged. From then on its marks are final: a judge's change is a correction.
//! - The **lock** (锁定) needs every module signed off. After it every change is a correction
//!   (see [`super::corrections`]).

use super::access::can_review;
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::live::BoardChanged;
use crate::time::now;
use entity::kinds::AuditAction;
use entity::{AspectId, EntrantId, event, judge, module_sign_off, spread_acceptance};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::progress::{CellStatus, progress};

/// The chief judge's event, refreshed; refused for anyone but a chief judge.
pub async fn chief_event(
    db: &impl ConnectionTrait,
    chief: &judge::Model,
) -> AppResult<event::Model> {
    if !can_review(chief) {
        return Err(AppError::Forbidden);
    }
    event::Entity::find_by_id(chief.event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub(crate) fn refuse_if_locked(ev: &event::Model) -> AppResult<()> {
    if ev.marks_locked_at.is_some() {
        return Err(AppError::invalid("event", "本项目评分已锁定"));
    }
    Ok(())
}

/// Records a chief judge's action in the audit log; the event's board changed.
async fn record(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    action: AuditAction,
    detail: serde_json::Value,
) -> AppResult<BoardChanged> {
    audit::record(db, None, action, &format!("event:{}", ev.id), detail).await?;
    Ok(BoardChanged::of(ev.id))
}

/// Signs a module off, for the marks as the chief judge saw them (`seen`: the module's
/// [`super::progress::ModuleProgress::seq`] on the chief's page). Refused while any of its
/// cells lacks a mark or is flagged, and when a mark changed after the page was shown.
pub async fn sign_off(
    db: &impl ConnectionTrait,
    chief: &judge::Model,
    module_id: i32,
    seen: i32,
) -> AppResult<Option<BoardChanged>> {
    let ev = chief_event(db, chief).await?;
    refuse_if_locked(&ev)?;
    let picture = progress(db, &ev).await?;
    let module = picture
        .module(module_id)
        .ok_or_else(|| AppError::invalid("module", "该模块不在本项目的评分方案中"))?;
    if module.signed_at.is_some() {
        return Ok(None);
    }
    if module.seq != seen {
        return Err(AppError::invalid(
            "seq",
            format!(
                "模块“{}”的分数在您打开页面后有变化，请查看最新分数后再签字确认",
                module.name
            ),
        ));
    }
    if !module.ready() {
        let mut open = Vec::new();
        if module.missing > 0 {
            open.push(format!("{} 项未评完", module.missing));
        }
        if module.flagged > 0 {
            open.push(format!("{} 项分差超限未处理", module.flagged));
        }
        if module.paper_open > 0 {
            open.push(format!(
                "{} 项纸质评分表录入不一致待核定",
                module.paper_open
            ));
        }
        if module.problems > 0 {
            open.push(format!(
                "{} 项须另行处理（全组回避的，请组织者在项目页增加替补裁判；分数多于应评人数的，请核对裁判分工）",
                module.problems
            ));
        }
        return Err(AppError::invalid(
            "module",
            format!("模块“{}”还有{}，不能签字确认", module.name, open.join("、")),
        ));
    }
    module_sign_off::ActiveModel {
        event_id: Set(ev.id),
        module_id: Set(module_id),
        judge_id: Set(chief.id),
        signed_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    record(
        db,
        &ev,
        AuditAction::ModuleSignOff,
        serde_json::json!({"module": module_id, "chief": chief.id}),
    )
    .await
    .map(Some)
}

/// Takes a sign-off back (before the lock), so judges may change the module's marks again.
pub async fn withdraw_sign_off(
    db: &impl ConnectionTrait,
    chief: &judge::Model,
    module_id: i32,
) -> AppResult<Option<BoardChanged>> {
    let ev = chief_event(db, chief).await?;
    refuse_if_locked(&ev)?;
    let removed = module_sign_off::Entity::delete_many()
        .filter(module_sign_off::Column::EventId.eq(ev.id))
        .filter(module_sign_off::Column::ModuleId.eq(module_id))
        .exec(db)
        .await?
        .rows_affected;
    if removed == 0 {
        return Ok(None);
    }
    record(
        db,
        &ev,
        AuditAction::ModuleSignOffWithdraw,
        serde_json::json!({"module": module_id, "chief": chief.id}),
    )
    .await
    .map(Some)
}

/// Lets a flagged spread count, for the marks as the chief judge saw them (`seen`: the cell's
/// [`super::progress::Cell::seq`] on the chief's page); a mark changed since is refused, to be
/// looked at first.
pub async fn accept_spread(
    db: &impl ConnectionTrait,
    chief: &judge::Model,
    entrant_id: EntrantId,
    aspect_id: AspectId,
    seen: i32,
) -> AppResult<BoardChanged> {
    let ev = chief_event(db, chief).await?;
    refuse_if_locked(&ev)?;
    let picture = progress(db, &ev).await?;
    let cell = picture
        .rows
        .iter()
        .find(|r| r.id == entrant_id)
        .and_then(|r| r.cells.iter().find(|c| c.aspect_id == aspect_id))
        .filter(|c| matches!(c.status, CellStatus::Flagged { .. }))
        .ok_or_else(|| AppError::invalid("aspect_id", "该评分项没有超限的分差"))?;
    // The acceptance covers the marks the chief judge looked at, not whatever came after.
    if cell.seq != seen {
        return Err(AppError::invalid(
            "seq",
            "该格的分数在您打开页面后有变化，请查看最新分数后再决定是否接受分差",
        ));
    }
    let seq = cell.seq;
    let signed = picture
        .modules
        .iter()
        .find(|m| m.aspects.iter().any(|a| a.id == aspect_id))
        .is_some_and(|m| m.signed_at.is_some());
    if signed {
        return Err(AppError::invalid("aspect_id", "该模块已签字确认"));
    }
    spread_acceptance::Entity::delete_many()
        .filter(spread_acceptance::Column::EntrantId.eq(entrant_id))
        .filter(spread_acceptance::Column::AspectId.eq(aspect_id))
        .exec(db)
        .await?;
    spread_acceptance::ActiveModel {
        event_id: Set(ev.id),
        entrant_id: Set(entrant_id),
        aspect_id: Set(aspect_id),
        judge_id: Set(chief.id),
        seq: Set(seq),
        at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // The aspect counts from now on: the board changed.
    record(
        db,
        &ev,
        AuditAction::SpreadAccept,
        serde_json::json!({"entrant": entrant_id, "aspect": aspect_id, "chief": chief.id, "seq": seq}),
    )
    .await
}

/// Locks the event's marks. Needs every module signed off.
pub async fn lock(db: &impl ConnectionTrait, chief: &judge::Model) -> AppResult<BoardChanged> {
    let ev = chief_event(db, chief).await?;
    refuse_if_locked(&ev)?;
    let picture = progress(db, &ev).await?;
    let open: Vec<String> = picture
        .modules
        .iter()
        .filter(|m| m.signed_at.is_none())
        .map(|m| format!("“{}”", m.name))
        .collect();
    if picture.modules.is_empty() || !open.is_empty() {
        return Err(AppError::invalid(
            "event",
            format!("以下模块尚未签字确认，不能锁定：{}", open.join("、")),
        ));
    }
    event::Entity::update_many()
        .col_expr(event::Column::MarksLockedAt, Expr::value(Some(now())))
        .filter(event::Column::Id.eq(ev.id))
        .exec(db)
        .await?;
    record(
        db,
        &ev,
        AuditAction::MarksLock,
        serde_json::json!({"chief": chief.id}),
    )
    .await
}
