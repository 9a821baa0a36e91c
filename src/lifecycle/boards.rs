//! What the organiser changes on the spectators' boards: the live settings (marks shown,
//! anonymous mode, freeze) and publishing the results; both announced once stored. And the
//! board itself as every page and socket shows it: the leaderboard's standings, with the
//! official places and awards once the results are final.

use crate::accounts::Actor;
use crate::error::AppResult;
use crate::leaderboard::settings::{self, LiveSettings};
use crate::leaderboard::standings::Inputs;
use crate::leaderboard::{Audience, Board};
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
    audience: Audience,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Board> {
    official(
        db,
        ev,
        crate::leaderboard::board(db, ev, audience, now).await?,
    )
    .await
}

/// Once the results are final, the official places and awards on a board.
async fn official(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    mut board: Board,
) -> AppResult<Board> {
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

/// An event's public board as its spectators' channel keeps it: the inputs read once, and
/// after that only the new marks while nothing else has changed.
///
/// Whether anything else changed is the caller's to say (`reread`): the mark writer announces
/// a batch as [`marks_only`](crate::live::BoardChanged::marks_only) when no other connection
/// wrote between its previous batch and this one, so every other change — an organiser's, a
/// chief judge's, one that announced nothing — comes to a board as a reread, at the latest
/// with the next batch of marks after it.
pub struct LiveBoardSource {
    ev: event::Model,
    inputs: Option<Inputs>,
}

impl LiveBoardSource {
    pub fn new(ev: event::Model) -> Self {
        LiveBoardSource { ev, inputs: None }
    }

    /// The public board now; `None` once the event is gone. Reads everything again when told
    /// to, when nothing has been read yet, when the results are final (marks no longer move
    /// it) or when the selection has changed (the freeze time has come); otherwise only the
    /// marks made since.
    pub async fn board(
        &mut self,
        db: &impl ConnectionTrait,
        reread: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<Option<Board>> {
        let current = self.inputs.as_mut().filter(|i| {
            !reread
                && !i.results_final
                && crate::leaderboard::standings::selection(&self.ev, Audience::Public, now)
                    == (i.ledger.selection(), i.anonymous)
        });
        if let Some(inputs) = current {
            if let Err(e) = inputs.ledger.catch_up(db).await {
                // Half folded, perhaps: read everything next time.
                self.inputs = None;
                return Err(e);
            }
            return Ok(Some(
                crate::leaderboard::standings::standings(inputs).await?,
            ));
        }
        self.inputs = None;
        let Some(ev) = crate::competitions::events::by_id(db, self.ev.id).await? else {
            return Ok(None);
        };
        self.ev = ev;
        let inputs =
            crate::leaderboard::standings::inputs(db, &self.ev, Audience::Public, now).await?;
        let board = crate::leaderboard::standings::standings(&inputs).await?;
        let board = official(db, &self.ev, board).await?;
        self.inputs = Some(inputs);
        Ok(Some(board))
    }
}
