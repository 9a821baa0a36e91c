//! Certificates: issuing, the list, revocation and reissue, templates, and the public check.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::AppError;
use crate::certificates::access::CertificateViewer;
use crate::certificates::files;
use crate::certificates::issue::{self, Issued};
use crate::certificates::templates::{self, TemplateInput};
use crate::certificates::verify::Verification;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use entity::CompetitionId;
use entity::certificate;
use entity::kinds::CertificateScope;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(issue_certificates, list_certificates))
        .routes(routes!(save_template))
        .routes(routes!(revoke_certificate))
        .routes(routes!(reissue_certificate))
        .routes(routes!(verify_certificate))
}

/// A certificate as organisers see it (never an ID number).
#[derive(Serialize, ToSchema)]
pub struct CertificateDoc {
    pub number: String,
    pub event: entity::EventId,
    pub entrant: i32,
    pub holder: String,
    pub organisation: String,
    pub event_name: String,
    /// `first` … `merit`; none for an honour.
    pub award: Option<String>,
    /// 一等奖, 团体二等奖, or the honour's name.
    pub award_name: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_reason: Option<String>,
}

impl From<&certificate::Model> for CertificateDoc {
    fn from(c: &certificate::Model) -> Self {
        CertificateDoc {
            number: c.number.clone(),
            event: c.event_id,
            entrant: c.entrant_id.0,
            holder: c.holder.clone(),
            organisation: c.organisation.clone(),
            event_name: c.event_name.clone(),
            award: c
                .award
                .and_then(|a| serde_json::to_value(a).ok())
                .and_then(|v| v.as_str().map(str::to_string)),
            award_name: c.award_name.clone(),
            issuer: c.issuer.clone(),
            issued_on: c.issued_on,
            revoked_at: c.revoked_at,
            revoked_reason: c.revoked_reason.clone(),
        }
    }
}

async fn organiser_of(
    state: &AppState,
    actor: &crate::accounts::Actor,
    id: CompetitionId,
) -> Result<entity::competition::Model, AppError> {
    match files::part_in(&state.db, actor, id).await? {
        (comp, CertificateViewer::Organiser) => Ok(comp),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct IssueBody {
    /// The date printed on the certificates.
    pub issued_on: NaiveDate,
}

/// Issues a certificate for every award and honour of the competition's final results that has
/// none yet (a team award to each member). Nothing is issued if a name has a character no font
/// has; the message names it.
#[utoipa::path(post, path = "/api/v1/competitions/{id}/certificates", tag = "certificates",
    params(("id" = i32, Path, description = "competition id")),
    request_body = IssueBody,
    responses((status = 200, description = "成功", body = Issued),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "成绩未确认，或有无法打印的字", body = ErrorEnvelope)))]
pub async fn issue_certificates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<IssueBody>,
) -> Result<Json<Issued>, ApiError> {
    let comp = organiser_of(&state, &actor, id).await?;
    Ok(Json(
        issue::issue(&state.db, &state.fonts(), &actor, &comp, body.issued_on).await?,
    ))
}

