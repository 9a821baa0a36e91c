//! An explicit judge–entrant assignment, for events where judges mark given entrants only.

use crate::ids::{EntrantId, JudgeId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "judge_assignment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub judge_id: JudgeId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub entrant_id: EntrantId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
