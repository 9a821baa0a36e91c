//! A change to a final mark (after lock, or in a signed-off module): asked for with a reason,
//! applied only when the chief judge approves it.

use crate::EventId;

use crate::StoredDecimal;
use crate::ids::{AspectId, EntrantId, JudgeId};
use crate::kinds::CorrectionStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mark_correction")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: EventId,
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    /// Whose mark it is (the judge who asked).
    pub judge_id: JudgeId,
    /// The tablet's id for the request: asking twice stores it once.
    #[sea_orm(unique)]
    pub op_id: String,
    pub old_value: Option<StoredDecimal>,
    pub new_value: StoredDecimal,
    pub reason: String,
    pub device: Option<String>,
    pub requested_at: DateTimeUtc,
    /// `pending`, `approved` or `rejected`.
    pub status: CorrectionStatus,
    /// The chief judge who decided.
    pub decided_by: Option<JudgeId>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_note: Option<String>,
    /// The audit entry that applied an approved correction.
    pub audit_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
