//! Everything the chief judge does, by API, for the chief's tablet session: the review picture
//! (modules with the `seq` they were seen at, flagged cells, problems, corrections waiting),
//! signing a module off and withdrawing it, accepting a spread, the lock, deciding a
//! correction, and signing a result version. The same lifecycle steps as the chief's page, so
//! the same rules: a mark changed since the `seq` the chief saw is refused.

use super::super::auth::ChiefTablet;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::marking::progress::{self, CellStatus};
use crate::marking::review::chief_event;
use crate::results::export::{self, ResultSheet};
use crate::results::versions;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use entity::{AspectId, EntrantId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(review))
        .routes(routes!(sign_off))
        .routes(routes!(withdraw_sign_off))
        .routes(routes!(accept_spread))
        .routes(routes!(lock))
        .routes(routes!(decide_correction))
        .routes(routes!(results))
        .routes(routes!(sign_results))
        .routes(routes!(undo_absence))
        .routes(routes!(decide_paper))
        .routes(routes!(consistency))
}

/// One module as the chief judge sees it.
#[derive(Serialize, ToSchema)]
pub struct ChiefModuleOut {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub cells: usize,
    pub missing: usize,
    pub flagged: usize,
    pub problems: usize,
    pub signed_at: Option<DateTime<Utc>>,
    /// No missing, flagged or problem cell: it may be signed off.
    pub ready: bool,
    /// The module's latest change: send it back with the sign-off.
    pub seq: i32,
}

/// A cell whose judges' marks are further apart than the scheme allows.
#[derive(Serialize, ToSchema)]
pub struct FlaggedCellOut {
    #[schema(value_type = i32)]
    pub entrant_id: EntrantId,
    pub blind_code: String,
    #[schema(value_type = i32)]
    pub aspect_id: AspectId,
    pub aspect: String,
    /// The marks' spread and the scheme's limit, as decimals.
    pub spread: String,
    pub limit: String,
    /// The cell's latest change: send it back to accept the spread.
    pub seq: i32,
}

/// A cell the chief judge must sort out by hand.
#[derive(Serialize, ToSchema)]
pub struct ProblemCellOut {
    pub blind_code: String,
    pub aspect: String,
    pub problem: String,
}

/// A correction a judge asked for, waiting for the chief judge.
#[derive(Serialize, ToSchema)]
pub struct PendingCorrectionOut {
    pub id: i32,
    pub judge: String,
    pub blind_code: String,
    pub aspect: String,
    pub old_value: Option<String>,
    pub new_value: String,
    pub reason: String,
    pub requested_at: DateTime<Utc>,
}

/// The chief judge's review picture (the tablet's 裁判长审核).
#[derive(Serialize, ToSchema)]
pub struct ChiefReviewOut {
    pub event_id: i32,
    pub event: String,
    pub locked_at: Option<DateTime<Utc>>,
    /// Every module signed off: the marks may be locked.
    pub all_signed: bool,
    pub modules: Vec<ChiefModuleOut>,
    pub flagged: Vec<FlaggedCellOut>,
    pub problems: Vec<ProblemCellOut>,
    pub pending_corrections: Vec<PendingCorrectionOut>,
    /// Paper sheet cells to decide against the sheet (the clerks disagreed, or their agreed
    /// value differs from the judge's tablet mark).
    pub paper: Vec<PaperCaseOut>,
}

/// A paper sheet's cell waiting for the chief judge.
#[derive(Serialize, ToSchema)]
pub struct PaperCaseOut {
    /// Send it back with the decided value.
    pub id: i32,
    pub judge: String,
    pub blind_code: String,
    pub aspect: String,
    /// `disagreed` or `tablet_differs`.
    pub state: entity::kinds::PaperState,
    pub first: String,
    pub second: Option<String>,
    /// The judge's tablet mark for the cell, when there is one.
    pub tablet: Option<String>,
}

