use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::competitions;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use entity::kinds::{CompetitionKind, CompetitionStatus, EventGroup, EventTrack};
use entity::{CompetitionId, EventId, OrganisationId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_competitions, create_competition))
        .routes(routes!(find_competition, super::events::update_competition))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Competition {
    id: CompetitionId,
    name: String,
    #[schema(example = "city")]
    kind: CompetitionKind,
    year: i32,
    organiser_id: OrganisationId,
    #[schema(example = "draft")]
    status: CompetitionStatus,
}

impl From<entity::competition::Model> for Competition {
    fn from(c: entity::competition::Model) -> Self {
        Competition {
            id: c.id,
            name: c.name,
            kind: c.kind,
            year: c.year,
            organiser_id: c.organiser_id,
            status: c.status,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Event {
    id: EventId,
    trade: String,
    #[schema(example = "staff")]
    group: EventGroup,
    #[schema(example = "national")]
    track: EventTrack,
    host_id: Option<OrganisationId>,
    /// Yuan, as an exact decimal string.
    #[schema(value_type = Option<String>, example = "48500.00")]
    hosting_cost: Option<Decimal>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CompetitionDetail {
    #[serde(flatten)]
    competition: Competition,
    events: Vec<Event>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewCompetition {
    /// e.g. 2026年金华市技能大赛.
    #[schema(min_length = 2, max_length = 100)]
    name: String,
    /// `city`, `county`, `industry` or `enterprise`.
    #[schema(example = "enterprise")]
    kind: CompetitionKind,
    #[schema(minimum = 2000, maximum = 2100)]
    year: i32,
    /// The organising body; defaults to the caller's organisation.
    organiser_id: Option<OrganisationId>,
}

/// The competitions the caller may see: an organiser sees their own organisation's only.
#[utoipa::path(get, path = "/api/v1/competitions", tag = "competitions",
    responses((status = 200, description = "成功", body = Vec<Competition>), (status = 401, description = "未登录或令牌无效", body = ErrorEnvelope)))]
pub async fn list_competitions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<Competition>>, ApiError> {
    let all = competitions::list_competitions(&state.db, &actor).await?;
    Ok(Json(all.into_iter().map(Competition::from).collect()))
}

/// Creates a competition in draft.
#[utoipa::path(post, path = "/api/v1/competitions", tag = "competitions",
    request_body = NewCompetition,
    responses((status = 201, description = "已创建", body = Competition), (status = 403, description = "无权执行此操作", body = ErrorEnvelope),
              (status = 422, description = "输入有误，message 说明原因，field 指出字段", body = ErrorEnvelope)))]
pub async fn create_competition(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewCompetition>,
) -> Result<(StatusCode, Json<Competition>), ApiError> {
    let created = competitions::create_competition(
        &state.db,
        &actor,
        competitions::NewCompetition {
            name: body.name,
            kind: body.kind,
            year: body.year,
            organiser_id: body.organiser_id,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// One competition with its events. Another organisation's competition is "not found".
#[utoipa::path(get, path = "/api/v1/competitions/{id}", tag = "competitions",
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "成功", body = CompetitionDetail), (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn find_competition(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<Json<CompetitionDetail>, ApiError> {
    let found = competitions::find_competition(&state.db, &actor, id).await?;
    let events = competitions::list_events(&state.db, found.id).await?;
    Ok(Json(CompetitionDetail {
        competition: found.into(),
        events: events
            .into_iter()
            .map(|e| Event {
                id: e.id,
                trade: e.trade,
                group: e.group,
                track: e.track,
                host_id: e.host_id,
                hosting_cost: e.hosting_cost.map(|c| c.to_decimal().round_dp(2)),
            })
            .collect(),
    }))
}
