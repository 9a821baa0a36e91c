//! 理论成绩导入: the theory exam is usually taken on computers apart from the hall, and its
//! system exports one score per entrant. The organiser imports that export (.xlsx or .csv:
//! 参赛证号 or 身份证号, and 成绩) into the event's theory component — previewed first, every
//! wrong cell named by row and column, stored all or nothing.
//!
//! The scores are stored as the marks of the theory panel's one judge (the single source: the
//! panel must have exactly one judge, the person answerable for the exam), under every rule a
//! judge's mark meets, with an audit entry that names the organiser and the file. Before the
//! lock they are marks; once the theory module is signed off or the event locked, a corrected
//! file goes through the correction path: each changed score becomes a correction request for
//! the chief judge, as a judge's own change would.

use crate::accounts::Actor;
use crate::competitions::events::find_managed_event;
use crate::error::{AppError, AppResult};
use crate::live::{BoardChanged, Live};
use crate::marking::corrections::{CorrectionInput, request_correction};
use crate::marking::marks::{EnteredBy, MarkInput, aspect_rule, record_entered};
use crate::spreadsheet::{RowError, Table, header_positions};
use entity::kinds::{AuditAction, ComponentKind, EntrantStatus, JudgeRole};
use entity::{
    EntrantId, entrant, entrant_member, event, judge, mark, module_sign_off, person, scheme_aspect,
    scheme_component, scheme_module,
};
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

const ENTRY: &str = "参赛证号";
const ID_NUMBER: &str = "身份证号";
const NAME: &str = "姓名";
const SCORE: &str = "成绩";
const COLUMNS: [&str; 4] = [ENTRY, ID_NUMBER, NAME, SCORE];

/// One row of the preview: who, the score in the file, the score stored now.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TheoryPreviewRow {
    pub row: usize,
    pub entry_no: i32,
    pub name: String,
    pub score: String,
    /// The score stored now, if any.
    pub stored: Option<String>,
    /// `new`, `changed` or `same`.
    pub change: String,
}

/// What an import found, and what it did.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TheoryReport {
    /// Data rows read.
    pub rows: usize,
    /// Scores new or different from those stored.
    pub changes: usize,
    /// Active entrants of the event the file leaves without a score.
    pub missing: Vec<i32>,
    /// Whether the changes were stored (as marks, or as correction requests).
    pub committed: bool,
    /// After the theory module's sign-off or the lock: the changes became correction requests
    /// for the chief judge instead of marks.
    pub as_corrections: bool,
    pub errors: Vec<RowError>,
    pub preview: Vec<TheoryPreviewRow>,
}

/// A checked row that changes a score.
struct Change {
    row: usize,
    entrant: EntrantId,
    value: Decimal,
}

/// A file read and checked against the event, ready to be stored when nothing is wrong.
pub struct Checked {
    pub report: TheoryReport,
    ev: event::Model,
    aspect: scheme_aspect::Model,
    judge: judge::Model,
    changes: Vec<Change>,
}

/// The theory aspect of an event's scheme and the one judge who answers for it.
async fn theory_source(
    db: &impl ConnectionTrait,
    ev: &event::Model,
) -> AppResult<(scheme_aspect::Model, judge::Model, bool)> {
    let components: Vec<i32> = scheme_component::Entity::find()
        .filter(scheme_component::Column::EventId.eq(ev.id))
        .filter(scheme_component::Column::Kind.eq(ComponentKind::Theory))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let modules: Vec<i32> = scheme_module::Entity::find()
        .filter(scheme_module::Column::ComponentId.is_in(components))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let mut aspects = scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::ModuleId.is_in(modules))
        .all(db)
        .await?;
    let aspect = match aspects.len() {
        0 => {
            return Err(AppError::invalid(
                "file",
                "本项目的评分方案没有理论部分，无法导入理论成绩",
            ));
        }
        1 => aspects.remove(0),
        n => {
            return Err(AppError::invalid(
                "file",
                format!(
                    "本项目理论部分有 {n} 个评分项；理论成绩按一个总分导入，请把理论部分设为一个评分项"
                ),
            ));
        }
    };
    let mut judges = judge::Entity::find()
        .filter(judge::Column::EventId.eq(ev.id))
        .filter(judge::Column::Panel.eq(&aspect.panel))
        .filter(judge::Column::Role.eq(JudgeRole::Judge))
        .all(db)
        .await?;
    if judges.len() != 1 {
        return Err(AppError::invalid(
            "file",
            format!(
                "理论成绩为单一来源：{} 组应当只有一名裁判（理论考试负责人），现有 {} 名",
                aspect.panel,
                judges.len()
            ),
        ));
    }
    let signed = module_sign_off::Entity::find()
        .filter(module_sign_off::Column::ModuleId.eq(aspect.module_id))
        .one(db)
        .await?
        .is_some();
    let closed = signed || ev.marks_locked_at.is_some();
    Ok((aspect, judges.remove(0), closed))
}

