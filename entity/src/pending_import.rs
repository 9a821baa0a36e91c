//! An uploaded spreadsheet waiting for the organiser to confirm its preview.

use crate::UserId;

use crate::CompetitionId;

use crate::kinds::ImportKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pending_import")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub token: String,
    pub competition_id: CompetitionId,
    pub user_id: UserId,
    pub kind: ImportKind,
    pub file_name: String,
    pub content: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