/// The chief judge's review picture: modules, flagged cells, problems, corrections waiting.
#[utoipa::path(get, path = "/api/v1/chief/review", tag = "chief",
    responses((status = 200, description = "成功", body = ChiefReviewOut),
              (status = 401, description = "平板未登录", body = ErrorEnvelope),
              (status = 403, description = "只有裁判长可以审核", body = ErrorEnvelope)))]
pub async fn review(
    State(state): State<AppState>,
    ChiefTablet(chief): ChiefTablet,
) -> Result<Json<ChiefReviewOut>, ApiError> {
    let ev = chief_event(&state.db, &chief).await?;
    let picture = progress::progress(&state.db, &ev).await?;
    let aspect_code = |id: AspectId| {
        picture
            .modules
            .iter()
            .flat_map(|m| &m.aspects)
            .find(|a| a.id == id)
            .map(|a| format!("{} {}", a.code, a.name))
            .unwrap_or_default()
    };
    let mut flagged = Vec::new();
    let mut problems = Vec::new();
    for row in &picture.rows {
        for cell in &row.cells {
            match &cell.status {
                CellStatus::Flagged { spread, limit } => flagged.push(FlaggedCellOut {
                    entrant_id: row.id,
                    blind_code: row.blind_code.clone(),
                    aspect_id: cell.aspect_id,
                    aspect: aspect_code(cell.aspect_id),
                    spread: spread.normalize().to_string(),
                    limit: limit.normalize().to_string(),
                    seq: cell.seq,
                }),
                CellStatus::Problem(p) => problems.push(ProblemCellOut {
                    blind_code: row.blind_code.clone(),
                    aspect: aspect_code(cell.aspect_id),
                    problem: p.describe(),
                }),
                _ => {}
            }
        }
    }
    Ok(Json(ChiefReviewOut {
        event_id: ev.id.0,
        event: crate::competitions::events::title(&ev),
        locked_at: ev.marks_locked_at,
        all_signed: picture.all_signed(),
        modules: picture
            .modules
            .iter()
            .map(|m| ChiefModuleOut {
                id: m.id,
                code: m.code.clone(),
                name: m.name.clone(),
                cells: m.cells,
                missing: m.missing,
                flagged: m.flagged,
                problems: m.problems,
                signed_at: m.signed_at,
                ready: m.ready(),
                seq: m.seq,
            })
            .collect(),
        flagged,
        problems,
        pending_corrections: picture
            .pending
            .iter()
            .map(|c| PendingCorrectionOut {
                id: c.id,
                judge: c.judge.clone(),
                blind_code: c.blind_code.clone(),
                aspect: c.aspect.clone(),
                old_value: c.old_value.map(|v| v.normalize().to_string()),
                new_value: c.new_value.normalize().to_string(),
                reason: c.reason.clone(),
                requested_at: c.requested_at,
            })
            .collect(),
        paper: picture
            .paper
            .iter()
            .map(|p| PaperCaseOut {
                id: p.cell.id,
                judge: p.judge.clone(),
                blind_code: p.blind_code.clone(),
                aspect: p.aspect.clone(),
                state: p.cell.state,
                first: p.cell.first.normalize().to_string(),
                second: p.cell.second.map(|v| v.normalize().to_string()),
                tablet: p.cell.tablet.map(|v| v.normalize().to_string()),
            })
            .collect(),
    }))
}

/// The value the chief judge reads on the paper sheet.
#[derive(Deserialize, ToSchema)]
pub struct PaperDecisionBody {
    #[schema(example = "8.5", max_length = 16)]
    pub value: String,
}

/// Decides a paper sheet's cell against the sheet: the value becomes the judge's mark
/// (channel `paper`, the chief named, both entries in the audit entry's reason).
#[utoipa::path(post, path = "/api/v1/chief/paper/{id}", tag = "chief",
    params(("id" = i32, Path, description = "the paper cell's id from the review")),
    request_body = PaperDecisionBody,
    responses((status = 200, description = "成功", body = ChiefReviewOut),
              (status = 403, description = "只有裁判长可以审核", body = ErrorEnvelope),
              (status = 409, description = "该格已处理", body = ErrorEnvelope),
              (status = 422, description = "分数不符合评分项规则、已签字或已锁定", body = ErrorEnvelope)))]
