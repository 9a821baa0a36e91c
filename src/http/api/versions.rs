//! Results and their versions.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::ApiPath;
use crate::results::export::{self, ResultSheet, VersionDoc};
use crate::results::versions;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use entity::EventId;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(latest_results))
        .routes(routes!(list_versions))
        .routes(routes!(numbered_results))
        .routes(routes!(recompute_results))
}

/// An event's latest results: rank, entry number, name, organisation, subtotals, total, award,
/// honours; with the version they come from and whether it is signed or final.
#[utoipa::path(get, path = "/api/v1/events/{id}/results", tag = "results",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = ResultSheet),
              (status = 404, description = "不存在、无权查看或尚无成绩", body = ErrorEnvelope)))]
pub async fn latest_results(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<ResultSheet>, ApiError> {
    Ok(Json(
        export::event_sheet(&state.db, &actor, id, None).await?,
    ))
}

/// Every result version of an event, newest first.
#[utoipa::path(get, path = "/api/v1/events/{id}/results/versions", tag = "results",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = Vec<VersionDoc>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn list_versions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<Vec<VersionDoc>>, ApiError> {
    let (ev, _) = crate::competitions::events::find_event(&state.db, &actor, id).await?;
    let all = versions::history(&state.db, ev.id).await?;
    Ok(Json(all.iter().map(VersionDoc::from).collect()))
}

/// One version of an event's results.
#[utoipa::path(get, path = "/api/v1/events/{id}/results/versions/{number}", tag = "results",
    params(("id" = i32, Path, description = "event id"), ("number" = i32, Path, description = "version number")),
    responses((status = 200, description = "成功", body = ResultSheet),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn numbered_results(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, number)): ApiPath<(EventId, i32)>,
) -> Result<Json<ResultSheet>, ApiError> {
    Ok(Json(
        export::event_sheet(&state.db, &actor, id, Some(number)).await?,
    ))
}

/// Computes a locked event's results again: a new version only when marks, entrant statuses or
/// rules changed since the latest.
#[utoipa::path(post, path = "/api/v1/events/{id}/results/recompute", tag = "results",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = ResultSheet),
              (status = 403, description = "无权操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "评分尚未锁定", body = ErrorEnvelope)))]
pub async fn recompute_results(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<ResultSheet>, ApiError> {
    versions::recompute(&state.db, &actor, id).await?;
    Ok(Json(
        export::event_sheet(&state.db, &actor, id, None).await?,
    ))
}
