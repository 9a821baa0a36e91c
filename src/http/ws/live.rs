//! `/ws/live/{event}`: spectators' live board, no login. A snapshot on connect (or, for a
//! reconnecting spectator who names its `stream` and last `seq`, what it missed), then updates.
//! A spectator too slow to keep up is sent a fresh snapshot, never silence (see
//! [`super::fanout`]). Protocol in `docs/protocol.md`.

use super::boards::{Boards, Channel};
use super::fanout::Spectator;
use crate::error::AppError;
use crate::shutdown::Shutdown;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entity::EventId;
use futures_util::StreamExt;
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};

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
    Path(event_id): Path<EventId>,
    Query(resume): Query<Resume>,
    mut request: Request,
) -> Response {
    // The handshake, by hand: the socket itself is needed afterwards (see `super::fanout`).
    let Some(accept) = handshake_key(request.headers()) else {
        return (
            StatusCode::BAD_REQUEST,
            "须以 WebSocket 连接 (a WebSocket upgrade is required)",
        )
            .into_response();
    };
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
    let upgrade = hyper::upgrade::on(&mut request);
    tokio::spawn(async move {
        match upgrade.await.map(|u| u.downcast::<TokioIo<TcpStream>>()) {
            Ok(Ok(parts)) => {
                // Whatever the client sent after its upgrade request, copied: the `Bytes`
                // hyper hands over shares its 8 KiB read buffer, which an idle spectator would
                // otherwise keep for as long as it watches.
                let early = if parts.read_buf.is_empty() {
                    Bytes::new()
                } else {
                    Bytes::copy_from_slice(&parts.read_buf)
                };
                drop(parts.read_buf);
                spectate(
                    parts.io.into_inner(),
                    early,
                    channel,
                    resume,
                    state.shutdown,
                )
                .await;
            }
            Ok(Err(_)) => tracing::error!("live socket: not a TCP connection"),
            Err(e) => tracing::debug!(error = %e, "live socket: upgrade"),
        }
    });
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    if let Ok(accept) = HeaderValue::from_str(&accept) {
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
    }
    // A full hall opens thousands of these at once: not a request log line each.
    response.extensions_mut().insert(crate::http::Routine);
    response
}

/// The `Sec-WebSocket-Accept` answer to a well-formed upgrade request, or `None`.
fn handshake_key(headers: &HeaderMap) -> Option<String> {
    let has = |name: header::HeaderName, token: &str| {
        headers.get_all(name).iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
        })
    };
    if !has(header::CONNECTION, "upgrade")
        || !has(header::UPGRADE, "websocket")
        || headers.get(header::SEC_WEBSOCKET_VERSION)?.as_bytes() != b"13"
    {
        return None;
    }
    let key = headers.get(header::SEC_WEBSOCKET_KEY)?;
    Some(derive_accept_key(key.as_bytes()))
}

/// The spectator's socket as its reading side sees it: reads come from the socket (after
/// whatever the handshake had already read), and anything the WebSocket layer writes (a pong,
/// a close reply) goes to the spectator's shard, the only writer.
struct Wire {
    socket: Arc<TcpStream>,
    early: Bytes,
    shard: Arc<Channel>,
    who: Arc<AtomicBool>,
    /// What it may still hand the shard, refilled over time ([`RAW_PER_SECOND`]).
    budget: f64,
    refilled: std::time::Instant,
}

/// Replies (pongs) a spectator's side may hand its shard per second, beyond a burst of
/// [`RAW_BURST`]: a client pinging without pause would otherwise make its shard look it up
/// among thousands again and again, delaying everyone's update. Spectators need not ping at
/// all (the server does); replies beyond this are dropped.
const RAW_PER_SECOND: f64 = 2.0;
const RAW_BURST: f64 = 10.0;

impl AsyncRead for Wire {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if !self.early.is_empty() {
            let n = self.early.len().min(buf.remaining());
            buf.put_slice(&self.early.split_to(n));
            return Poll::Ready(Ok(()));
        }
        loop {
            std::task::ready!(self.socket.poll_read_ready(cx))?;
            let unfilled = buf.initialize_unfilled();
            match self.socket.try_read(unfilled) {
                Ok(n) => {
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

impl AsyncWrite for Wire {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let now = std::time::Instant::now();
        let earned = now.duration_since(self.refilled).as_secs_f64() * RAW_PER_SECOND;
        self.budget = (self.budget + earned).min(RAW_BURST);
        self.refilled = now;
        if self.budget >= 1.0 {
            self.budget -= 1.0;
            self.shard
                .raw(self.who.clone(), Bytes::copy_from_slice(bytes));
        }
        Poll::Ready(Ok(bytes.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// The spectator's own task only reads: its shard does the writing (the close frames too).
async fn spectate(
    socket: TcpStream,
    early: Bytes,
    channel: Arc<Channel>,
    resume: Resume,
    shutdown: Shutdown,
) {
    let _open = shutdown.open_socket();
    let _held = crate::metrics::spectator_held();
    let socket = Arc::new(socket);
    let gone = Arc::new(AtomicBool::new(false));
    channel.join(Spectator {
        fd: std::os::fd::AsRawFd::as_raw_fd(&*socket),
        socket: socket.clone(),
        last: 0,
        resume: Some((resume.stream, resume.since)),
        gone: gone.clone(),
    });
    let wire = Wire {
        socket,
        early,
        shard: channel.clone(),
        who: gone.clone(),
        budget: RAW_BURST,
        refilled: std::time::Instant::now(),
    };
    let config = WebSocketConfig::default()
        .read_buffer_size(MAX_INCOMING)
        .max_message_size(Some(MAX_READ))
        .max_frame_size(Some(MAX_READ));
    let mut incoming = WebSocketStream::from_raw_socket(wire, Role::Server, Some(config)).await;
    let mut stopping = shutdown.subscribe();
    let closing = loop {
        let message = tokio::select! {
            m = incoming.next() => m,
            // The shard sends every spectator its 1001; this task waits for the answer.
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
        channel.close(gone.clone(), code);
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
    channel.leave(gone);
}
