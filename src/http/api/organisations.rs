use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::ApiJson;
use crate::accounts::{access, organisations};
use crate::error::AppError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use entity::OrganisationId;
use entity::kinds::OrganisationKind;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_organisations, create_organisation))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Organisation {
    id: OrganisationId,
    name: String,
    #[schema(example = "enterprise")]
    kind: OrganisationKind,
    district: String,
}

impl From<entity::organisation::Model> for Organisation {
    fn from(o: entity::organisation::Model) -> Self {
        Organisation {
            id: o.id,
            name: o.name,
            kind: o.kind,
            district: o.district,
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewOrganisation {
    #[schema(min_length = 2, max_length = 100)]
    name: String,
    /// `bureau`, `enterprise`, `school` or `agency`.
    #[schema(example = "enterprise")]
    kind: OrganisationKind,
    /// 县市区, e.g. 婺城区; 市本级 for city-level bodies.
    #[schema(max_length = 24)]
    district: String,
}

/// Every registered organisation (names of public bodies and employers are not secret).
#[utoipa::path(get, path = "/api/v1/organisations", tag = "accounts",
    responses((status = 200, description = "成功", body = Vec<Organisation>), (status = 401, description = "未登录或令牌无效", body = ErrorEnvelope)))]
pub async fn list_organisations(
    State(state): State<AppState>,
    ApiActor(_actor): ApiActor,
) -> Result<Json<Vec<Organisation>>, ApiError> {
    let all = organisations::list_organisations(&state.db).await?;
    Ok(Json(all.into_iter().map(Organisation::from).collect()))
}

/// Registers an organisation. Platform administrator only.
#[utoipa::path(post, path = "/api/v1/organisations", tag = "accounts",
    request_body = NewOrganisation,
    responses((status = 201, description = "已创建", body = Organisation), (status = 403, description = "无权执行此操作", body = ErrorEnvelope),
              (status = 409, description = "与已有数据冲突", body = ErrorEnvelope), (status = 422, description = "输入有误，message 说明原因，field 指出字段", body = ErrorEnvelope)))]
pub async fn create_organisation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewOrganisation>,
) -> Result<(StatusCode, Json<Organisation>), ApiError> {
    if !access::can_manage_organisations(&actor) {
        return Err(AppError::Forbidden.into());
    }
    let created = organisations::create_organisation(
        &state.db,
        organisations::NewOrganisation {
            name: body.name,
            kind: body.kind,
            district: body.district,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}
