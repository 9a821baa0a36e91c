//! The ledger (评分台账): an event's marks as one read model, loaded once and read by the chief
//! judge's review, the leaderboards and the judge's tablet alike, so that all three agree on
//! what a mark is, who was to give it, and which spreads and modules the chief judge settled.
//!
//! - Marks are folded from the audit chain, so the same code answers "now" and "as it stood at
//!   the freeze time": each mark carries the **seq** of its latest change (the audit entry's id)
//!   and whether that change was an approved correction.
//! - A cell (one entrant, one aspect) has the seq of its latest change; an **accepted spread**
//!   holds while the cell's seq is the one the chief judge accepted.
//! - A **selection** says which marks: everyone's or one judge's, now or as of a moment, and
//!   whether only signed-off modules count (the public board's `confirmed` setting).

use crate::error::{AppError, AppResult};
use crate::judging::access::may_mark_with;
use crate::judging::judges::{judges_of, markable_entrants};
use crate::judging::scheme::{load_doc, to_scoring};
use chrono::{DateTime, Utc};
use entity::EventId;
use entity::kinds::{EntrantStatus, JudgeRole};
use entity::{
    AspectId, EntrantId, JudgeId, MarkKey, StoredDecimal, entrant, event, judge, judge_assignment,
    module_sign_off, scheme_aspect, spread_acceptance,
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

/// Which marks to load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only marks in modules the chief judge had signed off count in [`Ledger::sheets`].
    pub signed_only: bool,
    /// The marks as they stood at this moment; `None` for now.
    pub as_of: Option<DateTime<Utc>>,
    /// Only this judge's marks and pairs (the tablet's view); no spreads are settled then.
    pub judge: Option<JudgeId>,
}

impl Selection {
    /// Every stored mark, now.
    pub fn now() -> Self {
        Self::default()
    }

    /// One judge's own marks, now.
    pub fn of_judge(judge_id: JudgeId) -> Self {
        Selection {
            judge: Some(judge_id),
            ..Self::default()
        }
    }
}

/// One mark as the ledger holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerMark {
    pub value: Decimal,
    /// Its latest change.
    pub seq: i32,
    /// The latest change was a correction approved by the chief judge.
    pub corrected: bool,
    /// The latest change came from the judge's paper score sheet (channel `paper`).
    pub paper: bool,
}

/// An event's marks and everything needed to read them.
#[derive(Clone, Debug)]
pub struct Ledger {
    pub event: event::Model,
    /// `None` for one judge's share, which is not scored.
    scheme: Option<scoring::Scheme>,
    pub aspects: HashMap<AspectId, scheme_aspect::Model>,
    /// Every entrant of the event, by entry number; for one judge's share, the entrants the
    /// judge marks, by station.
    pub entrants: Vec<entrant::Model>,
    /// The judges who mark (chief judges do not), by panel and id; one with a judge selection.
    pub judges: Vec<judge::Model>,
    /// `(judge, entrant)`: the judge is to mark the entrant (recusal and assignments applied).
    pub expected: HashSet<(JudgeId, EntrantId)>,
    pub marks: HashMap<MarkKey, LedgerMark>,
    /// Each cell's latest change, by `(entrant, aspect)`.
    pub cell_seq: HashMap<(EntrantId, AspectId), i32>,
    /// Cells whose flagged spread the chief judge accepted, for the marks as they are.
    pub accepted: HashSet<(EntrantId, AspectId)>,
    /// Signed-off modules and when.
    pub signed: HashMap<i32, DateTime<Utc>>,
    /// The latest change in the selection; 0 before any.
    pub seq: i32,
    /// What was loaded: [`Ledger::catch_up`] reads more of the same.
    selection: Selection,
    /// The chief judge's acceptances of flagged spreads (up to `as_of`), each for the cell's
    /// change it accepted: `accepted` is recomputed from them as cells change.
    acceptances: Vec<spread_acceptance::Model>,
}

