//! The awards module (奖补) for award officers and the administrator; everyone else gets
//! “not found”, as if it did not exist.

use super::super::auth::ApiActor;
use super::super::error::{ApiError, ErrorEnvelope};
use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppError;
use crate::accounts::Actor;
use crate::awards::achievements::{self, Lookup, NewAchievement};
use crate::awards::compute::{self, Recomputed};
use crate::awards::listing::{self, LineFilter};
use crate::awards::policy::{self, NewVersion};
use crate::awards::reports::{self, Dashboard, Totals};
use crate::awards::titles::{self, Nomination};
use crate::awards::workflow::{self, Step};
use crate::awards::{access, stored_yuan};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use entity::CompetitionId;
use entity::kinds::{AchievementSource, RewardStatus};
use entity::reward_line;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_policy))
        .routes(routes!(add_policy_version))
        .routes(routes!(add_achievement))
        .routes(routes!(recompute))
        .routes(routes!(list_lines))
        .routes(routes!(take_step))
        .routes(routes!(set_amount))
        .routes(routes!(list_achievements))
        .routes(routes!(withdraw_achievement))
        .routes(routes!(tick_conditions))
        .routes(routes!(totals))
        .routes(routes!(dashboard))
        .routes(routes!(nominate))
        .routes(routes!(review_title))
        .routes(routes!(confer_title))
        .routes(routes!(set_city_level))
}

/// Officers and the administrator; everyone else gets “not found”.
pub(super) fn officer(actor: &Actor) -> Result<(), AppError> {
    if access::can_use_awards(actor) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// One version of a policy item.
#[derive(Serialize, ToSchema)]
pub struct PolicyVersionDoc {
    pub id: i32,
    pub code: String,
    pub clause: String,
    pub name: String,
    pub recipient: entity::kinds::RecipientKind,
    pub fund: entity::kinds::FundingSource,
    pub same_kind_group: Option<String>,
    pub shape: entity::kinds::PolicyShape,
    pub params: policy::Params,
    /// The rule in words.
    pub rule: String,
    pub effective_from: NaiveDate,
    pub doc_number: String,
}

/// Every version of every policy item.
#[utoipa::path(get, path = "/api/v1/awards/policy", tag = "awards",
    responses((status = 200, description = "成功", body = Vec<PolicyVersionDoc>),
              (status = 404, description = "无权查看", body = ErrorEnvelope)))]
pub async fn list_policy(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<PolicyVersionDoc>>, ApiError> {
    officer(&actor)?;
    let versions = policy::all_versions(&state.db).await?;
    Ok(Json(
        versions
            .iter()
            .map(|v| PolicyVersionDoc {
                id: v.row.id,
                code: v.row.code.clone(),
                clause: v.row.clause.clone(),
                name: v.row.name.clone(),
                recipient: v.row.recipient,
                fund: v.row.fund,
                same_kind_group: v.row.same_kind_group.clone(),
                shape: v.row.shape,
                params: v.params.clone(),
                rule: crate::http::format::policy_rule(v),
                effective_from: v.row.effective_from,
                doc_number: v.row.doc_number.clone(),
            })
            .collect(),
    ))
}

/// Adds a version of an item from a date (achievements before it keep the older version).
#[utoipa::path(post, path = "/api/v1/awards/policy/{code}/versions", tag = "awards",
    params(("code" = String, Path, description = "item code, e.g. craftsman")),
    request_body = NewVersion,
    responses((status = 200, description = "成功", body = i32),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "参数有误", body = ErrorEnvelope)))]
pub async fn add_policy_version(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<NewVersion>,
) -> Result<Json<i32>, ApiError> {
    officer(&actor)?;
    Ok(Json(
        policy::add_version(&state.db, &actor, &code, body)
            .await?
            .id,
    ))
}

