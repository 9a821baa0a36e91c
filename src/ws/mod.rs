//! WebSocket endpoints. `/ws/judge` takes judges' marks (protocol in `docs/protocol.md`).

mod judge;
mod protocol;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/ws/judge", get(judge::judge_socket))
}

/// Messages are small; a few KiB of buffer per socket instead of axum's ~128 KiB default.
pub const BUFFER: usize = 4096;
/// A judge's message is a few hundred bytes; a longer one gets an error reply.
pub const MAX_MESSAGE: usize = 4096;
/// What the socket layer accepts before closing the connection outright; between the two, the
/// message is read and answered with an error, and the connection stays usable.
pub const MAX_FRAME: usize = 64 * 1024;
