//! The chief judge's sign-off (签字确认) of one module: its marks are final from then on.

use crate::EventId;

use crate::ids::JudgeId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "module_sign_off")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: EventId,
    #[sea_orm(unique)]
    pub module_id: i32,
    /// The chief judge who signed.
    pub judge_id: JudgeId,
    pub signed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
