//! Recording a judge's mark: every server rule, idempotent by the client's `op_id`, and an
//! audit entry in the hash chain for every change.
//!
//! A mark is refused — and nothing stored — when it is out of range or off-step for its aspect,
//! for an aspect outside the judge's panel, for an entrant the judge must recuse from (or is not
//! assigned), outside the marking window (the competition is running or being marked), or after
//! the event's marks are locked. A repeated `op_id` gets the same receipt, never a second row.

use super::audit_chain::{self, Fields};
use super::mark_rules::BatchRows;
pub use super::mark_rules::aspect_rule;
use super::remembered::Remembered;
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::EventId;
use entity::{
    AspectId, EntrantId, MarkKey, StoredDecimal, judge, mark, mark_audit, mark_correction,
};
use rust_decimal::Decimal;
use sea_orm::Condition;
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query, UnionType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Set, Statement,
    TransactionSession, TransactionTrait,
};
use std::collections::{HashMap, HashSet};
use tokio::sync::{Mutex, MutexGuard};

/// One process appends to the chain at a time; PostgreSQL processes also take an advisory lock.
static CHAIN: Mutex<()> = Mutex::const_new(());
const CHAIN_LOCK_KEY: i64 = 0x6a78_6d61_726b; // "jxmark"

#[derive(Clone, Debug)]
pub struct MarkInput {
    pub op_id: String,
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    pub value: Decimal,
    pub device: Option<String>,
    /// The id of the tablet's session, checked in the same transaction: a mark from a session
    /// the organiser has ended is refused. `None` for the server's own callers.
    pub session: Option<String>,
}

impl MarkInput {
    /// The mark this input sets, for the judge who sends it.
    pub fn key(&self, judge: &judge::Model) -> MarkKey {
        MarkKey {
            entrant: self.entrant_id,
            aspect: self.aspect_id,
            judge: judge.id,
        }
    }
}

/// What the server tells the judge once the mark is durably committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub op_id: String,
    pub mark_id: i32,
    pub value: Decimal,
    /// The audit entry of this change: the judge's sequence number for catching up.
    pub seq: i32,
    /// The `op_id` had been stored before: nothing new was written.
    pub repeated: bool,
}

/// Opens a transaction that may append to the audit chain: one appender at a time, in this
/// process and (on PostgreSQL) across processes. Hold the guard until the commit.
pub(crate) async fn begin_chained<C: ConnectionTrait + TransactionTrait>(
    db: &C,
) -> AppResult<(MutexGuard<'static, ()>, C::Transaction)> {
    let guard = CHAIN.lock().await;
    let txn = crate::db::begin_write(db).await?;
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [CHAIN_LOCK_KEY.into()],
        ))
        .await?;
    }
    Ok((guard, txn))
}

/// A judge has one mark per entrant and aspect: storing another replaces its value.
pub(crate) fn replace_mark() -> OnConflict {
    OnConflict::columns([
        mark::Column::EntrantId,
        mark::Column::AspectId,
        mark::Column::JudgeId,
    ])
    .update_columns([
        mark::Column::Value,
        mark::Column::OpId,
        mark::Column::UpdatedAt,
    ])
    .to_owned()
}

/// Records a batch of marks in one transaction and one disk flush (group commit). Each mark is
/// checked on its own: a refused mark gets its error and the others are stored; the receipts
/// come back in the order of the batch, and only once the transaction has committed.
///
/// The batch is read and written set-wise — a handful of statements however many marks it
/// holds — so that a burst from every judge at once stays quick.
pub async fn record_marks<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    batch: Vec<(judge::Model, MarkInput)>,
) -> AppResult<Vec<AppResult<Receipt>>> {
    Ok(record_remembering(db, batch, &mut Remembered::nothing())
        .await?
        .receipts)
}

/// What a batch of the mark writer's did.
pub(crate) struct Recorded {
    /// One per mark, in the order of the batch.
    pub receipts: Vec<AppResult<Receipt>>,
    /// Nobody but the writer had written since its previous batch (the remembered rows were
    /// kept): the batch's marks are all that changed since then.
    pub marks_only: bool,
}