/// A competition's certificates in number order (a team leader: its organisation's).
#[utoipa::path(get, path = "/api/v1/competitions/{id}/certificates", tag = "certificates",
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "成功", body = Vec<CertificateDoc>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn list_certificates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<Json<Vec<CertificateDoc>>, ApiError> {
    let (_, viewer) = files::part_in(&state.db, &actor, id).await?;
    let share = files::share_of(&state.db, viewer, None).await?;
    let certs = issue::list(&state.db, id, share.as_deref()).await?;
    Ok(Json(certs.iter().map(CertificateDoc::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct TemplateBody {
    /// Empty for the award certificates, or the honour's name.
    #[serde(default)]
    pub scope: String,
    #[serde(flatten)]
    pub template: TemplateInput,
}

/// Sets how a kind of certificate reads (wording with `{姓名}` `{单位}` `{赛事}` `{项目}`
/// `{奖项}`, title, issuer, 文号, date style). Certificates already issued keep their text.
#[utoipa::path(put, path = "/api/v1/competitions/{id}/certificate-template", tag = "certificates",
    params(("id" = i32, Path, description = "competition id")),
    request_body = TemplateBody,
    responses((status = 204, description = "已保存"),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn save_template(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<TemplateBody>,
) -> Result<axum::http::StatusCode, ApiError> {
    let comp = organiser_of(&state, &actor, id).await?;
    templates::save(
        &state.db,
        &state.fonts(),
        &actor,
        &comp,
        &CertificateScope::named(&body.scope),
        &body.template,
    )
    .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

async fn managed(
    state: &AppState,
    actor: &crate::accounts::Actor,
    number: &str,
) -> Result<certificate::Model, AppError> {
    let cert = issue::find_by_number(&state.db, number)
        .await?
        .ok_or(AppError::NotFound)?;
    organiser_of(state, actor, cert.competition_id).await?;
    Ok(cert)
}

#[derive(Deserialize, ToSchema)]
pub struct RevokeBody {
    /// Why, from the list: what the public verification page says.
    pub reason_code: entity::kinds::RevocationReason,
    /// The organiser's own note, seen by organisers only.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub reason: String,
}

/// Revokes a certificate with a reason; its verification page says so from then on.
#[utoipa::path(post, path = "/api/v1/certificates/{number}/revocation", tag = "certificates",
    params(("number" = String, Path, description = "证书编号")),
    request_body = RevokeBody,
    responses((status = 200, description = "已作废", body = CertificateDoc),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 409, description = "已作废", body = ErrorEnvelope),
              (status = 422, description = "缺少原因", body = ErrorEnvelope)))]
pub async fn revoke_certificate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(number): ApiPath<String>,
    ApiJson(body): ApiJson<RevokeBody>,
) -> Result<Json<CertificateDoc>, ApiError> {
    let cert = managed(&state, &actor, &number).await?;
    issue::revoke(&state.db, &actor, &cert, body.reason_code, &body.reason).await?;
    let now = issue::find_by_number(&state.db, &number)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(CertificateDoc::from(&now)))
}

#[derive(Deserialize, ToSchema)]
pub struct ReissueBody {
    #[schema(min_length = 1, max_length = 30)]
    pub holder: String,
    #[schema(min_length = 1, max_length = 60)]
    pub organisation: String,
    #[schema(min_length = 1, max_length = 100)]
    pub reason: String,
    /// Defaults to today.
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
}

/// Reissues a certificate (a name corrected): a new certificate with a new number; the old one
/// is revoked and points to it.
#[utoipa::path(post, path = "/api/v1/certificates/{number}/reissue", tag = "certificates",
    params(("number" = String, Path, description = "证书编号")),
    request_body = ReissueBody,
    responses((status = 200, description = "新证书", body = CertificateDoc),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 409, description = "已作废", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn reissue_certificate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(number): ApiPath<String>,
    ApiJson(body): ApiJson<ReissueBody>,
) -> Result<Json<CertificateDoc>, ApiError> {
    let cert = managed(&state, &actor, &number).await?;
    let correction = issue::Correction {
        holder: body.holder,
        organisation: body.organisation,
        reason: body.reason,
        issued_on: body.issued_on.unwrap_or_else(crate::time::today),
    };
    let new = issue::reissue(&state.db, &state.fonts(), &actor, &cert, &correction).await?;
    Ok(Json(CertificateDoc::from(&new)))
}

/// Public: whether a certificate is genuine and valid, what it is for, the name masked.
#[utoipa::path(get, path = "/api/v1/verify/{number}", tag = "certificates",
    security(()),
    params(("number" = String, Path, description = "证书编号")),
    responses((status = 200, description = "成功", body = Verification),
              (status = 404, description = "无此编号", body = ErrorEnvelope),
              (status = 429, description = "查询过于频繁", body = ErrorEnvelope)))]
pub async fn verify_certificate(
    State(state): State<AppState>,
    crate::http::client::ClientAddr(from): crate::http::client::ClientAddr,
    ApiPath(number): ApiPath<String>,
) -> Result<Json<Verification>, ApiError> {
    crate::http::pages::paced(&state, from)?;
    Ok(Json(
        crate::lifecycle::verification::verify(&state.db, &number).await?,
    ))
}
