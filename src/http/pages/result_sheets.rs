//! Result pages: the organiser's results of an event (versions, the table, recomputation, the
//! workbook and the printable 成绩表), the competition's workbook, and the chief judge's page on
//! the tablet where a version is signed.

use super::Layout;
use super::notice::{self, NoticeQuery};
use crate::AppError;
use crate::http::api::files::xlsx_file;
use crate::http::auth::{JudgeTablet, PageActor};
use crate::http::error::PageError;
use crate::results::export::{self, ResultSheet, VersionDoc};
use crate::results::versions;
use crate::state::AppState;
use crate::time::show_minute;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use entity::CompetitionId;
use entity::EventId;
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/results", get(show_results))
        .route("/admin/events/{id}/results/recompute", post(recompute))
        .route("/admin/events/{id}/results.xlsx", get(event_workbook))
        .route("/admin/events/{id}/results/print", get(print_results))
        .route(
            "/admin/competitions/{id}/results.xlsx",
            get(competition_workbook),
        )
        .route(
            "/admin/competitions/{id}/results/recompute",
            post(recompute_competition),
        )
        .route("/judge/chief/results", get(show_chief_results))
        .route("/judge/chief/results/{number}/sign", post(sign_results))
}

/// A version line for the history table.
pub struct VersionRow {
    pub number: i32,
    pub cause: String,
    pub computed_at: String,
    pub signed_at: String,
    pub final_at: String,
    pub audit_hash: String,
}

impl From<&VersionDoc> for VersionRow {
    fn from(v: &VersionDoc) -> Self {
        VersionRow {
            number: v.number,
            cause: v.cause.clone(),
            computed_at: show_minute(v.computed_at),
            signed_at: v.signed_at.map(show_minute).unwrap_or_default(),
            final_at: v.final_at.map(show_minute).unwrap_or_default(),
            audit_hash: v.audit_hash.chars().take(12).collect(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/results.html")]
pub struct ResultsPage {
    layout: Layout,
    event_id: EventId,
    competition_id: CompetitionId,
    sheet: Option<ResultSheet>,
    /// 成绩分布 with the award cut-offs and the pass mark.
    histogram: Option<super::histogram::Histogram>,
    history: Vec<VersionRow>,
    stale: bool,
    locked: bool,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn results_page(
    state: &AppState,
    page: &PageActor,
    id: EventId,
    notice: Option<&'static str>,
    error: Option<String>,
    entrant: Option<entity::EntrantId>,
) -> Result<ResultsPage, PageError> {
    let (ev, comp) = crate::competitions::events::find_event(&state.db, &page.actor, id).await?;
    let all = versions::history(&state.db, ev.id).await?;
    let (sheet, stale) = match all.first() {
        Some(latest) => (
            Some(export::sheet(&state.db, &ev, latest.clone()).await?),
            !versions::is_current(&state.db, &ev, latest).await?,
        ),
        None => (None, false),
    };
    let pass_mark = crate::results::rules::rules_of_event(&state.db, &ev)
        .await?
        .rules
        .pass_mark;
    let histogram = sheet
        .as_ref()
        .and_then(|s| super::histogram::histogram(s, pass_mark, entrant));
    Ok(ResultsPage {
        histogram,
        layout: Layout::signed_in(
            format!("{}（{}）成绩 · 匠心", ev.trade, ev.group.label()),
            page,
        ),
        event_id: ev.id,
        competition_id: comp.id,
        history: all
            .iter()
            .map(|v| VersionRow::from(&VersionDoc::from(v)))
            .collect(),
        sheet,
        stale,
        locked: ev.marks_locked_at.is_some(),
        notice,
        error,
    })
}

pub async fn show_results(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Query(q): Query<ResultsQuery>,
) -> Result<ResultsPage, PageError> {
    let entrant = q.entrant.trim().parse().ok().map(entity::EntrantId);
    results_page(&state, &page, id, notice::text(&q.notice), None, entrant).await
}

/// `?entrant=ID` marks where one entrant stands on the distribution.
#[derive(Deserialize)]
pub struct ResultsQuery {
    #[serde(default)]
    notice: String,
    #[serde(default)]
    entrant: String,
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn recompute(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = versions::recompute(&state.db, &page.actor, id)
        .await
        .map(|_| "results_recomputed");
    super::answer_form(&format!("/admin/events/{id}/results"), result, async |m| {
        results_page(&state, &page, id, None, Some(m), None).await
    })
    .await
}

pub async fn recompute_competition(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = versions::recompute_competition(&state.db, &page.actor, id)
        .await
        .map(|_| "results_recomputed");
    super::competition::answer(&state, &page, id, result).await
}

pub async fn event_workbook(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<Response, PageError> {
    let sheet = export::event_sheet(&state.db, &page.actor, id, None).await?;
    let bytes = export::workbook("", std::slice::from_ref(&sheet))?;
    Ok(xlsx_file(&format!("{}成绩表.xlsx", sheet.title), bytes))
}

pub async fn competition_workbook(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
) -> Result<Response, PageError> {
    let (comp, sheets) = export::competition_sheets(&state.db, &page.actor, id).await?;
    let bytes = export::workbook(&comp.name, &sheets)?;
    Ok(xlsx_file(&format!("{}成绩.xlsx", comp.name), bytes))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/results_print.html")]
pub struct PrintPage {
    layout: Layout,
    competition: String,
    sheet: ResultSheet,
}

/// The printable 成绩表: the header row repeats on every page, pages say "第 x 页 共 y 页",
/// and the last page has the signature lines.
pub async fn print_results(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<PrintPage, PageError> {
    let sheet = export::event_sheet(&state.db, &page.actor, id, None).await?;
    let (_, comp) = crate::competitions::events::find_event(&state.db, &page.actor, id).await?;
    Ok(PrintPage {
        layout: Layout::signed_in(format!("{} 成绩表", sheet.title), &page),
        competition: comp.name,
        sheet,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "judge/chief_results.html")]
pub struct ChiefResultsPage {
    layout: Layout,
    chief: String,
    sheet: Option<ResultSheet>,
    stale: bool,
    csrf: String,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn chief_results(
    state: &AppState,
    tablet: &JudgeTablet,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<ChiefResultsPage, PageError> {
    let ev = crate::marking::review::chief_event(&state.db, &tablet.judge).await?;
    let (sheet, stale) = match versions::latest(&state.db, ev.id).await? {
        Some(v) => (
            Some(export::sheet(&state.db, &ev, v.clone()).await?),
            !versions::is_current(&state.db, &ev, &v).await?,
        ),
        None => (None, false),
    };
    Ok(ChiefResultsPage {
        layout: Layout::public("成绩签署 · 匠心"),
        chief: crate::competitions::events::title(&ev),
        sheet,
        stale,
        csrf: tablet.csrf(),
        notice,
        error,
    })
}

pub async fn show_chief_results(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let Some(tablet) = tablet else {
        return Ok(Redirect::to("/judge").into_response());
    };
    Ok(
        chief_results(&state, &tablet, notice::text(&q.notice), None)
            .await?
            .into_response(),
    )
}

pub async fn sign_results(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
    Path(number): Path<i32>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    let Some(tablet) = tablet else {
        return Ok(Redirect::to("/judge").into_response());
    };
    if !crate::secret::same(&form.csrf, &tablet.csrf()) {
        return Err(AppError::Csrf.into());
    }
    let result = versions::sign(&state.db, &tablet.judge, number)
        .await
        .map(|_| "results_signed");
    super::answer_form("/judge/chief/results", result, async |m| {
        chief_results(&state, &tablet, None, Some(m)).await
    })
    .await
}
