//! The policy catalogue: every item with its versions, and a new version from a date.

use super::{NoticeQuery, notice, officer};
use crate::AppError;
use crate::awards::policy::{self, NewVersion, Params};
use crate::awards::{compute, parse_date, parse_yuan};
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::http::pages::{Layout, answer_form};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use entity::kinds::FundingSource;
use entity::kinds::PolicyShape;
use rust_decimal::Decimal;
use sea_orm::{ActiveEnum, Iterable};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/awards/policy", get(show_policy))
        .route("/awards/policy/{code}", post(add_version))
}

pub struct VersionRow {
    pub effective_from: String,
    pub doc_number: String,
    pub rule: String,
    pub fund: &'static str,
    pub group: String,
    pub reason: String,
    pub conditions: Vec<String>,
}

pub struct ItemRow {
    pub code: String,
    pub clause: String,
    pub name: String,
    pub recipient: &'static str,
    pub shape: String,
    pub fund_code: &'static str,
    pub group: String,
    pub group_label: &'static str,
    pub ceiling_per_head: bool,
    pub versions: Vec<VersionRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "awards/policy.html")]
pub struct PolicyPage {
    layout: Layout,
    notice: Option<&'static str>,
    error: Option<String>,
    items: Vec<ItemRow>,
    shapes: Vec<(String, &'static str)>,
}

async fn policy_page(
    state: &AppState,
    page: &PageActor,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<PolicyPage, PageError> {
    let versions = policy::all_versions(&state.db).await?;
    let items = policy::catalogue(&versions)
        .into_iter()
        .map(|(code, vs)| {
            let last = vs[vs.len() - 1];
            ItemRow {
                code: code.to_owned(),
                clause: last.row.clause.clone(),
                name: last.row.name.clone(),
                recipient: last.row.recipient.label(),
                shape: last.row.shape.to_value(),
                fund_code: match last.row.fund {
                    FundingSource::TalentFund => "talent_fund",
                    FundingSource::HrEmploymentFund => "hr_employment_fund",
                },
                group: last.row.same_kind_group.clone().unwrap_or_default(),
                group_label: crate::http::format::group_label(last.row.same_kind_group.as_deref()),
                ceiling_per_head: last.params.ceiling_per_head,
                versions: vs
                    .iter()
                    .map(|v| VersionRow {
                        effective_from: v.row.effective_from.to_string(),
                        doc_number: v.row.doc_number.clone(),
                        rule: crate::http::format::policy_rule(v),
                        fund: v.row.fund.label(),
                        group: crate::http::format::group_label(v.row.same_kind_group.as_deref())
                            .to_owned(),
                        reason: v.row.reason.clone(),
                        conditions: v.params.conditions.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(PolicyPage {
        layout: Layout::signed_in("政策条目 · 匠心", page),
        notice,
        error,
        items,
        shapes: PolicyShape::iter()
            .map(|s| (s.to_value(), s.label()))
            .collect(),
    })
}

pub async fn show_policy(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<NoticeQuery>,
) -> Result<PolicyPage, PageError> {
    officer(&page)?;
    policy_page(&state, &page, notice(&q.notice), None).await
}

#[derive(Deserialize)]
pub struct VersionForm {
    csrf: String,
    effective_from: String,
    doc_number: String,
    shape: String,
    fund: String,
    #[serde(default)]
    group: String,
    reason: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    ceiling: String,
    #[serde(default)]
    ratio: String,
    #[serde(default)]
    cap: String,
    #[serde(default)]
    percent: String,
    #[serde(default)]
    years: String,
    #[serde(default)]
    months: String,
    #[serde(default)]
    threshold: String,
    #[serde(default)]
    per_head: String,
    #[serde(default)]
    factor: String,
    #[serde(default)]
    school_only: Option<String>,
    #[serde(default)]
    ceiling_per_head: Option<String>,
    /// One condition per line.
    #[serde(default)]
    conditions: String,
}

fn money(text: &str, field: &str) -> Result<Option<Decimal>, AppError> {
    match text.trim() {
        "" => Ok(None),
        t => parse_yuan(t)
            .map(Some)
            .map_err(|e| AppError::invalid(field, e)),
    }
}

fn ratio(text: &str, field: &str) -> Result<Option<Decimal>, AppError> {
    match text.trim() {
        "" => Ok(None),
        t => t
            .parse::<Decimal>()
            .ok()
            .filter(|d| *d > Decimal::ZERO && *d <= Decimal::from(10))
            .map(Some)
            .ok_or_else(|| AppError::invalid(field, format!("“{t}”应为大于 0 的小数，如 0.5"))),
    }
}

fn count(text: &str, field: &str) -> Result<Option<u32>, AppError> {
    match text.trim() {
        "" => Ok(None),
        t => t
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .map(Some)
            .ok_or_else(|| AppError::invalid(field, format!("“{t}”应为正整数"))),
    }
}

pub async fn add_version(
    State(state): State<AppState>,
    page: PageActor,
    Path(code): Path<String>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = async {
        let params = Params {
            amount: money(&form.amount, "amount")?,
            ceiling: money(&form.ceiling, "ceiling")?,
            ratio: ratio(&form.ratio, "ratio")?,
            cap: money(&form.cap, "cap")?,
            percent: ratio(&form.percent, "percent")?,
            years: count(&form.years, "years")?,
            months: count(&form.months, "months")?,
            threshold: count(&form.threshold, "threshold")?,
            per_head: money(&form.per_head, "per_head")?,
            factor: ratio(&form.factor, "factor")?,
            school_only: form.school_only.is_some(),
            ceiling_per_head: form.ceiling_per_head.is_some(),
            conditions: form
                .conditions
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        let shape = PolicyShape::try_from_value(&form.shape)
            .map_err(|_| AppError::invalid("shape", "请选择计算方式"))?;
        let fund = match form.fund.as_str() {
            "talent_fund" => FundingSource::TalentFund,
            "hr_employment_fund" => FundingSource::HrEmploymentFund,
            _ => return Err(AppError::invalid("fund", "请选择经费来源")),
        };
        let effective_from =
            parse_date(&form.effective_from).map_err(|e| AppError::invalid("effective_from", e))?;
        policy::add_version(
            &state.db,
            &page.actor,
            &code,
            NewVersion {
                effective_from,
                doc_number: form.doc_number.clone(),
                shape,
                params,
                fund,
                same_kind_group: Some(form.group.clone()),
                reason: form.reason.clone(),
            },
        )
        .await?;
        compute::recompute(&state.db).await?;
        Ok("version")
    }
    .await;
    answer_form("/awards/policy", result, async |message| {
        policy_page(&state, &page, None, Some(message)).await
    })
    .await
}
