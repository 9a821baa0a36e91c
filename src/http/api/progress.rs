//! The marking progress of an event by API (every cell, module by module), for the
//! organiser's scripts and screens. Another organisation's event answers 404.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::ApiPath;
use crate::competitions::events::find_event;
use crate::marking::progress;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use entity::EventId;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(marking_progress))
        .routes(routes!(judge_consistency))
}

/// One module's marking progress.
#[derive(Serialize, ToSchema)]
pub struct ModuleProgressOut {
    pub id: i32,
    pub code: String,
    pub name: String,
    /// Entrant × aspect cells.
    pub cells: usize,
    /// Cells still waiting for a mark.
    pub missing: usize,
    /// Cells whose marks are further apart than allowed.
    pub flagged: usize,
    /// Cells that need a hand (a whole panel recused: add a substitute judge).
    pub problems: usize,
    pub signed_at: Option<DateTime<Utc>>,
    /// No missing, flagged or problem cell: the chief judge may sign it off.
    pub ready: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ProgressOut {
    pub modules: Vec<ModuleProgressOut>,
    pub locked_at: Option<DateTime<Utc>>,
}

/// The marking progress of an event, module by module (the page's “评分进度”).
#[utoipa::path(get, path = "/api/v1/events/{id}/progress", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = ProgressOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn marking_progress(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<ProgressOut>, ApiError> {
    let (ev, _) = find_event(&state.db, &actor, id).await?;
    let picture = progress::progress(&state.db, &ev).await?;
    Ok(Json(ProgressOut {
        modules: picture
            .modules
            .iter()
            .map(|m| ModuleProgressOut {
                id: m.id,
                code: m.code.clone(),
                name: m.name.clone(),
                cells: m.cells,
                missing: m.missing,
                flagged: m.flagged,
                problems: m.problems,
                signed_at: m.signed_at,
                ready: m.ready(),
            })
            .collect(),
        locked_at: ev.marks_locked_at,
    }))
}

/// 裁判一致性 of an event (for the organiser, during marking or after): per judge, the mean
/// deviation from the other judges' median (in percent of each aspect's scale, positive is
/// more generous), scatter, marks beyond the allowed spread and marks that stand alone, per
/// aspect too; and how differently each aspect is read.
#[utoipa::path(get, path = "/api/v1/events/{id}/consistency", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = crate::marking::consistency::ConsistencyReading),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn judge_consistency(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<crate::marking::consistency::ConsistencyReading>, ApiError> {
    let (ev, _) = find_event(&state.db, &actor, id).await?;
    Ok(Json(
        crate::marking::consistency::of_event(&state.db, &ev).await?,
    ))
}
