//! Appeals, objections and arbitration; the publicity window and the public list; accounts
//! named for one competition (team leaders, arbitrators).

use super::super::auth::ApiActor;
use super::super::client::ClientAddr;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath};
use crate::competitions::roles::{self, NewMember};
use crate::results::access::{CaseViewer, sees_contact, sees_explanation};
use crate::results::cases::{self, CaseCorrection, Decision, NewCase};
use crate::results::publicity::{self, PublicList, Window};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use entity::CompetitionId;
use entity::EventId;
use entity::OrganisationId;
use entity::UserId;
use entity::kinds::{CaseKind, Role};
use entity::{EntrantId, appeal_case, competition};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_cases, file_case))
        .routes(routes!(find_case))
        .routes(routes!(decide_case))
        .routes(routes!(public_list))
        .routes(routes!(file_objection))
        .routes(routes!(get_window, set_window))
        .routes(routes!(add_member))
}

/// A case as its viewer may see it: the telephone number only for the organiser and the
/// arbitration group, the score explanation only for the arbitration group.
#[derive(Serialize, ToSchema)]
pub struct CaseDoc {
    pub id: i32,
    /// e.g. `2026-3-007`.
    pub number: String,
    #[schema(example = "on_site")]
    pub kind: CaseKind,
    #[schema(example = "online")]
    pub channel: entity::kinds::CaseChannel,
    pub event_id: EventId,
    pub entrant_id: Option<EntrantId>,
    pub filer_name: String,
    pub filer_organisation: String,
    pub filer_phone: Option<String>,
    pub claim: String,
    pub filed_at: DateTime<Utc>,
    #[schema(example = "open")]
    pub status: entity::kinds::CaseStatus,
    pub members: Option<String>,
    pub hearing_at: Option<DateTime<Utc>>,
    pub reasons: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The result version an upheld case's corrections made.
    pub result_version: Option<i32>,
    /// The entrant's score breakdown, judges by panel letter (arbitration group only).
    pub explanation: Vec<String>,
    /// The cells a decision may correct, named as the decision names them (arbitration group
    /// only).
    pub cells: Vec<CaseCellOut>,
}

/// One mark of the case's entrant: the aspect, the panel and the judge's letter, the mark.
#[derive(Serialize, ToSchema)]
pub struct CaseCellOut {
    pub aspect: String,
    pub panel: String,
    pub judge: String,
    pub label: String,
    pub current: Option<String>,
}

fn doc(
    comp: &competition::Model,
    viewer: CaseViewer,
    c: appeal_case::Model,
    explanation: Vec<String>,
    cells: Vec<cases::Correctable>,
) -> CaseDoc {
    CaseDoc {
        id: c.id,
        number: cases::case_number(comp, &c),
        kind: c.kind,
        channel: c.channel,
        event_id: c.event_id,
        entrant_id: c.entrant_id,
        filer_name: c.filer_name,
        filer_organisation: c.filer_organisation,
        filer_phone: c.filer_phone.filter(|_| sees_contact(viewer)),
        claim: c.claim,
        filed_at: c.filed_at,
        status: c.status,
        members: c.members,
        hearing_at: c.hearing_at,
        reasons: c.reasons,
        decided_at: c.decided_at,
        result_version: c.result_version,
        explanation,
        cells: cells
            .into_iter()
            .map(|c| CaseCellOut {
                aspect: c.aspect_code,
                panel: c.panel,
                judge: c.letter.to_string(),
                label: c.label,
                current: c.current.map(|v| v.normalize().to_string()),
            })
            .collect(),
    }
}

