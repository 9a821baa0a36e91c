//! 纸质评分表录入 by API: the list of judges' sheets with how far each is typed, one clerk's
//! entry of a sheet (as JSON by blind code and aspect code, or the filled .xlsx), the same step
//! as the clerk's page ([`crate::marking::paper_entry`] has the double-entry rules).

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorBody, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::lifecycle;
use crate::marking::paper_entry::{self, EntryOutcome, SheetSummary, TypedText};
use crate::spreadsheet::RowError;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use entity::{EventId, JudgeId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sheets))
        .routes(routes!(enter_sheet))
        .routes(routes!(upload_sheet))
}

/// Lists the judges' paper score sheets of an event with how far each has been typed.
#[utoipa::path(get, path = "/api/v1/events/{id}/paper-sheets", tag = "events",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = Vec<SheetSummary>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn list_sheets(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<Vec<SheetSummary>>, ApiError> {
    Ok(Json(paper_entry::sheets(&state.db, &actor, id).await?.1))
}

/// One value of the sheet as the clerk reads it.
#[derive(Deserialize, ToSchema)]
pub struct PaperCellIn {
    #[schema(example = "K7Q2", max_length = 32)]
    pub blind_code: String,
    /// The aspect's code as printed (A1, B2…).
    #[schema(example = "A1", max_length = 32)]
    pub aspect: String,
    /// The mark as written on the sheet, as a decimal string.
    #[schema(example = "8.5", max_length = 16)]
    pub value: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PaperSheetIn {
    #[schema(max_items = 5000)]
    pub cells: Vec<PaperCellIn>,
}

#[derive(Serialize, ToSchema)]
pub struct PaperEntryOut {
    /// Present when any cell is wrong: then nothing was stored.
    error: Option<ErrorBody>,
    errors: Vec<RowError>,
    outcome: Option<EntryOutcome>,
}

fn answer(result: Result<EntryOutcome, Vec<RowError>>) -> (StatusCode, Json<PaperEntryOut>) {
    match result {
        Ok(outcome) => (
            StatusCode::OK,
            Json(PaperEntryOut {
                error: None,
                errors: Vec::new(),
                outcome: Some(outcome),
            }),
        ),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(PaperEntryOut {
                error: super::files::rows_error(&errors),
                errors,
                outcome: None,
            }),
        ),
    }
}

/// Enters a judge's filled paper score sheet (one clerk's entry). The first entry of a cell
/// waits for a second clerk (another account), who types the same sheet without seeing it;
/// agreeing values become the judge's marks (channel `paper`), disagreements go to the chief
/// judge. Rows are the sheet's as printed (the first entrant is row 3). All or nothing.
#[utoipa::path(post, path = "/api/v1/events/{id}/paper-sheets/{judge_id}", tag = "events",
    params(("id" = i32, Path, description = "event id"), ("judge_id" = i32, Path, description = "whose sheet")),
    request_body = PaperSheetIn,
    responses((status = 200, description = "已录入", body = PaperEntryOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "有错误的格，未录入任何数据", body = PaperEntryOut)))]
pub async fn enter_sheet(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, judge_id)): ApiPath<(EventId, JudgeId)>,
    ApiJson(body): ApiJson<PaperSheetIn>,
) -> Result<(StatusCode, Json<PaperEntryOut>), ApiError> {
    if body.cells.len() > 5000 {
        return Err(crate::AppError::invalid("cells", "一次最多录入 5000 格").into());
    }
    let sheet = paper_entry::sheet(&state.db, &actor, id, judge_id).await?;
    let typed: Vec<TypedText> = body
        .cells
        .into_iter()
        .map(|c| {
            let blind_code: String = c.blind_code.chars().take(32).collect();
            let row = sheet
                .entrants
                .iter()
                .position(|e| e.blind_code.as_deref() == Some(blind_code.trim()))
                .map_or(0, |i| i + paper_entry::FIRST_ROW);
            TypedText {
                row,
                column: c.aspect.chars().take(32).collect(),
                blind_code,
                aspect: c.aspect.chars().take(32).collect(),
                value: c.value.chars().take(16).collect(),
            }
        })
        .collect();
    let cells = match sheet.read(&typed) {
        Ok(cells) => cells,
        Err(errors) => return Ok(answer(Err(errors))),
    };
    let result =
        lifecycle::paper::enter(&state.db, &state.live, &actor, id, judge_id, cells).await?;
    Ok(answer(result))
}

/// Enters a judge's filled score sheet from the .xlsx the system printed (the judge's own
/// worksheet of the workbook, or a workbook of that sheet alone), typed in by one clerk; the
/// same rules as the JSON entry, errors by the spreadsheet's row and column.
#[utoipa::path(post, path = "/api/v1/events/{id}/paper-sheets/{judge_id}/xlsx", tag = "events",
    params(("id" = i32, Path, description = "event id"), ("judge_id" = i32, Path, description = "whose sheet")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = "系统打印的评分表 .xlsx（填写分数后）"),
    responses((status = 200, description = "已录入", body = PaperEntryOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "有错误的格，未录入任何数据", body = PaperEntryOut)))]
pub async fn upload_sheet(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, judge_id)): ApiPath<(EventId, JudgeId)>,
    body: Bytes,
) -> Result<(StatusCode, Json<PaperEntryOut>), ApiError> {
    let result = enter_workbook(&state, &actor, id, judge_id, &body).await?;
    Ok(answer(result))
}

/// A filled .xlsx sheet, read and entered (the page's upload uses it too).
pub(crate) async fn enter_workbook(
    state: &AppState,
    actor: &crate::accounts::Actor,
    id: EventId,
    judge_id: JudgeId,
    bytes: &[u8],
) -> crate::AppResult<Result<EntryOutcome, Vec<RowError>>> {
    let sheet = paper_entry::sheet(&state.db, actor, id, judge_id).await?;
    let name = crate::judging::paper::sheet_name(&sheet.judge, &sheet.judge_name);
    let table = crate::spreadsheet::read_named_sheet(bytes, &name)?;
    let cells = match sheet
        .from_table(&table)
        .and_then(|typed| sheet.read(&typed))
    {
        Ok(cells) => cells,
        Err(errors) => return Ok(Err(errors)),
    };
    lifecycle::paper::enter(&state.db, &state.live, actor, id, judge_id, cells).await
}
