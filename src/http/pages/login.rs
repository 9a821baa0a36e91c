//! Sign-in and sign-out. The login form is protected by a double-submit cookie, since there is
//! no session yet to bind a token to.

use super::Layout;
use crate::accounts::{sessions, users};
use crate::error::AppError;
use crate::http::auth::{MaybePageActor, PageActor};
use crate::http::client::ClientAddr;
use crate::http::cookies;
use crate::http::error::{PageError, public, with_retry_after};
use crate::secret;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(show_login).post(submit_login))
        .route("/logout", post(submit_logout))
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    layout: Layout,
    username: String,
    error: Option<String>,
}

fn login_page(csrf: String, username: String, error: Option<String>) -> LoginPage {
    let mut layout = Layout::public("登录 · 匠心");
    layout.csrf = csrf;
    LoginPage {
        layout,
        username,
        error,
    }
}

pub async fn show_login(
    State(state): State<AppState>,
    MaybePageActor(page): MaybePageActor,
    headers: HeaderMap,
) -> Response {
    if page.is_some() {
        return Redirect::to("/admin").into_response();
    }
    let (csrf, set) = match cookies::read(&headers, cookies::LOGIN_CSRF) {
        Some(existing) => (existing, None),
        None => {
            let fresh = secret::new_secret();
            let cookie = cookies::set(
                cookies::LOGIN_CSRF,
                &fresh,
                3600 * 24,
                state.config.cookie_secure,
                true,
            );
            (fresh, Some(cookie))
        }
    };
    let page = login_page(csrf, String::new(), None);
    match set {
        Some(cookie) => ([(SET_COOKIE, cookie)], page).into_response(),
        None => page.into_response(),
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
}

pub async fn submit_login(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let expected = cookies::read(&headers, cookies::LOGIN_CSRF).unwrap_or_default();
    if expected.is_empty() || !secret::same(&form.csrf, &expected) {
        return Err(AppError::Csrf.into());
    }
    match users::sign_in(&state.db, &form.username, &form.password, from).await {
        Ok(actor) => {
            let token =
                sessions::open_session(&state.db, actor.user_id, state.config.session_hours)
                    .await?;
            tracing::info!(user = actor.user_id.0, "signed in");
            let cookie = cookies::set(
                cookies::SESSION,
                &token,
                state.config.session_hours * 3600,
                state.config.cookie_secure,
                false,
            );
            Ok(([(SET_COOKIE, cookie)], Redirect::to("/admin")).into_response())
        }
        Err(
            err @ (AppError::BadCredentials
            | AppError::TooManyAttempts { .. }
            | AppError::Invalid { .. }),
        ) => {
            let p = public(&err);
            let page = login_page(expected, form.username, Some(p.message));
            Ok(with_retry_after(&err, (p.status, page).into_response()))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub async fn submit_logout(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    sessions::close_session(&state.db, &page.session_token).await?;
    Ok((
        [(
            SET_COOKIE,
            cookies::clear(cookies::SESSION, state.config.cookie_secure),
        )],
        Redirect::to("/"),
    )
        .into_response())
}
