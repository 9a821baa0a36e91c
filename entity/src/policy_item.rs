//! 政策条目: one version of one item of the craftsman policy. Versions are added, never edited;
//! the one in force on an achievement's date applies.

use crate::UserId;
use crate::kinds::{FundingSource, PolicyShape, RecipientKind};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stable across versions, e.g. `ws_gold`.
    pub code: String,
    pub effective_from: Date,
    /// 文号 of the document this version comes from.
    pub doc_number: String,
    pub clause: String,
    pub name: String,
    pub recipient: RecipientKind,
    pub fund: FundingSource,
    /// 同类组: clause 18 pays the highest only inside one.
    pub same_kind_group: Option<String>,
    /// How the amount is computed.
    pub shape: PolicyShape,
    /// The shape's parameters as JSON, amounts as strings.
    pub params: String,
    /// Why this version was added.
    pub reason: String,
    pub created_by: Option<UserId>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
