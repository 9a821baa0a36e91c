//! A judge's tablet, signed in for one judge of one event.

use crate::ids::JudgeId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "judge_session")]
pub struct Model {
    /// SHA-256 of the cookie token.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub judge_id: JudgeId,
    pub device: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// Set when the organiser ends the session (a lost or stolen tablet).
    pub revoked_at: Option<DateTimeUtc>,
    /// Other judges' marks still waiting in this tablet's browser, as the tablet last reported
    /// them: JSON `[{"judge_id": 12, "marks": 2}]` (`judge_id` null for marks of an older page
    /// that named no judge). Counts only, never values.
    #[sea_orm(column_type = "Text", nullable)]
    pub held_marks: Option<String>,
    pub held_reported_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
