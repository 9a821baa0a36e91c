//! The live boards by API: what the public board shows (live settings), the organiser's own
//! standings (every submitted mark, names shown) and publishing the results to the boards.
//! Another organisation's event answers 404.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::competitions::events::{find_event, find_managed_event};
use crate::leaderboard::Audience;
use crate::leaderboard::settings::{LiveMarks, LiveSettings};
use crate::state::AppState;
use crate::time::now;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use entity::EventId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(live_settings, save_live_settings))
        .routes(routes!(standings))
        .routes(routes!(publish_results))
}

/// What the public live board shows.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct LiveSettingsDoc {
    /// `confirmed` (modules the chief judge signed off) or `submitted` (every stored mark).
    #[schema(example = "confirmed")]
    pub live_marks: LiveMarks,
    /// Blind codes only, no names or organisations, until results are published.
    pub anonymous: bool,
    /// From then on the public board stops changing until results are published.
    pub freeze_at: Option<DateTime<Utc>>,
}

/// An event's live board settings.
#[utoipa::path(get, path = "/api/v1/events/{id}/live-settings", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = LiveSettingsDoc),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn live_settings(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<LiveSettingsDoc>, ApiError> {
    let (ev, _) = find_managed_event(&state.db, &actor, id).await?;
    let s = LiveSettings::of(&ev);
    Ok(Json(LiveSettingsDoc {
        live_marks: s.marks,
        anonymous: s.anonymous,
        freeze_at: s.freeze_at,
    }))
}

/// Sets an event's live board settings; spectators' boards follow at once.
#[utoipa::path(put, path = "/api/v1/events/{id}/live-settings", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    request_body = LiveSettingsDoc,
    responses((status = 200, description = "成功", body = LiveSettingsDoc),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn save_live_settings(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<LiveSettingsDoc>,
) -> Result<Json<LiveSettingsDoc>, ApiError> {
    let saved = crate::lifecycle::boards::set_live_settings(
        &state.db,
        &state.live,
        &actor,
        id,
        LiveSettings {
            marks: body.live_marks,
            anonymous: body.anonymous,
            freeze_at: body.freeze_at,
        },
    )
    .await?;
    let s = LiveSettings::of(&saved);
    Ok(Json(LiveSettingsDoc {
        live_marks: s.marks,
        anonymous: s.anonymous,
        freeze_at: s.freeze_at,
    }))
}

/// One row of the organiser's standings (every submitted mark, names shown).
#[derive(Serialize, ToSchema)]
pub struct StandingOut {
    pub entrant: i32,
    /// None while nothing counts, or for a withdrawn or disqualified entrant.
    pub rank: Option<u32>,
    pub name: String,
    pub organisation: String,
    /// As the scheme rounds it, e.g. `87.90`.
    pub total: Option<String>,
    /// Still being marked.
    pub marking: bool,
    pub status: entity::kinds::EntrantStatus,
}

/// The organiser's live standings of an event (not the public board: every submitted mark,
/// names shown, no freeze). Results, once computed, are at `/api/v1/events/{id}/results`.
#[utoipa::path(get, path = "/api/v1/events/{id}/standings", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = Vec<StandingOut>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn standings(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<Vec<StandingOut>>, ApiError> {
    let (ev, _) = find_event(&state.db, &actor, id).await?;
    let b = crate::lifecycle::boards::board(&state.db, &ev, Audience::Organiser, now()).await?;
    Ok(Json(
        b.rows
            .iter()
            .map(|r| StandingOut {
                entrant: r.entrant.0,
                rank: r.rank,
                name: r.name.clone(),
                organisation: r.organisation.clone(),
                total: r.total.map(|t| t.to_string()),
                marking: r.marking,
                status: r.status,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Published {
    pub results_published: bool,
}

/// Publishes an event's results on the public board (names and organisations shown, no
/// freeze); only after the chief judge locked the marks.
#[utoipa::path(post, path = "/api/v1/events/{id}/publication", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = Published),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "评分尚未锁定", body = ErrorEnvelope)))]
pub async fn publish_results(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<Published>, ApiError> {
    let saved =
        crate::lifecycle::boards::publish_results(&state.db, &state.live, &actor, id).await?;
    Ok(Json(Published {
        results_published: saved.results_published,
    }))
}
