//! The audit trail of setup actions: who did what to which thing, when.

use crate::UserId;
use crate::kinds::AuditAction;

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    pub actor_id: Option<UserId>,
    /// e.g. `draw`, `import_entrants`, `competition_status`.
    pub action: AuditAction,
    /// e.g. `event:7`.
    pub subject: String,
    /// JSON with what changed; never an ID number.
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
