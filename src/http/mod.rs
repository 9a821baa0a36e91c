//! The web layer: axum routes, askama pages and the JSON API. Each handler fetches, checks
//! access, calls a context and renders; nothing else lives here.

pub mod api;
mod auth;
pub mod client;
pub(crate) mod cookies;
mod device;
mod download;
mod error;
mod format;
mod headers;
mod metrics;
mod pages;
mod serve;
pub(crate) mod text_guard;
pub mod ws;

use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use std::time::Duration;
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use error::{ApiError, PageError};
pub use serve::{raise_open_files_limit, serve, serve_until};

/// Changes whenever the stylesheet does, so browsers never keep a stale copy.
pub fn asset_version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        // A deployment may name its release instead (say, to make every tablet take a fresh
        // copy of the marking page's cache although no asset changed).
        if let Some(named) = std::env::var("JIANGXIN_ASSET_VERSION")
            .ok()
            .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            return named;
        }
        // FNV-1a: short, stable, and enough to tell two stylesheets apart.
        let hash = STYLESHEET
            .bytes()
            .chain(JUDGE_SCRIPT.bytes())
            .chain(LIVE_SCRIPT.bytes())
            .chain(JUDGE_WORKER.bytes())
            .chain(APP_SCRIPT.bytes())
            .chain(CHECK_IN_SCRIPT.bytes())
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        format!("{:08x}", hash >> 32)
    })
}

const STYLESHEET: &str = include_str!("../../assets/app.css");

/// The whole application as a router, apart from serving it, so tests can start it on port 0.
pub fn app(state: AppState) -> Router {
    // The spectators' boards are this process's, kept by the socket layer for as long as the
    // router lives.
    let boards = ws::boards::Boards::start(state.db.clone(), &state.live, &state.shutdown);
    let (api_routes, openapi) = api::router().split_for_parts();
    let openapi_json = serde_json::to_string(&openapi).unwrap_or_else(|_| "{}".to_owned());
    Router::new()
        .merge(pages::router())
        .merge(ws::router())
        .merge(api_routes)
        .route(
            "/api/v1/openapi.json",
            get(
                move || async move { ([(header::CONTENT_TYPE, "application/json")], openapi_json) },
            ),
        )
        .route("/metrics", get(metrics::metrics))
        .route("/assets/app.css", get(stylesheet))
        .route("/assets/judge.js", get(judge_script))
        .route("/judge/sw.js", get(judge_worker))
        .route("/assets/live.js", get(live_script))
        .route("/assets/app.js", get(app_script))
        .route("/assets/check_in.js", get(check_in_script))
        .fallback(not_found)
        .layer(axum::Extension(boards))
        .layer(axum::middleware::from_fn(
            text_guard::refuse_control_characters,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        .layer(axum::middleware::from_fn(error::localise_framework_errors))
        // Spreadsheets of 10,000 entrants run to a few megabytes.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024))
        .layer(
            TraceLayer::new_for_http()
                // Only the route (`/verify/{number}`), never the path itself: a path segment may
                // carry a certificate number, a token or a name; query strings and bodies too.
                .make_span_with(|req: &Request<Body>| {
                    let route = req
                        .extensions()
                        .get::<axum::extract::MatchedPath>()
                        .map_or("(no route)", |m| m.as_str());
                    tracing::info_span!("request", method = %req.method(), route = %route)
                })
                .on_request(|_: &Request<Body>, _: &Span| {})
                .on_response(|res: &Response<Body>, latency: Duration, _: &Span| {
                    let (status, ms) = (res.status().as_u16(), crate::time::Millis(latency));
                    if res.extensions().get::<Routine>().is_some() {
                        tracing::debug!(status, %ms, "served");
                    } else {
                        tracing::info!(status, %ms, "served");
                    }
                }),
        )
        .with_state(state)
}

/// Marks a response too routine and too numerous for an info line in the request log (a
/// spectator's socket: 19,000 of them when a hall fills); it is logged at debug level.
#[derive(Clone, Copy, Debug)]
pub struct Routine;

/// The OpenAPI document of every JSON route, as served at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().split_for_parts().1
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

async fn judge_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        JUDGE_SCRIPT,
    )
}

const JUDGE_SCRIPT: &str = include_str!("../../assets/judge.js");

/// The pages' small behaviours (confirmations, printing, the batch's progress): one script file
/// so that no page needs an inline script.
async fn app_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        APP_SCRIPT,
    )
}

const APP_SCRIPT: &str = include_str!("../../assets/app.js");

async fn check_in_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CHECK_IN_SCRIPT,
    )
}

const CHECK_IN_SCRIPT: &str = include_str!("../../assets/check_in.js");

/// The judge tablet's service worker, its cache named by the assets' version: a release makes
/// it a different script, which the browser installs at the next online load. Never cached by
/// HTTP: the browser must see each new one.
async fn judge_worker() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        JUDGE_WORKER.replace("{{VERSION}}", asset_version()),
    )
}

const JUDGE_WORKER: &str = include_str!("../../assets/judge-sw.js");

async fn live_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        LIVE_SCRIPT,
    )
}

const LIVE_SCRIPT: &str = include_str!("../../assets/live.js");

async fn not_found(req: Request<Body>) -> Response<Body> {
    let err = crate::AppError::NotFound;
    if req.uri().path().starts_with("/api/") {
        ApiError(err).into_response()
    } else {
        let mut res = PageError(err).into_response();
        *res.status_mut() = StatusCode::NOT_FOUND;
        res
    }
}
