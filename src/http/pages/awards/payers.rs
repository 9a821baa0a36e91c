//! The payer table (出资层级): who pays for each district, edited by the HR bureau, audited.

use super::{NoticeQuery, notice, officer};
use crate::awards::payers;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::http::pages::{Layout, answer_form};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/awards/payers", get(show_payers).post(set_payer))
}

pub struct PayerRow {
    pub district: String,
    pub payer: String,
    /// The district pays for itself.
    pub own: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "awards/payers.html")]
pub struct PayersPage {
    layout: Layout,
    notice: Option<&'static str>,
    error: Option<String>,
    rows: Vec<PayerRow>,
}

async fn payers_page(
    state: &AppState,
    page: &PageActor,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<PayersPage, PageError> {
    let rows = payers::list(&state.db)
        .await?
        .into_iter()
        .map(|r| PayerRow {
            own: r.payer == r.district && r.district != "市本级",
            district: r.district,
            payer: r.payer,
        })
        .collect();
    Ok(PayersPage {
        layout: Layout::signed_in("出资层级 · 匠心", page),
        notice,
        error,
        rows,
    })
}

pub async fn show_payers(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<NoticeQuery>,
) -> Result<PayersPage, PageError> {
    officer(&page)?;
    payers_page(&state, &page, notice(&q.notice), None).await
}

#[derive(Deserialize)]
pub struct PayerForm {
    csrf: String,
    district: String,
    payer: String,
}

pub async fn set_payer(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<PayerForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = payers::set(&state.db, &page.actor, &form.district, &form.payer)
        .await
        .map(|_| "payer");
    answer_form("/awards/payers", result, async |message| {
        payers_page(&state, &page, None, Some(message)).await
    })
    .await
}
