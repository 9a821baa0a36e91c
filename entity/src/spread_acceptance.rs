//! The chief judge let a spread beyond the agreement limit count, for one entrant and aspect.

use crate::EventId;

use crate::ids::{AspectId, EntrantId, JudgeId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spread_acceptance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: EventId,
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    /// The chief judge.
    pub judge_id: JudgeId,
    /// The latest audit entry of these marks when accepted: a later change needs a new look.
    pub seq: i32,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
