//! Recording a judge's mark: every server rule, idempotent by the client's `op_id`, and an
//! audit entry in the hash chain for every change.
//!
//! A mark is refused — and nothing stored — when it is out of range or off-step for its aspect,
//! for an aspect outside the judge's panel, for an entrant the judge must recuse from (or is not
//! assigned), outside the marking window (the competition is running or being marked), or after
//! the event's marks are locked. A repeated `op_id` gets the same receipt, never a second row.

use super::audit_chain::{self, Fields};
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::kinds::{CompetitionStatus, JudgeRole};
use entity::{StoredDecimal, competition, event, judge, mark, mark_audit, scheme_aspect};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Set,
    Statement, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use tokio::sync::Mutex;

/// One process appends to the chain at a time; PostgreSQL processes also take an advisory lock.
static CHAIN: Mutex<()> = Mutex::const_new(());
const CHAIN_LOCK_KEY: i64 = 0x6a78_6d61_726b; // "jxmark"

#[derive(Clone, Debug)]
pub struct MarkInput {
    pub op_id: String,
    pub entrant_id: i32,
    pub aspect_id: i32,
    pub value: Decimal,
    pub device: Option<String>,
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

fn check_op_id(op_id: &str) -> AppResult<()> {
    let ok = (8..=64).contains(&op_id.len())
        && op_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'));
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "op_id",
            "操作编号须为 8–64 位字母、数字或 - _ :",
        ))
    }
}

/// The scoring rule of one stored aspect (its panel size does not matter for checking a mark).
pub fn aspect_rule(a: &scheme_aspect::Model) -> scoring::Aspect {
    let step = a.step.map_or(Decimal::ONE, StoredDecimal::to_decimal);
    scoring::Aspect {
        id: scoring::AspectId(a.id.max(0) as u32),
        code: a.code.clone(),
        name: a.name.clone(),
        kind: match a.kind.as_str() {
            "measurement" => scoring::AspectKind::Measurement { step },
            "pass_fail" => scoring::AspectKind::PassFail,
            "deduction" => scoring::AspectKind::Deduction { step },
            "scale" => scoring::AspectKind::Scale,
            _ => scoring::AspectKind::Direct { step },
        },
        max: a.max_mark.to_decimal(),
        aggregation: scoring::Aggregation::Mean,
        panel: 1,
        max_spread: None,
    }
}

/// Records one mark in a transaction of its own.
pub async fn record_mark<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    judge: &judge::Model,
    input: MarkInput,
) -> AppResult<Receipt> {
    record_marks(db, vec![(judge.clone(), input)])
        .await?
        .pop()
        .unwrap_or_else(|| Err(AppError::Internal("empty batch".into())))
}

/// Records a batch of marks in one transaction and one disk flush (group commit). Each mark is
/// checked on its own: a refused mark gets its error and the others are stored; the receipts
/// come back in the order of the batch, and only once the transaction has committed.
pub async fn record_marks<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    batch: Vec<(judge::Model, MarkInput)>,
) -> AppResult<Vec<AppResult<Receipt>>> {
    let _chain = CHAIN.lock().await;
    let txn = db.begin().await?;
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [CHAIN_LOCK_KEY.into()],
        ))
        .await?;
    }
    let mut prev = audit_chain::last_hash(&txn).await?;
    let mut cache = BatchCache::default();
    let mut receipts = Vec::with_capacity(batch.len());
    for (judge, input) in batch {
        receipts.push(apply(&txn, &mut cache, &judge, input, &mut prev).await);
    }
    txn.commit().await?;
    Ok(receipts)
}

/// The same rule as [`super::judges::markable_entrants`], for one entrant: in the judge's event, not
/// withdrawn, not of the judge's organisation, and assigned if the judge has assignments.
async fn may_mark(
    txn: &impl ConnectionTrait,
    cache: &mut BatchCache,
    judge: &judge::Model,
    entrant_id: i32,
) -> AppResult<bool> {
    let Some(entrant) = entity::entrant::Entity::find_by_id(entrant_id)
        .one(txn)
        .await?
    else {
        return Ok(false);
    };
    if entrant.event_id != judge.event_id
        || entrant.status == entity::kinds::EntrantStatus::Withdrawn
        || super::access::must_recuse(judge, &entrant)
    {
        return Ok(false);
    }
    if let Entry::Vacant(slot) = cache.assigned.entry(judge.id) {
        let any = entity::judge_assignment::Entity::find()
            .filter(entity::judge_assignment::Column::JudgeId.eq(judge.id))
            .one(txn)
            .await?
            .is_some();
        slot.insert(any);
    }
    if cache.assigned[&judge.id] {
        return Ok(
            entity::judge_assignment::Entity::find_by_id((judge.id, entrant_id))
                .one(txn)
                .await?
                .is_some(),
        );
    }
    Ok(true)
}

/// Rows that many marks of one batch share, read once per batch.
#[derive(Default)]
struct BatchCache {
    events: HashMap<i32, (event::Model, competition::Model)>,
    aspects: HashMap<i32, Option<scheme_aspect::Model>>,
    assigned: HashMap<i32, bool>,
}

