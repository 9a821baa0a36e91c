//! The people an entrant is made of (one for individual events).

use crate::CompetitionId;

use crate::ids::EntrantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "entrant_member")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub entrant_id: EntrantId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: i32,
    /// Kept here so that "one event per person per competition" is one indexed look-up.
    pub competition_id: CompetitionId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