/// The cases of a competition the caller may see: all for its organisers and arbitration
/// group, its own organisation's for a team leader.
#[utoipa::path(get, path = "/api/v1/competitions/{id}/cases", tag = "cases",
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "成功", body = Vec<CaseDoc>),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn list_cases(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<Json<Vec<CaseDoc>>, ApiError> {
    let (comp, viewer, list) = cases::list(&state.db, &actor, id).await?;
    Ok(Json(
        list.into_iter()
            .map(|c| doc(&comp, viewer, c, Vec::new(), Vec::new()))
            .collect(),
    ))
}

/// A new case: a team leader's on-site appeal (kind `on_site`, for its own organisation's
/// entrant), or the organiser's record of a paper case of either kind.
#[derive(Deserialize, ToSchema)]
pub struct NewCaseBody {
    #[schema(example = "on_site")]
    pub kind: CaseKind,
    #[schema(minimum = 1)]
    pub event_id: EventId,
    pub entrant_id: Option<EntrantId>,
    #[schema(min_length = 5, max_length = 2000)]
    pub claim: String,
    /// Paper cases: who filed it, their organisation and telephone number, and when it was
    /// received.
    #[serde(default)]
    #[schema(max_length = 30)]
    pub filer_name: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub filer_organisation: String,
    #[schema(max_length = 11, pattern = "^(1[0-9]{10})?$")]
    pub filer_phone: Option<String>,
    /// The organisation whose team leader filed a paper appeal, so that it sees the decision.
    #[schema(minimum = 1)]
    pub filer_organisation_id: Option<entity::OrganisationId>,
    pub received_at: Option<DateTime<Utc>>,
}

#[utoipa::path(post, path = "/api/v1/competitions/{id}/cases", tag = "cases",
    params(("id" = i32, Path, description = "competition id")),
    request_body = NewCaseBody,
    responses((status = 201, description = "已受理", body = CaseDoc),
              (status = 403, description = "无权提出", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误或超出时限", body = ErrorEnvelope)))]
pub async fn file_case(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<NewCaseBody>,
) -> Result<(StatusCode, Json<CaseDoc>), ApiError> {
    let new = NewCase {
        kind: body.kind,
        event_id: body.event_id,
        entrant_id: body.entrant_id,
        filer_name: body.filer_name,
        filer_organisation: body.filer_organisation,
        filer_phone: body.filer_phone,
        claim: body.claim,
        received_at: body.received_at,
    };
    let case = if actor.role == Role::TeamLeader {
        if body.kind != CaseKind::OnSite {
            return Err(crate::AppError::invalid("kind", "领队提出的是赛场申诉（on_site）").into());
        }
        cases::file_appeal(&state.db, &actor, id, new).await?
    } else {
        cases::record_paper(&state.db, &actor, id, new, body.filer_organisation_id).await?
    };
    let (comp, viewer, case) = cases::find(&state.db, &actor, case.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(doc(&comp, viewer, case, Vec::new(), Vec::new())),
    ))
}

/// One case; the arbitration group also gets the entrant's score explanation.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = i32, Path, description = "case id")),
    responses((status = 200, description = "成功", body = CaseDoc),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn find_case(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<CaseDoc>, ApiError> {
    let (comp, viewer, case) = cases::find(&state.db, &actor, id).await?;
    let (explanation, cells) = if sees_explanation(viewer) {
        (
            cases::explanation(&state.db, &case).await?,
            cases::correctable(&state.db, &case).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Json(doc(&comp, viewer, case, explanation, cells)))
}

/// One mark an upheld case corrects, for the case's entrant, named as the case document's
/// `cells` name it: the aspect's code, the panel and the judge's letter.
#[derive(Deserialize, ToSchema)]
pub struct CorrectionBody {
    #[schema(example = "A1", max_length = 20)]
    pub aspect: String,
    #[schema(example = "A", max_length = 20)]
    pub panel: String,
    #[schema(example = "B", max_length = 8)]
    pub judge: String,
    #[schema(value_type = String, example = "8.5")]
    #[schema(pattern = "^[0-9]+(\\.[0-9]{1,4})?$", max_length = 24)]
    pub value: Decimal,
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionBody {
    /// `true`: 申诉成立; `false`: 申诉不成立.
    pub upheld: bool,
    #[schema(min_length = 2, max_length = 200)]
    pub members: String,
    pub hearing_at: Option<DateTime<Utc>>,
    #[schema(min_length = 5, max_length = 2000)]
    pub reasons: String,
    #[serde(default)]
    pub corrections: Vec<CorrectionBody>,
}

/// The arbitration group's decision. An upheld case's corrections change the marks through
/// the audit chain (with the case number) and make a new result version.
#[utoipa::path(post, path = "/api/v1/cases/{id}/decision", tag = "cases",
    params(("id" = i32, Path, description = "case id")),
    request_body = DecisionBody,
    responses((status = 200, description = "成功", body = CaseDoc),
              (status = 403, description = "只有仲裁组可以裁决", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "已裁决", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn decide_case(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<CaseDoc>, ApiError> {
    let (_, _, found) = cases::find(&state.db, &actor, id).await?;
    let cells = cases::correctable(&state.db, &found).await?;
    let mut corrections = Vec::with_capacity(body.corrections.len());
    for (i, c) in body.corrections.into_iter().enumerate() {
        let field = format!("corrections[{i}]");
        let (aspect_id, judge_id) =
            cases::cell_named(&cells, &c.aspect, &c.panel, &c.judge, &field)?;
        corrections.push(CaseCorrection {
            aspect_id,
            judge_id,
            value: c.value,
        });
    }
    let decision = Decision {
        upheld: body.upheld,
        members: body.members,
        hearing_at: body.hearing_at,
        reasons: body.reasons,
        corrections,
    };
    let case =
        crate::lifecycle::cases::decide(&state.db, &state.live, &actor, id, decision).await?;
    let (comp, viewer, case) = cases::find(&state.db, &actor, case.id).await?;
    Ok(Json(doc(&comp, viewer, case, Vec::new(), Vec::new())))
}

/// The proposed awards (拟获奖名单) of a competition in publicity or final: public, nothing
/// personal beyond names and organisations.
#[utoipa::path(get, path = "/api/v1/competitions/{id}/publicity", tag = "cases",
    security(()),
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "成功", body = PublicList),
              (status = 404, description = "不存在或未在公示", body = ErrorEnvelope)))]
pub async fn public_list(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<Json<PublicList>, ApiError> {
    Ok(Json(publicity::public_list(&state.db, id).await?))
}

/// An objection during publicity, by anyone under their real name.
#[derive(Deserialize, ToSchema)]
pub struct ObjectionBody {
    #[schema(minimum = 1)]
    pub event_id: EventId,
    pub entrant_id: Option<EntrantId>,
    #[schema(min_length = 2, max_length = 30)]
    pub name: String,
    #[schema(min_length = 11, max_length = 11, pattern = "^1[0-9]{10}$")]
    pub phone: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub organisation: String,
    #[schema(min_length = 5, max_length = 2000)]
    pub claim: String,
}

#[derive(Serialize, ToSchema)]
pub struct Received {
    /// The case number to quote.
    pub number: String,
}

#[utoipa::path(post, path = "/api/v1/competitions/{id}/objections", tag = "cases",
    security(()),
    params(("id" = i32, Path, description = "competition id")),
    request_body = ObjectionBody,
    responses((status = 201, description = "已受理", body = Received),
              (status = 404, description = "不存在或未在公示", body = ErrorEnvelope),
              (status = 422, description = "输入有误或不在公示期内", body = ErrorEnvelope),
              (status = 429, description = "同一地址提交过多，请稍后再试", body = ErrorEnvelope)))]
pub async fn file_objection(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<ObjectionBody>,
) -> Result<(StatusCode, Json<Received>), ApiError> {
    let case = cases::file_objection(
        &state.db,
        from,
        id,
        NewCase {
            kind: CaseKind::Objection,
            event_id: body.event_id,
            entrant_id: body.entrant_id,
            filer_name: body.name,
            filer_organisation: body.organisation,
            filer_phone: Some(body.phone),
            claim: body.claim,
            received_at: None,
        },
    )
    .await?;
    let number = cases::number_of(&state.db, &case).await?;
    Ok((StatusCode::CREATED, Json(Received { number })))
}

#[derive(Deserialize, ToSchema)]
pub struct WindowBody {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The department and telephone number that take objections.
    #[schema(min_length = 2, max_length = 200)]
    pub contact: String,
    /// Hours after an event ends in which a team leader may appeal (1–72; default 2).
    #[serde(default = "two")]
    #[schema(minimum = 1, maximum = 72)]
    pub appeal_hours: i32,
    /// Required when the administrator shortens or moves a window already public; shown on the
    /// public page.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
}

fn two() -> i32 {
    2
}

#[derive(Serialize, ToSchema)]
pub struct WindowDoc {
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub contact: Option<String>,
    pub appeal_hours: i32,
}

impl WindowDoc {
    fn of(c: &competition::Model) -> Self {
        WindowDoc {
            starts_at: c.publicity_starts_at,
            ends_at: c.publicity_ends_at,
            contact: c.publicity_contact.clone(),
            appeal_hours: c.appeal_hours,
        }
    }
}

/// The publicity window as set: its start and end, the contact for objections and the on-site
/// appeal time limit (for anyone who may see the competition).
#[utoipa::path(get, path = "/api/v1/competitions/{id}/publicity-window", tag = "cases",
    params(("id" = i32, Path, description = "competition id")),
    responses((status = 200, description = "成功", body = WindowDoc),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope)))]
pub async fn get_window(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
) -> Result<Json<WindowDoc>, ApiError> {
    let c = crate::competitions::find_competition(&state.db, &actor, id).await?;
    Ok(Json(WindowDoc::of(&c)))
}

/// Sets the publicity window, the contact for objections and the on-site appeal time limit.
#[utoipa::path(put, path = "/api/v1/competitions/{id}/publicity-window", tag = "cases",
    params(("id" = i32, Path, description = "competition id")),
    request_body = WindowBody,
    responses((status = 200, description = "成功", body = WindowDoc),
              (status = 403, description = "无权修改", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 422, description = "输入有误或成绩已确认", body = ErrorEnvelope)))]
