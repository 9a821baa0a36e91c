//! The award officer's lists and files by API, as the pages have them: the payer table, titles,
//! targets, publicities, importing achievements, a hosting cost proof, and the payout lists.
//! Officers and the administrator only; everyone else gets “not found”.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorBody, ErrorEnvelope};
use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppError;
use crate::awards::compute::{self, Recomputed};
use crate::awards::import::{self, Imported};
use crate::awards::{achievements, payers, reports, stored_yuan, titles, workflow};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use entity::EventId;
use entity::OrganisationId;
use entity::kinds::{FundingSource, RewardStatus, TargetMode, Title, TitleStatus};
use sea_orm::Iterable;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::awards::officer;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_payers))
        .routes(routes!(set_payer))
        .routes(routes!(list_titles))
        .routes(routes!(list_targets))
        .routes(routes!(list_publicities))
        .routes(routes!(import_achievements))
        .routes(routes!(upload_proof))
        .routes(routes!(payout))
}

/// Who pays for one district (第十八条，按现行财政体制).
#[derive(Serialize, ToSchema)]
pub struct PayerDoc {
    pub district: String,
    /// 市本级, or the district itself.
    pub payer: String,
}

/// The payer table.
#[utoipa::path(get, path = "/api/v1/awards/payers", tag = "awards",
    responses((status = 200, description = "成功", body = Vec<PayerDoc>),
              (status = 404, description = "无权查看", body = ErrorEnvelope)))]
pub async fn list_payers(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<PayerDoc>>, ApiError> {
    officer(&actor)?;
    Ok(Json(
        payers::list(&state.db)
            .await?
            .into_iter()
            .map(|r| PayerDoc {
                district: r.district,
                payer: r.payer,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PayerBody {
    /// 市本级, or the district itself.
    #[schema(max_length = 20)]
    pub payer: String,
}

/// Sets who pays for a district (the HR bureau's, audited); draft lines are recomputed at once,
/// reviewed ones keep their payer.
#[utoipa::path(put, path = "/api/v1/awards/payers/{district}", tag = "awards",
    params(("district" = String, Path, description = "县市区")),
    request_body = PayerBody,
    responses((status = 200, description = "成功", body = Recomputed),
              (status = 404, description = "无权操作", body = ErrorEnvelope),
              (status = 422, description = "出资层级不对或不是市人社局经办人", body = ErrorEnvelope)))]
pub async fn set_payer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(district): ApiPath<String>,
    ApiJson(body): ApiJson<PayerBody>,
) -> Result<Json<Recomputed>, ApiError> {
    officer(&actor)?;
    Ok(Json(
        payers::set(&state.db, &actor, &district, body.payer.trim()).await?,
    ))
}

/// A title nomination, review or conferment; the person's ID number masked.
#[derive(Serialize, ToSchema)]
pub struct TitleDoc {
    pub id: i32,
    pub title: Title,
    pub status: TitleStatus,
    /// 姓名 and the masked ID number.
    pub person: String,
    pub organisation_id: Option<OrganisationId>,
    pub evidence: String,
    /// The body that handles it (市人社局 or 市总工会).
    pub body: String,
    pub conferred_on: Option<NaiveDate>,
    pub doc_number: Option<String>,
    pub note: Option<String>,
    pub certificate_number: Option<String>,
}

/// Every nomination and title, newest first.
#[utoipa::path(get, path = "/api/v1/awards/titles", tag = "awards",
    responses((status = 200, description = "成功", body = Vec<TitleDoc>),
              (status = 404, description = "无权查看", body = ErrorEnvelope)))]
pub async fn list_titles(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<TitleDoc>>, ApiError> {
    officer(&actor)?;
    let rows = titles::list(&state.db).await?;
    let people =
        crate::entrants::people::masked_labels(&state.db, rows.iter().map(|t| t.person_id)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|t| TitleDoc {
                id: t.id,
                title: t.title,
                status: t.status,
                person: people.get(&t.person_id).cloned().unwrap_or_default(),
                organisation_id: t.organisation_id,
                evidence: t.evidence,
                body: t.body,
                conferred_on: t.conferred_on,
                doc_number: t.doc_number,
                note: t.note,
                certificate_number: t.certificate_number,
            })
            .collect(),
    ))
}

/// A title target over a window, with how many are conferred in it.
#[derive(Serialize, ToSchema)]
pub struct TargetDoc {
    pub id: i32,
    pub title: Title,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub target: i32,
    /// hard: refused once reached; soft: a warning.
    pub mode: TargetMode,
    pub conferred: u64,
}

/// The title targets.
#[utoipa::path(get, path = "/api/v1/awards/targets", tag = "awards",
    responses((status = 200, description = "成功", body = Vec<TargetDoc>),
              (status = 404, description = "无权查看", body = ErrorEnvelope)))]
pub async fn list_targets(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<TargetDoc>>, ApiError> {
    officer(&actor)?;
    let mut out = Vec::new();
    for t in titles::targets(&state.db).await? {
        let conferred = titles::target_state(&state.db, t.title, t.ends_on)
            .await?
            .map_or(0, |(_, n)| n);
        out.push(TargetDoc {
            id: t.id,
            title: t.title,
            starts_on: t.starts_on,
            ends_on: t.ends_on,
            target: t.target,
            mode: t.mode,
            conferred,
        });
    }
    Ok(Json(out))
}

/// A reward publicity (公示) with its lines' count and sum.
#[derive(Serialize, ToSchema)]
pub struct PublicityDoc {
    pub id: i32,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub lines: usize,
    /// Yuan, two places.
    pub amount: String,
}

/// The reward publicities.
#[utoipa::path(get, path = "/api/v1/awards/publicities", tag = "awards",
    responses((status = 200, description = "成功", body = Vec<PublicityDoc>),
              (status = 404, description = "无权查看", body = ErrorEnvelope)))]
