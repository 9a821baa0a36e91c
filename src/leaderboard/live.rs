//! A public board as it moves: each newly computed [`Board`] is compared with the last, rows get
//! their **movement** (places gained at their last change), and the change becomes the next
//! message of the event's live stream, numbered by the board's own **seq**. The last
//! [`HISTORY`] messages are kept, so a reconnecting spectator gets what it missed.
//!
//! Pure: no clock, no database, no sockets. The caller encodes each message once (the socket
//! layer into the bytes every spectator is sent) and keeps the encoded form here.

use super::{Board, BoardRow};
use chrono::{DateTime, Utc};
use entity::EntrantId;
use entity::kinds::EntrantStatus;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::collections::{HashMap, VecDeque};

/// Messages kept for reconnecting spectators.
pub const HISTORY: usize = 256;

/// A row as spectators get it: the board row and how many places it moved at its last change
/// (positive: up).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveRow {
    #[serde(flatten)]
    pub row: BoardRow,
    pub movement: i32,
}

/// One message of the live stream (protocol in `docs/protocol.md`).
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveMessage<'a> {
    Snapshot {
        stream: &'a str,
        seq: u64,
        at: &'a str,
        event: i32,
        title: &'a str,
        competition: &'a str,
        anonymous: bool,
        #[serde(serialize_with = "wire_minute")]
        frozen_at: &'a Option<DateTime<Utc>>,
        confirmed_only: bool,
        note: &'a Option<String>,
        rows: &'a [LiveRow],
    },
    Update {
        stream: &'a str,
        seq: u64,
        at: &'a str,
        /// The rows that changed.
        rows: Vec<&'a LiveRow>,
        /// Every entrant id in board order.
        order: Vec<EntrantId>,
    },
}

/// One event's public board, its rows with movement, and its recent messages encoded as `F`.
pub struct LiveBoard<F> {
    stream: String,
    seq: u64,
    board: Board,
    rows: Vec<LiveRow>,
    snapshot: F,
    history: VecDeque<(u64, F)>,
}

impl<F: Clone> LiveBoard<F> {
    /// The first board of a stream (`stream`: this process's id, so a spectator can tell a
    /// restarted or other server by it); `at` is the time shown on the message.
    pub fn new(
        stream: String,
        board: Board,
        at: &str,
        encode: impl Fn(&LiveMessage<'_>) -> F,
    ) -> Self {
        let rows: Vec<LiveRow> = board
            .rows
            .iter()
            .map(|row| LiveRow {
                row: row.clone(),
                movement: 0,
            })
            .collect();
        let snapshot = encode(&snapshot_of(&stream, 1, at, &board, &rows));
        LiveBoard {
            stream,
            seq: 1,
            board,
            rows,
            snapshot,
            history: VecDeque::new(),
        }
    }

    pub fn stream(&self) -> &str {
        &self.stream
    }

    pub fn seq(&self) -> u64 {
        self.seq
    }

    pub fn board(&self) -> &Board {
        &self.board
    }

    pub fn rows(&self) -> &[LiveRow] {
        &self.rows
    }

    /// The current snapshot message.
    pub fn snapshot(&self) -> &F {
        &self.snapshot
    }

    /// Takes a newly computed board. When it differs, returns the next message: an update with
    /// the changed rows, or a snapshot when more than rows changed (the title, the settings,
    /// an entrant added).
    pub fn apply(
        &mut self,
        board: Board,
        at: &str,
        encode: impl Fn(&LiveMessage<'_>) -> F,
    ) -> Option<(u64, F)> {
        if board == self.board {
            return None;
        }
        let before: HashMap<EntrantId, &LiveRow> =
            self.rows.iter().map(|r| (r.row.entrant, r)).collect();
        let rows: Vec<LiveRow> = board
            .rows
            .iter()
            .map(|row| LiveRow {
                row: row.clone(),
                movement: match before.get(&row.entrant) {
                    Some(old) if old.row.rank == row.rank => old.movement,
                    Some(old) => match (old.row.rank, row.rank) {
                        (Some(o), Some(n)) => o as i32 - n as i32,
                        _ => 0,
                    },
                    None => 0,
                },
            })
            .collect();
        let seq = self.seq + 1;
        let rows_only = board.event == self.board.event
            && board.title == self.board.title
            && board.anonymous == self.board.anonymous
            && board.frozen_at == self.board.frozen_at
            && board.confirmed_only == self.board.confirmed_only
            && board.note == self.board.note
            && board.rows.len() == self.board.rows.len();
        let snapshot = encode(&snapshot_of(&self.stream, seq, at, &board, &rows));
        let message = if rows_only {
            encode(&LiveMessage::Update {
                stream: &self.stream,
                seq,
                at,
                rows: rows
                    .iter()
                    .filter(|r| before.get(&r.row.entrant).is_none_or(|old| *old != *r))
                    .collect(),
                order: rows.iter().map(|r| r.row.entrant).collect(),
            })
        } else {
            snapshot.clone()
        };
        self.seq = seq;
        self.board = board;
        self.rows = rows;
        self.snapshot = snapshot;
        self.history.push_back((seq, message.clone()));
        if self.history.len() > HISTORY {
            self.history.pop_front();
        }
        Some((seq, message))
    }

    /// What a spectator who last saw `since` on `stream` needs: the messages after it, nothing
    /// when it is up to date, or (another stream, too old, unknown) the snapshot.
    pub fn catch_up(&self, stream: Option<&str>, since: Option<u64>) -> Vec<(u64, F)> {
        if let (Some(s), Some(since)) = (stream, since)
            && s == self.stream
        {
            if since == self.seq {
                return Vec::new();
            }
            let oldest = self.history.front().map_or(u64::MAX, |(seq, _)| *seq);
            if since < self.seq && since + 1 >= oldest {
                return self
                    .history
                    .iter()
                    .filter(|(seq, _)| *seq > since)
                    .cloned()
                    .collect();
            }
        }
        vec![(self.seq, self.snapshot.clone())]
    }
}

/// A total as spectators read it: "87.90", or "—" before any mark counts.
pub fn wire_total<S: Serializer>(total: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match total {
        Some(t) => s.collect_str(t),
        None => s.serialize_str("—"),
    }
}

/// An entrant's status as spectators read it: 退赛 or 取消资格, empty while competing.
pub fn wire_status<S: Serializer>(status: &EntrantStatus, s: S) -> Result<S::Ok, S::Error> {
    match status {
        EntrantStatus::Active => s.serialize_str(""),
        other => s.serialize_str(other.label()),
    }
}

/// A moment as spectators read it, to the minute in Beijing time.
pub fn wire_minute<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => s.serialize_str(&crate::time::show_minute(*at)),
        None => s.serialize_none(),
    }
}

