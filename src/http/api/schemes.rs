use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::judging::scheme::{self, SchemeDoc};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use entity::EventId;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(find_scheme, replace_scheme))
        .routes(routes!(copy_scheme))
        .routes(routes!(check_scheme))
}

/// An event's marking scheme.
#[utoipa::path(get, path = "/api/v1/events/{id}/scheme", tag = "schemes",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = SchemeDoc),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn find_scheme(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<SchemeDoc>, ApiError> {
    Ok(Json(scheme::get_scheme(&state.db, &actor, id).await?))
}

/// Replaces an event's marking scheme; refused once marking has started.
#[utoipa::path(put, path = "/api/v1/events/{id}/scheme", tag = "schemes",
    params(("id" = i32, Path, description = "event id")),
    request_body = SchemeDoc,
    responses((status = 200, description = "成功", body = SchemeDoc),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn replace_scheme(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<SchemeDoc>,
) -> Result<Json<SchemeDoc>, ApiError> {
    Ok(Json(scheme::set_scheme(&state.db, &actor, id, body).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CopyFrom {
    /// The event whose scheme is copied.
    #[schema(minimum = 1)]
    from_event: i32,
}

/// Copies another event's scheme onto this one.
#[utoipa::path(post, path = "/api/v1/events/{id}/scheme/copy", tag = "schemes",
    params(("id" = i32, Path, description = "event id")),
    request_body = CopyFrom,
    responses((status = 200, description = "成功", body = SchemeDoc),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn copy_scheme(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<CopyFrom>,
) -> Result<Json<SchemeDoc>, ApiError> {
    Ok(Json(
        scheme::copy_scheme(&state.db, &actor, EventId(body.from_event), id).await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SchemeCheck {
    ready: bool,
    /// What must be fixed before the event may start, in Chinese.
    problems: Vec<String>,
}

/// Checks the scheme against the event's panels: totals add up, weights make 100, every panel
/// is big enough for its aggregation.
#[utoipa::path(get, path = "/api/v1/events/{id}/scheme/check", tag = "schemes",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = SchemeCheck),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn check_scheme(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<SchemeCheck>, ApiError> {
    let problems = scheme::check_scheme(&state.db, &actor, id).await?;
    Ok(Json(SchemeCheck {
        ready: problems.is_empty(),
        problems,
    }))
}
