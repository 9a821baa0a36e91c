//! Craftsman titles: nominations, review, conferment, legacy holders and the targets.

use super::{NoticeQuery, notice, officer};
use crate::AppError;
use crate::awards::titles::{self, CONFERRED, LEGACY, Nomination};
use crate::awards::{compute, parse_date};
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::http::pages::{Layout, answer_form};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use entity::kinds::{TargetMode, Title, TitleStatus};
use sea_orm::Iterable;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/awards/titles", get(show_titles).post(nominate))
        .route("/awards/titles/{id}/review", post(review))
        .route("/awards/titles/{id}/confer", post(confer))
        .route("/awards/titles/targets/{id}", post(set_target))
        .route("/awards/titles/{id}/certificate.pdf", get(certificate))
}

pub struct TitleOption {
    pub code: String,
    pub label: &'static str,
}

fn code(t: Title) -> String {
    entity::kinds::code(t)
}

pub struct TitleRow {
    pub id: i32,
    pub title: &'static str,
    pub person: String,
    pub organisation: String,
    pub status: &'static str,
    pub code: &'static str,
    pub evidence: String,
    pub body: String,
    pub conferred: String,
    pub note: String,
    pub certificate: Option<String>,
}

pub struct TargetRow {
    pub id: i32,
    pub title: &'static str,
    pub starts_on: String,
    pub ends_on: String,
    pub target: i32,
    pub conferred: u64,
    pub hard: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "awards/titles.html")]
pub struct TitlesPage {
    layout: Layout,
    notice: Option<&'static str>,
    warning: Option<String>,
    error: Option<String>,
    conferrable: Vec<TitleOption>,
    legacy: Vec<TitleOption>,
    rows: Vec<TitleRow>,
    targets: Vec<TargetRow>,
    today: String,
}

async fn titles_page(
    state: &AppState,
    page: &PageActor,
    notice: Option<&'static str>,
    warning: Option<String>,
    error: Option<String>,
) -> Result<TitlesPage, PageError> {
    let orgs = crate::accounts::organisations::names(&state.db).await?;
    let titles = titles::list(&state.db).await?;
    let people =
        crate::entrants::people::masked_labels(&state.db, titles.iter().map(|t| t.person_id))
            .await?;
    let rows = titles
        .into_iter()
        .map(|t| TitleRow {
            id: t.id,
            title: t.title.label(),
            person: people.get(&t.person_id).cloned().unwrap_or_default(),
            organisation: t
                .organisation_id
                .and_then(|o| orgs.get(&o).cloned())
                .unwrap_or_default(),
            status: t.status.label(),
            code: match t.status {
                TitleStatus::Nominated => "nominated",
                TitleStatus::Reviewed => "reviewed",
                _ => "",
            },
            evidence: t.evidence,
            body: t.body,
            conferred: t
                .conferred_on
                .map(|d| format!("{d} {}", t.doc_number.unwrap_or_default()))
                .unwrap_or_default(),
            note: t.note.unwrap_or_default(),
            certificate: t.certificate_number,
        })
        .collect();
    let mut targets = Vec::new();
    for t in titles::targets(&state.db).await? {
        let conferred = titles::target_state(&state.db, t.title, t.ends_on)
            .await?
            .map_or(0, |(_, n)| n);
        targets.push(TargetRow {
            id: t.id,
            title: t.title.label(),
            starts_on: t.starts_on.to_string(),
            ends_on: t.ends_on.to_string(),
            target: t.target,
            conferred,
            hard: t.mode == TargetMode::Hard,
        });
    }
    let option = |t: Title| TitleOption {
        code: code(t),
        label: t.label(),
    };
    Ok(TitlesPage {
        layout: Layout::signed_in("工匠称号 · 匠心", page),
        notice,
        warning,
        error,
        conferrable: CONFERRED.into_iter().map(option).collect(),
        legacy: LEGACY.into_iter().map(option).collect(),
        rows,
        targets,
        today: crate::awards::today().to_string(),
    })
}

pub async fn show_titles(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<NoticeQuery>,
) -> Result<TitlesPage, PageError> {
    officer(&page)?;
    let warning = Some(q.warning.clone())
        .filter(|w| !w.is_empty())
        .map(|w| {
            // Only our own words: the warning names a title, so rebuild it rather than echo it.
            Title::iter()
                .find(|t| code(*t) == w)
                .map_or_else(String::new, |t| {
                    format!(
                        "提示：{}的五年目标已达到（目标为“力争”，仍可授予）。",
                        t.label()
                    )
                })
        })
        .filter(|w| !w.is_empty());
    titles_page(&state, &page, notice(&q.notice), warning, None).await
}

