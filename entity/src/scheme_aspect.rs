//! An aspect (评分项): what a judge marks.

use crate::EventId;

use crate::StoredDecimal;
use crate::ids::AspectId;
use crate::kinds::{Aggregation, AspectKind};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scheme_aspect")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: AspectId,
    pub module_id: i32,
    pub event_id: EventId,
    pub position: i32,
    pub code: String,
    pub name: String,
    /// `measurement`, `pass_fail`, `deduction`, `scale` (0–3) or `direct`.
    pub kind: AspectKind,
    pub step: Option<StoredDecimal>,
    pub max_mark: StoredDecimal,
    /// `mean`, `trimmed_mean`, `median`, `single` or `consensus`.
    pub aggregation: Aggregation,
    /// For `trimmed_mean`: how many highest and lowest are dropped.
    pub trim: i32,
    /// The judges' panel that marks it.
    pub panel: String,
    pub max_spread: Option<StoredDecimal>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The aspect as the scoring engine takes it. The panel's size is not stored with the aspect:
/// it is 0 here, and whoever knows the panel sets it.
impl From<&Model> for scoring::Aspect {
    fn from(a: &Model) -> Self {
        scoring::Aspect {
            id: a.id.into(),
            code: a.code.clone(),
            name: a.name.clone(),
            kind: a.kind.rule(a.step.map(|s| s.to_decimal())),
            max: a.max_mark.to_decimal(),
            aggregation: a.aggregation.rule(u8::try_from(a.trim).unwrap_or(0)),
            panel: 0,
            max_spread: a.max_spread.map(|s| s.to_decimal()),
        }
    }
}
