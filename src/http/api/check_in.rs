//! 检录 by API: checking an entrant in at the hall door (the door's page posts here too, and
//! keeps what it could not send while the Wi-Fi is down), the door's count, and marking the
//! entrants not checked in as 缺赛 once the event has started.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::entrants::check_in::{self, CheckInCount, CheckedIn};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use entity::EventId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(check_in_entrant, door_count))
        .routes(routes!(mark_absent))
}

/// What the door typed or scanned.
#[derive(Deserialize, ToSchema)]
pub struct CheckInBody {
    /// 参赛证号 (12, 012, 12号) or the ID card's number.
    #[schema(example = "12", max_length = 32)]
    pub key: String,
    /// 二次加密 only: the station the entrant drew from the box at the door. Without it the
    /// hall seed draws one.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 9999)]
    pub station: Option<i32>,
}

/// Checks an entrant in (检录). Sending the same entrant again answers with the first
/// check-in (`already`), so a phone that lost the answer may simply resend. Under 二次加密 the
/// first check-in gives the station (drawn at the door or by the hall seed).
#[utoipa::path(post, path = "/api/v1/events/{id}/check-in", tag = "entrants",
    params(("id" = i32, Path, description = "event id")),
    request_body = CheckInBody,
    responses((status = 200, description = "成功", body = CheckedIn),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "找不到选手、已退赛或缺赛、不在检录时段", body = ErrorEnvelope)))]
pub async fn check_in_entrant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<CheckInBody>,
) -> Result<Json<CheckedIn>, ApiError> {
    let key: String = body.key.chars().take(32).collect();
    Ok(Json(
        check_in::check_in(&state.db, &actor, id, &key, body.station).await?,
    ))
}

/// The door's count: checked in, absent, and the entry numbers still expected.
#[utoipa::path(get, path = "/api/v1/events/{id}/check-in", tag = "entrants",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = CheckInCount),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn door_count(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<CheckInCount>, ApiError> {
    Ok(Json(check_in::count(&state.db, &actor, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct AbsentOut {
    /// The entry numbers marked 缺赛.
    pub entry_nos: Vec<i32>,
}

/// Marks every entrant not checked in as 缺赛 (after the event's start): they leave the
/// judges' lists, the matrix and the boards; results show 缺赛. Undone only by the chief judge.
#[utoipa::path(post, path = "/api/v1/events/{id}/absences", tag = "entrants",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = AbsentOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "尚未开赛或已锁定", body = ErrorEnvelope)))]
pub async fn mark_absent(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<AbsentOut>, ApiError> {
    let entry_nos =
        crate::lifecycle::check_in::mark_absent(&state.db, &state.live, &actor, id).await?;
    Ok(Json(AbsentOut { entry_nos }))
}
