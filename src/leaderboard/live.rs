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
use serde::{Deserialize, Serialize, Serializer};
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
        event: entity::EventId,
        title: &'a str,
        competition: &'a str,
        anonymous: bool,
        #[serde(serialize_with = "wire_minute")]
        frozen_at: &'a Option<DateTime<Utc>>,
        confirmed_only: bool,
        note: &'a Option<String>,
        rows: &'a [LiveRow],
    },
    /// What changed since the message before (`seq - 1`): the client keeps the rest.
    Update {
        stream: &'a str,
        seq: u64,
        at: &'a str,
        /// The rows whose total, marking or status changed: only those fields and the id
        /// (names, organisations and awards change only with a snapshot).
        rows: Vec<RowChange>,
        /// Every entrant id in board order; absent when the order did not change.
        #[serde(skip_serializing_if = "Option::is_none")]
        order: Option<Vec<EntrantId>>,
        /// The ranks, place by place down the board, as runs ([`rank_runs`]); absent when
        /// they did not change. With the order they give every row its rank, and the client
        /// derives each row's movement as the server does.
        #[serde(skip_serializing_if = "Option::is_none")]
        ranks: Option<Vec<RankRun>>,
    },
}

/// A row's changing part, as an update carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowChange {
    pub entrant: EntrantId,
    #[serde(serialize_with = "wire_total")]
    pub total: Option<Decimal>,
    pub marking: bool,
    #[serde(serialize_with = "wire_status")]
    pub status: EntrantStatus,
}

/// `[first, count]`: the next `count` places down the board hold ranks `first`, `first + 1`,
/// … (`first` null: `count` rows without a rank). A board with no ties is one run; each tie
/// or stretch of unranked rows starts another, so the ranks of 200 rows take a few bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RankRun(pub Option<u32>, pub u32);

