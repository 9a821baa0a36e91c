//! The public list of a reward publicity (公示): names, organisations, items and amounts,
//! nothing else personal (no ID number, no phone, no district beyond the organisation).

use crate::awards::workflow;
use crate::http::error::PageError;
use crate::http::pages::Layout;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/publicity/rewards", get(show_index))
        .route("/publicity/rewards/{id}", get(show_publicity))
}

pub struct PublicRow {
    pub name: String,
    pub organisation: String,
    pub item: String,
    pub amount: String,
}

pub struct PublicityLink {
    pub id: i32,
    pub title: String,
    pub window: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/reward_publicity.html")]
pub struct PublicityPage {
    layout: Layout,
    title: String,
    window: String,
    rows: Vec<PublicRow>,
    total: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/reward_publicities.html")]
pub struct PublicityIndex {
    layout: Layout,
    items: Vec<PublicityLink>,
}

pub async fn show_index(State(state): State<AppState>) -> Result<PublicityIndex, PageError> {
    let items = workflow::publicities(&state.db)
        .await?
        .into_iter()
        .map(|p| PublicityLink {
            id: p.id,
            title: p.title,
            window: format!("{} 至 {}", p.starts_on, p.ends_on),
        })
        .collect();
    Ok(PublicityIndex {
        layout: Layout::public("奖补公示 · 匠心"),
        items,
    })
}

pub async fn show_publicity(
    State(state): State<AppState>,
    Path(id): Path<i32>,
) -> Result<PublicityPage, PageError> {
    let (p, lines) = workflow::publicity(&state.db, id).await?;
    let total: rust_decimal::Decimal = lines.iter().map(|l| l.amount.to_decimal()).sum();
    Ok(PublicityPage {
        layout: Layout::public(format!("{} · 匠心", p.title)),
        title: p.title,
        window: format!("{} 至 {}", p.starts_on, p.ends_on),
        rows: lines
            .iter()
            .map(|l| PublicRow {
                name: l.recipient_name.clone(),
                organisation: if l.organisation_name == l.recipient_name {
                    String::new()
                } else {
                    l.organisation_name.clone()
                },
                item: l.item_name.clone(),
                amount: super::money(l.amount),
            })
            .collect(),
        total: crate::http::format::yuan(total),
    })
}
