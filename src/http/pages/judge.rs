//! The judge's side: signing a tablet in with a one-time code, and the marking page. The
//! organiser's side issues codes (with a QR code) and ends sessions.

use super::Layout;
use crate::error::AppError;
use crate::http::auth::JudgeTablet;
use crate::http::auth::{MaybePageActor, PageActor};
use crate::http::client::ClientAddr;
use crate::http::cookies;
use crate::http::error::{PageError, public, with_retry_after};
use crate::judging::sign_in;
use crate::secret;
use crate::state::AppState;
use crate::time::show_minute;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::{HOST, SET_COOKIE, USER_AGENT};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entity::EventId;
use entity::JudgeId;
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/judges/{id}/code", post(issue_code))
        .route("/admin/judges/{id}/sessions/end", post(end_sessions))
        .route("/judge", get(show_sign_in).post(submit_sign_in))
        .route("/judge/mark", get(show_marking))
}

#[derive(Template, WebTemplate)]
#[template(path = "judge/code.html")]
pub struct CodePage {
    layout: Layout,
    judge: String,
    event_id: EventId,
    code: String,
    expires: String,
    url: String,
    qr_svg: String,
}

/// The tablet's sign-in address for a code, and its QR code as SVG (the page and the API
/// give the same).
pub(crate) fn sign_in_link(state: &AppState, headers: &HeaderMap, code: &str) -> (String, String) {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:8080");
    let scheme = if state.config.cookie_secure {
        "https"
    } else {
        "http"
    };
    let url = format!("{scheme}://{host}/judge?code={code}");
    let qr_svg = QrCode::new(url.as_bytes())
        .map(|qr| {
            qr.render::<svg::Color<'_>>()
                .min_dimensions(240, 240)
                .build()
        })
        .unwrap_or_default();
    (url, qr_svg)
}

/// Issues a one-time code for a judge's tablet and shows it with a QR code.
pub async fn issue_code(
    State(state): State<AppState>,
    page: PageActor,
    Path(judge_id): Path<JudgeId>,
    headers: HeaderMap,
    Form(form): Form<super::login::CsrfForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let issued = sign_in::issue_code(&state.db, &page.actor, judge_id).await?;
    let name = crate::entrants::people::name_of(&state.db, issued.judge.person_id).await?;
    let (url, qr_svg) = sign_in_link(&state, &headers, &issued.code);
    Ok(CodePage {
        layout: Layout::signed_in("裁判登录码 · 匠心", &page),
        judge: name,
        event_id: issued.judge.event_id,
        code: format!("{} {}", &issued.code[..4], &issued.code[4..]),
        expires: show_minute(issued.expires_at),
        url,
        qr_svg,
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct EndForm {
    event_id: EventId,
    csrf: String,
}

/// Ends every session of a judge at once.
pub async fn end_sessions(
    State(state): State<AppState>,
    page: PageActor,
    Path(judge_id): Path<JudgeId>,
    Form(form): Form<EndForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    sign_in::end_sessions(&state.db, &page.actor, judge_id).await?;
    Ok(Redirect::to(&format!(
        "/admin/events/{}?notice=sessions_ended",
        form.event_id
    ))
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "judge/sign_in.html")]
pub struct SignInPage {
    layout: Layout,
    code: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

fn sign_in_page(csrf: String, code: String, error: Option<String>) -> SignInPage {
    let mut layout = Layout::public("裁判登录 · 匠心");
    layout.csrf = csrf;
    SignInPage {
        layout,
        code,
        error,
    }
}

/// The code entry page (a scanned QR code fills the code in).
pub async fn show_sign_in(
    State(state): State<AppState>,
    MaybePageActor(_): MaybePageActor,
    headers: HeaderMap,
    Query(q): Query<CodeQuery>,
) -> Response {
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
    let page = sign_in_page(csrf, q.code, None);
    match set {
        Some(cookie) => ([(SET_COOKIE, cookie)], page).into_response(),
        None => page.into_response(),
    }
}

#[derive(Deserialize)]
pub struct SignInForm {
    code: String,
    csrf: String,
}

pub async fn submit_sign_in(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, PageError> {
    let expected = cookies::read(&headers, cookies::LOGIN_CSRF).unwrap_or_default();
    if expected.is_empty() || !secret::same(&form.csrf, &expected) {
        return Err(AppError::Csrf.into());
    }
    let device = headers.get(USER_AGENT).and_then(|u| u.to_str().ok());
    match sign_in::redeem_code_from(&state.db, &form.code, device, from).await {
        Ok((token, judge)) => {
            tracing::info!(judge = judge.id.0, "tablet signed in");
            if let Some(replaced) = cookies::read(&headers, cookies::JUDGE_SESSION) {
                sign_in::end_replaced_session(&state.db, &replaced).await?;
            }
            let cookie = cookies::set(
                cookies::JUDGE_SESSION,
                &token,
                sign_in::SESSION_HOURS * 3600,
                state.config.cookie_secure,
                true,
            );
            let next = if crate::marking::access::can_review(&judge) {
                "/judge/chief"
            } else {
                "/judge/mark"
            };
            Ok(([(SET_COOKIE, cookie)], Redirect::to(next)).into_response())
        }
        Err(err @ (AppError::Invalid { .. } | AppError::TooManyAttempts { .. })) => {
            let p = public(&err);
            let page = sign_in_page(expected, form.code, Some(p.message));
            Ok(with_retry_after(&err, (p.status, page).into_response()))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "judge/mark.html")]
pub struct MarkPage {
    layout: Layout,
    judge: String,
    /// Who the page is for: the tablet keeps each judge's waiting marks apart by it.
    judge_id: JudgeId,
    event_id: EventId,
}

/// The marking page; everything after loading comes over `/ws/judge`.
pub async fn show_marking(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
) -> Result<Response, PageError> {
    let Some(JudgeTablet { judge, .. }) = tablet else {
        return Ok(Redirect::to("/judge").into_response());
    };
    if crate::marking::access::can_review(&judge) {
        return Ok(Redirect::to("/judge/chief").into_response());
    }
    let name = crate::entrants::people::name_of(&state.db, judge.person_id).await?;
    Ok(MarkPage {
        layout: Layout::public("评分 · 匠心"),
        judge: name,
        judge_id: judge.id,
        event_id: judge.event_id,
    }
    .into_response())
}
