//! 赛事: one edition of a contest, run by one organisation.

use crate::OrganisationId;
use crate::UserId;

use crate::CompetitionId;

use crate::kinds::{CompetitionKind, CompetitionStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "competition")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: CompetitionId,
    pub name: String,
    pub kind: CompetitionKind,
    pub year: i32,
    /// The organisation whose organisers manage it (the bureau for the city contest).
    pub organiser_id: OrganisationId,
    pub status: CompetitionStatus,
    pub created_by: Option<UserId>,
    pub created_at: DateTimeUtc,
    /// Whether a person may enter more than one event of this competition.
    pub allow_multiple_events: bool,
    /// The publicity window (公示期), set by the organiser before 成绩公示.
    pub publicity_starts_at: Option<DateTimeUtc>,
    pub publicity_ends_at: Option<DateTimeUtc>,
    /// Who takes objections during publicity (a department and a telephone number).
    pub publicity_contact: Option<String>,
    /// Hours after an event ends in which a team leader may file an on-site appeal.
    pub appeal_hours: i32,
    /// The HR bureau agreed to hold it as a 市一级 contest (clause 10): hosts may get the
    /// hosting subsidy. Set explicitly, never inferred from `kind`.
    pub city_level_approved: bool,
    /// The approval's document number.
    pub city_level_doc: Option<String>,
    /// 彩排: the real competition this rehearsal copies; `None` for a real competition.
    pub rehearsal_of: Option<CompetitionId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