/// Loads an event's ledger.
pub async fn load(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    selection: Selection,
) -> AppResult<Ledger> {
    let (scheme, aspects, entrants, judges, expected) = match selection.judge {
        None => everyone(db, ev).await?,
        Some(judge) => one_judge(db, ev, judge).await?,
    };
    // Which acceptances still hold is settled as the marks are folded in.
    let acceptances = if selection.judge.is_some() {
        Vec::new()
    } else {
        spread_acceptance::Entity::find()
            .filter(spread_acceptance::Column::EventId.eq(ev.id))
            .all(db)
            .await?
            .into_iter()
            .filter(|a| selection.as_of.is_none_or(|at| a.at <= at))
            .collect()
    };
    let signed = module_sign_off::Entity::find()
        .filter(module_sign_off::Column::EventId.eq(ev.id))
        .all(db)
        .await?
        .into_iter()
        .filter(|s| selection.as_of.is_none_or(|at| s.signed_at <= at))
        .map(|s| (s.module_id, s.signed_at))
        .collect();
    let mut ledger = Ledger {
        event: ev.clone(),
        scheme,
        aspects,
        entrants,
        judges,
        expected,
        marks: HashMap::new(),
        cell_seq: HashMap::new(),
        accepted: HashSet::new(),
        signed,
        seq: 0,
        selection,
        acceptances,
    };
    ledger.fold(trail(db, ev.id, selection, 0).await?)?;
    Ok(ledger)
}

impl Ledger {
    /// Reads the changes of marks made since the ledger was loaded (or last caught up), under
    /// the same selection, and folds them in. Only the marks are read again: a caller uses it
    /// when it knows nothing else changed (see [`crate::live::BoardChanged::marks_only`]).
    /// Answers how many changes were new.
    pub async fn catch_up(&mut self, db: &impl ConnectionTrait) -> AppResult<usize> {
        let changes = trail(db, self.event.id, self.selection, self.seq).await?;
        self.fold(changes)
    }

    /// Folds packed changes (in id order within each entrant, all after `self.seq`) into the
    /// marks, then settles which accepted spreads still hold.
    fn fold(&mut self, trail: Vec<(EntrantId, String)>) -> AppResult<usize> {
        let mut folded = 0;
        for (entrant, packed) in trail {
            for entry in packed.split(',') {
                let Some(change) = Change::parse(entry) else {
                    return Err(AppError::Internal(format!("audit trail entry {entry:?}")));
                };
                let key = MarkKey {
                    entrant,
                    aspect: change.aspect,
                    judge: change.judge,
                };
                match change.value {
                    Some(v) => self.marks.insert(
                        key,
                        LedgerMark {
                            value: v.to_decimal(),
                            seq: change.id,
                            corrected: change.corrected,
                            paper: change.paper,
                        },
                    ),
                    None => self.marks.remove(&key),
                };
                self.cell_seq.insert((entrant, change.aspect), change.id);
                self.seq = self.seq.max(change.id);
                folded += 1;
            }
        }
        // An accepted spread holds while the cell's marks are those that were accepted.
        self.accepted = self
            .acceptances
            .iter()
            .filter(|a| self.cell_seq.get(&(a.entrant_id, a.aspect_id)).copied() == Some(a.seq))
            .map(|a| (a.entrant_id, a.aspect_id))
            .collect();
        Ok(folded)
    }
}
/// One change of a mark, as the trail query packs it: `id:aspect:judge:value:how`, the value
/// as stored (scaled by 10⁴) or `-` for a removal; `how` is `0` for the judge's own change, `1`
/// for one with a reason (a correction, an import), `p` for the paper channel.
struct Change {
    id: i32,
    aspect: AspectId,
    judge: JudgeId,
    value: Option<StoredDecimal>,
    corrected: bool,
    paper: bool,
}

impl Change {
    fn parse(entry: &str) -> Option<Change> {
        let mut parts = entry.split(':');
        let id = parts.next()?.parse().ok()?;
        let aspect = AspectId(parts.next()?.parse().ok()?);
        let judge = JudgeId(parts.next()?.parse().ok()?);
        let value = match parts.next()? {
            "-" => None,
            v => Some(StoredDecimal::from_scaled(v.parse().ok()?)),
        };
        let how = parts.next()?;
        Some(Change {
            id,
            aspect,
            judge,
            value,
            corrected: how == "1",
            paper: how == "p",
        })
    }
}