/// [`record_marks`] for the mark writer, with the rows it remembers from earlier batches (see
/// [`super::remembered`]). On any failure they are forgotten.
pub(crate) async fn record_remembering<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    batch: Vec<(judge::Model, MarkInput)>,
    remembered: &mut Remembered,
) -> AppResult<Recorded> {
    let recorded = record_batch(db, batch, remembered).await;
    if recorded.is_err() {
        remembered.forget();
    }
    recorded
}

async fn record_batch<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    batch: Vec<(judge::Model, MarkInput)>,
    remembered: &mut Remembered,
) -> AppResult<Recorded> {
    let (_chain, txn) = begin_chained(db).await?;
    let marks_only = remembered.check(&txn).await?;
    remembered.rows.read_missing(&txn, &batch).await?;
    let mut last_hash = remembered.last_hash.clone();
    let known = Known::read(&txn, &batch, &remembered.rows).await?;
    let (outcomes, writes) = decide(&batch, &known);
    let (stored, seqs) = if writes.is_empty() {
        (HashMap::new(), HashMap::new())
    } else {
        let at = audit_chain::stored_time(now());
        let stored = store_marks(&txn, &writes, at).await?;
        let seqs = store_audit(&txn, known.rows, &writes, at, None, &mut last_hash).await?;
        (stored, seqs)
    };
    txn.commit().await?;
    // Only once committed is a hash the chain's last.
    remembered.last_hash = last_hash;
    let receipts = outcomes
        .into_iter()
        .map(|o| match o {
            Outcome::Refused(e) => Err(e),
            Outcome::Earlier(r) => Ok(r),
            Outcome::Write(n, repeated) => {
                let w = &writes[n];
                Ok(Receipt {
                    op_id: w.op_id.clone(),
                    mark_id: stored.get(&w.key).copied().unwrap_or_default(),
                    value: w.new.to_decimal(),
                    seq: seqs.get(&w.op_id).copied().unwrap_or_default(),
                    repeated,
                })
            }
        })
        .collect();
    Ok(Recorded {
        receipts,
        marks_only,
    })
}

/// Who entered marks on a judge's behalf, and why: a clerk typing a paper sheet, an organiser
/// importing the theory exam's scores. The audit entry names them instead of the judge.
#[derive(Clone, Debug)]
pub struct EnteredBy {
    /// `user:3`.
    pub actor: String,
    /// What the entry came from, e.g. 理论考试成绩导入（文件名）.
    pub reason: String,
}

/// Records marks entered on judges' behalf (see [`EnteredBy`]) under every rule a judge's own
/// mark meets, all or nothing: one refused mark and nothing is stored, and the refusals come
/// back with their place in the batch.
pub async fn record_entered<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    batch: Vec<(judge::Model, MarkInput)>,
    entered: &EnteredBy,
) -> AppResult<Result<Vec<Receipt>, Vec<(usize, AppError)>>> {
    let (_chain, txn) = begin_chained(db).await?;
    let outcome = record_entered_in(&txn, batch, entered).await?;
    if outcome.is_ok() {
        txn.commit().await?;
    }
    Ok(outcome)
}

/// [`record_entered`] inside a transaction the caller opened with [`begin_chained`] (and
/// commits, with whatever else it wrote): on refusals nothing is written.
pub(crate) async fn record_entered_in(
    txn: &impl ConnectionTrait,
    batch: Vec<(judge::Model, MarkInput)>,
    entered: &EnteredBy,
) -> AppResult<Result<Vec<Receipt>, Vec<(usize, AppError)>>> {
    let mut rows = BatchRows::default();
    rows.read_missing(txn, &batch).await?;
    let known = Known::read(txn, &batch, &rows).await?;
    let (outcomes, writes) = decide(&batch, &known);
    let mut refused = Vec::new();
    let mut accepted = Vec::with_capacity(outcomes.len());
    for (i, outcome) in outcomes.into_iter().enumerate() {
        match outcome {
            Outcome::Refused(e) => refused.push((i, e)),
            other => accepted.push(other),
        }
    }
    if !refused.is_empty() {
        return Ok(Err(refused));
    }
    let at = audit_chain::stored_time(now());
    let stored = store_marks(txn, &writes, at).await?;
    let seqs = store_audit(
        txn,
        known.rows,
        &writes,
        at,
        Some(entered),
        &mut HashMap::new(),
    )
    .await?;
    Ok(Ok(accepted
        .into_iter()
        .filter_map(|o| match o {
            Outcome::Write(n, repeated) => {
                let w = &writes[n];
                Some(Receipt {
                    op_id: w.op_id.clone(),
                    mark_id: stored.get(&w.key).copied().unwrap_or_default(),
                    value: w.new.to_decimal(),
                    seq: seqs.get(&w.op_id).copied().unwrap_or_default(),
                    repeated,
                })
            }
            Outcome::Earlier(r) => Some(r),
            Outcome::Refused(_) => None,
        })
        .collect()))
}

