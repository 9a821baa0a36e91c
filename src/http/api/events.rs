use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::competitions::events;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use entity::kinds::{CompetitionStatus, EventGroup, EventTrack};
use entity::{CompetitionId, EventId, OrganisationId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(move_status))
        .routes(routes!(create_event))
        .routes(routes!(find_event, update_event))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewEvent {
    /// 工种, e.g. 数控车工.
    #[schema(min_length = 1, max_length = 50)]
    trade: String,
    #[schema(example = "staff")]
    group: EventGroup,
    #[schema(example = "national")]
    track: EventTrack,
    /// 5 (五级/初级工) … 1 (一级/高级技师).
    #[serde(default = "three")]
    #[schema(minimum = 1, maximum = 5)]
    level: i32,
    host_id: Option<OrganisationId>,
    #[schema(max_length = 100)]
    venue: Option<String>,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    /// Members per entrant; 1 for individual events.
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 10)]
    team_size: i32,
    /// Yuan, as a decimal string.
    #[schema(value_type = Option<String>, example = "48500.00")]
    #[schema(pattern = "^[0-9]+(\\.[0-9]+)?$", max_length = 20)]
    hosting_cost: Option<Decimal>,
}

fn one() -> i32 {
    1
}
fn three() -> i32 {
    3
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EventOut {
    id: EventId,
    competition_id: CompetitionId,
    trade: String,
    group: EventGroup,
    track: EventTrack,
    level: i32,
    host_id: Option<OrganisationId>,
    venue: Option<String>,
    starts_at: Option<DateTime<Utc>>,
    ends_at: Option<DateTime<Utc>>,
    team_size: i32,
    #[schema(value_type = Option<String>)]
    hosting_cost: Option<Decimal>,
    scheme_frozen: bool,
    draw_seed: Option<String>,
    results_published: bool,
}

impl From<entity::event::Model> for EventOut {
    fn from(e: entity::event::Model) -> Self {
        EventOut {
            id: e.id,
            competition_id: e.competition_id,
            trade: e.trade,
            group: e.group,
            track: e.track,
            level: e.level,
            host_id: e.host_id,
            venue: e.venue,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            team_size: e.team_size,
            hosting_cost: e.hosting_cost.map(|c| c.to_decimal().round_dp(2)),
            scheme_frozen: e.scheme_frozen,
            draw_seed: e.draw_seed,
            results_published: e.results_published,
        }
    }
}

/// Adds an event (工种) to a competition.
#[utoipa::path(post, path = "/api/v1/competitions/{id}/events", tag = "events",
    params(("id" = i32, Path, description = "competition id")),
    request_body = NewEvent,
    responses((status = 201, description = "已创建", body = EventOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "与已有数据冲突", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn create_event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<NewEvent>,
) -> Result<(StatusCode, Json<EventOut>), ApiError> {
    let created = events::create_event(&state.db, &actor, id, body.into_details()).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Changes an event's details (same fields as when creating it).
#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    request_body = NewEvent,
    responses((status = 200, description = "成功", body = EventOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "与已有数据冲突", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn update_event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<NewEvent>,
) -> Result<Json<EventOut>, ApiError> {
    let updated = events::update_event(&state.db, &actor, id, body.into_details()).await?;
    Ok(Json(updated.into()))
}

impl NewEvent {
    fn into_details(self) -> events::EventDetails {
        events::EventDetails {
            trade: self.trade,
            group: self.group,
            track: self.track,
            level: self.level,
            host_id: self.host_id,
            venue: self.venue,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            team_size: self.team_size,
            hosting_cost: self.hosting_cost,
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CompetitionChangesIn {
    #[schema(min_length = 2, max_length = 100)]
    name: String,
    #[schema(minimum = 2000, maximum = 2100)]
    year: i32,
    /// Whether a person may enter more than one event.
    #[serde(default)]
    allow_multiple_events: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CompetitionChangesOut {
    id: CompetitionId,
    name: String,
    year: i32,
    allow_multiple_events: bool,
}

/// Changes a competition's name, year, or whether a person may enter several events.
#[utoipa::path(put, path = "/api/v1/competitions/{id}", tag = "competitions",
    params(("id" = i32, Path, description = "competition id")),
    request_body = CompetitionChangesIn,
    responses((status = 200, description = "成功", body = CompetitionChangesOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn update_competition(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<CompetitionChangesIn>,
) -> Result<Json<CompetitionChangesOut>, ApiError> {
    let updated = crate::competitions::update_competition(
        &state.db,
        &actor,
        id,
        crate::competitions::CompetitionChanges {
            name: body.name,
            year: body.year,
            allow_multiple_events: body.allow_multiple_events,
        },
    )
    .await?;
    Ok(Json(CompetitionChangesOut {
        id: updated.id,
        name: updated.name,
        year: updated.year,
        allow_multiple_events: updated.allow_multiple_events,
    }))
}

/// One event.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = EventOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn find_event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<EventOut>, ApiError> {
    let (ev, _) = events::find_event(&state.db, &actor, id).await?;
    Ok(Json(ev.into()))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct StatusMove {
    /// The status to move to: the next one, or (administrator only, with a reason) an earlier one.
    #[schema(example = "registration")]
    to: CompetitionStatus,
    #[schema(max_length = 2000)]
    reason: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StatusOut {
    status: CompetitionStatus,
}

/// Moves a competition's status, recording who and when.
#[utoipa::path(post, path = "/api/v1/competitions/{id}/status", tag = "competitions",
    params(("id" = i32, Path, description = "competition id")),
    request_body = StatusMove,
    responses((status = 200, description = "成功", body = StatusOut),
              (status = 403, description = "无权执行此操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn move_status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<StatusMove>,
) -> Result<Json<StatusOut>, ApiError> {
    let updated = crate::lifecycle::status::move_status_and_announce(
        &state.db,
        &state.live,
        &actor,
        id,
        body.to,
        body.reason.as_deref(),
    )
    .await?;
    Ok(Json(StatusOut {
        status: updated.status,
    }))
}
