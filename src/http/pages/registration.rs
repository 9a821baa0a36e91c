//! 报名 pages: a unit 领队's list (`/registration/{competition}`), the organiser's 资格审核
//! (`/admin/competitions/{id}/registration`) and the public, printable 参赛名单
//! (`/competitions/{id}/entrants`).

use super::Layout;
use super::notice::{self, NoticeQuery};
use crate::AppError;
use crate::competitions::events::level_label;
use crate::http::auth::{MaybePageActor, PageActor};
use crate::http::error::PageError;
use crate::registration::access::Party;
use crate::registration::public::{self, PublicEvent};
use crate::registration::review::{self, UnitProgress, Which};
use crate::registration::setup::{self, Eligibility, Invitation, Overview};
use crate::registration::{self, Amendment, EntryInput, EntryView, MemberInput};
use crate::state::AppState;
use crate::time::{input_minute, parse_input_minute, show_minute};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use entity::kinds::{EventGroup, RegistrationState};
use entity::{CompetitionId, EventId, OrganisationId, RegistrationEntryId};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registration", get(show_index))
        .route("/registration/{id}", get(show_unit))
        .route("/registration/{id}/entries", post(add_entry))
        .route("/registration/{id}/submit", post(submit))
        .route("/registration/{id}/import", post(import_preview))
        .route("/registration/{id}/import/commit", post(import_commit))
        .route("/registration/entries/{id}/amend", post(amend_entry))
        .route("/registration/entries/{id}/withdraw", post(withdraw_entry))
        .route("/admin/competitions/{id}/registration", get(show_review))
        .route("/admin/competitions/{id}/registration/invite", post(invite))
        .route(
            "/admin/competitions/{id}/registration/window",
            post(set_window),
        )
        .route(
            "/admin/competitions/{id}/registration/accept",
            post(accept_unit),
        )
        .route("/admin/events/{id}/eligibility", post(set_eligibility))
        .route(
            "/admin/registration/entries/{id}/accept",
            post(accept_entry),
        )
        .route(
            "/admin/registration/entries/{id}/return",
            post(return_entry),
        )
        .route("/competitions/{id}/entrants", get(show_public))
}

/// A form's fields by name (members come as `name_0`, `id_number_0`, …).
type Fields = HashMap<String, String>;

fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map_or("", |v| v.trim())
}

fn csrf(page: &PageActor, f: &Fields) -> Result<(), PageError> {
    Ok(page.check_csrf(field(f, "csrf"))?)
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

fn number(f: &Fields, name: &str, what: &str) -> Result<Option<i32>, AppError> {
    match field(f, name) {
        "" => Ok(None),
        t => t
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid(name, format!("{what}应为整数"))),
    }
}

fn group(text: &str) -> Result<EventGroup, AppError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| AppError::invalid("declared_group", "请选择组别"))
}

/// One event as the forms show it, with its rules in words.
pub struct EventLine {
    pub id: EventId,
    pub title: String,
    pub rules: String,
    pub min_age: String,
    pub max_age: String,
    pub age_on: String,
    pub quota: String,
    pub level: String,
}

fn event_lines(o: &Overview) -> Vec<EventLine> {
    o.events
        .iter()
        .map(|(e, r)| {
            let mut words = Vec::new();
            if let Some(r) = r {
                match (r.min_age, r.max_age) {
                    (Some(a), Some(b)) => words.push(format!("{a}–{b} 周岁")),
                    (Some(a), None) => words.push(format!("不小于 {a} 周岁")),
                    (None, Some(b)) => words.push(format!("不超过 {b} 周岁")),
                    _ => {}
                }
                if let (Some(on), true) = (r.age_on, r.min_age.is_some() || r.max_age.is_some()) {
                    words.push(format!("（按 {} 计算）", on.format("%Y-%m-%d")));
                }
                if let Some(q) = r.quota_per_unit {
                    words.push(format!("每单位限报 {q} 名"));
                }
                if let Some(l) = r.required_level {
                    words.push(format!("须具备{}及以上职业资格", level_label(l)));
                }
            }
            if e.team_size > 1 {
                words.push(format!("每队 {} 人", e.team_size));
            }
            let show = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_default();
            EventLine {
                id: e.id,
                title: crate::competitions::events::title(e),
                rules: if words.is_empty() {
                    "不限".into()
                } else {
                    words.join("，")
                },
                min_age: show(r.as_ref().and_then(|r| r.min_age)),
                max_age: show(r.as_ref().and_then(|r| r.max_age)),
                age_on: r
                    .as_ref()
                    .and_then(|r| r.age_on)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                quota: show(r.as_ref().and_then(|r| r.quota_per_unit)),
                level: show(r.as_ref().and_then(|r| r.required_level)),
            }
        })
        .collect()
}

