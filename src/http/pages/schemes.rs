//! An event's marking scheme on the organiser's pages: copied from another event or imported
//! from a spreadsheet.

use super::event::answer;
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::judging::{scheme, scheme_import};
use crate::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use entity::EventId;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/scheme/copy", post(copy_scheme))
        .route("/admin/events/{id}/scheme/import", post(import_scheme))
}

#[derive(Deserialize)]
pub struct CopyForm {
    from_event: i32,
    csrf: String,
}

pub async fn copy_scheme(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<CopyForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let result = scheme::copy_scheme(&state.db, &page.actor, EventId(f.from_event), id)
        .await
        .map(|_| "scheme");
    answer(&state, &page, id, result).await
}

pub async fn import_scheme(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = super::Upload::read(multipart).await?;
    page.check_csrf(upload.field("csrf"))?;
    let result = match crate::spreadsheet::read_table(&upload.content)
        .map(|t| scheme_import::scheme_from_table(&t))
    {
        Ok(Ok(doc)) => scheme::set_scheme(&state.db, &page.actor, id, doc)
            .await
            .map(|_| "scheme"),
        Ok(Err(errors)) => Err(AppError::invalid(
            "file",
            errors
                .iter()
                .map(|e| format!("第 {} 行“{}”：{}", e.row, e.column, e.message))
                .collect::<Vec<_>>()
                .join("；"),
        )),
        Err(e) => Err(e),
    };
    answer(&state, &page, id, result).await
}
