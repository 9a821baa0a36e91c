//! 报名 by the sending units, 资格审核 and the public list of entrants.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath, ApiQuery};
use crate::registration::public::{self, PublicEvent};
use crate::registration::review::{self, UnitProgress, Which};
use crate::registration::setup::{self, Eligibility, Invitation};
use crate::registration::{self, EntryInput, EntryView, MemberInput, SubmitReport};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use entity::kinds::{EventGroup, RegistrationState};
use entity::{CompetitionId, EntrantId, EventId, OrganisationId, RegistrationEntryId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units, invite_unit))
        .routes(routes!(get_registration_window, set_registration_window))
        .routes(routes!(set_eligibility))
        .routes(routes!(list_entries, add_entry))
        .routes(routes!(update_entry, withdraw_entry))
        .routes(routes!(submit))
        .routes(routes!(accept_entry))
        .routes(routes!(accept_unit))
        .routes(routes!(return_entry))
        .routes(routes!(grant_exception))
        .routes(routes!(entrant_list))
        .routes(routes!(import_entries))
}

/// A 领队 imports the unit's list from the import template (with 职业资格等级 and 证书编号):
/// checked as a whole with the eligibility rules, all or nothing, every wrong cell named by
/// row and column; stored as drafts with `commit=true` when nothing is wrong.
#[utoipa::path(post, path = "/api/v1/competitions/{id}/registration/import", tag = "registration",
    params(("id" = i32, Path, description = "competition id"), super::entrants::ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = ".xlsx 或 .csv 文件（选手导入模板，单位列填本单位）"),
    responses((status = 200, description = "全部正确（commit=true 时已导入）", body = super::entrants::ImportOut),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "报名已截止", body = ErrorEnvelope),
              (status = 422, description = "有错误行，未导入任何数据", body = super::entrants::ImportOut)))]
pub async fn import_entries(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiQuery(query): ApiQuery<super::entrants::ImportQuery>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<super::entrants::ImportOut>), ApiError> {
    let table = crate::spreadsheet::read_table(&body)?;
    let report =
        registration::import::import(&state.db, &actor, id, &table, query.commit()).await?;
    Ok(super::entrants::import_answer(report))
}

