//! An entrant's 领取码, and the download token a correct code gives for an hour.

use crate::ids::EntrantId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_pickup")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub entrant_id: EntrantId,
    /// Eight characters without look-alikes (no 0/O, 1/I/L).
    pub code: String,
    /// SHA-256 of the download token.
    pub token_hash: Option<String>,
    pub token_expires: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
