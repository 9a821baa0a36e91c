//! A person who signs in: administrator, organiser or award officer.

use crate::UserId;

use crate::OrganisationId;

use crate::kinds::Role;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: UserId,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    /// Argon2id PHC string; never leaves the accounts context.
    pub password_hash: String,
    pub role: Role,
    pub organisation_id: Option<OrganisationId>,
    /// Wrong passwords since the last success or lockout.
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Who made the account: an account the administrator made may not be the second pair of
    /// eyes on what the administrator entered (awards' four eyes).
    pub created_by: Option<UserId>,
    /// Since when the account is disabled (停用): no sign-in, no session, no API token.
    pub disabled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
