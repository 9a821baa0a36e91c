//! 纸质评分表录入 on the organiser's pages, for the clerks: the event's sheets with how far each
//! is typed, and one judge's sheet laid out as printed (blind codes down, the panel's aspects
//! across) to type in or to upload as the filled .xlsx. The page never shows a value another
//! clerk typed: the second entry is blind.

use super::Layout;
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::lifecycle;
use crate::marking::paper_entry::{self, EntryOutcome, Sheet, SheetSummary, TypedText};
use crate::spreadsheet::RowError;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use entity::kinds::PaperState;
use entity::{EventId, JudgeId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/paper", get(list))
        .route("/admin/events/{id}/paper/{judge_id}", get(show).post(enter))
        .route("/admin/events/{id}/paper/{judge_id}/xlsx", post(upload))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/paper_sheets.html")]
pub struct SheetsPage {
    layout: Layout,
    event_id: EventId,
    event: String,
    sheets: Vec<SheetSummary>,
}

pub async fn list(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<SheetsPage, PageError> {
    let (ev, sheets) = paper_entry::sheets(&state.db, &page.actor, id).await?;
    Ok(SheetsPage {
        layout: Layout::signed_in("纸质评分表录入 · 匠心", &page),
        event_id: ev.id,
        event: crate::competitions::events::title(&ev),
        sheets,
    })
}

/// One cell of the form: an input, or what became of it (never a typed value).
pub struct CellView {
    name: String,
    /// A finished cell: its state, no input.
    done: Option<&'static str>,
    /// Typed once already (by this clerk or another): waiting for the second entry.
    waiting: Option<&'static str>,
}

pub struct RowView {
    row: usize,
    blind_code: String,
    cells: Vec<CellView>,
}

pub struct AspectHead {
    code: String,
    name: String,
    rule: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/paper_sheet.html")]
pub struct SheetPage {
    layout: Layout,
    event_id: EventId,
    event: String,
    judge_id: JudgeId,
    judge: String,
    panel: String,
    aspects: Vec<AspectHead>,
    rows: Vec<RowView>,
    outcome: Option<EntryOutcome>,
    errors: Vec<RowError>,
    error: Option<String>,
}

fn sheet_page(
    page: &PageActor,
    sheet: &Sheet,
    outcome: Option<EntryOutcome>,
    errors: Vec<RowError>,
    error: Option<String>,
) -> SheetPage {
    let me = page.actor.user_id;
    SheetPage {
        layout: Layout::signed_in("纸质评分表录入 · 匠心", page),
        event_id: sheet.event.id,
        event: crate::competitions::events::title(&sheet.event),
        judge_id: sheet.judge.id,
        judge: sheet.judge_name.clone(),
        panel: sheet.judge.panel.clone(),
        aspects: sheet
            .aspects
            .iter()
            .map(|a| AspectHead {
                code: a.code.clone(),
                name: a.name.clone(),
                rule: format!(
                    "{}，满分 {}",
                    a.kind.label(),
                    a.max_mark.to_decimal().normalize()
                ),
            })
            .collect(),
        rows: sheet
            .entrants
            .iter()
            .enumerate()
            .map(|(i, e)| RowView {
                row: i + paper_entry::FIRST_ROW,
                blind_code: e.blind_code.clone().unwrap_or_else(|| "（未抽签）".into()),
                cells: sheet
                    .aspects
                    .iter()
                    .map(|a| {
                        let entry = sheet.entries.get(&(e.id, a.id));
                        CellView {
                            name: format!("v_{}_{}", e.id, a.id),
                            done: entry
                                .filter(|x| x.state != PaperState::AwaitingSecond)
                                .map(|x| x.state.label()),
                            waiting: entry.filter(|x| x.state == PaperState::AwaitingSecond).map(
                                |x| {
                                    if x.first_by == me {
                                        "您已录入，待另一人录入"
                                    } else {
                                        "他人已录入，请您独立录入"
                                    }
                                },
                            ),
                        }
                    })
                    .collect(),
            })
            .collect(),
        outcome,
        errors,
        error,
    }
}

pub async fn show(
    State(state): State<AppState>,
    page: PageActor,
    Path((id, judge_id)): Path<(EventId, JudgeId)>,
) -> Result<SheetPage, PageError> {
    let sheet = paper_entry::sheet(&state.db, &page.actor, id, judge_id).await?;
    Ok(sheet_page(&page, &sheet, None, Vec::new(), None))
}

/// After an entry: the sheet again, with what the entry did or why nothing was stored.
async fn after(
    state: &AppState,
    page: &PageActor,
    id: EventId,
    judge_id: JudgeId,
    result: Result<Result<EntryOutcome, Vec<RowError>>, AppError>,
) -> Result<Response, PageError> {
    let sheet = paper_entry::sheet(&state.db, &page.actor, id, judge_id).await?;
    let (status, view) = match result {
        Ok(Ok(outcome)) => (
            StatusCode::OK,
            sheet_page(page, &sheet, Some(outcome), Vec::new(), None),
        ),
        Ok(Err(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            sheet_page(page, &sheet, None, errors, None),
        ),
        Err(err @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            sheet_page(
                page,
                &sheet,
                None,
                Vec::new(),
                Some(crate::http::error::public(&err).message),
            ),
        ),
        Err(other) => return Err(other.into()),
    };
    Ok((status, view).into_response())
}

/// The typed form: `v_{entrant}_{aspect}` fields, blank ones left out.
pub async fn enter(
    State(state): State<AppState>,
    page: PageActor,
    Path((id, judge_id)): Path<(EventId, JudgeId)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    page.check_csrf(csrf)?;
    let sheet = paper_entry::sheet(&state.db, &page.actor, id, judge_id).await?;
    let mut typed = Vec::new();
    for (name, value) in &fields {
        let Some(rest) = name.strip_prefix("v_") else {
            continue;
        };
        let mut ids = rest.split('_').map(|n| n.parse::<i32>().ok());
        let (Some(Some(entrant)), Some(Some(aspect))) = (ids.next(), ids.next()) else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        let (Some(e), Some(a)) = (
            sheet.entrants.iter().find(|e| e.id.0 == entrant),
            sheet.aspects.iter().find(|a| a.id.0 == aspect),
        ) else {
            continue;
        };
        typed.push(TypedText {
            row: sheet.row_of(e.id).unwrap_or_default(),
            column: a.code.clone(),
            blind_code: e.blind_code.clone().unwrap_or_default(),
            aspect: a.code.clone(),
            value: value.chars().take(16).collect(),
        });
    }
    let result = match sheet.read(&typed) {
        Ok(cells) => {
            lifecycle::paper::enter(&state.db, &state.live, &page.actor, id, judge_id, cells).await
        }
        Err(errors) => Ok(Err(errors)),
    };
    after(&state, &page, id, judge_id, result).await
}

/// The filled .xlsx of the judge's sheet.
pub async fn upload(
    State(state): State<AppState>,
    page: PageActor,
    Path((id, judge_id)): Path<(EventId, JudgeId)>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = super::Upload::read(multipart).await?;
    page.check_csrf(upload.field("csrf"))?;
    let result =
        crate::http::api::paper::enter_workbook(&state, &page.actor, id, judge_id, &upload.content)
            .await;
    after(&state, &page, id, judge_id, result).await
}
