//! The paper backup (纸质备份): sign-in sheets, score sheets and the import templates as xlsx.

use crate::http::api::files::xlsx_file;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::judging::paper;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use entity::EventId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/sign-in-sheet.xlsx", get(sign_in_sheet))
        .route("/admin/events/{id}/score-sheets.xlsx", get(score_sheets))
        .route("/admin/templates/{kind}", get(template))
}

pub async fn sign_in_sheet(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<Response, PageError> {
    let (name, bytes) = paper::sign_in_sheet(&state.db, &page.actor, id).await?;
    Ok(xlsx_file(&name, bytes))
}

pub async fn score_sheets(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<Response, PageError> {
    let (name, bytes) = paper::score_sheets(&state.db, &page.actor, id).await?;
    Ok(xlsx_file(&name, bytes))
}

pub async fn template(page: PageActor, Path(kind): Path<String>) -> Result<Response, PageError> {
    let _ = page;
    let (name, bytes) = crate::http::api::files::template(kind.trim_end_matches(".xlsx"))?;
    Ok(xlsx_file(&name, bytes))
}