/// Checks and stores one mark inside the batch's transaction. Every check comes before the
/// first write, so a refused mark writes nothing.
async fn apply(
    txn: &impl ConnectionTrait,
    cache: &mut BatchCache,
    judge: &judge::Model,
    input: MarkInput,
    prev: &mut String,
) -> AppResult<Receipt> {
    check_op_id(&input.op_id)?;
    // The same operation again: the same answer.
    if let Some(done) = mark_audit::Entity::find()
        .filter(mark_audit::Column::OpId.eq(&input.op_id))
        .one(txn)
        .await?
    {
        if done.judge_id != judge.id
            || done.entrant_id != input.entrant_id
            || done.aspect_id != input.aspect_id
        {
            return Err(AppError::conflict("op_id", "该操作编号已用于另一条评分"));
        }
        let current = mark::Entity::find()
            .filter(mark::Column::EntrantId.eq(done.entrant_id))
            .filter(mark::Column::AspectId.eq(done.aspect_id))
            .filter(mark::Column::JudgeId.eq(done.judge_id))
            .one(txn)
            .await?
            .ok_or_else(|| AppError::Internal("audited mark missing".into()))?;
        return Ok(Receipt {
            op_id: input.op_id,
            mark_id: current.id,
            value: done
                .new_value
                .map_or(Decimal::ZERO, StoredDecimal::to_decimal),
            seq: done.id,
            repeated: true,
        });
    }
    if judge.role != JudgeRole::Judge {
        return Err(AppError::invalid(
            "judge",
            "裁判长不直接评分，请使用更正功能",
        ));
    }
    if let Entry::Vacant(slot) = cache.events.entry(judge.event_id) {
        let ev = event::Entity::find_by_id(judge.event_id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound)?;
        let comp = competition::Entity::find_by_id(ev.competition_id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound)?;
        slot.insert((ev, comp));
    }
    let (ev, comp) = cache.events[&judge.event_id].clone();
    if !matches!(
        comp.status,
        CompetitionStatus::Running | CompetitionStatus::Marking
    ) {
        return Err(AppError::invalid("event", "当前不在评分时段内"));
    }
    if ev.marks_locked_at.is_some() {
        return Err(AppError::invalid(
            "event",
            "本项目评分已锁定，修改须经裁判长批准",
        ));
    }
    if let Entry::Vacant(slot) = cache.aspects.entry(input.aspect_id) {
        slot.insert(
            scheme_aspect::Entity::find_by_id(input.aspect_id)
                .one(txn)
                .await?,
        );
    }
    let aspect = cache.aspects[&input.aspect_id]
        .clone()
        .filter(|a| a.event_id == ev.id)
        .ok_or_else(|| AppError::invalid("aspect_id", "该评分项不在本项目的评分方案中"))?;
    if aspect.panel != judge.panel {
        return Err(AppError::invalid("aspect_id", "该评分项不属于您的裁判组"));
    }
    if !may_mark(txn, cache, judge, input.entrant_id).await? {
        return Err(AppError::invalid(
            "entrant_id",
            "该选手不在您的评分名单中（回避或未分配）",
        ));
    }
    scoring::check_mark(&aspect_rule(&aspect), input.value)
        .map_err(|e| AppError::invalid("value", e.to_string()))?;
    let value = StoredDecimal::try_from(input.value)
        .map_err(|e| AppError::invalid("value", e.to_string()))?;

    let at = audit_chain::stored_time(now());
    let existing = mark::Entity::find()
        .filter(mark::Column::EntrantId.eq(input.entrant_id))
        .filter(mark::Column::AspectId.eq(input.aspect_id))
        .filter(mark::Column::JudgeId.eq(judge.id))
        .one(txn)
        .await?;
    let old_value = existing.as_ref().map(|m| m.value);
    let stored = match existing {
        Some(m) => {
            let mut model: mark::ActiveModel = m.into();
            model.value = Set(value);
            model.op_id = Set(input.op_id.clone());
            model.updated_at = Set(at);
            model.update(txn).await?
        }
        None => {
            mark::ActiveModel {
                event_id: Set(ev.id),
                entrant_id: Set(input.entrant_id),
                aspect_id: Set(input.aspect_id),
                judge_id: Set(judge.id),
                value: Set(value),
                op_id: Set(input.op_id.clone()),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    let actor = format!("judge:{}", judge.id);
    let fields = Fields {
        event_id: ev.id,
        entrant_id: input.entrant_id,
        aspect_id: input.aspect_id,
        judge_id: judge.id,
        actor: &actor,
        device: input.device.as_deref(),
        at,
        old_value,
        new_value: Some(value),
        reason: None,
        op_id: Some(&input.op_id),
    };
    let hash = audit_chain::entry_hash(prev, &fields);
    let entry = mark_audit::ActiveModel {
        event_id: Set(ev.id),
        entrant_id: Set(input.entrant_id),
        aspect_id: Set(input.aspect_id),
        judge_id: Set(judge.id),
        actor: Set(actor.clone()),
        device: Set(input.device.clone()),
        at: Set(at),
        old_value: Set(old_value),
        new_value: Set(Some(value)),
        reason: Set(None),
        op_id: Set(Some(input.op_id.clone())),
        prev_hash: Set(prev.clone()),
        hash: Set(hash.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    *prev = hash;
    Ok(Receipt {
        op_id: input.op_id,
        mark_id: stored.id,
        value: value.to_decimal(),
        seq: entry.id,
        repeated: false,
    })
}
