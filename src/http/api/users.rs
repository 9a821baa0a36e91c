use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::accounts::{access, users};
use crate::error::AppError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use entity::kinds::Role;
use entity::{OrganisationId, UserId};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(reset_password))
        .routes(routes!(set_disabled))
}

/// An account as others may see it: never its password hash.
#[derive(Serialize, utoipa::ToSchema)]
pub struct User {
    id: UserId,
    username: String,
    display_name: String,
    #[schema(example = "organiser")]
    role: Role,
    organisation_id: Option<OrganisationId>,
    /// Since when the account is disabled; absent for an account in use.
    disabled_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<entity::user::Model> for User {
    fn from(u: entity::user::Model) -> Self {
        User {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            organisation_id: u.organisation_id,
            disabled_at: u.disabled_at,
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewUser {
    #[schema(min_length = 3, max_length = 32, pattern = "^[A-Za-z0-9_.-]{3,32}$")]
    username: String,
    #[schema(min_length = 1, max_length = 50)]
    display_name: String,
    /// At least 8 characters.
    #[schema(min_length = 8, max_length = 128)]
    password: String,
    /// `admin`, `organiser` or `award_officer`.
    #[schema(example = "organiser")]
    role: Role,
    /// Required for organisers.
    organisation_id: Option<OrganisationId>,
}

/// Every account. Platform administrator only.
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts",
    responses((status = 200, description = "成功", body = Vec<User>), (status = 403, description = "无权执行此操作", body = ErrorEnvelope)))]
pub async fn list_users(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<User>>, ApiError> {
    if !access::can_manage_accounts(&actor) {
        return Err(AppError::Forbidden.into());
    }
    let all = users::list_users(&state.db).await?;
    Ok(Json(all.into_iter().map(User::from).collect()))
}

/// Creates an account. Platform administrator only.
#[utoipa::path(post, path = "/api/v1/users", tag = "accounts",
    request_body = NewUser,
    responses((status = 201, description = "已创建", body = User), (status = 403, description = "无权执行此操作", body = ErrorEnvelope),
              (status = 409, description = "与已有数据冲突", body = ErrorEnvelope), (status = 422, description = "输入有误，message 说明原因，field 指出字段", body = ErrorEnvelope)))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    if !access::can_manage_accounts(&actor) {
        return Err(AppError::Forbidden.into());
    }
    let created = users::create_user(
        &state.db,
        users::NewUser {
            username: body.username,
            display_name: body.display_name,
            password: body.password,
            role: body.role,
            organisation_id: body.organisation_id,
            created_by: Some(actor.user_id),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewPassword {
    /// At least 8 characters; tell it to the account's owner in person.
    #[schema(min_length = 8, max_length = 128)]
    password: String,
}

/// Sets a new password for an account (its owner lost theirs); every session of the account
/// ends. Platform administrator only; recorded.
#[utoipa::path(put, path = "/api/v1/users/{id}/password", tag = "accounts",
    params(("id" = i32, Path, description = "账号编号")),
    request_body = NewPassword,
    responses((status = 200, description = "已重设", body = User), (status = 403, description = "无权执行此操作", body = ErrorEnvelope),
              (status = 404, description = "不存在", body = ErrorEnvelope), (status = 422, description = "输入有误，message 说明原因，field 指出字段", body = ErrorEnvelope)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<UserId>,
    ApiJson(body): ApiJson<NewPassword>,
) -> Result<Json<User>, ApiError> {
    let saved = users::reset_password(&state.db, &actor, id, &body.password).await?;
    Ok(Json(saved.into()))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Disabled {
    /// `true` disables the account (no sign-in, sessions end, API tokens stop); `false`
    /// enables it again.
    disabled: bool,
}

/// Disables or enables an account. Platform administrator only; not one's own account, not the
/// last administrator in use; recorded.
#[utoipa::path(put, path = "/api/v1/users/{id}/disabled", tag = "accounts",
    params(("id" = i32, Path, description = "账号编号")),
    request_body = Disabled,
    responses((status = 200, description = "已更新", body = User), (status = 403, description = "无权执行此操作", body = ErrorEnvelope),
              (status = 404, description = "不存在", body = ErrorEnvelope), (status = 422, description = "输入有误，message 说明原因，field 指出字段", body = ErrorEnvelope)))]
pub async fn set_disabled(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<UserId>,
    ApiJson(body): ApiJson<Disabled>,
) -> Result<Json<User>, ApiError> {
    let saved = users::set_disabled(&state.db, &actor, id, body.disabled).await?;
    Ok(Json(saved.into()))
}
