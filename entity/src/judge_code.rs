//! A one-time sign-in code for a judge's tablet: single use, valid for minutes.

use crate::UserId;

use crate::ids::JudgeId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "judge_code")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub judge_id: JudgeId,
    /// SHA-256 of the code; the code itself is shown once to the organiser.
    #[sea_orm(unique)]
    pub code_hash: String,
    pub issued_by: Option<UserId>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
