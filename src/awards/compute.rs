//! Reward lines from achievements: `scoring::rewards` computes what every achievement pays;
//! this stores it without ever changing a line past the draft stage.
//!
//! Per achievement and part, the lines add up to what the policy gives. Draft lines are
//! replaced freely; once a line is reviewed or further, a different result is a new draft line
//! for the difference (a correction), so a paid line never changes.

use super::achievements::to_scoring;
use super::policy::{self, Version};
use super::store;
use crate::error::AppResult;
use crate::time::now;
use chrono::Datelike;
use entity::OrganisationId;
use entity::kinds::{RecipientKind, RewardStatus};
use entity::{achievement, person, reward_line, reward_payer};
use rust_decimal::Decimal;
use scoring::rewards::{self, Recipient};
use sea_orm::ActiveValue::Unchanged;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, FromQueryResult, QuerySelect, Set,
    TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// What a recomputation did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Recomputed {
    pub achievements: usize,
    pub lines: usize,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

/// What a recomputation needs of a stored line (reading whole rows of 50,000 lines costs
/// more than the computation).
#[derive(Debug, FromQueryResult)]
struct StoredLine {
    id: i32,
    achievement_id: i32,
    part: i32,
    policy_item_id: i32,
    status: RewardStatus,
    amount: entity::StoredDecimal,
    note: String,
    recipient_name: String,
    payer: String,
    payable_from: Option<chrono::NaiveDate>,
}

/// What the computation needs of an achievement: reading whole rows of 50,000 achievements
/// (descriptions, details, times to parse) cost more than the computation itself.
#[derive(Clone, Debug, FromQueryResult)]
pub struct Basis {
    pub id: i32,
    pub item_code: Option<String>,
    pub achieved_on: chrono::NaiveDate,
    pub person_id: Option<i32>,
    pub organisation_id: Option<OrganisationId>,
    pub heads: i32,
    pub base: Option<entity::StoredDecimal>,
    pub proof: bool,
    pub flagged: bool,
    pub officer_amount: Option<entity::StoredDecimal>,
    pub series: Option<String>,
    pub withdrawn_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_by: Option<entity::UserId>,
}

impl From<&achievement::Model> for Basis {
    fn from(a: &achievement::Model) -> Self {
        Basis {
            id: a.id,
            item_code: a.item_code.clone(),
            achieved_on: a.achieved_on,
            person_id: a.person_id,
            organisation_id: a.organisation_id,
            heads: a.heads,
            base: a.base,
            proof: a.proof,
            flagged: a.flagged,
            officer_amount: a.officer_amount,
            series: a.series.clone(),
            withdrawn_at: a.withdrawn_at,
            created_by: a.created_by,
        }
    }
}

/// Whom an achievement pays under its item: the person, or the organisation for the training
/// team's sending unit, hosts, enterprises and bases.
pub fn recipient_of(versions: &[Version], a: &Basis) -> Recipient {
    let kind = a
        .item_code
        .as_deref()
        .and_then(|code| policy::recipient(versions, code));
    match (kind, a.person_id, a.organisation_id) {
        (Some(RecipientKind::Person) | None, Some(p), _) => Recipient::Person(i64::from(p)),
        (_, _, Some(o)) => Recipient::Organisation(i64::from(o.0)),
        (_, Some(p), None) => Recipient::Person(i64::from(p)),
        (_, None, None) => Recipient::Organisation(0),
    }
}

/// Notes that open a draft standing for less than what was committed: the line before it
/// cannot be approved or paid until it is returned and reviewed again.
pub const REDUCTION: &str = "核减：";
/// A paid line now computed lower: for the officer to decide (追回审核).
pub const RECOVERY: &str = "追回审核：";

/// The achievements as the pure computation takes them; `settled` holds the ids whose lines
/// have been reviewed or gone further.
pub fn inputs(
    versions: &[Version],
    rows: &[Basis],
    settled: &std::collections::HashSet<i32>,
) -> Vec<rewards::Achievement> {
    // A withdrawn record with nothing committed simply leaves (its drafts go); one with
    // committed lines stays in, paying nothing, so that what was committed gets its reversal.
    rows.iter()
        .filter(|a| a.withdrawn_at.is_none() || settled.contains(&a.id))
        .map(|a| {
            let mut s = to_scoring(a);
            s.recipient = recipient_of(versions, a);
            s.settled = settled.contains(&a.id);
            s
        })
        .collect()
}

/// Recomputes every reward line and stores the differences, in one transaction.
pub async fn recompute<C: ConnectionTrait + TransactionTrait>(db: &C) -> AppResult<Recomputed> {
    let txn = crate::db::begin_write(db).await?;
    let done = recompute_within(&txn).await?;
    txn.commit().await?;
    Ok(done)
}

