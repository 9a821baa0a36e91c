//! Publicity (成绩公示): the window in which the proposed awards are public and anyone may
//! object, the working-day calendar that sizes it, and the public list itself.
//!
//! - The organiser sets the window as explicit start and end times. The usual window is 5
//!   working days: [`working_days_end`] counts them from a start date over weekends, holidays
//!   and 调休 working weekends in the [`calendar`] the administrator keeps.
//! - The public list (拟获奖名单) shows, per event, the awarded entrants of the latest result
//!   version: rank, name, organisation, total, award and honours. Never an ID or telephone
//!   number. It is public while the competition is in 成绩公示 or 成绩确认, and gone once
//!   archived.

use super::versions;
use crate::accounts::Actor;
use crate::competitions::access::can_manage_competition;
use crate::competitions::status::refuse_if_final;
use crate::error::{AppError, AppResult};
use crate::time::now;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use entity::CompetitionId;
use entity::kinds::AuditAction;
use entity::kinds::{Award, CompetitionStatus, Role};
use entity::{calendar_day, competition, entrant, event};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionSession, TransactionTrait,
};
use serde::Serialize;
use std::collections::HashMap;

/// Whether a day is a working day: Monday to Friday unless the calendar says otherwise.
pub fn is_working(day: NaiveDate, calendar: &HashMap<NaiveDate, bool>) -> bool {
    calendar
        .get(&day)
        .copied()
        .unwrap_or(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
}

/// The last day of `n` working days counted from `start` (included when it is a working day).
///
/// Worked example: from Monday 2026-09-28 with 国庆 1–7 October off and Saturday 10 October a
/// 调休 working day, 5 working days are 28, 29, 30 September, 8 and 9 October → ends 9 October.
pub fn working_days_end(
    start: NaiveDate,
    n: u32,
    calendar: &HashMap<NaiveDate, bool>,
) -> NaiveDate {
    let mut day = start;
    let mut counted = 0;
    loop {
        if is_working(day, calendar) {
            counted += 1;
            if counted >= n.max(1) {
                return day;
            }
        }
        day += Duration::days(1);
    }
}

/// The calendar's exceptions, by day.
pub async fn calendar(db: &impl ConnectionTrait) -> AppResult<Vec<calendar_day::Model>> {
    Ok(calendar_day::Entity::find()
        .order_by_asc(calendar_day::Column::Day)
        .all(db)
        .await?)
}

pub async fn calendar_map(db: &impl ConnectionTrait) -> AppResult<HashMap<NaiveDate, bool>> {
    Ok(calendar(db)
        .await?
        .into_iter()
        .filter_map(|d| {
            NaiveDate::parse_from_str(&d.day, "%Y-%m-%d")
                .ok()
                .map(|day| (day, d.working))
        })
        .collect())
}

/// Replaces the calendar from lines of `2026-10-01 休 国庆节` or `2026-10-10 班 国庆节调休`;
/// only the administrator keeps it. A wrong line is refused by its number and nothing changes.
pub async fn set_calendar<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    text: &str,
) -> AppResult<usize> {
    if actor.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let mut days: Vec<calendar_day::ActiveModel> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let wrong = || {
            AppError::invalid(
                "calendar",
                format!(
                    "第 {} 行应为“日期 休/班 说明”，如“2026-10-01 休 国庆节”",
                    i + 1
                ),
            )
        };
        let mut parts = line.split_whitespace();
        let day = parts
            .next()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .ok_or_else(wrong)?;
        let working = match parts.next() {
            Some("休") => false,
            Some("班") => true,
            _ => return Err(wrong()),
        };
        let note: String = parts
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(60)
            .collect();
        if !seen.insert(day) {
            return Err(AppError::invalid(
                "calendar",
                format!("第 {} 行：{day} 重复", i + 1),
            ));
        }
        days.push(calendar_day::ActiveModel {
            day: Set(day.format("%Y-%m-%d").to_string()),
            working: Set(working),
            note: Set(note),
        });
    }
    let count = days.len();
    let txn = crate::db::begin_write(db).await?;
    calendar_day::Entity::delete_many().exec(&txn).await?;
    for chunk in days.chunks(500) {
        calendar_day::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    crate::audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::CalendarSet,
        "calendar",
        serde_json::json!({"days": count}),
    )
    .await?;
    txn.commit().await?;
    Ok(count)
}

