//! The administrator's page of accounts.

use super::Layout;
use super::admin::Choice;
use crate::accounts::{access, organisations, users};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::{PageError, public};
use crate::state::AppState;
use crate::time::show_second;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entity::kinds::Role;
use entity::{OrganisationId, UserId};
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(show_users).post(create_user))
        .route("/admin/users/unlock", post(unlock_user))
        .route("/admin/users/{id}/password", post(reset_password))
        .route("/admin/users/{id}/disabled", post(set_disabled))
}

pub struct UserRow {
    pub id: UserId,
    /// The administrator's own account: not disabled from here.
    pub me: bool,
    /// "已停用（2026-12-06 10:42）", or empty for an account in use.
    pub disabled: String,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub organisation: String,
    /// Wrong passwords lately, and until when the account name waits: empty when nothing.
    pub attempts: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    layout: Layout,
    users: Vec<UserRow>,
    organisations: Vec<Choice>,
    error: Option<String>,
    notice: Option<&'static str>,
}

async fn users_page(
    state: &AppState,
    page: &PageActor,
    error: Option<String>,
) -> Result<UsersPage, PageError> {
    if !access::can_manage_accounts(&page.actor) {
        return Err(AppError::Forbidden.into());
    }
    let orgs = organisations::list_organisations(&state.db).await?;
    let mut rows = Vec::new();
    for u in users::list_users(&state.db).await? {
        let tried = users::sign_in_attempts(&state.db, &u.username).await?;
        let attempts = match (tried.failures, tried.wait_until) {
            (0, None) => String::new(),
            (n, None) => format!("近期输错 {n} 次"),
            (n, Some(until)) => format!("近期输错 {n} 次，须等到 {}", show_second(until)),
        };
        rows.push(UserRow {
            id: u.id,
            me: u.id == page.actor.user_id,
            disabled: u
                .disabled_at
                .map(|at| format!("已停用（{}）", crate::time::show_minute(at)))
                .unwrap_or_default(),
            attempts,
            organisation: u
                .organisation_id
                .and_then(|id| orgs.iter().find(|o| o.id == id))
                .map(|o| o.name.clone())
                .unwrap_or_else(|| "—".into()),
            username: u.username,
            display_name: u.display_name,
            role: u.role.label(),
        });
    }
    Ok(UsersPage {
        layout: Layout::signed_in("账号管理 · 匠心", page),
        users: rows,
        organisations: orgs
            .into_iter()
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.name,
            })
            .collect(),
        error,
        notice: None,
    })
}

pub async fn show_users(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<NoticeQuery>,
) -> Result<UsersPage, PageError> {
    let mut shown = users_page(&state, &page, None).await?;
    shown.notice = match q.notice.as_str() {
        "unlocked" => Some("已解除该账号的等待，可立即登录。"),
        "password" => Some("已重设密码，该账号的登录已全部结束；请当面告知本人新密码。"),
        "disabled" => Some("账号已停用：不能再登录，已有的登录和 API 令牌立即失效。"),
        "enabled" => Some("账号已恢复使用。"),
        _ => None,
    };
    Ok(shown)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    csrf: String,
}

/// 重设密码: the administrator sets a new password; the account's sessions end.
pub async fn reset_password(
    State(state): State<AppState>,
    page: PageActor,
    axum::extract::Path(id): axum::extract::Path<UserId>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let done = users::reset_password(&state.db, &page.actor, id, &form.password).await;
    answer(&state, &page, done.map(|_| "password")).await
}

#[derive(Deserialize)]
pub struct DisabledForm {
    #[serde(default)]
    disabled: String,
    csrf: String,
}

/// 停用 / 启用.
pub async fn set_disabled(
    State(state): State<AppState>,
    page: PageActor,
    axum::extract::Path(id): axum::extract::Path<UserId>,
    Form(form): Form<DisabledForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let disabled = form.disabled == "1";
    let done = users::set_disabled(&state.db, &page.actor, id, disabled).await;
    answer(
        &state,
        &page,
        done.map(|_| if disabled { "disabled" } else { "enabled" }),
    )
    .await
}

/// After a step on an account: back to the list with a notice, or the list with the refusal.
async fn answer(
    state: &AppState,
    page: &PageActor,
    done: Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    match done {
        Ok(notice) => Ok(Redirect::to(&format!("/admin/users?notice={notice}")).into_response()),
        Err(err @ AppError::Invalid { .. }) => {
            let p = public(&err);
            Ok((p.status, users_page(state, page, Some(p.message)).await?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    #[serde(default)]
    notice: String,
}

#[derive(Deserialize)]
pub struct UnlockForm {
    #[serde(default)]
    username: String,
    csrf: String,
}

/// Lets an account whose owner cannot wait sign in at once.
pub async fn unlock_user(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<UnlockForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    users::unlock_account(&state.db, &page.actor, &form.username).await?;
    Ok(Redirect::to("/admin/users?notice=unlocked").into_response())
}

#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation_id: String,
    csrf: String,
}

fn parse_user(form: UserForm, by: UserId) -> Result<users::NewUser, AppError> {
    let role = match form.role.as_str() {
        "admin" => Role::Admin,
        "organiser" => Role::Organiser,
        "award_officer" => Role::AwardOfficer,
        _ => return Err(AppError::invalid("role", "请选择角色")),
    };
    let organisation_id = match form.organisation_id.trim() {
        "" => None,
        v => Some(OrganisationId(v.parse().map_err(|_| {
            AppError::invalid("organisation_id", "请选择单位")
        })?)),
    };
    Ok(users::NewUser {
        username: form.username,
        display_name: form.display_name,
        password: form.password,
        role,
        organisation_id,
        created_by: Some(by),
    })
}

pub async fn create_user(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<UserForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    if !access::can_manage_accounts(&page.actor) {
        return Err(AppError::Forbidden.into());
    }
    let result = match parse_user(form, page.actor.user_id) {
        Ok(new) => users::create_user(&state.db, new).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(err @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let p = public(&err);
            Ok((p.status, users_page(&state, &page, Some(p.message)).await?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
