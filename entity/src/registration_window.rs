//! 报名截止: when the sending units' window closes. Until then (and while the competition is
//! in 报名中) a unit's 领队 changes its own list; afterwards only the organiser, with a reason.

use crate::CompetitionId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_window")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub competition_id: CompetitionId,
    pub closes_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
