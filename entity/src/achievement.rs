//! 成果记录: what a reward is for. Entered once (`source_key` is unique); what it pays is
//! worked out from it by the policy version in force on `achieved_on`.

use crate::UserId;

use crate::OrganisationId;

use crate::CompetitionId;

use crate::EventId;
use crate::StoredDecimal;
use crate::kinds::{AchievementKind, AchievementSource};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "achievement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: AchievementKind,
    /// The policy item it is evidence for; none pays nothing (a contest placing).
    pub item_code: Option<String>,
    pub achieved_on: Date,
    /// The person it belongs to, if any.
    pub person_id: Option<i32>,
    /// The person's organisation, or the organisation it belongs to (host, sending unit, base).
    pub organisation_id: Option<OrganisationId>,
    /// e.g. 第48届世界技能大赛 数控铣 金牌.
    pub description: String,
    pub heads: i32,
    /// The cost, the tranche paid down, or the salary base, in yuan.
    pub base: Option<StoredDecimal>,
    pub proof: bool,
    /// A shortage trade (紧缺职业).
    pub flagged: bool,
    /// An officer's lowered or set amount, with the reason.
    pub officer_amount: Option<StoredDecimal>,
    pub officer_reason: Option<String>,
    /// Tranches of one grant share a series.
    pub series: Option<String>,
    pub source: AchievementSource,
    /// Unique: the same achievement is never recorded twice.
    pub source_key: String,
    pub competition_id: Option<CompetitionId>,
    pub event_id: Option<EventId>,
    /// More about it (edition, skill, team members, document number), as the officer wrote it.
    pub details: Option<String>,
    pub created_by: Option<UserId>,
    pub created_at: DateTimeUtc,
    /// Withdrawn by an officer (entered by mistake): kept, never deleted, paying nothing.
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawn_by: Option<UserId>,
    pub withdrawn_reason: Option<String>,
    /// The item's conditions an officer has ticked, with the evidence for each (JSON list of
    /// `{condition, evidence, by, at}`).
    pub conditions_met: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
