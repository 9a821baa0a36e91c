//! The organiser's settings for an event's public live board.

use crate::accounts::Actor;
use crate::audit;
use crate::competitions::events::find_managed_event;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use entity::EventId;
use entity::event;
use entity::kinds::AuditAction;
use sea_orm::{ActiveModelTrait, ConnectionTrait, IntoActiveModel, Set};

pub use entity::kinds::LiveMarks;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveSettings {
    pub marks: LiveMarks,
    pub anonymous: bool,
    pub freeze_at: Option<DateTime<Utc>>,
}

impl LiveSettings {
    pub fn of(ev: &event::Model) -> Self {
        LiveSettings {
            marks: ev.live_marks,
            anonymous: ev.live_anonymous,
            freeze_at: ev.live_freeze_at,
        }
    }
}

/// Changes what the public board shows. Only the competition's organisers may.
pub async fn set_live_settings(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
    settings: LiveSettings,
) -> AppResult<event::Model> {
    let (ev, _comp) = find_managed_event(db, actor, event_id).await?;
    let mut changed = ev.into_active_model();
    changed.live_marks = Set(settings.marks);
    changed.live_anonymous = Set(settings.anonymous);
    changed.live_freeze_at = Set(settings.freeze_at);
    let saved = changed.update(db).await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::LiveSettings,
        &format!("event:{}", saved.id),
        serde_json::json!({
            "marks": settings.marks,
            "anonymous": settings.anonymous,
            "freeze_at": settings.freeze_at,
        }),
    )
    .await?;
    Ok(saved)
}

/// Publishes an event's results: the public board shows names and stops being frozen. Needs
/// the chief judge's lock first, so that what is published is final.
pub async fn publish_results(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<event::Model> {
    let (ev, _comp) = find_managed_event(db, actor, event_id).await?;
    if ev.marks_locked_at.is_none() {
        return Err(AppError::invalid("event", "裁判长锁定评分后才能公布成绩"));
    }
    if ev.results_published {
        return Ok(ev);
    }
    let mut changed = ev.into_active_model();
    changed.results_published = Set(true);
    let saved = changed.update(db).await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::ResultsPublish,
        &format!("event:{}", saved.id),
        serde_json::json!({}),
    )
    .await?;
    Ok(saved)
}
