//! The administrator's page of accounts.

use super::Layout;
use super::admin::Choice;
use crate::accounts::{access, organisations, users};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::{PageError, public};
use crate::ids::OrganisationId;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use entity::kinds::Role;
use serde::Deserialize;

pub struct UserRow {
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub organisation: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    layout: Layout,
    users: Vec<UserRow>,
    organisations: Vec<Choice>,
    error: Option<String>,
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
    let rows = users::list_users(&state.db)
        .await?
        .into_iter()
        .map(|u| UserRow {
            organisation: u
                .organisation_id
                .and_then(|id| orgs.iter().find(|o| o.id == id))
                .map(|o| o.name.clone())
                .unwrap_or_else(|| "—".into()),
            username: u.username,
            display_name: u.display_name,
            role: u.role.label(),
        })
        .collect();
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
    })
}

pub async fn show_users(
    State(state): State<AppState>,
    page: PageActor,
) -> Result<UsersPage, PageError> {
    users_page(&state, &page, None).await
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

fn parse_user(form: UserForm) -> Result<users::NewUser, AppError> {
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
    let result = match parse_user(form) {
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
