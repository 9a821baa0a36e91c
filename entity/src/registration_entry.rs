//! 报名条目: one entrant (a person or a team) as its sending unit registers it. It becomes an
//! `entrant` only when the organiser accepts it (资格审核), so nothing a unit types reaches the
//! draw, the judges or the boards before that.

use crate::ids::{EntrantId, RegistrationEntryId};
use crate::kinds::{EventGroup, RegistrationState};
use crate::{CompetitionId, EventId, OrganisationId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RegistrationEntryId,
    pub competition_id: CompetitionId,
    pub event_id: EventId,
    /// The sending unit.
    pub organisation_id: OrganisationId,
    pub team_name: Option<String>,
    /// The group the unit declares for its people: 职工组, 学生组 or 教师组.
    pub declared_group: EventGroup,
    pub state: RegistrationState,
    /// Why the organiser returned it (kept until the unit submits again).
    pub return_reason: Option<String>,
    /// The organiser's exception to the eligibility rules, with its reason.
    pub exception_reason: Option<String>,
    /// The entrant made when it was accepted.
    pub entrant_id: Option<EntrantId>,
    pub submitted_at: Option<DateTimeUtc>,
    pub created_by: UserId,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
