//! An event's result rules, or (without an event) its competition's default: one JSON document.

use crate::UserId;

use crate::CompetitionId;

use crate::EventId;

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "result_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competition_id: CompetitionId,
    /// `None`: the competition's default.
    pub event_id: Option<EventId>,
    pub doc: String,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<UserId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
