//! Stopping cleanly: on SIGTERM every open WebSocket is told with a close frame (1001, "going
//! away") before the process exits, so tablets and phones reconnect at once instead of waiting
//! for a ping to time out.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::watch;

#[derive(Clone)]
pub struct Shutdown {
    begun: Arc<watch::Sender<bool>>,
    sockets: Arc<AtomicUsize>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            begun: Arc::new(watch::channel(false).0),
            sockets: Arc::default(),
        }
    }
}

/// Held by each open WebSocket's task: the server waits (a little) for them to close.
pub struct OpenSocket(Arc<AtomicUsize>);

impl Drop for OpenSocket {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Shutdown {
    /// Tells every socket to close.
    pub fn begin(&self) {
        self.begun.send_replace(true);
    }

    /// A receiver that sees the start of the shutdown (`wait_for(|b| *b)`).
    pub fn subscribe(&self) -> watch::Receiver<bool> {
        self.begun.subscribe()
    }

    /// Counts a socket as open until the guard is dropped.
    pub fn open_socket(&self) -> OpenSocket {
        self.sockets.fetch_add(1, Ordering::Relaxed);
        OpenSocket(self.sockets.clone())
    }

    pub fn open_sockets(&self) -> usize {
        self.sockets.load(Ordering::Relaxed)
    }

    /// Waits until every socket has closed, or `within` has passed.
    pub async fn sockets_closed(&self, within: Duration) {
        let deadline = tokio::time::Instant::now() + within;
        while self.open_sockets() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