/// The end of `n` working days counted from the day `start` falls on (Beijing time): midnight
/// after the `n`th. A window set in the afternoon still counts its first day whole, as the
/// bureau's notices do.
pub fn working_days_after(
    start: DateTime<Utc>,
    n: u32,
    calendar: &HashMap<NaiveDate, bool>,
) -> DateTime<Utc> {
    let last = working_days_end(crate::time::local_date(start), n, calendar);
    crate::time::start_of_day(last + Duration::days(1))
}

/// The publicity window and the rules for appeals.
#[derive(Clone, Debug)]
pub struct Window {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub contact: String,
    pub appeal_hours: i32,
    /// Why the administrator shortens or moves a window already public; shown on the public page.
    pub reason: Option<String>,
}

/// How a window already public was changed, for the public page (公示期调整).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct WindowChange {
    pub at: DateTime<Utc>,
    pub from_starts_at: DateTime<Utc>,
    pub from_ends_at: DateTime<Utc>,
    pub to_starts_at: DateTime<Utc>,
    pub to_ends_at: DateTime<Utc>,
    /// The administrator's reason; none for an extension.
    pub reason: Option<String>,
}

impl WindowChange {
    /// 公示期调整：原 … 至 …，调整为 … 至 …（理由：…）
    pub fn describe(&self) -> String {
        use crate::time::show_minute;
        let what = if self.reason.is_none() {
            "延长"
        } else {
            "调整"
        };
        let mut text = format!(
            "公示期{what}：原 {} 至 {}，{what}为 {} 至 {}",
            show_minute(self.from_starts_at),
            show_minute(self.from_ends_at),
            show_minute(self.to_starts_at),
            show_minute(self.to_ends_at)
        );
        if let Some(reason) = &self.reason {
            text.push_str(&format!("；理由：{reason}"));
        }
        text.push_str(&format!("（{} 公布）", show_minute(self.at)));
        text
    }
}

const ADJUSTED: AuditAction = AuditAction::PublicityWindowAdjust;
const EXTENDED: AuditAction = AuditAction::PublicityWindowExtend;

