//! The step before a competition's status moves forward: what the move will do, for whom, and
//! what stands in its way, with the confirming button on the same page. A move forward cannot
//! be undone except by the platform administrator with a reason, so it is never one click away.

use super::Layout;
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::lifecycle::status::{StatusPreview, preview};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use entity::CompetitionId;
use entity::kinds::CompetitionStatus;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/competitions/{id}/status/confirm", get(show))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/status_confirm.html")]
pub struct ConfirmPage {
    layout: Layout,
    preview: StatusPreview,
    /// The status's code, as the move's form sends it.
    to_code: String,
    /// Whether any event has awards to show (the column is left out otherwise).
    has_awards: bool,
}

#[derive(Deserialize)]
pub struct ToQuery {
    #[serde(default)]
    to: String,
}

pub async fn show(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Query(q): Query<ToQuery>,
) -> Result<ConfirmPage, PageError> {
    let to: CompetitionStatus = serde_json::from_value(serde_json::Value::String(q.to.clone()))
        .map_err(|_| AppError::invalid("to", "请选择赛事状态"))?;
    let preview = preview(&state.db, &page.actor, id, to).await?;
    Ok(ConfirmPage {
        layout: Layout::signed_in(
            format!(
                "推进到“{}” · {} · 匠心",
                to.label(),
                preview.competition.name
            ),
            &page,
        ),
        has_awards: preview.events.iter().any(|e| !e.awards.is_empty()),
        preview,
        to_code: q.to,
    })
}
