//! A competition's page: its status and history, its events, and the imports of entrants and
//! judges.

use super::Layout;
use super::admin::Choice;
use super::notice::{self, NoticeQuery};
use crate::accounts::organisations;
use crate::competitions::events::{EventDetails, create_event, level_label};
use crate::competitions::{self, access, status};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::state::AppState;
use crate::time::show_minute;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entity::kinds::{CompetitionStatus, EventGroup, EventTrack, ImportKind, Role};
use entity::{CompetitionId, EventId, OrganisationId};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/competitions/{id}", get(show_competition))
        .route("/admin/competitions/{id}/status", post(move_status))
        .route("/admin/competitions/{id}/settings", post(update_settings))
        .route("/admin/competitions/{id}/events", post(add_event))
        .route("/admin/competitions/{id}/imports", post(upload_import))
}

pub struct EventRow {
    pub id: EventId,
    pub trade: String,
    pub group: &'static str,
    pub track: &'static str,
    pub level: &'static str,
    pub host: String,
    pub hosting_cost: String,
}

pub struct HistoryRow {
    pub at: String,
    pub from: &'static str,
    pub to: &'static str,
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/competition.html")]
pub struct CompetitionPage {
    layout: Layout,
    id: CompetitionId,
    name: String,
    year: i32,
    kind: &'static str,
    status: &'static str,
    organiser: String,
    allow_multiple_events: bool,
    can_manage: bool,
    is_admin: bool,
    next_status: Option<(String, &'static str)>,
    earlier: Vec<Choice>,
    history: Vec<HistoryRow>,
    events: Vec<EventRow>,
    organisations: Vec<Choice>,
    rules: super::results::RulesForm,
    closing: super::publicity::ClosingForm,
    notice: Option<&'static str>,
    error: Option<String>,
}

fn code(status: CompetitionStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(ToOwned::to_owned))
        .unwrap_or_default()
}

async fn competition_page(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<CompetitionPage, PageError> {
    let found = competitions::find_competition(&state.db, &page.actor, id).await?;
    let orgs = organisations::list_organisations(&state.db).await?;
    let name_of = |id: Option<OrganisationId>| {
        id.and_then(|id| orgs.iter().find(|o| o.id == id))
            .map(|o| o.name.clone())
            .unwrap_or_else(|| "—".into())
    };
    let events = competitions::list_events(&state.db, found.id)
        .await?
        .into_iter()
        .map(|e| EventRow {
            id: e.id,
            group: e.group.label(),
            track: e.track.label(),
            level: level_label(e.level),
            host: name_of(e.host_id),
            hosting_cost: e
                .hosting_cost
                .map(|c| crate::http::format::yuan(c.to_decimal()))
                .unwrap_or_else(|| "—".into()),
            trade: e.trade,
        })
        .collect();
    let history = status::history(&state.db, found.id)
        .await?
        .into_iter()
        .map(|t| HistoryRow {
            at: show_minute(t.at),
            from: t.from_status.label(),
            to: t.to_status.label(),
            reason: t.reason.unwrap_or_default(),
        })
        .collect();
    let position = status::ORDER
        .iter()
        .position(|s| *s == found.status)
        .unwrap_or(0);
    let rules = crate::results::rules::competition_rules(&state.db, &page.actor, found.id).await?;
    let all_orgs: Vec<(OrganisationId, String)> =
        orgs.iter().map(|o| (o.id, o.name.clone())).collect();
    let closing = super::publicity::ClosingForm::load(state, page, &found, &all_orgs).await?;
    Ok(CompetitionPage {
        closing,
        rules: super::results::RulesForm::of(
            &rules,
            format!("/admin/competitions/{}/result-rules", found.id),
            None,
            access::can_manage_competition(&page.actor, &found),
        ),
        layout: Layout::signed_in(format!("{} · 匠心", found.name), page),
        id: found.id,
        can_manage: access::can_manage_competition(&page.actor, &found),
        is_admin: page.actor.role == Role::Admin,
        next_status: status::next(found.status).map(|s| (code(s), s.label())),
        earlier: status::ORDER[..position]
            .iter()
            .map(|s| Choice {
                value: code(*s),
                label: s.label().to_owned(),
            })
            .collect(),
        history,
        organiser: name_of(Some(found.organiser_id)),
        allow_multiple_events: found.allow_multiple_events,
        name: found.name,
        year: found.year,
        kind: found.kind.label(),
        status: found.status.label(),
        events,
        organisations: orgs
            .iter()
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.name.clone(),
            })
            .collect(),
        notice,
        error,
    })
}

pub async fn show_competition(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Query(q): Query<NoticeQuery>,
) -> Result<CompetitionPage, PageError> {
    competition_page(&state, &page, id, notice::text(&q.notice), None).await
}

