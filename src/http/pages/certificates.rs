//! The organiser's certificate pages: issuing, the wording and seal of each kind of
//! certificate, the 套打 positions and test page, the certificate list with revoke and reissue,
//! pickup-code lists and batches with their progress; the 成绩表 PDF of an event.

use super::Layout;
use super::notice::{self, NoticeQuery};
use crate::AppError;
use crate::certificates::access::CertificateViewer;
use crate::certificates::layout::{DateStyle, Field, Position};
use crate::certificates::templates::{self, TemplateInput};
use crate::certificates::{files, issue, pickup};
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::state::AppState;
use crate::time::show_minute;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::NaiveDate;
use entity::kinds::CertificateScope;
use entity::kinds::CompetitionStatus;
use entity::{CompetitionId, EventId};
use entity::{certificate, competition};
use serde::Deserialize;
use std::collections::BTreeSet;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/competitions/{id}/certificates",
            get(show_certificates),
        )
        .route(
            "/admin/competitions/{id}/certificates/issue",
            post(issue_certificates),
        )
        .route(
            "/admin/competitions/{id}/certificates/template",
            post(save_template),
        )
        .route(
            "/admin/competitions/{id}/certificates/seal",
            post(upload_seal),
        )
        .route(
            "/admin/competitions/{id}/certificates/positions",
            post(save_positions),
        )
        .route(
            "/admin/competitions/{id}/certificates/alignment",
            get(alignment_page),
        )
        .route(
            "/admin/competitions/{id}/certificates/codes",
            get(code_list),
        )
        .route(
            "/admin/competitions/{id}/certificates/slips",
            get(pickup_slips),
        )
        .route(
            "/admin/competitions/{id}/certificates/batches",
            post(start_batch),
        )
        .route("/admin/certificate-batches/{job}", get(show_batch))
        .route(
            "/admin/certificate-batches/{job}/progress",
            get(batch_progress),
        )
        .route("/admin/certificate-batches/{job}/zip", get(batch_zip))
        .route("/admin/certificates/{number}/pdf", get(certificate_file))
        .route(
            "/admin/certificates/{number}/revoke",
            post(revoke_certificate),
        )
        .route(
            "/admin/certificates/{number}/reissue",
            post(reissue_certificate),
        )
        .route("/admin/events/{id}/results/pdf", get(results_pdf))
}

