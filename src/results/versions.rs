//! Result versions (成绩版本): each computation of an event's results is stored, numbered, with
//! the fingerprint of what it came from, and signed by the chief judge.
//!
//! - Results are computed from the **locked** marks through the same ledger as the leaderboard
//!   and scored by `scoring::results` with the event's result rules.
//! - The **fingerprint** covers the event's last mark-audit hash, every entrant's status and the
//!   rules document. A computation whose fingerprint equals the latest version's stores nothing;
//!   any difference (a correction, an upheld appeal, a disqualification) makes the next number,
//!   which needs the chief judge's signature again.
//! - A signature is on one version: signing is refused for a version that is not the latest, or
//!   whose inputs have changed since it was computed.
//! - At 成绩确认 the signed versions are marked final ([`finalise`]); from then on nothing
//!   recomputes them.

use super::lines::{ResultLine, Subtotals};
use super::rules::{RulesInForce, rules_of_event};
use crate::error::{AppError, AppResult};
use crate::marking::access::can_review;
use crate::marking::audit_chain::GENESIS;
use crate::marking::ledger::{self, Selection};
use crate::time::now;
use entity::kinds::AuditAction;
use entity::kinds::{Award, EntrantStatus};
use entity::{CompetitionId, EventId};
use entity::{
    EntrantId, entrant, entrant_member, event, judge, mark_audit, result_line, result_version,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionSession, TransactionTrait,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// What a computation starts from, and its fingerprint.
struct Inputs {
    audit_hash: String,
    audit_seq: i32,
    rules: RulesInForce,
    rules_json: String,
    statuses: Vec<(EntrantId, EntrantStatus)>,
}

impl Inputs {
    fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.audit_hash.as_bytes());
        hasher.update(b"|");
        hasher.update(self.rules_json.as_bytes());
        for (id, status) in &self.statuses {
            hasher.update(format!("|{id}:{}", entity::kinds::code(*status)).as_bytes());
        }
        hex::encode(hasher.finalize())
    }
}

