//! 裁判 / 裁判长 of one event, in one panel.

use crate::OrganisationId;

use crate::EventId;

use crate::ids::JudgeId;
use crate::kinds::JudgeRole;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "judge")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: JudgeId,
    pub event_id: EventId,
    pub person_id: i32,
    /// The judge's own organisation: they never mark its entrants (回避).
    pub organisation_id: OrganisationId,
    pub role: JudgeRole,
    /// The panel (裁判组) whose aspects this judge marks, e.g. `A`.
    pub panel: String,
    pub created_at: DateTimeUtc,
    /// 替补裁判: marks only the entrants assigned to them, in place of a panel that had to stay
    /// away; not counted in the panel's size.
    pub substitute: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