pub async fn decide_paper(
    State(state): State<AppState>,
    chief: ChiefTablet,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<PaperDecisionBody>,
) -> Answer {
    let value = body
        .value
        .trim()
        .parse::<rust_decimal::Decimal>()
        .map_err(|_| crate::AppError::invalid("value", "请填写分数"))?;
    crate::lifecycle::paper::decide(&state.db, &state.live, &chief.0, id, value).await?;
    review(State(state), chief).await
}

/// What the chief saw: the `seq` of the module or cell on the review picture.
#[derive(Deserialize, ToSchema)]
pub struct SeenBody {
    #[schema(minimum = 0)]
    pub seq: i32,
}

/// What a chief's step answers: the review picture after it.
type Answer = Result<Json<ChiefReviewOut>, ApiError>;

/// Signs a module off for the marks as the chief saw them (`seq` of the module).
#[utoipa::path(post, path = "/api/v1/chief/modules/{id}/sign-off", tag = "chief",
    params(("id" = i32, Path, description = "module id")),
    request_body = SeenBody,
    responses((status = 200, description = "成功", body = ChiefReviewOut),
              (status = 403, description = "只有裁判长可以审核", body = ErrorEnvelope),
              (status = 422, description = "尚有缺评或超差、或分数在查看后已变", body = ErrorEnvelope)))]
pub async fn sign_off(
    State(state): State<AppState>,
    chief: ChiefTablet,
    ApiPath(module_id): ApiPath<i32>,
    ApiJson(body): ApiJson<SeenBody>,
) -> Answer {
    crate::lifecycle::chief::sign_off(&state.db, &state.live, &chief.0, module_id, body.seq)
        .await?;
    review(State(state), chief).await
}

/// Withdraws a module's sign-off: its marks may change again (refused after the lock).
#[utoipa::path(post, path = "/api/v1/chief/modules/{id}/sign-off/withdraw", tag = "chief",
    params(("id" = i32, Path, description = "module id")),
    responses((status = 200, description = "成功", body = ChiefReviewOut),
              (status = 403, description = "只有裁判长可以审核", body = ErrorEnvelope),
              (status = 422, description = "已锁定", body = ErrorEnvelope)))]
pub async fn withdraw_sign_off(
    State(state): State<AppState>,
    chief: ChiefTablet,
    ApiPath(module_id): ApiPath<i32>,
) -> Answer {
    crate::lifecycle::chief::withdraw_sign_off(&state.db, &state.live, &chief.0, module_id).await?;
    review(State(state), chief).await
}

/// A flagged cell the chief accepts as it is, for the marks as seen (`seq` of the cell).
#[derive(Deserialize, ToSchema)]
pub struct SpreadBody {
    #[schema(value_type = i32, minimum = 1)]
    pub entrant_id: EntrantId,
    #[schema(value_type = i32, minimum = 1)]
    pub aspect_id: AspectId,
    #[schema(minimum = 0)]
    pub seq: i32,
}

/// Accepts the spread of a flagged cell (超差确认).
#[utoipa::path(post, path = "/api/v1/chief/spreads", tag = "chief",
    request_body = SpreadBody,
    responses((status = 200, description = "成功", body = ChiefReviewOut),
              (status = 403, description = "只有裁判长可以审核", body = ErrorEnvelope),
              (status = 422, description = "未超差、或分数在查看后已变", body = ErrorEnvelope)))]
pub async fn accept_spread(
    State(state): State<AppState>,
    chief: ChiefTablet,
    ApiJson(body): ApiJson<SpreadBody>,
) -> Answer {
    crate::lifecycle::chief::accept_spread(
        &state.db,
        &state.live,
        &chief.0,
        body.entrant_id,
        body.aspect_id,
        body.seq,
    )
    .await?;
    review(State(state), chief).await
}

