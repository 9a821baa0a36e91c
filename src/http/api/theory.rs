//! 理论成绩导入 by API: the theory exam system's export sent as the request body, previewed
//! and then committed with `commit=true`; the same step as the event page's form
//! ([`crate::lifecycle::theory`]).

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorBody, ErrorEnvelope};
use super::{ApiPath, ApiQuery};
use crate::lifecycle::theory::{self, TheoryReport};
use crate::spreadsheet::read_table;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use entity::EventId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_theory))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TheoryQuery {
    /// Store the scores (when every row is right); otherwise only check and preview.
    #[serde(default)]
    commit: bool,
    /// The file's name, for the audit trail.
    #[param(max_length = 80)]
    #[serde(default)]
    file_name: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TheoryOut {
    /// Present when any row is wrong: then nothing was stored.
    error: Option<ErrorBody>,
    #[serde(flatten)]
    report: TheoryReport,
}

/// Imports the theory exam's scores of an event from an .xlsx or .csv file sent as the request
/// body (参赛证号 or 身份证号, 成绩; 姓名 checked when present). All or nothing. After the
/// theory module's sign-off or the lock, changed scores become correction requests for the
/// chief judge (`as_corrections`).
#[utoipa::path(post, path = "/api/v1/events/{id}/theory-scores/import", tag = "events",
    params(("id" = i32, Path, description = "event id"), TheoryQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = ".xlsx 或 .csv 文件（表头：参赛证号 或 身份证号、成绩，可选 姓名）"),
    responses((status = 200, description = "全部正确（commit=true 时已导入）", body = TheoryOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "有错误行，未导入任何数据", body = TheoryOut)))]
pub async fn import_theory(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiQuery(query): ApiQuery<TheoryQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<TheoryOut>), ApiError> {
    let table = read_table(&body)?;
    let checked = theory::check(&state.db, &actor, id, &table).await?;
    let report = if query.commit {
        let name = query
            .file_name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "接口上传".into());
        let digest = crate::secret::digest_bytes(&body);
        checked
            .commit(&state.db, &state.live, &actor, &name, &digest)
            .await?
    } else {
        checked.report
    };
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let error = super::files::rows_error(&report.errors);
    Ok((status, Json(TheoryOut { error, report })))
}
