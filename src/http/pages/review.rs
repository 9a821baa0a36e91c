//! The chief judge's review on a tablet (`/judge/chief`) and the organiser's read-only view of
//! the same progress matrix (`/admin/events/{id}/progress`).

use super::Layout;
use super::notice::{self, NoticeQuery};
use crate::AppError;
use crate::http::auth::{JudgeTablet, PageActor};
use crate::http::error::PageError;
use crate::http::format::mark;
use crate::marking::progress::{self, CellStatus, JudgeSlot, Progress};
use crate::state::AppState;
use crate::time::show_minute;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entity::EventId;
use entity::{AspectId, EntrantId, JudgeId, judge};
use serde::Deserialize;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/judge/chief", get(show_chief))
        .route("/judge/chief/modules/{id}/sign-off", post(sign_off_module))
        .route(
            "/judge/chief/modules/{id}/withdraw",
            post(withdraw_sign_off),
        )
        .route("/judge/chief/spreads", post(accept_spread))
        .route("/judge/chief/lock", post(lock_marks))
        .route("/judge/chief/corrections/{id}", post(decide_correction))
        .route("/judge/chief/paper/{id}", post(decide_paper))
        .route("/admin/events/{id}/progress", get(show_progress))
}

pub struct ModuleView {
    pub id: i32,
    pub label: String,
    pub span: usize,
    pub cells: usize,
    pub missing: usize,
    pub flagged: usize,
    pub problems: usize,
    pub signed: Option<String>,
    pub ready: bool,
    /// Why the module cannot be signed yet, on the screen (a tablet has no hover): "尚有 2 格未评完".
    pub why: String,
    /// What the chief saw: sent back with the sign-off.
    pub seq: i32,
}