/// An entry as the lists show it.
pub struct EntryLine {
    pub id: RegistrationEntryId,
    pub event: String,
    pub organisation: String,
    pub team: String,
    pub group: &'static str,
    pub state: RegistrationState,
    pub state_label: &'static str,
    pub return_reason: String,
    pub exception_reason: String,
    pub members: Vec<MemberRow>,
}

pub struct MemberRow {
    pub position: usize,
    pub name: String,
    pub sex: &'static str,
    pub id_masked: String,
    pub phone: String,
    pub level_label: &'static str,
    /// The level select's options: value, label, selected.
    pub options: Vec<(i32, &'static str, bool)>,
    pub number: String,
}

fn entry_lines(views: Vec<EntryView>) -> Vec<EntryLine> {
    views
        .into_iter()
        .map(|v| EntryLine {
            id: v.entry.id,
            event: v.event,
            organisation: v.organisation,
            team: v.entry.team_name.unwrap_or_default(),
            group: v.entry.declared_group.label(),
            state: v.entry.state,
            state_label: v.entry.state.label(),
            return_reason: v.entry.return_reason.unwrap_or_default(),
            exception_reason: v.entry.exception_reason.unwrap_or_default(),
            members: v
                .members
                .into_iter()
                .enumerate()
                .map(|(i, m)| MemberRow {
                    position: i,
                    name: m.name,
                    sex: m.sex,
                    id_masked: m.id_masked,
                    phone: m.phone_masked.unwrap_or_default(),
                    options: levels()
                        .into_iter()
                        .map(|(v, l)| (v, l, m.qualification_level == Some(v)))
                        .collect(),
                    level_label: m.qualification_level.map_or("—", level_label),
                    number: m.qualification_no.unwrap_or_default(),
                })
                .collect(),
        })
        .collect()
}

/// Skill levels for the selects: (value, label).
pub fn levels() -> Vec<(i32, &'static str)> {
    (1..=5).rev().map(|l| (l, level_label(l))).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "registration/index.html")]