/// The lock and the first result version it made.
#[derive(Serialize, ToSchema)]
pub struct LockedOut {
    pub locked_at: Option<DateTime<Utc>>,
    /// The result version made from the locked marks, for the chief judge to sign.
    pub version: Option<i32>,
}

/// Locks the event's marks (every module signed off) and makes the first result version.
#[utoipa::path(post, path = "/api/v1/chief/lock", tag = "chief",
    responses((status = 200, description = "成功", body = LockedOut),
              (status = 403, description = "只有裁判长可以锁定", body = ErrorEnvelope),
              (status = 422, description = "尚有模块未签字或已锁定", body = ErrorEnvelope)))]
pub async fn lock(
    State(state): State<AppState>,
    ChiefTablet(chief): ChiefTablet,
) -> Result<Json<LockedOut>, ApiError> {
    let version = crate::lifecycle::chief::lock(&state.db, &state.live, &chief).await?;
    let ev = chief_event(&state.db, &chief).await?;
    Ok(Json(LockedOut {
        locked_at: ev.marks_locked_at,
        version: version.map(|v| v.number),
    }))
}

/// Approve (批准) or reject (驳回).
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChiefDecision {
    Approve,
    Reject,
}

/// The chief's decision on a correction.
#[derive(Deserialize, ToSchema)]
pub struct CorrectionDecisionBody {
    pub decision: ChiefDecision,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// A decided correction.
#[derive(Serialize, ToSchema)]
pub struct CorrectionOut {
    pub id: i32,
    pub status: entity::kinds::CorrectionStatus,
    pub decided_at: Option<DateTime<Utc>>,
}

/// Approves or rejects a judge's correction; an approved one changes the mark through the
/// audit chain and makes the next result version.
#[utoipa::path(post, path = "/api/v1/chief/corrections/{id}", tag = "chief",
    params(("id" = i32, Path, description = "correction id")),
    request_body = CorrectionDecisionBody,
    responses((status = 200, description = "成功", body = CorrectionOut),
              (status = 403, description = "只有裁判长可以决定", body = ErrorEnvelope),
              (status = 404, description = "不存在", body = ErrorEnvelope),
              (status = 422, description = "输入有误或已决定", body = ErrorEnvelope)))]
pub async fn decide_correction(
    State(state): State<AppState>,
    ChiefTablet(chief): ChiefTablet,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<CorrectionDecisionBody>,
) -> Result<Json<CorrectionOut>, ApiError> {
    let approve = matches!(body.decision, ChiefDecision::Approve);
    let decided = crate::lifecycle::chief::decide_correction(
        &state.db,
        &state.live,
        &chief,
        id,
        approve,
        body.note,
    )
    .await?;
    Ok(Json(CorrectionOut {
        id: decided.id,
        status: decided.status,
        decided_at: decided.decided_at,
    }))
}

/// The latest result version of the chief's event, and whether marks changed since.
#[derive(Serialize, ToSchema)]
pub struct ChiefResultsOut {
    pub sheet: Option<ResultSheet>,
    /// Marks changed after this version was computed: a newer one is due.
    pub stale: bool,
}

/// The latest result version of the chief judge's event (成绩签署).
#[utoipa::path(get, path = "/api/v1/chief/results", tag = "chief",
    responses((status = 200, description = "成功", body = ChiefResultsOut),
              (status = 403, description = "只有裁判长可以签署", body = ErrorEnvelope)))]
pub async fn results(
    State(state): State<AppState>,
    ChiefTablet(chief): ChiefTablet,
) -> Result<Json<ChiefResultsOut>, ApiError> {
    let ev = chief_event(&state.db, &chief).await?;
    let (sheet, stale) = match versions::latest(&state.db, ev.id).await? {
        Some(v) => (
            Some(export::sheet(&state.db, &ev, v.clone()).await?),
            !versions::is_current(&state.db, &ev, &v).await?,
        ),
        None => (None, false),
    };
    Ok(Json(ChiefResultsOut { sheet, stale }))
}

