//! Who may do what in 报名 and 资格审核.
//!
//! - The competition's **organisers** (and the administrator) invite units, set the window and
//!   the rules, see every unit's list, review, grant exceptions, and change a list after the
//!   window closes (with a reason).
//! - A unit's **领队**, named for this competition and that unit, sees and changes only its
//!   own unit's entries, and only while the window is open.
//! - Anyone else, a 领队 of another competition included, is answered "not found".

use crate::accounts::Actor;
use crate::competitions::access::{can_manage_competition, can_view_competition};
use crate::competitions::status;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use entity::OrganisationId;
use entity::kinds::{CompetitionStatus, Role};
use entity::{competition, competition_role, registration_window};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// How an actor stands towards one competition's registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Organiser,
    /// The 领队 of this unit.
    Unit(OrganisationId),
}

/// The competition and the actor's part in its registration, or "not found".
pub async fn party(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: entity::CompetitionId,
) -> AppResult<(competition::Model, Party)> {
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if can_manage_competition(actor, &comp) {
        return Ok((comp, Party::Organiser));
    }
    if actor.role == Role::TeamLeader {
        let named = competition_role::Entity::find()
            .filter(competition_role::Column::CompetitionId.eq(comp.id))
            .filter(competition_role::Column::UserId.eq(actor.user_id))
            .filter(competition_role::Column::Role.eq(Role::TeamLeader))
            .one(db)
            .await?;
        if let Some(org) = named.and_then(|r| r.organisation_id)
            && actor.organisation_id == Some(org)
        {
            return Ok((comp, Party::Unit(org)));
        }
    }
    if can_view_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    Err(AppError::NotFound)
}

/// The organiser only; a unit's 领队 is refused.
pub fn organiser_only(party: Party) -> AppResult<()> {
    match party {
        Party::Organiser => Ok(()),
        Party::Unit(_) => Err(AppError::Forbidden),
    }
}

/// Whether the units' window is open: the competition is in 报名中 and the closing time, if
/// set, has not come.
pub fn window_open(
    comp: &competition::Model,
    window: Option<&registration_window::Model>,
    now: DateTime<Utc>,
) -> bool {
    comp.status == CompetitionStatus::Registration && window.is_none_or(|w| now < w.closes_at)
}

/// Whether `party` may change a list now: a unit while the window is open; the organiser
/// until the contest starts, with a reason once the window has closed. Returns the reason
/// the audit entry records.
pub fn may_change(
    comp: &competition::Model,
    party: Party,
    open: bool,
    reason: Option<&str>,
) -> AppResult<Option<String>> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if let Some(r) = reason {
        crate::limits::at_most(r, crate::limits::TEXT, "reason", "原因")?;
    }
    match party {
        Party::Unit(_) if open => Ok(None),
        Party::Unit(_) => Err(AppError::conflict(
            "registration",
            "报名已截止，名单只能由赛事组织者更改，请与组织者联系",
        )),
        Party::Organiser if !status::registration_open(comp.status) => Err(AppError::conflict(
            "registration",
            "比赛已开始，报名名单不能再更改；选手可改为退赛或取消资格",
        )),
        // Before the window opens (筹备中) and while it is open the organiser needs no reason;
        // after it closes every change says why.
        Party::Organiser if open || comp.status == CompetitionStatus::Draft => {
            Ok(reason.map(ToOwned::to_owned))
        }
        Party::Organiser => reason
            .map(|r| Some(r.to_owned()))
            .ok_or_else(|| AppError::invalid("reason", "报名已截止，组织者更改名单须填写原因")),
    }
}