fn snapshot_of<'a>(
    stream: &'a str,
    seq: u64,
    at: &'a str,
    board: &'a Board,
    rows: &'a [LiveRow],
) -> LiveMessage<'a> {
    LiveMessage::Snapshot {
        stream,
        seq,
        at,
        event: board.event,
        title: &board.title,
        competition: &board.competition,
        anonymous: board.anonymous,
        frozen_at: &board.frozen_at,
        confirmed_only: board.confirmed_only,
        note: &board.note,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(entrant: i32, rank: u32, total: &str) -> BoardRow {
        BoardRow {
            entrant: EntrantId(entrant),
            rank: Some(rank),
            name: format!("选手{entrant}"),
            organisation: String::new(),
            total: Some(total.parse().unwrap()),
            marking: true,
            status: EntrantStatus::Active,
        }
    }

    fn board(rows: Vec<BoardRow>) -> Board {
        Board {
            event: 1,
            title: "数控车工".into(),
            competition: "大赛".into(),
            anonymous: false,
            frozen_at: None,
            confirmed_only: false,
            rows,
            note: None,
        }
    }

    fn json(m: &LiveMessage<'_>) -> String {
        serde_json::to_string(m).unwrap()
    }

    #[test]
    fn an_overtaking_row_moves_up_and_only_changed_rows_are_sent() {
        let mut live = LiveBoard::new(
            "s".into(),
            board(vec![row(1, 1, "90"), row(2, 2, "80"), row(3, 3, "70")]),
            "t",
            json,
        );
        let (seq, update) = live
            .apply(
                board(vec![row(2, 1, "95"), row(1, 2, "90"), row(3, 3, "70")]),
                "t",
                json,
            )
            .expect("a change");
        assert_eq!(seq, 2);
        let update: serde_json::Value = serde_json::from_str(&update).unwrap();
        assert_eq!(update["type"], "update");
        let moved: Vec<(i64, i64)> = update["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["entrant"].as_i64().unwrap(),
                    r["movement"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(moved, vec![(2, 1), (1, -1)], "entrant 3 did not change");
        assert_eq!(update["order"], serde_json::json!([2, 1, 3]));
        // The same board again is no change.
        let same = board(vec![row(2, 1, "95"), row(1, 2, "90"), row(3, 3, "70")]);
        assert!(live.apply(same, "t", json).is_none());
    }

    #[test]
    fn a_spectator_catches_up_from_history_or_gets_the_snapshot() {
        let mut live = LiveBoard::new("s".into(), board(vec![row(1, 1, "1")]), "t", json);
        for n in 2..(HISTORY as u32 + 10) {
            live.apply(board(vec![row(1, 1, &n.to_string())]), "t", json);
        }
        let last = live.seq();
        assert!(live.catch_up(Some("s"), Some(last)).is_empty());
        let missed = live.catch_up(Some("s"), Some(last - 2));
        assert_eq!(
            missed.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            vec![last - 1, last]
        );
        for (stream, since) in [
            (Some("other"), Some(last - 1)),
            (Some("s"), Some(2)),
            (None, None),
        ] {
            let got = live.catch_up(stream, since);
            assert_eq!(got.len(), 1);
            assert!(got[0].1.contains("\"type\":\"snapshot\""));
        }
    }
}
