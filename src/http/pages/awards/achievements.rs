//! Achievements: the list, entry by hand, import from Excel; and the hosting subsidy: the
//! bureau's 市一级 approval per competition, the host's proof of cost per event, and the
//! officer's lowered amount.

use super::{NoticeQuery, money, notice, officer};
use crate::AppError;
use crate::awards::achievements::{self, Lookup, NewAchievement};
use crate::awards::{compute, import, policy, reports};
use crate::entrants::id_card;
use crate::http::api::files::xlsx_file;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::http::pages::{Layout, Upload, answer_form};
use crate::spreadsheet::RowError;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use entity::kinds::AchievementSource;
use entity::{CompetitionId, EventId};
use serde::Deserialize;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/awards/achievements",
            get(show_achievements).post(add_achievement),
        )
        .route("/awards/achievements/import", post(import_achievements))
        .route("/awards/achievements/template.xlsx", get(template))
        .route("/awards/achievements/{id}/amount", post(set_amount))
        .route("/awards/achievements/{id}/withdraw", post(withdraw))
        .route("/awards/achievements/{id}/conditions", post(tick_condition))
        .route("/awards/hosting", get(show_hosting))
        .route("/awards/hosting/competitions/{id}", post(set_city_level))
        .route(
            "/awards/hosting/events/{id}/proof",
            get(download_proof).post(upload_proof),
        )
}

pub struct ItemOption {
    pub code: String,
    pub label: String,
}

pub struct AchievementRow {
    pub id: i32,
    pub on: String,
    pub kind: &'static str,
    pub description: String,
    pub person: String,
    pub organisation: String,
    pub item: String,
    pub paid: String,
    /// Conditions the item requires: (condition, evidence if ticked).
    pub conditions: Vec<(String, Option<String>)>,
    pub withdrawn: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "awards/achievements.html")]
pub struct AchievementsPage {
    layout: Layout,
    notice: Option<&'static str>,
    error: Option<String>,
    row_errors: Vec<RowError>,
    items: Vec<ItemOption>,
    rows: Vec<AchievementRow>,
}

async fn achievements_page(
    state: &AppState,
    page: &PageActor,
    notice: Option<&'static str>,
    error: Option<String>,
    row_errors: Vec<RowError>,
) -> Result<AchievementsPage, PageError> {
    let versions = policy::all_versions(&state.db).await?;
    let items = policy::catalogue(&versions)
        .into_iter()
        .filter(|(code, _)| *code != "hosting_city")
        .map(|(code, vs)| {
            let last = vs[vs.len() - 1];
            ItemOption {
                code: code.to_owned(),
                label: format!(
                    "第{}条 {}（{}）",
                    last.row.clause,
                    last.row.name,
                    crate::http::format::policy_rule(last)
                ),
            }
        })
        .collect();
    let names: HashMap<String, String> = versions
        .iter()
        .map(|v| (v.row.code.clone(), v.row.name.clone()))
        .collect();
    let lines = reports::all_lines(&state.db).await?;
    let mut sums: HashMap<i32, rust_decimal::Decimal> = HashMap::new();
    for l in &lines {
        *sums.entry(l.achievement_id).or_default() += l.amount.to_decimal();
    }
    let rows = achievements::list(&state.db)
        .await?
        .into_iter()
        .map(|a| AchievementRow {
            id: a.row.id,
            on: a.row.achieved_on.to_string(),
            kind: a.row.kind.label(),
            description: a.row.description.clone(),
            person: a
                .person
                .map(|p| format!("{} {}", p.name, id_card::mask(&p.id_number)))
                .unwrap_or_default(),
            organisation: a.organisation.map(|o| o.name).unwrap_or_default(),
            item: a
                .row
                .item_code
                .as_ref()
                .map_or("（不产生奖补）".to_owned(), |c| {
                    names.get(c).cloned().unwrap_or_else(|| c.clone())
                }),
            paid: sums
                .get(&a.row.id)
                .map(|s| crate::http::format::yuan(*s))
                .unwrap_or_default(),
            conditions: {
                let met = crate::awards::conditions::met(&a.row);
                crate::awards::conditions::required(&versions, &a.row)
                    .iter()
                    .map(|c| {
                        let evidence = met
                            .iter()
                            .find(|m| &m.condition == c)
                            .map(|m| m.evidence.clone());
                        (c.clone(), evidence)
                    })
                    .collect()
            },
            withdrawn: a.row.withdrawn_reason.clone(),
        })
        .collect();
    Ok(AchievementsPage {
        layout: Layout::signed_in("成果记录 · 匠心", page),
        notice,
        error,
        row_errors,
        items,
        rows,
    })
}