/// The organiser sets the publicity window, the contact for objections and the hours allowed
/// for an on-site appeal. Refused once the results are final.
///
/// A window is at least `min_working_days` long, counted from its start, and never starts
/// before the day it is set: a window wholly in the past would make "公示期已满" a formality.
/// Once publicity has begun the organiser may only extend it; shortening or moving it is the
/// administrator's, with a reason that the public page shows, and the minimum still holds.
pub async fn set_window<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    window: Window,
    min_working_days: u32,
) -> AppResult<competition::Model> {
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .filter(|c| crate::competitions::access::can_view_competition(actor, c))
        .ok_or(AppError::NotFound)?;
    if !can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    refuse_if_final(db, comp.id, "更改公示期").await?;
    if window.ends_at <= window.starts_at {
        return Err(AppError::invalid("ends_at", "公示结束时间须晚于开始时间"));
    }
    if window.ends_at - window.starts_at > Duration::days(60) {
        return Err(AppError::invalid("ends_at", "公示期不应超过 60 天"));
    }
    let contact = window.contact.trim().to_owned();
    if !(2..=200).contains(&contact.chars().count()) {
        return Err(AppError::invalid(
            "contact",
            "请填写受理异议的部门和电话（2–200 字）",
        ));
    }
    if !(1..=72).contains(&window.appeal_hours) {
        return Err(AppError::invalid(
            "appeal_hours",
            "赛场申诉时限应为 1 到 72 小时",
        ));
    }
    let same_start = comp.publicity_starts_at == Some(window.starts_at);
    if !same_start && crate::time::local_date(window.starts_at) < crate::time::today() {
        return Err(AppError::invalid(
            "starts_at",
            "公示开始时间不能早于设定当日",
        ));
    }
    let calendar = calendar_map(db).await?;
    let shortest = working_days_after(window.starts_at, min_working_days, &calendar);
    if window.ends_at < shortest {
        return Err(AppError::invalid(
            "ends_at",
            format!(
                "公示期不少于 {min_working_days} 个工作日：自 {} 起，结束时间不得早于 {}",
                crate::time::show_minute(window.starts_at),
                crate::time::show_minute(shortest)
            ),
        ));
    }
    let reason = window
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    if let Some(r) = &reason {
        crate::limits::at_most(r, crate::limits::TEXT, "reason", "理由")?;
    }
    // Publicity has begun: what kind of change is this?
    let change = match (
        comp.status,
        comp.publicity_starts_at,
        comp.publicity_ends_at,
    ) {
        (CompetitionStatus::Publicity, Some(from_s), Some(from_e))
            if (from_s, from_e) != (window.starts_at, window.ends_at) =>
        {
            let extension = same_start && window.ends_at > from_e;
            if !extension {
                if actor.role != Role::Admin {
                    return Err(AppError::invalid(
                        "ends_at",
                        "公示已开始，公示期只能延长；缩短或移动须由平台管理员说明理由后操作",
                    ));
                }
                if reason.is_none() {
                    return Err(AppError::invalid("reason", "调整公示期须填写理由"));
                }
            }
            Some(WindowChange {
                at: now(),
                from_starts_at: from_s,
                from_ends_at: from_e,
                to_starts_at: window.starts_at,
                to_ends_at: window.ends_at,
                reason: if extension { None } else { reason.clone() },
            })
        }
        _ => None,
    };
    let txn = crate::db::begin_write(db).await?;
    let mut model = comp.into_active_model();
    model.publicity_starts_at = Set(Some(window.starts_at));
    model.publicity_ends_at = Set(Some(window.ends_at));
    model.publicity_contact = Set(Some(contact));
    model.appeal_hours = Set(window.appeal_hours);
    let updated = model.update(&txn).await?;
    let subject = format!("competition:{}", updated.id);
    crate::audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::PublicityWindowSet,
        &subject,
        serde_json::json!({"starts_at": window.starts_at, "ends_at": window.ends_at, "appeal_hours": window.appeal_hours}),
    )
    .await?;
    if let Some(change) = change {
        let action = if change.reason.is_some() {
            ADJUSTED
        } else {
            EXTENDED
        };
        crate::audit::record(
            &txn,
            Some(actor.user_id),
            action,
            &subject,
            serde_json::json!({
                "from_starts_at": change.from_starts_at, "from_ends_at": change.from_ends_at,
                "to_starts_at": change.to_starts_at, "to_ends_at": change.to_ends_at,
                "reason": change.reason,
            }),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(updated)
}

/// Every change to a window already public, oldest first.
pub async fn window_changes(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
) -> AppResult<Vec<WindowChange>> {
    let entries = crate::audit::entries_for(db, &format!("competition:{competition_id}")).await?;
    Ok(entries
        .into_iter()
        .filter(|e| e.action == ADJUSTED || e.action == EXTENDED)
        .filter_map(|e| {
            let d: serde_json::Value = serde_json::from_str(&e.detail).ok()?;
            let at = |k: &str| serde_json::from_value::<DateTime<Utc>>(d.get(k)?.clone()).ok();
            Some(WindowChange {
                at: e.at,
                from_starts_at: at("from_starts_at")?,
                from_ends_at: at("from_ends_at")?,
                to_starts_at: at("to_starts_at")?,
                to_ends_at: at("to_ends_at")?,
                reason: d.get("reason").and_then(|r| r.as_str()).map(str::to_owned),
            })
        })
        .collect())
}

/// Whether the public may see a competition's proposed awards.
pub fn is_public(comp: &competition::Model) -> bool {
    matches!(
        comp.status,
        CompetitionStatus::Publicity | CompetitionStatus::Final
    )
}

/// One line of the public list: nothing personal beyond a name and an organisation.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicLine {
    pub rank: Option<i32>,
    pub name: String,
    pub organisation: String,
    /// As the scheme rounds it, e.g. `87.95`.
    pub total: String,
    #[schema(example = "first")]
    pub award: Award,
    pub award_label: String,
    pub honours: Vec<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicEvent {
    pub event: entity::EventId,
    /// 数控车工（职工组）
    pub title: String,
    /// The result version the list comes from.
    pub version: i32,
    /// Signed by the chief judge; an unsigned version follows an upheld appeal.
    pub signed: bool,
    pub lines: Vec<PublicLine>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicList {
    pub competition: entity::CompetitionId,
    pub name: String,
    #[schema(example = "publicity")]
    pub status: CompetitionStatus,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub contact: Option<String>,
    /// Objections may be filed now.
    pub open_for_objections: bool,
    /// Changes to the window after publicity began (公示期调整), oldest first.
    pub window_changes: Vec<WindowChange>,
    pub events: Vec<PublicEvent>,
}

/// The proposed awards of a competition, for anyone: "not found" unless it is public.
pub async fn public_list(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
) -> AppResult<PublicList> {
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .filter(is_public)
        .ok_or(AppError::NotFound)?;
    let at = now();
    let events = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(comp.id))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for ev in events {
        let Some(version) = versions::latest(db, ev.id).await? else {
            continue;
        };
        let lines = super::lines::of_version(db, version.id).await?;
        let awarded: Vec<_> = lines.into_iter().filter(|l| l.award.is_some()).collect();
        let names = display_names(db, &awarded).await?;
        out.push(PublicEvent {
            event: ev.id,
            title: crate::competitions::events::title(&ev),
            version: version.number,
            signed: version.signed_at.is_some(),
            lines: awarded
                .iter()
                .filter_map(|l| {
                    let award = l.award?;
                    let (name, organisation) =
                        names.get(&l.entrant_id).cloned().unwrap_or_default();
                    Some(PublicLine {
                        rank: l.rank,
                        name,
                        organisation,
                        total: l.total.clone(),
                        award,
                        award_label: super::award_name(award, &ev),
                        honours: l.honours.clone(),
                    })
                })
                .collect(),
        });
    }
    Ok(PublicList {
        competition: comp.id,
        name: comp.name.clone(),
        status: comp.status,
        starts_at: comp.publicity_starts_at,
        ends_at: comp.publicity_ends_at,
        contact: comp.publicity_contact.clone(),
        open_for_objections: comp.status == CompetitionStatus::Publicity
            && comp
                .publicity_starts_at
                .zip(comp.publicity_ends_at)
                .is_some_and(|(s, e)| s <= at && at < e),
        window_changes: window_changes(db, comp.id).await?,
        events: out,
    })
}

/// Each entrant's shown name (a team's name with its members) and organisation name, as the
/// boards show them.
pub async fn display_names(
    db: &impl ConnectionTrait,
    lines: &[super::lines::ResultLine],
) -> AppResult<HashMap<entity::EntrantId, (String, String)>> {
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::Id.is_in(lines.iter().map(|l| l.entrant_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let (mut names, organisations) = crate::leaderboard::standings::names_of(db, &entrants).await?;
    Ok(entrants
        .iter()
        .map(|e| {
            let org = organisations
                .get(&e.organisation_id)
                .cloned()
                .unwrap_or_default();
            (e.id, (names.remove(&e.id).unwrap_or_default(), org))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn five_working_days_skip_weekends_holidays_and_count_adjusted_saturdays() {
        let none = HashMap::new();
        // Wednesday → Wed Thu Fri Mon Tue.
        assert_eq!(working_days_end(d("2026-12-02"), 5, &none), d("2026-12-08"));
        // Starting on a Saturday counts from Monday.
        assert_eq!(working_days_end(d("2026-12-05"), 5, &none), d("2026-12-11"));
        let mut national_day: HashMap<NaiveDate, bool> = (1..=7)
            .map(|day| (d(&format!("2026-10-{day:02}")), false))
            .collect();
        national_day.insert(d("2026-10-10"), true);
        national_day.insert(d("2026-09-20"), true);
        assert_eq!(
            working_days_end(d("2026-09-28"), 5, &national_day),
            d("2026-10-09")
        );
        // The adjusted Saturday counts: from Friday 9 October, 9, 10 (调休), 12.
        assert_eq!(
            working_days_end(d("2026-10-09"), 3, &national_day),
            d("2026-10-12")
        );
        assert!(is_working(d("2026-09-20"), &national_day));
        assert!(!is_working(d("2026-10-05"), &national_day));
    }
}