pub struct IndexPage {
    layout: Layout,
    competitions: Vec<(CompetitionId, String, &'static str)>,
}

/// The competitions a 领队 registers for.
pub async fn show_index(
    State(state): State<AppState>,
    page: PageActor,
) -> Result<IndexPage, PageError> {
    let comps = crate::competitions::list_competitions(&state.db, &page.actor).await?;
    Ok(IndexPage {
        layout: Layout::signed_in("报名", &page),
        competitions: comps
            .into_iter()
            .map(|c| (c.id, c.name, c.status.label()))
            .collect(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "registration/unit.html")]
pub struct UnitPage {
    layout: Layout,
    id: CompetitionId,
    name: String,
    open: bool,
    closes_at: String,
    events: Vec<EventLine>,
    /// Member blocks on the add form: the largest team of any event.
    slots: Vec<usize>,
    levels: Vec<(i32, &'static str)>,
    entries: Vec<EntryLine>,
    progress: &'static str,
    notice: Option<&'static str>,
    error: Option<String>,
    /// A file checked and waiting for the 领队's 确认导入: its report and its bytes.
    preview: Option<(crate::entrants::import::ImportReport, String)>,
}

async fn unit_page(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<UnitPage, PageError> {
    let o = setup::overview(&state.db, &page.actor, id).await?;
    if o.party == Party::Organiser {
        // The organiser reviews on the admin page.
        return Err(AppError::NotFound.into());
    }
    let views = registration::list_entries(&state.db, &page.actor, id, None).await?;
    let states: Vec<RegistrationState> = views.iter().map(|v| v.entry.state).collect();
    let most = o
        .events
        .iter()
        .map(|(e, _)| e.team_size)
        .max()
        .unwrap_or(1)
        .max(1);
    Ok(UnitPage {
        layout: Layout::signed_in(format!("{} · 报名", o.competition.name), page),
        id,
        name: o.competition.name.clone(),
        open: o.open,
        closes_at: o.closes_at.map(show_minute).unwrap_or_default(),
        events: event_lines(&o),
        slots: (0..most as usize).collect(),
        levels: levels(),
        entries: entry_lines(views),
        progress: review::Progress::of(&states).label(),
        notice,
        error,
        preview: None,
    })
}

pub async fn show_unit(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Query(q): Query<NoticeQuery>,
) -> Result<UnitPage, PageError> {
    unit_page(&state, &page, id, notice::text(&q.notice), None).await
}

async fn unit_answer(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    result: Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    super::answer_form(&format!("/registration/{id}"), result, async |message| {
        unit_page(state, page, id, None, Some(message)).await
    })
    .await
}

/// A unit's file, checked and shown; nothing is stored until the 领队 confirms.
pub async fn import_preview(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let upload = super::Upload::read(multipart).await?;
    page.check_csrf(upload.field("csrf"))?;
    import_answer(&state, &page, id, &upload.content, false).await
}

#[derive(serde::Deserialize)]
pub struct CommitForm {
    csrf: String,
    file_hex: String,
}

/// 确认导入: the same bytes checked again and, when nothing is wrong, stored.
pub async fn import_commit(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(f): Form<CommitForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&f.csrf)?;
    let bytes = hex::decode(f.file_hex.trim())
        .map_err(|_| AppError::invalid("file", "文件已损坏，请重新上传"))?;
    import_answer(&state, &page, id, &bytes, true).await
}

async fn import_answer(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    bytes: &[u8],
    commit: bool,
) -> Result<Response, PageError> {
    let result = async {
        let table = crate::spreadsheet::read_table(bytes)?;
        registration::import::import(&state.db, &page.actor, id, &table, commit).await
    }
    .await;
    match result {
        Ok(report) if report.committed => Ok(axum::response::Redirect::to(&format!(
            "/registration/{id}?notice=registration_imported"
        ))
        .into_response()),
        Ok(report) => {
            let wrong = !report.errors.is_empty();
            let mut p = unit_page(state, page, id, None, None).await?;
            p.preview = Some((report, hex::encode(bytes)));
            let status = if wrong {
                axum::http::StatusCode::UNPROCESSABLE_ENTITY
            } else {
                axum::http::StatusCode::OK
            };
            Ok((status, p).into_response())
        }
        Err(e) => unit_answer(state, page, id, Err(e)).await,
    }
}

/// The members typed on the add form: blocks with a name, up to the event's team size.
fn members_of(f: &Fields) -> Result<Vec<MemberInput>, AppError> {
    let mut out = Vec::new();
    for i in 0..10 {
        let name = field(f, &format!("name_{i}"));
        if name.is_empty() {
            continue;
        }
        out.push(MemberInput {
            name: name.to_owned(),
            sex: field(f, &format!("sex_{i}")).to_owned(),
            id_number: field(f, &format!("id_number_{i}")).to_owned(),
            phone: optional(field(f, &format!("phone_{i}"))),
            qualification_level: number(f, &format!("level_{i}"), "职业资格等级")?,
            qualification_no: optional(field(f, &format!("number_{i}"))),
        });
    }
    Ok(out)
}

pub async fn add_entry(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let result = async {
        let event_id: EventId = field(&f, "event_id")
            .parse()
            .map_err(|_| AppError::invalid("event_id", "请选择项目"))?;
        let input = EntryInput {
            event_id,
            organisation_id: None,
            team_name: optional(field(&f, "team_name")),
            declared_group: group(field(&f, "declared_group"))?,
            members: members_of(&f)?,
            reason: None,
            exception_reason: None,
        };
        registration::add_entry(&state.db, &page.actor, id, input).await?;
        Ok("registration_added")
    }
    .await;
    unit_answer(&state, &page, id, result).await
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let result = match registration::submit(&state.db, &page.actor, id).await {
        Ok(report) if report.problems.is_empty() => Ok("registration_submitted"),
        Ok(report) => Err(AppError::invalid(
            "registration",
            format!(
                "未提交：{}",
                report
                    .problems
                    .iter()
                    .map(|p| format!("{}——{}", p.names, p.message))
                    .collect::<Vec<_>>()
                    .join("；")
            ),
        )),
        Err(e) => Err(e),
    };
    unit_answer(&state, &page, id, result).await
}

/// The page an entry's form came from: the unit's list, or the organiser's review.
fn back_of(f: &Fields, id: CompetitionId) -> String {
    if field(f, "back") == "review" {
        format!("/admin/competitions/{id}/registration")
    } else {
        format!("/registration/{id}")
    }
}

async fn entry_answer(
    state: &AppState,
    page: &PageActor,
    f: &Fields,
    id: CompetitionId,
    result: Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    let back = back_of(f, id);
    if back.starts_with("/admin") {
        super::answer_form(&back, result, async |message| {
            review_page(state, page, id, None, Some(message)).await
        })
        .await
    } else {
        unit_answer(state, page, id, result).await
    }
}

pub async fn amend_entry(
    State(state): State<AppState>,
    page: PageActor,
    Path(entry): Path<RegistrationEntryId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let (comp, _, _) = registration::visible_entry(&state.db, &page.actor, entry).await?;
    let result = async {
        let mut members = Vec::new();
        for i in 0..10 {
            if !f.contains_key(&format!("level_{i}")) {
                break;
            }
            members.push((
                number(&f, &format!("level_{i}"), "职业资格等级")?,
                optional(field(&f, &format!("number_{i}"))),
                None,
            ));
        }
        registration::amend_entry(
            &state.db,
            &page.actor,
            entry,
            Amendment {
                declared_group: None,
                team_name: None,
                members,
                reason: optional(field(&f, "reason")),
            },
        )
        .await?;
        Ok("registration_amended")
    }
    .await;
    entry_answer(&state, &page, &f, comp.id, result).await
}

pub async fn withdraw_entry(
    State(state): State<AppState>,
    page: PageActor,
    Path(entry): Path<RegistrationEntryId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let (comp, _, _) = registration::visible_entry(&state.db, &page.actor, entry).await?;
    let result =
        registration::withdraw_entry(&state.db, &page.actor, entry, Some(field(&f, "reason")))
            .await
            .map(|_| "registration_withdrawn");
    entry_answer(&state, &page, &f, comp.id, result).await
}

#[derive(Template, WebTemplate)]
#[template(path = "registration/review.html")]
pub struct ReviewPage {
    layout: Layout,
    id: CompetitionId,
    name: String,
    open: bool,
    closes_at: String,
    closes_input: String,
    events: Vec<EventLine>,
    levels: Vec<(i32, &'static str)>,
    units: Vec<UnitProgress>,
    waiting: Vec<EntryLine>,
    others: Vec<EntryLine>,
    organisations: Vec<(OrganisationId, String)>,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn review_page(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<ReviewPage, PageError> {
    let o = setup::overview(&state.db, &page.actor, id).await?;
    let units = review::progress(&state.db, &page.actor, id).await?;
    let (waiting, others): (Vec<EntryView>, Vec<EntryView>) =
        registration::list_entries(&state.db, &page.actor, id, None)
            .await?
            .into_iter()
            .partition(|v| v.entry.state == RegistrationState::Submitted);
    let organisations = crate::accounts::organisations::list_organisations(&state.db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(ReviewPage {
        layout: Layout::signed_in(format!("{} · 报名与资格审核", o.competition.name), page),
        id,
        name: o.competition.name.clone(),
        open: o.open,
        closes_at: o.closes_at.map(show_minute).unwrap_or_default(),
        closes_input: o.closes_at.map(input_minute).unwrap_or_default(),
        events: event_lines(&o),
        levels: levels(),
        units,
        waiting: entry_lines(waiting),
        others: entry_lines(others),
        organisations,
        notice,
        error,
    })
}

pub async fn show_review(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Query(q): Query<NoticeQuery>,
) -> Result<ReviewPage, PageError> {
    review_page(&state, &page, id, notice::text(&q.notice), None).await
}

async fn review_answer(
    state: &AppState,
    page: &PageActor,
    id: CompetitionId,
    result: Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    super::answer_form(
        &format!("/admin/competitions/{id}/registration"),
        result,
        async |message| review_page(state, page, id, None, Some(message)).await,
    )
    .await
}

pub async fn invite(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let result = async {
        let organisation_id: OrganisationId = field(&f, "organisation_id")
            .parse()
            .map_err(|_| AppError::invalid("organisation_id", "请选择单位"))?;
        let (_, created) = setup::invite(
            &state.db,
            &page.actor,
            id,
            Invitation {
                organisation_id,
                username: field(&f, "username").to_owned(),
                display_name: optional(field(&f, "display_name")),
                password: optional(field(&f, "password")),
            },
        )
        .await?;
        Ok(if created {
            "registration_invited_new"
        } else {
            "registration_invited"
        })
    }
    .await;
    review_answer(&state, &page, id, result).await
}

pub async fn set_window(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let result = async {
        let closes_at = parse_input_minute(field(&f, "closes_at"))
            .ok_or_else(|| AppError::invalid("closes_at", "请填写报名截止时间"))?;
        setup::set_window(&state.db, &page.actor, id, closes_at).await?;
        Ok("registration_window")
    }
    .await;
    review_answer(&state, &page, id, result).await
}

pub async fn set_eligibility(
    State(state): State<AppState>,
    page: PageActor,
    Path(event): Path<EventId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let id: CompetitionId = field(&f, "competition_id")
        .parse()
        .map_err(|_| AppError::NotFound)?;
    let result = async {
        let age_on = match field(&f, "age_on") {
            "" => None,
            t => Some(
                chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .map_err(|_| AppError::invalid("age_on", "日期格式应为 2026-09-01"))?,
            ),
        };
        setup::set_eligibility(
            &state.db,
            &page.actor,
            event,
            Eligibility {
                min_age: number(&f, "min_age", "最小年龄")?,
                max_age: number(&f, "max_age", "最大年龄")?,
                age_on,
                quota_per_unit: number(&f, "quota_per_unit", "每单位名额")?,
                required_level: number(&f, "required_level", "职业资格等级")?,
            },
        )
        .await?;
        Ok("registration_rules")
    }
    .await;
    review_answer(&state, &page, id, result).await
}

pub async fn accept_unit(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let result = async {
        let org: OrganisationId = field(&f, "organisation_id")
            .parse()
            .map_err(|_| AppError::invalid("organisation_id", "请选择单位"))?;
        review::accept(&state.db, &page.actor, id, Which::Unit(org)).await?;
        Ok("registration_accepted")
    }
    .await;
    review_answer(&state, &page, id, result).await
}

pub async fn accept_entry(
    State(state): State<AppState>,
    page: PageActor,
    Path(entry): Path<RegistrationEntryId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let (comp, _, _) = registration::visible_entry(&state.db, &page.actor, entry).await?;
    let result = review::accept(&state.db, &page.actor, comp.id, Which::Entry(entry))
        .await
        .map(|_| "registration_accepted");
    review_answer(&state, &page, comp.id, result).await
}

pub async fn return_entry(
    State(state): State<AppState>,
    page: PageActor,
    Path(entry): Path<RegistrationEntryId>,
    Form(f): Form<Fields>,
) -> Result<Response, PageError> {
    csrf(&page, &f)?;
    let (comp, _, _) = registration::visible_entry(&state.db, &page.actor, entry).await?;
    let result = review::return_entry(&state.db, &page.actor, entry, field(&f, "reason"))
        .await
        .map(|_| "registration_returned");
    review_answer(&state, &page, comp.id, result).await
}

#[derive(Template, WebTemplate)]
#[template(path = "public/entrants.html")]
pub struct PublicPage {
    layout: Layout,
    name: String,
    events: Vec<PublicEvent>,
}

/// 参赛名单公示: anyone, from 报名中 on; printable.
pub async fn show_public(
    State(state): State<AppState>,
    MaybePageActor(page): MaybePageActor,
    Path(id): Path<CompetitionId>,
) -> Result<Response, PageError> {
    let (comp, events) = public::public_list(&state.db, id).await?;
    let title = format!("{} 参赛名单", comp.name);
    let layout = match &page {
        Some(p) => Layout::signed_in(title, p),
        None => Layout::public(title),
    };
    Ok(PublicPage {
        layout,
        name: comp.name,
        events,
    }
    .into_response())
}
