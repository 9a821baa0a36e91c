//! 裁判一致性 in pictures: a chart per panel (one mark per judge at their mean deviation from
//! the other judges' median, a whisker for their scatter, the median as the line through
//! zero) with the table beside it, and how differently each aspect is read. Server-rendered
//! SVG: nothing to run to see it, and it prints. For the organiser (any time) and the chief
//! judge on the tablet (during marking).

use super::Layout;
use crate::http::auth::{JudgeTablet, PageActor};
use crate::http::error::PageError;
use crate::marking::consistency::{self, ConsistencyReading, JudgeReading};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use entity::EventId;
use rust_decimal::Decimal;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/consistency", get(organiser_page))
        .route("/judge/chief/consistency", get(chief_page))
}

/// A judge whose lean or misses the chief should look at: a mean deviation of 5 % of the scale
/// or more, or any mark further off than the allowed spread.
const LEAN_PCT: i64 = 5;

/// One judge's mark on the chart.
pub struct ChartPoint {
    pub x: String,
    pub y: String,
    pub y_low: String,
    pub y_high: String,
    pub label: String,
    pub value: String,
    pub warn: bool,
}

/// One panel's chart, in SVG units.
pub struct PanelChart {
    pub panel: String,
    pub width: u32,
    pub height: u32,
    pub zero_y: String,
    pub ticks: Vec<(String, String)>,
    pub points: Vec<ChartPoint>,
}

const HEIGHT: u32 = 240;
const TOP: i64 = 20;
const BOTTOM: i64 = 200;
const LEFT: u32 = 60;
const SLOT: u32 = 84;

fn fmt(d: Decimal) -> String {
    d.round_dp(1).to_string()
}

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

/// Whether a judge needs a word from the chief.
pub fn leans(j: &JudgeReading) -> bool {
    j.mean_deviation_pct.abs() >= Decimal::from(LEAN_PCT) || j.outside_tolerance > 0
}

fn chart(panel: &str, judges: &[&JudgeReading]) -> PanelChart {
    // The scale: at least ±10 %, enough for every whisker, in steps of 5.
    let reach = judges
        .iter()
        .map(|j| j.mean_deviation_pct.abs() + j.scatter_pct)
        .max()
        .unwrap_or_default();
    let five = Decimal::from(5);
    let limit = ((reach / five).ceil() * five).max(Decimal::TEN);
    let mid = Decimal::from(TOP + BOTTOM) / Decimal::TWO;
    let half = Decimal::from(BOTTOM - TOP) / Decimal::TWO;
    let y_of = |v: Decimal| {
        let v = v.max(-limit).min(limit);
        mid - v / limit * half
    };
    let ticks = [
        limit,
        limit / Decimal::TWO,
        Decimal::ZERO,
        -limit / Decimal::TWO,
        -limit,
    ]
    .into_iter()
    .map(|t| {
        (
            fmt(y_of(t)),
            if t.is_zero() {
                "中位数".to_owned()
            } else {
                format!("{}%", signed(t.round_dp(1).normalize()))
            },
        )
    })
    .collect();
    let points = judges
        .iter()
        .enumerate()
        .map(|(i, j)| {
            let x = Decimal::from(LEFT + SLOT * i as u32 + SLOT / 2);
            ChartPoint {
                x: fmt(x),
                y: fmt(y_of(j.mean_deviation_pct)),
                y_low: fmt(y_of(j.mean_deviation_pct - j.scatter_pct)),
                y_high: fmt(y_of(j.mean_deviation_pct + j.scatter_pct)),
                label: j.name.chars().take(6).collect(),
                value: format!("{}%", signed(j.mean_deviation_pct)),
                warn: leans(j),
            }
        })
        .collect();
    PanelChart {
        panel: panel.to_owned(),
        width: LEFT + SLOT * judges.len().max(1) as u32 + 16,
        height: HEIGHT,
        zero_y: fmt(y_of(Decimal::ZERO)),
        ticks,
        points,
    }
}

/// The charts, one per panel with at least one judge compared.
pub fn charts(reading: &ConsistencyReading) -> Vec<PanelChart> {
    let mut panels: Vec<&str> = reading.judges.iter().map(|j| j.panel.as_str()).collect();
    panels.dedup();
    panels
        .into_iter()
        .map(|p| {
            let judges: Vec<&JudgeReading> =
                reading.judges.iter().filter(|j| j.panel == p).collect();
            chart(p, &judges)
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/consistency.html")]
pub struct OrganiserPage {
    layout: Layout,
    event_id: EventId,
    event: String,
    reading: ConsistencyReading,
    charts: Vec<PanelChart>,
}

pub async fn organiser_page(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<OrganiserPage, PageError> {
    let (ev, _) = crate::competitions::events::find_event(&state.db, &page.actor, id).await?;
    let reading = consistency::of_event(&state.db, &ev).await?;
    Ok(OrganiserPage {
        layout: Layout::signed_in("裁判一致性 · 匠心", &page),
        event_id: ev.id,
        event: crate::competitions::events::title(&ev),
        charts: charts(&reading),
        reading,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "judge/consistency.html")]
pub struct ChiefPage {
    layout: Layout,
    event: String,
    reading: ConsistencyReading,
    charts: Vec<PanelChart>,
}

pub async fn chief_page(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
) -> Result<Response, PageError> {
    let (chief, _) = match super::review::chief_tablet(tablet)? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let ev = crate::marking::review::chief_event(&state.db, &chief).await?;
    let reading = consistency::of_event(&state.db, &ev).await?;
    Ok(ChiefPage {
        layout: Layout::public("裁判一致性 · 匠心"),
        event: crate::competitions::events::title(&ev),
        charts: charts(&reading),
        reading,
    }
    .into_response())
}
