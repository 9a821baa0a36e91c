//! Public certificate pages: winners fetch theirs on a phone (`/certificates`), and anyone checks
//! one (`/verify/{number}` from the QR code, `/verify` by number and name).

use super::Layout;
use super::certificates::{base_url, pdf_file};
use crate::AppError;
use crate::certificates::{files, pickup, verify};
use crate::http::client::ClientAddr;
use crate::http::error::PageError;
use crate::state::AppState;
use crate::time::show_minute;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use entity::kinds::CompetitionStatus;
use entity::{CompetitionId, EventId};
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/certificates", get(show_pickup).post(pick_up))
        .route("/certificates/{number}/pdf", get(download))
        .route("/verify", get(show_check).post(check))
        .route("/verify/{number}", get(show_verification))
}

pub struct Link {
    pub number: String,
    pub label: String,
    pub href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "public/certificates.html")]
pub struct PickupPage {
    layout: Layout,
    /// (id, name, selected)
    competitions: Vec<(CompetitionId, String, bool)>,
    competition: Option<CompetitionId>,
    events: Vec<(EventId, String, bool)>,
    event: Option<EventId>,
    entry_no: String,
    links: Vec<Link>,
    /// Revoked certificates, each said with its reason and whom to contact.
    revoked: Vec<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct PickupQuery {
    #[serde(default)]
    competition: Option<CompetitionId>,
    #[serde(default)]
    event: Option<EventId>,
    /// From a slip's QR code: the entry number, filled in (the code never is).
    #[serde(default)]
    entry: String,
}

async fn pickup_page(
    state: &AppState,
    competition: Option<CompetitionId>,
    event: Option<EventId>,
) -> Result<PickupPage, PageError> {
    let finals: Vec<(CompetitionId, String)> =
        crate::competitions::list_public_competitions(&state.db)
            .await?
            .into_iter()
            .filter(|c| c.status == CompetitionStatus::Final)
            .map(|c| (c.id, c.name))
            .collect();
    let competition = competition
        .filter(|c| finals.iter().any(|(id, _)| id == c))
        .or_else(|| (finals.len() == 1).then(|| finals[0].0));
    let events: Vec<(EventId, String)> = match competition {
        Some(c) => crate::competitions::list_events(&state.db, c)
            .await?
            .iter()
            .map(|e| (e.id, crate::competitions::events::title(e)))
            .collect(),
        None => Vec::new(),
    };
    let event = event.filter(|e| events.iter().any(|(id, _)| id == e));
    fn mark<T: PartialEq + Copy>(
        list: Vec<(T, String)>,
        chosen: Option<T>,
    ) -> Vec<(T, String, bool)> {
        list.into_iter()
            .map(|(id, name)| (id, name, chosen == Some(id)))
            .collect()
    }
    Ok(PickupPage {
        layout: Layout::public("证书领取"),
        competitions: mark(finals, competition),
        competition,
        events: mark(events, event),
        event,
        entry_no: String::new(),
        links: Vec::new(),
        revoked: Vec::new(),
        error: None,
    })
}

pub async fn show_pickup(
    State(state): State<AppState>,
    Query(q): Query<PickupQuery>,
) -> Result<PickupPage, PageError> {
    let mut page = pickup_page(&state, q.competition, q.event).await?;
    page.entry_no = q
        .entry
        .trim()
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    Ok(page)
}

#[derive(Deserialize)]
pub struct PickupForm {
    competition: Option<CompetitionId>,
    event: Option<EventId>,
    #[serde(default)]
    entry_no: String,
    #[serde(default)]
    code: String,
}

/// A correct entry number and code list the entrant's certificates with download links; an
/// unknown entry and a wrong code get the same answer.
pub async fn pick_up(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    Form(form): Form<PickupForm>,
) -> Result<Response, PageError> {
    let mut page = pickup_page(&state, form.competition, form.event).await?;
    page.entry_no = form.entry_no.trim().chars().take(6).collect();
    let result = async {
        let event = page
            .event
            .ok_or_else(|| AppError::invalid("event", "请选择比赛项目"))?;
        let entry_no: i32 = form
            .entry_no
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("entry_no", "请填写参赛证号（数字）"))?;
        pickup::pick_up(&state.db, from, event, entry_no, &form.code).await
    }
    .await;
    match result {
        Ok(picked) => {
            page.links = picked
                .certificates
                .iter()
                .map(|c| Link {
                    number: c.number.clone(),
                    label: format!("{} {} {}", c.holder, c.event_name, c.award_name),
                    href: format!("/certificates/{}/pdf?token={}", c.number, picked.token),
                })
                .collect();
            page.revoked = picked
                .revoked
                .iter()
                .map(|c| {
                    format!(
                        "证书 {}（{} {}）已于 {} 撤销{}。如有疑问，请联系{}。",
                        c.number,
                        c.event_name,
                        c.award_name,
                        c.revoked_at.map(show_minute).unwrap_or_default(),
                        c.revoked_reason
                            .as_deref()
                            .filter(|r| !r.trim().is_empty())
                            .map(|r| format!("，原因：{r}"))
                            .unwrap_or_default(),
                        picked.contact
                    )
                })
                .collect();
            if page.links.is_empty() && page.revoked.is_empty() {
                page.error = Some("该参赛证号暂无可领取的证书。".into());
            }
            Ok(page.into_response())
        }
        Err(err @ (AppError::Invalid { .. } | AppError::TooManyAttempts { .. })) => {
            let p = crate::http::error::public(&err);
            page.error = Some(p.message);
            Ok((p.status, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// A winner's certificate, opened in the browser.
pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Query(q): Query<TokenQuery>,
) -> Result<Response, PageError> {
    let cert = pickup::by_token(&state.db, &number, &q.token).await?;
    let pdf = files::certificate_pdf(
        &state.db,
        state.fonts(),
        &cert,
        &base_url(&state, &headers),
        false,
    )
    .await?;
    Ok(pdf_file(
        &format!("{}-{}.pdf", cert.holder, cert.award_name),
        pdf,
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "public/verify.html")]
pub struct VerifyPage {
    layout: Layout,
    found: Option<verify::Verification>,
    revoked_at: String,
    number: String,
    answer: Option<bool>,
    error: Option<String>,
}

impl VerifyPage {
    fn new(number: String) -> Self {
        VerifyPage {
            layout: Layout::public("证书查验"),
            found: None,
            revoked_at: String::new(),
            number,
            answer: None,
            error: None,
        }
    }
}

/// What the QR code on a certificate opens.
pub async fn show_verification(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    paced(&state, from)?;
    let number: String = number.chars().take(24).collect();
    let mut page = VerifyPage::new(number.clone());
    match crate::lifecycle::verification::verify(&state.db, &number).await {
        Ok(v) => {
            page.revoked_at = v.revoked_at.map(show_minute).unwrap_or_default();
            page.found = Some(v);
            Ok(page.into_response())
        }
        Err(AppError::NotFound) => {
            page.error = Some("未找到该编号的证书，请核对编号。".into());
            Ok((StatusCode::NOT_FOUND, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// Lookups by number are paced per address (see [`crate::accounts::pace`]).
pub(crate) fn paced(state: &AppState, from: std::net::IpAddr) -> Result<(), AppError> {
    state
        .verify_pace
        .check(from)
        .map_err(|wait| AppError::TooManyAttempts {
            until: crate::time::now()
                + chrono::Duration::milliseconds(
                    i64::try_from(wait.as_millis()).unwrap_or(i64::MAX),
                ),
        })
}

pub async fn show_check() -> VerifyPage {
    VerifyPage::new(String::new())
}

#[derive(Deserialize)]
pub struct CheckForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    name: String,
}

/// "证书编号 + 姓名": match or no match, nothing more.
pub async fn check(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    Form(form): Form<CheckForm>,
) -> Result<Response, PageError> {
    let mut page = VerifyPage::new(form.number.chars().take(24).collect());
    match verify::matches(&state.db, from, &form.number, &form.name).await {
        Ok(m) => {
            page.answer = Some(m);
            Ok(page.into_response())
        }
        Err(err @ AppError::TooManyAttempts { .. }) => {
            let p = crate::http::error::public(&err);
            page.error = Some(p.message);
            Ok((p.status, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
