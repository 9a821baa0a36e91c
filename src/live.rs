//! The `live` hub: one broadcast per process of small "something changed" events. Contexts
//! never touch sockets; the mark writer publishes here after each commit and socket tasks
//! subscribe.

use tokio::sync::broadcast;

/// `event 7 changed, seq 1234`: the seq is the audit entry of the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveEvent {
    pub event_id: i32,
    pub seq: i32,
}

#[derive(Clone)]
pub struct Live {
    tx: broadcast::Sender<LiveEvent>,
}

impl Default for Live {
    fn default() -> Self {
        Self::new()
    }
}

impl Live {
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(1024);
        Live { tx }
    }

    pub fn publish(&self, event: LiveEvent) {
        // No subscriber is not an error.
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }
}