/// The counts that keep a module from being signed, in words; empty when it can be.
fn not_ready_because(m: &crate::marking::progress::ModuleProgress) -> String {
    let parts: Vec<String> = [
        (m.missing, "格未评完"),
        (m.flagged, "格分差超限"),
        (m.paper_open, "格纸质录入待核定"),
        (m.problems, "格须另行处理"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("尚有 {}，处理后才能签字", parts.join("、"))
    }
}

pub struct AspectHead {
    pub code: String,
    pub name: String,
    pub panel: String,
}

pub struct CellView {
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    /// CSS class: counted, accepted, missing, flagged, problem.
    pub class: &'static str,
    pub headline: String,
    pub slots: Vec<SlotView>,
    pub can_accept: bool,
    /// What the chief saw: sent back with an acceptance.
    pub seq: i32,
}

/// One judge's mark in a cell; hovering (or a long press) names the judge.
pub struct SlotView {
    pub text: String,
    /// mark, dropped, corrected, gap, recused.
    pub class: &'static str,
    pub judge: String,
}

pub struct RowView {
    pub blind_code: String,
    pub station: String,
    pub cells: Vec<CellView>,
}

pub struct JudgeView {
    pub name: String,
    pub panel: String,
    pub role: &'static str,
    pub marked: usize,
    pub due: usize,
}

pub struct CorrectionView {
    pub id: i32,
    pub judge: String,
    pub blind_code: String,
    pub aspect: String,
    pub change: String,
    pub reason: String,
    pub at: String,
}

/// A paper sheet's cell the chief decides against the sheet.
pub struct PaperView {
    pub id: i32,
    pub judge: String,
    pub blind_code: String,
    pub aspect: String,
    pub state: &'static str,
    pub first: String,
    pub second: String,
    pub tablet: String,
}

/// What both pages show: the matrix and its summaries, ready to print.
pub struct Review {
    pub event: String,
    pub locked: Option<String>,
    pub all_signed: bool,
    pub modules: Vec<ModuleView>,
    pub aspects: Vec<AspectHead>,
    pub rows: Vec<RowView>,
    pub judges: Vec<JudgeView>,
    pub pending: Vec<CorrectionView>,
    pub paper: Vec<PaperView>,
    /// The chief judge may act; the organiser only watches.
    pub can_act: bool,
    pub csrf: String,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
}

impl Review {
    fn new(p: &Progress, can_act: bool, csrf: String) -> Self {
        let locked = p.event.marks_locked_at;
        let signed_modules: Vec<i32> = p
            .modules
            .iter()
            .filter(|m| m.signed_at.is_some())
            .map(|m| m.id)
            .collect();
        let judge_name = |id: JudgeId| {
            p.judges
                .iter()
                .find(|j| j.id == id)
                .map(|j| j.name.clone())
                .unwrap_or_default()
        };
        let panel_of = |aspect_id: AspectId| {
            p.modules
                .iter()
                .flat_map(|m| m.aspects.iter())
                .find(|a| a.id == aspect_id)
                .map(|a| a.judges.clone())
                .unwrap_or_default()
        };
        let module_of = |aspect_id: AspectId| {
            p.modules
                .iter()
                .find(|m| m.aspects.iter().any(|a| a.id == aspect_id))
                .map(|m| m.id)
        };
        Review {
            event: crate::competitions::events::title(&p.event),
            locked: locked.map(show_minute),
            all_signed: p.all_signed(),
            modules: p
                .modules
                .iter()
                .map(|m| ModuleView {
                    id: m.id,
                    label: format!("{} {}", m.code, m.name),
                    span: m.aspects.len(),
                    cells: m.cells,
                    missing: m.missing,
                    flagged: m.flagged,
                    problems: m.problems + m.paper_open,
                    signed: m.signed_at.map(show_minute),
                    ready: m.ready(),
                    why: not_ready_because(m),
                    seq: m.seq,
                })
                .collect(),
            aspects: p
                .modules
                .iter()
                .flat_map(|m| m.aspects.iter())
                .map(|a| AspectHead {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    panel: a.panel.clone(),
                })
                .collect(),
            rows: p
                .rows
                .iter()
                .map(|r| RowView {
                    blind_code: r.blind_code.clone(),
                    station: r.station.map(|s| s.to_string()).unwrap_or_default(),
                    cells: r
                        .cells
                        .iter()
                        .map(|c| {
                            let (class, headline) = match &c.status {
                                CellStatus::Counted => ("counted", shown(c.mark)),
                                CellStatus::Accepted => {
                                    ("accepted", format!("{}（已接受分差）", shown(c.mark)))
                                }
                                CellStatus::Missing => ("missing", "未评完".to_owned()),
                                CellStatus::Flagged { spread, limit } => (
                                    "flagged",
                                    format!("分差 {} 超过 {}", mark(*spread), mark(*limit)),
                                ),
                                CellStatus::Problem(why) => ("problem", why.describe()),
                            };
                            CellView {
                                entrant_id: r.id,
                                aspect_id: c.aspect_id,
                                class,
                                headline,
                                slots: c
                                    .slots
                                    .iter()
                                    .zip(panel_of(c.aspect_id))
                                    .map(|(s, judge)| {
                                        let (text, class) = match s {
                                            JudgeSlot::Marked {
                                                value,
                                                corrected,
                                                paper,
                                                dropped,
                                            } => (
                                                // Marks typed from the paper sheet say so.
                                                if *paper {
                                                    format!("{}（纸）", mark(*value))
                                                } else {
                                                    mark(*value)
                                                },
                                                match (corrected, dropped, paper) {
                                                    (true, _, _) => "corrected",
                                                    (false, true, _) => "dropped",
                                                    (false, false, true) => "paper",
                                                    _ => "mark",
                                                },
                                            ),
                                            JudgeSlot::Missing => ("—".to_owned(), "gap"),
                                            JudgeSlot::Recused => ("回避".to_owned(), "recused"),
                                        };
                                        SlotView {
                                            text,
                                            class,
                                            judge: judge_name(judge),
                                        }
                                    })
                                    .collect(),
                                can_accept: can_act
                                    && locked.is_none()
                                    && matches!(c.status, CellStatus::Flagged { .. })
                                    && !module_of(c.aspect_id)
                                        .is_some_and(|m| signed_modules.contains(&m)),
                                seq: c.seq,
                            }
                        })
                        .collect(),
                })
                .collect(),
            judges: p
                .judges
                .iter()
                .map(|j| JudgeView {
                    name: j.name.clone(),
                    panel: j.panel.clone(),
                    role: j.role.label(),
                    marked: j.marked,
                    due: j.due,
                })
                .collect(),
            pending: p
                .pending
                .iter()
                .map(|c| CorrectionView {
                    id: c.id,
                    judge: c.judge.clone(),
                    blind_code: c.blind_code.clone(),
                    aspect: c.aspect.clone(),
                    change: format!(
                        "{} → {}",
                        c.old_value.map_or_else(|| "（无）".into(), mark),
                        mark(c.new_value)
                    ),
                    reason: c.reason.clone(),
                    at: show_minute(c.requested_at),
                })
                .collect(),
            paper: p
                .paper
                .iter()
                .map(|c| PaperView {
                    id: c.cell.id,
                    judge: c.judge.clone(),
                    blind_code: c.blind_code.clone(),
                    aspect: c.aspect.clone(),
                    state: c.cell.state.label(),
                    first: mark(c.cell.first),
                    second: c.cell.second.map(mark).unwrap_or_default(),
                    tablet: c.cell.tablet.map(mark).unwrap_or_else(|| "—".into()),
                })
                .collect(),
            can_act,
            csrf,
            notice: None,
            error: None,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "judge/chief.html")]
pub struct ChiefPage {
    layout: Layout,
    chief: String,
    review: Review,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/progress.html")]
pub struct ProgressPage {
    layout: Layout,
    event_id: EventId,
    review: Review,
}

/// The chief judge signed in on this tablet, with the session's CSRF token; anyone else is
/// sent to sign in (no session) or refused (a judge who is not the chief).
pub(super) fn chief_tablet(
    tablet: Option<JudgeTablet>,
) -> Result<Result<(judge::Model, String), Response>, PageError> {
    let Some(tablet) = tablet else {
        return Ok(Err(Redirect::to("/judge").into_response()));
    };
    if !crate::marking::access::can_review(&tablet.judge) {
        return Err(AppError::Forbidden.into());
    }
    let csrf = tablet.csrf();
    Ok(Ok((tablet.judge, csrf)))
}

async fn chief_page(
    state: &AppState,
    chief: &judge::Model,
    csrf: String,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<ChiefPage, PageError> {
    let ev = crate::marking::review::chief_event(&state.db, chief).await?;
    let picture = progress::progress(&state.db, &ev).await?;
    let name = crate::entrants::people::name_of(&state.db, chief.person_id).await?;
    let mut review = Review::new(&picture, true, csrf);
    review.notice = notice;
    review.error = error;
    Ok(ChiefPage {
        layout: Layout::public("裁判长审核 · 匠心"),
        chief: name,
        review,
    })
}

pub async fn show_chief(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let (chief, csrf) = match chief_tablet(tablet)? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    Ok(
        chief_page(&state, &chief, csrf, notice::text(&q.notice), None)
            .await?
            .into_response(),
    )
}

#[derive(Deserialize)]
pub struct ChiefForm {
    csrf: String,
    #[serde(default)]
    entrant_id: Option<EntrantId>,
    #[serde(default)]
    aspect_id: Option<AspectId>,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
    /// The value the chief reads on a paper sheet.
    #[serde(default)]
    value: String,
    /// The latest change the page showed (a cell's or a module's): the chief acts on what they
    /// saw, and a mark changed since sends them back to look.
    #[serde(default)]
    seq: Option<i32>,
}

/// The page's `seq`, which every sign-off and acceptance carries.
fn seen(seq: Option<i32>) -> Result<i32, AppError> {
    seq.ok_or_else(|| AppError::invalid("seq", "页面已过期，请刷新后再操作"))
}

/// One handler for the chief's buttons: check the tablet and the CSRF token, act, and answer
/// with the page (and a notice, or the reason it was refused).
async fn act(
    state: AppState,
    tablet: Option<JudgeTablet>,
    form: ChiefForm,
    action: impl AsyncFnOnce(&AppState, &judge::Model) -> Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    let (chief, csrf) = match chief_tablet(tablet)? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    if !crate::secret::same(&form.csrf, &csrf) {
        return Err(AppError::Csrf.into());
    }
    let result = action(&state, &chief).await;
    super::answer_form("/judge/chief", result, async |message| {
        chief_page(&state, &chief, csrf.clone(), None, Some(message)).await
    })
    .await
}

pub async fn sign_off_module(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
    Path(module_id): Path<i32>,
    Form(form): Form<ChiefForm>,
) -> Result<Response, PageError> {
    let seq = form.seq;
    act(state, tablet, form, async |s, chief| {
        crate::lifecycle::chief::sign_off(&s.db, &s.live, chief, module_id, seen(seq)?).await?;
        Ok("module_signed")
    })
    .await
}

pub async fn withdraw_sign_off(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
    Path(module_id): Path<i32>,
    Form(form): Form<ChiefForm>,
) -> Result<Response, PageError> {
    act(state, tablet, form, async |s, chief| {
        crate::lifecycle::chief::withdraw_sign_off(&s.db, &s.live, chief, module_id).await?;
        Ok("sign_off_withdrawn")
    })
    .await
}

pub async fn accept_spread(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
    Form(form): Form<ChiefForm>,
) -> Result<Response, PageError> {
    let (entrant, aspect, seq) = (form.entrant_id, form.aspect_id, form.seq);
    act(state, tablet, form, async |s, chief| {
        let (Some(entrant), Some(aspect)) = (entrant, aspect) else {
            return Err(AppError::invalid("aspect_id", "缺少选手或评分项"));
        };
        crate::lifecycle::chief::accept_spread(&s.db, &s.live, chief, entrant, aspect, seen(seq)?)
            .await?;
        Ok("spread_accepted")
    })
    .await
}

pub async fn lock_marks(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
    Form(form): Form<ChiefForm>,
) -> Result<Response, PageError> {
    act(state, tablet, form, async |s, chief| {
        // The locked marks make the first result version, for the chief judge to sign.
        crate::lifecycle::chief::lock(&s.db, &s.live, chief).await?;
        Ok("marks_locked")
    })
    .await
}

pub async fn decide_correction(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
    Path(correction_id): Path<i32>,
    Form(form): Form<ChiefForm>,
) -> Result<Response, PageError> {
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::invalid("decision", "请选择批准或驳回").into()),
    };
    let note = Some(form.note.clone());
    act(state, tablet, form, async |s, chief| {
        crate::lifecycle::chief::decide_correction(
            &s.db,
            &s.live,
            chief,
            correction_id,
            approve,
            note,
        )
        .await?;
        Ok(if approve {
            "correction_approved"
        } else {
            "correction_rejected"
        })
    })
    .await
}

/// The chief decides a paper sheet's cell against the sheet.
pub async fn decide_paper(
    State(state): State<AppState>,
    tablet: Option<JudgeTablet>,
    Path(paper_id): Path<i32>,
    Form(form): Form<ChiefForm>,
) -> Result<Response, PageError> {
    let value = form
        .value
        .trim()
        .parse::<rust_decimal::Decimal>()
        .map_err(|_| AppError::invalid("value", "请填写核定的分数"))?;
    act(state, tablet, form, async |s, chief| {
        crate::lifecycle::paper::decide(&s.db, &s.live, chief, paper_id, value).await?;
        Ok("paper_decided")
    })
    .await
}

/// The organiser watches marking progress (read-only: the chief judge acts on the tablet).
pub async fn show_progress(
    State(state): State<AppState>,
    page: PageActor,
    Path(event_id): Path<EventId>,
) -> Result<Response, PageError> {
    let (ev, _comp) =
        crate::competitions::events::find_event(&state.db, &page.actor, event_id).await?;
    let picture = progress::progress(&state.db, &ev).await?;
    Ok(ProgressPage {
        layout: Layout::signed_in("评分进度 · 匠心", &page),
        event_id: ev.id,
        review: Review::new(&picture, false, page.csrf.clone()),
    }
    .into_response())
}

/// A cell's aspect mark, or nothing while it does not count.
fn shown(value: Option<rust_decimal::Decimal>) -> String {
    value.map(mark).unwrap_or_default()
}
