//! A component of an event's marking scheme (理论, 实操 …), with its weight.

use crate::EventId;

use crate::StoredDecimal;
use crate::kinds::ComponentKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scheme_component")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: EventId,
    pub position: i32,
    pub code: String,
    pub name: String,
    /// `theory`, `practical` or `other`.
    pub kind: ComponentKind,
    pub total: StoredDecimal,
    /// Percent of the final total.
    pub weight: StoredDecimal,
    pub pass_mark: Option<StoredDecimal>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
