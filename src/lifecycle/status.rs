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
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
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
        CompetitionStatus::Running if found.status == CompetitionStatus::Registration => {
            // An event may start only with a scheme that checks out against its panels.
            let mut unready = Vec::new();
            for ev in events_of(db, found.id).await? {
                let problems = crate::judging::scheme::problems(db, &ev).await?;
                if !problems.is_empty() {
                    unready.push(format!(
                        "{}（{}）：{}",
                        ev.trade,
                        ev.group.label(),
                        problems.join("；")
                    ));
                }
            }
            if !unready.is_empty() {
                blocking.push(format!(
                    "以下项目的评分方案尚未就绪，不能开赛：{}",
                    unready.join("。")
                ));
            }
        }
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
) -> AppResult<Moved> {
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
    // Only from the status the checks above saw: two organisers pressing the same button at
    // once move it once (the second is told, and nothing is finalised twice).
    let moved = competition::Entity::update_many()
        .col_expr(competition::Column::Status, Expr::value(to))
        .filter(competition::Column::Id.eq(found.id))
        .filter(competition::Column::Status.eq(from))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(AppError::conflict(
            "to",
            "赛事状态刚被他人更改，请刷新页面后再操作",
        ));
    }
    let updated = competition::Model {
        status: to,
        ..found
    };
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
    Ok(Moved {
        from,
        competition: updated,
    })
}

/// A status move made: the status it left, and the competition as it now stands.
pub struct Moved {
    pub from: CompetitionStatus,
    pub competition: competition::Model,
}

/// [`move_status`], then tells the spectators' boards when results became final (or stopped
/// being final): the hall screen then shows the official places and 奖项.
pub async fn move_status_and_announce<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    live: &crate::live::Live,
    actor: &Actor,
    id: CompetitionId,
    to: CompetitionStatus,
    reason: Option<&str>,
) -> AppResult<competition::Model> {
    let moved = move_status(db, actor, id, to, reason).await?;
    if results_final(moved.from) != results_final(moved.competition.status) {
        for ev in events_of(db, moved.competition.id).await? {
            live.publish(crate::live::BoardChanged::of(ev.id));
        }
    }
    Ok(moved.competition)
}

/// What a forward move would do, shown to the organiser before it is made: what stands in the
/// way, what changes for whom, and each event's entrants and awards (counts and names, not
/// only "are you sure?").
pub struct StatusPreview {
    pub competition: competition::Model,
    pub to: CompetitionStatus,
    pub blockers: Vec<String>,
    pub effects: Vec<String>,
    pub events: Vec<EventPreview>,
}

pub struct EventPreview {
    pub name: String,
    pub competing: usize,
    /// 缺赛, 退赛 and 取消资格, in words ("缺赛 2、退赛 1"), or empty.
    pub out: String,
    /// The awards of the latest result version ("一等奖 1、二等奖 2、三等奖 3"), or empty.
    pub awards: String,
    pub awarded: usize,
}

/// The preview of moving competition `id` one step forward to `to` (moves back are the
/// administrator's, with a reason, and are not previewed). Refused as the move itself would be
/// for who may not make it.
pub async fn preview(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: CompetitionId,
    to: CompetitionStatus,
) -> AppResult<StatusPreview> {
    let found = crate::competitions::find_competition(db, actor, id).await?;
    if !access::can_manage_competition(actor, &found) {
        return Err(AppError::Forbidden);
    }
    if Some(to) != next(found.status) {
        return Err(AppError::invalid(
            "to",
            format!(
                "赛事状态须逐步推进：当前为“{}”，下一步为“{}”",
                found.status.label(),
                next(found.status).map_or("（无）", |s| s.label())
            ),
        ));
    }
    let blockers = blockers(db, &found, to).await?;
    let mut events = Vec::new();
    for ev in events_of(db, found.id).await? {
        events.push(event_preview(db, &ev, to).await?);
    }
    let competing: usize = events.iter().map(|e| e.competing).sum();
    let awarded: usize = events.iter().map(|e| e.awarded).sum();
    let window = match (found.publicity_starts_at, found.publicity_ends_at) {
        (Some(a), Some(b)) => format!(
            "公示期 {} 至 {}",
            crate::time::show_minute(a),
            crate::time::show_minute(b)
        ),
        _ => "公示期尚未设定".into(),
    };
    let n = events.len();
    let effects: Vec<String> = match to {
        CompetitionStatus::Registration => vec![
            "开放报名：可以导入和增删选手、裁判。".into(),
            "选手检录从此开放。".into(),
        ],
        CompetitionStatus::Running => vec![
            format!(
                "{n} 个项目开赛，共 {competing} 名选手；此后不能再增删选手（退赛、缺赛仍可登记）。"
            ),
            "裁判可用登录码登录平板评分。".into(),
        ],
        CompetitionStatus::Marking => vec![
            format!("{n} 个项目的评分方案冻结，评分项和分值不能再修改。"),
            "检录关闭：未检录的选手只能登记缺赛。".into(),
        ],
        CompetitionStatus::Publicity => vec![
            format!(
                "{n} 个项目、{competing} 名选手的成绩和拟获奖名单（{awarded} 人次获奖）在公示页公开，{window}。"
            ),
            "公示期内选手和单位可以提出异议，须全部仲裁后才能确认成绩。".into(),
        ],
        CompetitionStatus::Final => vec![
            format!("{n} 个项目已签署的成绩定为最终成绩，不再重算；{awarded} 人次获奖。"),
            "所有裁判平板退出登录，登录码不再有效；分数不能再更正。".into(),
            "公示页改为获奖名单；可以颁发证书，获奖成绩进入奖励、人才称号和补贴的认定。".into(),
        ],
        CompetitionStatus::Archived => {
            vec!["赛事归档：实时成绩页显示已归档，不再连接；证书查验和领取照常。".into()]
        }
        CompetitionStatus::Draft => Vec::new(),
    };
    Ok(StatusPreview {
        competition: found,
        to,
        blockers,
        effects,
        events,
    })
}

async fn event_preview(
    db: &impl ConnectionTrait,
    ev: &entity::event::Model,
    to: CompetitionStatus,
) -> AppResult<EventPreview> {
    use entity::kinds::EntrantStatus;
    let entrants = entity::entrant::Entity::find()
        .filter(entity::entrant::Column::EventId.eq(ev.id))
        .all(db)
        .await?;
    let count = |s: EntrantStatus| entrants.iter().filter(|e| e.status == s).count();
    let out: Vec<String> = [
        EntrantStatus::Absent,
        EntrantStatus::Withdrawn,
        EntrantStatus::Disqualified,
    ]
    .into_iter()
    .filter(|s| count(*s) > 0)
    .map(|s| format!("{} {}", s.label(), count(s)))
    .collect();
    let (mut awards, mut awarded) = (String::new(), 0);
    if matches!(to, CompetitionStatus::Publicity | CompetitionStatus::Final)
        && let Some(version) = crate::results::versions::latest(db, ev.id).await?
    {
        let lines = crate::results::lines::of_version(db, version.id).await?;
        let mut parts = Vec::new();
        for award in <entity::kinds::Award as sea_orm::Iterable>::iter() {
            let n = lines.iter().filter(|l| l.award == Some(award)).count();
            if n > 0 {
                awarded += n;
                parts.push(format!("{} {n}", award.label()));
            }
        }
        awards = parts.join("、");
    }
    Ok(EventPreview {
        name: format!("{}（{}）", ev.trade, ev.group.label()),
        competing: count(EntrantStatus::Active),
        out: out.join("、"),
        awards,
        awarded,
    })
}
