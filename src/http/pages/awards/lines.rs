//! Reward lines by state, and the workflow steps on a selection of them.

use super::{NoticeQuery, money, notice, officer};
use crate::AppError;
use crate::awards::parse_date;
use crate::awards::reports;
use crate::awards::workflow::{self, Step};
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::http::pages::Layout;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use entity::kinds::RewardStatus;
use entity::reward_line;
use sea_orm::Iterable;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/awards/lines", get(show_lines))
        .route("/awards/lines/step", post(take_step))
}

pub struct Tab {
    pub code: String,
    pub label: &'static str,
    pub count: usize,
    pub current: bool,
}

pub struct LineRow {
    pub id: i32,
    pub recipient: String,
    pub organisation: String,
    pub item: String,
    pub clause: String,
    pub amount: String,
    pub computed: String,
    pub ceiling: Option<String>,
    pub zero: bool,
    pub fund: &'static str,
    pub payer: String,
    pub year: i32,
    pub note: String,
    pub status: &'static str,
    pub paid: Option<String>,
}

impl From<&reward_line::Model> for LineRow {
    fn from(l: &reward_line::Model) -> Self {
        LineRow {
            id: l.id,
            recipient: l.recipient_name.clone(),
            organisation: l.organisation_name.clone(),
            item: l.item_name.clone(),
            clause: l.clause.clone(),
            amount: money(l.amount),
            computed: money(l.computed),
            ceiling: l.ceiling.map(money),
            zero: l.amount.scaled() == 0,
            fund: l.fund.label(),
            payer: l.payer.clone(),
            year: l.year,
            note: l.note.clone(),
            status: l.status.label(),
            paid: l
                .paid_on
                .map(|d| format!("{d} {}", l.voucher.as_deref().unwrap_or(""))),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "awards/lines.html")]
pub struct LinesPage {
    layout: Layout,
    notice: Option<&'static str>,
    error: Option<String>,
    tabs: Vec<Tab>,
    status: String,
    lines: Vec<LineRow>,
    total: String,
    today: String,
}

fn status_of(code: &str) -> RewardStatus {
    RewardStatus::iter()
        .find(|s| code_of(*s) == code)
        .unwrap_or(RewardStatus::Draft)
}

fn code_of(s: RewardStatus) -> String {
    entity::kinds::code(s)
}

#[derive(serde::Deserialize, Default)]
pub struct LinesQuery {
    #[serde(default)]
    status: String,
    #[serde(flatten)]
    notice: NoticeQuery,
}

async fn lines_page(
    state: &AppState,
    page: &PageActor,
    status: RewardStatus,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<LinesPage, PageError> {
    let all = reports::all_lines(&state.db).await?;
    let tabs = RewardStatus::iter()
        .map(|s| Tab {
            code: code_of(s),
            label: s.label(),
            count: all.iter().filter(|l| l.status == s).count(),
            current: s == status,
        })
        .collect();
    let shown: Vec<&reward_line::Model> = all.iter().filter(|l| l.status == status).collect();
    let total: rust_decimal::Decimal = shown.iter().map(|l| l.amount.to_decimal()).sum();
    Ok(LinesPage {
        layout: Layout::signed_in("奖补明细 · 匠心", page),
        notice,
        error,
        tabs,
        status: code_of(status),
        lines: shown.into_iter().map(LineRow::from).collect(),
        total: crate::http::format::yuan(total),
        today: crate::awards::today().to_string(),
    })
}

pub async fn show_lines(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<LinesQuery>,
) -> Result<LinesPage, PageError> {
    officer(&page)?;
    lines_page(
        &state,
        &page,
        status_of(&q.status),
        notice(&q.notice.notice),
        None,
    )
    .await
}

/// One workflow step for the ticked lines; all or none.
pub async fn take_step(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    page.check_csrf(field("csrf"))?;
    officer(&page)?;
    let status = status_of(field("status"));
    let ids: Vec<i32> = form
        .iter()
        .filter(|(k, _)| k == "id")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let date = |name: &'static str| parse_date(field(name)).map_err(|e| AppError::invalid(name, e));
    let result = async {
        let step = match field("step") {
            "review" => Step::Review,
            "publicise" => Step::Publicise {
                title: field("title").to_owned(),
                starts_on: date("starts_on")?,
                ends_on: date("ends_on")?,
            },
            "approve" => Step::Approve,
            "pay" => Step::Pay {
                paid_on: date("paid_on")?,
                voucher: field("voucher").to_owned(),
            },
            "return" => Step::Return {
                reason: field("reason").to_owned(),
            },
            _ => return Err(AppError::invalid("step", "请选择要办理的事项")),
        };
        workflow::take(
            &state.db,
            &page.actor,
            &ids,
            step,
            state.config.publicity_working_days,
        )
        .await?;
        Ok("step")
    }
    .await;
    if let Ok(code) = result {
        let back = format!("/awards/lines?status={}&notice={code}", code_of(status));
        return Ok(axum::response::Redirect::to(&back).into_response());
    }
    crate::http::pages::answer_form("/awards/lines", result, async |message| {
        lines_page(&state, &page, status, None, Some(message)).await
    })
    .await
}
