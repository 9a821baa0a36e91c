//! A five-year target for a title (力争), with what happens when it is reached.
use crate::kinds::{TargetMode, Title};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "title_target")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: Title,
    pub starts_on: Date,
    pub ends_on: Date,
    pub target: i32,
    pub mode: TargetMode,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
