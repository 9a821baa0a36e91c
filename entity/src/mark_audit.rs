//! One change of a mark, in an append-only hash chain.

use crate::EventId;

use crate::StoredDecimal;
use crate::ids::{AspectId, EntrantId, JudgeId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mark_audit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: EventId,
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    /// Whose mark it is.
    pub judge_id: JudgeId,
    /// Who changed it: `judge:12` or `user:3`.
    pub actor: String,
    pub device: Option<String>,
    pub at: DateTimeUtc,
    pub old_value: Option<StoredDecimal>,
    pub new_value: Option<StoredDecimal>,
    pub reason: Option<String>,
    #[sea_orm(unique)]
    pub op_id: Option<String>,
    /// The hash of the entry before (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and this entry's fields.
    pub hash: String,
    /// The chain the entry is on: `0` the record; a rehearsal's id for a rehearsal's marks,
    /// which chain on their own and leave with it.
    pub chain: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The mark this entry is of.
    pub fn key(&self) -> crate::MarkKey {
        crate::MarkKey {
            entrant: self.entrant_id,
            aspect: self.aspect_id,
            judge: self.judge_id,
        }
    }
}
