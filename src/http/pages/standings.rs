//! The organiser's standings of an event: the live truth (every stored mark, every name, never
//! frozen), printable for the notice board (公示), as xlsx, with the public board's settings and
//! the publication of results.

use super::Layout;
use super::notice;
use crate::AppError;
use crate::competitions::events::find_event;
use crate::http::api::files::xlsx_file;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::http::format::{entrant_status, total};
use crate::leaderboard::settings::{LiveMarks, LiveSettings};
use crate::leaderboard::{Audience, Board, BoardRow};
use crate::state::AppState;
use crate::time::{input_minute, now, parse_input_minute, show_minute};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use entity::CompetitionId;
use entity::EventId;
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/standings", get(show_standings))
        .route("/admin/events/{id}/standings.xlsx", get(standings_xlsx))
        .route("/admin/events/{id}/live-settings", post(save_live_settings))
        .route("/admin/events/{id}/publish", post(publish_results))
}

/// A board row as the organiser's page and export show it.
pub struct StandingRow {
    entrant: entity::EntrantId,
    rank: String,
    name: String,
    organisation: String,
    total: String,
    /// 退赛, 取消资格, 评分中 or 已完成.
    state: String,
}

impl StandingRow {
    fn of(r: &BoardRow) -> Self {
        StandingRow {
            entrant: r.entrant,
            rank: r.rank.map(|n| n.to_string()).unwrap_or_default(),
            name: r.name.clone(),
            organisation: r.organisation.clone(),
            total: total(r.total),
            state: match entrant_status(r.status) {
                "" if r.marking => "评分中",
                "" => "已完成",
                status => status,
            }
            .to_owned(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/standings.html")]
pub struct StandingsPage {
    layout: Layout,
    board: Board,
    rows: Vec<StandingRow>,
    event_id: EventId,
    competition_id: CompetitionId,
    printed: String,
    can_manage: bool,
    live_marks: String,
    anonymous: bool,
    freeze_at: String,
    published: bool,
    locked: bool,
    /// 成绩分布 of the totals so far, with the pass mark; one entrant marked on request.
    histogram: Option<super::histogram::Histogram>,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    page: &PageActor,
    event_id: EventId,
    notice: Option<&'static str>,
    error: Option<String>,
    entrant: Option<entity::EntrantId>,
) -> Result<StandingsPage, PageError> {
    let (ev, comp) = find_event(&state.db, &page.actor, event_id).await?;
    let live = LiveSettings::of(&ev);
    let board = crate::lifecycle::boards::board(&state.db, &ev, Audience::Organiser, now()).await?;
    let pass_mark = crate::results::rules::rules_of_event(&state.db, &ev)
        .await?
        .rules
        .pass_mark;
    Ok(StandingsPage {
        histogram: super::histogram::histogram_of_board(&board, pass_mark, entrant),
        layout: Layout::signed_in("成绩 · 匠心", page),
        rows: board.rows.iter().map(StandingRow::of).collect(),
        board,
        event_id: ev.id,
        competition_id: comp.id,
        printed: show_minute(now()),
        can_manage: crate::competitions::access::can_manage_competition(&page.actor, &comp),
        live_marks: entity::kinds::code(live.marks),
        anonymous: live.anonymous,
        freeze_at: live.freeze_at.map(input_minute).unwrap_or_default(),
        published: ev.results_published,
        locked: ev.marks_locked_at.is_some(),
        notice,
        error,
    })
}

pub async fn show_standings(
    State(state): State<AppState>,
    actor: PageActor,
    Path(event_id): Path<EventId>,
    Query(q): Query<StandingsQuery>,
) -> Result<Response, PageError> {
    let entrant = q.entrant.trim().parse().ok().map(entity::EntrantId);
    Ok(page(
        &state,
        &actor,
        event_id,
        notice::text(&q.notice),
        None,
        entrant,
    )
    .await?
    .into_response())
}

/// `?entrant=ID` marks where one entrant stands on the distribution.
#[derive(Deserialize)]
pub struct StandingsQuery {
    #[serde(default)]
    notice: String,
    #[serde(default)]
    entrant: String,
}

/// The standings as an .xlsx file (exact totals as text: no float rounding in Excel).
pub async fn standings_xlsx(
    State(state): State<AppState>,
    actor: PageActor,
    Path(event_id): Path<EventId>,
) -> Result<Response, PageError> {
    let (ev, _comp) = find_event(&state.db, &actor.actor, event_id).await?;
    let b = crate::lifecycle::boards::board(&state.db, &ev, Audience::Organiser, now()).await?;
    let rows: Vec<Vec<String>> = b
        .rows
        .iter()
        .map(|r| {
            let r = StandingRow::of(r);
            vec![r.rank, r.name, r.organisation, r.total, r.state]
        })
        .collect();
    let bytes = crate::spreadsheet::write_xlsx(
        "成绩",
        &["名次", "选手", "单位", "总分", "状态"],
        &[8.0, 24.0, 32.0, 10.0, 10.0],
        &rows,
    )?;
    Ok(xlsx_file(&format!("{}成绩.xlsx", b.title), bytes))
}

#[derive(Deserialize)]
pub struct LiveForm {
    csrf: String,
    live_marks: String,
    #[serde(default)]
    anonymous: Option<String>,
    #[serde(default)]
    freeze_at: String,
}

pub async fn save_live_settings(
    State(state): State<AppState>,
    actor: PageActor,
    Path(event_id): Path<EventId>,
    Form(form): Form<LiveForm>,
) -> Result<Response, PageError> {
    actor.check_csrf(&form.csrf)?;
    let result = async {
        let marks = match form.live_marks.as_str() {
            "confirmed" => LiveMarks::Confirmed,
            "submitted" => LiveMarks::Submitted,
            _ => return Err(AppError::invalid("live_marks", "请选择计入实时排名的分数")),
        };
        let freeze_at = match form.freeze_at.trim() {
            "" => None,
            text => Some(parse_input_minute(text).ok_or_else(|| {
                AppError::invalid("freeze_at", "冻结时间格式不对，如 2026-11-28T15:30")
            })?),
        };
        crate::lifecycle::boards::set_live_settings(
            &state.db,
            &state.live,
            &actor.actor,
            event_id,
            LiveSettings {
                marks,
                anonymous: form.anonymous.is_some(),
                freeze_at,
            },
        )
        .await?;
        Ok("live_settings")
    }
    .await;
    let back = format!("/admin/events/{event_id}/standings");
    super::answer_form(&back, result, async |message| {
        page(&state, &actor, event_id, None, Some(message), None).await
    })
    .await
}

pub async fn publish_results(
    State(state): State<AppState>,
    actor: PageActor,
    Path(event_id): Path<EventId>,
    Form(form): Form<super::login::CsrfForm>,
) -> Result<Response, PageError> {
    actor.check_csrf(&form.csrf)?;
    let result =
        crate::lifecycle::boards::publish_results(&state.db, &state.live, &actor.actor, event_id)
            .await
            .map(|_| "results_published");
    let back = format!("/admin/events/{event_id}/standings");
    super::answer_form(&back, result, async |message| {
        page(&state, &actor, event_id, None, Some(message), None).await
    })
    .await
}
