//! 证书: one issued certificate, with everything it prints as at issue.

use crate::UserId;

use crate::CompetitionId;

use crate::EventId;

use crate::ids::EntrantId;
use crate::kinds::{Award, CertificateScope, DateStyle};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// 证书编号 (see `certificates::number`).
    #[sea_orm(unique)]
    pub number: String,
    pub competition_id: CompetitionId,
    pub event_id: EventId,
    pub entrant_id: EntrantId,
    pub person_id: i32,
    /// Empty for an award certificate; otherwise the honour's name.
    pub scope: CertificateScope,
    pub award: Option<Award>,
    /// In order of issue within the event.
    pub serial: i32,
    pub title: String,
    pub holder: String,
    pub organisation: String,
    pub competition_name: String,
    pub event_name: String,
    /// 一等奖, 团体二等奖, or the honour's name.
    pub award_name: String,
    /// The wording with its fields filled in.
    pub wording: String,
    pub issuer: String,
    pub doc_number: String,
    pub date_style: DateStyle,
    pub issued_on: Date,
    pub issued_by: Option<UserId>,
    pub created_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    /// The organiser's own words: shown to organisers only.
    pub revoked_reason: Option<String>,
    /// The reason from the list, which the public is told.
    pub revoked_code: Option<crate::kinds::RevocationReason>,
    pub revoked_by: Option<UserId>,
    /// The certificate issued in its place.
    pub replaced_by: Option<i32>,
    /// The team's name on a team award's certificate, as printed; `None` for one person's.
    pub team_name: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
