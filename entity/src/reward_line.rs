//! 奖补明细: what one achievement pays one recipient, and where it is in the four-eyes
//! workflow. A paid line never changes; a correction is a new line.

use crate::UserId;

use crate::OrganisationId;
use crate::StoredDecimal;
use crate::kinds::{FundingSource, RewardStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reward_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub achievement_id: i32,
    /// 0, or the year of a multi-year item.
    pub part: i32,
    /// The policy version it was computed by.
    pub policy_item_id: i32,
    pub item_code: String,
    pub item_name: String,
    pub clause: String,
    pub fund: FundingSource,
    pub person_id: Option<i32>,
    pub organisation_id: Option<OrganisationId>,
    /// The person's or the organisation's name, as publicised and paid.
    pub recipient_name: String,
    pub organisation_name: String,
    pub district: String,
    /// 市本级 or the district that pays (按现行财政体制承担).
    pub payer: String,
    /// The year of the achievement.
    pub year: i32,
    pub amount: StoredDecimal,
    /// What the item gives before clause 18.
    pub computed: StoredDecimal,
    pub ceiling: Option<StoredDecimal>,
    pub note: String,
    pub status: RewardStatus,
    pub entered_by: Option<UserId>,
    pub reviewed_by: Option<UserId>,
    pub approved_by: Option<UserId>,
    pub publicity_id: Option<i32>,
    pub paid_on: Option<Date>,
    /// 凭证号.
    pub voucher: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// A later year's line of a multi-year item (引才补贴, 津贴): not publicised, approved or
    /// paid before this day. None: at once.
    pub payable_from: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
