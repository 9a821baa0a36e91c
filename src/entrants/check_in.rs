//! 检录 (check-in) at the hall door and 缺赛 (absence).
//!
//! The staff check each entrant in by the entry number, or the ID card's number typed or
//! scanned; the photo is compared by the person at the door. Checking in twice is harmless and
//! says when the first was, so a phone that lost its answer on bad Wi-Fi can simply send again.
//! Entrants not checked in by the event's start are marked 缺赛 in one step: they leave the
//! judges' lists, the chief's matrix and the boards, and results show them as 缺赛, never
//! ranked or awarded. Bringing one back needs the chief judge and a reason
//! ([`crate::lifecycle::check_in`]).

use super::id_card;
use crate::accounts::Actor;
use crate::audit;
use crate::competitions::events::find_managed_event;
use crate::competitions::status;
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::kinds::{AuditAction, CompetitionStatus, EntrantStatus};
use entity::{EntrantId, EventId, entrant, entrant_member, event, organisation, person};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionSession, TransactionTrait,
};

/// What the door's screen shows after a check-in: enough to compare with the person and the
/// ID card (name, unit, entry number, station), never the ID number.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct CheckedIn {
    pub entrant_id: EntrantId,
    pub entry_no: i32,
    pub name: String,
    pub organisation: String,
    pub station: Option<i32>,
    pub checked_in_at: chrono::DateTime<chrono::Utc>,
    /// Checked in before (this answer repeats the first time).
    pub already: bool,
}

/// The door's count.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct CheckInCount {
    pub entrants: usize,
    pub checked_in: usize,
    pub absent: usize,
    /// Entry numbers still expected at the door.
    pub waiting: Vec<i32>,
}

/// Whether check-in is open: on the contest day, before the move to 比赛中 and during it.
fn refuse_unless_open(status: CompetitionStatus) -> AppResult<()> {
    if matches!(
        status,
        CompetitionStatus::Registration | CompetitionStatus::Running
    ) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "competition",
            format!("赛事处于“{}”状态，不在检录时段", status.label()),
        ))
    }
}

/// The entrant the door typed: an entry number (12, 012, 12号) or an ID card's number.
async fn find_by_key(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    key: &str,
) -> AppResult<entrant::Model> {
    let key = key.trim();
    let not_found = || AppError::invalid("key", "本项目没有此参赛证号或身份证号的选手");
    if key.is_empty() {
        return Err(AppError::invalid("key", "请输入参赛证号或身份证号"));
    }
    let number = key.trim_end_matches('号').trim();
    if number.len() <= 6
        && let Ok(no) = number.parse::<i32>()
    {
        return entrant::Entity::find()
            .filter(entrant::Column::EventId.eq(ev.id))
            .filter(entrant::Column::EntryNo.eq(no))
            .one(db)
            .await?
            .ok_or_else(not_found);
    }
    let card = id_card::parse(key).map_err(|_| not_found())?;
    let Some(p) = person::Entity::find()
        .filter(person::Column::IdNumber.eq(card.number))
        .one(db)
        .await?
    else {
        return Err(not_found());
    };
    let ids: Vec<EntrantId> = entrant_member::Entity::find()
        .filter(entrant_member::Column::PersonId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.entrant_id)
        .collect();
    entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .filter(entrant::Column::Id.is_in(ids))
        .one(db)
        .await?
        .ok_or_else(not_found)
}

/// Checks an entrant in. Refused for an entrant who withdrew or was disqualified; an entrant
/// marked 缺赛 who arrives late is refused too, with the way back (the chief judge).
///
/// Under 二次加密 the first check-in also gives the entrant's station: the one drawn from the
/// box at the door (`drawn`), or the hall seed's draw ([`super::draw::hall_station_for`]).
pub async fn check_in<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    key: &str,
    drawn: Option<i32>,
) -> AppResult<CheckedIn> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    refuse_unless_open(comp.status)?;
    let found = find_by_key(db, &ev, key).await?;
    match found.status {
        EntrantStatus::Active => {}
        EntrantStatus::Absent => {
            return Err(AppError::invalid(
                "key",
                format!(
                    "{} 号选手已记为缺赛；如准予参赛，须由裁判长撤销缺赛并写明理由",
                    found.entry_no
                ),
            ));
        }
        other => {
            return Err(AppError::invalid(
                "key",
                format!("{} 号选手{}，不能检录", found.entry_no, other.label()),
            ));
        }
    }
    let (entrant, already) = match found.checked_in_at {
        Some(_) => (found, true),
        None => {
            // Only the first check-in is stored, also when two phones send it at once; the
            // check-in and its audit line are one transaction (one flush to disk).
            let at = now();
            let txn = crate::db::begin_write(db).await?;
            let station = super::draw::hall_station_for(&txn, &ev, drawn).await?;
            let mut claim = entrant::Entity::update_many()
                .col_expr(entrant::Column::CheckedInAt, Expr::value(Some(at)))
                .col_expr(
                    entrant::Column::CheckedInBy,
                    Expr::value(Some(actor.user_id.0)),
                );
            if station.is_some() {
                claim = claim.col_expr(entrant::Column::Station, Expr::value(station));
            }
            let claimed = claim
                .filter(entrant::Column::Id.eq(found.id))
                .filter(entrant::Column::CheckedInAt.is_null())
                .exec(&txn)
                .await?
                .rows_affected
                == 1;
            if claimed {
                audit::record(
                    &txn,
                    Some(actor.user_id),
                    AuditAction::EntrantCheckIn,
                    &format!("event:{}", ev.id),
                    serde_json::json!({"entrant": found.id, "entry_no": found.entry_no,
                                       "station": station, "drawn_by_hand": drawn.is_some()}),
                )
                .await?;
            }
            txn.commit().await?;
            let stored = entrant::Entity::find_by_id(found.id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            (stored, !claimed)
        }
    };
    describe(db, entrant, already).await
}

