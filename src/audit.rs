//! The audit trail of setup actions. Each entry names who did what to which thing, with a JSON
//! detail; ID-card numbers never go into it.

use crate::error::AppResult;
use crate::time::now;
use entity::audit_entry;
use entity::ids::UserId;
use entity::kinds::AuditAction;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

pub async fn record(
    db: &impl ConnectionTrait,
    actor: Option<UserId>,
    action: AuditAction,
    subject: &str,
    detail: serde_json::Value,
) -> AppResult<()> {
    audit_entry::ActiveModel {
        at: Set(now()),
        actor_id: Set(actor),
        action: Set(action),
        subject: Set(subject.to_owned()),
        detail: Set(detail.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Entries about one thing, oldest first.
pub async fn entries_for(
    db: &impl ConnectionTrait,
    subject: &str,
) -> AppResult<Vec<audit_entry::Model>> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Subject.eq(subject))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await?)
}
