//! 解密 under 二次加密: who had which blind code, shown to those who manage the competition
//! only after the chief judge has locked the marks, and never without a trace. Every look is
//! an audit entry (who, when), and the page lists every earlier look, so an organiser who
//! opened it before the results were signed cannot hide it. The seeds of both draws are shown
//! here for the first time; their SHA-256 were recorded when they were made, so anyone can
//! check that neither changed and replay both draws.

use crate::accounts::Actor;
use crate::audit;
use crate::competitions::events::find_managed_event;
use crate::error::{AppError, AppResult};
use entity::kinds::{AuditAction, EntrantStatus};
use entity::{EventId, UserId, user};
use sea_orm::TransactionSession;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};

/// One line of the 解密: blind code → station → entrant.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct UnblindLine {
    pub blind_code: String,
    pub station: Option<i32>,
    pub entry_no: i32,
    pub name: String,
    pub organisation: String,
    #[schema(example = "active")]
    pub status: EntrantStatus,
}

/// One look at the 解密.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Look {
    pub who: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// The 解密 of an event, with both seeds and every look so far (this one included).
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Unblinding {
    pub event: String,
    /// The organiser's (sealed) draw of blind codes.
    pub draw_seed: Option<String>,
    pub draw_seed_sha256: Option<String>,
    /// The hall's draw of stations at check-in.
    pub hall_seed: Option<String>,
    pub hall_seed_sha256: Option<String>,
    /// By blind code.
    pub lines: Vec<UnblindLine>,
    pub looks: Vec<Look>,
}

/// Shows the 解密, recording the look first (in its own transaction: the record stands even
/// if the answer never reaches the screen).
pub async fn unblind<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<Unblinding> {
    let (ev, _) = find_managed_event(db, actor, event_id).await?;
    if ev.second_draw_seed.is_none() {
        return Err(AppError::invalid(
            "event",
            "本项目没有启用二次加密，抽签结果在项目页上",
        ));
    }
    if ev.marks_locked_at.is_none() {
        return Err(AppError::invalid("event", "裁判长锁定评分后才能解密"));
    }
    let subject = format!("event:{}", ev.id);
    let txn = crate::db::begin_write(db).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::Unblinding,
        &subject,
        serde_json::json!({"event": ev.id}),
    )
    .await?;
    txn.commit().await?;

    let mut lines: Vec<UnblindLine> = super::entrant_views(db, ev.id)
        .await?
        .into_iter()
        .filter_map(|v| {
            let e = v.entrant;
            Some(UnblindLine {
                blind_code: e.blind_code?,
                station: e.station,
                entry_no: e.entry_no,
                name: e.team_name.clone().unwrap_or_else(|| {
                    v.members
                        .iter()
                        .map(|m| m.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                }),
                organisation: v.organisation,
                status: e.status,
            })
        })
        .collect();
    lines.sort_by(|a, b| a.blind_code.cmp(&b.blind_code));

    let entries: Vec<_> = audit::entries_for(db, &subject)
        .await?
        .into_iter()
        .filter(|e| e.action == AuditAction::Unblinding)
        .collect();
    let ids: Vec<UserId> = entries.iter().filter_map(|e| e.actor_id).collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let looks = entries
        .into_iter()
        .map(|e| Look {
            who: e
                .actor_id
                .and_then(|id| users.iter().find(|u| u.id == id))
                .map(|u| format!("{}（{}）", u.display_name, u.username))
                .unwrap_or_else(|| "—".into()),
            at: e.at,
        })
        .collect();
    Ok(Unblinding {
        event: crate::competitions::events::title(&ev),
        draw_seed_sha256: ev.draw_seed.as_deref().map(super::draw::seed_hash),
        draw_seed: ev.draw_seed,
        hall_seed_sha256: ev.second_draw_seed.as_deref().map(super::draw::seed_hash),
        hall_seed: ev.second_draw_seed,
        lines,
        looks,
    })
}
