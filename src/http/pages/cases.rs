//! Appeal and arbitration pages: a competition's cases for whoever has a part in it
//! (`/competitions/{id}/cases`: the organiser records paper cases, a team leader files an
//! on-site appeal), one case (`/cases/{id}`: the arbitration group reads the score explanation
//! and decides), and the index of an account's competitions (`/cases`).

use super::Layout;
use super::notice::{self, NoticeQuery};
use crate::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::results::access::{CaseViewer, can_decide, sees_contact, sees_explanation};
use crate::results::case_labels;
use crate::results::cases::{self, CaseCorrection, Correctable, Decision, NewCase};
use crate::state::AppState;
use crate::time::{parse_input_minute, show_minute};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use entity::kinds::CaseKind;
use entity::{CompetitionId, EventId};
use entity::{EntrantId, appeal_case, competition, event};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases", get(show_index))
        .route("/competitions/{id}/cases", get(show_cases).post(file_case))
        .route("/cases/{id}", get(show_case))
        .route("/cases/{id}/decision", post(decide_case))
}

pub struct CaseRow {
    pub id: i32,
    pub number: String,
    pub kind: &'static str,
    pub channel: &'static str,
    pub event: String,
    pub entrant: String,
    pub filer: String,
    pub filed_at: String,
    pub status: &'static str,
    pub open: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/index.html")]
pub struct IndexPage {
    layout: Layout,
    competitions: Vec<(CompetitionId, String, &'static str)>,
}

pub async fn show_index(
    State(state): State<AppState>,
    page: PageActor,
) -> Result<IndexPage, PageError> {
    let competitions = case_labels::competitions_of(&state.db, &page.actor)
        .await?
        .into_iter()
        .map(|(c, role)| (c.id, c.name, role.label()))
        .collect();
    Ok(IndexPage {
        layout: Layout::signed_in("申诉与仲裁 · 匠心", &page),
        competitions,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/list.html")]
pub struct ListPage {
    layout: Layout,
    competition_id: CompetitionId,
    competition: String,
    viewer: &'static str,
    /// A team leader: links to its organisation's certificates.
    is_leader: bool,
    cases: Vec<CaseRow>,
    /// Events to choose from.
    events: Vec<(EventId, String)>,
    /// Entrants the form may name: the leader's own organisation's, or all for the organiser.
    entrants: Vec<(EntrantId, String)>,
    can_file: bool,
    is_organiser: bool,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn list_page(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<ListPage, PageError> {
    let (comp, viewer, list) = cases::list(&state.db, &page.actor, id).await?;
    let choices = case_labels::choices(&state.db, comp.id, viewer).await?;
    let rows = list
        .iter()
        .map(|c| CaseRow {
            id: c.id,
            number: cases::case_number(&comp, c),
            kind: c.kind.label(),
            channel: c.channel.label(),
            event: choices.event_title(c.event_id),
            entrant: c
                .entrant_id
                .and_then(|e| choices.entrant_label(e))
                .unwrap_or_default(),
            filer: format!("{} {}", c.filer_name, c.filer_organisation),
            filed_at: show_minute(c.filed_at),
            status: c.status.label(),
            open: c.status == entity::kinds::CaseStatus::Open,
        })
        .collect();
    let can_file = matches!(viewer, CaseViewer::TeamLeader(_) | CaseViewer::Organiser)
        && !crate::competitions::status::results_final(comp.status);
    Ok(ListPage {
        layout: Layout::signed_in(format!("{} 申诉与仲裁 · 匠心", comp.name), page),
        competition_id: comp.id,
        competition: comp.name,
        viewer: match viewer {
            CaseViewer::Organiser => "组委会",
            CaseViewer::Arbitrator => "仲裁组",
            CaseViewer::TeamLeader(_) => "领队",
        },
        is_leader: matches!(viewer, CaseViewer::TeamLeader(_)),
        cases: rows,
        events: choices.events,
        entrants: choices.entrants,
        can_file,
        is_organiser: viewer == CaseViewer::Organiser,
        notice,
        error,
    })
}

pub async fn show_cases(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Query(q): Query<NoticeQuery>,
) -> Result<ListPage, PageError> {
    list_page(&state, &page, id, notice::text(&q.notice), None).await
}

/// The filing form: a team leader's appeal, or the organiser's record of a paper case.
pub async fn file_case(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let field = |name: &str| form.get(name).map_or("", String::as_str).trim().to_owned();
    page.check_csrf(&field("csrf"))?;
    let result = async {
        let (_, viewer) = cases::part_in(&state.db, &page.actor, id).await?;
        let new = NewCase {
            kind: if field("kind") == "objection" {
                CaseKind::Objection
            } else {
                CaseKind::OnSite
            },
            event_id: field("event_id")
                .parse()
                .map_err(|_| AppError::invalid("event_id", "请选择项目"))?,
            entrant_id: field("entrant_id").parse().ok().map(EntrantId),
            filer_name: field("filer_name"),
            filer_organisation: field("filer_organisation"),
            filer_phone: Some(field("filer_phone")).filter(|p| !p.is_empty()),
            claim: field("claim"),
            received_at: parse_input_minute(&field("received_at")),
        };
        match viewer {
            CaseViewer::TeamLeader(_) => cases::file_appeal(&state.db, &page.actor, id, new).await,
            CaseViewer::Organiser => {
                let org = field("filer_organisation_id").parse().ok();
                cases::record_paper(&state.db, &page.actor, id, new, org).await
            }
            CaseViewer::Arbitrator => Err(AppError::Forbidden),
        }
        .map(|_| "case_filed")
    }
    .await;
    super::answer_form(&format!("/competitions/{id}/cases"), result, async |m| {
        list_page(&state, &page, id, None, Some(m)).await
    })
    .await
}

pub struct FixRow {
    pub key: String,
    pub label: String,
    pub current: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/case.html")]
pub struct CasePage {
    layout: Layout,
    competition_id: CompetitionId,
    row: CaseRow,
    claim: String,
    phone: String,
    decided: Option<(String, String, String)>,
    explanation: Vec<String>,
    fixes: Vec<FixRow>,
    can_decide: bool,
    result_version: Option<i32>,
    error: Option<String>,
    notice: Option<&'static str>,
}

async fn case_page(
    state: &AppState,
    page: &PageActor,
    id: i32,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<CasePage, PageError> {
    let (comp, viewer, case) = cases::find(&state.db, &page.actor, id).await?;
    let ev = crate::competitions::events::by_id(&state.db, case.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let entrant_label = match case.entrant_id {
        Some(e) => case_labels::entrant_label(&state.db, e).await?,
        None => String::new(),
    };
    let deciding = can_decide(viewer) && case.status == entity::kinds::CaseStatus::Open;
    let fixes: Vec<Correctable> = if deciding {
        cases::correctable(&state.db, &case).await?
    } else {
        Vec::new()
    };
    Ok(CasePage {
        layout: Layout::signed_in(
            format!("案件 {} · 匠心", cases::case_number(&comp, &case)),
            page,
        ),
        competition_id: comp.id,
        row: row_of(&comp, &ev, &case, entrant_label),
        claim: case.claim.clone(),
        phone: case
            .filer_phone
            .clone()
            .filter(|_| sees_contact(viewer))
            .unwrap_or_default(),
        decided: case.decided_at.map(|at| {
            (
                show_minute(at),
                case.members.clone().unwrap_or_default(),
                case.reasons.clone().unwrap_or_default(),
            )
        }),
        explanation: if sees_explanation(viewer) {
            cases::explanation(&state.db, &case).await?
        } else {
            Vec::new()
        },
        fixes: fixes
            .into_iter()
            .map(|f| FixRow {
                key: format!("fix_{}_{}", f.aspect_id.0, f.judge_id.0),
                label: f.label,
                current: f
                    .current
                    .map(|v| v.normalize().to_string())
                    .unwrap_or_default(),
            })
            .collect(),
        can_decide: deciding,
        result_version: case.result_version,
        error,
        notice,
    })
}

fn row_of(
    comp: &competition::Model,
    ev: &event::Model,
    c: &appeal_case::Model,
    entrant: String,
) -> CaseRow {
    CaseRow {
        id: c.id,
        number: cases::case_number(comp, c),
        kind: c.kind.label(),
        channel: c.channel.label(),
        event: crate::competitions::events::title(ev),
        entrant,
        filer: format!("{} {}", c.filer_name, c.filer_organisation),
        filed_at: show_minute(c.filed_at),
        status: c.status.label(),
        open: c.status == entity::kinds::CaseStatus::Open,
    }
}

pub async fn show_case(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<i32>,
    Query(q): Query<NoticeQuery>,
) -> Result<CasePage, PageError> {
    case_page(&state, &page, id, notice::text(&q.notice), None).await
}

/// The arbitration group's decision; each filled "更正为" box is one corrected mark.
pub async fn decide_case(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<i32>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let field = |name: &str| form.get(name).map_or("", String::as_str).trim().to_owned();
    page.check_csrf(&field("csrf"))?;
    let result = async {
        let mut corrections = Vec::new();
        for (key, value) in &form {
            let Some(rest) = key.strip_prefix("fix_") else {
                continue;
            };
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let (aspect, judge) = rest
                .split_once('_')
                .and_then(|(a, j)| Some((a.parse().ok()?, j.parse().ok()?)))
                .ok_or_else(|| AppError::invalid("corrections", "更正项有误"))?;
            let value = Decimal::from_str(value)
                .map_err(|_| AppError::invalid("corrections", format!("“{value}”不是分数")))?;
            corrections.push(CaseCorrection {
                aspect_id: entity::AspectId(aspect),
                judge_id: entity::JudgeId(judge),
                value,
            });
        }
        corrections.sort_by_key(|c| (c.aspect_id, c.judge_id));
        let upheld = match field("decision").as_str() {
            "upheld" => true,
            "dismissed" => false,
            _ => return Err(AppError::invalid("decision", "请选择申诉成立或不成立")),
        };
        crate::lifecycle::cases::decide(
            &state.db,
            &state.live,
            &page.actor,
            id,
            Decision {
                upheld,
                members: field("members"),
                hearing_at: parse_input_minute(&field("hearing_at")),
                reasons: field("reasons"),
                corrections,
            },
        )
        .await?;
        Ok("case_decided")
    }
    .await;
    super::answer_form(&format!("/cases/{id}"), result, async |m| {
        case_page(&state, &page, id, None, Some(m)).await
    })
    .await
}
