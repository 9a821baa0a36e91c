//! One computation of an event's results (成绩版本), numbered per event. The chief judge signs a
//! version; 成绩确认 freezes the signed one as the final results.

use crate::UserId;

use crate::EventId;

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "result_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub event_id: EventId,
    /// 1, 2, 3 … per event.
    pub number: i32,
    /// SHA-256 over what the results were computed from: a new one means a new version.
    pub fingerprint: String,
    /// The hash of the event's last mark-audit entry (64 zeros before any).
    pub audit_hash: String,
    /// That entry's id; 0 before any.
    pub audit_seq: i32,
    /// The result rules applied, as their JSON document.
    pub rules: String,
    /// Why it was computed: 锁定评分, 更正, 仲裁 and the case number…
    pub cause: String,
    pub computed_at: DateTimeUtc,
    /// The chief judge (a judge id) who signed it.
    pub signed_by: Option<UserId>,
    pub signed_at: Option<DateTimeUtc>,
    /// Frozen as the final results at 成绩确认.
    pub final_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
