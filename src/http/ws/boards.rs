//! The spectators' fan-out: one public board per event with spectators, kept by this process.
//!
//! When the `live` hub says an event's board changed, the board is recomputed once and handed
//! to the event's [`LiveBoard`] (the diff, movement and history are the leaderboard's); the
//! message it returns is serialised **once** into a frame, and the same bytes go to every
//! spectator of the event through the event's shard (see [`super::fanout`]).

use super::fanout::{Command, Spectator, shard};
use crate::error::AppResult;
use crate::leaderboard::Board;
use crate::leaderboard::live::{LiveBoard, LiveMessage, LiveRow};
use crate::lifecycle::boards::LiveBoardSource;
use crate::live::Live;
use crate::shutdown::Shutdown;
use crate::time::now;
use axum::body::Bytes;
use entity::EventId;
use entity::event;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::{Notify, broadcast};

/// A board is also recomputed this often, so that a freeze time or a change announced while
/// the database was unreachable shows without a mark.
const REFRESH: Duration = Duration::from_secs(30);

/// A serialised message as it goes on the wire (a whole WebSocket text frame), shared by every
/// spectator: the shard writes these bytes to each socket as they are.
#[derive(Clone, Debug)]
pub struct Frame {
    pub seq: u64,
    pub wire: Bytes,
}

/// One event's public board and its spectators.
pub struct Channel {
    pub event_id: EventId,
    state: RwLock<LiveBoard<Bytes>>,
    /// The event's shard: the thread that holds its spectators and writes to them.
    shard: std::sync::mpsc::Sender<Command>,
    dirty: Notify,
    /// Something besides marks may have changed: the next refresh reads the board's inputs
    /// again rather than only the new marks (see [`LiveBoardSource`]).
    reread: AtomicBool,
}

fn encode(message: &LiveMessage<'_>) -> Bytes {
    super::fanout::text_frame(
        serde_json::to_string(message)
            .unwrap_or_default()
            .as_bytes(),
    )
}

impl Channel {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, LiveBoard<Bytes>> {
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    /// This process's stream id.
    pub fn stream(&self) -> String {
        self.read().stream().to_owned()
    }

    /// Adds a spectator to the shard, which catches it up and then sends it every frame.
    pub fn join(&self, spectator: Spectator) {
        let _ = self.shard.send(Command::Join(Box::new(spectator)));
    }

    /// Sends bytes the spectator's reading side must send (a pong, a close reply) through the
    /// shard, the socket's only writer.
    pub fn raw(&self, who: Arc<AtomicBool>, bytes: Bytes) {
        let _ = self.shard.send(Command::Raw(who, bytes));
    }

    /// The spectator has gone: the shard lets it go.
    pub fn leave(&self, who: Arc<AtomicBool>) {
        let _ = self.shard.send(Command::Leave(who));
    }

