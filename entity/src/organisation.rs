//! 单位: an enterprise, school, agency or the bureau, in one of Jinhua's districts.

use crate::OrganisationId;

use crate::kinds::OrganisationKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: OrganisationId,
    #[sea_orm(unique)]
    pub name: String,
    pub kind: OrganisationKind,
    pub district: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