/// Everything the checks of a batch need, read inside its transaction.
struct Known<'r> {
    /// Audited marks by op_id: a resend is acknowledged with its first receipt.
    done: HashMap<String, mark_audit::Model>,
    /// Op ids already used by correction requests.
    corrections_ops: HashSet<String>,
    rows: &'r BatchRows,
    current: HashMap<MarkKey, mark::Model>,
}

impl<'r> Known<'r> {
    async fn read(
        txn: &impl ConnectionTrait,
        batch: &[(judge::Model, MarkInput)],
        rows: &'r BatchRows,
    ) -> AppResult<Known<'r>> {
        let ops: Vec<String> = batch.iter().map(|(_, i)| i.op_id.clone()).collect();
        let (done, corrections_ops) = used_ops(txn, ops).await?;
        let keys: Vec<MarkKey> = batch.iter().map(|(j, i)| i.key(j)).collect();
        let current = marks_by_key(txn, &keys).await?;
        Ok(Known {
            done,
            corrections_ops,
            rows,
            current,
        })
    }
}

/// The batch's op ids already used: the audit entries of marks stored under them, and those of
/// correction requests. One statement asks both tables (a mark's op id is new nearly always);
/// the audit entries themselves are read only when some were found (a resend).
async fn used_ops(
    txn: &impl ConnectionTrait,
    ops: Vec<String>,
) -> AppResult<(HashMap<String, mark_audit::Model>, HashSet<String>)> {
    const AUDIT: i32 = 1;
    const CORRECTION: i32 = 2;
    let mut query = Query::select();
    query
        .expr_as(Expr::val(AUDIT), Alias::new("kind"))
        .column(mark_audit::Column::Id)
        .expr_as(Expr::col(mark_audit::Column::OpId), Alias::new("op"))
        .from(mark_audit::Entity)
        .and_where(mark_audit::Column::OpId.is_in(ops.clone()));
    let mut corrections = Query::select();
    corrections
        .expr(Expr::val(CORRECTION))
        .column(mark_correction::Column::Id)
        .column(mark_correction::Column::OpId)
        .from(mark_correction::Entity)
        .and_where(mark_correction::Column::OpId.is_in(ops));
    query.union(UnionType::All, corrections);
    let found = txn
        .query_all_raw(txn.get_database_backend().build(&query))
        .await?;
    let mut audit_ids = Vec::new();
    let mut corrections_ops = HashSet::new();
    for row in found {
        let kind: i32 = row.try_get_by_index(0)?;
        if kind == AUDIT {
            audit_ids.push(row.try_get_by_index::<i32>(1)?);
        } else {
            corrections_ops.insert(row.try_get_by_index::<String>(2)?);
        }
    }
    let done = if audit_ids.is_empty() {
        HashMap::new()
    } else {
        mark_audit::Entity::find()
            .filter(mark_audit::Column::Id.is_in(audit_ids))
            .all(txn)
            .await?
            .into_iter()
            .filter_map(|e| Some((e.op_id.clone()?, e)))
            .collect()
    };
    Ok((done, corrections_ops))
}

/// What became of one mark of a batch.
enum Outcome {
    Refused(AppError),
    /// Stored before this batch.
    Earlier(Receipt),
    /// The n-th accepted write of this batch (or a repeat of it).
    Write(usize, bool),
}

/// An accepted mark, to be stored with its audit entry.
struct Write {
    key: MarkKey,
    event_id: EventId,
    old: Option<StoredDecimal>,
    new: StoredDecimal,
    op_id: String,
    device: Option<String>,
}

