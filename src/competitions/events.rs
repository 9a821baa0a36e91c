//! Events (比赛项目 / 工种) of a competition. Access follows the competition: an event is
//! visible to whoever may see its competition and changed by whoever may manage it.

use super::{access, find_competition};
use crate::accounts::Actor;
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::time::now;
use chrono::{DateTime, Utc};
use entity::kinds::AuditAction;
use entity::kinds::{EventGroup, EventTrack, LiveMarks, Rounding, ShortPanel};
use entity::{CompetitionId, EventId, OrganisationId};
use entity::{StoredDecimal, competition, event, organisation};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// What an organiser sets for an event.
#[derive(Clone, Debug)]
pub struct EventDetails {
    pub trade: String,
    pub group: EventGroup,
    pub track: EventTrack,
    /// 5 (五级/初级工) … 1 (一级/高级技师).
    pub level: i32,
    pub host_id: Option<OrganisationId>,
    pub venue: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub team_size: i32,
    pub hosting_cost: Option<Decimal>,
}

/// 职业技能等级 names, by level number.
/// An event as results, cases and certificates name it: 数控车工（职工组）.
pub fn title(ev: &event::Model) -> String {
    format!("{}（{}）", ev.trade, ev.group.label())
}

pub fn level_label(level: i32) -> &'static str {
    match level {
        1 => "一级/高级技师",
        2 => "二级/技师",
        3 => "三级/高级工",
        4 => "四级/中级工",
        5 => "五级/初级工",
        _ => "—",
    }
}

async fn check(db: &impl ConnectionTrait, d: &EventDetails) -> AppResult<Option<StoredDecimal>> {
    let trade = d.trade.trim();
    if trade.is_empty() || trade.chars().count() > 50 {
        return Err(AppError::invalid(
            "trade",
            "工种名称不能为空，且不超过 50 字",
        ));
    }
    if let Some(venue) = &d.venue {
        crate::limits::at_most(venue, 100, "venue", "比赛地点")?;
    }
    if !(1..=5).contains(&d.level) {
        return Err(AppError::invalid(
            "level",
            "目标等级须为 1（一级/高级技师）到 5（五级/初级工）",
        ));
    }
    if !(1..=10).contains(&d.team_size) {
        return Err(AppError::invalid(
            "team_size",
            "每队人数须在 1–10 之间（个人赛为 1）",
        ));
    }
    if let (Some(s), Some(e)) = (d.starts_at, d.ends_at)
        && e <= s
    {
        return Err(AppError::invalid("ends_at", "结束时间须晚于开始时间"));
    }
    if let Some(host) = d.host_id
        && organisation::Entity::find_by_id(host)
            .one(db)
            .await?
            .is_none()
    {
        return Err(AppError::invalid("host_id", "承办单位不存在"));
    }
    match d.hosting_cost {
        None => Ok(None),
        Some(c) if c < Decimal::ZERO => {
            Err(AppError::invalid("hosting_cost", "承办成本不能为负数"))
        }
        // Money is to the fen: more places are a typing mistake, not something to round away.
        Some(c) if c.normalize().scale() > 2 => Err(AppError::invalid(
            "hosting_cost",
            "承办成本精确到分（最多两位小数）",
        )),
        Some(c) => StoredDecimal::try_from(c)
            .map(Some)
            .map_err(|_| AppError::invalid("hosting_cost", "承办成本数额过大")),
    }
}

pub async fn create_event(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
    d: EventDetails,
) -> AppResult<event::Model> {
    let comp = find_competition(db, actor, competition_id).await?;
    if !access::can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    let cost = check(db, &d).await?;
    let duplicate = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(comp.id))
        .filter(event::Column::Trade.eq(d.trade.trim()))
        .filter(event::Column::Group.eq(d.group))
        .one(db)
        .await?;
    if duplicate.is_some() {
        return Err(AppError::conflict("trade", "本赛事已有同一组别的该工种"));
    }
    let created = event::ActiveModel {
        competition_id: Set(comp.id),
        trade: Set(d.trade.trim().to_owned()),
        group: Set(d.group),
        track: Set(d.track),
        host_id: Set(d.host_id),
        hosting_cost: Set(cost),
        created_at: Set(now()),
        level: Set(d.level),
        venue: Set(d
            .venue
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())),
        starts_at: Set(d.starts_at),
        ends_at: Set(d.ends_at),
        team_size: Set(d.team_size),
        rounding: Set(Rounding::HalfUp),
        aspect_places: Set(2),
        total_places: Set(2),
        short_panel: Set(ShortPanel::KeepTrim),
        scheme_frozen: Set(false),
        draw_seed: Set(None),
        drawn_at: Set(None),
        results_published: Set(false),
        live_marks: Set(LiveMarks::Confirmed),
        live_anonymous: Set(true),
        live_freeze_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::EventCreate,
        &format!("event:{}", created.id),
        serde_json::json!({"trade": created.trade, "group": created.group}),
    )
    .await?;
    Ok(created)
}

/// An event by id, with no one's access checked: for the live hub and the judge's tablet,
/// which reach the event through a channel or a session the caller has already checked.
pub async fn by_id(db: &impl ConnectionTrait, id: EventId) -> AppResult<Option<event::Model>> {
    Ok(event::Entity::find_by_id(id).one(db).await?)
}

/// An event and its competition, or "not found" when the actor may not see them.
pub async fn find_event(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: EventId,
) -> AppResult<(event::Model, competition::Model)> {
    let found = event::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let comp = find_competition(db, actor, found.competition_id).await?;
    Ok((found, comp))
}

/// An event the actor may change: another organisation's is "not found", a visible one the
/// actor may only look at is "forbidden".
pub async fn find_managed_event(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: EventId,
) -> AppResult<(event::Model, competition::Model)> {
    let (found, comp) = find_event(db, actor, id).await?;
    if !access::can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    Ok((found, comp))
}

/// Changes an event's details. The group and trade stay unique in the competition.
pub async fn update_event(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: EventId,
    d: EventDetails,
) -> AppResult<event::Model> {
    let (ev, _comp) = find_managed_event(db, actor, id).await?;
    let cost = check(db, &d).await?;
    let clash = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(ev.competition_id))
        .filter(event::Column::Trade.eq(d.trade.trim()))
        .filter(event::Column::Group.eq(d.group))
        .filter(event::Column::Id.ne(ev.id))
        .one(db)
        .await?;
    if clash.is_some() {
        return Err(AppError::conflict("trade", "本赛事已有同一组别的该工种"));
    }
    let has_entrants = entity::entrant::Entity::find()
        .filter(entity::entrant::Column::EventId.eq(ev.id))
        .one(db)
        .await?
        .is_some();
    if has_entrants && d.team_size != ev.team_size {
        return Err(AppError::invalid(
            "team_size",
            "已有选手报名，不能再改变每队人数",
        ));
    }
    let mut model: event::ActiveModel = ev.into();
    model.trade = Set(d.trade.trim().to_owned());
    model.group = Set(d.group);
    model.track = Set(d.track);
    model.level = Set(d.level);
    model.host_id = Set(d.host_id);
    model.venue = Set(d
        .venue
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty()));
    model.starts_at = Set(d.starts_at);
    model.ends_at = Set(d.ends_at);
    model.team_size = Set(d.team_size);
    model.hosting_cost = Set(cost);
    let updated = model.update(db).await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::EventUpdate,
        &format!("event:{}", updated.id),
        serde_json::json!({"trade": updated.trade, "group": updated.group, "team_size": updated.team_size}),
    )
    .await?;
    Ok(updated)
}
