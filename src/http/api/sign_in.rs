//! A judge's tablet by API, for the organiser's scripts: a one-time sign-in code (with the QR
//! code as SVG) and ending a judge's tablet sessions. The same rules as the event page: another
//! organisation's event answers 404.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::ApiPath;
use crate::judging::sign_in;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use entity::JudgeId;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(issue_code))
        .routes(routes!(end_sessions))
}

/// A one-time sign-in code for a judge's tablet.
#[derive(Serialize, ToSchema)]
pub struct IssuedCodeOut {
    #[schema(value_type = i32)]
    pub judge: JudgeId,
    /// Eight characters; valid once, until `expires_at`.
    pub code: String,
    pub expires_at: DateTime<Utc>,
    /// The tablet opens this to sign in.
    pub sign_in_url: String,
    /// The same address as a QR code, an SVG document.
    pub qr_svg: String,
}

/// Issues a one-time sign-in code for a judge (the page's “发放登录码”).
#[utoipa::path(post, path = "/api/v1/judges/{id}/code", tag = "judges",
    params(("id" = i32, Path, description = "judge id")),
    responses((status = 200, description = "成功", body = IssuedCodeOut),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope)))]
pub async fn issue_code(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i32>,
    headers: HeaderMap,
) -> Result<Json<IssuedCodeOut>, ApiError> {
    let issued = sign_in::issue_code(&state.db, &actor, JudgeId(id)).await?;
    let (sign_in_url, qr_svg) =
        crate::http::pages::judge::sign_in_link(&state, &headers, &issued.code);
    Ok(Json(IssuedCodeOut {
        judge: issued.judge.id,
        code: issued.code,
        expires_at: issued.expires_at,
        sign_in_url,
        qr_svg,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct Ended {
    /// Tablet sessions ended.
    pub ended: u64,
}

/// Ends every tablet session of a judge at once (a lost tablet, a judge replaced).
#[utoipa::path(post, path = "/api/v1/judges/{id}/sessions/end", tag = "judges",
    params(("id" = i32, Path, description = "judge id")),
    responses((status = 200, description = "成功", body = Ended),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope)))]
pub async fn end_sessions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<Ended>, ApiError> {
    let ended = sign_in::end_sessions(&state.db, &actor, JudgeId(id)).await?;
    Ok(Json(Ended { ended }))
}
