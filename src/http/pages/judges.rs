//! An event's judges on the organiser's pages: adding one and assigning entrants.

use super::event::answer;
use super::event::organisation;
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::judging::judges::{self, NewJudge};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use entity::EventId;
use entity::kinds::JudgeRole;
use entity::{EntrantId, JudgeId};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/judges", post(add_judge))
        .route("/admin/events/{id}/substitutes", post(add_substitute))
        .route("/admin/judges/{id}/assignments", post(assign))
}

#[derive(Deserialize)]
pub struct JudgeForm {
    name: String,
    sex: String,
    id_number: String,
    #[serde(default)]
    phone: String,
    organisation_id: String,
    role: String,
    panel: String,
    csrf: String,
}

pub async fn add_judge(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<JudgeForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let result = match organisation(&f.organisation_id) {
        Ok(org) => judges::add_judge(
            &state.db,
            &page.actor,
            id,
            NewJudge {
                name: f.name,
                sex: f.sex,
                id_number: f.id_number,
                phone: Some(f.phone),
                organisation_id: org,
                role: if f.role == "chief" {
                    JudgeRole::Chief
                } else {
                    JudgeRole::Judge
                },
                panel: f.panel,
            },
        )
        .await
        .map(|_| "judge"),
        Err(e) => Err(e),
    };
    answer(&state, &page, id, result).await
}

#[derive(Deserialize)]
pub struct AssignForm {
    entrant_id: String,
    event_id: EventId,
    csrf: String,
}

/// The select offers only allowed entrants; a crafted post for a recused one is refused here
/// by the same rule as the API.
pub async fn assign(
    State(state): State<AppState>,
    page: PageActor,
    Path(judge): Path<JudgeId>,
    Form(f): Form<AssignForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let result = match f.entrant_id.trim().parse::<EntrantId>() {
        Ok(entrant) => judges::assign(&state.db, &page.actor, judge, entrant)
            .await
            .map(|_| "assigned"),
        Err(_) => Err(AppError::invalid("entrant_id", "请选择选手")),
    };
    answer(&state, &page, f.event_id, result).await
}

/// A substitute judge for the entrants a whole panel had to stay away from; the entrants come
/// as repeated `entrant` fields.
pub async fn add_substitute(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    page.check_csrf(&field("csrf"))?;
    let entrants: Vec<EntrantId> = form
        .iter()
        .filter(|(k, _)| k == "entrant")
        .filter_map(|(_, v)| v.trim().parse().ok())
        .collect();
    let result = match organisation(&field("organisation_id")) {
        Ok(org) => judges::add_substitute(
            &state.db,
            &page.actor,
            id,
            NewJudge {
                name: field("name"),
                sex: field("sex"),
                id_number: field("id_number"),
                phone: Some(field("phone")),
                organisation_id: org,
                role: JudgeRole::Judge,
                panel: field("panel"),
            },
            &entrants,
        )
        .await
        .map(|_| "substitute"),
        Err(e) => Err(e),
    };
    answer(&state, &page, id, result).await
}
