//! One move of a competition's status: who, when, from what to what, and why (for moves back).

use crate::UserId;

use crate::CompetitionId;

use crate::kinds::CompetitionStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "competition_transition")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competition_id: CompetitionId,
    pub from_status: CompetitionStatus,
    pub to_status: CompetitionStatus,
    pub actor_id: Option<UserId>,
    pub reason: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