/// The address QR codes lead to: the configured public address, or the one this request came
/// to.
pub(crate) fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.config.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.cookie_secure {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// A PDF that opens in the browser (WeChat's built-in one included) with its Chinese name.
pub(crate) fn pdf_file(name: &str, bytes: Vec<u8>) -> Response {
    use crate::http::download::{Show, file};
    file(
        "application/pdf",
        Show::Inline,
        "certificate.pdf",
        name,
        true,
        bytes,
    )
}

pub struct TemplateRow {
    pub scope: String,
    pub label: String,
    pub title: String,
    pub wording: String,
    pub issuer: String,
    pub doc_number: String,
    pub date_style: &'static str,
    pub has_seal: bool,
}

pub struct CertificateRow {
    pub number: String,
    pub holder: String,
    pub organisation: String,
    pub event: String,
    pub award: String,
    pub issued_on: String,
    pub revoked: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/certificates.html")]
pub struct CertificatesPage {
    layout: Layout,
    competition: competition::Model,
    organiser: bool,
    is_final: bool,
    today: String,
    templates: Vec<TemplateRow>,
    date_styles: Vec<(&'static str, &'static str)>,
    positions: Vec<(Position, &'static str, String)>,
    organisations: Vec<String>,
    certificates: Vec<CertificateRow>,
    /// The reasons an organiser revokes for: code and label.
    reasons: Vec<(String, &'static str)>,
    valid: usize,
    /// What 颁发证书 would do now, said before the organiser confirms it.
    to_issue: issue::IssuePreview,
    issue_question: String,
    notice: Option<&'static str>,
    error: Option<String>,
}

/// The question before an issue: how many certificates of which awards, and what cannot be
/// undone.
fn issue_question(p: &issue::IssuePreview) -> String {
    let kinds = p
        .by_award
        .iter()
        .map(|(a, n)| format!("{a} {n} 张"))
        .collect::<Vec<_>>()
        .join("、");
    let kept = if p.existing > 0 {
        format!("已颁发的 {} 张保留原编号。", p.existing)
    } else {
        String::new()
    };
    format!(
        "颁发 {} 张证书：{kinds}。{kept}证书编号一经分配不再改变，颁发后获奖者即可领取、公众可查验；证书不能删除，只能作废。确定颁发？",
        p.to_issue
    )
}

fn style_code(s: DateStyle) -> &'static str {
    match s {
        DateStyle::ChineseMonth => "chinese_month",
        DateStyle::ChineseDay => "chinese_day",
        DateStyle::Arabic => "arabic",
    }
}

async fn certificates_page(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<CertificatesPage, PageError> {
    let (comp, viewer) = files::part_in(&state.db, &page.actor, id).await?;
    let share = files::share_of(&state.db, viewer, None).await?;
    let certs = issue::list(&state.db, id, share.as_deref()).await?;
    let organiser = viewer == CertificateViewer::Organiser;
    let mut scopes: BTreeSet<CertificateScope> = certs.iter().map(|c| c.scope.clone()).collect();
    scopes.insert(CertificateScope::Award);
    for h in honours_of(state, id).await? {
        scopes.insert(CertificateScope::Honour(h));
    }
    let mut rows = Vec::new();
    if organiser {
        for scope in &scopes {
            let t = templates::template(&state.db, &comp, scope).await?;
            rows.push(TemplateRow {
                label: match scope {
                    CertificateScope::Award => "获奖证书".into(),
                    CertificateScope::Honour(name) => format!("荣誉：{name}"),
                },
                scope: scope.stored(),
                title: t.title,
                wording: t.wording,
                issuer: t.issuer,
                doc_number: t.doc_number,
                date_style: style_code(t.date_style),
                has_seal: t.seal.is_some(),
            });
        }
    }
    let positions = templates::template(&state.db, &comp, &CertificateScope::Award)
        .await?
        .positions
        .into_iter()
        .map(|p| (p, p.field.label(), field_code(p.field)))
        .collect();
    let organisations: BTreeSet<String> = certs.iter().map(|c| c.organisation.clone()).collect();
    let valid = certs.iter().filter(|c| c.revoked_at.is_none()).count();
    let to_issue = if organiser {
        issue::preview(&state.db, &comp).await?
    } else {
        issue::IssuePreview::default()
    };
    Ok(CertificatesPage {
        issue_question: issue_question(&to_issue),
        to_issue,
        layout: Layout::signed_in(format!("{} 证书", comp.name), page),
        is_final: comp.status == CompetitionStatus::Final,
        competition: comp,
        organiser,
        today: crate::time::today().to_string(),
        templates: rows,
        date_styles: [
            DateStyle::ChineseMonth,
            DateStyle::ChineseDay,
            DateStyle::Arabic,
        ]
        .into_iter()
        .map(|s| (style_code(s), s.label()))
        .collect(),
        positions,
        organisations: organisations.into_iter().collect(),
        certificates: certs.iter().map(row).collect(),
        reasons: entity::kinds::RevocationReason::CHOSEN
            .into_iter()
            .map(|r| (entity::kinds::code(r), r.label()))
            .collect(),
        valid,
        notice,
        error,
    })
}

fn row(c: &certificate::Model) -> CertificateRow {
    CertificateRow {
        number: c.number.clone(),
        holder: c.holder.clone(),
        organisation: c.organisation.clone(),
        event: c.event_name.clone(),
        award: c.award_name.clone(),
        issued_on: c.issued_on.to_string(),
        revoked: c.revoked_at.map(|at| {
            format!(
                "已作废（{}）：{}",
                show_minute(at),
                c.revoked_reason.clone().unwrap_or_default()
            )
        }),
    }
}

/// The honours the competition's final results bring (each may have its own template).
async fn honours_of(
    state: &AppState,
    competition_id: CompetitionId,
) -> Result<Vec<String>, AppError> {
    let mut out = BTreeSet::new();
    for ev in crate::competitions::list_events(&state.db, competition_id).await? {
        if let Some(v) = crate::results::versions::final_version(&state.db, ev.id).await? {
            for l in crate::results::lines::of_version(&state.db, v.id).await? {
                out.extend(l.honours);
            }
        }
    }
    Ok(out.into_iter().collect())
}

pub async fn show_certificates(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Query(q): Query<NoticeQuery>,
) -> Result<CertificatesPage, PageError> {
    certificates_page(&state, &page, id, notice::text(&q.notice), None).await
}

async fn answer(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    result: Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    super::answer_form(
        &format!("/admin/competitions/{id}/certificates"),
        result,
        async |message| certificates_page(state, page, id, None, Some(message)).await,
    )
    .await
}

/// Only the organisers act; a team leader who posts is answered "not found".
async fn organiser_only(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
) -> Result<competition::Model, AppError> {
    match files::part_in(&state.db, &page.actor, id).await? {
        (comp, CertificateViewer::Organiser) => Ok(comp),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Deserialize)]
pub struct IssueForm {
    csrf: String,
    #[serde(default)]
    issued_on: String,
}

fn parse_date(field: &str, s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "请填写日期，如 2026-12-01"))
}

pub async fn issue_certificates(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<IssueForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let comp = organiser_only(&state, &page, id).await?;
    let result = async {
        let date = parse_date("issued_on", &form.issued_on)?;
        issue::issue(&state.db, &state.fonts(), &page.actor, &comp, date).await?;
        Ok("certificates_issued")
    }
    .await;
    answer(&state, &page, id, result).await
}

#[derive(Deserialize)]
pub struct TemplateForm {
    csrf: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    wording: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    doc_number: String,
    #[serde(default)]
    date_style: String,
}

pub async fn save_template(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<TemplateForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let comp = organiser_only(&state, &page, id).await?;
    let result = async {
        let date_style = serde_json::from_value(serde_json::Value::String(form.date_style))
            .map_err(|_| AppError::invalid("date_style", "请选择日期样式"))?;
        let input = TemplateInput {
            title: form.title,
            wording: form.wording,
            issuer: form.issuer,
            doc_number: form.doc_number,
            date_style,
        };
        templates::save(
            &state.db,
            &state.fonts(),
            &page.actor,
            &comp,
            &CertificateScope::named(&form.scope),
            &input,
        )
        .await?;
        Ok("certificate_template")
    }
    .await;
    answer(&state, &page, id, result).await
}

pub async fn upload_seal(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = super::Upload::read(multipart).await?;
    page.check_csrf(upload.field("csrf"))?;
    let comp = organiser_only(&state, &page, id).await?;
    let scope = CertificateScope::named(upload.field("scope"));
    let result = templates::save_seal(&state.db, &page.actor, &comp, &scope, upload.content)
        .await
        .map(|()| "certificate_seal");
    answer(&state, &page, id, result).await
}

pub async fn save_positions(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let csrf = form
        .iter()
        .find(|(k, _)| k == "csrf")
        .map_or("", |(_, v)| v.as_str());
    page.check_csrf(csrf)?;
    let comp = organiser_only(&state, &page, id).await?;
    let result = async {
        let value = |name: &str, field: Field| -> Result<f32, AppError> {
            let key = format!("{}_{name}", field_code(field));
            let text = form
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("", |(_, v)| v.as_str());
            text.trim()
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| AppError::invalid(&key, format!("“{}”的数值不正确", field.label())))
        };
        let mut positions = Vec::new();
        for field in Field::ALL {
            positions.push(Position {
                field,
                x: value("x", field)?,
                y: value("y", field)?,
                size: value("size", field)?,
                width: value("width", field)?,
            });
        }
        templates::save_positions(&state.db, &page.actor, &comp, &positions).await?;
        Ok("certificate_positions")
    }
    .await;
    answer(&state, &page, id, result).await
}

/// The form name of a field (`holder`, `qr`, …).
pub fn field_code(field: Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub async fn alignment_page(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
) -> Result<Response, PageError> {
    let comp = organiser_only(&state, &page, id).await?;
    let pdf = files::alignment_pdf(&state.db, state.fonts(), &comp).await?;
    Ok(pdf_file("套打对位测试页.pdf", pdf))
}

#[derive(Deserialize, Default)]
pub struct ShareQuery {
    #[serde(default)]
    organisation: String,
}

/// 领取凭条: one slip per winner to cut out, with the pickup address and its QR code.
pub async fn pickup_slips(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<CompetitionId>,
    Query(q): Query<ShareQuery>,
) -> Result<Response, PageError> {
    let (comp, lines) = winners_codes(&state, &page.actor, id, q).await?;
    let doc = crate::certificates::slips::slips_doc(
        &comp,
        &lines,
        &base_url(&state, &headers),
        crate::time::today(),
    );
    let pdf = render(&state, doc, "slips").await?;
    Ok(pdf_file(&format!("{}证书领取凭条.pdf", comp.name), pdf))
}

pub async fn code_list(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Query(q): Query<ShareQuery>,
) -> Result<Response, PageError> {
    let (comp, lines) = winners_codes(&state, &page.actor, id, q).await?;
    let doc = files::code_list_doc(&comp, &lines, crate::time::today());
    let pdf = render(&state, doc, "codes").await?;
    Ok(pdf_file(&format!("{}证书领取码.pdf", comp.name), pdf))
}

/// The winners' codes the viewer may print: all of them for the organiser, a unit's own for
/// its leader (or the unit the organiser chose).
async fn winners_codes(
    state: &AppState,
    actor: &crate::accounts::Actor,
    id: CompetitionId,
    q: ShareQuery,
) -> Result<(entity::competition::Model, Vec<pickup::CodeLine>), AppError> {
    let (comp, viewer) = files::part_in(&state.db, actor, id).await?;
    let share = files::share_of(&state.db, viewer, Some(q.organisation)).await?;
    let lines = pickup::code_list(&state.db, id, share.as_deref()).await?;
    Ok((comp, lines))
}

/// Typesets a list off the async workers; a name no font can print is refused naming `field`.
async fn render(
    state: &AppState,
    doc: crate::typeset::Doc,
    field: &'static str,
) -> Result<Vec<u8>, AppError> {
    let fonts = state.fonts();
    tokio::task::spawn_blocking(move || crate::typeset::render(&fonts, &doc))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::invalid(field, e.to_string()))
}

#[derive(Deserialize)]
pub struct BatchForm {
    csrf: String,
    #[serde(default)]
    organisation: String,
}

pub async fn start_batch(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(id): Path<CompetitionId>,
    Form(form): Form<BatchForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let (comp, viewer) = files::part_in(&state.db, &page.actor, id).await?;
    let share = files::share_of(&state.db, viewer, Some(form.organisation)).await?;
    let items = files::batch_items(
        &state.db,
        &comp,
        share.as_deref(),
        &base_url(&state, &headers),
    )
    .await?;
    if items.is_empty() {
        return answer(
            &state,
            &page,
            id,
            Err(AppError::invalid("organisation", "没有可打包的证书")),
        )
        .await;
    }
    let date = items
        .iter()
        .map(|i| i.printed.issued_on)
        .max()
        .unwrap_or_else(crate::time::today);
    let file_name = match &share {
        Some(org) => format!("{}-{}-证书.zip", comp.name, org),
        None => format!("{}-证书.zip", comp.name),
    };
    let job = crate::certificates::batch::start(
        &state.db,
        state.fonts(),
        crate::certificates::batch::Request {
            competition_id: comp.id,
            organisation: share,
            started_by: page.actor.user_id,
            file_name,
            date,
            base_url: base_url(&state, &headers),
        },
        items,
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/certificate-batches/{job}")).into_response())
}

/// A job the actor may see: started by them, or in a competition they organise.
async fn job_for(
    state: &AppState,
    page: &PageActor,
    job: i32,
) -> Result<crate::certificates::batch::Progress, AppError> {
    let job = crate::certificates::batch::progress(&state.db, job).await?;
    let (_, viewer) = files::part_in(&state.db, &page.actor, job.competition_id).await?;
    if job.started_by == page.actor.user_id || viewer == CertificateViewer::Organiser {
        Ok(job)
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/certificate_batch.html")]
pub struct BatchPage {
    layout: Layout,
    job: i32,
    competition: CompetitionId,
    file_name: String,
    total: i32,
    done: i32,
}

pub async fn show_batch(
    State(state): State<AppState>,
    page: PageActor,
    Path(job): Path<i32>,
) -> Result<BatchPage, PageError> {
    let j = job_for(&state, &page, job).await?;
    Ok(BatchPage {
        layout: Layout::signed_in("证书打包", &page),
        job,
        competition: j.competition_id,
        file_name: j.file_name,
        total: j.total,
        done: j.done,
    })
}

#[derive(serde::Serialize)]
pub struct Progress {
    done: i32,
    total: i32,
    /// `running`, `done` or `failed`.
    state: String,
    error: Option<String>,
}

pub async fn batch_progress(
    State(state): State<AppState>,
    page: PageActor,
    Path(job): Path<i32>,
) -> Result<Json<Progress>, PageError> {
    let j = job_for(&state, &page, job).await?;
    Ok(Json(Progress {
        done: j.done,
        total: j.total,
        state: j.state,
        error: j.error,
    }))
}

pub async fn batch_zip(
    State(state): State<AppState>,
    page: PageActor,
    Path(job): Path<i32>,
) -> Result<Response, PageError> {
    let j = job_for(&state, &page, job).await?;
    if j.state != "done" {
        return Err(AppError::NotFound.into());
    }
    let zip = crate::certificates::batch::zip(&state.db, j.id).await?;
    Ok(crate::http::download::file(
        "application/zip",
        crate::http::download::Show::Attachment,
        "certificates.zip",
        &j.file_name,
        false,
        zip,
    ))
}

/// The certificate the actor may handle: an organiser's, or a team leader's own organisation's.
async fn managed(
    state: &AppState,
    page: &PageActor,
    number: &str,
) -> Result<(certificate::Model, CertificateViewer), AppError> {
    let cert = issue::find_by_number(&state.db, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, viewer) = files::part_in(&state.db, &page.actor, cert.competition_id).await?;
    let share = files::share_of(&state.db, viewer, None).await?;
    if share.is_some_and(|org| org != cert.organisation) {
        return Err(AppError::NotFound);
    }
    Ok((cert, viewer))
}

#[derive(Deserialize, Default)]
pub struct FileQuery {
    /// `1`: only the variable text, for pre-printed paper (套打).
    #[serde(default)]
    overlay: String,
}

pub async fn certificate_file(
    State(state): State<AppState>,
    page: PageActor,
    headers: HeaderMap,
    Path(number): Path<String>,
    Query(q): Query<FileQuery>,
) -> Result<Response, PageError> {
    let (cert, _) = managed(&state, &page, &number).await?;
    let overlay = q.overlay == "1";
    let pdf = files::certificate_pdf(
        &state.db,
        state.fonts(),
        &cert,
        &base_url(&state, &headers),
        overlay,
    )
    .await?;
    let suffix = if overlay { "（套打）" } else { "" };
    Ok(pdf_file(
        &format!("{}-{}{suffix}.pdf", cert.number, cert.holder),
        pdf,
    ))
}

#[derive(Deserialize)]
pub struct RevokeForm {
    csrf: String,
    reason_code: Option<entity::kinds::RevocationReason>,
    #[serde(default)]
    reason: String,
}

pub async fn revoke_certificate(
    State(state): State<AppState>,
    page: PageActor,
    Path(number): Path<String>,
    Form(form): Form<RevokeForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let (cert, viewer) = managed(&state, &page, &number).await?;
    if viewer != CertificateViewer::Organiser {
        return Err(AppError::NotFound.into());
    }
    let result = match form.reason_code {
        Some(code) => issue::revoke(&state.db, &page.actor, &cert, code, &form.reason)
            .await
            .map(|()| "certificate_revoked"),
        None => Err(AppError::invalid("reason_code", "请选择作废原因")),
    };
    answer(&state, &page, cert.competition_id, result).await
}

#[derive(Deserialize)]
pub struct ReissueForm {
    csrf: String,
    #[serde(default)]
    holder: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    reason: String,
}

pub async fn reissue_certificate(
    State(state): State<AppState>,
    page: PageActor,
    Path(number): Path<String>,
    Form(form): Form<ReissueForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let (cert, viewer) = managed(&state, &page, &number).await?;
    if viewer != CertificateViewer::Organiser {
        return Err(AppError::NotFound.into());
    }
    let correction = issue::Correction {
        holder: form.holder,
        organisation: form.organisation,
        reason: form.reason,
        issued_on: crate::time::today(),
    };
    let result = issue::reissue(&state.db, &state.fonts(), &page.actor, &cert, &correction)
        .await
        .map(|_| "certificate_reissued");
    answer(&state, &page, cert.competition_id, result).await
}

pub async fn results_pdf(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<Response, PageError> {
    let sheet = crate::results::export::event_sheet(&state.db, &page.actor, id, None).await?;
    let (_, comp) = crate::competitions::events::find_event(&state.db, &page.actor, id).await?;
    let doc = crate::results::sheet_pdf::sheet_doc(&comp.name, &sheet, crate::time::today());
    let fonts = state.fonts();
    let pdf = tokio::task::spawn_blocking(move || crate::typeset::render(&fonts, &doc))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::invalid("results", e.to_string()))?;
    Ok(pdf_file(&format!("{}成绩表.pdf", sheet.title), pdf))
}