/// Checks each mark in order against what is stored and what the batch wrote before it;
/// accepted ones become writes.
fn decide(batch: &[(judge::Model, MarkInput)], known: &Known<'_>) -> (Vec<Outcome>, Vec<Write>) {
    let Known {
        done,
        corrections_ops,
        rows,
        current,
    } = known;
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut writes: Vec<Write> = Vec::new();
    let mut written_ops: HashMap<String, usize> = HashMap::new();
    for (judge, input) in batch {
        if rows.session_ended(judge, input) {
            outcomes.push(Outcome::Refused(AppError::Unauthenticated));
            continue;
        }
        // An op_id names one mark forever: the same judge, entrant, aspect and value. A resend
        // of it is acknowledged again; anything else under it is refused.
        let key = input.key(judge);
        if let Some(&n) = written_ops.get(&input.op_id) {
            let w = &writes[n];
            outcomes.push(
                match reuse_of_op(w.key, Some(w.new.to_decimal()), key, input.value) {
                    None => Outcome::Write(n, true),
                    Some(refusal) => Outcome::Refused(refusal),
                },
            );
            continue;
        }
        if corrections_ops.contains(&input.op_id) {
            outcomes.push(Outcome::Refused(AppError::conflict(
                "op_id",
                "该操作编号已用于一条更正申请",
            )));
            continue;
        }
        if let Some(entry) = done.get(&input.op_id) {
            let earlier = entry.new_value.map(StoredDecimal::to_decimal);
            let stored_key = entry.key();
            outcomes.push(
                match (
                    reuse_of_op(stored_key, earlier, key, input.value),
                    current.get(&stored_key),
                ) {
                    (None, Some(m)) => Outcome::Earlier(Receipt {
                        op_id: input.op_id.clone(),
                        mark_id: m.id,
                        value: earlier.unwrap_or(Decimal::ZERO),
                        seq: entry.id,
                        repeated: true,
                    }),
                    (None, None) => {
                        Outcome::Refused(AppError::Internal("audited mark missing".into()))
                    }
                    (Some(refusal), _) => Outcome::Refused(refusal),
                },
            );
            continue;
        }
        match rows.check(judge, input) {
            Err(e) => outcomes.push(Outcome::Refused(e)),
            Ok((event_id, value)) => {
                // The old value is the one before this write, even if this batch wrote it.
                let old = writes
                    .iter()
                    .rev()
                    .find(|w| w.key == key)
                    .map(|w| w.new)
                    .or_else(|| current.get(&key).map(|m| m.value));
                written_ops.insert(input.op_id.clone(), writes.len());
                outcomes.push(Outcome::Write(writes.len(), false));
                writes.push(Write {
                    key,
                    event_id,
                    old,
                    new: value,
                    op_id: input.op_id.clone(),
                    device: input.device.clone(),
                });
            }
        }
    }

    (outcomes, writes)
}