/// Every invited unit's progress: 未开始, 填报中, 已提交, 已退回 or 已通过 (organisers).
#[utoipa::path(get, path = "/api/v1/competitions/{id}/registration/units", tag = "registration",
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "成功", body = Vec<UnitProgress>),
              (status = 403, description = "无权查看", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn list_units(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<Json<Vec<UnitProgress>>, ApiError> {
    Ok(Json(review::progress(&state.db, &actor, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct InviteBody {
    #[schema(minimum = 1)]
    pub organisation_id: OrganisationId,
    /// An existing 领队 account of that unit, or the user name of a new one.
    #[schema(min_length = 3, max_length = 32)]
    pub username: String,
    /// For a new account: the 领队's name.
    #[schema(max_length = 50)]
    pub display_name: Option<String>,
    /// For a new account: a first password (at least 10 characters).
    #[schema(max_length = 128)]
    pub password: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Invited {
    pub user_id: i32,
    pub username: String,
    /// Whether a new account was made (otherwise an existing one was named).
    pub created: bool,
}

/// Invites a unit to register: makes its 领队 account, or names an existing one of the unit.
#[utoipa::path(post, path = "/api/v1/competitions/{id}/registration/units", tag = "registration",
    params(("id" = i32, Path, description = "competition id")),
    request_body = InviteBody,
    responses((status = 201, description = "已邀请", body = Invited),
              (status = 403, description = "无权操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "已邀请", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn invite_unit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<InviteBody>,
) -> Result<(StatusCode, Json<Invited>), ApiError> {
    let (user, created) = setup::invite(
        &state.db,
        &actor,
        id,
        Invitation {
            organisation_id: body.organisation_id,
            username: body.username,
            display_name: body.display_name,
            password: body.password,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Invited {
            user_id: user.id.0,
            username: user.username,
            created,
        }),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct EventRules {
    #[schema(value_type = i32)]
    pub event_id: EventId,
    /// 数控车工（职工组）.
    pub event: String,
    #[schema(example = "staff")]
    pub group: EventGroup,
    pub team_size: i32,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub age_on: Option<NaiveDate>,
    pub quota_per_unit: Option<i32>,
    /// 5 (五级/初级工) … 1 (一级/高级技师): this level or a higher one.
    pub required_level: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct WindowDoc {
    /// When the units' window closes (none: when the competition leaves 报名中).
    pub closes_at: Option<DateTime<Utc>>,
    /// Whether units may change their lists now.
    pub open: bool,
    pub allow_multiple_events: bool,
    pub events: Vec<EventRules>,
}

/// The registration window and each event's eligibility rules (organisers and invited units).
#[utoipa::path(get, path = "/api/v1/competitions/{id}/registration/window", tag = "registration",
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "成功", body = WindowDoc),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn get_registration_window(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<Json<WindowDoc>, ApiError> {
    let o = setup::overview(&state.db, &actor, id).await?;
    Ok(Json(WindowDoc {
        closes_at: o.closes_at,
        open: o.open,
        allow_multiple_events: o.competition.allow_multiple_events,
        events: o
            .events
            .into_iter()
            .map(|(e, r)| EventRules {
                event_id: e.id,
                event: crate::competitions::events::title(&e),
                group: e.group,
                team_size: e.team_size,
                min_age: r.as_ref().and_then(|r| r.min_age),
                max_age: r.as_ref().and_then(|r| r.max_age),
                age_on: r.as_ref().and_then(|r| r.age_on),
                quota_per_unit: r.as_ref().and_then(|r| r.quota_per_unit),
                required_level: r.as_ref().and_then(|r| r.required_level),
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct WindowBody {
    /// When the units' window closes.
    pub closes_at: DateTime<Utc>,
}

/// Sets when the units' window closes (organisers).
#[utoipa::path(put, path = "/api/v1/competitions/{id}/registration/window", tag = "registration",
    params(("id" = i32, Path, description = "competition id")),
    request_body = WindowBody,
    responses((status = 204, description = "已保存"),
              (status = 403, description = "无权操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn set_registration_window(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<WindowBody>,
) -> Result<StatusCode, ApiError> {
    setup::set_window(&state.db, &actor, id, body.closes_at).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct EligibilityBody {
    #[schema(minimum = 14, maximum = 80)]
    pub min_age: Option<i32>,
    #[schema(minimum = 14, maximum = 80)]
    pub max_age: Option<i32>,
    /// The date ages are counted on; required with an age rule.
    pub age_on: Option<NaiveDate>,
    #[schema(minimum = 1, maximum = 1000)]
    pub quota_per_unit: Option<i32>,
    /// 5 (五级/初级工) … 1 (一级/高级技师).
    #[schema(minimum = 1, maximum = 5)]
    pub required_level: Option<i32>,
}

/// Sets an event's eligibility rules (organisers); a rule left out does not apply.
#[utoipa::path(put, path = "/api/v1/events/{id}/eligibility", tag = "registration",
    params(("id" = i32, Path, description = "event id")),
    request_body = EligibilityBody,
    responses((status = 204, description = "已保存"),
              (status = 403, description = "无权操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn set_eligibility(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<EventId>,
    ApiJson(body): ApiJson<EligibilityBody>,
) -> Result<StatusCode, ApiError> {
    setup::set_eligibility(
        &state.db,
        &actor,
        id,
        Eligibility {
            min_age: body.min_age,
            max_age: body.max_age,
            age_on: body.age_on,
            quota_per_unit: body.quota_per_unit,
            required_level: body.required_level,
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct EntryMember {
    pub name: String,
    pub sex: String,
    /// Masked: 330702********1234.
    pub id_number: String,
    /// Masked: 138****5678.
    pub phone: Option<String>,
    pub qualification_level: Option<i32>,
    pub qualification_no: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EntryOut {
    #[schema(value_type = i32)]
    pub id: RegistrationEntryId,
    #[schema(value_type = i32)]
    pub event_id: EventId,
    pub event: String,
    #[schema(value_type = i32)]
    pub organisation_id: OrganisationId,
    pub organisation: String,
    pub team_name: Option<String>,
    #[schema(example = "staff")]
    pub declared_group: EventGroup,
    #[schema(example = "draft")]
    pub state: RegistrationState,
    /// Why the organiser returned it.
    pub return_reason: Option<String>,
    /// The organiser's exception to the eligibility rules.
    pub exception_reason: Option<String>,
    /// The entrant it became when accepted.
    #[schema(value_type = Option<i32>)]
    pub entrant_id: Option<EntrantId>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub members: Vec<EntryMember>,
}

impl From<EntryView> for EntryOut {
    fn from(v: EntryView) -> Self {
        EntryOut {
            id: v.entry.id,
            event_id: v.entry.event_id,
            event: v.event,
            organisation_id: v.entry.organisation_id,
            organisation: v.organisation,
            team_name: v.entry.team_name,
            declared_group: v.entry.declared_group,
            state: v.entry.state,
            return_reason: v.entry.return_reason,
            exception_reason: v.entry.exception_reason,
            entrant_id: v.entry.entrant_id,
            submitted_at: v.entry.submitted_at,
            members: v
                .members
                .into_iter()
                .map(|m| EntryMember {
                    name: m.name,
                    sex: m.sex.to_owned(),
                    id_number: m.id_masked,
                    phone: m.phone_masked,
                    qualification_level: m.qualification_level,
                    qualification_no: m.qualification_no,
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// Organisers: one unit's entries only (a 领队 always sees its own unit's).
    pub organisation_id: Option<OrganisationId>,
}

/// A unit's entries: a 领队 sees its own unit's only; organisers see every unit's or one.
#[utoipa::path(get, path = "/api/v1/competitions/{id}/registration/entries", tag = "registration",
    params(("id" = i32, Path, description = "competition id"), UnitQuery),
    responses((status = 200, description = "成功", body = Vec<EntryOut>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn list_entries(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiQuery(query): ApiQuery<UnitQuery>,
) -> Result<Json<Vec<EntryOut>>, ApiError> {
    let all = registration::list_entries(&state.db, &actor, id, query.organisation_id).await?;
    Ok(Json(all.into_iter().map(EntryOut::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct MemberBody {
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    /// 男 or 女.
    #[schema(max_length = 6)]
    pub sex: String,
    #[schema(min_length = 18, max_length = 18, pattern = "^[0-9]{17}[0-9Xx]$")]
    pub id_number: String,
    #[schema(max_length = 11, pattern = "^(1[0-9]{10})?$")]
    pub phone: Option<String>,
    /// 职业资格（技能等级） held: 5 (五级/初级工) … 1 (一级/高级技师).
    #[schema(minimum = 1, maximum = 5)]
    pub qualification_level: Option<i32>,
    /// 证书编号.
    #[schema(max_length = 50)]
    pub qualification_no: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct EntryBody {
    #[schema(minimum = 1)]
    pub event_id: EventId,
    /// Organisers name the unit; a 领队's own unit is implied.
    pub organisation_id: Option<OrganisationId>,
    #[schema(max_length = 50)]
    pub team_name: Option<String>,
    /// The group declared for the people: `staff` (职工组), `student` (学生组), `teacher` (教师组).
    #[schema(example = "staff")]
    pub declared_group: EventGroup,
    /// One member for individual events; `team_size` for team events.
    pub members: Vec<MemberBody>,
    /// Organisers, after the window closed: why the list changes.
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
    /// Organisers: an exception to the event's eligibility rules, with its reason.
    #[schema(max_length = 2000)]
    pub exception_reason: Option<String>,
}

impl From<EntryBody> for EntryInput {
    fn from(b: EntryBody) -> Self {
        EntryInput {
            event_id: b.event_id,
            organisation_id: b.organisation_id,
            team_name: b.team_name,
            declared_group: b.declared_group,
            members: b
                .members
                .into_iter()
                .map(|m| MemberInput {
                    name: m.name,
                    sex: m.sex,
                    id_number: m.id_number,
                    phone: m.phone,
                    qualification_level: m.qualification_level,
                    qualification_no: m.qualification_no,
                })
                .collect(),
            reason: b.reason,
            exception_reason: b.exception_reason,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EntryCreated {
    #[schema(value_type = i32)]
    pub id: RegistrationEntryId,
    #[schema(example = "draft")]
    pub state: RegistrationState,
}

/// Enters a person (or a team) on a unit's list; refused with the rule it breaks.
#[utoipa::path(post, path = "/api/v1/competitions/{id}/registration/entries", tag = "registration",
    params(("id" = i32, Path, description = "competition id")),
    request_body = EntryBody,
    responses((status = 201, description = "已添加", body = EntryCreated),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "报名已截止", body = ErrorEnvelope),
              (status = 422, description = "输入有误或不符合报名条件", body = ErrorEnvelope)))]
pub async fn add_entry(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<(StatusCode, Json<EntryCreated>), ApiError> {
    let e = registration::add_entry(&state.db, &actor, id, body.into()).await?;
    Ok((
        StatusCode::CREATED,
        Json(EntryCreated {
            id: e.id,
            state: e.state,
        }),
    ))
}

/// Changes an entry not yet accepted; it goes back to the unit's draft.
#[utoipa::path(put, path = "/api/v1/registration/entries/{id}", tag = "registration",
    params(("id" = i32, Path, description = "registration entry id")),
    request_body = EntryBody,
    responses((status = 200, description = "已保存", body = EntryCreated),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "报名已截止或已通过审核", body = ErrorEnvelope),
              (status = 422, description = "输入有误或不符合报名条件", body = ErrorEnvelope)))]
pub async fn update_entry(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<RegistrationEntryId>,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<Json<EntryCreated>, ApiError> {
    let e = registration::update_entry(&state.db, &actor, id, body.into()).await?;
    Ok(Json(EntryCreated {
        id: e.id,
        state: e.state,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReasonQuery {
    /// Organisers, after the window closed: why.
    #[param(max_length = 2000)]
    pub reason: Option<String>,
}

/// Withdraws an entry (an accepted one's entrant goes too): a unit while the window is open,
/// organisers later with a reason.
#[utoipa::path(delete, path = "/api/v1/registration/entries/{id}", tag = "registration",
    params(("id" = i32, Path, description = "registration entry id"), ReasonQuery),
    responses((status = 204, description = "已撤回"),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "报名已截止", body = ErrorEnvelope),
              (status = 422, description = "须填写原因", body = ErrorEnvelope)))]
pub async fn withdraw_entry(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<RegistrationEntryId>,
    ApiQuery(query): ApiQuery<ReasonQuery>,
) -> Result<StatusCode, ApiError> {
    registration::withdraw_entry(&state.db, &actor, id, query.reason.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 提交报名: the unit's list goes to the organiser once every entry passes the rules again;
/// otherwise nothing is submitted and each problem is listed (422).
#[utoipa::path(post, path = "/api/v1/competitions/{id}/registration/submit", tag = "registration",
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "已提交", body = SubmitReport),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "报名已截止", body = ErrorEnvelope),
              (status = 422, description = "有选手不符合报名条件，未提交", body = SubmitReport)))]
pub async fn submit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<(StatusCode, Json<SubmitReport>), ApiError> {
    let report = registration::submit(&state.db, &actor, id).await?;
    let status = if report.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(report)))
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// Entries accepted (each is now an entrant with an entry number).
    pub accepted: usize,
}

/// Accepts one submitted entry: it becomes an entrant of its event (organisers).
#[utoipa::path(post, path = "/api/v1/registration/entries/{id}/accept", tag = "registration",
    params(("id" = i32, Path, description = "registration entry id")),
    responses((status = 200, description = "已通过", body = Accepted),
              (status = 403, description = "无权操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "未提交或比赛已开始", body = ErrorEnvelope)))]
pub async fn accept_entry(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<RegistrationEntryId>,
) -> Result<Json<Accepted>, ApiError> {
    let (comp, _, _) = registration::visible_entry(&state.db, &actor, id).await?;
    let accepted = review::accept(&state.db, &actor, comp.id, Which::Entry(id)).await?;
    Ok(Json(Accepted { accepted }))
}

#[derive(Deserialize, ToSchema)]
pub struct UnitBody {
    #[schema(minimum = 1)]
    pub organisation_id: OrganisationId,
}

/// Accepts every submitted entry of a unit (organisers).
#[utoipa::path(post, path = "/api/v1/competitions/{id}/registration/accept", tag = "registration",
    params(("id" = i32, Path, description = "competition id")),
    request_body = UnitBody,
    responses((status = 200, description = "已通过", body = Accepted),
              (status = 403, description = "无权操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "没有待审核的报名", body = ErrorEnvelope)))]
pub async fn accept_unit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<UnitBody>,
) -> Result<Json<Accepted>, ApiError> {
    let accepted = review::accept(&state.db, &actor, id, Which::Unit(body.organisation_id)).await?;
    Ok(Json(Accepted { accepted }))
}

#[derive(Deserialize, ToSchema)]
pub struct ReasonBody {
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Returns a submitted entry to its unit with a reason (organisers).
#[utoipa::path(post, path = "/api/v1/registration/entries/{id}/return", tag = "registration",
    params(("id" = i32, Path, description = "registration entry id")),
    request_body = ReasonBody,
    responses((status = 200, description = "已退回", body = EntryCreated),
              (status = 403, description = "无权操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "未提交", body = ErrorEnvelope),
              (status = 422, description = "须写明原因", body = ErrorEnvelope)))]
pub async fn return_entry(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<RegistrationEntryId>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<EntryCreated>, ApiError> {
    let e = review::return_entry(&state.db, &actor, id, &body.reason).await?;
    Ok(Json(EntryCreated {
        id: e.id,
        state: e.state,
    }))
}

/// Grants an entry an exception to its event's eligibility rules, with a reason (organisers).
#[utoipa::path(post, path = "/api/v1/registration/entries/{id}/exception", tag = "registration",
    params(("id" = i32, Path, description = "registration entry id")),
    request_body = ReasonBody,
    responses((status = 200, description = "已准予例外", body = EntryCreated),
              (status = 403, description = "无权操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "须写明原因", body = ErrorEnvelope)))]
pub async fn grant_exception(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<RegistrationEntryId>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<EntryCreated>, ApiError> {
    let e = review::grant_exception(&state.db, &actor, id, &body.reason).await?;
    Ok(Json(EntryCreated {
        id: e.id,
        state: e.state,
    }))
}

/// 参赛名单公示: accepted entrants by event and unit, names and units only (public, from 报名中).
#[utoipa::path(get, path = "/api/v1/competitions/{id}/entrant-list", tag = "registration",
    security(()),
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "成功", body = Vec<PublicEvent>),
              (status = 404, description = "不存在或尚未开始报名", body = ErrorEnvelope)))]
pub async fn entrant_list(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<Json<Vec<PublicEvent>>, ApiError> {
    let (_, list) = public::public_list(&state.db, id).await?;
    Ok(Json(list))
}
