//! One entrant's result in one result version.

use crate::ids::EntrantId;
use crate::kinds::{Award, EntrantStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "result_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub entrant_id: EntrantId,
    /// Standing order, from 0.
    pub position: i32,
    /// `None` for withdrawn and disqualified entrants.
    pub rank: Option<i32>,
    /// The exact total as the scheme rounds it, as text (e.g. `87.95`).
    pub total: String,
    pub complete: bool,
    /// Past every pass mark.
    pub passed: bool,
    pub award: Option<Award>,
    pub status: EntrantStatus,
    pub tie_unresolved: bool,
    /// JSON array of honour names.
    pub honours: String,
    /// JSON: `{"components": [[code, score]…], "modules": [[code, total]…]}`.
    pub subtotals: String,
    /// JSON array of the members' person ids (one for an individual event).
    pub members: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
