//! An event's page: scheme, judges, entrants, the draw and the paper backup.

use super::Layout;
use super::admin::Choice;
use super::notice::{self, NoticeQuery};
use crate::competitions::events::{find_event, level_label};
use crate::competitions::{self, access};
use crate::entrants::{self};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::judging::access::must_recuse;
use crate::judging::judges;
use crate::judging::scheme;
use crate::judging::tablets::HeldBy;
use crate::state::AppState;
use crate::time::show_minute;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use entity::CompetitionId;
use entity::kinds::{Aggregation, EntrantStatus};
use entity::{EntrantId, JudgeId};
use entity::{EventId, OrganisationId};

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/edit", post(edit_event))
        .route("/admin/events/{id}", get(show_event))
}

pub struct AspectRow {
    pub component: String,
    pub module: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub max: String,
    pub aggregation: String,
    pub panel: String,
}

/// The event's current values, to fill the edit form.
pub struct EditValues {
    pub trade: String,
    pub group: String,
    pub track: String,
    pub level: String,
    pub host_id: String,
    pub venue: String,
    pub team_size: i32,
    pub hosting_cost: String,
    pub starts_at: String,
    pub ends_at: String,
}

/// A panel with entrants nobody in it may mark (all recused): what a substitute is for.
pub struct UncoveredPanel {
    pub panel: String,
    pub entrants: Vec<Choice>,
}

pub struct JudgeRow {
    pub id: JudgeId,
    pub name: String,
    pub organisation: String,
    pub role: &'static str,
    pub panel: String,
    pub id_masked: String,
    /// Entrants this judge may be given (never one of their own organisation).
    pub choices: Vec<Choice>,
}

/// A tablet signed in now, and what it still holds for other judges.
pub struct TabletRow {
    pub judge: String,
    pub device: String,
    pub since: String,
    /// "周敏 2 条", empty when it holds nothing for anyone else.
    pub held: String,
}