#[derive(Deserialize)]
pub struct NominationForm {
    csrf: String,
    title: String,
    id_number: String,
    name: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    evidence: String,
    /// For a legacy title: when it was conferred.
    #[serde(default)]
    legacy_on: String,
}

pub async fn nominate(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<NominationForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = async {
        let title = Title::iter()
            .find(|t| code(*t) == form.title)
            .ok_or_else(|| AppError::invalid("title", "请选择称号"))?;
        let legacy_on = match form.legacy_on.trim() {
            "" => None,
            d => Some(parse_date(d).map_err(|e| AppError::invalid("legacy_on", e))?),
        };
        titles::nominate(
            &state.db,
            &page.actor,
            Nomination {
                title,
                id_number: form.id_number.clone(),
                name: form.name.clone(),
                organisation: form.organisation.clone(),
                evidence: form.evidence.clone(),
            },
            legacy_on,
        )
        .await?;
        Ok(if title.is_legacy() {
            "legacy"
        } else {
            "nominated"
        })
    }
    .await;
    answer_form("/awards/titles", result, async |message| {
        titles_page(&state, &page, None, None, Some(message)).await
    })
    .await
}

#[derive(Deserialize)]
pub struct ReviewForm {
    csrf: String,
    decision: String,
    #[serde(default)]
    note: String,
}

pub async fn review(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<i32>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = titles::review(
        &state.db,
        &page.actor,
        id,
        form.decision == "pass",
        &form.note,
    )
    .await
    .map(|_| "reviewed");
    answer_form("/awards/titles", result, async |message| {
        titles_page(&state, &page, None, None, Some(message)).await
    })
    .await
}

#[derive(Deserialize)]
pub struct ConferForm {
    csrf: String,
    conferred_on: String,
    doc_number: String,
}

pub async fn confer(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<i32>,
    Form(form): Form<ConferForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = async {
        let on =
            parse_date(&form.conferred_on).map_err(|e| AppError::invalid("conferred_on", e))?;
        let (t, warning) = titles::confer(&state.db, &page.actor, id, on, &form.doc_number).await?;
        compute::recompute(&state.db).await?;
        Ok((t, warning))
    }
    .await;
    match result {
        Ok((t, Some(_))) => Ok(axum::response::Redirect::to(&format!(
            "/awards/titles?notice=conferred&warning={}",
            code(t.title)
        ))
        .into_response()),
        Ok(_) => {
            Ok(axum::response::Redirect::to("/awards/titles?notice=conferred").into_response())
        }
        Err(e) => {
            answer_form("/awards/titles", Err(e), async |message| {
                titles_page(&state, &page, None, None, Some(message)).await
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct TargetForm {
    csrf: String,
    starts_on: String,
    ends_on: String,
    target: String,
    #[serde(default)]
    hard: Option<String>,
}

pub async fn set_target(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<i32>,
    Form(form): Form<TargetForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = async {
        let starts = parse_date(&form.starts_on).map_err(|e| AppError::invalid("starts_on", e))?;
        let ends = parse_date(&form.ends_on).map_err(|e| AppError::invalid("ends_on", e))?;
        let target: i32 = form
            .target
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("target", "目标人数应为整数"))?;
        let mode = if form.hard.is_some() {
            TargetMode::Hard
        } else {
            TargetMode::Soft
        };
        titles::set_target(&state.db, &page.actor, id, starts, ends, target, mode).await?;
        Ok("target")
    }
    .await;
    answer_form("/awards/titles", result, async |message| {
        titles_page(&state, &page, None, None, Some(message)).await
    })
    .await
}

/// A conferred title's certificate, through the certificate module's layout and fonts.
pub async fn certificate(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<i32>,
    headers: axum::http::HeaderMap,
) -> Result<Response, PageError> {
    officer(&page)?;
    let base = crate::http::pages::certificates::base_url(&state, &headers);
    let printed = titles::printed(&state.db, id, &base).await?;
    let fonts = state.fonts();
    let name = format!(
        "{}-{}-{}.pdf",
        printed.number, printed.holder, printed.award
    );
    let bytes = tokio::task::spawn_blocking(move || {
        crate::certificates::render(&fonts, &printed, None, None)
    })
    .await
    .map_err(|e| AppError::Internal(format!("title certificate: {e}")))?
    .map_err(|e| AppError::invalid("certificate", e.to_string()))?;
    Ok(crate::http::pages::certificates::pdf_file(&name, bytes))
}