async fn describe(
    db: &impl ConnectionTrait,
    e: entrant::Model,
    already: bool,
) -> AppResult<CheckedIn> {
    let person_ids: Vec<i32> = entrant_member::Entity::find()
        .filter(entrant_member::Column::EntrantId.eq(e.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    let names: Vec<String> = person::Entity::find()
        .filter(person::Column::Id.is_in(person_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let organisation = organisation::Entity::find_by_id(e.organisation_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(CheckedIn {
        entrant_id: e.id,
        entry_no: e.entry_no,
        name: e.team_name.clone().unwrap_or_else(|| names.join("、")),
        organisation,
        station: e.station,
        checked_in_at: e.checked_in_at.unwrap_or_else(now),
        already,
    })
}

/// How the door stands: checked in, absent, and who is still expected.
pub async fn count(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<CheckInCount> {
    let (ev, _) = find_managed_event(db, actor, event_id).await?;
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .order_by_asc(entrant::Column::EntryNo)
        .all(db)
        .await?;
    Ok(CheckInCount {
        entrants: entrants.len(),
        checked_in: entrants
            .iter()
            .filter(|e| e.checked_in_at.is_some())
            .count(),
        absent: entrants
            .iter()
            .filter(|e| e.status == EntrantStatus::Absent)
            .count(),
        waiting: entrants
            .iter()
            .filter(|e| e.status == EntrantStatus::Active && e.checked_in_at.is_none())
            .map(|e| e.entry_no)
            .collect(),
    })
}

/// Marks every active entrant not checked in as 缺赛, in one step, once the event has started
/// (its start time has passed, or the contest is running and no start time was set).
pub async fn mark_absent(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<Vec<i32>> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    status::refuse_if_final(db, comp.id, "记录缺赛").await?;
    let started = match ev.starts_at {
        Some(at) => at <= now(),
        None => comp.status == CompetitionStatus::Running,
    };
    if !started {
        return Err(AppError::invalid(
            "event",
            "项目开赛后才能把未检录的选手记为缺赛",
        ));
    }
    if ev.marks_locked_at.is_some() {
        return Err(AppError::invalid("event", "本项目评分已锁定"));
    }
    let missing: Vec<entrant::Model> = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .filter(entrant::Column::Status.eq(EntrantStatus::Active))
        .filter(entrant::Column::CheckedInAt.is_null())
        .all(db)
        .await?;
    let numbers: Vec<i32> = missing.iter().map(|e| e.entry_no).collect();
    for e in missing {
        let mut model = e.into_active_model();
        model.status = Set(EntrantStatus::Absent);
        model.status_reason = Set(Some("检录截止未到场".into()));
        model.update(db).await?;
    }
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::EntrantAbsent,
        &format!("event:{}", ev.id),
        serde_json::json!({"entry_nos": numbers}),
    )
    .await?;
    Ok(numbers)
}

/// Brings an entrant marked 缺赛 back (the chief judge's decision, with a reason; see
/// [`crate::lifecycle::check_in::undo_absence`]), checked in now.
pub(crate) async fn restore(
    db: &impl ConnectionTrait,
    entrant_id: EntrantId,
    ev: &event::Model,
    reason: &str,
) -> AppResult<entrant::Model> {
    let event_id = ev.id;
    let found = entrant::Entity::find_by_id(entrant_id)
        .one(db)
        .await?
        .filter(|e| e.event_id == event_id)
        .ok_or(AppError::NotFound)?;
    if found.status != EntrantStatus::Absent {
        return Err(AppError::invalid("entrant", "该选手没有被记为缺赛"));
    }
    let reason = reason.trim();
    if reason.chars().count() < 2 {
        return Err(AppError::invalid("reason", "撤销缺赛须写明理由"));
    }
    crate::limits::at_most(reason, crate::limits::TEXT, "reason", "理由")?;
    // Under 二次加密 the late entrant draws a station now, as at the door.
    let station = match found.station {
        Some(s) => Some(s),
        None => super::draw::hall_station_for(db, ev, None).await?,
    };
    let mut model = found.into_active_model();
    model.status = Set(EntrantStatus::Active);
    model.status_reason = Set(Some(format!("撤销缺赛：{reason}")));
    model.checked_in_at = Set(Some(now()));
    model.station = Set(station);
    Ok(model.update(db).await?)
}