pub struct EntrantRow {
    pub id: EntrantId,
    pub entry_no: i32,
    pub station: String,
    pub blind_code: String,
    pub names: String,
    pub ids: String,
    pub organisation: String,
    pub status: &'static str,
    pub active: bool,
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/event.html")]
pub struct EventPage {
    layout: Layout,
    rules: super::results::RulesForm,
    id: EventId,
    competition_id: CompetitionId,
    competition: String,
    title: String,
    facts: Vec<(&'static str, String)>,
    can_manage: bool,
    /// Registration is open: mistaken entries may still be removed.
    can_remove: bool,
    can_see_draw: bool,
    aspects: Vec<AspectRow>,
    uncovered: Vec<UncoveredPanel>,
    problems: Vec<String>,
    judges: Vec<JudgeRow>,
    tablets: Vec<TabletRow>,
    /// How many tablets hold other judges' marks: said at the top of the page.
    tablets_holding: usize,
    entrants: Vec<EntrantRow>,
    organisations: Vec<Choice>,
    other_events: Vec<Choice>,
    draw_seed: String,
    edit: EditValues,
    notice: Option<&'static str>,
    error: Option<String>,
}

fn aggregation_label(a: &scheme::AspectDoc) -> String {
    match a.aggregation {
        Aggregation::TrimmedMean => format!("去掉最高、最低各 {} 后平均", a.trim),
        other => other.label().to_owned(),
    }
}

async fn event_page(
    state: &AppState,
    page: &PageActor,
    id: EventId,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<EventPage, PageError> {
    let (ev, comp) = find_event(&state.db, &page.actor, id).await?;
    let can_manage = access::can_manage_competition(&page.actor, &comp);
    let can_see_draw = access::can_see_draw(&page.actor, &comp, &ev);
    let orgs = crate::accounts::organisations::list_organisations(&state.db).await?;
    let org_name = |id: Option<OrganisationId>| {
        id.and_then(|id| orgs.iter().find(|o| o.id == id))
            .map(|o| o.name.clone())
            .unwrap_or_else(|| "—".into())
    };
    let doc = scheme::load_doc(&state.db, &ev).await?;
    let aspects = doc
        .components
        .iter()
        .flat_map(|c| c.modules.iter().map(move |m| (c, m)))
        .flat_map(|(c, m)| m.aspects.iter().map(move |a| (c, m, a)))
        .map(|(c, m, a)| AspectRow {
            component: format!("{}（{}%）", c.name, c.weight),
            module: format!("{} {}", m.code, m.name),
            code: a.code.clone(),
            name: a.name.clone(),
            kind: a.kind.label().to_owned(),
            max: a.max.to_string(),
            aggregation: aggregation_label(a),
            panel: a.panel.clone(),
        })
        .collect();
    let mut panels: Vec<String> = doc
        .components
        .iter()
        .flat_map(|c| c.modules.iter())
        .flat_map(|m| m.aspects.iter().map(|a| a.panel.clone()))
        .collect();
    panels.sort();
    panels.dedup();
    let mut uncovered = Vec::new();
    for panel in panels {
        let open = judges::uncovered(&state.db, ev.id, &panel).await?;
        if !open.is_empty() {
            uncovered.push(UncoveredPanel {
                panel,
                entrants: open
                    .iter()
                    .map(|e| Choice {
                        value: e.id.to_string(),
                        label: if can_see_draw {
                            format!("{} 号", e.entry_no)
                        } else {
                            e.blind_code.clone().unwrap_or_default()
                        },
                    })
                    .collect(),
            });
        }
    }
    let problems = scheme::problems(&state.db, &ev).await?;
    let entrant_views = entrants::entrant_views(&state.db, ev.id).await?;
    let judge_views = judges::judge_views(&state.db, ev.id).await?;
    let mut judge_rows = Vec::new();
    for j in judge_views {
        let choices = entrant_views
            .iter()
            .filter(|e| !must_recuse(&j.judge, &e.entrant))
            .map(|e| Choice {
                value: e.entrant.id.to_string(),
                label: if can_see_draw {
                    format!(
                        "{} 号（{}）",
                        e.entrant.entry_no,
                        e.entrant.blind_code.clone().unwrap_or_default()
                    )
                } else {
                    e.entrant.blind_code.clone().unwrap_or_default()
                },
            })
            .collect();
        judge_rows.push(JudgeRow {
            id: j.judge.id,
            name: j.name,
            organisation: j.organisation,
            role: if j.judge.substitute {
                "裁判（替补）"
            } else {
                j.judge.role.label()
            },
            panel: j.judge.panel,
            id_masked: j.id_masked,
            choices,
        });
    }
    let tablets = if can_manage {
        crate::judging::tablets::tablets_of_event(&state.db, ev.id)
            .await?
            .into_iter()
            .map(|t| TabletRow {
                judge: t.judge,
                device: t.device.unwrap_or_default(),
                since: show_minute(t.since),
                held: t
                    .held
                    .iter()
                    .map(|h| {
                        let who = match &h.judge {
                            HeldBy::Judge(name) => name.clone(),
                            HeldBy::Unknown(id) => format!("其他项目的裁判（编号 {id}）"),
                            HeldBy::Unnamed => "未注明裁判（旧版评分页）".to_owned(),
                        };
                        format!("{who} {} 条", h.marks)
                    })
                    .collect::<Vec<_>>()
                    .join("、"),
            })
            .collect()
    } else {
        Vec::new()
    };
    let entrant_rows = entrant_views
        .into_iter()
        .map(|e| EntrantRow {
            id: e.entrant.id,
            entry_no: e.entrant.entry_no,
            station: if can_see_draw {
                e.entrant.station.map(|s| s.to_string()).unwrap_or_default()
            } else {
                String::new()
            },
            blind_code: if can_see_draw {
                e.entrant.blind_code.clone().unwrap_or_default()
            } else {
                String::new()
            },
            names: e
                .members
                .iter()
                .map(|m| format!("{}（{}）", m.name, m.sex))
                .collect::<Vec<_>>()
                .join("、"),
            ids: e
                .members
                .iter()
                .map(|m| m.id_masked.clone())
                .collect::<Vec<_>>()
                .join("、"),
            organisation: e.organisation,
            status: e.entrant.status.label(),
            active: e.entrant.status == EntrantStatus::Active,
            reason: e.entrant.status_reason.unwrap_or_default(),
        })
        .collect();
    let other_events = competitions::list_events(&state.db, comp.id)
        .await?
        .into_iter()
        .filter(|e| e.id != ev.id)
        .map(|e| Choice {
            value: e.id.to_string(),
            label: crate::competitions::events::title(&e),
        })
        .collect();
    let facts = vec![
        ("组别", ev.group.label().to_owned()),
        ("赛项类别", ev.track.label().to_owned()),
        ("目标等级", level_label(ev.level).to_owned()),
        ("承办单位", org_name(ev.host_id)),
        ("比赛地点", ev.venue.clone().unwrap_or_else(|| "—".into())),
        (
            "比赛时间",
            match (ev.starts_at, ev.ends_at) {
                (Some(s), Some(e)) => format!("{} 至 {}", show_minute(s), show_minute(e)),
                (Some(s), None) => format!("{} 开始", show_minute(s)),
                _ => "—".into(),
            },
        ),
        (
            "每队人数",
            if ev.team_size == 1 {
                "个人赛".to_owned()
            } else {
                format!("{} 人", ev.team_size)
            },
        ),
        (
            "承办成本（元）",
            ev.hosting_cost
                .map(|c| crate::http::format::yuan(c.to_decimal()))
                .unwrap_or_else(|| "—".into()),
        ),
        (
            "抽签",
            ev.drawn_at
                .map(|t| format!("{} 完成", show_minute(t)))
                .unwrap_or_else(|| "尚未抽签".into()),
        ),
        (
            "评分方案",
            if ev.scheme_frozen {
                "已冻结（评分已开始）".into()
            } else {
                "可修改".into()
            },
        ),
    ];
    let code = |v: serde_json::Result<serde_json::Value>| {
        v.ok()
            .and_then(|v| v.as_str().map(ToOwned::to_owned))
            .unwrap_or_default()
    };
    let edit = EditValues {
        trade: ev.trade.clone(),
        group: code(serde_json::to_value(ev.group)),
        track: code(serde_json::to_value(ev.track)),
        level: ev.level.to_string(),
        host_id: ev.host_id.map(|h| h.to_string()).unwrap_or_default(),
        venue: ev.venue.clone().unwrap_or_default(),
        team_size: ev.team_size,
        hosting_cost: ev
            .hosting_cost
            .map(|c| format!("{:.2}", c.to_decimal()))
            .unwrap_or_default(),
        starts_at: ev
            .starts_at
            .map(crate::time::input_minute)
            .unwrap_or_default(),
        ends_at: ev
            .ends_at
            .map(crate::time::input_minute)
            .unwrap_or_default(),
    };
    let rules = crate::results::rules::rules_of_event(&state.db, &ev).await?;
    Ok(EventPage {
        rules: super::results::RulesForm::of(
            &rules,
            format!("/admin/events/{}/result-rules", ev.id),
            Some(format!("/admin/events/{}/result-rules/clear", ev.id)),
            can_manage,
        ),
        edit,
        layout: Layout::signed_in(format!("{}（{}）· 匠心", ev.trade, ev.group.label()), page),
        id: ev.id,
        competition_id: comp.id,
        competition: comp.name,
        title: crate::competitions::events::title(&ev),
        facts,
        can_manage,
        can_remove: can_manage && crate::competitions::status::registration_open(comp.status),
        can_see_draw,
        aspects,
        uncovered,
        problems,
        judges: judge_rows,
        tablets_holding: tablets.iter().filter(|t| !t.held.is_empty()).count(),
        tablets,
        entrants: entrant_rows,
        organisations: orgs
            .iter()
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.name.clone(),
            })
            .collect(),
        other_events,
        draw_seed: if can_see_draw {
            ev.draw_seed.unwrap_or_default()
        } else {
            String::new()
        },
        notice,
        error,
    })
}

pub async fn show_event(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Query(q): Query<NoticeQuery>,
) -> Result<EventPage, PageError> {
    event_page(&state, &page, id, notice::text(&q.notice), None).await
}

pub(super) async fn answer(
    state: &AppState,
    page: &PageActor,
    id: EventId,
    result: Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    super::answer_form(&format!("/admin/events/{id}"), result, async |message| {
        event_page(state, page, id, None, Some(message)).await
    })
    .await
}

pub(super) fn organisation(value: &str) -> Result<OrganisationId, AppError> {
    value
        .trim()
        .parse()
        .map(OrganisationId)
        .map_err(|_| AppError::invalid("organisation_id", "请选择单位"))
}

pub async fn edit_event(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(f): Form<super::competition::EventForm>,
) -> Result<Response, PageError> {
    page.check_csrf(f.csrf())?;
    let result = match super::competition::parse_event(f) {
        Ok(details) => {
            crate::competitions::events::update_event(&state.db, &page.actor, id, details)
                .await
                .map(|_| "event_updated")
        }
        Err(e) => Err(e),
    };
    answer(&state, &page, id, result).await
}
