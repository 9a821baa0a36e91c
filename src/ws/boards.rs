//! The spectators' fan-out: one public board per event with spectators, kept by this process.
//!
//! When the `live` hub says an event changed, the event's board is recomputed once, compared
//! with the last one, and the difference is serialised **once** into a frame; the same bytes go
//! to every spectator of the event through the event's shards (see [`super::fanout`]). Each
//! frame carries this
//! process's `stream` id and the board's `seq`; the last [`HISTORY`] frames are kept, so a
//! reconnecting spectator who names its stream and seq gets what it missed, and anyone else (a
//! different process, too old, a spectator too slow to keep up) gets a fresh snapshot.

use super::fanout::{Command, Spectator, shard};
use crate::error::AppResult;
use crate::leaderboard::{Audience, Board, BoardRow, board};
use crate::live::Live;
use crate::time::now;
use axum::extract::ws::Utf8Bytes;
use entity::event;
use sea_orm::{DatabaseConnection, EntityTrait};
use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::{Notify, broadcast, mpsc};

/// Updates kept for reconnecting spectators.
pub const HISTORY: usize = 256;
/// A board is also recomputed this often, so that a freeze time or a change announced while
/// the database was unreachable shows without a mark.
const REFRESH: Duration = Duration::from_secs(30);

/// A serialised message, shared by every spectator.
#[derive(Clone, Debug)]
pub struct Frame {
    pub seq: u64,
    pub bytes: Utf8Bytes,
}

/// A row as spectators get it: the board row and how many places it moved at its last change
/// (positive: up).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveRow {
    #[serde(flatten)]
    pub row: BoardRow,
    pub movement: i32,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Outgoing<'a> {
    Snapshot {
        stream: &'a str,
        seq: u64,
        at: String,
        event: i32,
        title: &'a str,
        competition: &'a str,
        anonymous: bool,
        frozen_at: &'a Option<String>,
        confirmed_only: bool,
        note: &'a Option<String>,
        rows: &'a [LiveRow],
    },
    Update {
        stream: &'a str,
        seq: u64,
        at: String,
        /// The rows that changed.
        rows: Vec<&'a LiveRow>,
        /// Every entrant id in board order.
        order: Vec<i32>,
    },
}

struct State {
    seq: u64,
    board: Board,
    rows: Vec<LiveRow>,
    snapshot: Frame,
    history: VecDeque<Frame>,
}

/// One event's public board and its spectators.
pub struct Channel {
    pub event_id: i32,
    stream: String,
    state: RwLock<State>,
    shards: Vec<mpsc::UnboundedSender<Command>>,
    next_shard: AtomicUsize,
    dirty: Notify,
}

fn shown_at() -> String {
    crate::time::show_second(now())
}

impl Channel {
    fn encode(&self, message: &Outgoing<'_>) -> Utf8Bytes {
        Utf8Bytes::from(serde_json::to_string(message).unwrap_or_default())
    }

    fn snapshot_frame(&self, seq: u64, board: &Board, rows: &[LiveRow]) -> Frame {
        Frame {
            seq,
            bytes: self.encode(&Outgoing::Snapshot {
                stream: &self.stream,
                seq,
                at: shown_at(),
                event: board.event,
                title: &board.title,
                competition: &board.competition,
                anonymous: board.anonymous,
                frozen_at: &board.frozen_at,
                confirmed_only: board.confirmed_only,
                note: &board.note,
                rows,
            }),
        }
    }

    /// This process's stream id.
    pub fn stream(&self) -> &str {
        &self.stream
    }

    /// Adds a spectator to a shard, which catches it up and then sends it every frame. Returns
    /// the shard, for [`Channel::close`].
    pub fn join(&self, spectator: Spectator) -> usize {
        let n = self.next_shard.fetch_add(1, Ordering::Relaxed) % self.shards.len().max(1);
        if let Some(shard) = self.shards.get(n) {
            let _ = shard.send(Command::Join(Box::new(spectator)));
        }
        n
    }

