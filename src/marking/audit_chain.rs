//! The hash chain over `mark_audit`: each entry holds the SHA-256 of the one before and of its
//! own fields, so changing or deleting any entry breaks the chain from there on.

use crate::error::AppResult;
use chrono::{DateTime, Utc};
use entity::EventId;
use entity::{AspectId, EntrantId, JudgeId};
use entity::{StoredDecimal, competition, event, mark_audit};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Fields that the hash covers, in a fixed order.
pub struct Fields<'a> {
    pub event_id: EventId,
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    pub judge_id: JudgeId,
    pub actor: &'a str,
    pub device: Option<&'a str>,
    pub at: DateTime<Utc>,
    pub old_value: Option<StoredDecimal>,
    pub new_value: Option<StoredDecimal>,
    pub reason: Option<&'a str>,
    pub op_id: Option<&'a str>,
}

pub fn entry_hash(prev: &str, f: &Fields<'_>) -> String {
    let value = |v: Option<StoredDecimal>| v.map_or("-".to_owned(), |v| v.scaled().to_string());
    // Times are hashed at microseconds: what both SQLite and PostgreSQL keep.
    let canonical = format!(
        "{prev}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
        f.event_id,
        f.entrant_id,
        f.aspect_id,
        f.judge_id,
        f.actor,
        f.device.unwrap_or("-"),
        f.at.timestamp_micros(),
        value(f.old_value),
        value(f.new_value),
        f.reason.unwrap_or("-"),
        f.op_id.unwrap_or("-"),
    );
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// A time as the database will keep it.
pub fn stored_time(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

/// The chain of the record (every real competition's marks).
pub const RECORD: i32 = 0;

/// The chain a competition's entries go on: [`RECORD`], or a rehearsal's own (its id).
pub fn chain_for(comp: &competition::Model) -> i32 {
    if comp.rehearsal_of.is_some() {
        comp.id.0
    } else {
        RECORD
    }
}

/// The chain of one event's entries (see [`chain_for`]); the batch writer has the
/// competitions at hand already (`BatchRows::chain`).
pub async fn chain_of_event(db: &impl ConnectionTrait, event_id: EventId) -> AppResult<i32> {
    let Some(ev) = event::Entity::find_by_id(event_id).one(db).await? else {
        return Ok(RECORD);
    };
    Ok(competition::Entity::find_by_id(ev.competition_id)
        .one(db)
        .await?
        .map_or(RECORD, |c| chain_for(&c)))
}

/// The hash the next entry of `chain` must point at.
pub async fn last_hash(db: &impl ConnectionTrait, chain: i32) -> AppResult<String> {
    Ok(mark_audit::Entity::find()
        .filter(mark_audit::Column::Chain.eq(chain))
        .order_by_desc(mark_audit::Column::Id)
        .one(db)
        .await?
        .map_or_else(|| GENESIS.to_owned(), |e| e.hash))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// The entry's content no longer matches its hash.
    Altered { id: i32 },
    /// The entry does not point at the one before it: something between was removed or replaced.
    Unlinked { id: i32 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    pub entries: usize,
    pub first_break: Option<Break>,
}

/// Walks the record's chain in id order and reports the first entry that was altered or whose
/// predecessor is missing.
pub async fn verify(db: &impl ConnectionTrait) -> AppResult<Verification> {
    verify_chain(db, RECORD).await
}

/// [`verify`] for one chain (a rehearsal's, say).
pub async fn verify_chain(db: &impl ConnectionTrait, chain: i32) -> AppResult<Verification> {
    let mut prev = GENESIS.to_owned();
    let mut after = 0;
    let mut entries = 0;
    loop {
        let page = mark_audit::Entity::find()
            .filter(mark_audit::Column::Chain.eq(chain))
            .filter(mark_audit::Column::Id.gt(after))
            .order_by_asc(mark_audit::Column::Id)
            .limit(1000)
            .all(db)
            .await?;
        if page.is_empty() {
            return Ok(Verification {
                entries,
                first_break: None,
            });
        }
        for e in page {
            entries += 1;
            if e.prev_hash != prev {
                return Ok(Verification {
                    entries,
                    first_break: Some(Break::Unlinked { id: e.id }),
                });
            }
            let expected = entry_hash(
                &prev,
                &Fields {
                    event_id: e.event_id,
                    entrant_id: e.entrant_id,
                    aspect_id: e.aspect_id,
                    judge_id: e.judge_id,
                    actor: &e.actor,
                    device: e.device.as_deref(),
                    at: e.at,
                    old_value: e.old_value,
                    new_value: e.new_value,
                    reason: e.reason.as_deref(),
                    op_id: e.op_id.as_deref(),
                },
            );
            if expected != e.hash {
                return Ok(Verification {
                    entries,
                    first_break: Some(Break::Altered { id: e.id }),
                });
            }
            prev = e.hash;
            after = e.id;
        }
    }
}
