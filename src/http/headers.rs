//! Headers every answer carries, and the Origin check on forms: what a browser needs to keep
//! this site out of other sites' frames, scripts and form posts.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Scripts only from this site (every page's behaviour is in /assets/*.js, no inline script or
/// handler); styles may be inline (`style=` attributes), which cannot run code; no frames, no
/// plugins; forms post only here; sockets and fetches only to here.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; connect-src 'self'; worker-src 'self'; \
                   object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if let Err(refusal) = check_origin(&state, &request) {
        return refusal;
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    // Pages only: a PDF opened in the browser's own viewer is left to the viewer's rules.
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html {
        set(h, header::CONTENT_SECURITY_POLICY, CSP);
    }
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "same-origin");
    if state.config.cookie_secure {
        set(
            h,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// A form posted from another site is refused: browsers name the page's origin on every POST,
/// and it must be this site (its Host, or the public address it is configured with). A client
/// that sends no Origin (a script, an old browser) is not a browser tricked by another site.
/// The JSON API takes only `application/json`, which another site's form cannot send.
#[expect(clippy::result_large_err, reason = "the refusal is the answer itself")]
fn check_origin(state: &AppState, request: &Request) -> Result<(), Response> {
    if request.method() != Method::POST {
        return Ok(());
    }
    let Some(origin) = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(());
    };
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let public_host = state.config.public_url.as_deref().map(|u| {
        u.split_once("://")
            .map_or(u, |(_, rest)| rest)
            .trim_end_matches('/')
    });
    if origin_host.eq_ignore_ascii_case(host)
        || public_host.is_some_and(|p| origin_host.eq_ignore_ascii_case(p))
    {
        return Ok(());
    }
    let err = crate::AppError::Csrf;
    Err(if request.uri().path().starts_with("/api/") {
        super::ApiError(err).into_response()
    } else {
        super::PageError(err).into_response()
    })
}