    /// Closes one spectator's socket (its writing half lives in its shard) with a close code.
    pub fn close(&self, shard: usize, who: Arc<AtomicBool>, code: u16) {
        if let Some(shard) = self.shards.get(shard) {
            let _ = shard.send(Command::CloseOne(who, code));
        }
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Frame {
        self.state
            .read()
            .map(|s| s.snapshot.clone())
            .unwrap_or_else(|p| p.into_inner().snapshot.clone())
    }

    /// What a spectator who last saw `since` on `stream` needs: the frames after it, or (other
    /// stream, too old, unknown) the snapshot.
    pub fn catch_up(&self, stream: Option<&str>, since: Option<u64>) -> Vec<Frame> {
        let state = self.state.read().unwrap_or_else(|p| p.into_inner());
        if let (Some(s), Some(since)) = (stream, since)
            && s == self.stream
        {
            if since == state.seq {
                return Vec::new();
            }
            let oldest = state.history.front().map_or(u64::MAX, |f| f.seq);
            if since < state.seq && since + 1 >= oldest {
                return state
                    .history
                    .iter()
                    .filter(|f| f.seq > since)
                    .cloned()
                    .collect();
            }
        }
        vec![state.snapshot.clone()]
    }

    /// The public board as it is now (for the page without JavaScript).
    pub fn current(&self) -> (Board, Vec<LiveRow>, u64, String) {
        let state = self.state.read().unwrap_or_else(|p| p.into_inner());
        (
            state.board.clone(),
            state.rows.clone(),
            state.seq,
            self.stream.clone(),
        )
    }

    /// Takes a newly computed board: if it differs, the next frame is made and sent.
    fn apply(&self, board: Board) {
        let mut state = self.state.write().unwrap_or_else(|p| p.into_inner());
        if board == state.board {
            return;
        }
        let before: HashMap<i32, &LiveRow> =
            state.rows.iter().map(|r| (r.row.entrant, r)).collect();
        let rows: Vec<LiveRow> = board
            .rows
            .iter()
            .map(|row| {
                let movement = match before.get(&row.entrant) {
                    Some(old) if old.row.rank == row.rank => old.movement,
                    Some(old) => match (old.row.rank, row.rank) {
                        (Some(o), Some(n)) => o as i32 - n as i32,
                        _ => 0,
                    },
                    None => 0,
                };
                LiveRow {
                    row: row.clone(),
                    movement,
                }
            })
            .collect();
        let seq = state.seq + 1;
        let same_frame = board.event == state.board.event
            && board.title == state.board.title
            && board.anonymous == state.board.anonymous
            && board.frozen_at == state.board.frozen_at
            && board.confirmed_only == state.board.confirmed_only
            && board.note == state.board.note
            && board.rows.len() == state.board.rows.len();
        let snapshot = self.snapshot_frame(seq, &board, &rows);
        let frame = if same_frame {
            let changed: Vec<&LiveRow> = rows
                .iter()
                .filter(|r| before.get(&r.row.entrant).is_none_or(|old| *old != *r))
                .collect();
            Frame {
                seq,
                bytes: self.encode(&Outgoing::Update {
                    stream: &self.stream,
                    seq,
                    at: shown_at(),
                    rows: changed,
                    order: rows.iter().map(|r| r.row.entrant).collect(),
                }),
            }
        } else {
            snapshot.clone()
        };
        state.seq = seq;
        state.board = board;
        state.rows = rows;
        state.snapshot = snapshot;
        state.history.push_back(frame.clone());
        if state.history.len() > HISTORY {
            state.history.pop_front();
        }
        drop(state);
        for shard in &self.shards {
            let _ = shard.send(Command::Frame(frame.clone()));
        }
    }
}

#[derive(Clone)]
pub struct Boards {
    db: DatabaseConnection,
    stream: String,
    /// Shards per event: one writer task per core.
    shards: usize,
    channels: Arc<Mutex<HashMap<i32, Arc<Channel>>>>,
}

impl Boards {
    /// Starts listening to the live hub.
    pub fn start(db: DatabaseConnection, live: &Live) -> Self {
        let boards = Boards {
            db,
            shards: std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8)),
            stream: crate::accounts::secret::new_secret()[..8].to_owned(),
            channels: Arc::default(),
        };
        let mut events = live.subscribe();
        let dispatch = boards.clone();
        tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(e) => {
                        if let Some(c) = dispatch.existing(e.event_id) {
                            c.dirty.notify_one();
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        for c in dispatch.all() {
                            c.dirty.notify_one();
                        }
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                }
            }
        });
        boards
    }

    /// Closes every spectator's socket with a close code (1001 when the server stops).
    pub fn close_all(&self, code: u16) {
        for c in self.all() {
            for shard in &c.shards {
                let _ = shard.send(Command::CloseAll(code));
            }
        }
    }

    fn existing(&self, event_id: i32) -> Option<Arc<Channel>> {
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

    /// The channel of an event, made (and its board computed) on first use.
    pub async fn channel(&self, ev: &event::Model) -> AppResult<Arc<Channel>> {
        if let Some(c) = self.existing(ev.id) {
            return Ok(c);
        }
        let first = board(&self.db, ev, Audience::Public, now()).await?;
        let mut channels = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = channels.get(&ev.id) {
            return Ok(c.clone());
        }
        let (senders, receivers): (Vec<_>, Vec<_>) =
            (0..self.shards).map(|_| mpsc::unbounded_channel()).unzip();
        let rows: Vec<LiveRow> = first
            .rows
            .iter()
            .map(|row| LiveRow {
                row: row.clone(),
                movement: 0,
            })
            .collect();
        let mut channel = Channel {
            event_id: ev.id,
            stream: self.stream.clone(),
            state: RwLock::new(State {
                seq: 1,
                board: first.clone(),
                rows: Vec::new(),
                snapshot: Frame {
                    seq: 1,
                    bytes: Utf8Bytes::from_static(""),
                },
                history: VecDeque::new(),
            }),
            shards: senders.clone(),
            next_shard: AtomicUsize::new(0),
            dirty: Notify::new(),
        };
        let snapshot = channel.snapshot_frame(1, &first, &rows);
        if let Ok(state) = channel.state.get_mut() {
            state.rows = rows;
            state.snapshot = snapshot;
        }
        let channel = Arc::new(channel);
        channels.insert(ev.id, channel.clone());
        drop(channels);
        for (me, commands) in senders.into_iter().zip(receivers) {
            tokio::spawn(shard(channel.clone(), me, commands));
        }
        tokio::spawn(refresh(self.db.clone(), channel.clone()));
        Ok(channel)
    }
}

/// Recomputes an event's board whenever it is told of a change (and now and then). Changes
/// that arrive while a board is being computed are shown together in the next update, so a
/// burst of marks costs a handful of recomputations, not one each.
async fn refresh(db: DatabaseConnection, channel: Arc<Channel>) {
    loop {
        let _ = tokio::time::timeout(REFRESH, channel.dirty.notified()).await;
        let ev = match event::Entity::find_by_id(channel.event_id).one(&db).await {
            Ok(Some(ev)) => ev,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, event = channel.event_id, "live board: event");
                continue;
            }
        };
        match board(&db, &ev, Audience::Public, now()).await {
            Ok(b) => channel.apply(b),
            Err(e) => tracing::warn!(error = %e, event = channel.event_id, "live board"),
        }
    }
}
