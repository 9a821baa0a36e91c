//! The preview of an uploaded spreadsheet, and its confirmation. The file waits in
//! `pending_import`; only its uploader may see or confirm it.

use super::Layout;
use super::login::CsrfForm;
use crate::entrants::import::{PreviewRow, import_entrants};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::ids::CompetitionId;
use crate::judging::import::import_judges;
use crate::spreadsheet::{RowError, read_table};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use entity::pending_import;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
    competition_id: i32,
    file_name: String,
    what: &'static str,
    rows: usize,
    units: usize,
    errors: Vec<RowError>,
    preview: Vec<PreviewRow>,
}

async fn pending(
    state: &AppState,
    page: &PageActor,
    token: &str,
) -> Result<pending_import::Model, PageError> {
    pending_import::Entity::find()
        .filter(pending_import::Column::Token.eq(token))
        .filter(pending_import::Column::UserId.eq(page.actor.user_id.0))
        .one(&state.db)
        .await?
        .ok_or(PageError(AppError::NotFound))
}

async fn run(
    state: &AppState,
    page: &PageActor,
    file: &pending_import::Model,
    commit: bool,
) -> Result<ImportPage, PageError> {
    let table = read_table(&file.content)?;
    let competition = CompetitionId(file.competition_id);
    let (what, rows, units, errors, preview) = if file.kind == "judges" {
        let r = import_judges(&state.db, &page.actor, competition, &table, commit).await?;
        ("裁判", r.rows, r.judges, r.errors, Vec::new())
    } else {
        let r = import_entrants(&state.db, &page.actor, competition, &table, commit).await?;
        ("选手", r.rows, r.entrants, r.errors, r.preview)
    };
    Ok(ImportPage {
        layout: Layout::signed_in(format!("导入{what}预览 · 匠心"), page),
        token: file.token.clone(),
        competition_id: file.competition_id,
        file_name: file.file_name.clone(),
        what,
        rows,
        units,
        errors,
        preview,
    })
}

pub async fn show_import(
    State(state): State<AppState>,
    page: PageActor,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let file = pending(&state, &page, &token).await?;
    let view = run(&state, &page, &file, false).await?;
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
    let file = pending(&state, &page, &token).await?;
    let view = run(&state, &page, &file, true).await?;
    if !view.errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response());
    }
    pending_import::Entity::delete_by_id(file.id)
        .exec(&state.db)
        .await?;
    let notice = if file.kind == "judges" {
        "imported_judges"
    } else {
        "imported_entrants"
    };
    Ok(Redirect::to(&format!(
        "/admin/competitions/{}?notice={notice}",
        file.competition_id
    ))
    .into_response())
}