/// Recomputes inside the caller's write transaction, so that a change to an achievement and
/// the lines it gives land together or not at all.
pub async fn recompute_within(txn: &impl ConnectionTrait) -> AppResult<Recomputed> {
    // One recomputation at a time: two at once would each add the draft line of a new
    // achievement. SQLite has one writer; on PostgreSQL, servers share a transaction-scoped
    // advisory lock.
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(16016)")
            .await?;
    }
    recompute_in(txn).await
}

async fn recompute_in(db: &impl ConnectionTrait) -> AppResult<Recomputed> {
    let versions = policy::all_versions(db).await?;
    let items: Vec<rewards::PolicyItem> = versions.iter().map(|v| v.item.clone()).collect();
    let names: HashMap<i64, &str> = versions
        .iter()
        .map(|v| (v.item.version_id, v.row.name.as_str()))
        .collect();
    use achievement::Column as A;
    let rows: Vec<Basis> = achievement::Entity::find()
        .select_only()
        .columns([
            A::Id,
            A::ItemCode,
            A::AchievedOn,
            A::PersonId,
            A::OrganisationId,
            A::Heads,
            A::Base,
            A::Proof,
            A::Flagged,
            A::OfficerAmount,
            A::Series,
            A::WithdrawnAt,
            A::CreatedBy,
        ])
        .into_model::<Basis>()
        .all(db)
        .await?;
    let by_id: HashMap<i32, &Basis> = rows.iter().map(|a| (a.id, a)).collect();

    let people: HashMap<i32, String> = person::Entity::find()
        .select_only()
        .columns([person::Column::Id, person::Column::Name])
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let orgs = crate::accounts::organisations::by_id(db).await?;
    let payers: HashMap<String, String> = reward_payer::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.district, p.payer))
        .collect();

    let mut stored: HashMap<(i32, i32), Vec<StoredLine>> = HashMap::new();
    let mut settled = std::collections::HashSet::new();
    for line in reward_line::Entity::find()
        .select_only()
        .columns([
            reward_line::Column::Id,
            reward_line::Column::AchievementId,
            reward_line::Column::Part,
            reward_line::Column::PolicyItemId,
            reward_line::Column::Status,
            reward_line::Column::Amount,
            reward_line::Column::Note,
            reward_line::Column::RecipientName,
            reward_line::Column::Payer,
            reward_line::Column::PayableFrom,
        ])
        .into_model::<StoredLine>()
        .all(db)
        .await?
    {
        // Money committed (reviewed or further) settles an achievement; a draft or a 0.00
        // line closed by itself does not, or a second computation would read its own closed
        // lines as settled and reorder the same-kind groups.
        if !matches!(line.status, RewardStatus::Draft | RewardStatus::Closed) {
            settled.insert(line.achievement_id);
        }
        stored
            .entry((line.achievement_id, line.part))
            .or_default()
            .push(line);
    }
    let computed = rewards::compute(&items, &inputs(&versions, &rows, &settled));
    let mut done = Recomputed {
        achievements: rows.len(),
        lines: computed.len(),
        ..Default::default()
    };
    let stamp = now();
    let mut new_rows: Vec<reward_line::ActiveModel> = Vec::new();
    for line in &computed {
        let a = by_id[&(line.achievement as i32)];
        let key = (a.id, line.part as i32);
        let existing = stored.remove(&key).unwrap_or_default();
        let (drafts, committed): (Vec<_>, Vec<_>) = existing
            .into_iter()
            .partition(|l| matches!(l.status, RewardStatus::Draft | RewardStatus::Closed));
        let committed_sum: Decimal = committed.iter().map(|l| l.amount.to_decimal()).sum();
        let mut delta = line.amount - committed_sum;
        // Less than what was committed: never a negative line that could be approved on its own.
        // What was paid is flagged for the officer (追回审核), never taken back by itself; what
        // was reviewed but not paid waits for a return and a new review (see `workflow`).
        let reduction = if delta < Decimal::ZERO {
            let paid = committed.iter().any(|l| l.status == RewardStatus::Paid);
            let text = format!(
                "{}已复核及以后的明细合计 {} 元，按现行计算应为 {} 元，差额 {} 元{}",
                if paid { RECOVERY } else { REDUCTION },
                scoring::rewards::yuan(committed_sum),
                scoring::rewards::yuan(line.amount),
                scoring::rewards::yuan(-delta),
                if paid {
                    "，由经办人审核是否追回，不自动扣回"
                } else {
                    "；请退回后重新复核，在此之前不能审批或登记支付"
                }
            );
            delta = Decimal::ZERO;
            Some(text)
        } else {
            None
        };
        let correction = !committed.is_empty();
        if correction && delta.is_zero() && reduction.is_none() {
            for d in drafts {
                reward_line::Entity::delete_by_id(d.id).exec(db).await?;
                done.removed += 1;
            }
            continue;
        }
        let org = a.organisation_id.and_then(|o| orgs.get(&o));
        let recipient_name = match line.recipient {
            Recipient::Person(p) => people.get(&(p as i32)).cloned().unwrap_or_default(),
            Recipient::Organisation(o) => orgs
                .get(&OrganisationId(o as i32))
                .map(|o| o.name.clone())
                .unwrap_or_default(),
        };
        // A later year's line of a multi-year item is payable from the same day that year.
        let payable_from = (line.year > 0).then(|| {
            a.achieved_on
                .checked_add_months(chrono::Months::new(12 * line.year))
                .unwrap_or(a.achieved_on)
        });
        let district = org.map_or_else(|| "市本级".to_owned(), |o| o.district.clone());
        let payer = payers
            .get(&district)
            .cloned()
            .unwrap_or_else(|| "市本级".into());
        let note = if let Some(text) = &reduction {
            format!("{text}；{}", line.note)
        } else if correction {
            format!(
                "更正：已复核及以后的明细合计 {} 元；{}",
                scoring::rewards::yuan(committed_sum),
                line.note
            )
        } else {
            line.note.clone()
        };
        let fields = |row: &mut reward_line::ActiveModel| {
            row.policy_item_id = Set(line.version_id as i32);
            row.item_code = Set(line.code.clone());
            row.item_name = Set(names
                .get(&line.version_id)
                .copied()
                .unwrap_or(&line.code)
                .to_owned());
            row.clause = Set(line.clause.clone());
            row.fund = Set(line.fund.into());
            row.person_id = Set(match line.recipient {
                Recipient::Person(p) => Some(p as i32),
                Recipient::Organisation(_) => a.person_id,
            });
            row.organisation_id = Set(a.organisation_id);
            row.recipient_name = Set(recipient_name.clone());
            row.organisation_name = Set(org.map(|o| o.name.clone()).unwrap_or_default());
            row.district = Set(district.clone());
            row.payer = Set(payer.clone());
            row.year = Set(payable_from.unwrap_or(a.achieved_on).year());
            row.payable_from = Set(payable_from);
            row.amount = Set(store(delta));
            row.computed = Set(store(line.computed));
            row.ceiling = Set(line.ceiling.map(store));
            row.note = Set(note.clone());
            // Nothing to pay and nothing to decide: closed at once.
            row.status = Set(if delta.is_zero() && reduction.is_none() {
                RewardStatus::Closed
            } else {
                RewardStatus::Draft
            });
        };
        let mut drafts = drafts.into_iter();
        match drafts.next() {
            Some(first) => {
                let same = first.amount == store(delta)
                    && first.status
                        == if delta.is_zero() && reduction.is_none() {
                            RewardStatus::Closed
                        } else {
                            RewardStatus::Draft
                        }
                    && first.note == note
                    && first.policy_item_id == line.version_id as i32
                    && first.recipient_name == recipient_name
                    && first.payer == payer
                    && first.payable_from == payable_from;
                if !same {
                    let mut row = reward_line::ActiveModel {
                        id: Unchanged(first.id),
                        ..Default::default()
                    };
                    fields(&mut row);
                    row.updated_at = Set(stamp);
                    row.update(db).await?;
                    done.changed += 1;
                }
                for extra in drafts {
                    reward_line::Entity::delete_by_id(extra.id).exec(db).await?;
                    done.removed += 1;
                }
            }
            None => {
                let mut row = reward_line::ActiveModel {
                    achievement_id: Set(a.id),
                    part: Set(key.1),
                    status: Set(RewardStatus::Draft),
                    entered_by: Set(a.created_by),
                    created_at: Set(stamp),
                    updated_at: Set(stamp),
                    ..Default::default()
                };
                fields(&mut row);
                new_rows.push(row);
                done.added += 1;
            }
        }
    }
    // New lines in batches: a first computation of 50,000 achievements adds as many lines,
    // and one statement per line would take seconds. 29 columns × 1,000 rows stays below
    // SQLite's 32,766 bound variables (and PostgreSQL's 65,535).
    for chunk in new_rows.chunks(1000) {
        reward_line::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    // Lines of achievements that no longer give one (an achievement removed, an item gone):
    // drafts go; committed lines stay as they were.
    for (_, lines) in stored {
        for l in lines
            .into_iter()
            .filter(|l| l.status == RewardStatus::Draft)
        {
            reward_line::Entity::delete_by_id(l.id).exec(db).await?;
            done.removed += 1;
        }
    }
    Ok(done)
}
