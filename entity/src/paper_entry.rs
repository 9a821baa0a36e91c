//! One cell of a judge's paper score sheet as the clerks typed it (双人录入).

use crate::StoredDecimal;
use crate::ids::{AspectId, EntrantId, EventId, JudgeId, UserId};
use crate::kinds::PaperState;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: EventId,
    /// Whose sheet: the mark is this judge's.
    pub judge_id: JudgeId,
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    pub first_value: StoredDecimal,
    pub first_by: UserId,
    pub first_at: DateTimeUtc,
    /// The second clerk's value, typed without seeing the first.
    pub second_value: Option<StoredDecimal>,
    pub second_by: Option<UserId>,
    pub second_at: Option<DateTimeUtc>,
    pub state: PaperState,
    /// The chief judge's value for a cell the entries (or the tablet) disagreed on.
    pub decided_value: Option<StoredDecimal>,
    /// The chief judge (a judge id).
    pub decided_by: Option<JudgeId>,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
