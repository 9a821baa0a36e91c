//! An appeal (赛场申诉) or objection (公示期异议) and its arbitration.

use crate::OrganisationId;
use crate::UserId;

use crate::CompetitionId;

use crate::EventId;

use crate::ids::EntrantId;
use crate::kinds::{CaseChannel, CaseKind, CaseStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appeal_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competition_id: CompetitionId,
    /// 1, 2, 3 … per competition; shown as the case number (e.g. 仲裁〔2026〕3-002号).
    pub number: i32,
    pub kind: CaseKind,
    pub channel: CaseChannel,
    pub event_id: EventId,
    /// The entrant the case is about, if one.
    pub entrant_id: Option<EntrantId>,
    /// The account that filed it online.
    pub filed_by: Option<UserId>,
    pub filer_name: String,
    pub filer_organisation: String,
    /// The team leader's organisation, which sees the decision.
    pub filer_organisation_id: Option<OrganisationId>,
    /// Only the arbitration group and the organiser see it.
    pub filer_phone: Option<String>,
    pub claim: String,
    pub filed_at: DateTimeUtc,
    pub status: CaseStatus,
    pub hearing_at: Option<DateTimeUtc>,
    /// Who heard it.
    pub members: Option<String>,
    pub reasons: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<UserId>,
    /// The result version an upheld case's corrections produced.
    pub result_version: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
