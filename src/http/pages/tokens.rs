//! The page where a person issues and revokes API tokens for their scripts.

use super::Layout;
use super::login::CsrfForm;
use crate::accounts::tokens;
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::{PageError, public};
use crate::state::AppState;
use crate::time::show_minute;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entity::ApiTokenId;
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/tokens", get(show_tokens).post(issue_token))
        .route("/admin/tokens/{id}/revoke", post(revoke_token))
}

pub struct TokenRow {
    pub id: entity::ApiTokenId,
    pub name: String,
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: String,
    pub revoked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/tokens.html")]
pub struct TokensPage {
    layout: Layout,
    tokens: Vec<TokenRow>,
    /// A token just issued, shown this once.
    issued: Option<String>,
    error: Option<String>,
}

async fn tokens_page(
    state: &AppState,
    page: &PageActor,
    issued: Option<String>,
    error: Option<String>,
) -> Result<TokensPage, PageError> {
    let rows = tokens::list_tokens(&state.db, &page.actor)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created_at: show_minute(t.created_at),
            last_used_at: t
                .last_used_at
                .map(show_minute)
                .unwrap_or_else(|| "从未使用".into()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(TokensPage {
        layout: Layout::signed_in("API 令牌 · 匠心", page),
        tokens: rows,
        issued,
        error,
    })
}

pub async fn show_tokens(
    State(state): State<AppState>,
    page: PageActor,
) -> Result<TokensPage, PageError> {
    tokens_page(&state, &page, None, None).await
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    csrf: String,
}

pub async fn issue_token(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    match tokens::issue_token(&state.db, &page.actor, &form.name).await {
        Ok(issued) => Ok(tokens_page(&state, &page, Some(issued.secret), None)
            .await?
            .into_response()),
        Err(err @ AppError::Invalid { .. }) => {
            let p = public(&err);
            Ok((
                p.status,
                tokens_page(&state, &page, None, Some(p.message)).await?,
            )
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<ApiTokenId>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    tokens::revoke_token(&state.db, &page.actor, id).await?;
    Ok(Redirect::to("/admin/tokens").into_response())
}
