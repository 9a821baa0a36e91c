//! Reward lines by state, filtered and paged, each with what it pays for; and the workflow
//! steps on a selection of them, confirmed with their count and sum before they go.

use super::{NoticeQuery, money, notice, officer};
use crate::AppError;
use crate::awards::listing::{self, LineFilter};
use crate::awards::parse_date;
use crate::awards::reports::{self, Purpose};
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
use entity::kinds::{FundingSource, RewardStatus};
use entity::reward_line;
use sea_orm::Iterable;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/awards/lines", get(show_lines))
        .route("/awards/lines/step", post(take_step))
}

pub struct Tab {
    pub label: &'static str,
    pub count: usize,
    pub amount: String,
    pub current: bool,
    /// The tab's link, keeping the other filters.
    pub href: String,
}

/// A choice of a filter's select.
pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
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
    /// The amount in fen, for the step's confirmation (count and sum, added up exactly).
    pub fen: i64,
    /// What it pays for: the achievement, its date, the person with a masked ID.
    pub purpose: Option<Purpose>,
    /// A later year's line: not publicised, approved or paid before this day.
    pub payable_from: Option<String>,
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
            fen: l.amount.scaled() / 100,
            purpose: None,
            payable_from: l.payable_from.map(|d| d.to_string()),
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
    /// Sum of the lines matching the filters, on every page.
    total: String,
    count: usize,
    page: u64,
    pages: u64,
    /// Links to the previous and next pages, keeping the filters.
    previous: Option<String>,
    next: Option<String>,
    funds: Vec<Choice>,
    districts: Vec<Choice>,
    payers: Vec<Choice>,
    form: LinesForm,
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

/// The filter form as typed: every field text, empty ones meaning "any".
#[derive(serde::Deserialize, Default, Clone)]
pub struct LinesForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub fund: String,
    #[serde(default)]
    pub clause: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub payer: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub page: String,
}

impl LinesForm {
    fn filter(&self) -> Result<LineFilter, AppError> {
        let number =
            |field: &'static str, text: &str, what: &str| -> Result<Option<i64>, AppError> {
                let t = text.trim();
                if t.is_empty() {
                    return Ok(None);
                }
                t.parse::<i64>()
                    .ok()
                    .filter(|n| (1..=9999).contains(n))
                    .map(Some)
                    .ok_or_else(|| AppError::invalid(field, format!("{what}须为数字，例如 2026")))
            };
        Ok(LineFilter {
            status: Some(status_of(&self.status)),
            fund: FundingSource::iter().find(|f| entity::kinds::code(*f) == self.fund.trim()),
            clause: self.clause.chars().take(10).collect(),
            district: self.district.chars().take(20).collect(),
            year: number("year", &self.year, "年度")?.map(|y| y as i32),
            payer: self.payer.chars().take(20).collect(),
            name: self.name.chars().take(60).collect(),
            page: number("page", &self.page, "页码")?.map(|p| p as u64),
        })
    }

    /// The query string of these filters in another state or on another page.
    fn href(&self, status: &str, page: Option<u64>) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("status", status.to_owned())];
        for (k, v) in [
            ("fund", &self.fund),
            ("clause", &self.clause),
            ("district", &self.district),
            ("year", &self.year),
            ("payer", &self.payer),
            ("name", &self.name),
        ] {
            if !v.trim().is_empty() {
                pairs.push((k, v.trim().to_owned()));
            }
        }
        if let Some(p) = page {
            pairs.push(("page", p.to_string()));
        }
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("/awards/lines?{query}")
    }
}

#[derive(serde::Deserialize, Default)]
pub struct LinesQuery {
    #[serde(flatten)]
    form: LinesForm,
    #[serde(flatten)]
    notice: NoticeQuery,
}

fn choices(all: impl IntoIterator<Item = (String, String)>, current: &str) -> Vec<Choice> {
    all.into_iter()
        .map(|(code, label)| Choice {
            selected: code == current.trim(),
            code,
            label,
        })
        .collect()
}

async fn lines_page(
    state: &AppState,
    page: &PageActor,
    form: LinesForm,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<LinesPage, PageError> {
    let (filter, error) = match form.filter() {
        Ok(f) => (f, error),
        Err(e) => (
            LineFilter {
                status: Some(status_of(&form.status)),
                ..LineFilter::default()
            },
            error.or_else(|| Some(e.to_string())),
        ),
    };
    let status = filter.status.unwrap_or(RewardStatus::Draft);
    let found = listing::find(&state.db, &filter).await?;
    let purposes = reports::purposes(&state.db, &found.lines).await?;
    let tabs = found
        .states
        .iter()
        .map(|t| Tab {
            label: t.status.label(),
            count: t.count,
            amount: crate::http::format::yuan(t.amount),
            current: t.status == status,
            href: form.href(&code_of(t.status), None),
        })
        .collect();
    let code = code_of(status);
    let districts = crate::accounts::organisations::DISTRICTS;
    Ok(LinesPage {
        layout: Layout::signed_in("奖补明细 · 匠心", page),
        notice,
        error,
        tabs,
        lines: found
            .lines
            .iter()
            .map(|l| LineRow {
                purpose: purposes.get(&l.achievement_id).cloned(),
                ..LineRow::from(l)
            })
            .collect(),
        total: crate::http::format::yuan(found.amount),
        count: found.count,
        page: found.page,
        pages: found.pages,
        previous: (found.page > 1).then(|| form.href(&code, Some(found.page - 1))),
        next: (found.page < found.pages).then(|| form.href(&code, Some(found.page + 1))),
        funds: choices(
            FundingSource::iter().map(|f| (code_of_fund(f), f.label().to_owned())),
            &form.fund,
        ),
        districts: choices(
            districts.iter().map(|d| (d.to_string(), d.to_string())),
            &form.district,
        ),
        payers: choices(
            districts.iter().map(|d| (d.to_string(), d.to_string())),
            &form.payer,
        ),
        status: code,
        form,
        today: crate::awards::today().to_string(),
    })
}

fn code_of_fund(f: FundingSource) -> String {
    entity::kinds::code(f)
}

pub async fn show_lines(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<LinesQuery>,
) -> Result<LinesPage, PageError> {
    officer(&page)?;
    lines_page(&state, &page, q.form, notice(&q.notice.notice), None).await
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
    // Back to the same filters and page after the step.
    let form_back = LinesForm {
        status: code_of(status),
        fund: field("fund").to_owned(),
        clause: field("clause").to_owned(),
        district: field("district").to_owned(),
        year: field("f_year").to_owned(),
        payer: field("payer").to_owned(),
        name: field("name").to_owned(),
        page: field("page").to_owned(),
    };
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
        let back = format!("{}&notice={code}", form_back.href(&code_of(status), None));
        return Ok(axum::response::Redirect::to(&back).into_response());
    }
    crate::http::pages::answer_form("/awards/lines", result, async |message| {
        lines_page(&state, &page, form_back, None, Some(message)).await
    })
    .await
}
