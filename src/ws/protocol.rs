//! The messages of `/ws/judge`, as JSON objects with a `type` field.

use serde::{Deserialize, Serialize};

/// From the tablet.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// First message after connecting; `last_seq` is the highest `seq` the tablet has seen.
    Hello { last_seq: Option<i32> },
    /// One mark. `value` is a decimal string ("9.5"); `op_id` is made by the tablet and is the
    /// same when the mark is sent again.
    Mark {
        op_id: String,
        entrant_id: i32,
        aspect_id: i32,
        value: String,
    },
}

/// To the tablet.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    Snapshot {
        /// The judge's latest change; send it back as `last_seq` after reconnecting.
        seq: i32,
        /// When the tablet said `last_seq`, only marks changed after it are listed.
        since: Option<i32>,
        judge: JudgeInfo,
        entrants: Vec<EntrantInfo>,
        aspects: Vec<AspectInfo>,
        marks: Vec<MarkInfo>,
    },
    /// The mark is durably committed (or was already: `repeated`).
    Ack {
        op_id: String,
        mark_id: i32,
        value: String,
        seq: i32,
        repeated: bool,
    },
    Error {
        op_id: Option<String>,
        code: String,
        field: Option<String>,
        message: String,
    },
}

#[derive(Debug, Serialize)]
pub struct JudgeInfo {
    pub name: String,
    pub panel: String,
    pub event: String,
}

/// Judges see blind codes and stations, never names.
#[derive(Debug, Serialize)]
pub struct EntrantInfo {
    pub id: i32,
    pub station: Option<i32>,
    pub blind_code: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AspectInfo {
    pub id: i32,
    pub code: String,
    pub name: String,
    /// measurement, pass_fail, deduction, scale, direct
    pub kind: String,
    pub max: String,
    pub step: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MarkInfo {
    pub entrant_id: i32,
    pub aspect_id: i32,
    pub value: String,
    pub seq: i32,
}