async fn inputs(db: &impl ConnectionTrait, ev: &event::Model) -> AppResult<Inputs> {
    let last: Option<(i32, String)> = mark_audit::Entity::find()
        .select_only()
        .columns([mark_audit::Column::Id, mark_audit::Column::Hash])
        .filter(mark_audit::Column::EventId.eq(ev.id))
        .order_by_desc(mark_audit::Column::Id)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    let (audit_seq, audit_hash) = last.unwrap_or((0, GENESIS.to_owned()));
    let statuses = entrant::Entity::find()
        .select_only()
        .columns([entrant::Column::Id, entrant::Column::Status])
        .filter(entrant::Column::EventId.eq(ev.id))
        .order_by_asc(entrant::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let rules = rules_of_event(db, ev).await?;
    let rules_json = serde_json::to_string(&rules.rules)
        .map_err(|e| AppError::Internal(format!("rules: {e}")))?;
    Ok(Inputs {
        audit_hash,
        audit_seq,
        rules,
        rules_json,
        statuses,
    })
}

/// Whether a version was computed from the event as it is now.
pub async fn is_current(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    version: &result_version::Model,
) -> AppResult<bool> {
    Ok(inputs(db, ev).await?.fingerprint() == version.fingerprint)
}

/// The latest version of an event, if any.
pub async fn latest(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<Option<result_version::Model>> {
    Ok(result_version::Entity::find()
        .filter(result_version::Column::EventId.eq(event_id))
        .order_by_desc(result_version::Column::Number)
        .one(db)
        .await?)
}

/// Every version of an event, newest first.
pub async fn history(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<Vec<result_version::Model>> {
    Ok(result_version::Entity::find()
        .filter(result_version::Column::EventId.eq(event_id))
        .order_by_desc(result_version::Column::Number)
        .all(db)
        .await?)
}

/// One version by its number.
pub async fn numbered(
    db: &impl ConnectionTrait,
    event_id: EventId,
    number: i32,
) -> AppResult<result_version::Model> {
    result_version::Entity::find()
        .filter(result_version::Column::EventId.eq(event_id))
        .filter(result_version::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What a computation found: the results as they stand, or a new version to store.
enum Computed {
    /// Nothing changed since the latest version (or it is final); no results before the lock.
    Unchanged(Option<result_version::Model>),
    New(Box<NewVersion>),
}

/// A new version, computed and not yet stored.
struct NewVersion {
    version: result_version::ActiveModel,
    lines: Vec<ResultLine>,
}

/// Computes the event's results and stores them as a new version when what they come from has
/// changed since the latest one; returns the version that holds the current results. Only a
/// locked event has results; a final version is never replaced.
pub async fn refresh<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    ev: &event::Model,
    cause: &str,
) -> AppResult<Option<result_version::Model>> {
    match compute(db, ev, cause).await? {
        Computed::Unchanged(latest) => Ok(latest),
        Computed::New(new) => {
            let txn = crate::db::begin_write(db).await?;
            let version = store(&txn, *new).await?;
            txn.commit().await?;
            Ok(Some(version))
        }
    }
}

async fn compute(db: &impl ConnectionTrait, ev: &event::Model, cause: &str) -> AppResult<Computed> {
    if ev.marks_locked_at.is_none() {
        return Ok(Computed::Unchanged(None));
    }
    let inputs = inputs(db, ev).await?;
    let fingerprint = inputs.fingerprint();
    let previous = latest(db, ev.id).await?;
    if let Some(p) = &previous
        && (p.fingerprint == fingerprint || p.final_at.is_some())
    {
        return Ok(Computed::Unchanged(previous));
    }
    let ledger = ledger::load(db, ev, Selection::now()).await?;
    let scheme = ledger.scheme()?.clone();
    let sheets = ledger.sheets()?;
    let rules = scoring::ResultRules::from(&inputs.rules.rules);
    let component_codes: Vec<String> = scheme.components.iter().map(|c| c.code.clone()).collect();
    let module_codes: Vec<String> = scheme
        .components
        .iter()
        .flat_map(|c| c.modules.iter().map(|m| m.code.clone()))
        .collect();
    // Scoring a large event uses every core: off the async workers.
    let placings =
        tokio::task::spawn_blocking(move || scoring::results::results(scheme, sheets, &rules, &[]))
            .await
            .map_err(|e| AppError::Internal(format!("results: {e}")))?
            .map_err(|e| AppError::invalid("scheme", e.to_string()))?;
    let statuses: HashMap<EntrantId, EntrantStatus> = inputs.statuses.iter().copied().collect();
    let mut members: HashMap<EntrantId, Vec<i32>> = HashMap::new();
    for (entrant_id, person_id) in entrant_member::Entity::find()
        .select_only()
        .columns([
            entrant_member::Column::EntrantId,
            entrant_member::Column::PersonId,
        ])
        .filter(
            entrant_member::Column::EntrantId
                .is_in(ledger.entrants.iter().map(|e| e.id).collect::<Vec<_>>()),
        )
        .order_by_asc(entrant_member::Column::PersonId)
        .into_tuple::<(EntrantId, i32)>()
        .all(db)
        .await?
    {
        members.entry(entrant_id).or_default().push(person_id);
    }
    let version = result_version::ActiveModel {
        event_id: Set(ev.id),
        number: Set(previous.map_or(1, |p| p.number + 1)),
        fingerprint: Set(fingerprint),
        audit_hash: Set(inputs.audit_hash.clone()),
        audit_seq: Set(inputs.audit_seq),
        rules: Set(inputs.rules_json.clone()),
        cause: Set(cause.chars().take(200).collect()),
        computed_at: Set(now()),
        signed_by: Set(None),
        signed_at: Set(None),
        final_at: Set(None),
        ..Default::default()
    };
    let lines = placings
        .iter()
        .enumerate()
        .map(|(position, p)| {
            let id = EntrantId::from(p.entrant);
            ResultLine {
                entrant_id: id,
                position: position as i32,
                rank: p.rank.map(|r| r as i32),
                total: p.total.to_string(),
                complete: p.complete,
                passed: p.passed,
                award: p.award.map(Award::from),
                status: statuses.get(&id).copied().unwrap_or(EntrantStatus::Active),
                tie_unresolved: p.tie_unresolved,
                honours: p.honours.clone(),
                subtotals: Subtotals {
                    components: component_codes
                        .iter()
                        .cloned()
                        .zip(p.components.iter().copied())
                        .collect(),
                    modules: module_codes
                        .iter()
                        .cloned()
                        .zip(p.modules.iter().copied())
                        .collect(),
                },
                members: members.get(&id).cloned().unwrap_or_default(),
            }
        })
        .collect();
    Ok(Computed::New(Box::new(NewVersion { version, lines })))
}

/// Stores a computed version and its lines in the caller's transaction.
/// Stores a computed version under the next number, taken inside the write transaction (the
/// computation ran outside it, and two computations of one event can meet here: an organiser's
/// recompute and a chief judge's approval). When the newest stored version already holds the
/// same results, or is final, that one stands and nothing is stored twice.
async fn store(txn: &impl ConnectionTrait, new: NewVersion) -> AppResult<result_version::Model> {
    let mut version = new.version;
    let event_id = *version.event_id.as_ref();
    let newest = latest(txn, event_id).await?;
    if let Some(n) = newest.as_ref().filter(|n| {
        n.final_at.is_some() || Some(&n.fingerprint) == version.fingerprint.try_as_ref()
    }) {
        return Ok(n.clone());
    }
    let floor = newest.map_or(0, |n| n.number);
    version.number =
        Set(crate::serials::next(txn, &format!("result_version:{event_id}"), floor).await?);
    let version = version.insert(txn).await?;
    let rows: Vec<result_line::ActiveModel> = new
        .lines
        .iter()
        .map(|line| line.to_row(version.id))
        .collect();
    // SQLite takes at most 32766 bound values a statement: 14 columns, a few hundred rows.
    for chunk in rows.chunks(500) {
        result_line::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(version)
}

/// After a change that may move the results (the lock, an approved correction): a new version
/// when the event is locked and what its results come from has changed.
pub async fn after_change<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    event_id: EventId,
    cause: &str,
) -> AppResult<Option<result_version::Model>> {
    match event::Entity::find_by_id(event_id).one(db).await? {
        Some(ev) => refresh(db, &ev, cause).await,
        None => Ok(None),
    }
}

/// Computes the results of every locked event of a competition, as many events at a time as
/// the machine has cores (reads and scoring side by side), and stores every new version in one
/// transaction. Returns how many events have results.
pub async fn refresh_competition<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    competition_id: CompetitionId,
    cause: &str,
) -> AppResult<usize> {
    use futures_util::StreamExt;
    let events = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(competition_id))
        .filter(event::Column::MarksLockedAt.is_not_null())
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let lanes = std::thread::available_parallelism().map_or(1, |n| n.get());
    type Pending<'a> =
        std::pin::Pin<Box<dyn std::future::Future<Output = AppResult<Computed>> + Send + 'a>>;
    let work: Vec<Pending<'_>> = events
        .into_iter()
        .map(|ev| -> Pending<'_> { Box::pin(async move { compute(db, &ev, cause).await }) })
        .collect();
    let computed: Vec<AppResult<Computed>> = futures_util::stream::iter(work)
        .buffer_unordered(lanes)
        .collect()
        .await;
    // Every new version in one transaction: all or nothing, and one commit to wait for.
    let txn = crate::db::begin_write(db).await?;
    let mut count = 0;
    for c in computed {
        match c? {
            Computed::Unchanged(latest) => count += usize::from(latest.is_some()),
            Computed::New(new) => {
                store(&txn, *new).await?;
                count += 1;
            }
        }
    }
    txn.commit().await?;
    Ok(count)
}

/// The organiser computes every locked event's results of a competition again.
pub async fn recompute_competition<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &crate::accounts::Actor,
    competition_id: CompetitionId,
) -> AppResult<usize> {
    let comp = crate::competitions::find_competition(db, actor, competition_id).await?;
    if !crate::competitions::access::can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    crate::competitions::status::refuse_if_final(db, comp.id, "重新计算成绩").await?;
    refresh_competition(db, comp.id, "重新计算").await
}

/// The organiser asks for the results again (after a status change, say).
pub async fn recompute<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &crate::accounts::Actor,
    event_id: EventId,
) -> AppResult<result_version::Model> {
    let (ev, _) = crate::competitions::events::find_managed_event(db, actor, event_id).await?;
    if ev.marks_locked_at.is_none() {
        return Err(AppError::invalid(
            "event",
            "本项目评分尚未锁定，还不能计算成绩",
        ));
    }
    crate::competitions::status::refuse_if_final(db, ev.competition_id, "重新计算成绩").await?;
    refresh(db, &ev, "重新计算")
        .await?
        .ok_or_else(|| AppError::Internal("a locked event has results".into()))
}

/// The chief judge signs version `number` of their event's results. Refused for anyone but the
/// event's chief judge, before the lock, for a version that is not the latest or whose inputs
/// have changed, and once the results are final. Signing again is a no-op.
pub async fn sign(
    db: &impl ConnectionTrait,
    chief: &judge::Model,
    number: i32,
) -> AppResult<result_version::Model> {
    if !can_review(chief) {
        return Err(AppError::Forbidden);
    }
    let ev = event::Entity::find_by_id(chief.event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if ev.marks_locked_at.is_none() {
        return Err(AppError::invalid(
            "version",
            "本项目评分尚未锁定，还没有成绩可签署",
        ));
    }
    let version = numbered(db, ev.id, number).await?;
    let newest = latest(db, ev.id).await?.map_or(0, |v| v.number);
    if version.number != newest {
        return Err(AppError::invalid(
            "version",
            format!("第 {number} 版已被第 {newest} 版取代，请查看最新成绩后签署"),
        ));
    }
    if version.signed_at.is_some() {
        return Ok(version);
    }
    if !is_current(db, &ev, &version).await? {
        return Err(AppError::invalid(
            "version",
            format!("第 {number} 版计算后分数或选手状态有变化，请先重新计算成绩"),
        ));
    }
    let at = now();
    result_version::Entity::update_many()
        .col_expr(
            result_version::Column::SignedBy,
            Expr::value(Some(chief.id.0)),
        )
        .col_expr(result_version::Column::SignedAt, Expr::value(Some(at)))
        .filter(result_version::Column::Id.eq(version.id))
        .exec(db)
        .await?;
    crate::audit::record(
        db,
        None,
        AuditAction::ResultsSign,
        &format!("event:{}", ev.id),
        serde_json::json!({"version": number, "chief": chief.id, "fingerprint": version.fingerprint}),
    )
    .await?;
    numbered(db, ev.id, number).await
}

/// Why an event's results are not ready for publicity, if they are not: not locked, no version,
/// the latest version out of date, or not signed.
pub async fn not_ready(db: &impl ConnectionTrait, ev: &event::Model) -> AppResult<Option<String>> {
    if ev.marks_locked_at.is_none() {
        return Ok(Some("评分尚未锁定".into()));
    }
    let Some(version) = latest(db, ev.id).await? else {
        return Ok(Some("尚未计算成绩".into()));
    };
    if !is_current(db, ev, &version).await? {
        return Ok(Some(format!(
            "第 {} 版成绩计算后分数或选手状态有变化，须重新计算并签署",
            version.number
        )));
    }
    if version.signed_at.is_none() {
        return Ok(Some(format!(
            "第 {} 版成绩尚未经裁判长签署",
            version.number
        )));
    }
    Ok(None)
}

/// Freezes the latest (signed) version of each event as the final results.
pub async fn finalise(db: &impl ConnectionTrait, event_ids: &[EventId]) -> AppResult<()> {
    for &id in event_ids {
        if let Some(v) = latest(db, id).await? {
            result_version::Entity::update_many()
                .col_expr(result_version::Column::FinalAt, Expr::value(Some(now())))
                .filter(result_version::Column::Id.eq(v.id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Undoes [`finalise`] when the administrator steps a competition back from 成绩确认.
pub async fn unfinalise(db: &impl ConnectionTrait, event_ids: &[EventId]) -> AppResult<()> {
    result_version::Entity::update_many()
        .col_expr(
            result_version::Column::FinalAt,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(result_version::Column::EventId.is_in(event_ids.to_vec()))
        .exec(db)
        .await?;
    Ok(())
}

/// The final version of an event, once the results are confirmed.
pub async fn final_version(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<Option<result_version::Model>> {
    Ok(result_version::Entity::find()
        .filter(result_version::Column::EventId.eq(event_id))
        .filter(result_version::Column::FinalAt.is_not_null())
        .order_by_desc(result_version::Column::Number)
        .one(db)
        .await?)
}