    /// Closes one spectator's socket (its writing half lives in the shard) with a close code.
    pub fn close(&self, who: Arc<AtomicBool>, code: u16) {
        let _ = self.shard.send(Command::CloseOne(who, code));
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Frame {
        let live = self.read();
        Frame {
            seq: live.seq(),
            wire: live.snapshot().clone(),
        }
    }

    /// What a spectator who last saw `since` on `stream` needs (see [`LiveBoard::catch_up`]).
    pub fn catch_up(&self, stream: Option<&str>, since: Option<u64>) -> Vec<Frame> {
        self.read()
            .catch_up(stream, since)
            .into_iter()
            .map(|(seq, wire)| Frame { seq, wire })
            .collect()
    }

    /// The public board as it is now (for the page without JavaScript).
    pub fn current(&self) -> (Board, Vec<LiveRow>, u64, String) {
        let live = self.read();
        (
            live.board().clone(),
            live.rows().to_vec(),
            live.seq(),
            live.stream().to_owned(),
        )
    }

    /// Takes a newly computed board: if it differs, the next frame is made and sent.
    fn apply(&self, board: Board) {
        let at = crate::time::show_second(now());
        let mut live = self.state.write().unwrap_or_else(|p| p.into_inner());
        let Some((seq, wire)) = live.apply(board, &at, encode) else {
            return;
        };
        drop(live);
        let _ = self.shard.send(Command::Frame(Frame { seq, wire }));
    }
}

#[derive(Clone)]
pub struct Boards {
    db: DatabaseConnection,
    stream: String,
    channels: Arc<Mutex<HashMap<EventId, Arc<Channel>>>>,
    /// Events found public lately, so that a hall reconnecting after a restart (thousands of
    /// upgrades in seconds) asks the database once per event, not twice per spectator.
    public: Arc<Mutex<HashMap<EventId, (std::time::Instant, event::Model)>>>,
}

/// How long “this event's board is public” is believed without asking again: a competition
/// taken off the public pages stops taking new spectators within this time.
const PUBLIC_FOR: Duration = Duration::from_secs(5);

impl Boards {
    /// Starts listening to the live hub; when the server stops, every spectator is closed
    /// with 1001.
    pub fn start(db: DatabaseConnection, live: &Live, shutdown: &Shutdown) -> Self {
        let boards = Boards {
            db,
            stream: crate::secret::new_secret()[..8].to_owned(),
            channels: Arc::default(),
            public: Arc::default(),
        };
        let mut changes = live.subscribe();
        let dispatch = boards.clone();
        tokio::spawn(async move {
            loop {
                match changes.recv().await {
                    Ok(e) => {
                        // Anything but a batch of marks alone may concern any event: an
                        // organiser's change, or one nobody announced that the mark writer
                        // noticed before its batch.
                        if !e.marks_only {
                            for c in dispatch.all() {
                                c.reread.store(true, Ordering::SeqCst);
                            }
                        }
                        if let Some(c) = dispatch.existing(e.event_id) {
                            c.dirty.notify_one();
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        for c in dispatch.all() {
                            c.reread.store(true, Ordering::SeqCst);
                            c.dirty.notify_one();
                        }
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                }
            }
        });
        let mut stopping = shutdown.subscribe();
        let closing = boards.clone();
        tokio::spawn(async move {
            if stopping.wait_for(|b| *b).await.is_ok() {
                closing.close_all(1001);
            }
        });
        boards
    }

    /// Closes every spectator's socket with a close code (1001 when the server stops).
    pub fn close_all(&self, code: u16) {
        for c in self.all() {
            let _ = c.shard.send(Command::CloseAll(code));
        }
    }

    fn existing(&self, event_id: EventId) -> Option<Arc<Channel>> {
        self.channels
            .lock()
            .ok()
            .and_then(|c| c.get(&event_id).cloned())
    }

    fn all(&self) -> Vec<Arc<Channel>> {
        self.channels
            .lock()
            .map(|c| c.values().cloned().collect())
            .unwrap_or_default()
    }

    /// The event if its board is public (see [`crate::leaderboard::public_event`]), from the
    /// last few seconds' answer when there is one.
    pub async fn public_event(&self, event_id: EventId) -> AppResult<event::Model> {
        if let Some((at, ev)) = self
            .public
            .lock()
            .ok()
            .and_then(|p| p.get(&event_id).cloned())
            && at.elapsed() < PUBLIC_FOR
        {
            return Ok(ev);
        }
        let ev = crate::leaderboard::public_event(&self.db, event_id).await?;
        if let Ok(mut p) = self.public.lock() {
            p.insert(event_id, (std::time::Instant::now(), ev.clone()));
        }
        Ok(ev)
    }

    /// The channel of an event, made (and its board computed) on first use.
    pub async fn channel(&self, ev: &event::Model) -> AppResult<Arc<Channel>> {
        if let Some(c) = self.existing(ev.id) {
            return Ok(c);
        }
        let mut source = LiveBoardSource::new(ev.clone());
        let first = source
            .board(&self.db, true, now())
            .await?
            .ok_or(crate::error::AppError::NotFound)?;
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = channels.get(&ev.id) {
            return Ok(c.clone());
        }
        // One shard per event, which writes each frame on every core (`fanout::send_all`):
        // a shard per core, each with a fixed share, left one core's share waiting behind the
        // other's.
        let (me, commands) = std::sync::mpsc::channel();
        let channel = Channel {
            event_id: ev.id,
            state: RwLock::new(LiveBoard::new(
                self.stream.clone(),
                first,
                &crate::time::show_second(now()),
                encode,
            )),
            shard: me.clone(),
            dirty: Notify::new(),
            // Notices between the first read and the channel's being found were not heard.
            reread: AtomicBool::new(true),
        };
        let channel = Arc::new(channel);
        channels.insert(ev.id, channel.clone());
        drop(channels);
        let (held, runtime) = (channel.clone(), tokio::runtime::Handle::current());
        std::thread::Builder::new()
            .name(format!("live-shard-{}", ev.id))
            .spawn(move || shard(held, me, commands, runtime))
            .map_err(|e| crate::error::AppError::Internal(format!("shard thread: {e}")))?;
        tokio::spawn(refresh(self.db.clone(), channel.clone(), source));
        Ok(channel)
    }
}

/// Recomputes an event's board whenever it is told of a change (and now and then, reading
/// everything again). Changes that arrive while a board is being computed are shown together
/// in the next update, so a burst of marks costs a handful of recomputations, not one each.
async fn refresh(db: DatabaseConnection, channel: Arc<Channel>, mut source: LiveBoardSource) {
    loop {
        let timed_out = tokio::time::timeout(REFRESH, channel.dirty.notified())
            .await
            .is_err();
        let reread = channel.reread.swap(false, Ordering::SeqCst) || timed_out;
        match source.board(&db, reread, now()).await {
            Ok(Some(b)) => channel.apply(b),
            Ok(None) => return,
            Err(e) => {
                channel.reread.store(true, Ordering::SeqCst);
                tracing::warn!(error = %e, event = channel.event_id.0, "live board");
            }
        }
    }
}
