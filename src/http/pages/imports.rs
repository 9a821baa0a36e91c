//! The preview of an uploaded spreadsheet, and its confirmation (the [`crate::lifecycle::imports`]
//! context holds the file).

use super::Layout;
use super::login::CsrfForm;
use crate::entrants::import::PreviewRow;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::lifecycle::imports;
use crate::spreadsheet::RowError;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use entity::CompetitionId;
use entity::kinds::ImportKind;
use entity::pending_import;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/admin/imports/{token}",
        get(show_import).post(confirm_import),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/import.html")]
pub struct ImportPage {
    layout: Layout,
    token: String,
    competition_id: CompetitionId,
    file_name: String,
    what: &'static str,
    rows: usize,
    units: usize,
    errors: Vec<RowError>,
    preview: Vec<PreviewRow>,
}

async fn view(
    state: &AppState,
    page: &PageActor,
    file: &pending_import::Model,
    commit: bool,
) -> Result<ImportPage, PageError> {
    let outcome = imports::run(&state.db, &page.actor, file, commit).await?;
    let what = outcome.kind.label();
    Ok(ImportPage {
        layout: Layout::signed_in(format!("导入{what}预览 · 匠心"), page),
        token: file.token.clone(),
        competition_id: file.competition_id,
        file_name: file.file_name.clone(),
        what,
        rows: outcome.rows,
        units: outcome.units,
        errors: outcome.errors,
        preview: outcome.preview,
    })
}

pub async fn show_import(
    State(state): State<AppState>,
    page: PageActor,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let file = imports::find_held(&state.db, &page.actor, &token).await?;
    let view = view(&state, &page, &file, false).await?;
    let status = if view.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, view).into_response())
}

pub async fn confirm_import(
    State(state): State<AppState>,
    page: PageActor,
    Path(token): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let file = imports::find_held(&state.db, &page.actor, &token).await?;
    let view = view(&state, &page, &file, true).await?;
    if !view.errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response());
    }
    let notice = match file.kind {
        ImportKind::Judges => "imported_judges",
        ImportKind::Entrants => "imported_entrants",
    };
    Ok(Redirect::to(&format!(
        "/admin/competitions/{}?notice={notice}",
        file.competition_id
    ))
    .into_response())
}
