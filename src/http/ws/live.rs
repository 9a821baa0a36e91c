//! `/ws/live/{event}`: spectators' live board, no login. A snapshot on connect (or, for a
//! reconnecting spectator who names its `stream` and last `seq`, what it missed), then updates.
//! A spectator too slow to keep up is sent a fresh snapshot, never silence (see
//! [`super::fanout`]). Protocol in `docs/protocol.md`.

use super::boards::{Boards, Channel};
use super::fanout::Spectator;
use crate::error::AppError;
use crate::shutdown::Shutdown;
use crate::state::AppState;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::Deserialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Spectators send nothing but pings and closes; a message bigger than this is answered with a
/// close frame (1009) at once.
const MAX_INCOMING: usize = 1024;
/// What the socket layer reads at all: a bigger message is still closed with 1009, but without
/// reading it whole.
const MAX_READ: usize = 16 * 1024;
/// How long a socket told to close waits for the client's own close frame.
const CLOSE_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(Deserialize)]
pub struct Resume {
    stream: Option<String>,
    since: Option<u64>,
}

pub async fn live_socket(
    State(state): State<AppState>,
    Extension(boards): Extension<Boards>,
    Path(event_id): Path<i32>,
    Query(resume): Query<Resume>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let ev = match boards.public_event(event_id).await {
        Ok(ev) => ev,
        Err(AppError::NotFound) => {
            return (StatusCode::NOT_FOUND, "没有该比赛项目的实时排名").into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "live socket: event");
            return (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误").into_response();
        }
    };
    let channel = match boards.channel(&ev).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "live socket: board");
            return (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误").into_response();
        }
    };
    let mut response = upgrade
        .read_buffer_size(MAX_INCOMING)
        .write_buffer_size(super::LIVE_BUFFER)
        .max_message_size(MAX_READ)
        .max_frame_size(MAX_READ)
        .on_upgrade(move |socket| spectate(socket, channel, resume, state.shutdown));
    // A full hall opens thousands of these at once: not a request log line each.
    response.extensions_mut().insert(crate::http::Routine);
    response
}

/// The spectator's own task only reads: its shard does the writing (the close frames too).
async fn spectate(socket: WebSocket, channel: Arc<Channel>, resume: Resume, shutdown: Shutdown) {
    let _open = shutdown.open_socket();
    let (sink, mut incoming) = socket.split();
    let gone = Arc::new(AtomicBool::new(false));
    let shard = channel.join(Spectator {
        sink,
        last: 0,
        resume: Some((resume.stream, resume.since)),
        gone: gone.clone(),
    });
    let mut stopping = shutdown.subscribe();
    let closing = loop {
        let message = tokio::select! {
            m = incoming.next() => m,
            // The shards send every spectator its 1001; this task waits for the answer.
            () = async { let _ = stopping.wait_for(|b| *b).await; } => break true,
        };
        let code = match message {
            None | Some(Ok(Message::Close(_))) => break false,
            Some(Ok(Message::Binary(_))) => 1003,
            Some(Ok(Message::Text(t))) if t.len() > MAX_INCOMING => 1009,
            // Beyond what the socket layer reads at all.
            Some(Err(_)) => 1009,
            Some(Ok(_)) => continue,
        };
        channel.close(shard, gone.clone(), code);
        break true;
    };
    if closing {
        // The client answers the close frame with its own; then the connection ends.
        let _ = tokio::time::timeout(CLOSE_GRACE, async {
            while let Some(Ok(m)) = incoming.next().await {
                if matches!(m, Message::Close(_)) {
                    break;
                }
            }
        })
        .await;
    }
    gone.store(true, Ordering::Relaxed);
}
