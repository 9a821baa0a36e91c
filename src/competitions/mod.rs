//! Competitions (赛事) and their events (比赛项目).
//!
//! A **competition** is one edition of a contest, such as 2026年金华市技能大赛 or one
//! enterprise's 岗位练兵, run by one organisation (its *organiser*). An **event** is one trade
//! in one group (职工组, 学生组, 教师组) of a competition, hosted by a *host* organisation.
//! Organisers see and touch only their own organisation's competitions; the city bureau sees
//! all (see [`access`]).

pub mod access;
pub mod events;
pub mod roles;
pub mod status;

use crate::accounts::Actor;
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::kinds::AuditAction;
use entity::kinds::{CompetitionKind, CompetitionStatus, Role};
use entity::{CompetitionId, OrganisationId};
use entity::{competition, event, organisation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

#[derive(Clone, Debug)]
pub struct NewCompetition {
    pub name: String,
    pub kind: CompetitionKind,
    pub year: i32,
    /// The organising body; an organiser's own organisation when not given.
    pub organiser_id: Option<OrganisationId>,
}

pub async fn create_competition(
    db: &impl ConnectionTrait,
    actor: &Actor,
    new: NewCompetition,
) -> AppResult<competition::Model> {
    let name = new.name.trim().to_owned();
    if name.chars().count() < 2 || name.chars().count() > 100 {
        return Err(AppError::invalid("name", "赛事名称须为 2–100 字"));
    }
    if !(2000..=2100).contains(&new.year) {
        return Err(AppError::invalid("year", "年度须在 2000–2100 之间"));
    }
    let organiser_id = new
        .organiser_id
        .or(actor.organisation_id)
        .ok_or_else(|| AppError::invalid("organiser_id", "请选择主办单位"))?;
    let organiser = organisation::Entity::find_by_id(organiser_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("organiser_id", "主办单位不存在"))?;
    if !access::can_create_competition(actor, &organiser) {
        return Err(AppError::Forbidden);
    }
    if !access::kind_fits_organiser(new.kind, organiser.kind) {
        return Err(AppError::invalid(
            "kind",
            format!(
                "{}不能主办“{}”类赛事",
                organiser.kind.label(),
                new.kind.label()
            ),
        ));
    }
    Ok(competition::ActiveModel {
        name: Set(name),
        kind: Set(new.kind),
        year: Set(new.year),
        organiser_id: Set(organiser.id),
        status: Set(CompetitionStatus::Draft),
        created_by: Set(Some(actor.user_id)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// The competitions the actor may see, newest first. Every role is named: a role added later
/// sees nothing here until someone decides what it may see.
pub async fn list_competitions(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<Vec<competition::Model>> {
    let query = competition::Entity::find()
        .order_by_desc(competition::Column::Year)
        .order_by_desc(competition::Column::Id);
    let query = match actor.role {
        Role::Admin | Role::AwardOfficer => query,
        Role::Organiser => query
            .filter(competition::Column::OrganiserId.eq(actor.organisation_id.map_or(-1, |o| o.0))),
        // A team leader or arbitrator meets only the competitions they are named for.
        Role::TeamLeader | Role::Arbitrator => {
            let named: Vec<CompetitionId> = entity::competition_role::Entity::find()
                .filter(entity::competition_role::Column::UserId.eq(actor.user_id))
                .all(db)
                .await?
                .into_iter()
                .map(|r| r.competition_id)
                .collect();
            query.filter(competition::Column::Id.is_in(named))
        }
    };
    Ok(query.all(db).await?)
}

/// One competition, or "not found" when the actor may not see it.
pub async fn find_competition(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: CompetitionId,
) -> AppResult<competition::Model> {
    competition::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| access::can_view_competition(actor, c))
        .ok_or(AppError::NotFound)
}

/// Competitions the public may know of: all but drafts.
pub async fn list_public_competitions(
    db: &impl ConnectionTrait,
) -> AppResult<Vec<competition::Model>> {
    Ok(competition::Entity::find()
        .order_by_desc(competition::Column::Year)
        .order_by_desc(competition::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(access::is_listed)
        .collect())
}

pub async fn list_events(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
) -> AppResult<Vec<event::Model>> {
    Ok(event::Entity::find()
        .filter(event::Column::CompetitionId.eq(competition_id))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?)
}

/// What may change about a competition after it is created.
#[derive(Clone, Debug)]
pub struct CompetitionChanges {
    pub name: String,
    pub year: i32,
    pub allow_multiple_events: bool,
}

pub async fn update_competition(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: CompetitionId,
    changes: CompetitionChanges,
) -> AppResult<competition::Model> {
    let found = find_competition(db, actor, id).await?;
    if !access::can_manage_competition(actor, &found) {
        return Err(AppError::Forbidden);
    }
    let name = changes.name.trim().to_owned();
    if name.chars().count() < 2 || name.chars().count() > 100 {
        return Err(AppError::invalid("name", "赛事名称须为 2–100 字"));
    }
    if !(2000..=2100).contains(&changes.year) {
        return Err(AppError::invalid("year", "年度须在 2000–2100 之间"));
    }
    let mut model: competition::ActiveModel = found.into();
    model.name = Set(name);
    model.year = Set(changes.year);
    model.allow_multiple_events = Set(changes.allow_multiple_events);
    let updated = model.update(db).await?;
    crate::audit::record(
        db,
        Some(actor.user_id),
        AuditAction::CompetitionUpdate,
        &format!("competition:{}", updated.id),
        serde_json::json!({"name": updated.name, "year": updated.year, "allow_multiple_events": updated.allow_multiple_events}),
    )
    .await?;
    Ok(updated)
}