/// The selection's audit entries after the entry `after` (0: all), one row per entrant with its
/// changes packed in id order.
///
/// Why packed: a result computation reads every mark of every event (2.1 million for a
/// competition of 100 events × 100 entrants × 7 judges × 30 aspects), and the driver's cost is
/// per row, about 2.5 µs; packing an entrant's changes into one string in the database (SQLite
/// 3.44+ and PostgreSQL both take `string_agg(… ORDER BY …)`) reads 100 rows an event instead
/// of 21,000 (see `benches/results.rs`).
async fn trail(
    db: &impl ConnectionTrait,
    event_id: EventId,
    selection: Selection,
    after: i32,
) -> AppResult<Vec<(EntrantId, String)>> {
    let backend = db.get_database_backend();
    let mut values: Vec<sea_orm::Value> = vec![event_id.into()];
    let mut place = |v: sea_orm::Value| {
        values.push(v);
        match backend {
            sea_orm::DatabaseBackend::Postgres => format!("${}", values.len()),
            _ => "?".to_owned(),
        }
    };
    let first = match backend {
        sea_orm::DatabaseBackend::Postgres => "$1",
        _ => "?",
    };
    let mut filter = format!("event_id = {first}");
    if let Some(at) = selection.as_of {
        filter.push_str(&format!(" AND at <= {}", place(at.into())));
    }
    if let Some(judge) = selection.judge {
        filter.push_str(&format!(" AND judge_id = {}", place(judge.0.into())));
    }
    if after > 0 {
        filter.push_str(&format!(" AND id > {}", place(after.into())));
    }
    let sql = format!(
        "SELECT entrant_id, string_agg(\
           CAST(id AS TEXT) || ':' || CAST(aspect_id AS TEXT) || ':' || CAST(judge_id AS TEXT) \
           || ':' || COALESCE(CAST(new_value AS TEXT), '-') \
           || ':' || CASE WHEN device = 'paper' THEN 'p' WHEN reason IS NULL THEN '0' ELSE '1' END, \
           ',' ORDER BY id) \
         FROM mark_audit WHERE {filter} GROUP BY entrant_id"
    );
    let rows = db
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            backend, sql, values,
        ))
        .await?;
    rows.iter()
        .map(|row| {
            Ok((
                EntrantId(row.try_get_by_index::<i32>(0)?),
                row.try_get_by_index::<String>(1)?,
            ))
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()
        .map_err(Into::into)
}

type People = (
    Option<scoring::Scheme>,
    HashMap<AspectId, scheme_aspect::Model>,
    Vec<entrant::Model>,
    Vec<judge::Model>,
    HashSet<(JudgeId, EntrantId)>,
);

/// The whole event: its scheme (each panel sized by its judges), every entrant, and who is to
/// mark whom.
async fn everyone(db: &impl ConnectionTrait, ev: &event::Model) -> AppResult<People> {
    let mut judges: Vec<judge::Model> = judges_of(db, ev.id)
        .await?
        .into_iter()
        .filter(|j| j.role == JudgeRole::Judge)
        .collect();
    judges.sort_by(|a, b| a.panel.cmp(&b.panel).then(a.id.cmp(&b.id)));
    let mut panel_sizes: HashMap<String, u8> = HashMap::new();
    for j in &judges {
        let n = panel_sizes.entry(j.panel.clone()).or_default();
        *n = n.saturating_add(1);
    }
    let scheme = to_scoring(&load_doc(db, ev).await?, &panel_sizes);
    let aspects = scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::EventId.eq(ev.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .order_by_asc(entrant::Column::EntryNo)
        .all(db)
        .await?;
    // Who marks whom, by the rule a stored mark is checked by, from one query for the
    // assignments instead of two per judge.
    let assignments: HashSet<(JudgeId, EntrantId)> = judge_assignment::Entity::find()
        .filter(judge_assignment::Column::JudgeId.is_in(judges.iter().map(|j| j.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.judge_id, a.entrant_id))
        .collect();
    let assigned_judges: HashSet<JudgeId> = assignments.iter().map(|(j, _)| *j).collect();
    let mut expected = HashSet::new();
    for j in &judges {
        let has_assignments = assigned_judges.contains(&j.id);
        for e in &entrants {
            if may_mark_with(
                j,
                Some(e),
                has_assignments,
                assignments.contains(&(j.id, e.id)),
            ) {
                expected.insert((j.id, e.id));
            }
        }
    }
    Ok((Some(scheme), aspects, entrants, judges, expected))
}

/// One judge's share, as cheaply as a tablet's reconnect needs it (a whole venue's tablets
/// reconnect at once while others mark): the aspects of the judge's panel and the entrants the
/// judge marks. Nothing is scored from it, so it has no scheme.
async fn one_judge(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    judge: JudgeId,
) -> AppResult<People> {
    let judge = judge::Entity::find_by_id(judge)
        .filter(judge::Column::EventId.eq(ev.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let aspects = scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::EventId.eq(ev.id))
        .filter(scheme_aspect::Column::Panel.eq(&judge.panel))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let entrants = markable_entrants(db, &judge).await?;
    let expected = entrants.iter().map(|e| (judge.id, e.id)).collect();
    Ok((None, aspects, entrants, vec![judge], expected))
}

impl Ledger {
    /// The scheme the marks are scored by; refused for one judge's share.
    pub fn scheme(&self) -> AppResult<&scoring::Scheme> {
        self.scheme
            .as_ref()
            .ok_or_else(|| AppError::Internal("one judge's ledger is not scored".into()))
    }

    /// The judges of a panel, in slot order.
    pub fn panel<'a>(&'a self, panel: &'a str) -> impl Iterator<Item = &'a judge::Model> + 'a {
        self.judges.iter().filter(move |j| j.panel == panel)
    }

    /// Which marks were loaded.
    pub fn selection(&self) -> Selection {
        self.selection
    }

    pub fn is_signed(&self, module_id: i32) -> bool {
        self.signed.contains_key(&module_id)
    }

    pub fn mark(
        &self,
        entrant: EntrantId,
        aspect: AspectId,
        judge: JudgeId,
    ) -> Option<&LedgerMark> {
        self.marks.get(&MarkKey {
            entrant,
            aspect,
            judge,
        })
    }

    /// The latest change of a cell; 0 before any.
    pub fn cell_seq(&self, entrant: EntrantId, aspect: AspectId) -> i32 {
        self.cell_seq.get(&(entrant, aspect)).copied().unwrap_or(0)
    }

    /// A cell as the scoring engine takes it: the marks of the aspect's panel in slot order
    /// (only those that count under the selection), how many are expected, and whether its
    /// spread was accepted.
    pub fn aspect_marks(&self, entrant: EntrantId, aspect_id: AspectId) -> scoring::AspectMarks {
        let Some(aspect) = self.aspects.get(&aspect_id) else {
            return scoring::AspectMarks::default();
        };
        let counts = !self.selection.signed_only || self.is_signed(aspect.module_id);
        let mut marks = scoring::AspectMarks {
            marks: Vec::new(),
            expected: 0,
            spread_accepted: self.accepted.contains(&(entrant, aspect_id)),
        };
        for j in self.panel(&aspect.panel) {
            if self.expected.contains(&(j.id, entrant)) {
                marks.expected += 1;
            }
            if counts && let Some(m) = self.mark(entrant, aspect_id, j.id) {
                marks.marks.push(scoring::JudgeMark {
                    judge: j.id.into(),
                    value: m.value,
                });
            }
        }
        marks
    }

    /// Every entrant's sheet, for the standings.
    pub fn sheets(&self) -> AppResult<Vec<scoring::EntrantSheet>> {
        let order: Vec<AspectId> = self.scheme()?.aspects().map(|a| a.id.into()).collect();
        Ok(self
            .entrants
            .iter()
            .map(|e| scoring::EntrantSheet {
                entrant: e.id.into(),
                participation: match e.status {
                    EntrantStatus::Active => scoring::Participation::Competing,
                    // Absent (缺赛) is never ranked or awarded, as withdrawn; results say 缺赛.
                    EntrantStatus::Withdrawn | EntrantStatus::Absent => {
                        scoring::Participation::Withdrawn
                    }
                    EntrantStatus::Disqualified => scoring::Participation::Disqualified,
                },
                time_secs: None,
                aspects: order.iter().map(|&a| self.aspect_marks(e.id, a)).collect(),
                penalties: Vec::new(),
            })
            .collect())
    }
}
