//! The people of a registration entry (one for individual events), matched to `person` by ID
//! number so that their achievements collect across editions.

use crate::CompetitionId;
use crate::ids::RegistrationEntryId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_member")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub entry_id: RegistrationEntryId,
    /// Kept here so that "one event per person per competition" is one indexed look-up.
    pub competition_id: CompetitionId,
    pub person_id: i32,
    /// Order in the team, from 0.
    pub position: i32,
    /// 职业资格（技能等级） held: 5 … 1, as the event's required level counts.
    pub qualification_level: Option<i32>,
    /// 证书编号 of that qualification.
    pub qualification_no: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
