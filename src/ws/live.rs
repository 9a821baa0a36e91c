//! `/ws/live/{event}`: spectators' live board, no login. A snapshot on connect (or, for a
//! reconnecting spectator who names its `stream` and last `seq`, what it missed), then updates.
//! A spectator too slow to keep up is sent a fresh snapshot, never silence. Protocol in
//! `docs/protocol.md`.

use super::boards::Frame;
use crate::error::AppError;
use crate::leaderboard::public_event;
use crate::state::AppState;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

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
    upgrade
        .read_buffer_size(MAX_INCOMING)
        .write_buffer_size(super::LIVE_BUFFER)
        .max_message_size(MAX_INCOMING)
        .max_frame_size(MAX_INCOMING)
        .on_upgrade(move |socket| spectate(socket, channel, resume))
}

async fn send(socket: &mut WebSocket, frame: &Frame) -> bool {
    socket
        .send(Message::Text(frame.bytes.clone()))
        .await
        .is_ok()
}

async fn spectate(
    mut socket: WebSocket,
    channel: std::sync::Arc<super::boards::Channel>,
    resume: Resume,
) {
    // Subscribe first, then catch up: nothing falls between the two.
    let mut updates = channel.subscribe();
    let mut last = 0;
    for frame in channel.catch_up(resume.stream.as_deref(), resume.since) {
        if !send(&mut socket, &frame).await {
            return;
        }
        last = frame.seq;
    }
    if last == 0 {
        last = resume.since.unwrap_or(0);
    }
    let every = Duration::from_secs(30);
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    loop {
        tokio::select! {
            update = updates.recv() => match update {
                Ok(frame) => {
                    if frame.seq > last {
                        if !send(&mut socket, &frame).await { return; }
                        last = frame.seq;
                    }
                }
                Err(RecvError::Lagged(_)) => {
                    // Too slow to keep up: start again from a fresh snapshot.
                    let frame = channel.snapshot();
                    if !send(&mut socket, &frame).await { return; }
                    last = frame.seq;
                }
                Err(RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                _ => {}
            },
            _ = ping.tick() => {
                if socket.send(Message::Ping(Vec::new().into())).await.is_err() { return; }
            }
        }
    }
}
