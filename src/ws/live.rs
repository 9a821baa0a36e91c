//! `/ws/live/{event}`: spectators' live board, no login. A snapshot on connect (or, for a
//! reconnecting spectator who names its `stream` and last `seq`, what it missed), then updates.
//! A spectator too slow to keep up is sent a fresh snapshot, never silence (see
//! [`super::fanout`]). Protocol in `docs/protocol.md`.

use super::boards::Channel;
use super::fanout::Spectator;
use crate::error::AppError;
use crate::leaderboard::public_event;
use crate::state::AppState;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::Deserialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Spectators send nothing but pings and closes; anything big is not a spectator.
const MAX_INCOMING: usize = 1024;

#[derive(Deserialize)]
pub struct Resume {
    stream: Option<String>,
    since: Option<u64>,
}

pub async fn live_socket(
    State(state): State<AppState>,
    Path(event_id): Path<i32>,
    Query(resume): Query<Resume>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let ev = match public_event(&state.db, event_id).await {
        Ok(ev) => ev,
        Err(AppError::NotFound) => {
            return (StatusCode::NOT_FOUND, "没有该比赛项目的实时排名").into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "live socket: event");
            return (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误").into_response();
        }
    };
    let channel = match state.boards.channel(&ev).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "live socket: board");
            return (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误").into_response();
        }
    };
    let mut response = upgrade
        .read_buffer_size(MAX_INCOMING)
        .write_buffer_size(super::LIVE_BUFFER)
        .max_message_size(MAX_INCOMING)
        .max_frame_size(MAX_INCOMING)
        .on_upgrade(move |socket| spectate(socket, channel, resume));
    // A full hall opens thousands of these at once: not a request log line each.
    response.extensions_mut().insert(crate::http::Routine);
    response
}

/// The spectator's own task only reads: its shard does the writing.
async fn spectate(socket: WebSocket, channel: Arc<Channel>, resume: Resume) {
    let (sink, mut incoming) = socket.split();
    let gone = Arc::new(AtomicBool::new(false));
    channel.join(Spectator {
        sink,
        last: 0,
        resume: Some((resume.stream, resume.since)),
        gone: gone.clone(),
    });
    while let Some(Ok(message)) = incoming.next().await {
        if matches!(message, Message::Close(_)) {
            break;
        }
    }
    gone.store(true, Ordering::Relaxed);
}
