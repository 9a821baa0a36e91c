//! Failed attempts of one kind from one subject (a client address, an account name).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attempt_throttle")]
pub struct Model {
    /// `<kind>:<subject>`, e.g. `login-address:203.0.113.7` or `login-account:admin`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Failures since `first_failure_at` (the window restarts once it is over).
    pub failures: i32,
    pub first_failure_at: DateTimeUtc,
    pub last_failure_at: DateTimeUtc,
    /// No attempt is taken before this time.
    pub wait_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
