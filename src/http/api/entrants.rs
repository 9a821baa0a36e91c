use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorBody, ErrorEnvelope};
use super::{ApiJson, ApiPath, ApiQuery};
use crate::entrants::draw::{self, Lot};
use crate::entrants::import::{self, ImportReport};
use crate::entrants::{self, NewEntrant, NewMember};
use crate::spreadsheet::read_table;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use entity::EntrantId;
use entity::kinds::EntrantStatus;
use entity::{CompetitionId, EventId, OrganisationId};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_entrants, add_entrant))
        .routes(routes!(change_status))
        .routes(routes!(remove_entrant))
        .routes(routes!(import_entrants))
        .routes(routes!(draw_event, find_draw))
        .routes(routes!(set_second_draw))
        .routes(routes!(unblind))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Member {
    name: String,
    sex: String,
    /// Masked: 330702********1234.
    id_number: String,
    /// Masked: 138****5678.
    phone: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EntrantOut {
    #[schema(value_type = i32)]
    id: EntrantId,
    entry_no: i32,
    organisation_id: OrganisationId,
    organisation: String,
    team_name: Option<String>,
    #[schema(example = "active")]
    status: EntrantStatus,
    status_reason: Option<String>,
    station: Option<i32>,
    blind_code: Option<String>,
    members: Vec<Member>,
}

impl From<entrants::EntrantView> for EntrantOut {
    fn from(v: entrants::EntrantView) -> Self {
        EntrantOut {
            id: v.entrant.id,
            entry_no: v.entrant.entry_no,
            organisation_id: v.entrant.organisation_id,
            organisation: v.organisation,
            team_name: v.entrant.team_name,
            status: v.entrant.status,
            status_reason: v.entrant.status_reason,
            station: v.entrant.station,
            blind_code: v.entrant.blind_code,
            members: v
                .members
                .into_iter()
                .map(|m| Member {
                    name: m.name,
                    sex: m.sex.to_owned(),
                    id_number: m.id_masked,
                    phone: m.phone_masked,
                })
                .collect(),
        }
    }
}

/// An event's entrants, ID numbers masked.
#[utoipa::path(get, path = "/api/v1/events/{id}/entrants", tag = "entrants",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = Vec<EntrantOut>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn list_entrants(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<Vec<EntrantOut>>, ApiError> {
    let all = entrants::list_entrants(&state.db, &actor, id).await?;
    Ok(Json(all.into_iter().map(EntrantOut::from).collect()))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewMemberIn {
    #[schema(min_length = 1, max_length = 50)]
    name: String,
    /// 男 or 女.
    #[schema(pattern = "^(男|女|male|female|M|F|m|f)$", max_length = 6)]
    sex: String,
    #[schema(min_length = 18, max_length = 18, pattern = "^[0-9]{17}[0-9Xx]$")]
    id_number: String,
    #[schema(max_length = 11, pattern = "^(1[0-9]{10})?$")]
    phone: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewEntrantIn {
    organisation_id: OrganisationId,
    #[schema(max_length = 50)]
    team_name: Option<String>,
    /// One member for individual events; `team_size` for team events.
    members: Vec<NewMemberIn>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    #[schema(value_type = i32)]
    id: EntrantId,
    entry_no: i32,
}

/// Enters one entrant (a person or a team) by hand.
#[utoipa::path(post, path = "/api/v1/events/{id}/entrants", tag = "entrants",
    params(("id" = i32, Path, description = "event id")),
    request_body = NewEntrantIn,
    responses((status = 201, description = "已创建", body = Created),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "与已有数据冲突", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn add_entrant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<NewEntrantIn>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let created = entrants::add_entrant(
        &state.db,
        &actor,
        id,
        NewEntrant {
            organisation_id: body.organisation_id,
            team_name: body.team_name,
            members: body
                .members
                .into_iter()
                .map(|m| NewMember {
                    name: m.name,
                    sex: m.sex,
                    id_number: m.id_number,
                    phone: m.phone,
                })
                .collect(),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: created.id,
            entry_no: created.entry_no,
        }),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct StatusChange {
    /// `withdrawn` (退赛) or `disqualified` (取消资格).
    #[schema(example = "withdrawn")]
    status: EntrantStatus,
    #[schema(min_length = 1, max_length = 2000)]
    reason: String,
}

/// Withdraws or disqualifies an entrant, with a reason. Entrants are never deleted once the
/// event runs.
#[utoipa::path(post, path = "/api/v1/entrants/{id}/status", tag = "entrants",
    params(("id" = i32, Path, description = "entrant id")),
    request_body = StatusChange,
    responses((status = 204, description = "已完成"),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn change_status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EntrantId>,
    ApiJson(body): ApiJson<StatusChange>,
) -> Result<StatusCode, ApiError> {
    entrants::change_status(&state.db, &actor, id, body.status, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes an entrant entered by mistake, while registration is open.
#[utoipa::path(delete, path = "/api/v1/entrants/{id}", tag = "entrants",
    params(("id" = i32, Path, description = "entrant id")),
    responses((status = 204, description = "已完成"),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn remove_entrant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EntrantId>,
) -> Result<StatusCode, ApiError> {
    entrants::remove_entrant(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Store the rows (when every row is right); otherwise only check and preview.
    #[serde(default)]
    commit: bool,
}

impl ImportQuery {
    pub fn commit(&self) -> bool {
        self.commit
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportOut {
    /// Present when any row is wrong: then nothing was stored.
    error: Option<ErrorBody>,
    #[serde(flatten)]
    report: ImportReport,
}

/// Imports entrants from an .xlsx or .csv file sent as the request body. All or nothing: with
/// one wrong row nothing is stored, and every wrong row is listed with its row and column.
#[utoipa::path(post, path = "/api/v1/competitions/{id}/entrants/import", tag = "entrants",
    params(("id" = i32, Path, description = "competition id"), ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = ".xlsx 或 .csv 文件（表头：姓名、性别、身份证号、单位、项目、组别、手机号、队名）"),
    responses((status = 200, description = "全部正确（commit=true 时已导入）", body = ImportOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "有错误行，未导入任何数据", body = ImportOut)))]
pub async fn import_entrants(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<ImportOut>), ApiError> {
    let table = read_table(&body)?;
    let checked = import::check(&state.db, &actor, id, &table).await?;
    let report = if query.commit {
        checked.commit(&state.db, &actor).await?
    } else {
        checked.report
    };
    Ok(import_answer(report))
}

pub(crate) fn import_answer(report: ImportReport) -> (StatusCode, Json<ImportOut>) {
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let error = super::files::rows_error(&report.errors);
    (status, Json(ImportOut { error, report }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct DrawIn {
    /// Any text; the same seed gives the same draw. Made at random when absent.
    #[schema(max_length = 64)]
    seed: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DrawOut {
    /// Empty when the draw is sealed (二次加密).
    seed: String,
    /// Empty when the draw is sealed (二次加密).
    lots: Vec<Lot>,
    /// 二次加密: blind codes were drawn and sealed until the 解密 after the lock; stations come
    /// from the hall's draw at check-in.
    sealed: bool,
    /// How many entrants were drawn.
    entrants: usize,
}

/// Draws stations and blind codes for an event's entrants (under 二次加密: blind codes only,
/// sealed, and a given seed is refused).
#[utoipa::path(post, path = "/api/v1/events/{id}/draw", tag = "entrants",
    params(("id" = i32, Path, description = "event id")),
    request_body = DrawIn,
    responses((status = 200, description = "成功", body = DrawOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn draw_event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<DrawIn>,
) -> Result<Json<DrawOut>, ApiError> {
    let drawn = draw::draw(&state.db, &actor, id, body.seed).await?;
    Ok(Json(DrawOut {
        seed: drawn.seed.unwrap_or_default(),
        lots: drawn.lots,
        sealed: drawn.sealed,
        entrants: drawn.entrants,
    }))
}

/// Who has which station and blind code: organisers only until results are published.
#[utoipa::path(get, path = "/api/v1/events/{id}/draw", tag = "entrants",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功", body = DrawOut),
              (status = 403, description = "无权执行此操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn find_draw(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<DrawOut>, ApiError> {
    let (ev, lots) = draw::draw_table(&state.db, &actor, id).await?;
    Ok(Json(DrawOut {
        seed: ev.draw_seed.unwrap_or_default(),
        entrants: lots.len(),
        sealed: false,
        lots,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SecondDrawIn {
    /// Turn 二次加密 on (true) or off (false).
    enabled: bool,
    /// The hall seed for the stations drawn at check-in; made at random when absent. Recorded
    /// by its SHA-256 and shown at the 解密 after the lock.
    #[schema(max_length = 64)]
    seed: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SecondDrawOut {
    enabled: bool,
    /// SHA-256 (hex) of the hall seed, to check against the seed the 解密 shows.
    hall_seed_sha256: Option<String>,
}

/// Turns 二次加密 on or off, before check-in and marking. The draw is cleared either way and
/// must be made again (sealed when on).
#[utoipa::path(post, path = "/api/v1/events/{id}/second-draw", tag = "entrants",
    params(("id" = i32, Path, description = "event id")),
    request_body = SecondDrawIn,
    responses((status = 200, description = "成功", body = SecondDrawOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "检录或评分已开始", body = ErrorEnvelope)))]
pub async fn set_second_draw(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<SecondDrawIn>,
) -> Result<Json<SecondDrawOut>, ApiError> {
    let ev = draw::set_second_draw(&state.db, &actor, id, body.enabled, body.seed).await?;
    Ok(Json(SecondDrawOut {
        enabled: ev.second_draw_seed.is_some(),
        hall_seed_sha256: ev.second_draw_seed.as_deref().map(draw::seed_hash),
    }))
}

/// 解密 under 二次加密: blind code → station → entrant, with both seeds and every look so far.
/// Only after the lock; each call is recorded in the audit trail (who and when), this one too.
#[utoipa::path(get, path = "/api/v1/events/{id}/unblinding", tag = "entrants",
    params(("id" = i32, Path, description = "event id")),
    responses((status = 200, description = "成功（本次查看已记录）", body = crate::entrants::unblinding::Unblinding),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "未启用二次加密或尚未锁定评分", body = ErrorEnvelope)))]
pub async fn unblind(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
) -> Result<Json<crate::entrants::unblinding::Unblinding>, ApiError> {
    Ok(Json(
        crate::entrants::unblinding::unblind(&state.db, &actor, id).await?,
    ))
}
