//! The chief judge's steps on the tablet: signing modules off, accepting a spread, locking the
//! marks (with the first result version, in one transaction), deciding a correction (with the
//! next version); each announced to the boards after it is stored.

use crate::error::AppResult;
use crate::live::Live;
use crate::marking::{corrections, review};
use crate::results::versions;
use entity::{AspectId, EntrantId, judge, mark_correction, result_version};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// Signs a module off for the marks as the chief saw them (`seen`).
pub async fn sign_off(
    db: &impl ConnectionTrait,
    live: &Live,
    chief: &judge::Model,
    module_id: i32,
    seen: i32,
) -> AppResult<()> {
    if let Some(changed) = review::sign_off(db, chief, module_id, seen).await? {
        live.publish(changed);
    }
    Ok(())
}

/// Withdraws a module's sign-off: its marks may change again.
pub async fn withdraw_sign_off(
    db: &impl ConnectionTrait,
    live: &Live,
    chief: &judge::Model,
    module_id: i32,
) -> AppResult<()> {
    if let Some(changed) = review::withdraw_sign_off(db, chief, module_id).await? {
        live.publish(changed);
    }
    Ok(())
}

/// Accepts a spread between judges' marks that the scheme flags.
pub async fn accept_spread(
    db: &impl ConnectionTrait,
    live: &Live,
    chief: &judge::Model,
    entrant: EntrantId,
    aspect: AspectId,
    seen: i32,
) -> AppResult<()> {
    live.publish(review::accept_spread(db, chief, entrant, aspect, seen).await?);
    Ok(())
}

/// Locks the event's marks and makes its first result version, for the chief judge to sign:
/// the lock, its audit line and the version land together or not at all.
pub async fn lock<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    live: &Live,
    chief: &judge::Model,
) -> AppResult<Option<result_version::Model>> {
    let txn = crate::db::begin_write(db).await?;
    let changed = review::lock(&txn, chief).await?;
    let version = versions::after_change(&txn, chief.event_id, "锁定评分").await?;
    txn.commit().await?;
    live.publish(changed);
    Ok(version)
}

/// Approves or rejects a correction; an approved one changes the marks and makes the next
/// result version. The correction commits on the audit chain first (its own transaction,
/// which takes the chain's lock before the database's); the version follows at once.
pub async fn decide_correction<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    live: &Live,
    chief: &judge::Model,
    correction_id: i32,
    approve: bool,
    note: Option<String>,
) -> AppResult<mark_correction::Model> {
    let (decided, changed) =
        corrections::decide_correction(db, chief, correction_id, approve, note).await?;
    if let Some(changed) = changed {
        live.publish(changed);
        versions::after_change(db, chief.event_id, "更正（裁判长批准）").await?;
    }
    Ok(decided)
}
