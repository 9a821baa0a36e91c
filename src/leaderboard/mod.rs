//! Leaderboards (成绩排名): an event's standings for the public live board, for the hall screen,
//! and for the organiser (the live truth, the printable notice-board page, the xlsx export).
//!
//! - The **public board** follows the event's live settings: which marks count (`confirmed`: only
//!   modules the chief judge has signed off; `submitted`: every stored mark), **anonymous mode**
//!   (blind codes, no names or organisations, until results are published), and the **freeze**
//!   (from the freeze time until results are published, the public board shows the marks as
//!   they stood at that moment).
//! - The **organiser's board** counts every stored mark, names everyone, and never freezes.
//! - Neither ever carries an ID number or a phone number: a row has a rank, a name or blind
//!   code, an organisation, a total and whether the entrant is still being marked.

pub mod live;
pub mod settings;
pub mod standings;

pub use standings::{Audience, Board, BoardRow, board};

use crate::competitions::access::can_watch;
use crate::error::{AppError, AppResult};
use entity::CompetitionId;
use entity::EventId;
use entity::{competition, event};
use sea_orm::{ConnectionTrait, EntityTrait};

/// A competition the public may watch ([`can_watch`]); any other answers "not found", as if
/// there were no such competition.
pub async fn public_competition(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
) -> AppResult<competition::Model> {
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !can_watch(&comp) {
        return Err(AppError::NotFound);
    }
    Ok(comp)
}

/// An event whose board the public may watch: its competition has started (see
/// [`public_competition`]).
pub async fn public_event(db: &impl ConnectionTrait, event_id: EventId) -> AppResult<event::Model> {
    Ok(public_event_and_competition(db, event_id).await?.0)
}

/// The same, with its competition (one lookup of each).
pub async fn public_event_and_competition(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<(event::Model, competition::Model)> {
    let ev = event::Entity::find_by_id(event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let comp = public_competition(db, ev.competition_id).await?;
    Ok((ev, comp))
}
