//! The administrator's list of organisations (单位), where new ones are registered.

use super::Layout;
use crate::accounts::access;
use crate::accounts::organisations::{self, DISTRICTS, NewOrganisation};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use entity::kinds::OrganisationKind;
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/admin/organisations",
        get(show_organisations).post(create_organisation),
    )
}

pub struct OrganisationRow {
    pub name: String,
    pub kind: &'static str,
    pub district: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organisations.html")]
pub struct OrganisationsPage {
    layout: Layout,
    organisations: Vec<OrganisationRow>,
    districts: Vec<&'static str>,
    can_manage: bool,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn organisations_page(
    state: &AppState,
    page: &PageActor,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<OrganisationsPage, PageError> {
    let rows = organisations::list_organisations(&state.db)
        .await?
        .into_iter()
        .map(|o| OrganisationRow {
            name: o.name,
            kind: o.kind.label(),
            district: o.district,
        })
        .collect();
    Ok(OrganisationsPage {
        layout: Layout::signed_in("单位 · 匠心", page),
        organisations: rows,
        districts: DISTRICTS.to_vec(),
        can_manage: access::can_manage_organisations(&page.actor),
        notice,
        error,
    })
}

pub async fn show_organisations(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<super::notice::NoticeQuery>,
) -> Result<OrganisationsPage, PageError> {
    organisations_page(&state, &page, super::notice::text(&q.notice), None).await
}

#[derive(Deserialize)]
pub struct OrganisationForm {
    name: String,
    kind: String,
    district: String,
    csrf: String,
}

pub async fn create_organisation(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<OrganisationForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = if !access::can_manage_organisations(&page.actor) {
        Err(AppError::Forbidden)
    } else {
        let kind = match form.kind.as_str() {
            "bureau" => Some(OrganisationKind::Bureau),
            "enterprise" => Some(OrganisationKind::Enterprise),
            "school" => Some(OrganisationKind::School),
            "agency" => Some(OrganisationKind::Agency),
            "trade_union" => Some(OrganisationKind::TradeUnion),
            _ => None,
        };
        match kind {
            Some(kind) => organisations::create_organisation(
                &state.db,
                NewOrganisation {
                    name: form.name,
                    kind,
                    district: form.district,
                },
            )
            .await
            .map(|_| "organisation"),
            None => Err(AppError::invalid("kind", "请选择单位类别")),
        }
    };
    super::answer_form("/admin/organisations", result, async |message| {
        organisations_page(&state, &page, None, Some(message)).await
    })
    .await
}
