use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::judging::judges::{self, NewJudge};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use entity::kinds::JudgeRole;
use entity::{EntrantId, JudgeId};
use entity::{EventId, OrganisationId};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_judges, add_judge))
        .routes(routes!(assign_entrant))
        .routes(routes!(add_substitute))
        .routes(routes!(markable_entrants))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct JudgeOut {
    #[schema(value_type = i32)]
    id: JudgeId,
    name: String,
    /// Masked.
    id_number: String,
    organisation_id: OrganisationId,
    organisation: String,
    #[schema(example = "judge")]
    role: JudgeRole,
    panel: String,
    /// 替补裁判: marks only assigned entrants in a panel's place; not counted in its size.
    substitute: bool,
}

/// An event's judges and chief judges.
#[utoipa::path(get, path = "/api/v1/events/{id}/judges", tag = "judges",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = Vec<JudgeOut>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn list_judges(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<Vec<JudgeOut>>, ApiError> {
    let all = judges::list_judges(&state.db, &actor, id).await?;
    Ok(Json(
        all.into_iter()
            .map(|v| JudgeOut {
                id: v.judge.id,
                name: v.name,
                id_number: v.id_masked,
                organisation_id: v.judge.organisation_id,
                organisation: v.organisation,
                role: v.judge.role,
                panel: v.judge.panel,
                substitute: v.judge.substitute,
            })
            .collect(),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewJudgeIn {
    #[schema(min_length = 1, max_length = 50)]
    name: String,
    /// 男 or 女.
    #[schema(pattern = "^(男|女|male|female|M|F|m|f)$", max_length = 6)]
    sex: String,
    #[schema(min_length = 18, max_length = 18, pattern = "^[0-9]{17}[0-9Xx]$")]
    id_number: String,
    #[schema(max_length = 11, pattern = "^(1[0-9]{10})?$")]
    phone: Option<String>,
    organisation_id: OrganisationId,
    /// `judge` or `chief`.
    #[schema(example = "judge")]
    role: JudgeRole,
    /// The panel (裁判组) label, e.g. `A`.
    #[schema(min_length = 1, max_length = 16, pattern = "^[A-Za-z0-9]{1,16}$")]
    panel: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedJudge {
    #[schema(value_type = i32)]
    id: JudgeId,
}

/// Adds a judge to an event.
#[utoipa::path(post, path = "/api/v1/events/{id}/judges", tag = "judges",
    params(("id" = i32, Path, description = "event id")),
    request_body = NewJudgeIn,
    responses((status = 201, description = "已创建", body = CreatedJudge),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "与已有数据冲突", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn add_judge(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<NewJudgeIn>,
) -> Result<(StatusCode, Json<CreatedJudge>), ApiError> {
    let created = judges::add_judge(
        &state.db,
        &actor,
        id,
        NewJudge {
            name: body.name,
            sex: body.sex,
            id_number: body.id_number,
            phone: body.phone,
            organisation_id: body.organisation_id,
            role: body.role,
            panel: body.panel,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(CreatedJudge { id: created.id })))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SubstituteIn {
    #[schema(min_length = 1, max_length = 50)]
    name: String,
    /// 男 or 女.
    #[schema(pattern = "^(男|女|male|female|M|F|m|f)$", max_length = 6)]
    sex: String,
    #[schema(min_length = 18, max_length = 18, pattern = "^[0-9]{17}[0-9Xx]$")]
    id_number: String,
    #[schema(max_length = 11, pattern = "^(1[0-9]{10})?$")]
    phone: Option<String>,
    /// Another organisation than the entrants'.
    organisation_id: OrganisationId,
    /// The panel whose judges all stay away from the entrants.
    #[schema(min_length = 1, max_length = 16, pattern = "^[A-Za-z0-9]{1,16}$")]
    panel: String,
    /// The entrants the substitute marks (ids), each one nobody in the panel may mark.
    #[schema(value_type = Vec<i32>, min_items = 1)]
    entrants: Vec<EntrantId>,
}

/// Adds a substitute judge (替补裁判) to a panel for the entrants the whole panel had to stay
/// away from (回避), assigned in the same step and audited. The panel's size, and so its
/// aggregation, is unchanged.
#[utoipa::path(post, path = "/api/v1/events/{id}/substitutes", tag = "judges",
    params(("id" = i32, Path, description = "event id")),
    request_body = SubstituteIn,
    responses((status = 201, description = "已创建", body = CreatedJudge),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "与已有数据冲突", body = ErrorEnvelope),
              (status = 422, description = "输入有误：无需替补的选手、同单位（回避）等", body = ErrorEnvelope)))]
pub async fn add_substitute(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<SubstituteIn>,
) -> Result<(StatusCode, Json<CreatedJudge>), ApiError> {
    let created = judges::add_substitute(
        &state.db,
        &actor,
        id,
        NewJudge {
            name: body.name,
            sex: body.sex,
            id_number: body.id_number,
            phone: body.phone,
            organisation_id: body.organisation_id,
            role: JudgeRole::Judge,
            panel: body.panel,
        },
        &body.entrants,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(CreatedJudge { id: created.id })))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AssignmentIn {
    #[schema(value_type = i32)]
    #[schema(minimum = 1)]
    entrant_id: EntrantId,
}

/// Gives a judge an entrant to mark. Refused (422) when they share an organisation (回避).
#[utoipa::path(post, path = "/api/v1/judges/{id}/assignments", tag = "judges",
    params(("id" = i32, Path, description = "judge id")),
    request_body = AssignmentIn,
    responses((status = 204, description = "已完成"),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "回避或输入有误", body = ErrorEnvelope)))]
pub async fn assign_entrant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<JudgeId>,
    ApiJson(body): ApiJson<AssignmentIn>,
) -> Result<StatusCode, ApiError> {
    judges::assign(&state.db, &actor, id, body.entrant_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MarkableEntrant {
    #[schema(value_type = i32)]
    id: EntrantId,
    station: Option<i32>,
    blind_code: Option<String>,
}

/// The entrants a judge will mark: never one of the judge's own organisation.
#[utoipa::path(get, path = "/api/v1/judges/{id}/entrants", tag = "judges",
    params(("id" = i32, Path, description = "judge id")),
    responses((status = 200, description = "成功", body = Vec<MarkableEntrant>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn markable_entrants(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<JudgeId>,
) -> Result<Json<Vec<MarkableEntrant>>, ApiError> {
    let judge = judges::find_judge(&state.db, &actor, id).await?;
    let (ev, comp) =
        crate::competitions::events::find_event(&state.db, &actor, judge.event_id).await?;
    // Entrant ids join this list to the names: codes only for who may see the draw.
    let codes = crate::competitions::access::can_see_draw(&actor, &comp, &ev);
    let list = judges::markable_entrants(&state.db, &judge).await?;
    Ok(Json(
        list.into_iter()
            .map(|e| MarkableEntrant {
                id: e.id,
                station: e.station,
                blind_code: e.blind_code.filter(|_| codes),
            })
            .collect(),
    ))
}
