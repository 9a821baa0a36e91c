//! Publicity pages: the public list of proposed awards (`/publicity/{competition}`, printable,
//! with the objection form while the window is open), the organiser's closing section on the
//! competition page (the window, team leaders and arbitrators), and the administrator's
//! holiday and 调休 calendar (`/admin/calendar`).

use super::Layout;
use super::competition::answer;
use super::notice::{self, NoticeQuery};
use crate::AppError;
use crate::competitions::roles::{self, NewMember};
use crate::http::auth::PageActor;
use crate::http::client::ClientAddr;
use crate::http::error::PageError;
use crate::results::cases::{self, NewCase};
use crate::results::publicity::{self, PublicList, Window};
use crate::state::AppState;
use crate::time::{input_minute, parse_input_minute, show_minute};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use entity::EventId;
use entity::competition;
use entity::kinds::{CaseKind, Role};
use entity::{CompetitionId, OrganisationId};
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/publicity/{id}", get(show_publicity))
        .route("/publicity/{id}/objections", post(file_objection))
        .route("/admin/competitions/{id}/publicity", post(set_window))
        .route("/admin/competitions/{id}/members", post(add_member))
        .route("/admin/calendar", get(show_calendar).post(save_calendar))
}

#[derive(Template, WebTemplate)]
#[template(path = "public/publicity.html")]
pub struct PublicityPage {
    layout: Layout,
    list: PublicList,
    window: String,
    events: Vec<(EventId, String)>,
    received: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ReceivedQuery {
    #[serde(default)]
    received: String,
}

async fn publicity_page(
    state: &AppState,
    id: CompetitionId,
    received: Option<String>,
    error: Option<String>,
) -> Result<PublicityPage, PageError> {
    let list = publicity::public_list(&state.db, id).await?;
    let window = match (list.starts_at, list.ends_at) {
        (Some(s), Some(e)) => format!("{} 至 {}", show_minute(s), show_minute(e)),
        _ => "—".into(),
    };
    let events = list
        .events
        .iter()
        .map(|e| (e.event, e.title.clone()))
        .collect();
    Ok(PublicityPage {
        layout: Layout::public(if list.status == entity::kinds::CompetitionStatus::Final {
            format!("{} 获奖名单", list.name)
        } else {
            format!("{} 拟获奖名单公示", list.name)
        }),
        list,
        window,
        events,
        received,
        error,
    })
}

pub async fn show_publicity(
    State(state): State<AppState>,
    Path(id): Path<CompetitionId>,
    Query(q): Query<ReceivedQuery>,
) -> Result<PublicityPage, PageError> {
    // Only a case number of our own shape is echoed back.
    let received = Some(q.received).filter(|r| {
        !r.is_empty() && r.len() <= 20 && r.chars().all(|c| c.is_ascii_digit() || c == '-')
    });
    publicity_page(&state, id, received, None).await
}

#[derive(Deserialize)]
pub struct ObjectionForm {
    event_id: EventId,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    claim: String,
}

/// Anyone objects under their real name; the page answers with the case number to quote.
pub async fn file_objection(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    Path(id): Path<CompetitionId>,
    Form(form): Form<ObjectionForm>,
) -> Result<Response, PageError> {
    let filed = cases::file_objection(
        &state.db,
        from,
        id,
        NewCase {
            kind: CaseKind::Objection,
            event_id: form.event_id,
            entrant_id: None,
            filer_name: form.name,
            filer_organisation: form.organisation,
            filer_phone: Some(form.phone),
            claim: form.claim,
            received_at: None,
        },
    )
    .await;
    match filed {
        Ok(case) => {
            let number = cases::number_of(&state.db, &case).await?;
            Ok(Redirect::to(&format!("/publicity/{id}?received={number}")).into_response())
        }
        Err(err @ AppError::Invalid { .. }) => {
            let p = crate::http::error::public(&err);
            Ok((
                p.status,
                publicity_page(&state, id, None, Some(p.message)).await?,
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// The closing section of the organiser's competition page: publicity and appeals.
pub struct ClosingForm {
    pub starts_at: String,
    pub ends_at: String,
    pub contact: String,
    pub appeal_hours: i32,
    pub window: String,
    pub public: bool,
    /// The shortest publicity, in working days.
    pub min_working_days: u32,
    pub members: Vec<MemberRow>,
    /// Organisations with entrants in the competition: the team leaders' choice.
    pub organisations: Vec<(OrganisationId, String)>,
}

pub struct MemberRow {
    pub username: String,
    pub name: String,
    pub role: &'static str,
    pub organisation: String,
}

impl ClosingForm {
    pub async fn load(
        state: &AppState,
        page: &PageActor,
        comp: &competition::Model,
        organisations: &[(OrganisationId, String)],
    ) -> Result<Self, PageError> {
        let members = if crate::competitions::access::can_manage_competition(&page.actor, comp) {
            roles::members(&state.db, &page.actor, comp.id).await?
        } else {
            Vec::new()
        };
        let name_of = |id: Option<OrganisationId>| {
            id.and_then(|id| organisations.iter().find(|(o, _)| *o == id))
                .map_or_else(String::new, |(_, n)| n.clone())
        };
        Ok(ClosingForm {
            starts_at: comp
                .publicity_starts_at
                .map(input_minute)
                .unwrap_or_default(),
            ends_at: comp.publicity_ends_at.map(input_minute).unwrap_or_default(),
            contact: comp.publicity_contact.clone().unwrap_or_default(),
            appeal_hours: comp.appeal_hours,
            window: match (comp.publicity_starts_at, comp.publicity_ends_at) {
                (Some(s), Some(e)) => format!("{} 至 {}", show_minute(s), show_minute(e)),
                _ => "尚未设定".into(),
            },
            public: publicity::is_public(comp),
            min_working_days: state.config.publicity_working_days,
            members: members
                .iter()
                .map(|m| MemberRow {
                    username: m.user.username.clone(),
                    name: m.user.display_name.clone(),
                    role: m.part.role.label(),
                    organisation: name_of(m.part.organisation_id),
                })
                .collect(),
            organisations: organisations.to_vec(),
        })
    }
}

#[derive(Deserialize)]
pub struct WindowForm {
    csrf: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
    /// When given (and no end time), the end is worked out as this many working days.
    #[serde(default)]
    working_days: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    appeal_hours: String,
    /// The administrator's reason for shortening or moving a window already public.
    #[serde(default)]
    reason: String,
}

pub async fn set_window(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<WindowForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = async {
        let starts_at = parse_input_minute(&form.starts_at)
            .ok_or_else(|| AppError::invalid("starts_at", "请填写公示开始时间"))?;
        let ends_at = match parse_input_minute(&form.ends_at) {
            Some(end) => end,
            None => {
                let n: u32 = form.working_days.trim().parse().map_err(|_| {
                    AppError::invalid("ends_at", "请填写公示结束时间，或填写工作日天数由系统计算")
                })?;
                if !(1..=30).contains(&n) {
                    return Err(AppError::invalid("working_days", "工作日天数应为 1 到 30"));
                }
                let calendar = publicity::calendar_map(&state.db).await?;
                publicity::working_days_after(starts_at, n, &calendar)
            }
        };
        let appeal_hours = match form.appeal_hours.trim() {
            "" => 2,
            h => h
                .parse()
                .map_err(|_| AppError::invalid("appeal_hours", "赛场申诉时限应为整数小时"))?,
        };
        publicity::set_window(
            &state.db,
            &page.actor,
            id,
            Window {
                starts_at,
                ends_at,
                contact: form.contact.clone(),
                appeal_hours,
                reason: Some(form.reason.clone()),
            },
            state.config.publicity_working_days,
        )
        .await?;
        Ok("publicity_window")
    }
    .await;
    answer(&state, &page, id, result).await
}

#[derive(Deserialize)]
pub struct MemberForm {
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation_id: String,
}

pub async fn add_member(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<MemberForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let role = match form.role.as_str() {
        "team_leader" => Role::TeamLeader,
        "arbitrator" => Role::Arbitrator,
        _ => Role::Organiser,
    };
    let result = roles::add_member(
        &state.db,
        &page.actor,
        id,
        NewMember {
            username: form.username,
            display_name: form.display_name,
            password: form.password,
            role,
            organisation_id: form.organisation_id.trim().parse().ok(),
        },
    )
    .await
    .map(|_| "member");
    answer(&state, &page, id, result).await
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/calendar.html")]
pub struct CalendarPage {
    layout: Layout,
    text: String,
    can_edit: bool,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn calendar_page(
    state: &AppState,
    page: &PageActor,
    text: Option<String>,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<CalendarPage, PageError> {
    let text = match text {
        Some(t) => t,
        None => publicity::calendar(&state.db)
            .await?
            .iter()
            .map(|d| {
                format!(
                    "{} {} {}",
                    d.day,
                    if d.working { "班" } else { "休" },
                    d.note
                )
                .trim_end()
                .to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    Ok(CalendarPage {
        layout: Layout::signed_in("节假日与调休 · 匠心", page),
        text,
        can_edit: page.actor.role == Role::Admin,
        notice,
        error,
    })
}

pub async fn show_calendar(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<NoticeQuery>,
) -> Result<CalendarPage, PageError> {
    calendar_page(&state, &page, None, notice::text(&q.notice), None).await
}

#[derive(Deserialize)]
pub struct CalendarForm {
    csrf: String,
    #[serde(default)]
    text: String,
}

pub async fn save_calendar(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<CalendarForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = publicity::set_calendar(&state.db, &page.actor, &form.text)
        .await
        .map(|_| "calendar");
    let text = form.text.clone();
    super::answer_form("/admin/calendar", result, async |message| {
        calendar_page(&state, &page, Some(text), None, Some(message)).await
    })
    .await
}