pub(super) async fn answer(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    result: Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    super::answer_form(
        &format!("/admin/competitions/{id}"),
        result,
        async |message| competition_page(state, page, id, None, Some(message)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct StatusForm {
    to: String,
    #[serde(default)]
    reason: String,
    csrf: String,
}

pub async fn move_status(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = match serde_json::from_value::<CompetitionStatus>(serde_json::Value::String(
        form.to.clone(),
    )) {
        Ok(to) => crate::lifecycle::status::move_status_and_announce(
            &state.db,
            &state.live,
            &page.actor,
            id,
            to,
            Some(&form.reason),
        )
        .await
        .map(|_| "status"),
        Err(_) => Err(AppError::invalid("to", "请选择赛事状态")),
    };
    answer(&state, &page, id, result).await
}

#[derive(Deserialize)]
pub struct EventForm {
    trade: String,
    group: String,
    track: String,
    level: String,
    #[serde(default)]
    host_id: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    team_size: String,
    #[serde(default)]
    hosting_cost: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
    csrf: String,
}

impl EventForm {
    pub fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub fn parse_event(form: EventForm) -> Result<EventDetails, AppError> {
    let group = match form.group.as_str() {
        "staff" => EventGroup::Staff,
        "student" => EventGroup::Student,
        "teacher" => EventGroup::Teacher,
        _ => return Err(AppError::invalid("group", "请选择组别")),
    };
    let track = match form.track.as_str() {
        "worldskills" => EventTrack::Worldskills,
        "national" => EventTrack::National,
        "other" => EventTrack::Other,
        _ => return Err(AppError::invalid("track", "请选择赛项类别")),
    };
    let number = |field: &str, text: &str, default: i32, message: &str| -> Result<i32, AppError> {
        match text.trim() {
            "" => Ok(default),
            t => t.parse().map_err(|_| AppError::invalid(field, message)),
        }
    };
    Ok(EventDetails {
        trade: form.trade,
        group,
        track,
        level: number("level", &form.level, 3, "请选择目标等级")?,
        host_id: match form.host_id.trim() {
            "" => None,
            v => {
                Some(OrganisationId(v.parse().map_err(|_| {
                    AppError::invalid("host_id", "请选择承办单位")
                })?))
            }
        },
        venue: Some(form.venue),
        starts_at: time_field("starts_at", &form.starts_at)?,
        ends_at: time_field("ends_at", &form.ends_at)?,
        team_size: number("team_size", &form.team_size, 1, "每队人数须为整数")?,
        hosting_cost: match form.hosting_cost.trim().replace(',', "").as_str() {
            "" => None,
            v => {
                Some(Decimal::from_str(v).map_err(|_| {
                    AppError::invalid("hosting_cost", "承办成本须为金额，如 48500.00")
                })?)
            }
        },
    })
}

fn time_field(field: &str, text: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    crate::time::parse_input_minute(text)
        .map(Some)
        .ok_or_else(|| AppError::invalid(field, "时间格式应为 2026-11-28 09:00"))
}

#[derive(Deserialize)]
pub struct SettingsForm {
    name: String,
    year: String,
    #[serde(default)]
    allow_multiple_events: Option<String>,
    csrf: String,
}

pub async fn update_settings(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = match form.year.trim().parse() {
        Ok(year) => competitions::update_competition(
            &state.db,
            &page.actor,
            id,
            competitions::CompetitionChanges {
                name: form.name,
                year,
                allow_multiple_events: form.allow_multiple_events.is_some(),
            },
        )
        .await
        .map(|_| "settings"),
        Err(_) => Err(AppError::invalid("year", "年度须为四位数字，如 2026")),
    };
    answer(&state, &page, id, result).await
}

pub async fn add_event(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<EventForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = match parse_event(form) {
        Ok(details) => create_event(&state.db, &page.actor, id, details)
            .await
            .map(|_| "event"),
        Err(e) => Err(e),
    };
    answer(&state, &page, id, result).await
}

/// Uploading a spreadsheet keeps it aside and shows its preview; nothing is imported until
/// the organiser confirms.
pub async fn upload_import(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = super::Upload::read(multipart).await?;
    page.check_csrf(upload.field("csrf"))?;
    let kind = match upload.field("kind") {
        "entrants" => ImportKind::Entrants,
        "judges" => ImportKind::Judges,
        _ => {
            let refused = Err(AppError::invalid("kind", "请选择导入内容"));
            return answer(&state, &page, id, refused).await;
        }
    };
    let held = crate::lifecycle::imports::hold(
        &state.db,
        &page.actor,
        id,
        kind,
        upload.file_name,
        upload.content,
    )
    .await;
    let token = match held {
        Ok(token) => token,
        Err(AppError::Invalid { field, message }) => {
            return answer(&state, &page, id, Err(AppError::Invalid { field, message })).await;
        }
        Err(other) => return Err(other.into()),
    };
    Ok(Redirect::to(&format!("/admin/imports/{token}")).into_response())
}