pub async fn show_achievements(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<NoticeQuery>,
) -> Result<AchievementsPage, PageError> {
    officer(&page)?;
    achievements_page(&state, &page, notice(&q.notice), None, Vec::new()).await
}

#[derive(Deserialize)]
pub struct AchievementForm {
    csrf: String,
    #[serde(flatten)]
    new: NewAchievementForm,
}

#[derive(Deserialize)]
pub struct NewAchievementForm {
    item: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    organisation: String,
    achieved_on: String,
    description: String,
    #[serde(default)]
    heads: String,
    #[serde(default)]
    base: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    flagged: Option<String>,
    #[serde(default)]
    series: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    duplicate_reason: String,
}

pub async fn add_achievement(
    State(state): State<AppState>,
    page: PageActor,
    Form(form): Form<AchievementForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let f = form.new;
    let new = NewAchievement {
        item: f.item,
        id_number: f.id_number,
        name: f.name,
        organisation: f.organisation,
        achieved_on: f.achieved_on,
        description: f.description,
        heads: f.heads,
        base: f.base,
        amount: f.amount,
        flagged: f.flagged.is_some(),
        series: f.series,
        details: f.details,
        duplicate_reason: f.duplicate_reason,
    };
    let result = async {
        let look = Lookup::load(&state.db).await?;
        let checked = achievements::check(&look, &new)
            .map_err(|(field, message)| AppError::invalid(field, message))?;
        achievements::store_all(
            &state.db,
            &page.actor,
            AchievementSource::Entered,
            vec![checked],
        )
        .await?;
        compute::recompute(&state.db).await?;
        Ok("achievement")
    }
    .await;
    answer_form("/awards/achievements", result, async |message| {
        achievements_page(&state, &page, None, Some(message), Vec::new()).await
    })
    .await
}

pub async fn import_achievements(
    State(state): State<AppState>,
    page: PageActor,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = Upload::read(multipart).await?;
    page.check_csrf(upload.field("csrf"))?;
    officer(&page)?;
    let done = import::import(&state.db, &page.actor, &upload.content).await?;
    if done.errors.is_empty() {
        compute::recompute(&state.db).await?;
        return Ok(
            axum::response::Redirect::to("/awards/achievements?notice=imported").into_response(),
        );
    }
    let message = format!("文件有 {} 处错误，未导入任何成果：", done.errors.len());
    Ok((
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        achievements_page(&state, &page, None, Some(message), done.errors).await?,
    )
        .into_response())
}

pub async fn template(page: PageActor) -> Result<Response, PageError> {
    officer(&page)?;
    Ok(xlsx_file("成果导入模板.xlsx", import::template()?))
}

#[derive(Deserialize)]
pub struct AmountForm {
    csrf: String,
    amount: String,
    reason: String,
}

pub async fn set_amount(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<i32>,
    Form(form): Form<AmountForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = async {
        achievements::set_officer_amount(&state.db, &page.actor, id, &form.amount, &form.reason)
            .await?;
        compute::recompute(&state.db).await?;
        Ok("amount")
    }
    .await;
    answer_form("/awards/hosting", result, async |message| {
        hosting_page(&state, &page, None, Some(message)).await
    })
    .await
}

pub struct HostedEvent {
    pub id: EventId,
    pub title: String,
    pub host: String,
    pub cost: String,
    pub proof: Option<String>,
    pub achievement: Option<i32>,
    pub amount: String,
    pub ceiling: String,
    pub note: String,
    pub status: String,
}

pub struct HostedCompetition {
    pub id: CompetitionId,
    pub name: String,
    pub status: &'static str,
    pub approved: bool,
    pub doc: String,
    pub events: Vec<HostedEvent>,
}

#[derive(Template, WebTemplate)]
#[template(path = "awards/hosting.html")]
pub struct HostingPage {
    layout: Layout,
    notice: Option<&'static str>,
    error: Option<String>,
    competitions: Vec<HostedCompetition>,
}

