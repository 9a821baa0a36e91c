//! Withdrawing an achievement entered by mistake (撤回成果记录): with a reason, audited, never
//! deleted. Its draft lines go; what was reviewed or went further gets a draft for the
//! difference from the next computation (核减, or 追回审核 for what was paid), so nothing
//! committed changes by itself and nothing wrongly entered reaches payment.

use super::compute;
use crate::accounts::Actor;
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::achievement;
use entity::kinds::AuditAction;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, Set, TransactionSession, TransactionTrait,
};

/// Withdraws the achievement and recomputes the lines.
pub async fn withdraw<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    achievement_id: i32,
    reason: &str,
) -> AppResult<compute::Recomputed> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "请写明撤回原因"));
    }
    crate::limits::at_most(reason, crate::limits::TEXT, "reason", "撤回原因")?;
    let txn = crate::db::begin_write(db).await?;
    let a = achievement::Entity::find_by_id(achievement_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.withdrawn_at.is_some() {
        return Err(AppError::conflict("reason", "该成果记录已撤回"));
    }
    let mut row: achievement::ActiveModel = a.into();
    row.withdrawn_at = Set(Some(now()));
    row.withdrawn_by = Set(Some(actor.user_id));
    row.withdrawn_reason = Set(Some(reason.to_owned()));
    let row = row.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::AchievementWithdraw,
        &format!("achievement:{}", row.id),
        serde_json::json!({"reason": reason, "description": row.description}),
    )
    .await?;
    let done = compute::recompute_within(&txn).await?;
    txn.commit().await?;
    Ok(done)
}