pub async fn set_window(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<WindowBody>,
) -> Result<Json<WindowDoc>, ApiError> {
    let c = publicity::set_window(
        &state.db,
        &actor,
        id,
        Window {
            starts_at: body.starts_at,
            ends_at: body.ends_at,
            contact: body.contact,
            appeal_hours: body.appeal_hours,
            reason: body.reason,
        },
        state.config.publicity_working_days,
    )
    .await?;
    Ok(Json(WindowDoc::of(&c)))
}

/// A new account for one competition: a team leader (`team_leader`, of an organisation with
/// entrants in it) or an arbitration group member (`arbitrator`).
#[derive(Deserialize, ToSchema)]
pub struct MemberBody {
    #[schema(min_length = 3, max_length = 32, pattern = "^[A-Za-z0-9_.-]{3,32}$")]
    pub username: String,
    #[schema(min_length = 1, max_length = 50)]
    pub display_name: String,
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    #[schema(example = "team_leader")]
    pub role: Role,
    #[schema(minimum = 1)]
    pub organisation_id: Option<OrganisationId>,
}

#[derive(Serialize, ToSchema)]
pub struct MemberDoc {
    pub user_id: UserId,
    pub username: String,
    #[schema(example = "team_leader")]
    pub role: Role,
    pub organisation_id: Option<OrganisationId>,
}

#[utoipa::path(post, path = "/api/v1/competitions/{id}/members", tag = "cases",
    params(("id" = i32, Path, description = "competition id")),
    request_body = MemberBody,
    responses((status = 201, description = "已创建", body = MemberDoc),
              (status = 403, description = "无权操作", body = ErrorEnvelope),
              (status = 404, description = "不存在或无权查看", body = ErrorEnvelope),
              (status = 409, description = "用户名已存在", body = ErrorEnvelope),
              (status = 422, description = "输入有误", body = ErrorEnvelope)))]
pub async fn add_member(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<MemberBody>,
) -> Result<(StatusCode, Json<MemberDoc>), ApiError> {
    let m = roles::add_member(
        &state.db,
        &actor,
        id,
        NewMember {
            username: body.username,
            display_name: body.display_name,
            password: body.password,
            role: body.role,
            organisation_id: body.organisation_id,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(MemberDoc {
            user_id: m.user.id,
            username: m.user.username,
            role: m.part.role,
            organisation_id: m.part.organisation_id,
        }),
    ))
}
