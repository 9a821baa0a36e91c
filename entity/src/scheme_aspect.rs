//! An aspect (评分项): what a judge marks.

use crate::StoredDecimal;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scheme_aspect")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub module_id: i32,
    pub event_id: i32,
    pub position: i32,
    pub code: String,
    pub name: String,
    /// `measurement`, `pass_fail`, `deduction`, `scale` (0–3) or `direct`.
    pub kind: String,
    pub step: Option<StoredDecimal>,
    pub max_mark: StoredDecimal,
    /// `mean`, `trimmed_mean`, `median`, `single` or `consensus`.
    pub aggregation: String,
    /// For `trimmed_mean`: how many highest and lowest are dropped.
    pub trim: i32,
    /// The judges' panel that marks it.
    pub panel: String,
    pub max_spread: Option<StoredDecimal>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
