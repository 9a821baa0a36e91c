//! The organiser's desk: the competitions they may see, and a form to start a new one.

use super::Layout;
use crate::accounts::organisations;
use crate::competitions::{self, NewCompetition};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::{PageError, public};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entity::OrganisationId;
use entity::kinds::{CompetitionKind, Role};
use sea_orm::Iterable;
use serde::Deserialize;
use std::collections::HashMap;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(show_dashboard))
        .route("/admin/competitions", post(create_competition))
}

pub struct CompetitionRow {
    pub id: entity::CompetitionId,
    pub name: String,
    pub year: i32,
    pub kind: &'static str,
    pub status: &'static str,
    pub organiser: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/dashboard.html")]
pub struct DashboardPage {
    layout: Layout,
    competitions: Vec<CompetitionRow>,
    can_create: bool,
    kinds: Vec<Choice>,
    organisers: Vec<Choice>,
    form: CompetitionForm,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct CompetitionForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    organiser_id: String,
    #[serde(default)]
    csrf: String,
}

async fn dashboard(
    state: &AppState,
    page: &PageActor,
    form: CompetitionForm,
    error: Option<String>,
) -> Result<DashboardPage, PageError> {
    let orgs = organisations::list_organisations(&state.db).await?;
    let names: HashMap<entity::OrganisationId, String> =
        orgs.iter().map(|o| (o.id, o.name.clone())).collect();
    let competitions = competitions::list_competitions(&state.db, &page.actor)
        .await?
        .into_iter()
        .map(|c| CompetitionRow {
            id: c.id,
            year: c.year,
            kind: c.kind.label(),
            status: c.status.label(),
            organiser: names.get(&c.organiser_id).cloned().unwrap_or_default(),
            name: c.name,
        })
        .collect();
    let actor = &page.actor;
    let organisers = orgs
        .iter()
        .filter(|o| actor.role == Role::Admin || actor.organisation_id == Some(o.id))
        .map(|o| Choice {
            value: o.id.to_string(),
            label: o.name.clone(),
        })
        .collect();
    let kinds = CompetitionKind::iter()
        .map(|k| Choice {
            value: serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(ToOwned::to_owned))
                .unwrap_or_default(),
            label: k.label().to_owned(),
        })
        .collect();
    Ok(DashboardPage {
        layout: Layout::signed_in("赛事管理 · 匠心", page),
        competitions,
        can_create: matches!(actor.role, Role::Admin | Role::Organiser),
        kinds,
        organisers,
        form,
        error,
    })
}

pub async fn show_dashboard(
    State(state): State<AppState>,
    page: PageActor,
) -> Result<DashboardPage, PageError> {
    let form = CompetitionForm {
        year: "2026".into(),
        ..Default::default()
    };
    dashboard(&state, &page, form, None).await
}

/// Parses the form into a new competition, naming the field that is wrong.
fn parse_competition(form: &CompetitionForm) -> Result<NewCompetition, AppError> {
    let kind: CompetitionKind =
        serde_json::from_value(serde_json::Value::String(form.kind.clone()))
            .map_err(|_| AppError::invalid("kind", "请选择赛事类别"))?;
    let year = form
        .year
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("year", "年度须为四位数字，如 2026"))?;
    let organiser_id = match form.organiser_id.trim() {
        "" => None,
        v => Some(OrganisationId(v.parse().map_err(|_| {
            AppError::invalid("organiser_id", "请选择主办单位")
        })?)),
    };
    Ok(NewCompetition {
        name: form.name.clone(),
        kind,
        year,
        organiser_id,
    })
}

pub async fn create_competition(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<CompetitionForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = match parse_competition(&form) {
        Ok(new) => competitions::create_competition(&state.db, &page.actor, new).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(created) => {
            Ok(Redirect::to(&format!("/admin/competitions/{}", created.id)).into_response())
        }
        Err(err @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let message = public(&err).message;
            let status = public(&err).status;
            let page = dashboard(&state, &page, form, Some(message)).await?;
            Ok((status, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
