//! What the case pages name: the competitions where the actor has a part in cases, the events
//! and entrants a case may be about (a team leader's own only), and one entrant's label.

use super::access::CaseViewer;
use crate::accounts::Actor;
use crate::error::AppResult;
use entity::kinds::Role;
use entity::{CompetitionId, EntrantId, EventId, competition, entrant, event};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The competitions where the actor holds a role, with the role.
pub async fn competitions_of(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<Vec<(competition::Model, Role)>> {
    let mut out = Vec::new();
    for r in super::cases::roles_of(db, actor).await? {
        if let Some(c) = competition::Entity::find_by_id(r.competition_id)
            .one(db)
            .await?
        {
            out.push((c, r.role));
        }
    }
    Ok(out)
}

/// A competition's events by title, and the entrants the viewer may name in a case, each as
/// “项目 号 姓名”.
pub struct Choices {
    pub events: Vec<(EventId, String)>,
    pub entrants: Vec<(EntrantId, String)>,
}

impl Choices {
    pub fn event_title(&self, id: EventId) -> String {
        self.events
            .iter()
            .find(|(e, _)| *e == id)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    pub fn entrant_label(&self, id: EntrantId) -> Option<String> {
        self.entrants
            .iter()
            .find(|(e, _)| *e == id)
            .map(|(_, l)| l.clone())
    }
}

pub async fn choices(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
    viewer: CaseViewer,
) -> AppResult<Choices> {
    let events = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(competition_id))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let titles: HashMap<EventId, String> = events
        .iter()
        .map(|e| (e.id, crate::competitions::events::title(e)))
        .collect();
    let mut entrants_q = entrant::Entity::find()
        .filter(entrant::Column::EventId.is_in(events.iter().map(|e| e.id).collect::<Vec<_>>()))
        .order_by_asc(entrant::Column::EventId)
        .order_by_asc(entrant::Column::EntryNo);
    if let CaseViewer::TeamLeader(org) = viewer {
        entrants_q = entrants_q.filter(entrant::Column::OrganisationId.eq(org));
    }
    let entrants = entrants_q.all(db).await?;
    let names = crate::leaderboard::standings::names_of(db, &entrants)
        .await?
        .0;
    Ok(Choices {
        entrants: entrants
            .iter()
            .map(|e| {
                (
                    e.id,
                    format!(
                        "{} {} 号 {}",
                        titles.get(&e.event_id).cloned().unwrap_or_default(),
                        e.entry_no,
                        names.get(&e.id).cloned().unwrap_or_default()
                    ),
                )
            })
            .collect(),
        events: events
            .iter()
            .map(|e| (e.id, titles[&e.id].clone()))
            .collect(),
    })
}

/// One entrant as a case names it: “号 姓名” (empty when the entrant is gone).
pub async fn entrant_label(db: &impl ConnectionTrait, id: EntrantId) -> AppResult<String> {
    let Some(e) = entrant::Entity::find_by_id(id).one(db).await? else {
        return Ok(String::new());
    };
    let names = crate::leaderboard::standings::names_of(db, std::slice::from_ref(&e))
        .await?
        .0;
    Ok(format!(
        "{} 号 {}",
        e.entry_no,
        names.get(&e.id).cloned().unwrap_or_default()
    ))
}
