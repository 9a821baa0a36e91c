//! 检录 at the hall door, on a phone or tablet: one field for the entry number or the ID card's
//! number, big targets, the answer in large type to compare with the person. The page works as
//! a plain form; its script (`assets/check_in.js`) sends through the JSON API instead and keeps
//! what it could not send while the Wi-Fi is down, sending it when the network is back.

use super::Layout;
use crate::entrants::check_in::{self, CheckInCount, CheckedIn};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use entity::EventId;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/events/{id}/check-in",
            get(show_door).post(check_in_form),
        )
        .route(
            "/admin/events/{id}/absences",
            axum::routing::post(absences_form),
        )
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/check_in.html")]
pub struct DoorPage {
    layout: Layout,
    event_id: EventId,
    event: String,
    count: CheckInCount,
    /// 二次加密: the door may type the station the entrant drew from the box.
    second_draw: bool,
    done: Option<CheckedIn>,
    error: Option<String>,
    notice: Option<String>,
}

async fn door(
    state: &AppState,
    page: &PageActor,
    id: EventId,
    done: Option<CheckedIn>,
    error: Option<String>,
    notice: Option<String>,
) -> Result<DoorPage, PageError> {
    let (ev, _) =
        crate::competitions::events::find_managed_event(&state.db, &page.actor, id).await?;
    let count = check_in::count(&state.db, &page.actor, id).await?;
    Ok(DoorPage {
        layout: Layout::signed_in("检录 · 匠心", page),
        event_id: ev.id,
        event: crate::competitions::events::title(&ev),
        count,
        second_draw: ev.second_draw_seed.is_some(),
        done,
        error,
        notice,
    })
}

pub async fn show_door(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<DoorPage, PageError> {
    door(&state, &page, id, None, None, None).await
}

#[derive(Deserialize)]
pub struct DoorForm {
    csrf: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    station: String,
}

/// The plain form: check in, and show the answer on the same page.
pub async fn check_in_form(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<DoorForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let key: String = f.key.chars().take(32).collect();
    let drawn = match f.station.trim() {
        "" => Ok(None),
        s => s
            .parse::<i32>()
            .map(Some)
            .map_err(|_| AppError::invalid("station", "工位号应为整数")),
    };
    let done = match drawn {
        Ok(drawn) => check_in::check_in(&state.db, &page.actor, id, &key, drawn).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(done) => Ok(door(&state, &page, id, Some(done), None, None)
            .await?
            .into_response()),
        Err(err @ AppError::Invalid { .. }) => {
            let p = crate::http::error::public(&err);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                door(&state, &page, id, None, Some(p.message), None).await?,
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// 未检录者记为缺赛, after the page asked for confirmation with the numbers.
pub async fn absences_form(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<DoorForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    match crate::lifecycle::check_in::mark_absent(&state.db, &state.live, &page.actor, id).await {
        Ok(marked) => {
            let notice = if marked.is_empty() {
                "所有选手均已检录，没有缺赛".to_owned()
            } else {
                format!(
                    "已记为缺赛：{} 号",
                    marked
                        .iter()
                        .map(i32::to_string)
                        .collect::<Vec<_>>()
                        .join("、")
                )
            };
            Ok(door(&state, &page, id, None, None, Some(notice))
                .await?
                .into_response())
        }
        Err(err @ AppError::Invalid { .. }) => {
            let p = crate::http::error::public(&err);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                door(&state, &page, id, None, Some(p.message), None).await?,
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}
