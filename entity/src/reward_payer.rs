//! Which level pays for an organisation's district (按现行财政体制承担).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reward_payer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub district: String,
    pub payer: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