/// The ranks down the board (`None`: no rank) as runs.
pub fn rank_runs(ranks: impl IntoIterator<Item = Option<u32>>) -> Vec<RankRun> {
    let mut runs: Vec<RankRun> = Vec::new();
    for rank in ranks {
        if let Some(RankRun(first, count)) = runs.last_mut() {
            let next = match first {
                Some(f) => rank == Some(*f + *count),
                None => rank.is_none(),
            };
            if next {
                *count += 1;
                continue;
            }
        }
        runs.push(RankRun(rank, 1));
    }
    runs
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
        // Rows only: the same entrants under the same names, and the same board facts.
        let rows_only = board.event == self.board.event
            && board.title == self.board.title
            && board.anonymous == self.board.anonymous
            && board.frozen_at == self.board.frozen_at
            && board.confirmed_only == self.board.confirmed_only
            && board.note == self.board.note
            && board.rows.len() == self.board.rows.len()
            && board.rows.iter().all(|row| {
                before.get(&row.entrant).is_some_and(|old| {
                    old.row.name == row.name
                        && old.row.organisation == row.organisation
                        && old.row.award == row.award
                })
            });
        let snapshot = encode(&snapshot_of(&self.stream, seq, at, &board, &rows));
        let message = if rows_only {
            let order: Vec<EntrantId> = rows.iter().map(|r| r.row.entrant).collect();
            let ranks = rank_runs(rows.iter().map(|r| r.row.rank));
            let changed = rows
                .iter()
                .filter(|r| {
                    before.get(&r.row.entrant).is_none_or(|old| {
                        old.row.total != r.row.total
                            || old.row.marking != r.row.marking
                            || old.row.status != r.row.status
                    })
                })
                .map(|r| RowChange {
                    entrant: r.row.entrant,
                    total: r.row.total,
                    marking: r.row.marking,
                    status: r.row.status,
                })
                .collect();
            encode(&LiveMessage::Update {
                stream: &self.stream,
                seq,
                at,
                rows: changed,
                order: (!self
                    .rows
                    .iter()
                    .map(|r| r.row.entrant)
                    .eq(order.iter().copied()))
                .then_some(order),
                ranks: (rank_runs(self.rows.iter().map(|r| r.row.rank)) != ranks).then_some(ranks),
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

/// A row as a spectator holds it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct FollowedRow {
    pub entrant: i32,
    pub rank: Option<u32>,
    pub name: String,
    pub organisation: String,
    pub total: String,
    pub marking: bool,
    pub status: String,
    pub movement: i32,
}

/// The spectator's side of the stream, as `assets/live.js` follows it: a snapshot gives every
/// row; an update (only the one after the last seen) changes the rows it names, the order and
/// the ranks, and a row whose rank changed moves by the difference. Tests and tools follow a
/// board with it.
#[derive(Default)]
pub struct Follower {
    pub stream: String,
    pub seq: u64,
    rows: HashMap<i32, FollowedRow>,
    order: Vec<i32>,
    ranks: Vec<Option<u32>>,
}

impl Follower {
    /// Takes one message; `false` when it could not be applied (an update out of sequence,
    /// or before any snapshot: a snapshot follows).
    pub fn receive(&mut self, message: &serde_json::Value) -> bool {
        match message["type"].as_str() {
            Some("snapshot") => {
                let Ok(rows) = Vec::<FollowedRow>::deserialize(&message["rows"]) else {
                    return false;
                };
                self.order = rows.iter().map(|r| r.entrant).collect();
                self.ranks = rows.iter().map(|r| r.rank).collect();
                self.rows = rows.into_iter().map(|r| (r.entrant, r)).collect();
            }
            Some("update") => {
                if self.rows.is_empty()
                    || message["stream"].as_str() != Some(&self.stream)
                    || message["seq"].as_u64() != Some(self.seq + 1)
                {
                    return false;
                }
                for change in message["rows"].as_array().into_iter().flatten() {
                    let Some(row) = change["entrant"]
                        .as_i64()
                        .and_then(|id| self.rows.get_mut(&(id as i32)))
                    else {
                        return false;
                    };
                    row.total = change["total"].as_str().unwrap_or_default().to_owned();
                    row.marking = change["marking"].as_bool().unwrap_or_default();
                    row.status = change["status"].as_str().unwrap_or_default().to_owned();
                }
                if let Ok(order) = Vec::<i32>::deserialize(&message["order"]) {
                    self.order = order;
                }
                if let Some(runs) = message["ranks"].as_array() {
                    self.ranks = runs
                        .iter()
                        .flat_map(|run| {
                            let first = run[0].as_u64().map(|f| f as u32);
                            let count = run[1].as_u64().unwrap_or(0) as u32;
                            (0..count).map(move |i| first.map(|f| f + i))
                        })
                        .collect();
                }
                for (id, rank) in self.order.iter().zip(&self.ranks) {
                    let Some(row) = self.rows.get_mut(id) else {
                        return false;
                    };
                    if row.rank != *rank {
                        row.movement = match (row.rank, rank) {
                            (Some(old), Some(new)) => old as i32 - *new as i32,
                            _ => 0,
                        };
                        row.rank = *rank;
                    }
                }
            }
            _ => return false,
        }
        self.stream = message["stream"].as_str().unwrap_or_default().to_owned();
        self.seq = message["seq"].as_u64().unwrap_or_default();
        true
    }

    /// The rows in board order.
    pub fn rows(&self) -> Vec<FollowedRow> {
        self.order
            .iter()
            .filter_map(|id| self.rows.get(id).cloned())
            .collect()
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
            award: None,
        }
    }

    fn board(rows: Vec<BoardRow>) -> Board {
        Board {
            event: entity::EventId(1),
            title: "数控车工".into(),
            competition: "大赛".into(),
            results_final: false,
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

    fn value(m: &LiveMessage<'_>) -> serde_json::Value {
        serde_json::to_value(m).unwrap()
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
        assert_eq!(
            update["rows"],
            serde_json::json!([{"entrant": 2, "total": "95", "marking": true, "status": ""}]),
            "only entrant 2's total changed; ranks follow from the order"
        );
        assert_eq!(update["order"], serde_json::json!([2, 1, 3]));
        assert!(update.get("ranks").is_none(), "1, 2, 3 as before: {update}");
        // The same board again is no change.
        let same = board(vec![row(2, 1, "95"), row(1, 2, "90"), row(3, 3, "70")]);
        assert!(live.apply(same, "t", json).is_none());
        // A tie changes the ranks, not the order.
        let (_, tie) = live
            .apply(
                board(vec![row(2, 1, "95"), row(1, 2, "90"), row(3, 2, "90")]),
                "t",
                json,
            )
            .unwrap();
        let tie: serde_json::Value = serde_json::from_str(&tie).unwrap();
        assert!(tie.get("order").is_none(), "{tie}");
        assert_eq!(tie["ranks"], serde_json::json!([[1, 2], [2, 1]]));
    }

    #[test]
    fn rank_runs_are_short() {
        let ranks = [Some(1), Some(2), Some(2), Some(4), None, None, Some(7)];
        assert_eq!(
            rank_runs(ranks),
            vec![
                RankRun(Some(1), 2),
                RankRun(Some(2), 1),
                RankRun(Some(4), 1),
                RankRun(None, 2),
                RankRun(Some(7), 1)
            ]
        );
        assert_eq!(rank_runs((1..=200).map(Some)), vec![RankRun(Some(1), 200)]);
    }

    /// A board of `n` entrants with five-digit ids (a database of several years), the first
    /// `marked` of them with totals, the rest waiting; totals as a scheme rounds them.
    fn contest(n: i32, totals: &[(i32, Option<&str>)]) -> Board {
        let mut rows: Vec<BoardRow> = (0..n)
            .map(|i| BoardRow {
                entrant: EntrantId(40_000 + i),
                rank: None,
                name: format!("K{i:03}Q"),
                organisation: String::new(),
                total: totals
                    .iter()
                    .find(|(e, _)| *e == i)
                    .and_then(|(_, t)| t.map(|t| t.parse().unwrap())),
                marking: true,
                status: EntrantStatus::Active,
                award: None,
            })
            .collect();
        rows.sort_by(|a, b| b.total.cmp(&a.total).then(a.entrant.cmp(&b.entrant)));
        let mut last: Option<(Decimal, u32)> = None;
        for (i, r) in rows.iter_mut().enumerate() {
            r.rank = r.total.map(|t| match last {
                Some((lt, lr)) if lt == t => lr,
                _ => i as u32 + 1,
            });
            if let Some(t) = r.total {
                last = Some((t, r.rank.unwrap()));
            }
        }
        board(rows)
    }

    /// One mark that takes the last entrant to the top, the largest move a mark can make:
    /// under 600 bytes for 30 entrants and 2 KB for 200, with a 12-character stream id.
    #[test]
    fn a_one_mark_update_is_small() {
        for (n, limit) in [(30, 600), (200, 2048)] {
            let marked: Vec<(i32, Option<String>)> = (0..n)
                .map(|i| (i, Some(format!("{}.{:02}", 50 + i % 40, i % 100))))
                .collect();
            let before: Vec<(i32, Option<&str>)> = marked
                .iter()
                .map(|(i, t)| (*i, if *i == n - 1 { None } else { t.as_deref() }))
                .collect();
            let mut after = before.clone();
            after[(n - 1) as usize].1 = Some("99.95");
            let mut live =
                LiveBoard::new("k3x9QmZa0b1c".into(), contest(n, &before), "10:42:07", json);
            let (_, update) = live.apply(contest(n, &after), "10:42:09", json).unwrap();
            assert!(update.contains("\"type\":\"update\""), "{update}");
            eprintln!("{n} entrants, one mark to the top: {} bytes", update.len());
            assert!(
                update.len() < limit,
                "{n} entrants: {} bytes: {update}",
                update.len()
            );
        }
    }

    /// Whatever the boards do, a spectator following the updates holds exactly what a new
    /// spectator's snapshot shows.
    #[test]
    fn a_follower_of_the_updates_holds_the_snapshot() {
        let mut seed = 7_u64;
        let mut random = move |below: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        let mut totals: Vec<(i32, Option<String>)> = (0..25).map(|i| (i, None)).collect();
        let view = |totals: &[(i32, Option<String>)]| {
            let t: Vec<(i32, Option<&str>)> =
                totals.iter().map(|(i, t)| (*i, t.as_deref())).collect();
            contest(25, &t)
        };
        let mut live = LiveBoard::new("s".into(), view(&totals), "t", value);
        let mut follower = Follower::default();
        assert!(follower.receive(live.snapshot()));
        for step in 0..400 {
            let who = random(25) as usize;
            // Few distinct totals, so ties come and go; now and then a mark is withdrawn.
            totals[who].1 = match random(10) {
                0 => None,
                n => Some(format!("{}.5", 60 + n * 3 + random(3))),
            };
            let mut next = view(&totals);
            if step % 37 == 0 {
                next.rows[random(25) as usize].status = EntrantStatus::Disqualified;
            }
            let Some((_, message)) = live.apply(next, "t", value) else {
                continue;
            };
            assert!(follower.receive(&message), "step {step}: {message}");
            let fresh: Vec<FollowedRow> =
                serde_json::from_value(live.snapshot()["rows"].clone()).unwrap();
            assert_eq!(follower.rows(), fresh, "step {step}");
        }
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
