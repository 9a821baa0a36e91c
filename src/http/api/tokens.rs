use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::accounts::tokens;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use entity::ApiTokenId;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, issue_token))
        .routes(routes!(revoke_token))
}

/// A token as listed: its prefix only, never the secret or its digest.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    id: ApiTokenId,
    name: String,
    prefix: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<entity::api_token::Model> for ApiToken {
    fn from(t: entity::api_token::Model) -> Self {
        ApiToken {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IssuedToken {
    #[serde(flatten)]
    token: ApiToken,
    /// The secret, shown this once. Send it as `Authorization: Bearer <secret>`.
    secret: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewToken {
    /// What the token is for, e.g. 成绩导出脚本.
    #[schema(min_length = 1, max_length = 60)]
    name: String,
}

/// The caller's own tokens.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, description = "成功", body = Vec<ApiToken>), (status = 401, description = "未登录或令牌无效", body = ErrorEnvelope)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<ApiToken>>, ApiError> {
    let all = tokens::list_tokens(&state.db, &actor).await?;
    Ok(Json(all.into_iter().map(ApiToken::from).collect()))
}

/// Issues a token that acts as the caller.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts",
    request_body = NewToken,
    responses((status = 201, description = "已创建", body = IssuedToken), (status = 422, description = "输入有误，message 说明原因，field 指出字段", body = ErrorEnvelope)))]
pub async fn issue_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<IssuedToken>), ApiError> {
    let issued = tokens::issue_token(&state.db, &actor, &body.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(IssuedToken {
            token: issued.record.into(),
            secret: issued.secret,
        }),
    ))
}

/// Revokes one of the caller's tokens at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts",
    params(("id" = i32, Path, description = "token id")),
    responses((status = 204, description = "已完成"), (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<ApiTokenId>,
) -> Result<StatusCode, ApiError> {
    tokens::revoke_token(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
