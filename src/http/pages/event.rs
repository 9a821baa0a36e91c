//! An event's page: scheme, judges, entrants, the draw and the paper backup.

use super::Layout;
use super::admin::Choice;
use super::event_rows::{
    self as rows, AspectRow, EditValues, EntrantRow, JudgeRow, TabletRow, UncoveredPanel,
};
use super::notice::{self, NoticeQuery};
use crate::competitions::events::find_event;
use crate::competitions::{self, access};
use crate::entrants::{self};
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::judging::judges;
use crate::judging::scheme;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use entity::CompetitionId;
use entity::{EventId, OrganisationId};

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/edit", post(edit_event))
        .route("/admin/events/{id}", get(show_event))
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
    /// 二次加密 is on: the draw is sealed, stations come from the door.
    second_draw: bool,
    /// The chief judge has locked the marks (the 解密 may be opened).
    locked: bool,
    edit: EditValues,
    progress: super::event_progress::EventProgress,
    notice: Option<&'static str>,
    error: Option<String>,
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
    let problems = scheme::problems(&state.db, &ev).await?;
    let entrant_views = entrants::entrant_views(&state.db, ev.id).await?;
    let judge_views = judges::judge_views(&state.db, ev.id).await?;
    let tablets = if can_manage {
        rows::tablet_rows(&state.db, &ev).await?
    } else {
        Vec::new()
    };
    let other_events = competitions::list_events(&state.db, comp.id)
        .await?
        .into_iter()
        .filter(|e| e.id != ev.id)
        .map(|e| Choice {
            value: e.id.to_string(),
            label: crate::competitions::events::title(&e),
        })
        .collect();
    let rules = crate::results::rules::rules_of_event(&state.db, &ev).await?;
    let progress = super::event_progress::event_progress(
        &state.db,
        &ev,
        &entrant_views,
        problems.is_empty() && !doc.components.is_empty(),
    )
    .await?;
    Ok(EventPage {
        rules: super::results::RulesForm::of(
            &rules,
            format!("/admin/events/{}/result-rules", ev.id),
            Some(format!("/admin/events/{}/result-rules/clear", ev.id)),
            can_manage,
        ),
        edit: rows::edit_values(&ev),
        progress,
        layout: Layout::signed_in(format!("{}（{}）· 匠心", ev.trade, ev.group.label()), page),
        id: ev.id,
        competition_id: comp.id,
        competition: comp.name,
        title: crate::competitions::events::title(&ev),
        facts: rows::facts(&ev, org_name(ev.host_id)),
        can_manage,
        can_remove: can_manage && crate::competitions::status::registration_open(comp.status),
        can_see_draw,
        aspects: rows::aspect_rows(&doc),
        uncovered: rows::uncovered_panels(&state.db, &ev, &doc, can_see_draw).await?,
        problems,
        judges: rows::judge_rows(
            judge_views,
            &entrant_views,
            &judges::assignments_of_event(&state.db, ev.id).await?,
            can_see_draw,
            access::draw_sealed(&ev),
        ),
        tablets_holding: tablets.iter().filter(|t| !t.held.is_empty()).count(),
        tablets,
        entrants: rows::entrant_rows(entrant_views, can_see_draw),
        organisations: orgs
            .iter()
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.name.clone(),
            })
            .collect(),
        other_events,
        second_draw: ev.second_draw_seed.is_some(),
        locked: ev.marks_locked_at.is_some(),
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
