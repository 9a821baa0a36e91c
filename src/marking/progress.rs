//! The progress of an event's marking (评分进度) as the chief judge and the organiser see it:
//! the read model of the review (the chief's commands are [`super::review`]).
//!
//! - The **progress matrix** has a row per entrant (by blind code) and a cell per aspect; each
//!   cell lists every judge of the aspect's panel with their mark, "回避" where the judge must
//!   stay away, or a gap where a mark is still missing. The cell's status comes from the scoring
//!   engine, so the chief sees exactly what will count.
//! - An aspect is **flagged** when its counting marks are further apart than the scheme's
//!   `max_spread`. It does not count until a judge changes a mark or the chief judge accepts the
//!   spread.

use super::ledger::{self, Selection};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use entity::EventId;
use entity::kinds::{CorrectionStatus, EntrantStatus, JudgeRole};
use entity::{
    AspectId, EntrantId, JudgeId, entrant, event, judge, mark_correction, person, scheme_aspect,
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// One judge's place in a cell.
#[derive(Clone, Debug)]
pub enum JudgeSlot {
    Marked {
        value: Decimal,
        /// The latest change was a correction approved by the chief judge.
        corrected: bool,
        /// Entered from the judge's paper score sheet (纸).
        paper: bool,
        /// Dropped by the trim.
        dropped: bool,
    },
    Missing,
    Recused,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellStatus {
    Counted,
    /// Flagged, then accepted by the chief judge.
    Accepted,
    Missing,
    Flagged {
        spread: Decimal,
        limit: Decimal,
    },
    /// Something the chief must sort out by hand.
    Problem(Problem),
}

/// Why a cell cannot count without the chief judge's hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Every judge of the panel had to stay away from the entrant (回避).
    WholePanelRecused,
    /// More marks than judges expected (a stray mark).
    TooManyMarks,
    /// A stored mark the scheme does not allow (the scheme's own words say why).
    InvalidMark(String),
}

impl Problem {
    pub fn describe(&self) -> String {
        match self {
            Problem::WholePanelRecused => {
                "全组回避：请组织者在项目页“替补裁判”一栏为该选手增加其他单位的替补裁判".to_owned()
            }
            Problem::TooManyMarks => "分数多于应评人数".to_owned(),
            Problem::InvalidMark(why) => why.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Cell {
    pub aspect_id: AspectId,
    pub status: CellStatus,
    /// The aspect mark when it counts.
    pub mark: Option<Decimal>,
    /// One slot per judge of the aspect's panel, in the order of [`AspectColumn::judges`].
    pub slots: Vec<JudgeSlot>,
    /// The cell's latest change (its audit entry), 0 before any: what the chief judge saw.
    pub seq: i32,
}

#[derive(Clone, Debug)]
pub struct EntrantRow {
    pub id: EntrantId,
    pub station: Option<i32>,
    pub blind_code: String,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug)]
pub struct AspectColumn {
    pub id: AspectId,
    pub code: String,
    pub name: String,
    pub panel: String,
    /// The judges of the panel, in slot order.
    pub judges: Vec<JudgeId>,
}

#[derive(Clone, Debug)]
pub struct ModuleProgress {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub aspects: Vec<AspectColumn>,
    pub signed_at: Option<DateTime<Utc>>,
    pub missing: usize,
    pub flagged: usize,
    pub problems: usize,
    /// Paper sheet cells waiting for the chief judge's decision (两次录入不一致, 与平板不一致).
    pub paper_open: usize,
    pub cells: usize,
    /// The latest change of any of its cells: a sign-off covers the marks as the chief saw them.
    pub seq: i32,
}

impl ModuleProgress {
    pub fn ready(&self) -> bool {
        self.missing == 0 && self.flagged == 0 && self.problems == 0 && self.paper_open == 0
    }
}

#[derive(Clone, Debug)]
pub struct JudgeProgress {
    pub id: JudgeId,
    pub name: String,
    pub panel: String,
    pub role: JudgeRole,
    pub marked: usize,
    pub due: usize,
}

#[derive(Clone, Debug)]
pub struct PendingCorrection {
    pub id: i32,
    pub judge: String,
    pub blind_code: String,
    pub aspect: String,
    pub old_value: Option<Decimal>,
    pub new_value: Decimal,
    pub reason: String,
    pub requested_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct Progress {
    pub event: event::Model,
    pub modules: Vec<ModuleProgress>,
    pub rows: Vec<EntrantRow>,
    pub judges: Vec<JudgeProgress>,
    pub pending: Vec<PendingCorrection>,
    /// Paper sheet cells for the chief judge to decide against the sheet.
    pub paper: Vec<PaperCase>,
}

/// A paper sheet's cell the chief judge must decide, as the matrix shows it.
#[derive(Clone, Debug)]
pub struct PaperCase {
    pub cell: super::paper_entry::OpenCell,
    pub judge: String,
    pub blind_code: String,
    pub aspect: String,
}

impl Progress {
    pub fn all_signed(&self) -> bool {
        !self.modules.is_empty() && self.modules.iter().all(|m| m.signed_at.is_some())
    }

    pub fn module(&self, id: i32) -> Option<&ModuleProgress> {
        self.modules.iter().find(|m| m.id == id)
    }
}

/// The whole picture of an event's marking. The caller has checked who may see it.
pub async fn progress(db: &impl ConnectionTrait, ev: &event::Model) -> AppResult<Progress> {
    let ledger = ledger::load(db, ev, Selection::now()).await?;
    let scheme = ledger.scheme()?;
    let aspects = &ledger.aspects;
    let mut judges = crate::judging::judges::judges_of(db, ev.id).await?;
    judges.sort_by(|a, b| a.panel.cmp(&b.panel).then(a.id.cmp(&b.id)));
    let names: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(judges.iter().map(|j| j.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut entrants: Vec<entrant::Model> = ledger
        .entrants
        .iter()
        .filter(|e| e.status == EntrantStatus::Active)
        .cloned()
        .collect();
    // Under a sealed draw (二次加密) the matrix gives codes only, in code order: a station
    // beside a code would join the hall's record to the sealed one.
    let sealed = crate::competitions::access::draw_sealed(ev);
    if sealed {
        entrants.sort_by(|a, b| a.blind_code.cmp(&b.blind_code));
    } else {
        entrants.sort_by_key(|e| (e.station, e.entry_no));
    }

    // Modules and their aspects, in scheme order.
    let mut modules: Vec<ModuleProgress> = Vec::new();
    let mut rules: Vec<(usize, scoring::Aspect)> = Vec::new();
    for component in &scheme.components {
        for module in &component.modules {
            let Some(first) = module
                .aspects
                .first()
                .and_then(|a| aspects.get(&a.id.into()))
            else {
                continue;
            };
            let index = modules.len();
            modules.push(ModuleProgress {
                id: first.module_id,
                code: module.code.clone(),
                name: module.name.clone(),
                aspects: Vec::new(),
                signed_at: ledger.signed.get(&first.module_id).copied(),
                missing: 0,
                flagged: 0,
                problems: 0,
                paper_open: 0,
                cells: 0,
                seq: 0,
            });
            for a in &module.aspects {
                let Some(row) = aspects.get(&a.id.into()) else {
                    continue;
                };
                modules[index].aspects.push(AspectColumn {
                    id: row.id,
                    code: row.code.clone(),
                    name: row.name.clone(),
                    panel: row.panel.clone(),
                    judges: ledger.panel(&row.panel).map(|j| j.id).collect(),
                });
                rules.push((index, a.clone()));
            }
        }
    }

    let mut rows = Vec::with_capacity(entrants.len());
    let mut marked: HashMap<JudgeId, usize> = HashMap::new();
    let mut due: HashMap<JudgeId, usize> = HashMap::new();
    for e in &entrants {
        let mut cells = Vec::with_capacity(rules.len());
        for (module_index, rule) in &rules {
            let aspect_id = AspectId::from(rule.id);
            let column = modules[*module_index]
                .aspects
                .iter()
                .find(|c| c.id == aspect_id)
                .cloned()
                .unwrap_or_else(|| AspectColumn {
                    id: aspect_id,
                    code: String::new(),
                    name: String::new(),
                    panel: String::new(),
                    judges: Vec::new(),
                });
            let input = ledger.aspect_marks(e.id, aspect_id);
            let mut slot_of_mark = Vec::new();
            let mut slots = Vec::with_capacity(column.judges.len());
            for &judge_id in &column.judges {
                let expected = ledger.expected.contains(&(judge_id, e.id));
                if expected {
                    *due.entry(judge_id).or_default() += 1;
                }
                match ledger.mark(e.id, aspect_id, judge_id) {
                    Some(m) => {
                        if expected {
                            *marked.entry(judge_id).or_default() += 1;
                        }
                        slot_of_mark.push(slots.len());
                        slots.push(JudgeSlot::Marked {
                            value: m.value,
                            corrected: m.corrected,
                            paper: m.paper,
                            dropped: false,
                        });
                    }
                    None if expected => slots.push(JudgeSlot::Missing),
                    None => slots.push(JudgeSlot::Recused),
                }
            }
            let result =
                scoring::aggregate(rule, &input, scheme.short_panel, scheme.aspect_rounding);
            for (i, &slot) in slot_of_mark.iter().enumerate() {
                if result.is_dropped(i)
                    && let JudgeSlot::Marked { dropped, .. } = &mut slots[slot]
                {
                    *dropped = true;
                }
            }
            let seq = ledger.cell_seq(e.id, aspect_id);
            let module = &mut modules[*module_index];
            module.cells += 1;
            module.seq = module.seq.max(seq);
            let status = match &result.status {
                scoring::AspectStatus::Counted if input.spread_accepted => CellStatus::Accepted,
                scoring::AspectStatus::Counted => CellStatus::Counted,
                scoring::AspectStatus::Incomplete { .. } => {
                    module.missing += 1;
                    CellStatus::Missing
                }
                scoring::AspectStatus::Flagged(d) => {
                    module.flagged += 1;
                    CellStatus::Flagged {
                        spread: d.spread,
                        limit: d.limit,
                    }
                }
                scoring::AspectStatus::NoPanel => {
                    module.problems += 1;
                    CellStatus::Problem(Problem::WholePanelRecused)
                }
                scoring::AspectStatus::TooManyMarks { .. } => {
                    module.problems += 1;
                    CellStatus::Problem(Problem::TooManyMarks)
                }
                scoring::AspectStatus::Invalid(bad) => {
                    module.problems += 1;
                    CellStatus::Problem(Problem::InvalidMark(bad.error.to_string()))
                }
            };
            cells.push(Cell {
                aspect_id,
                status,
                mark: result.mark,
                slots,
                seq,
            });
        }
        rows.push(EntrantRow {
            id: e.id,
            station: if sealed { None } else { e.station },
            blind_code: e.blind_code.clone().unwrap_or_else(|| format!("#{}", e.id)),
            cells,
        });
    }

    let judge_progress = judges
        .iter()
        .map(|j| JudgeProgress {
            id: j.id,
            name: names.get(&j.person_id).cloned().unwrap_or_default(),
            panel: j.panel.clone(),
            role: j.role,
            marked: marked.get(&j.id).copied().unwrap_or(0),
            due: due.get(&j.id).copied().unwrap_or(0),
        })
        .collect();
    let pending = pending_corrections(db, ev.id, &entrants, aspects, &judges, &names).await?;
    let mut paper = Vec::new();
    for cell in super::paper_entry::open_cells(db, ev.id).await? {
        if let Some(m) = modules.iter_mut().find(|m| m.id == cell.module_id) {
            m.paper_open += 1;
        }
        paper.push(PaperCase {
            judge: judges
                .iter()
                .find(|j| j.id == cell.judge_id)
                .and_then(|j| names.get(&j.person_id))
                .cloned()
                .unwrap_or_default(),
            blind_code: entrants
                .iter()
                .find(|e| e.id == cell.entrant_id)
                .and_then(|e| e.blind_code.clone())
                .unwrap_or_else(|| format!("#{}", cell.entrant_id)),
            aspect: aspects
                .get(&cell.aspect_id)
                .map(|a| format!("{} {}", a.code, a.name))
                .unwrap_or_default(),
            cell,
        });
    }
    Ok(Progress {
        event: ev.clone(),
        modules,
        rows,
        judges: judge_progress,
        pending,
        paper,
    })
}

async fn pending_corrections(
    db: &impl ConnectionTrait,
    event_id: EventId,
    entrants: &[entrant::Model],
    aspects: &HashMap<AspectId, scheme_aspect::Model>,
    judges: &[judge::Model],
    names: &HashMap<i32, String>,
) -> AppResult<Vec<PendingCorrection>> {
    Ok(mark_correction::Entity::find()
        .filter(mark_correction::Column::EventId.eq(event_id))
        .filter(mark_correction::Column::Status.eq(CorrectionStatus::Pending))
        .order_by_asc(mark_correction::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| PendingCorrection {
            id: c.id,
            judge: judges
                .iter()
                .find(|j| j.id == c.judge_id)
                .and_then(|j| names.get(&j.person_id))
                .cloned()
                .unwrap_or_default(),
            blind_code: entrants
                .iter()
                .find(|e| e.id == c.entrant_id)
                .and_then(|e| e.blind_code.clone())
                .unwrap_or_else(|| format!("#{}", c.entrant_id)),
            aspect: aspects
                .get(&c.aspect_id)
                .map(|a| format!("{} {}", a.code, a.name))
                .unwrap_or_default(),
            old_value: c.old_value.map(|v| v.to_decimal()),
            new_value: c.new_value.to_decimal(),
            reason: c.reason,
            requested_at: c.requested_at,
        })
        .collect())
}
