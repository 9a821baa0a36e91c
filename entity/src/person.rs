//! A person, stored once however many events they enter or judge. The ID-card number lives
//! here and nowhere else.

use crate::kinds::Sex;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// 身份证号, upper-case; shown masked, never public, never logged.
    #[sea_orm(unique)]
    pub id_number: String,
    pub name: String,
    /// `male` or `female`, as the ID number says.
    pub sex: Sex,
    pub birth_date: Date,
    pub phone: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
