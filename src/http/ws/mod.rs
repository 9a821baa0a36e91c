//! WebSocket endpoints: `/ws/judge` takes judges' marks, `/ws/live/{event}` sends spectators
//! the live board (protocols in `docs/protocol.md`).

pub mod boards;
mod fanout;
mod judge;
mod live;
mod protocol;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ws/judge", get(judge::judge_socket))
        .route("/ws/live/{event}", get(live::live_socket))
}

/// Messages are small; a few KiB of buffer per socket instead of axum's ~128 KiB default.
pub const BUFFER: usize = 4096;
/// A judge's message is a few hundred bytes; a longer one gets an error reply.
pub const MAX_MESSAGE: usize = 4096;
/// What the socket layer accepts before closing the connection outright; between the two, the
/// message is read and answered with an error, and the connection stays usable.
pub const MAX_FRAME: usize = 64 * 1024;
/// A spectator's socket carries small updates and thousands are open at once: the smallest
/// buffers that still take a whole update in one write.
pub const LIVE_BUFFER: usize = 4096;
