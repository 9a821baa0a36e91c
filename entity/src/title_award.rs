//! A craftsman title: nominated, reviewed and conferred (or refused), or an older title
//! recorded as a legacy member.

use crate::UserId;

use crate::OrganisationId;
use crate::kinds::{Title, TitleStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "title_award")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub person_id: i32,
    pub organisation_id: Option<OrganisationId>,
    pub title: Title,
    pub status: TitleStatus,
    /// The nomination's case: contest results and other achievements, as written.
    pub evidence: String,
    pub nominated_by: Option<UserId>,
    pub reviewed_by: Option<UserId>,
    pub conferred_by: Option<UserId>,
    pub conferred_on: Option<Date>,
    /// The conferring body (clause 17).
    pub body: String,
    pub doc_number: Option<String>,
    /// A review's or refusal's remark.
    pub note: Option<String>,
    /// The title certificate's number, given at conferment (see `certificates::number`).
    pub certificate_number: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
