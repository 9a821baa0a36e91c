//! 缺赛 and its undoing, each in one transaction and announced to the boards after the commit:
//! marking the entrants not checked in as absent (the organiser), and bringing one back (the
//! chief judge's decision — entrants keep the status, the chief's authority is marking's —
//! with a reason).

use crate::accounts::Actor;
use crate::error::{AppError, AppResult};
use crate::live::{BoardChanged, Live};
use entity::kinds::AuditAction;
use entity::{EntrantId, EventId, entrant, judge};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// Brings an entrant marked 缺赛 back into the contest, checked in now.
pub async fn undo_absence<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    live: &Live,
    chief: &judge::Model,
    entrant_id: EntrantId,
    reason: &str,
) -> AppResult<entrant::Model> {
    if !crate::marking::access::can_review(chief) {
        return Err(AppError::Forbidden);
    }
    let ev = crate::marking::review::chief_event(db, chief).await?;
    if ev.marks_locked_at.is_some() {
        return Err(AppError::invalid("event", "本项目评分已锁定"));
    }
    let txn = crate::db::begin_write(db).await?;
    let restored = crate::entrants::check_in::restore(&txn, entrant_id, &ev, reason).await?;
    crate::audit::record(
        &txn,
        None,
        AuditAction::EntrantAbsenceUndo,
        &format!("event:{}", ev.id),
        serde_json::json!({"entrant": restored.id, "entry_no": restored.entry_no,
                           "chief": chief.id, "reason": reason.trim()}),
    )
    .await?;
    txn.commit().await?;
    live.publish(BoardChanged::of(ev.id));
    Ok(restored)
}

/// Marks every active entrant of the event not checked in as 缺赛, in one transaction.
pub async fn mark_absent<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    live: &Live,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<Vec<i32>> {
    let txn = crate::db::begin_write(db).await?;
    let marked = crate::entrants::check_in::mark_absent(&txn, actor, event_id).await?;
    txn.commit().await?;
    live.publish(BoardChanged::of(event_id));
    Ok(marked)
}