/// Records an achievement from outside (a medal, a selection, a designation, a tranche…).
#[utoipa::path(post, path = "/api/v1/awards/achievements", tag = "awards",
    request_body = NewAchievement,
    responses((status = 200, description = "成功", body = i32),
              (status = 404, description = "无权操作", body = ErrorEnvelope),
              (status = 409, description = "已登记", body = ErrorEnvelope),
              (status = 422, description = "填写有误", body = ErrorEnvelope)))]
pub async fn add_achievement(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewAchievement>,
) -> Result<Json<i32>, ApiError> {
    officer(&actor)?;
    let look = Lookup::load(&state.db).await?;
    let checked = achievements::check(&look, &body)
        .map_err(|(field, message)| AppError::invalid(field, message))?;
    let stored =
        achievements::store_all(&state.db, &actor, AchievementSource::Entered, vec![checked])
            .await?;
    Ok(Json(stored[0].id))
}

/// Takes this system's final results and hosted events into achievements, and recomputes
/// every reward line (lines past the draft stage never change; a difference is a new line).
#[utoipa::path(post, path = "/api/v1/awards/recompute", tag = "awards",
    responses((status = 200, description = "成功", body = Recomputed),
              (status = 404, description = "无权操作", body = ErrorEnvelope)))]
pub async fn recompute(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Recomputed>, ApiError> {
    officer(&actor)?;
    achievements::sync_from_system(&state.db, &actor).await?;
    Ok(Json(compute::recompute(&state.db).await?))
}

/// A reward line.
#[derive(Serialize, ToSchema)]
pub struct LineDoc {
    pub id: i32,
    pub achievement: i32,
    pub part: i32,
    pub item_code: String,
    pub item_name: String,
    pub clause: String,
    pub fund: entity::kinds::FundingSource,
    pub recipient_name: String,
    pub organisation_name: String,
    pub district: String,
    pub payer: String,
    pub year: i32,
    /// Yuan, two places.
    pub amount: String,
    pub computed: String,
    pub ceiling: Option<String>,
    pub note: String,
    pub status: RewardStatus,
    pub policy_version: i32,
    pub paid_on: Option<NaiveDate>,
    pub voucher: Option<String>,
    /// A later year's line of a multi-year item: not publicised, approved or paid before.
    pub payable_from: Option<NaiveDate>,
}

impl From<&reward_line::Model> for LineDoc {
    fn from(l: &reward_line::Model) -> Self {
        LineDoc {
            id: l.id,
            achievement: l.achievement_id,
            part: l.part,
            item_code: l.item_code.clone(),
            item_name: l.item_name.clone(),
            clause: l.clause.clone(),
            fund: l.fund,
            recipient_name: l.recipient_name.clone(),
            organisation_name: l.organisation_name.clone(),
            district: l.district.clone(),
            payer: l.payer.clone(),
            year: l.year,
            amount: stored_yuan(l.amount),
            computed: stored_yuan(l.computed),
            ceiling: l.ceiling.map(stored_yuan),
            note: l.note.clone(),
            status: l.status,
            policy_version: l.policy_item_id,
            paid_on: l.paid_on,
            voucher: l.voucher.clone(),
            payable_from: l.payable_from,
        }
    }
}

/// Reward lines, filtered by state, fund, clause, district, year, payer or name; all that
/// match, or one page of 100 when `page` is given.
#[utoipa::path(get, path = "/api/v1/awards/lines", tag = "awards",
    params(LineFilter),
    responses((status = 200, description = "成功", body = Vec<LineDoc>),
              (status = 404, description = "无权查看", body = ErrorEnvelope)))]
pub async fn list_lines(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(filter): ApiQuery<LineFilter>,
) -> Result<Json<Vec<LineDoc>>, ApiError> {
    officer(&actor)?;
    let lines = match filter.page {
        Some(_) => listing::find(&state.db, &filter).await?.lines,
        None => listing::all(&state.db, &filter).await?,
    };
    Ok(Json(lines.iter().map(LineDoc::from).collect()))
}