/// Each key's final value, in one upsert per 500; the stored rows' ids (RETURNING) by key.
async fn store_marks(
    txn: &impl ConnectionTrait,
    writes: &[Write],
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<HashMap<MarkKey, i32>> {
    let mut last: HashMap<MarkKey, &Write> = HashMap::new();
    for w in writes {
        last.insert(w.key, w);
    }
    let upserts: Vec<mark::ActiveModel> = last
        .values()
        .map(|w| mark::ActiveModel {
            event_id: Set(w.event_id),
            entrant_id: Set(w.key.entrant),
            aspect_id: Set(w.key.aspect),
            judge_id: Set(w.key.judge),
            value: Set(w.new),
            op_id: Set(w.op_id.clone()),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        })
        .collect();
    // The stored rows come back (RETURNING): their ids go on the receipts.
    let mut stored: HashMap<MarkKey, i32> = HashMap::with_capacity(upserts.len());
    for chunk in upserts.chunks(500) {
        let returned = mark::Entity::insert_many(chunk.to_vec())
            .on_conflict(replace_mark())
            .exec_with_returning(txn)
            .await?;
        stored.extend(returned.into_iter().map(|m| (m.key(), m.id)));
    }
    Ok(stored)
}

/// The audit entries, chained in batch order, each on its event's chain (the record, or a
/// rehearsal's own); their ids, the judges' sequence numbers, by op_id. `last` holds the hash
/// each chain ends with where it is known (read from the database otherwise), and is left
/// holding the hashes this batch ends them with.
async fn store_audit(
    txn: &impl ConnectionTrait,
    rows: &BatchRows,
    writes: &[Write],
    at: chrono::DateTime<chrono::Utc>,
    entered: Option<&EnteredBy>,
    last: &mut HashMap<i32, String>,
) -> AppResult<HashMap<String, i32>> {
    let mut entries = Vec::with_capacity(writes.len());
    for w in writes {
        let chain = rows.chain(w.event_id);
        let prev = match last.get(&chain) {
            Some(prev) => prev.clone(),
            None => audit_chain::last_hash(txn, chain).await?,
        };
        let actor = match entered {
            Some(by) => by.actor.clone(),
            None => format!("judge:{}", w.key.judge),
        };
        let reason = entered.map(|by| by.reason.as_str());
        let hash = audit_chain::entry_hash(
            &prev,
            &Fields {
                event_id: w.event_id,
                entrant_id: w.key.entrant,
                aspect_id: w.key.aspect,
                judge_id: w.key.judge,
                actor: &actor,
                device: w.device.as_deref(),
                at,
                old_value: w.old,
                new_value: Some(w.new),
                reason,
                op_id: Some(&w.op_id),
            },
        );
        entries.push(mark_audit::ActiveModel {
            event_id: Set(w.event_id),
            entrant_id: Set(w.key.entrant),
            aspect_id: Set(w.key.aspect),
            judge_id: Set(w.key.judge),
            actor: Set(actor),
            device: Set(w.device.clone()),
            at: Set(at),
            old_value: Set(w.old),
            new_value: Set(Some(w.new)),
            reason: Set(reason.map(str::to_owned)),
            op_id: Set(Some(w.op_id.clone())),
            prev_hash: Set(prev),
            hash: Set(hash.clone()),
            chain: Set(chain),
            ..Default::default()
        });
        last.insert(chain, hash);
    }
    // Inserted one statement per chunk, in order, so ids follow the chain; their ids are
    // the judges' sequence numbers.
    let mut seqs: HashMap<String, i32> = HashMap::with_capacity(entries.len());
    for chunk in entries.chunks(200) {
        let returned = mark_audit::Entity::insert_many(chunk.to_vec())
            .exec_with_returning(txn)
            .await?;
        seqs.extend(returned.into_iter().filter_map(|e| Some((e.op_id?, e.id))));
    }
    Ok(seqs)
}

/// Why a mark may not use an `op_id` already stored for `earlier_key` with `earlier_value`, or
/// `None` when it is the same mark sent again (values compare as numbers: 9.5 is 9.50).
fn reuse_of_op(
    earlier_key: MarkKey,
    earlier_value: Option<Decimal>,
    key: MarkKey,
    value: Decimal,
) -> Option<AppError> {
    if earlier_key != key {
        return Some(AppError::conflict("op_id", "该操作编号已用于另一条评分"));
    }
    match earlier_value {
        Some(v) if v == value => None,
        Some(v) => Some(AppError::conflict(
            "op_id",
            format!(
                "该操作编号已用于分数 {}，不能改为 {}；修改分数请重新提交",
                v.normalize(),
                value.normalize()
            ),
        )),
        None => Some(AppError::conflict("op_id", "该操作编号已用于另一条评分")),
    }
}

/// The current marks for these (entrant, aspect, judge) keys, looked up through the unique index
/// key by key (a filter on three `IN` lists would scan the whole table as it grows).
async fn marks_by_key(
    txn: &impl ConnectionTrait,
    keys: &[MarkKey],
) -> AppResult<HashMap<MarkKey, mark::Model>> {
    let mut distinct: Vec<MarkKey> = keys.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let mut found = HashMap::new();
    for chunk in distinct.chunks(200) {
        let mut any = Condition::any();
        for key in chunk {
            any = any.add(
                Condition::all()
                    .add(mark::Column::EntrantId.eq(key.entrant))
                    .add(mark::Column::AspectId.eq(key.aspect))
                    .add(mark::Column::JudgeId.eq(key.judge)),
            );
        }
        for m in mark::Entity::find().filter(any).all(txn).await? {
            found.insert(m.key(), m);
        }
    }
    Ok(found)
}
