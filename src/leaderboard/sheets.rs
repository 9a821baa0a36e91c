//! Loads an event's marks into the scoring engine's sheets: every stored mark, or only those in
//! signed-off modules, now or as they stood at a moment in the past (for a frozen board).

use crate::error::AppResult;
use crate::judging::judges::marking_pairs;
use crate::judging::scheme::{aspects_by_id, load_doc, panel_sizes, to_scoring};
use chrono::{DateTime, Utc};
use entity::kinds::{EntrantStatus, JudgeRole};
use entity::{
    StoredDecimal, entrant, event, judge, mark, mark_audit, module_sign_off, spread_acceptance,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

/// Which marks to load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Only marks in modules the chief judge had signed off.
    pub signed_only: bool,
    /// The marks as they stood at this moment; `None` for now.
    pub as_of: Option<DateTime<Utc>>,
}

pub struct Loaded {
    pub scheme: scoring::Scheme,
    pub entrants: Vec<entrant::Model>,
    pub sheets: Vec<scoring::EntrantSheet>,
}

pub async fn load(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    selection: Selection,
) -> AppResult<Loaded> {
    let doc = load_doc(db, ev).await?;
    let scheme = to_scoring(&doc, &panel_sizes(db, ev.id).await?);
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .order_by_asc(entrant::Column::EntryNo)
        .all(db)
        .await?;
    let aspects = aspects_by_id(db, ev.id).await?;
    let panels: HashMap<String, Vec<i32>> = judge::Entity::find()
        .filter(judge::Column::EventId.eq(ev.id))
        .filter(judge::Column::Role.eq(JudgeRole::Judge))
        .all(db)
        .await?
        .into_iter()
        .fold(HashMap::new(), |mut panels, j| {
            panels.entry(j.panel).or_default().push(j.id);
            panels
        });
    let pairs = marking_pairs(db, ev.id).await?;

    // Each mark's value: now from `mark`, or folded from the trail up to `as_of`.
    let mut values: HashMap<(i32, i32, i32), StoredDecimal> = HashMap::new();
    match selection.as_of {
        None => {
            for m in mark::Entity::find()
                .filter(mark::Column::EventId.eq(ev.id))
                .all(db)
                .await?
            {
                values.insert((m.entrant_id, m.aspect_id, m.judge_id), m.value);
            }
        }
        Some(at) => {
            for e in mark_audit::Entity::find()
                .filter(mark_audit::Column::EventId.eq(ev.id))
                .filter(mark_audit::Column::At.lte(at))
                .order_by_asc(mark_audit::Column::Id)
                .all(db)
                .await?
            {
                let key = (e.entrant_id, e.aspect_id, e.judge_id);
                match e.new_value {
                    Some(v) => values.insert(key, v),
                    None => values.remove(&key),
                };
            }
        }
    }
    let signed: HashSet<i32> = module_sign_off::Entity::find()
        .filter(module_sign_off::Column::EventId.eq(ev.id))
        .all(db)
        .await?
        .into_iter()
        .filter(|s| selection.as_of.is_none_or(|at| s.signed_at <= at))
        .map(|s| s.module_id)
        .collect();
    // An accepted spread holds while the cell's marks are those that were accepted.
    let mut accepted: HashSet<(i32, i32)> = HashSet::new();
    for a in spread_acceptance::Entity::find()
        .filter(spread_acceptance::Column::EventId.eq(ev.id))
        .all(db)
        .await?
    {
        if selection.as_of.is_some_and(|at| a.at > at) {
            continue;
        }
        let latest = mark_audit::Entity::find()
            .filter(mark_audit::Column::EntrantId.eq(a.entrant_id))
            .filter(mark_audit::Column::AspectId.eq(a.aspect_id));
        let latest = match selection.as_of {
            Some(at) => latest.filter(mark_audit::Column::At.lte(at)),
            None => latest,
        };
        let latest = latest
            .order_by_desc(mark_audit::Column::Id)
            .one(db)
            .await?
            .map_or(0, |e| e.id);
        if latest == a.seq {
            accepted.insert((a.entrant_id, a.aspect_id));
        }
    }

    let order: Vec<i32> = scheme.aspects().map(|a| a.id.0 as i32).collect();
    let sheets = entrants
        .iter()
        .map(|e| scoring::EntrantSheet {
            entrant: scoring::EntrantRef(e.id as u64),
            participation: match e.status {
                EntrantStatus::Active => scoring::Participation::Competing,
                EntrantStatus::Withdrawn => scoring::Participation::Withdrawn,
                EntrantStatus::Disqualified => scoring::Participation::Disqualified,
            },
            time_secs: None,
            aspects: order
                .iter()
                .map(|aspect_id| {
                    let Some(aspect) = aspects.get(aspect_id) else {
                        return scoring::AspectMarks::default();
                    };
                    let counts = !selection.signed_only || signed.contains(&aspect.module_id);
                    let judges = panels.get(&aspect.panel).map_or(&[][..], Vec::as_slice);
                    let mut marks = scoring::AspectMarks {
                        marks: Vec::new(),
                        expected: 0,
                        spread_accepted: accepted.contains(&(e.id, *aspect_id)),
                    };
                    for &j in judges {
                        if pairs.contains(&(j, e.id)) {
                            marks.expected += 1;
                        }
                        if counts && let Some(v) = values.get(&(e.id, *aspect_id, j)) {
                            marks.marks.push(scoring::JudgeMark {
                                judge: scoring::JudgeRef(j as u64),
                                value: v.to_decimal(),
                            });
                        }
                    }
                    marks
                })
                .collect(),
            penalties: Vec::new(),
        })
        .collect();
    Ok(Loaded {
        scheme,
        entrants,
        sheets,
    })
}