/// A signed result version.
#[derive(Serialize, ToSchema)]
pub struct SignedOut {
    pub number: i32,
    pub signed_at: Option<DateTime<Utc>>,
}

/// Signs a result version (the latest, computed from the marks as they stand).
#[utoipa::path(post, path = "/api/v1/chief/results/versions/{number}/sign", tag = "chief",
    params(("number" = i32, Path, description = "version number")),
    responses((status = 200, description = "成功", body = SignedOut),
              (status = 403, description = "只有裁判长可以签署", body = ErrorEnvelope),
              (status = 422, description = "不是最新版本或未锁定", body = ErrorEnvelope)))]
pub async fn sign_results(
    State(state): State<AppState>,
    ChiefTablet(chief): ChiefTablet,
    ApiPath(number): ApiPath<i32>,
) -> Result<Json<SignedOut>, ApiError> {
    let signed = versions::sign(&state.db, &chief, number).await?;
    Ok(Json(SignedOut {
        number: signed.number,
        signed_at: signed.signed_at,
    }))
}

/// Why an entrant marked 缺赛 may compete after all.
#[derive(Deserialize, ToSchema)]
pub struct UndoAbsenceBody {
    #[schema(min_length = 2, max_length = 2000)]
    pub reason: String,
}

/// An entrant brought back from 缺赛.
#[derive(Serialize, ToSchema)]
pub struct RestoredOut {
    #[schema(value_type = i32)]
    pub entrant_id: EntrantId,
    pub entry_no: i32,
}

/// Undoes a 缺赛 (the chief judge, with a reason): the entrant is checked in now and back on
/// the judges' lists, the matrix and the boards.
#[utoipa::path(post, path = "/api/v1/chief/entrants/{id}/absence/undo", tag = "chief",
    params(("id" = i32, Path, description = "entrant id")),
    request_body = UndoAbsenceBody,
    responses((status = 200, description = "成功", body = RestoredOut),
              (status = 403, description = "只有裁判长可以撤销缺赛", body = ErrorEnvelope),
              (status = 404, description = "不是本项目的选手", body = ErrorEnvelope),
              (status = 422, description = "未记为缺赛、缺少理由或已锁定", body = ErrorEnvelope)))]
pub async fn undo_absence(
    State(state): State<AppState>,
    ChiefTablet(chief): ChiefTablet,
    ApiPath(id): ApiPath<EntrantId>,
    ApiJson(body): ApiJson<UndoAbsenceBody>,
) -> Result<Json<RestoredOut>, ApiError> {
    let restored =
        crate::lifecycle::check_in::undo_absence(&state.db, &state.live, &chief, id, &body.reason)
            .await?;
    Ok(Json(RestoredOut {
        entrant_id: restored.id,
        entry_no: restored.entry_no,
    }))
}

/// 裁判一致性 during marking: per judge, the mean deviation from the other judges' median (in
/// percent of each aspect's scale, positive is more generous), scatter, marks beyond the
/// allowed spread and marks that stand alone; per aspect, how differently it is read.
#[utoipa::path(get, path = "/api/v1/chief/consistency", tag = "chief",
    responses((status = 200, description = "成功", body = crate::marking::consistency::ConsistencyReading),
              (status = 401, description = "平板未登录", body = ErrorEnvelope),
              (status = 403, description = "只有裁判长可以查看", body = ErrorEnvelope)))]
pub async fn consistency(
    State(state): State<AppState>,
    ChiefTablet(chief): ChiefTablet,
) -> Result<Json<crate::marking::consistency::ConsistencyReading>, ApiError> {
    let ev = chief_event(&state.db, &chief).await?;
    Ok(Json(
        crate::marking::consistency::of_event(&state.db, &ev).await?,
    ))
}
