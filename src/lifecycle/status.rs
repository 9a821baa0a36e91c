//! Moving a competition's status: the stage rules of [`crate::competitions::status`], plus what
//! the other contexts say stands in the way (judging: every scheme checks out before 比赛中;
//! results: every version signed and the publicity window right before 成绩公示, every case
//! decided before 成绩确认), and the results finalised or reopened in the same transaction.

use crate::accounts::Actor;
use crate::audit;
use crate::competitions::access;
use crate::competitions::status::{next, position, results_final};
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::CompetitionId;
use entity::EventId;
use entity::kinds::AuditAction;
use entity::kinds::{CompetitionStatus, Role};
use entity::{competition, competition_transition};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionSession, TransactionTrait,
};

/// What stands in the way of a forward move, for the moves that have rules: into 成绩公示 every
/// event must be locked with its current result version signed and the publicity window set;
/// into 成绩确认 the window must have ended and every case be decided.
async fn blockers(
    db: &impl ConnectionTrait,
    found: &competition::Model,
    to: CompetitionStatus,
) -> AppResult<Vec<String>> {
    let mut blocking = Vec::new();
    match to {
        CompetitionStatus::Publicity => {
            for ev in events_of(db, found.id).await? {
                if let Some(why) = crate::results::versions::not_ready(db, &ev).await? {
                    blocking.push(format!("{}（{}）：{why}", ev.trade, ev.group.label()));
                }
            }
            match (found.publicity_starts_at, found.publicity_ends_at) {
                (Some(start), Some(end)) => {
                    // Publicity counts its days from when the public can see it: a window set
                    // weeks ago and begun late would be shorter than it says.
                    if crate::time::local_date(start) < crate::time::today() {
                        blocking.push(format!(
                            "公示开始时间 {} 已过，请重新设定公示期",
                            crate::time::show_minute(start)
                        ));
                    } else if end <= now() {
                        blocking.push("公示结束时间已过，请重新设定公示期".into());
                    }
                }
                _ => blocking.push("尚未设定公示期（开始和结束时间）".into()),
            }
        }
        CompetitionStatus::Final => {
            // An upheld case after publicity began makes a new version: it is signed first.
            for ev in events_of(db, found.id).await? {
                if let Some(why) = crate::results::versions::not_ready(db, &ev).await? {
                    blocking.push(format!("{}（{}）：{why}", ev.trade, ev.group.label()));
                }
            }
            match found.publicity_ends_at {
                Some(end) if end <= now() => {}
                Some(end) => blocking.push(format!(
                    "公示期至 {} 结束，尚未期满",
                    crate::time::show_minute(end)
                )),
                None => blocking.push("尚未设定公示期".into()),
            }
            let open = crate::results::cases::open_cases(db, found.id).await?;
            if !open.is_empty() {
                blocking.push(format!(
                    "还有 {} 件申诉或异议尚未仲裁：{}",
                    open.len(),
                    open.join("、")
                ));
            }
        }
        _ => {}
    }
    Ok(blocking)
}

async fn events_of(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
) -> AppResult<Vec<entity::event::Model>> {
    Ok(entity::event::Entity::find()
        .filter(entity::event::Column::CompetitionId.eq(competition_id))
        .order_by_asc(entity::event::Column::Id)
        .all(db)
        .await?)
}

pub async fn move_status<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: CompetitionId,
    to: CompetitionStatus,
    reason: Option<&str>,
) -> AppResult<competition::Model> {
    let found = crate::competitions::find_competition(db, actor, id).await?;
    if !access::can_manage_competition(actor, &found) {
        return Err(AppError::Forbidden);
    }
    let from = found.status;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if let Some(r) = reason {
        crate::limits::at_most(r, crate::limits::TEXT, "reason", "理由")?;
    }
    if to == from {
        return Err(AppError::invalid(
            "to",
            format!("赛事已处于“{}”状态", to.label()),
        ));
    }
    if position(to) < position(from) {
        if actor.role != Role::Admin {
            return Err(AppError::invalid(
                "to",
                "赛事状态只能向前推进；回退须由平台管理员操作并说明理由",
            ));
        }
        if reason.is_none() {
            return Err(AppError::invalid("reason", "回退赛事状态须填写理由"));
        }
    } else if Some(to) != next(from) {
        return Err(AppError::invalid(
            "to",
            format!(
                "赛事状态须逐步推进：当前为“{}”，下一步为“{}”",
                from.label(),
                next(from).map_or("（无）", |s| s.label())
            ),
        ));
    }
    if to == CompetitionStatus::Running && from == CompetitionStatus::Registration {
        // An event may start only with a scheme that checks out against its panels.
        let events = entity::event::Entity::find()
            .filter(entity::event::Column::CompetitionId.eq(found.id))
            .all(db)
            .await?;
        let mut blocking = Vec::new();
        for ev in &events {
            let problems = crate::judging::scheme::problems(db, ev).await?;
            if !problems.is_empty() {
                blocking.push(format!(
                    "{}（{}）：{}",
                    ev.trade,
                    ev.group.label(),
                    problems.join("；")
                ));
            }
        }
        if !blocking.is_empty() {
            return Err(AppError::invalid(
                "to",
                format!(
                    "以下项目的评分方案尚未就绪，不能开赛：{}",
                    blocking.join("。")
                ),
            ));
        }
    }
    let blocking = blockers(db, &found, to).await?;
    if position(to) > position(from) && !blocking.is_empty() {
        return Err(AppError::invalid(
            "to",
            format!("不能进入“{}”：{}", to.label(), blocking.join("；")),
        ));
    }
    let event_ids: Vec<EventId> = events_of(db, found.id)
        .await?
        .iter()
        .map(|e| e.id)
        .collect();
    let txn = crate::db::begin_write(db).await?;
    let mut model = found.into_active_model();
    model.status = Set(to);
    let updated = model.update(&txn).await?;
    competition_transition::ActiveModel {
        competition_id: Set(updated.id),
        from_status: Set(from),
        to_status: Set(to),
        actor_id: Set(Some(actor.user_id)),
        reason: Set(reason.map(ToOwned::to_owned)),
        at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if to == CompetitionStatus::Marking {
        // Marking has begun: every event's scheme is frozen from now on.
        entity::event::Entity::update_many()
            .col_expr(
                entity::event::Column::SchemeFrozen,
                sea_orm::sea_query::Expr::value(true),
            )
            .filter(entity::event::Column::CompetitionId.eq(updated.id))
            .exec(&txn)
            .await?;
    }
    if to == CompetitionStatus::Final && from == CompetitionStatus::Publicity {
        // The signed versions become the final results: stored, never recomputed.
        crate::results::versions::finalise(&txn, &event_ids).await?;
        // No mark can change any more: every tablet signs out (codes are refused from now on).
        crate::judging::sign_in::end_sessions_of_events(&txn, &event_ids).await?;
    } else if results_final(from) && !results_final(to) {
        // The administrator's step back: the results may change again until confirmed anew.
        crate::results::versions::unfinalise(&txn, &event_ids).await?;
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::CompetitionStatus,
        &format!("competition:{}", updated.id),
        serde_json::json!({"from": from, "to": to, "reason": reason}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}
