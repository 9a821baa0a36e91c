//! The facts the eligibility rules need, loaded in bulk: one unit's list of fifty is checked
//! at submission with a handful of statements, not a handful per person.

use super::rules::{self, Candidate, MemberFacts, Refusal};
use crate::competitions::events::title;
use crate::error::AppResult;
use entity::kinds::{EntrantStatus, EventGroup, OrganisationKind, RegistrationState};
use entity::{
    CompetitionId, EntrantId, EventId, OrganisationId, RegistrationEntryId, competition, entrant,
    entrant_member, event, event_eligibility, registration_entry, registration_member,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Where a person or a unit already stands in the competition: an entrant (accepted, or
/// entered by the organiser) or an entry still under review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Entrant(EntrantId),
    Entry(RegistrationEntryId),
}

/// The competition's events and their rules.
pub struct Setting {
    pub events: HashMap<EventId, event::Model>,
    pub eligibility: HashMap<EventId, event_eligibility::Model>,
}

impl Setting {
    pub async fn load(db: &impl ConnectionTrait, comp: CompetitionId) -> AppResult<Self> {
        let events: HashMap<EventId, event::Model> = event::Entity::find()
            .filter(event::Column::CompetitionId.eq(comp))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let eligibility = event_eligibility::Entity::find()
            .filter(event_eligibility::Column::EventId.is_in(events.keys().copied()))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.event_id, e))
            .collect();
        Ok(Setting {
            events,
            eligibility,
        })
    }

    pub fn title(&self, id: EventId) -> String {
        self.events.get(&id).map(title).unwrap_or_default()
    }
}

/// The events each person is in across the competition, and where.
pub async fn person_places(
    db: &impl ConnectionTrait,
    comp: CompetitionId,
    people: &[i32],
) -> AppResult<HashMap<i32, Vec<(Place, EventId)>>> {
    let mut out: HashMap<i32, Vec<(Place, EventId)>> = HashMap::new();
    for chunk in people.chunks(500) {
        let members = registration_member::Entity::find()
            .filter(registration_member::Column::CompetitionId.eq(comp))
            .filter(registration_member::Column::PersonId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        let entries: HashMap<RegistrationEntryId, registration_entry::Model> =
            registration_entry::Entity::find()
                .filter(
                    registration_entry::Column::Id
                        .is_in(members.iter().map(|m| m.entry_id).collect::<Vec<_>>()),
                )
                .all(db)
                .await?
                .into_iter()
                .map(|e| (e.id, e))
                .collect();
        for m in members {
            // An accepted entry is counted through its entrant, below.
            if let Some(e) = entries.get(&m.entry_id)
                && e.state != RegistrationState::Accepted
            {
                out.entry(m.person_id)
                    .or_default()
                    .push((Place::Entry(e.id), e.event_id));
            }
        }
        let entered = entrant_member::Entity::find()
            .filter(entrant_member::Column::CompetitionId.eq(comp))
            .filter(entrant_member::Column::PersonId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        let entrants: HashMap<EntrantId, entrant::Model> = entrant::Entity::find()
            .filter(
                entrant::Column::Id.is_in(entered.iter().map(|m| m.entrant_id).collect::<Vec<_>>()),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        for m in entered {
            if let Some(e) = entrants.get(&m.entrant_id)
                && e.status != EntrantStatus::Withdrawn
            {
                out.entry(m.person_id)
                    .or_default()
                    .push((Place::Entrant(e.id), e.event_id));
            }
        }
    }
    Ok(out)
}

/// Everything a unit has in each event of the competition (what its quota counts). An entry
/// the organiser excepted from the rules, and the entrant it became, is beyond the quota and
/// not counted in it.
pub async fn unit_places(
    db: &impl ConnectionTrait,
    setting: &Setting,
    unit: OrganisationId,
) -> AppResult<HashMap<EventId, Vec<Place>>> {
    let events: Vec<EventId> = setting.events.keys().copied().collect();
    let mut out: HashMap<EventId, Vec<Place>> = HashMap::new();
    let mut excepted: Vec<EntrantId> = Vec::new();
    for e in registration_entry::Entity::find()
        .filter(registration_entry::Column::EventId.is_in(events.clone()))
        .filter(registration_entry::Column::OrganisationId.eq(unit))
        .all(db)
        .await?
    {
        if e.exception_reason.is_some() {
            excepted.extend(e.entrant_id);
        } else if e.state != RegistrationState::Accepted {
            out.entry(e.event_id).or_default().push(Place::Entry(e.id));
        }
    }
    for e in entrant::Entity::find()
        .filter(entrant::Column::EventId.is_in(events))
        .filter(entrant::Column::OrganisationId.eq(unit))
        .filter(entrant::Column::Status.ne(EntrantStatus::Withdrawn))
        .all(db)
        .await?
    {
        if !excepted.contains(&e.id) {
            out.entry(e.event_id)
                .or_default()
                .push(Place::Entrant(e.id));
        }
    }
    Ok(out)
}

/// One member as the rules see it, before the facts about other places are added.
pub struct Person {
    pub id: i32,
    pub name: String,
    pub birth_date: chrono::NaiveDate,
    pub qualification_level: Option<i32>,
    pub qualification_no: Option<String>,
}

/// An entry to check: what it is, and which place it already holds (when it is stored).
pub struct Proposed<'a> {
    pub comp: &'a competition::Model,
    pub event: EventId,
    pub unit_kind: OrganisationKind,
    pub declared_group: EventGroup,
    pub people: &'a [Person],
    pub itself: Option<Place>,
}

/// The rules the entry breaks, given the loaded facts.
pub fn refusals(
    setting: &Setting,
    people_places: &HashMap<i32, Vec<(Place, EventId)>>,
    unit_places: &HashMap<EventId, Vec<Place>>,
    p: &Proposed<'_>,
) -> Vec<Refusal> {
    let Some(ev) = setting.events.get(&p.event) else {
        return Vec::new();
    };
    let members: Vec<MemberFacts> = p
        .people
        .iter()
        .map(|person| MemberFacts {
            name: person.name.clone(),
            birth_date: person.birth_date,
            qualification_level: person.qualification_level,
            qualification_no: person.qualification_no.clone(),
            other_events: people_places
                .get(&person.id)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter(|(place, _)| Some(*place) != p.itself)
                .map(|(_, event)| *event)
                .collect(),
        })
        .collect();
    let unit_count = unit_places
        .get(&p.event)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|place| Some(**place) != p.itself)
        .count();
    let titles = |id: EventId| setting.title(id);
    rules::check(&Candidate {
        event: ev,
        eligibility: setting.eligibility.get(&p.event),
        unit_kind: p.unit_kind,
        declared_group: p.declared_group,
        members: &members,
        unit_count,
        allow_multiple_events: p.comp.allow_multiple_events,
        event_titles: &titles,
    })
}
