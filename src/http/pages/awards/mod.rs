//! The award officer's pages (奖补): the dashboard, reward lines and their workflow,
//! achievements and hosting, titles, the policy catalogue, reports and payout lists; and the
//! public publicity list. Everything but the publicity list answers “not found” to anyone who
//! is not an award officer or the administrator.

mod achievements;
mod lines;
mod payers;
mod policy;
mod publicity;
mod titles;

use super::Layout;
use crate::AppError;
use crate::awards::reports::{self, Dashboard, Totals};
use crate::awards::{access, achievements as context, compute};
use crate::http::api::files::xlsx_file;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use entity::kinds::FundingSource;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/awards", get(show_dashboard))
        .route("/awards/recompute", post(recompute))
        .route("/awards/reports", get(show_reports))
        .route("/awards/payout/{fund}", get(payout))
        .merge(lines::router())
        .merge(payers::router())
        .merge(achievements::router())
        .merge(titles::router())
        .merge(policy::router())
        .merge(publicity::router())
}

/// Only officers and the administrator; everyone else is told the page does not exist.
pub(super) fn officer(page: &PageActor) -> Result<(), AppError> {
    if access::can_use_awards(&page.actor) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The fixed notices of this area (`?notice=…`).
pub(super) fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "recomputed" => "已同步竞赛成绩与承办项目，并重新计算全部奖补明细。",
        "step" => "所选明细已办理。",
        "achievement" => "成果已登记，奖补明细已重新计算。",
        "imported" => "文件中的成果已全部导入，奖补明细已重新计算。",
        "amount" => "核定金额已保存，奖补明细已重新计算。",
        "city_level" => "市一级竞赛认定已保存。",
        "proof" => "成本凭证已上传。",
        "nominated" => "推荐已登记。",
        "legacy" => "原有称号已登记（不计入目标，不发放资助）。",
        "reviewed" => "评审结果已登记。",
        "conferred" => "称号已授予，资助明细已生成。",
        "target" => "目标已保存。",
        "version" => "新版本已保存，自生效日期起取得的成果按新版本计算。",
        "withdrawn" => {
            "成果记录已撤回，奖补明细已重新计算（已复核及以后的明细另立核减或追回审核明细）。"
        }
        "conditions" => "条件核实已登记。",
        "payer" => "出资层级已保存，待复核的明细已重新计算。",
        _ => return None,
    })
}

#[derive(Deserialize, Default)]
pub(super) struct NoticeQuery {
    #[serde(default)]
    pub notice: String,
    #[serde(default)]
    pub warning: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "awards/dashboard.html")]
pub struct DashboardPage {
    layout: Layout,
    notice: Option<&'static str>,
    waiting: Dashboard,
    totals: Totals,
}

pub async fn show_dashboard(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<NoticeQuery>,
) -> Result<DashboardPage, PageError> {
    officer(&page)?;
    Ok(DashboardPage {
        layout: Layout::signed_in("奖补 · 匠心", &page),
        notice: notice(&q.notice),
        waiting: reports::dashboard(&state.db, &page.actor).await?,
        totals: reports::totals(&reports::all_lines(&state.db).await?),
    })
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// Takes final results and hosted events into achievements and recomputes every line.
pub async fn recompute(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    context::sync_from_system(&state.db, &page.actor).await?;
    compute::recompute(&state.db).await?;
    Ok(axum::response::Redirect::to("/awards?notice=recomputed").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "awards/reports.html")]
pub struct ReportsPage {
    layout: Layout,
    totals: Totals,
}

pub async fn show_reports(
    State(state): State<AppState>,
    page: PageActor,
) -> Result<ReportsPage, PageError> {
    officer(&page)?;
    Ok(ReportsPage {
        layout: Layout::signed_in("奖补报表 · 匠心", &page),
        totals: reports::totals(&reports::all_lines(&state.db).await?),
    })
}

/// The payout list of one fund (approved and paid lines) as .xlsx.
pub async fn payout(
    State(state): State<AppState>,
    page: PageActor,
    Path(fund): Path<String>,
) -> Result<Response, PageError> {
    officer(&page)?;
    let fund = match fund.trim_end_matches(".xlsx") {
        "talent_fund" => FundingSource::TalentFund,
        "hr_employment_fund" => FundingSource::HrEmploymentFund,
        _ => return Err(AppError::NotFound.into()),
    };
    let lines = reports::payout_lines(&state.db, fund).await?;
    let purposes = reports::purposes(&state.db, &lines).await?;
    let bytes = reports::payout_xlsx(fund, &lines, &purposes)?;
    Ok(xlsx_file(
        &format!("支付清单-{}-{}.xlsx", fund.label(), crate::awards::today()),
        bytes,
    ))
}

/// Money as pages show it.
pub(super) fn money(value: entity::StoredDecimal) -> String {
    crate::http::format::yuan(value.to_decimal())
}
