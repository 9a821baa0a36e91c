//! 选手: one competing unit in one event (a person, or a team for team events).

use crate::OrganisationId;

use crate::EventId;

use crate::ids::EntrantId;
use crate::kinds::EntrantStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "entrant")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: EntrantId,
    pub event_id: EventId,
    /// 参赛证号, numbered per event from 1.
    pub entry_no: i32,
    pub organisation_id: OrganisationId,
    pub team_name: Option<String>,
    pub status: EntrantStatus,
    pub status_reason: Option<String>,
    /// 工位号, from the draw.
    pub station: Option<i32>,
    /// 加密号, from the draw: what judges see instead of the name.
    pub blind_code: Option<String>,
    pub created_at: DateTimeUtc,
    /// 检录: when the entrant was checked in at the hall door, and by whom.
    pub checked_in_at: Option<DateTimeUtc>,
    pub checked_in_by: Option<crate::UserId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
