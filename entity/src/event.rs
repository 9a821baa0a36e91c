//! 比赛项目 / 工种: one trade in one group of a competition.

use crate::StoredDecimal;
use crate::kinds::{EventGroup, EventTrack};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competition_id: i32,
    /// 工种, e.g. 数控车工.
    pub trade: String,
    pub group: EventGroup,
    pub track: EventTrack,
    /// 承办单位, which receives the hosting subsidy (clause 10).
    pub host_id: Option<i32>,
    /// The hosting cost the host reports, in yuan.
    pub hosting_cost: Option<StoredDecimal>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
