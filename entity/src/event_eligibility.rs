//! 报名条件: who may be registered for an event. Every rule is optional; an event without a
//! row takes anyone (the group and one-event rules still hold, they come from the event and
//! the competition).

use crate::EventId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_eligibility")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: EventId,
    /// Youngest age allowed, in whole years on `age_on`.
    pub min_age: Option<i32>,
    /// Oldest age allowed, in whole years on `age_on`.
    pub max_age: Option<i32>,
    /// The stated date ages are counted on (e.g. the day the contest opens).
    pub age_on: Option<Date>,
    /// How many entrants one unit may register for this event.
    pub quota_per_unit: Option<i32>,
    /// 职业资格（技能等级）required: 5 (五级/初级工) … 1 (一级/高级技师); a holder of this
    /// level or a higher one (a smaller number) qualifies.
    pub required_level: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