async fn hosting_page(
    state: &AppState,
    page: &PageActor,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<HostingPage, PageError> {
    let orgs = crate::accounts::organisations::names(&state.db).await?;
    let lines = reports::all_lines(&state.db).await?;
    let mut competitions = Vec::new();
    for crate::awards::hosting::HostedCompetition {
        competition: comp,
        events,
    } in crate::awards::hosting::overview(&state.db).await?
    {
        let events = events
            .into_iter()
            .map(|h| {
                let ev = h.event;
                let achievement = h.achievement;
                let mine: Vec<_> = lines
                    .iter()
                    .filter(|l| Some(l.achievement_id) == achievement)
                    .collect();
                let amount: rust_decimal::Decimal =
                    mine.iter().map(|l| l.amount.to_decimal()).sum();
                HostedEvent {
                    id: ev.id,
                    title: crate::competitions::events::title(&ev),
                    host: ev
                        .host_id
                        .and_then(|h| orgs.get(&h).cloned())
                        .unwrap_or_default(),
                    cost: ev.hosting_cost.map(money).unwrap_or_else(|| "未报".into()),
                    proof: h.proof,
                    achievement,
                    amount: if mine.is_empty() {
                        String::new()
                    } else {
                        crate::http::format::yuan(amount)
                    },
                    ceiling: mine
                        .iter()
                        .find_map(|l| l.ceiling)
                        .map(money)
                        .unwrap_or_default(),
                    note: mine.last().map(|l| l.note.clone()).unwrap_or_default(),
                    status: mine
                        .iter()
                        .map(|l| l.status.label())
                        .collect::<Vec<_>>()
                        .join("、"),
                }
            })
            .collect();
        competitions.push(HostedCompetition {
            id: comp.id,
            name: comp.name,
            status: comp.status.label(),
            approved: comp.city_level_approved,
            doc: comp.city_level_doc.unwrap_or_default(),
            events,
        });
    }
    Ok(HostingPage {
        layout: Layout::signed_in("承办补助 · 匠心", page),
        notice,
        error,
        competitions,
    })
}

pub async fn show_hosting(
    State(state): State<AppState>,
    page: PageActor,
    Query(q): Query<NoticeQuery>,
) -> Result<HostingPage, PageError> {
    officer(&page)?;
    hosting_page(&state, &page, notice(&q.notice), None).await
}

#[derive(Deserialize)]
pub struct CityLevelForm {
    csrf: String,
    #[serde(default)]
    approved: Option<String>,
    #[serde(default)]
    doc_number: String,
}

pub async fn set_city_level(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(form): Form<CityLevelForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = achievements::set_city_level(
        &state.db,
        &page.actor,
        id,
        form.approved.is_some(),
        &form.doc_number,
    )
    .await
    .map(|_| "city_level");
    answer_form("/awards/hosting", result, async |message| {
        hosting_page(&state, &page, None, Some(message)).await
    })
    .await
}

pub async fn upload_proof(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = Upload::read(multipart).await?;
    page.check_csrf(upload.field("csrf"))?;
    officer(&page)?;
    let result = achievements::attach_proof(
        &state.db,
        &page.actor,
        id,
        &upload.file_name,
        upload.content,
    )
    .await
    .map(|()| "proof");
    answer_form("/awards/hosting", result, async |message| {
        hosting_page(&state, &page, None, Some(message)).await
    })
    .await
}

pub async fn download_proof(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
) -> Result<Response, PageError> {
    officer(&page)?;
    let proof = crate::awards::hosting::proof(&state.db, id).await?;
    Ok(crate::http::download::file(
        "application/octet-stream",
        crate::http::download::Show::Attachment,
        "proof",
        &proof.file_name,
        true,
        proof.content,
    ))
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    csrf: String,
    reason: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<i32>,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = crate::awards::withdraw::withdraw(&state.db, &page.actor, id, &form.reason)
        .await
        .map(|_| "withdrawn");
    answer_form("/awards/achievements", result, async |message| {
        achievements_page(&state, &page, None, Some(message), Vec::new()).await
    })
    .await
}

#[derive(Deserialize)]
pub struct ConditionForm {
    csrf: String,
    condition: String,
    evidence: String,
}

pub async fn tick_condition(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<i32>,
    Form(form): Form<ConditionForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    officer(&page)?;
    let result = crate::awards::conditions::confirm(
        &state.db,
        &page.actor,
        id,
        &[(form.condition, form.evidence)],
    )
    .await
    .map(|_| "conditions");
    answer_form("/awards/achievements", result, async |message| {
        achievements_page(&state, &page, None, Some(message), Vec::new()).await
    })
    .await
}
