//! An event's entrants on the organiser's pages: adding one, withdrawing or disqualifying,
//! removing, and the draw.

use super::event::answer;
use super::event::organisation;
use crate::entrants::{self, NewEntrant, NewMember, draw};
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use entity::EntrantId;
use entity::EventId;
use entity::kinds::EntrantStatus;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/entrants", post(add_entrant))
        .route("/admin/entrants/{id}/status", post(change_entrant_status))
        .route("/admin/entrants/{id}/delete", post(remove_entrant))
        .route("/admin/events/{id}/draw", post(run_draw))
        .route("/admin/events/{id}/entrants.xlsx", get(export_list))
}

/// 导出 Excel on the event page's list of entrants.
pub async fn export_list(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<Response, PageError> {
    let (name, bytes) = entrants::export::entrant_list(&state.db, &page.actor, id).await?;
    Ok(crate::http::api::files::xlsx_file(&name, bytes))
}

#[derive(Deserialize)]
pub struct EntrantForm {
    name: String,
    sex: String,
    id_number: String,
    #[serde(default)]
    phone: String,
    organisation_id: String,
    csrf: String,
}

pub async fn add_entrant(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<EntrantForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let result = match organisation(&f.organisation_id) {
        Ok(org) => entrants::add_entrant(
            &state.db,
            &page.actor,
            id,
            NewEntrant {
                organisation_id: org,
                team_name: None,
                members: vec![NewMember {
                    name: f.name,
                    sex: f.sex,
                    id_number: f.id_number,
                    phone: Some(f.phone),
                }],
            },
        )
        .await
        .map(|_| "entrant"),
        Err(e) => Err(e),
    };
    answer(&state, &page, id, result).await
}

#[derive(Deserialize)]
pub struct EntrantStatusForm {
    status: String,
    #[serde(default)]
    reason: String,
    event_id: EventId,
    csrf: String,
}

pub async fn change_entrant_status(
    State(state): State<AppState>,
    page: PageActor,
    Path(entrant): Path<EntrantId>,
    Form(f): Form<EntrantStatusForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let to = if f.status == "disqualified" {
        EntrantStatus::Disqualified
    } else {
        EntrantStatus::Withdrawn
    };
    let result = entrants::change_status(&state.db, &page.actor, entrant, to, &f.reason)
        .await
        .map(|_| "entrant_status");
    answer(&state, &page, f.event_id, result).await
}

#[derive(Deserialize)]
pub struct RemoveForm {
    event_id: EventId,
    csrf: String,
}

pub async fn remove_entrant(
    State(state): State<AppState>,
    page: PageActor,
    Path(entrant): Path<EntrantId>,
    Form(f): Form<RemoveForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let result = entrants::remove_entrant(&state.db, &page.actor, entrant)
        .await
        .map(|_| "entrant_removed");
    answer(&state, &page, f.event_id, result).await
}

#[derive(Deserialize)]
pub struct DrawForm {
    #[serde(default)]
    seed: String,
    csrf: String,
}

pub async fn run_draw(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<DrawForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let result = draw::draw(&state.db, &page.actor, id, Some(f.seed))
        .await
        .map(|d| if d.sealed { "draw_sealed" } else { "draw" });
    answer(&state, &page, id, result).await
}
