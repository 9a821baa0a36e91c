//! 赛事: one edition of a contest, run by one organisation.

use crate::kinds::{CompetitionKind, CompetitionStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "competition")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub kind: CompetitionKind,
    pub year: i32,
    /// The organisation whose organisers manage it (the bureau for the city contest).
    pub organiser_id: i32,
    pub status: CompetitionStatus,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    /// Whether a person may enter more than one event of this competition.
    pub allow_multiple_events: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
