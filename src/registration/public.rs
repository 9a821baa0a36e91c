//! 参赛名单公示: the accepted entrants by event and unit, for anyone. Names, teams and units
//! only: no ID number, no phone, no entry number (which the draw later ties to a station).

use crate::competitions::access::is_listed;
use crate::competitions::events::title;
use crate::error::{AppError, AppResult};
use entity::kinds::EntrantStatus;
use entity::{CompetitionId, EntrantId, competition, entrant, entrant_member, event, person};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PublicEntrant {
    /// 队名, for team events.
    pub team: Option<String>,
    pub names: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PublicUnit {
    pub organisation: String,
    pub entrants: Vec<PublicEntrant>,
}

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PublicEvent {
    /// 数控车工（职工组）.
    pub event: String,
    pub count: usize,
    pub units: Vec<PublicUnit>,
}

/// The public list of a competition that is listed on the front page (报名中 or later).
pub async fn public_list(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
) -> AppResult<(competition::Model, Vec<PublicEvent>)> {
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .filter(is_listed)
        .ok_or(AppError::NotFound)?;
    let events = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(comp.id))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.is_in(events.iter().map(|e| e.id).collect::<Vec<_>>()))
        .filter(
            entrant::Column::Status
                .is_not_in([EntrantStatus::Withdrawn, EntrantStatus::Disqualified]),
        )
        .order_by_asc(entrant::Column::EventId)
        .order_by_asc(entrant::Column::EntryNo)
        .all(db)
        .await?;
    let members = entrant_member::Entity::find()
        .filter(entrant_member::Column::CompetitionId.eq(comp.id))
        .all(db)
        .await?;
    let person_name: HashMap<i32, String> = person::Entity::find()
        .filter(
            person::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(entrant_member::Column::PersonId)
                    .from(entrant_member::Entity)
                    .and_where(entrant_member::Column::CompetitionId.eq(comp.id))
                    .to_owned(),
            ),
        )
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::Name)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut of_entrant: HashMap<EntrantId, Vec<String>> = HashMap::new();
    for m in members {
        if let Some(n) = person_name.get(&m.person_id) {
            of_entrant.entry(m.entrant_id).or_default().push(n.clone());
        }
    }
    let orgs = crate::accounts::organisations::names(db).await?;
    let mut out = Vec::with_capacity(events.len());
    for ev in &events {
        let mut units: Vec<PublicUnit> = Vec::new();
        let mut count = 0;
        for e in entrants.iter().filter(|e| e.event_id == ev.id) {
            count += 1;
            let org = orgs.get(&e.organisation_id).cloned().unwrap_or_default();
            let line = PublicEntrant {
                team: e.team_name.clone(),
                names: of_entrant.remove(&e.id).unwrap_or_default(),
            };
            match units.iter_mut().find(|u| u.organisation == org) {
                Some(u) => u.entrants.push(line),
                None => units.push(PublicUnit {
                    organisation: org,
                    entrants: vec![line],
                }),
            }
        }
        units.sort_by(|a, b| a.organisation.cmp(&b.organisation));
        out.push(PublicEvent {
            event: title(ev),
            count,
            units,
        });
    }
    Ok((comp, out))
}
