//! Copies a competition's setup into a new rehearsal: its events with their schemes, panels,
//! judges and judges' assignments, entrants with their draw (stations, blind codes), and who
//! manages it. People get made-up names and ID numbers; organisations stay the real ones, so
//! recusal works as it will on the day.

use super::person_prefix;
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::kinds::{CompetitionStatus, LiveMarks};
use entity::{CompetitionId, EventId};
use entity::{
    EntrantId, JudgeId, competition, competition_role, entrant, entrant_member, event, judge,
    judge_assignment, person, scheme_aspect, scheme_component, scheme_module,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// What a new rehearsal holds.
pub struct Rehearsal {
    pub competition: competition::Model,
    pub events: Vec<event::Model>,
}

/// Makes a rehearsal of competition `real`, running (its public pages open, its tablets may
/// mark), its boards counting every submitted mark. One transaction: all or nothing.
pub async fn create(db: &DatabaseConnection, real: CompetitionId) -> AppResult<Rehearsal> {
    let txn = crate::db::begin_write(db).await?;
    let source = competition::Entity::find_by_id(real)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if source.rehearsal_of.is_some() {
        return Err(AppError::invalid(
            "competition",
            "这是一场彩排：请对正式赛事彩排",
        ));
    }
    let mut comp = source.clone().into_active_model().reset_all();
    comp.id = NotSet;
    comp.name = Set(format!("【彩排】{}", source.name));
    comp.status = Set(CompetitionStatus::Running);
    comp.created_by = Set(None);
    comp.created_at = Set(now());
    comp.city_level_approved = Set(false);
    comp.city_level_doc = Set(None);
    comp.publicity_starts_at = Set(None);
    comp.publicity_ends_at = Set(None);
    comp.rehearsal_of = Set(Some(source.id));
    let comp = comp.insert(&txn).await?;
    let mut people = People {
        prefix: person_prefix(comp.id),
        made: 0,
    };

    for role in competition_role::Entity::find()
        .filter(competition_role::Column::CompetitionId.eq(source.id))
        .all(&txn)
        .await?
    {
        let mut row = role.into_active_model().reset_all();
        row.id = NotSet;
        row.competition_id = Set(comp.id);
        row.insert(&txn).await?;
    }

    let mut events = Vec::new();
    for ev in event::Entity::find()
        .filter(event::Column::CompetitionId.eq(source.id))
        .order_by_asc(event::Column::Id)
        .all(&txn)
        .await?
    {
        let mut row = ev.clone().into_active_model().reset_all();
        row.id = NotSet;
        row.competition_id = Set(comp.id);
        row.results_published = Set(false);
        row.marks_locked_at = Set(None);
        row.live_marks = Set(LiveMarks::Submitted);
        row.live_freeze_at = Set(None);
        let copy = row.insert(&txn).await?;
        copy_scheme(&txn, ev.id, copy.id).await?;
        copy_people(&txn, ev.id, copy.id, comp.id, &mut people).await?;
        events.push(copy);
    }
    txn.commit().await?;
    Ok(Rehearsal {
        competition: comp,
        events,
    })
}

/// Made-up people: a demo name, an ID number no real one can be.
struct People {
    prefix: String,
    made: u32,
}

impl People {
    async fn make(&mut self, db: &impl ConnectionTrait) -> AppResult<person::Model> {
        self.made += 1;
        let n = self.made;
        Ok(person::ActiveModel {
            id_number: Set(format!("{}{n}", self.prefix)),
            name: Set(crate::demo::demo_name(n)),
            sex: Set(crate::demo::demo_sex(n)),
            birth_date: Set(chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default()),
            phone: Set(None),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(db)
        .await?)
    }
}

async fn copy_scheme(db: &impl ConnectionTrait, from: EventId, to: EventId) -> AppResult<()> {
    let mut modules: HashMap<i32, i32> = HashMap::new();
    for c in scheme_component::Entity::find()
        .filter(scheme_component::Column::EventId.eq(from))
        .all(db)
        .await?
    {
        let old = c.id;
        let mut row = c.into_active_model().reset_all();
        row.id = NotSet;
        row.event_id = Set(to);
        let component = row.insert(db).await?;
        for m in scheme_module::Entity::find()
            .filter(scheme_module::Column::ComponentId.eq(old))
            .all(db)
            .await?
        {
            let old_module = m.id;
            let mut row = m.into_active_model().reset_all();
            row.id = NotSet;
            row.component_id = Set(component.id);
            modules.insert(old_module, row.insert(db).await?.id);
        }
    }
    for a in scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::EventId.eq(from))
        .all(db)
        .await?
    {
        let module = modules
            .get(&a.module_id)
            .copied()
            .ok_or_else(|| AppError::Internal(format!("aspect {} without its module", a.id)))?;
        let mut row = a.into_active_model().reset_all();
        row.id = NotSet;
        row.event_id = Set(to);
        row.module_id = Set(module);
        row.insert(db).await?;
    }
    Ok(())
}

/// Judges, entrants (with their members) and which judge marks whom.
async fn copy_people(
    db: &impl ConnectionTrait,
    from: EventId,
    to: EventId,
    competition: CompetitionId,
    people: &mut People,
) -> AppResult<()> {
    let mut judges: HashMap<JudgeId, JudgeId> = HashMap::new();
    for j in judge::Entity::find()
        .filter(judge::Column::EventId.eq(from))
        .order_by_asc(judge::Column::Id)
        .all(db)
        .await?
    {
        let old = j.id;
        let mut row = j.into_active_model().reset_all();
        row.id = NotSet;
        row.event_id = Set(to);
        row.person_id = Set(people.make(db).await?.id);
        row.created_at = Set(now());
        judges.insert(old, row.insert(db).await?.id);
    }
    let mut entrants: HashMap<EntrantId, EntrantId> = HashMap::new();
    for e in entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(from))
        .order_by_asc(entrant::Column::EntryNo)
        .all(db)
        .await?
    {
        let old = e.id;
        let mut row = e.clone().into_active_model().reset_all();
        row.id = NotSet;
        row.event_id = Set(to);
        row.team_name = Set(e
            .team_name
            .as_ref()
            .map(|_| format!("彩排{}队", e.entry_no)));
        row.created_at = Set(now());
        let copy = row.insert(db).await?;
        entrants.insert(old, copy.id);
        for _ in entrant_member::Entity::find()
            .filter(entrant_member::Column::EntrantId.eq(old))
            .all(db)
            .await?
        {
            entrant_member::ActiveModel {
                entrant_id: Set(copy.id),
                person_id: Set(people.make(db).await?.id),
                competition_id: Set(competition),
            }
            .insert(db)
            .await?;
        }
    }
    let assignments = judge_assignment::Entity::find()
        .filter(judge_assignment::Column::JudgeId.is_in(judges.keys().copied()))
        .all(db)
        .await?;
    for a in assignments {
        if let (Some(j), Some(e)) = (judges.get(&a.judge_id), entrants.get(&a.entrant_id)) {
            judge_assignment::ActiveModel {
                judge_id: Set(*j),
                entrant_id: Set(*e),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
