//! 解密 and 二次加密 on the organiser's pages: the switch on the event page (before check-in)
//! and the 解密 after the lock. Opening the 解密 is a deliberate step (a button, not a link a
//! browser might prefetch), and each opening is recorded.

use super::Layout;
use crate::entrants::draw;
use crate::entrants::unblinding::{self, Unblinding};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use entity::EventId;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/unblinding", get(ask).post(show))
        .route("/admin/events/{id}/second-draw", post(switch))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/unblinding.html")]
pub struct UnblindingPage {
    layout: Layout,
    event_id: EventId,
    event: String,
    locked: bool,
    shown: Option<Unblinding>,
    error: Option<String>,
}

/// The page before the look: what opening it will record.
pub async fn ask(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<UnblindingPage, PageError> {
    let (ev, _) =
        crate::competitions::events::find_managed_event(&state.db, &page.actor, id).await?;
    Ok(UnblindingPage {
        layout: Layout::signed_in("解密 · 匠心", &page),
        event_id: ev.id,
        event: crate::competitions::events::title(&ev),
        locked: ev.marks_locked_at.is_some(),
        shown: None,
        error: None,
    })
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// The look itself, recorded.
pub async fn show(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<CsrfForm>,
) -> Result<UnblindingPage, PageError> {
    page.check_csrf(&f.csrf)?;
    let layout = Layout::signed_in("解密 · 匠心", &page);
    match unblinding::unblind(&state.db, &page.actor, id).await {
        Ok(u) => Ok(UnblindingPage {
            layout,
            event_id: id,
            event: u.event.clone(),
            locked: true,
            shown: Some(u),
            error: None,
        }),
        Err(err @ AppError::Invalid { .. }) => {
            // Refused (not yet locked, no second draw): the page says why.
            let (ev, _) =
                crate::competitions::events::find_managed_event(&state.db, &page.actor, id).await?;
            Ok(UnblindingPage {
                layout,
                event_id: ev.id,
                event: crate::competitions::events::title(&ev),
                locked: ev.marks_locked_at.is_some(),
                shown: None,
                error: Some(crate::http::error::public(&err).message),
            })
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct SwitchForm {
    csrf: String,
    /// "on" or "off".
    enabled: String,
    #[serde(default)]
    seed: String,
}

/// 二次加密 on or off, from the event page.
pub async fn switch(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<SwitchForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let result = draw::set_second_draw(&state.db, &page.actor, id, f.enabled == "on", Some(f.seed))
        .await
        .map(|ev| {
            if ev.second_draw_seed.is_some() {
                "second_draw_on"
            } else {
                "second_draw_off"
            }
        });
    super::event::answer(&state, &page, id, result).await
}
