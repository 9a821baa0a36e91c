//! 证书包: a zip of a competition's certificates (or one organisation's share), built in the
//! background by whichever server holds its lease, served by any.

use crate::{CompetitionId, UserId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_batch")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competition_id: CompetitionId,
    /// One organisation's share, or all.
    pub organisation: Option<String>,
    pub started_by: UserId,
    pub file_name: String,
    /// The date every entry of the zip carries (the latest issue date).
    pub batch_date: Date,
    /// The public address the certificates' QR codes lead to.
    pub base_url: String,
    pub total: i32,
    pub done: i32,
    /// `running`, `done` or `failed`.
    pub state: String,
    pub error: Option<String>,
    /// The zip, once done.
    pub zip: Option<Vec<u8>>,
    /// A running batch belongs to the server that set this; once past, any server takes it over.
    pub lease_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
