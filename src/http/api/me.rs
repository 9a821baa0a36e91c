use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use crate::accounts::organisations;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use entity::kinds::Role;
use entity::{OrganisationId, UserId};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(find_me))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    id: UserId,
    username: String,
    display_name: String,
    #[schema(example = "organiser")]
    role: Role,
    organisation_id: Option<OrganisationId>,
    organisation_name: Option<String>,
}

/// The account the request acts as.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, description = "成功", body = Me), (status = 401, description = "未登录或令牌无效", body = ErrorEnvelope)))]
pub async fn find_me(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Me>, ApiError> {
    let organisation_name = match actor.organisation_id {
        Some(id) => organisations::find_organisation(&state.db, id)
            .await?
            .map(|o| o.name),
        None => None,
    };
    Ok(Json(Me {
        id: actor.user_id,
        username: actor.username,
        display_name: actor.display_name,
        role: actor.role,
        organisation_id: actor.organisation_id,
        organisation_name,
    }))
}
