//! Tablets (平板) as the organiser sees them: which judge each signed-in tablet is for, and which
//! other judges' marks are still waiting in its browser.
//!
//! A tablet is shared: when a judge leaves it with marks still waiting (the Wi-Fi was down), the
//! marks stay in that browser under that judge and are sent only when the same judge signs in
//! on it again. The tablet reports the judges and counts it holds with each `hello`, so that the
//! organiser can see which tablet must go back to which judge. Values never leave the tablet
//! except in the owner's own marks.

use crate::error::{AppError, AppResult};
use crate::time::now;
use chrono::{DateTime, Utc};
use entity::EventId;
use entity::{JudgeId, judge, judge_session, person};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many judges' queues one report may name: a tablet is passed between a few judges, not
/// hundreds; anything longer is not a real tablet.
const MAX_HELD: usize = 32;

/// One other judge's marks waiting on a tablet, as the tablet reports them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldMarks {
    /// The judge who entered them; `None` for marks an older page stored without a judge.
    pub judge_id: Option<JudgeId>,
    pub marks: u32,
}

/// Stores what a tablet's session reports holding for other judges (an empty report clears it).
/// A tablet reports at every `hello`; the row is written only when the report changed, and
/// `held_reported_at` says since when it has stood.
pub async fn report_held(
    db: &impl ConnectionTrait,
    session: &judge_session::Model,
    held: &[HeldMarks],
) -> AppResult<()> {
    if held.len() > MAX_HELD {
        return Err(AppError::invalid("held", "等待上传的裁判过多"));
    }
    let held: Vec<&HeldMarks> = held.iter().filter(|h| h.marks > 0).collect();
    let stored = if held.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&held).map_err(|e| AppError::Internal(e.to_string()))?)
    };
    if stored == session.held_marks {
        return Ok(());
    }
    judge_session::Entity::update_many()
        .col_expr(judge_session::Column::HeldMarks, Expr::value(stored))
        .col_expr(
            judge_session::Column::HeldReportedAt,
            Expr::value(Some(now())),
        )
        .filter(judge_session::Column::Id.eq(&session.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whose marks a tablet holds, as far as this event knows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeldBy {
    /// One of this event's judges, by name.
    Judge(String),
    /// A judge id this event does not know (a judge of another event used the tablet).
    Unknown(JudgeId),
    /// Marks an older marking page stored without naming their judge.
    Unnamed,
}

/// Another judge's marks held on a tablet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldFor {
    pub judge: HeldBy,
    pub marks: u32,
}

/// A tablet signed in for one of the event's judges.
#[derive(Clone, Debug)]
pub struct Tablet {
    pub judge_id: JudgeId,
    pub judge: String,
    pub device: Option<String>,
    pub since: DateTime<Utc>,
    /// Other judges' marks waiting on this tablet, as reported since `reported_at`.
    pub held: Vec<HeldFor>,
    pub reported_at: Option<DateTime<Utc>>,
}

/// The event's tablets that are signed in now, newest first. The caller has checked that the
/// actor may see the event.
pub async fn tablets_of_event(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<Vec<Tablet>> {
    let judges: HashMap<JudgeId, judge::Model> = judge::Entity::find()
        .filter(judge::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|j| (j.id, j))
        .collect();
    let at = now();
    let sessions: Vec<judge_session::Model> = judge_session::Entity::find()
        .filter(judge_session::Column::JudgeId.is_in(judges.keys().copied().collect::<Vec<_>>()))
        .filter(judge_session::Column::RevokedAt.is_null())
        .filter(judge_session::Column::ExpiresAt.gt(at))
        .order_by_desc(judge_session::Column::CreatedAt)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(judges.values().map(|j| j.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let name_of = |judge_id: JudgeId| {
        judges
            .get(&judge_id)
            .and_then(|j| names.get(&j.person_id))
            .cloned()
    };
    Ok(sessions
        .into_iter()
        .map(|s| {
            let reported: Vec<HeldMarks> = s
                .held_marks
                .as_deref()
                .and_then(|text| serde_json::from_str(text).ok())
                .unwrap_or_default();
            let held = reported
                .into_iter()
                .map(|h| HeldFor {
                    judge: match h.judge_id {
                        Some(id) => name_of(id).map_or(HeldBy::Unknown(id), HeldBy::Judge),
                        None => HeldBy::Unnamed,
                    },
                    marks: h.marks,
                })
                .collect();
            Tablet {
                judge_id: s.judge_id,
                judge: name_of(s.judge_id).unwrap_or_default(),
                device: s.device,
                since: s.created_at,
                held,
                reported_at: s.held_reported_at,
            }
        })
        .collect())
}