pub async fn list_publicities(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<PublicityDoc>>, ApiError> {
    officer(&actor)?;
    let lines = reports::all_lines(&state.db).await?;
    let mut sums: HashMap<i32, (usize, rust_decimal::Decimal)> = HashMap::new();
    for l in &lines {
        if let Some(p) = l.publicity_id {
            let e = sums.entry(p).or_default();
            e.0 += 1;
            e.1 += l.amount.to_decimal();
        }
    }
    Ok(Json(
        workflow::publicities(&state.db)
            .await?
            .into_iter()
            .map(|p| {
                let (count, sum) = sums.get(&p.id).copied().unwrap_or_default();
                PublicityDoc {
                    id: p.id,
                    title: p.title,
                    starts_on: p.starts_on,
                    ends_on: p.ends_on,
                    lines: count,
                    amount: crate::awards::yuan(sum),
                }
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ImportedOut {
    /// Present when any row is wrong: then nothing was stored.
    error: Option<ErrorBody>,
    #[serde(flatten)]
    imported: Imported,
}

/// Imports achievements from an .xlsx or .csv file sent as the request body (the columns of
/// the page's template). All or nothing; the lines are recomputed after a clean import.
#[utoipa::path(post, path = "/api/v1/awards/achievements/import", tag = "awards",
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = ".xlsx 或 .csv 文件（与页面上的导入模板同列）"),
    responses((status = 200, description = "已全部导入", body = ImportedOut),
              (status = 404, description = "无权操作", body = ErrorEnvelope),
              (status = 422, description = "有错误行，未导入任何成果", body = ImportedOut)))]
pub async fn import_achievements(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Bytes,
) -> Result<(StatusCode, Json<ImportedOut>), ApiError> {
    officer(&actor)?;
    let imported = import::import(&state.db, &actor, &body).await?;
    if !imported.errors.is_empty() {
        let error = super::files::rows_error(&imported.errors);
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(ImportedOut { error, imported }),
        ));
    }
    compute::recompute(&state.db).await?;
    Ok((
        StatusCode::OK,
        Json(ImportedOut {
            error: None,
            imported,
        }),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProofQuery {
    /// The file's name, as it will be downloaded.
    #[serde(default)]
    pub file_name: String,
}

/// Uploads the hosting cost proof (成本凭证, at most 5 MB) of an event, replacing any earlier.
#[utoipa::path(put, path = "/api/v1/awards/events/{id}/hosting-proof", tag = "awards",
    params(("id" = i32, Path, description = "event id"), ProofQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = "凭证文件（PDF 或图片）"),
    responses((status = 204, description = "已上传"),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "文件为空或过大", body = ErrorEnvelope)))]
pub async fn upload_proof(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiQuery(q): ApiQuery<ProofQuery>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    officer(&actor)?;
    achievements::attach_proof(&state.db, &actor, id, &q.file_name, body.to_vec()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One line of a payout list, with what it pays for.
#[derive(Serialize, ToSchema)]
pub struct PayoutDoc {
    pub id: i32,
    pub payer: String,
    pub recipient_name: String,
    pub organisation_name: String,
    /// 身份证号, masked.
    pub id_masked: String,
    pub item_name: String,
    pub clause: String,
    /// 所奖事项 and its date.
    pub description: String,
    pub achieved_on: String,
    /// Yuan, two places.
    pub amount: String,
    pub status: RewardStatus,
    pub paid_on: Option<NaiveDate>,
    pub voucher: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PayoutQuery {
    /// `xlsx` for the spreadsheet (a summary, then a sheet per payer); JSON otherwise.
    #[serde(default)]
    pub format: String,
}

/// The payout list of a fund (`talent_fund` or `hr_employment_fund`): approved and paid lines
/// by payer, with the masked ID and what each line is for.
#[utoipa::path(get, path = "/api/v1/awards/payout/{fund}", tag = "awards",
    params(("fund" = String, Path, description = "talent_fund | hr_employment_fund"), PayoutQuery),
    responses((status = 200, description = "成功", body = Vec<PayoutDoc>),
              (status = 404, description = "无此经费或无权查看", body = ErrorEnvelope)))]
pub async fn payout(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(fund): ApiPath<String>,
    ApiQuery(q): ApiQuery<PayoutQuery>,
) -> Result<Response, ApiError> {
    officer(&actor)?;
    let fund = FundingSource::iter()
        .find(|f| entity::kinds::code(*f) == fund)
        .ok_or(AppError::NotFound)?;
    let lines = reports::payout_lines(&state.db, fund).await?;
    let purposes = reports::purposes(&state.db, &lines).await?;
    if q.format == "xlsx" {
        let bytes = reports::payout_xlsx(fund, &lines, &purposes)?;
        return Ok(super::files::xlsx_file(
            &format!("支付清单-{}-{}.xlsx", fund.label(), crate::awards::today()),
            bytes,
        ));
    }
    let docs: Vec<PayoutDoc> = lines
        .iter()
        .map(|l| {
            let p = purposes.get(&l.achievement_id).cloned().unwrap_or_default();
            PayoutDoc {
                id: l.id,
                payer: l.payer.clone(),
                recipient_name: l.recipient_name.clone(),
                organisation_name: l.organisation_name.clone(),
                id_masked: p.id_masked,
                item_name: l.item_name.clone(),
                clause: l.clause.clone(),
                description: p.description,
                achieved_on: p.achieved_on,
                amount: stored_yuan(l.amount),
                status: l.status,
                paid_on: l.paid_on,
                voucher: l.voucher.clone(),
            }
        })
        .collect();
    Ok(Json(docs).into_response())
}
