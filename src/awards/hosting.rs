//! 承办: the events held in the city with a host (a school or a base hosting provincial or
//! city selections), what each claims as cost, its proof and the achievement that pays it,
//! by competition — the officer's hosting page.

use crate::error::{AppError, AppResult};
use entity::kinds::CompetitionStatus;
use entity::{EventId, achievement, competition, event, hosting_proof};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub struct HostedEvent {
    pub event: event::Model,
    /// The proof's file name, when uploaded.
    pub proof: Option<String>,
    /// The hosting achievement (contest results share the event but pay nothing).
    pub achievement: Option<i32>,
}

pub struct HostedCompetition {
    pub competition: competition::Model,
    pub events: Vec<HostedEvent>,
}

/// Every competition past its draft with the events that name a host, newest first.
pub async fn overview(db: &impl ConnectionTrait) -> AppResult<Vec<HostedCompetition>> {
    let comps = competition::Entity::find()
        .filter(competition::Column::Status.ne(CompetitionStatus::Draft))
        .order_by_desc(competition::Column::Id)
        .all(db)
        .await?;
    // File names only: the proofs themselves can be large.
    let proofs: HashMap<EventId, String> = hosting_proof::Entity::find()
        .select_only()
        .column(hosting_proof::Column::EventId)
        .column(hosting_proof::Column::FileName)
        .into_tuple::<(EventId, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let hosting: HashMap<EventId, i32> = achievement::Entity::find()
        .filter(achievement::Column::EventId.is_not_null())
        .filter(achievement::Column::ItemCode.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| a.event_id.map(|e| (e, a.id)))
        .collect();
    let mut out = Vec::new();
    for comp in comps {
        let events: Vec<HostedEvent> = event::Entity::find()
            .filter(event::Column::CompetitionId.eq(comp.id))
            .filter(event::Column::HostId.is_not_null())
            .order_by_asc(event::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|ev| HostedEvent {
                proof: proofs.get(&ev.id).cloned(),
                achievement: hosting.get(&ev.id).copied(),
                event: ev,
            })
            .collect();
        if !events.is_empty() {
            out.push(HostedCompetition {
                competition: comp,
                events,
            });
        }
    }
    Ok(out)
}

/// An event's hosting proof, for an officer to download.
pub async fn proof(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<hosting_proof::Model> {
    hosting_proof::Entity::find_by_id(event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}