/// A workflow step for a set of lines.
#[derive(Deserialize, ToSchema)]
pub struct StepBody {
    pub ids: Vec<i32>,
    /// Publicity: its title and window.
    #[schema(max_length = 120)]
    pub title: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// Payment: date and voucher.
    pub paid_on: Option<NaiveDate>,
    #[schema(max_length = 60)]
    pub voucher: Option<String>,
    /// Return to draft: why.
    #[schema(max_length = 2000)]
    pub reason: Option<String>,
}

/// Moves lines one step: `review`, `publicise`, `approve`, `pay` or `return`. All or none; the
/// one who entered a line may not review it, and the one who entered or reviewed it may never
/// approve it; a paid line never changes.
#[utoipa::path(post, path = "/api/v1/awards/lines/{step}", tag = "awards",
    params(("step" = String, Path, description = "review | publicise | approve | pay | return")),
    request_body = StepBody,
    responses((status = 200, description = "成功", body = Vec<LineDoc>),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "不能进行这一步，消息说明哪条明细、为什么", body = ErrorEnvelope)))]
pub async fn take_step(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(step): ApiPath<String>,
    ApiJson(body): ApiJson<StepBody>,
) -> Result<Json<Vec<LineDoc>>, ApiError> {
    officer(&actor)?;
    let need_date =
        |d: Option<NaiveDate>, field: &str| d.ok_or_else(|| AppError::invalid(field, "请填写日期"));
    let step = match step.as_str() {
        "review" => Step::Review,
        "publicise" => Step::Publicise {
            title: body.title.clone().unwrap_or_default(),
            starts_on: need_date(body.starts_on, "starts_on")?,
            ends_on: need_date(body.ends_on, "ends_on")?,
        },
        "approve" => Step::Approve,
        "pay" => Step::Pay {
            paid_on: need_date(body.paid_on, "paid_on")?,
            voucher: body.voucher.clone().unwrap_or_default(),
        },
        "return" => Step::Return {
            reason: body.reason.clone().unwrap_or_default(),
        },
        _ => return Err(AppError::NotFound.into()),
    };
    let lines = workflow::take(
        &state.db,
        &actor,
        &body.ids,
        step,
        state.config.publicity_working_days,
    )
    .await?;
    Ok(Json(lines.iter().map(LineDoc::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct AmountBody {
    /// Yuan, at most two places; never above the ceiling.
    #[schema(pattern = "^[0-9,，]*(\\.[0-9]{1,2})?元?$", max_length = 20)]
    pub amount: String,
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Sets the officer's amount of an achievement whose item is a ceiling (lower only, with a
/// reason), then recomputes.
#[utoipa::path(post, path = "/api/v1/awards/achievements/{id}/amount", tag = "awards",
    params(("id" = i32, Path, description = "achievement id")),
    request_body = AmountBody,
    responses((status = 200, description = "成功", body = Recomputed),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "高于上限、已支付或缺少理由", body = ErrorEnvelope)))]
pub async fn set_amount(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<AmountBody>,
) -> Result<Json<Recomputed>, ApiError> {
    officer(&actor)?;
    achievements::set_officer_amount(&state.db, &actor, id, &body.amount, &body.reason).await?;
    Ok(Json(compute::recompute(&state.db).await?))
}

/// Totals by fund, year, district, clause, payer and state (all lines with an amount, and
/// what is paid).
#[utoipa::path(get, path = "/api/v1/awards/totals", tag = "awards",
    responses((status = 200, description = "成功", body = Totals),
              (status = 404, description = "无权查看", body = ErrorEnvelope)))]
pub async fn totals(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Totals>, ApiError> {
    officer(&actor)?;
    Ok(Json(reports::totals(&reports::all_lines(&state.db).await?)))
}

/// What waits for the signed-in officer.
#[utoipa::path(get, path = "/api/v1/awards/dashboard", tag = "awards",
    responses((status = 200, description = "成功", body = Dashboard),
              (status = 404, description = "无权查看", body = ErrorEnvelope)))]
