use super::Layout;
use crate::competitions;
use crate::http::auth::MaybePageActor;
use crate::http::error::PageError;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use entity::kinds::CompetitionStatus;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new().route("/", get(show_home))
}

pub struct PublicCompetition {
    pub id: entity::CompetitionId,
    pub name: String,
    pub kind: &'static str,
    pub status: &'static str,
    /// Its proposed awards are public (成绩公示, 成绩确认).
    pub publicity: Option<entity::CompetitionId>,
    /// 拟获奖名单 during publicity, 获奖名单 once final.
    pub publicity_label: &'static str,
    /// The contest has started and is not archived: its boards and hall screen are live.
    pub live: bool,
    pub archived: bool,
    /// Its events, with their `/live` boards when `live`.
    pub events: Vec<(entity::EventId, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    layout: Layout,
    competitions: Vec<PublicCompetition>,
}

pub async fn show_home(
    State(state): State<AppState>,
    MaybePageActor(page): MaybePageActor,
) -> Result<HomePage, PageError> {
    let title = "匠心 · 金华技能竞赛管理与评分系统";
    let layout = match &page {
        Some(p) => Layout::signed_in(title, p),
        None => Layout::public(title),
    };
    let mut competitions = Vec::new();
    for c in competitions::list_public_competitions(&state.db).await? {
        let archived = c.status == CompetitionStatus::Archived;
        let live = competitions::access::can_watch(&c) && !archived;
        let events = competitions::list_events(&state.db, c.id)
            .await?
            .iter()
            .map(|e| (e.id, competitions::events::title(e)))
            .collect();
        competitions.push(PublicCompetition {
            id: c.id,
            publicity: crate::results::publicity::is_public(&c).then_some(c.id),
            publicity_label: if c.status == CompetitionStatus::Final {
                "获奖名单"
            } else {
                "拟获奖名单"
            },
            name: c.name,
            kind: c.kind.label(),
            status: c.status.label(),
            live,
            archived,
            events,
        });
    }
    // What is happening now comes first.
    competitions.sort_by_key(|c| (!c.live, c.archived));
    Ok(HomePage {
        layout,
        competitions,
    })
}
