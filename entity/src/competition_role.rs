//! An account's part in one competition: team leader (领队) of one organisation, or a member of
//! the arbitration group (仲裁组).

use crate::UserId;

use crate::OrganisationId;

use crate::CompetitionId;

use crate::kinds::Role;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "competition_role")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competition_id: CompetitionId,
    pub user_id: UserId,
    /// `team_leader` or `arbitrator`.
    pub role: Role,
    /// The team leader's organisation.
    pub organisation_id: Option<OrganisationId>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
