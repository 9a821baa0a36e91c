use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::results::rules::{self, ResultRulesDoc, RulesInForce};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use entity::{CompetitionId, EventId};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(find_competition_rules, replace_competition_rules))
        .routes(routes!(
            find_event_rules,
            replace_event_rules,
            clear_event_rules
        ))
}

/// A competition's default result rules (the national practice until set).
#[utoipa::path(get, path = "/api/v1/competitions/{id}/result-rules", tag = "results",
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "成功", body = RulesInForce),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn find_competition_rules(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<Json<RulesInForce>, ApiError> {
    Ok(Json(rules::competition_rules(&state.db, &actor, id).await?))
}

/// Sets a competition's default result rules; refused once the competition is marking.
#[utoipa::path(put, path = "/api/v1/competitions/{id}/result-rules", tag = "results",
    params(("id" = i32, Path, description = "competition id")),
    request_body = ResultRulesDoc,
    responses((status = 200, description = "成功", body = RulesInForce),
              (status = 403, description = "无权修改", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误或已冻结", body = ErrorEnvelope)))]
pub async fn replace_competition_rules(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<ResultRulesDoc>,
) -> Result<Json<RulesInForce>, ApiError> {
    Ok(Json(
        rules::set_competition_rules(&state.db, &actor, id, body).await?,
    ))
}

/// The result rules an event follows, and whether they are its own, the competition's default
/// or the national practice.
#[utoipa::path(get, path = "/api/v1/events/{id}/result-rules", tag = "results",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = RulesInForce),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn find_event_rules(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<RulesInForce>, ApiError> {
    Ok(Json(rules::event_rules(&state.db, &actor, id).await?))
}

/// Sets an event's own result rules (checked against its scheme); refused once marking has
/// started.
#[utoipa::path(put, path = "/api/v1/events/{id}/result-rules", tag = "results",
    params(("id" = i32, Path, description = "event id")),
    request_body = ResultRulesDoc,
    responses((status = 200, description = "成功", body = RulesInForce),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误或已冻结", body = ErrorEnvelope)))]
pub async fn replace_event_rules(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<ResultRulesDoc>,
) -> Result<Json<RulesInForce>, ApiError> {
    Ok(Json(
        rules::set_event_rules(&state.db, &actor, id, body).await?,
    ))
}

/// Drops an event's own result rules: it follows the competition's default again.
#[utoipa::path(delete, path = "/api/v1/events/{id}/result-rules", tag = "results",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = RulesInForce),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "已冻结", body = ErrorEnvelope)))]
pub async fn clear_event_rules(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<RulesInForce>, ApiError> {
    Ok(Json(rules::clear_event_rules(&state.db, &actor, id).await?))
}
