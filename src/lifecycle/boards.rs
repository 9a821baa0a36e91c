//! What the organiser changes on the spectators' boards: the live settings (marks shown,
//! anonymous mode, freeze) and publishing the results; both announced once stored.

use crate::accounts::Actor;
use crate::error::AppResult;
use crate::leaderboard::settings::{self, LiveSettings};
use crate::live::{BoardChanged, Live};
use entity::EventId;
use entity::event;
use sea_orm::ConnectionTrait;

pub async fn set_live_settings(
    db: &impl ConnectionTrait,
    live: &Live,
    actor: &Actor,
    event_id: EventId,
    chosen: LiveSettings,
) -> AppResult<event::Model> {
    let saved = settings::set_live_settings(db, actor, event_id, chosen).await?;
    live.publish(BoardChanged::of(saved.id));
    Ok(saved)
}

/// Publishes the results on the public board (names shown, no freeze); only after the lock.
pub async fn publish_results(
    db: &impl ConnectionTrait,
    live: &Live,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<event::Model> {
    let saved = settings::publish_results(db, actor, event_id).await?;
    live.publish(BoardChanged::of(saved.id));
    Ok(saved)
}
