//! The messages of `/ws/judge`, as JSON objects with a `type` field.

use entity::{AspectId, EntrantId, JudgeId};
use serde::{Deserialize, Serialize};

/// From the tablet.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// First message after connecting; `last_seq` is the highest `seq` the tablet has seen.
    Hello {
        last_seq: Option<i32>,
        /// The judge the page was opened for. `last_seq` counts only for that judge: when the
        /// tablet has since been signed in for another, the answer is a full snapshot.
        #[serde(default)]
        judge_id: Option<JudgeId>,
        /// Other judges' marks still waiting in this browser (counts only).
        #[serde(default)]
        held: Vec<crate::judging::tablets::HeldMarks>,
    },
    /// One mark. `value` is a decimal string ("9.5"); `op_id` is made by the tablet and is the
    /// same when the mark is sent again. `judge_id` names the judge who entered it: a mark that
    /// waited on a shared tablet is never stored under the judge signed in now.
    Mark {
        judge_id: JudgeId,
        op_id: String,
        entrant_id: EntrantId,
        aspect_id: AspectId,
        value: String,
    },
    /// A change to a final mark (the event is locked, or the module signed off): applied only
    /// when the chief judge approves it. Asking again with the same `op_id` changes nothing.
    Correction {
        judge_id: JudgeId,
        op_id: String,
        entrant_id: EntrantId,
        aspect_id: AspectId,
        value: String,
        reason: String,
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
        /// The chief judge has locked the event's marks: every change is a correction.
        locked: bool,
        entrants: Vec<EntrantInfo>,
        aspects: Vec<AspectInfo>,
        marks: Vec<MarkInfo>,
        /// Every correction the judge has asked for, with where it stands.
        corrections: Vec<CorrectionInfo>,
    },
    /// The mark is durably committed (or was already: `repeated`).
    Ack {
        op_id: String,
        mark_id: i32,
        value: String,
        seq: i32,
        repeated: bool,
    },
    /// Where a correction stands: the answer to a `correction`, and in each snapshot.
    Correction(CorrectionInfo),
    Error {
        op_id: Option<String>,
        code: String,
        field: Option<String>,
        message: String,
    },
}

#[derive(Debug, Serialize)]
pub struct JudgeInfo {
    /// The judge this socket is signed in for: the one every `mark` must name.
    pub id: JudgeId,
    pub name: String,
    pub panel: String,
    pub event: String,
}

/// Judges see blind codes and stations, never names.
#[derive(Debug, Serialize)]
pub struct EntrantInfo {
    pub id: EntrantId,
    pub station: Option<i32>,
    pub blind_code: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AspectInfo {
    pub id: AspectId,
    pub code: String,
    pub name: String,
    /// measurement, pass_fail, deduction, scale, direct
    pub kind: String,
    pub max: String,
    pub step: Option<String>,
    /// Its module is signed off by the chief judge: a change is a correction.
    #[serde(rename = "final")]
    pub is_final: bool,
}

#[derive(Debug, Serialize)]
pub struct CorrectionInfo {
    pub op_id: String,
    pub correction_id: i32,
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    pub value: String,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// The chief judge's note on a decision.
    pub note: Option<String>,
}

impl From<entity::mark_correction::Model> for CorrectionInfo {
    fn from(c: entity::mark_correction::Model) -> Self {
        CorrectionInfo {
            op_id: c.op_id,
            correction_id: c.id,
            entrant_id: c.entrant_id,
            aspect_id: c.aspect_id,
            value: c.new_value.to_decimal().normalize().to_string(),
            status: entity::kinds::code(c.status),
            note: c.decision_note,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MarkInfo {
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    pub value: String,
    pub seq: i32,
    /// The latest change was a correction approved by the chief judge.
    pub corrected: bool,
}