/// Reads and checks a theory export against the event (the preview); nothing is stored.
pub async fn check(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: entity::EventId,
    table: &Table,
) -> AppResult<Checked> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    crate::competitions::status::refuse_if_final(db, comp.id, "导入理论成绩").await?;
    let (aspect, judge, closed) = theory_source(db, &ev).await?;
    let mut report = TheoryReport {
        rows: table.rows.len(),
        changes: 0,
        missing: Vec::new(),
        committed: false,
        as_corrections: closed,
        errors: Vec::new(),
        preview: Vec::new(),
    };
    let at = match header_positions(table, &COLUMNS, &[SCORE]) {
        Ok(at) => at,
        Err(errors) => {
            report.errors = errors;
            return Ok(Checked::empty(report, ev, aspect, judge));
        }
    };
    if !at.contains_key(ENTRY) && !at.contains_key(ID_NUMBER) {
        report.errors.push(RowError {
            row: 1,
            column: ENTRY.into(),
            message: "须有“参赛证号”或“身份证号”列".into(),
        });
        return Ok(Checked::empty(report, ev, aspect, judge));
    }

    // The event's entrants by entry number and by the ID number of their members.
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .all(db)
        .await?;
    let by_no: HashMap<i32, &entrant::Model> = entrants.iter().map(|e| (e.entry_no, e)).collect();
    let members = entrant_member::Entity::find()
        .filter(entrant_member::Column::EntrantId.is_in(entrants.iter().map(|e| e.id)))
        .all(db)
        .await?;
    let people: HashMap<i32, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(members.iter().map(|m| m.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut by_id_number: HashMap<String, EntrantId> = HashMap::new();
    let mut names: HashMap<EntrantId, Vec<String>> = HashMap::new();
    for m in &members {
        if let Some(p) = people.get(&m.person_id) {
            by_id_number.insert(p.id_number.to_uppercase(), m.entrant_id);
            names.entry(m.entrant_id).or_default().push(p.name.clone());
        }
    }
    let stored: HashMap<EntrantId, Decimal> = mark::Entity::find()
        .filter(mark::Column::AspectId.eq(aspect.id))
        .filter(mark::Column::JudgeId.eq(judge.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.entrant_id, m.value.to_decimal()))
        .collect();

    let rule = aspect_rule(&aspect);
    let cell = |cells: &Vec<String>, column: &str| -> String {
        at.get(column)
            .and_then(|&i| cells.get(i))
            .map(|t| t.trim().to_owned())
            .unwrap_or_default()
    };
    let mut seen: HashSet<EntrantId> = HashSet::new();
    let mut changes = Vec::new();
    for (row, cells) in &table.rows {
        let row = *row;
        let mut wrong = |column: &str, message: String| {
            report.errors.push(RowError {
                row,
                column: column.to_owned(),
                message,
            });
        };
        let entry_text = cell(cells, ENTRY);
        let id_text = cell(cells, ID_NUMBER);
        let score_text = cell(cells, SCORE);
        if entry_text.is_empty() && id_text.is_empty() && score_text.is_empty() {
            continue;
        }
        let found = if !entry_text.is_empty() {
            let number = entry_text.trim_end_matches('号').trim().parse::<i32>().ok();
            match number.and_then(|n| by_no.get(&n)) {
                Some(e) => Some(*e),
                None => {
                    wrong(ENTRY, format!("本项目没有参赛证号为“{entry_text}”的选手"));
                    None
                }
            }
        } else {
            match by_id_number
                .get(&id_text.to_uppercase())
                .and_then(|id| entrants.iter().find(|e| e.id == *id))
            {
                Some(e) => Some(e),
                // The number itself is never echoed: it would go into logs and screenshots.
                None => {
                    wrong(ID_NUMBER, "本项目没有此身份证号的选手".into());
                    None
                }
            }
        };
        let value = match Decimal::from_str(&score_text) {
            Ok(v) => match scoring::check_mark(&rule, v) {
                Ok(()) => Some(v),
                Err(e) => {
                    wrong(
                        SCORE,
                        format!("成绩“{score_text}”不符合评分项 {}：{e}", aspect.code),
                    );
                    None
                }
            },
            Err(_) if score_text.is_empty() => {
                wrong(SCORE, "缺少成绩".into());
                None
            }
            Err(_) => {
                wrong(SCORE, format!("成绩“{score_text}”不是数字"));
                None
            }
        };
        let Some(e) = found else { continue };
        if e.status != EntrantStatus::Active {
            wrong(
                ENTRY,
                format!(
                    "{} 号选手状态为“{}”，不再计分",
                    e.entry_no,
                    e.status.label()
                ),
            );
            continue;
        }
        if !seen.insert(e.id) {
            wrong(
                ENTRY,
                format!("{} 号选手在文件中出现了不止一次", e.entry_no),
            );
            continue;
        }
        let holder = names.get(&e.id).cloned().unwrap_or_default();
        let name_text = cell(cells, NAME);
        if !name_text.is_empty() && !holder.contains(&name_text) {
            wrong(
                NAME,
                format!("姓名“{name_text}”与 {} 号选手不符", e.entry_no),
            );
            continue;
        }
        let Some(value) = value else { continue };
        let now = stored.get(&e.id).copied();
        let change = match now {
            None => "new",
            Some(v) if v == value => "same",
            Some(_) => "changed",
        };
        report.preview.push(TheoryPreviewRow {
            row,
            entry_no: e.entry_no,
            name: holder.join("、"),
            score: value.normalize().to_string(),
            stored: now.map(|v| v.normalize().to_string()),
            change: change.into(),
        });
        if change != "same" {
            changes.push(Change {
                row,
                entrant: e.id,
                value,
            });
        }
    }
    report.changes = changes.len();
    report.missing = entrants
        .iter()
        .filter(|e| e.status == EntrantStatus::Active && !seen.contains(&e.id))
        .filter(|e| !stored.contains_key(&e.id))
        .map(|e| e.entry_no)
        .collect();
    report.missing.sort_unstable();
    Ok(Checked {
        report,
        ev,
        aspect,
        judge,
        changes,
    })
}

impl Checked {
    fn empty(
        report: TheoryReport,
        ev: event::Model,
        aspect: scheme_aspect::Model,
        judge: judge::Model,
    ) -> Self {
        Checked {
            report,
            ev,
            aspect,
            judge,
            changes: Vec::new(),
        }
    }

    /// Stores the checked changes, all or nothing: as marks before the theory module is
    /// signed off, as correction requests after. `file` names the file in the audit trail.
    pub async fn commit<C: ConnectionTrait + TransactionTrait>(
        mut self,
        db: &C,
        live: &Live,
        actor: &Actor,
        file: &str,
        digest: &str,
    ) -> AppResult<TheoryReport> {
        if !self.report.errors.is_empty() {
            crate::metrics::import_done("theory", "refused");
            return Ok(self.report);
        }
        let file: String = file.chars().take(80).collect();
        // One file's row for one entrant is one operation, whenever it is sent again.
        let op = |c: &Change| format!("theory:{}:{}:{}", self.ev.id, c.entrant, &digest[..16]);
        if self.report.as_corrections {
            let txn = crate::db::begin_write(db).await?;
            for c in &self.changes {
                let asked = request_correction(
                    &txn,
                    &self.judge,
                    CorrectionInput {
                        op_id: op(c),
                        entrant_id: c.entrant,
                        aspect_id: self.aspect.id,
                        value: c.value,
                        reason: format!("理论成绩更正导入（{file}，{}）", actor.display_name),
                        device: None,
                    },
                )
                .await;
                if let Err(e) = asked {
                    self.report.errors.push(row_error(c.row, e));
                }
            }
            if !self.report.errors.is_empty() {
                return Ok(self.report);
            }
            self.audit(&txn, actor, &file).await?;
            txn.commit().await?;
        } else if !self.changes.is_empty() {
            let batch: Vec<(judge::Model, MarkInput)> = self
                .changes
                .iter()
                .map(|c| {
                    (
                        self.judge.clone(),
                        MarkInput {
                            op_id: op(c),
                            entrant_id: c.entrant,
                            aspect_id: self.aspect.id,
                            value: c.value,
                            device: None,
                            session: None,
                        },
                    )
                })
                .collect();
            let entered = EnteredBy {
                actor: format!("user:{}", actor.user_id),
                reason: format!("理论考试成绩导入（{file}）"),
            };
            if let Err(refused) = record_entered(db, batch, &entered).await? {
                for (i, e) in refused {
                    self.report.errors.push(row_error(self.changes[i].row, e));
                }
                crate::metrics::import_done("theory", "refused");
                return Ok(self.report);
            }
            self.audit(db, actor, &file).await?;
            live.publish(BoardChanged::of(self.ev.id));
        }
        self.report.committed = true;
        crate::metrics::import_done("theory", "committed");
        Ok(self.report)
    }

    async fn audit(&self, db: &impl ConnectionTrait, actor: &Actor, file: &str) -> AppResult<()> {
        crate::audit::record(
            db,
            Some(actor.user_id),
            AuditAction::TheoryImport,
            &format!("event:{}", self.ev.id),
            serde_json::json!({
                "file": file,
                "changes": self.changes.len(),
                "as_corrections": self.report.as_corrections,
            }),
        )
        .await
    }
}

/// A refusal of the rules, on the row it came from (the score's column unless the rule names
/// the entrant).
fn row_error(row: usize, e: AppError) -> RowError {
    let (column, message) = match &e {
        AppError::Invalid { field, message } | AppError::Conflict { field, message } => (
            if field == "entrant_id" { ENTRY } else { SCORE },
            message.clone(),
        ),
        other => (SCORE, other.to_string()),
    };
    RowError {
        row,
        column: column.into(),
        message,
    }
}
