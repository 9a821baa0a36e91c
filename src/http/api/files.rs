//! Spreadsheet uploads and downloads: judge and scheme imports, paper backups, templates.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorBody, ErrorEnvelope};
use super::entrants::ImportQuery;
use super::{ApiPath, ApiQuery};
use crate::error::AppError;
use crate::judging::import::{JudgeImportReport, import_judges};
use crate::judging::scheme::{SchemeDoc, set_scheme};
use crate::judging::{paper, scheme_import};
use crate::spreadsheet::{RowError, read_table};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use entity::{CompetitionId, EventId};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_judges_file))
        .routes(routes!(import_scheme))
        .routes(routes!(sign_in_sheet))
        .routes(routes!(score_sheets))
        .routes(routes!(download_template))
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An .xlsx download with its (Chinese) file name.
pub(crate) fn xlsx_file(name: &str, bytes: Vec<u8>) -> Response {
    use crate::http::download::{Show, file};
    file(XLSX, Show::Attachment, "download.xlsx", name, false, bytes)
}

/// The error envelope for a file with wrong rows: the first one, and how many there are.
pub(crate) fn rows_error(errors: &[RowError]) -> Option<ErrorBody> {
    let first = errors.first()?;
    Some(ErrorBody {
        code: "invalid_rows".into(),
        message: format!(
            "第 {} 行“{}”：{}（共 {} 处错误），未导入任何数据",
            first.row,
            first.column,
            first.message,
            errors.len()
        ),
        field: Some("file".into()),
    })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct JudgeImportOut {
    error: Option<ErrorBody>,
    #[serde(flatten)]
    report: JudgeImportReport,
}

/// Imports judges from an .xlsx or .csv body, all or nothing.
#[utoipa::path(post, path = "/api/v1/competitions/{id}/judges/import", tag = "judges",
    params(("id" = i32, Path, description = "competition id"), ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = ".xlsx 或 .csv（表头：姓名、性别、身份证号、单位、项目、组别、角色、裁判组、手机号）"),
    responses((status = 200, description = "全部正确（commit=true 时已导入）", body = JudgeImportOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "有错误行，未导入任何数据", body = JudgeImportOut)))]
pub async fn import_judges_file(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<JudgeImportOut>), ApiError> {
    let table = read_table(&body)?;
    let report = import_judges(&state.db, &actor, id, &table, query.commit()).await?;
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        Json(JudgeImportOut {
            error: rows_error(&report.errors),
            report,
        }),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SchemeImportErrors {
    error: Option<ErrorBody>,
    errors: Vec<RowError>,
}

/// Replaces an event's scheme from a WorldSkills-style sheet (模块, 模块名称, 评分项, 评分项描述,
/// 类型, 满分, 步长, 汇总方式, 裁判组).
#[utoipa::path(post, path = "/api/v1/events/{id}/scheme/import", tag = "schemes",
    params(("id" = i32, Path, description = "event id")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = ".xlsx 或 .csv"),
    responses((status = 200, description = "成功", body = SchemeDoc),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "有错误行，方案未改变", body = SchemeImportErrors)))]
pub async fn import_scheme(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let table = read_table(&body)?;
    match scheme_import::scheme_from_table(&table) {
        Ok(doc) => Ok(Json(set_scheme(&state.db, &actor, id, doc).await?).into_response()),
        Err(errors) => {
            // Only those who may change the event learn what is wrong with the file.
            crate::competitions::events::find_managed_event(&state.db, &actor, id).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(SchemeImportErrors {
                    error: rows_error(&errors),
                    errors,
                }),
            )
                .into_response())
        }
    }
}

/// 签到表 (.xlsx) for the registration desk.
#[utoipa::path(get, path = "/api/v1/events/{id}/sign-in-sheet", tag = "paper",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = ".xlsx 文件", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn sign_in_sheet(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Response, ApiError> {
    let (name, bytes) = paper::sign_in_sheet(&state.db, &actor, id).await?;
    Ok(xlsx_file(&name, bytes))
}

/// Blank 评分表 (.xlsx), one sheet per judge, by blind code and aspect.
#[utoipa::path(get, path = "/api/v1/events/{id}/score-sheets", tag = "paper",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = ".xlsx 文件", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn score_sheets(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Response, ApiError> {
    let (name, bytes) = paper::score_sheets(&state.db, &actor, id).await?;
    Ok(xlsx_file(&name, bytes))
}

/// Import templates: `entrants`, `judges` or `scheme`.
#[utoipa::path(get, path = "/api/v1/templates/{kind}", tag = "paper",
    params(("kind" = String, Path, description = "entrants | judges | scheme")),
    responses((status = 200, description = ".xlsx 模板", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 404, description = "没有该模板", body = ErrorEnvelope)))]
pub async fn download_template(
    ApiActor(_actor): ApiActor,
    ApiPath(kind): ApiPath<String>,
) -> Result<Response, ApiError> {
    let (name, bytes) = template(&kind)?;
    Ok(xlsx_file(&name, bytes))
}

pub(crate) fn template(kind: &str) -> Result<(String, Vec<u8>), AppError> {
    Ok(match kind {
        "entrants" => (
            "选手导入模板.xlsx".into(),
            crate::entrants::import::template()?,
        ),
        "judges" => (
            "裁判导入模板.xlsx".into(),
            crate::judging::import::template()?,
        ),
        "scheme" => (
            "评分方案导入模板.xlsx".into(),
            crate::spreadsheet::write_xlsx(
                "评分方案",
                &scheme_import::COLUMNS,
                &[8.0, 16.0, 8.0, 30.0, 8.0, 8.0, 8.0, 10.0, 8.0],
                &[vec![
                    "A".into(),
                    "零件加工".into(),
                    "A1".into(),
                    "外圆尺寸 Φ40±0.02".into(),
                    "M".into(),
                    "2.5".into(),
                    "0.5".into(),
                    "去高低".into(),
                    "A".into(),
                ]],
            )?,
        ),
        _ => return Err(AppError::NotFound),
    })
}
