//! Who is asking: extractors that turn a cookie or a bearer token into an [`Actor`], and the
//! CSRF checks that go with cookies.
//!
//! Forms carry a CSRF token: derived from the session token once signed in (so it needs no
//! storage and dies with the session), and a double-submit cookie on the login form. JSON
//! calls made with the session cookie must send the same token in `X-CSRF-Token`; scripts use
//! bearer tokens, which a browser never sends by itself.

use super::cookies;
use super::error::{ApiError, PageError};
use crate::accounts::{Actor, sessions, tokens};
use crate::error::AppError;
use crate::secret;
use crate::state::AppState;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

/// The CSRF token that belongs to a session.
pub fn csrf_for_session(session_token: &str) -> String {
    secret::digest(&format!("csrf:{session_token}"))
}

/// A signed-in browser, with the CSRF token its forms must carry.
#[derive(Clone, Debug)]
pub struct PageActor {
    pub actor: Actor,
    pub csrf: String,
    pub session_token: String,
}

impl PageActor {
    /// Refuses a form whose token is not this session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), AppError> {
        if secret::same(sent, &self.csrf) {
            Ok(())
        } else {
            Err(AppError::Csrf)
        }
    }
}

async fn page_actor(parts: &Parts, state: &AppState) -> Result<Option<PageActor>, AppError> {
    let Some(token) = cookies::read(&parts.headers, cookies::SESSION) else {
        return Ok(None);
    };
    Ok(sessions::actor_for_session(&state.db, &token)
        .await?
        .map(|actor| PageActor {
            actor,
            csrf: csrf_for_session(&token),
            session_token: token,
        }))
}

impl FromRequestParts<AppState> for PageActor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        page_actor(parts, state)
            .await?
            .ok_or(PageError(AppError::Unauthenticated))
    }
}

/// A page open to everyone that looks different when signed in.
pub struct MaybePageActor(pub Option<PageActor>);

impl FromRequestParts<AppState> for MaybePageActor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        Ok(MaybePageActor(page_actor(parts, state).await?))
    }
}

/// The caller of a JSON route: a bearer token, or a session cookie with `X-CSRF-Token` on
/// anything that changes data.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(value) = parts.headers.get(AUTHORIZATION) {
            let secret = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or(AppError::Unauthenticated)?;
            return tokens::actor_for_token(&state.db, secret.trim())
                .await?
                .map(ApiActor)
                .ok_or(ApiError(AppError::Unauthenticated));
        }
        let page = page_actor(parts, state)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if !parts.method.is_safe() {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            page.check_csrf(sent)?;
        }
        Ok(ApiActor(page.actor))
    }
}

/// The judge signed in on this tablet (the judge-session cookie, issued against a one-time
/// code), with the session's token. `Option<JudgeTablet>`: `None` when no judge is signed in
/// here or the session was ended.
#[derive(Clone, Debug)]
pub struct JudgeTablet {
    pub judge: entity::judge::Model,
    pub token: String,
}

impl JudgeTablet {
    /// The CSRF token the chief judge's forms carry.
    pub fn csrf(&self) -> String {
        csrf_for_session(&self.token)
    }
}

impl OptionalFromRequestParts<AppState> for JudgeTablet {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, PageError> {
        let Some(token) = cookies::read(&parts.headers, cookies::JUDGE_SESSION) else {
            return Ok(None);
        };
        Ok(
            crate::judging::sign_in::judge_for_session(&state.db, &token)
                .await?
                .map(|(judge, _)| JudgeTablet { judge, token }),
        )
    }
}

/// The chief judge signed in on a tablet, for the chief's JSON routes (`/api/v1/chief/…`): the
/// tablet's own session cookie (writes then carry `X-CSRF-Token`, as the chief's page forms
/// carry it), or the same session token as `Authorization: Bearer` from the chief's tablet app.
/// No session answers 401; a judge who is not the chief judge, 403.
pub struct ChiefTablet(pub entity::judge::Model);

impl FromRequestParts<AppState> for ChiefTablet {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (token, by_cookie) = match parts.headers.get(AUTHORIZATION) {
            Some(value) => (
                value
                    .to_str()
                    .ok()
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .map(|t| t.trim().to_owned())
                    .ok_or(AppError::Unauthenticated)?,
                false,
            ),
            None => (
                cookies::read(&parts.headers, cookies::JUDGE_SESSION)
                    .ok_or(AppError::Unauthenticated)?,
                true,
            ),
        };
        let (judge, _) = crate::judging::sign_in::judge_for_session(&state.db, &token)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if by_cookie && !parts.method.is_safe() {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !secret::same(sent, &csrf_for_session(&token)) {
                return Err(AppError::Csrf.into());
            }
        }
        if !crate::marking::access::can_review(&judge) {
            return Err(AppError::Forbidden.into());
        }
        Ok(ChiefTablet(judge))
    }
}
