//! 理论成绩导入 on the organiser's pages: upload the exam system's export, see the preview
//! (every row, the errors by row and column, who is missing), confirm. The confirmation form
//! carries the file back (hex): nothing is trusted from it, the step checks every row again.

use super::Layout;
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::lifecycle::theory::{self, TheoryReport};
use crate::spreadsheet::read_table;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use entity::EventId;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/theory", post(preview))
        .route("/admin/events/{id}/theory/commit", post(commit))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/theory.html")]
pub struct TheoryPage {
    layout: Layout,
    event_id: EventId,
    event: String,
    file_name: String,
    content: String,
    report: Option<TheoryReport>,
    error: Option<String>,
}

async fn page_for(
    state: &AppState,
    page: &PageActor,
    id: EventId,
    file_name: String,
    bytes: &[u8],
    report: Result<TheoryReport, AppError>,
) -> Result<Response, PageError> {
    let (ev, _) =
        crate::competitions::events::find_managed_event(&state.db, &page.actor, id).await?;
    let (report, error) = match report {
        Ok(r) => (Some(r), None),
        Err(err @ AppError::Invalid { .. }) => {
            (None, Some(crate::http::error::public(&err).message))
        }
        Err(other) => return Err(other.into()),
    };
    let status = if error.is_some() || report.as_ref().is_some_and(|r| !r.errors.is_empty()) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        TheoryPage {
            layout: Layout::signed_in("理论成绩导入 · 匠心", page),
            event_id: ev.id,
            event: crate::competitions::events::title(&ev),
            file_name,
            content: hex::encode(bytes),
            report,
            error,
        },
    )
        .into_response())
}

/// The upload: read and check, nothing stored.
pub async fn preview(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = super::Upload::read(multipart).await?;
    page.check_csrf(upload.field("csrf"))?;
    let report = match read_table(&upload.content) {
        Ok(table) => theory::check(&state.db, &page.actor, id, &table)
            .await
            .map(|c| c.report),
        Err(e) => Err(e),
    };
    page_for(&state, &page, id, upload.file_name, &upload.content, report).await
}

#[derive(Deserialize)]
pub struct CommitForm {
    csrf: String,
    file_name: String,
    content: String,
}

/// The confirmation: check again and store, all or nothing.
pub async fn commit(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<CommitForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let bytes = hex::decode(f.content.trim())
        .map_err(|_| AppError::invalid("file", "文件已损坏，请重新上传"))?;
    let file_name: String = f.file_name.chars().take(80).collect();
    let digest = crate::secret::digest_bytes(&bytes);
    let result = match read_table(&bytes) {
        Ok(table) => match theory::check(&state.db, &page.actor, id, &table).await {
            Ok(checked) => {
                checked
                    .commit(&state.db, &state.live, &page.actor, &file_name, &digest)
                    .await
            }
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    match result {
        Ok(report) if report.committed => {
            Ok(Redirect::to(&format!("/admin/events/{id}?notice=theory_imported")).into_response())
        }
        other => page_for(&state, &page, id, file_name, &bytes, other).await,
    }
}
