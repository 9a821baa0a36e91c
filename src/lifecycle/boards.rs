//! What the organiser changes on the spectators' boards: the live settings (marks shown,
//! anonymous mode, freeze) and publishing the results; both announced once stored. And the
//! board itself as every page and socket shows it: the leaderboard's standings, with the
//! official places and awards once the results are final.

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

/// An event's board for an audience: the live standings, and once the event's results are
/// final the official places and awards of the final result version (which may break ties by
/// the result rules), in their order.
pub async fn board(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    audience: crate::leaderboard::Audience,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<crate::leaderboard::Board> {
    let mut board = crate::leaderboard::board(db, ev, audience, now).await?;
    if !board.results_final {
        return Ok(board);
    }
    let Some(version) = crate::results::versions::final_version(db, ev.id).await? else {
        return Ok(board);
    };
    let lines: std::collections::HashMap<entity::EntrantId, crate::results::lines::ResultLine> =
        crate::results::lines::of_version(db, version.id)
            .await?
            .into_iter()
            .map(|l| (l.entrant_id, l))
            .collect();
    for row in &mut board.rows {
        if let Some(line) = lines.get(&row.entrant) {
            row.rank = line.rank.and_then(|r| u32::try_from(r).ok());
            row.award = line.award.map(|a| crate::results::award_name(a, ev));
            row.marking = false;
        }
    }
    board
        .rows
        .sort_by_key(|r| lines.get(&r.entrant).map_or(i32::MAX, |l| l.position));
    board.rows.sort_by_key(|r| r.rank.is_none());
    Ok(board)
}
