//! A judge's current mark for one aspect of one entrant.

use crate::EventId;

use crate::StoredDecimal;
use crate::ids::{AspectId, EntrantId, JudgeId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mark")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: EventId,
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    pub judge_id: JudgeId,
    pub value: StoredDecimal,
    /// The client-made id of the operation that last set it.
    pub op_id: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The mark this row is of.
    pub fn key(&self) -> crate::MarkKey {
        crate::MarkKey {
            entrant: self.entrant_id,
            aspect: self.aspect_id,
            judge: self.judge_id,
        }
    }
}