pub async fn dashboard(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Dashboard>, ApiError> {
    officer(&actor)?;
    Ok(Json(reports::dashboard(&state.db, &actor).await?))
}

/// Nominates a person for a title, or records a legacy title holder.
#[utoipa::path(post, path = "/api/v1/awards/titles", tag = "awards",
    request_body = Nomination,
    responses((status = 200, description = "成功", body = i32),
              (status = 404, description = "无权操作", body = ErrorEnvelope),
              (status = 422, description = "填写有误", body = ErrorEnvelope)))]
pub async fn nominate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<Nomination>,
) -> Result<Json<i32>, ApiError> {
    officer(&actor)?;
    Ok(Json(
        titles::nominate(&state.db, &actor, body, None).await?.id,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewBody {
    pub pass: bool,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: String,
}

/// Reviews a nomination (not by its nominator).
#[utoipa::path(post, path = "/api/v1/awards/titles/{id}/review", tag = "awards",
    params(("id" = i32, Path, description = "title record id")),
    request_body = ReviewBody,
    responses((status = 200, description = "成功"),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "不能评审", body = ErrorEnvelope)))]
pub async fn review_title(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<(), ApiError> {
    officer(&actor)?;
    titles::review(&state.db, &actor, id, body.pass, &body.note).await?;
    Ok(())
}

#[derive(Deserialize, ToSchema)]
pub struct ConferBody {
    pub conferred_on: NaiveDate,
    #[schema(min_length = 1, max_length = 60)]
    pub doc_number: String,
}

#[derive(Serialize, ToSchema)]
pub struct Conferred {
    /// Set when a soft target is reached.
    pub warning: Option<String>,
}

/// Confers a reviewed title; it becomes an achievement (clause 1 pays the craftsman titles).
#[utoipa::path(post, path = "/api/v1/awards/titles/{id}/confer", tag = "awards",
    params(("id" = i32, Path, description = "title record id")),
    request_body = ConferBody,
    responses((status = 200, description = "成功", body = Conferred),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "未评审、硬性目标已满或填写有误", body = ErrorEnvelope)))]
pub async fn confer_title(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<ConferBody>,
) -> Result<Json<Conferred>, ApiError> {
    officer(&actor)?;
    let (_, warning) =
        titles::confer(&state.db, &actor, id, body.conferred_on, &body.doc_number).await?;
    Ok(Json(Conferred { warning }))
}

#[derive(Deserialize, ToSchema)]
pub struct CityLevelBody {
    pub approved: bool,
    #[serde(default)]
    #[schema(max_length = 60)]
    pub doc_number: String,
}

/// Records the HR bureau's approval of a competition as 市一级 (clause 10), with its 文号.
#[utoipa::path(put, path = "/api/v1/awards/competitions/{id}/city-level", tag = "awards",
    params(("id" = i32, Path, description = "competition id")),
    request_body = CityLevelBody,
    responses((status = 200, description = "成功"),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "缺少文号", body = ErrorEnvelope)))]
pub async fn set_city_level(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<CompetitionId>,
    ApiJson(body): ApiJson<CityLevelBody>,
) -> Result<(), ApiError> {
    officer(&actor)?;
    achievements::set_city_level(&state.db, &actor, id, body.approved, &body.doc_number).await?;
    Ok(())
}

/// An achievement as the officer's tools see it: whom it is about (ID masked), what it pays
/// for, the conditions still to be ticked, and whether it was withdrawn.
#[derive(Serialize, ToSchema)]
pub struct AchievementDoc {
    pub id: i32,
    pub item_code: Option<String>,
    pub achieved_on: NaiveDate,
    pub description: String,
    /// Name and masked ID number.
    pub person: Option<String>,
    pub organisation: Option<String>,
    pub heads: i32,
    pub series: Option<String>,
    pub source: AchievementSource,
    /// The conditions the item requires, ticked or not.
    pub conditions_required: Vec<String>,
    pub conditions_met: Vec<crate::awards::conditions::Met>,
    pub withdrawn_reason: Option<String>,
}

