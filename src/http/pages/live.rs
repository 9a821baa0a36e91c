//! Spectators' pages, no login: `/live/{event}` for phones and `/screen/{competition}` for the
//! hall screen. Both show the current ranking without JavaScript; with it they follow
//! `/ws/live/{event}`.

use super::Layout;
use crate::AppError;
use crate::http::error::PageError;
use crate::http::format::{entrant_status, total};
use crate::http::ws::boards::Boards;
use crate::leaderboard::live::LiveRow;
use crate::leaderboard::{public_competition, public_event_and_competition};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use entity::event;
use entity::{CompetitionId, EventId};

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/live/{id}", get(show_live))
        .route("/screen/{id}", get(show_screen))
}

/// A row as printed: every field already text.
pub struct RowView {
    pub entrant: entity::EntrantId,
    pub rank: String,
    pub name: String,
    pub organisation: String,
    pub total: String,
    pub marking: bool,
    pub status: String,
    pub movement: String,
    pub movement_class: &'static str,
    /// 奖项, once the results are final; empty before.
    pub award: String,
}

impl RowView {
    pub fn of(r: &LiveRow) -> Self {
        let (movement, movement_class) = match r.movement {
            m if m > 0 => (format!("▲{m}"), "up"),
            m if m < 0 => (format!("▼{}", -m), "down"),
            _ => ("–".to_owned(), "same"),
        };
        RowView {
            entrant: r.row.entrant,
            rank: r.row.rank.map(|n| n.to_string()).unwrap_or_default(),
            name: r.row.name.clone(),
            organisation: r.row.organisation.clone(),
            total: total(r.row.total),
            marking: r.row.marking,
            status: entrant_status(r.row.status).to_owned(),
            movement,
            movement_class,
            award: r.row.award.clone().unwrap_or_default(),
        }
    }
}

/// One event's board on a page.
pub struct BoardView {
    pub event: entity::EventId,
    pub title: String,
    pub competition: String,
    pub anonymous: bool,
    pub frozen_at: Option<String>,
    pub confirmed_only: bool,
    pub note: Option<String>,
    pub rows: Vec<RowView>,
    pub stream: String,
    pub seq: u64,
    pub marking: usize,
    /// The results are final: a 奖项 column.
    pub awards: bool,
}

async fn board_view(boards: &Boards, ev: &event::Model) -> Result<BoardView, AppError> {
    let channel = boards.channel(ev).await?;
    let (board, rows, seq, stream) = channel.current();
    Ok(BoardView {
        event: board.event,
        title: board.title,
        competition: board.competition,
        anonymous: board.anonymous,
        frozen_at: board.frozen_at.map(crate::time::show_minute),
        confirmed_only: board.confirmed_only,
        note: board.note,
        marking: rows.iter().filter(|r| r.row.marking).count(),
        awards: rows.iter().any(|r| r.row.award.is_some()),
        rows: rows.iter().map(RowView::of).collect(),
        stream,
        seq,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "live/board.html")]
pub struct LivePage {
    layout: Layout,
    board: BoardView,
    updated: String,
    /// The competition's other events, to switch to.
    others: Vec<(EventId, String)>,
    /// The competition is archived: the page says so rather than showing a live board.
    archived: bool,
}

pub async fn show_live(
    State(state): State<AppState>,
    Extension(boards): Extension<Boards>,
    Path(event_id): Path<EventId>,
) -> Result<Response, PageError> {
    let (ev, comp) = public_event_and_competition(&state.db, event_id).await?;
    let others = crate::competitions::list_events(&state.db, comp.id)
        .await?
        .iter()
        .filter(|e| e.id != ev.id)
        .map(|e| (e.id, crate::competitions::events::title(e)))
        .collect();
    let board = board_view(&boards, &ev).await?;
    Ok(LivePage {
        layout: Layout::public(format!("{} · 实时排名", board.title)),
        board,
        updated: crate::time::show_second(crate::time::now()),
        others,
        archived: comp.status == entity::kinds::CompetitionStatus::Archived,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "live/screen.html")]
pub struct ScreenPage {
    layout: Layout,
    competition: String,
    boards: Vec<BoardView>,
    updated: String,
}

pub async fn show_screen(
    State(state): State<AppState>,
    Extension(live): Extension<Boards>,
    Path(competition_id): Path<CompetitionId>,
) -> Result<Response, PageError> {
    let comp = public_competition(&state.db, competition_id).await?;
    let events = crate::competitions::list_events(&state.db, comp.id).await?;
    let mut boards = Vec::new();
    for ev in &events {
        boards.push(board_view(&live, ev).await?);
    }
    Ok(ScreenPage {
        layout: Layout::public(format!("{} · 实时排名", comp.name)),
        competition: comp.name,
        boards,
        updated: crate::time::show_second(crate::time::now()),
    }
    .into_response())
}