/// Every achievement, newest first.
#[utoipa::path(get, path = "/api/v1/awards/achievements", tag = "awards",
    responses((status = 200, description = "成功", body = Vec<AchievementDoc>),
              (status = 404, description = "无权查看", body = ErrorEnvelope)))]
pub async fn list_achievements(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<AchievementDoc>>, ApiError> {
    officer(&actor)?;
    let versions = policy::all_versions(&state.db).await?;
    let listed = achievements::list(&state.db).await?;
    Ok(Json(
        listed
            .into_iter()
            .map(|a| AchievementDoc {
                id: a.row.id,
                item_code: a.row.item_code.clone(),
                achieved_on: a.row.achieved_on,
                description: a.row.description.clone(),
                person: a.person.map(|p| {
                    format!(
                        "{} {}",
                        p.name,
                        crate::entrants::id_card::mask(&p.id_number)
                    )
                }),
                organisation: a.organisation.map(|o| o.name),
                heads: a.row.heads,
                series: a.row.series.clone(),
                source: a.row.source,
                conditions_required: crate::awards::conditions::required(&versions, &a.row)
                    .to_vec(),
                conditions_met: crate::awards::conditions::met(&a.row),
                withdrawn_reason: a.row.withdrawn_reason.clone(),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct WithdrawBody {
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Withdraws an achievement entered by mistake (with the reason, audited): its drafts go, and
/// what was reviewed or went further gets a draft for the difference (核减 / 追回审核).
#[utoipa::path(post, path = "/api/v1/awards/achievements/{id}/withdraw", tag = "awards",
    params(("id" = i32, Path, description = "achievement id")),
    request_body = WithdrawBody,
    responses((status = 200, description = "成功", body = Recomputed),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 409, description = "已撤回", body = ErrorEnvelope),
              (status = 422, description = "缺少原因", body = ErrorEnvelope)))]
pub async fn withdraw_achievement(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<WithdrawBody>,
) -> Result<Json<Recomputed>, ApiError> {
    officer(&actor)?;
    Ok(Json(
        crate::awards::withdraw::withdraw(&state.db, &actor, id, &body.reason).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct Tick {
    #[schema(min_length = 1, max_length = 120)]
    pub condition: String,
    /// The evidence: 营业执照、引进协议、实训台账 ….
    #[schema(min_length = 1, max_length = 200)]
    pub evidence: String,
}

#[derive(Deserialize, ToSchema)]
pub struct TicksBody {
    #[schema(max_items = 12)]
    pub ticks: Vec<Tick>,
}

/// Ticks conditions the item requires (条件由经办人核实), each with its evidence. A line whose
/// conditions are not all ticked cannot be reviewed.
#[utoipa::path(post, path = "/api/v1/awards/achievements/{id}/conditions", tag = "awards",
    params(("id" = i32, Path, description = "achievement id")),
    request_body = TicksBody,
    responses((status = 200, description = "成功", body = Vec<crate::awards::conditions::Met>),
              (status = 404, description = "不存在或无权操作", body = ErrorEnvelope),
              (status = 422, description = "不是该条目的条件或缺少依据", body = ErrorEnvelope)))]
pub async fn tick_conditions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<TicksBody>,
) -> Result<Json<Vec<crate::awards::conditions::Met>>, ApiError> {
    officer(&actor)?;
    let ticks: Vec<(String, String)> = body
        .ticks
        .into_iter()
        .map(|t| (t.condition, t.evidence))
        .collect();
    let row = crate::awards::conditions::confirm(&state.db, &actor, id, &ticks).await?;
    Ok(Json(crate::awards::conditions::met(&row)))
}
