//! 纸质评分表录入 with double entry (双人录入): when the Wi-Fi fails the judges fill the printed
//! score sheets, and clerks type them in, each sheet twice, by two different accounts.
//!
//! - The **first entry** of a cell waits; its clerk may type it again until a second clerk has
//!   entered the cell. The second clerk types the same sheet **blind**: the page and the API
//!   never show a value the other clerk typed.
//! - Where both entries **agree**, the value becomes the judge's mark through the same rules,
//!   ledger and audit chain as a tablet's mark (channel `paper`, the clerks named). Where they
//!   **disagree**, nothing is stored and the cell goes on the chief judge's matrix, who decides
//!   it against the paper sheet; the module cannot be signed off until then.
//! - **Tablet and paper for the same cell: the tablet wins.** A tablet's mark is the judge's own
//!   act, sent from the judge's session and acknowledged to the judge; a paper value is a
//!   clerk's reading of the judge's handwriting. So paper never overwrites a tablet mark: equal
//!   values are simply confirmed, a different one goes to the chief judge with both values (the
//!   tablet's stands until the chief decides). A tablet mark that arrives after a paper one
//!   replaces it as any change by the judge does, audited as the judge's own.

use super::marks::{self, EnteredBy, MarkInput};
use crate::accounts::Actor;
use crate::audit;
use crate::competitions::events::find_managed_event;
use crate::error::{AppError, AppResult};
use crate::live::BoardChanged;
use crate::spreadsheet::RowError;
use crate::time::now;
use entity::kinds::{AuditAction, CompetitionStatus, JudgeRole, PaperState};
use entity::{
    AspectId, EntrantId, EventId, JudgeId, StoredDecimal, competition, entrant, event, judge, mark,
    module_sign_off, paper_entry, person, scheme_aspect,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The channel paper marks are stored under (the audit entry's device).
pub const CHANNEL: &str = "paper";

/// The first data row of a printed score sheet: row 1 is its title, row 2 the aspects.
pub const FIRST_ROW: usize = 3;

/// One value a clerk typed, with where it sits on the sheet (for messages).
#[derive(Clone, Debug)]
pub struct TypedCell {
    pub entrant_id: EntrantId,
    pub aspect_id: AspectId,
    pub value: Decimal,
    /// The sheet's row (as the spreadsheet numbers it) and the aspect's code.
    pub row: usize,
    pub column: String,
}

/// A judge's score sheet as printed: the judge's panel's aspects across, the entrants the judge
/// marks down, by blind code.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub event: event::Model,
    pub judge: judge::Model,
    pub judge_name: String,
    pub aspects: Vec<scheme_aspect::Model>,
    pub entrants: Vec<entrant::Model>,
    /// The sheet's cells that clerks have typed, by (entrant, aspect).
    pub entries: HashMap<(EntrantId, AspectId), paper_entry::Model>,
}

impl Sheet {
    /// The sheet's row of an entrant, as printed.
    pub fn row_of(&self, entrant: EntrantId) -> Option<usize> {
        self.entrants
            .iter()
            .position(|e| e.id == entrant)
            .map(|i| i + FIRST_ROW)
    }

    /// How far the sheet's entry has come.
    pub fn tally(&self) -> Tally {
        let mut t = Tally {
            cells: self.aspects.len() * self.entrants.len(),
            ..Tally::default()
        };
        for e in self.entries.values() {
            match e.state {
                PaperState::AwaitingSecond => t.awaiting_second += 1,
                PaperState::Stored | PaperState::Confirmed | PaperState::Decided => t.done += 1,
                PaperState::Disagreed | PaperState::TabletDiffers => t.open += 1,
            }
        }
        t
    }
}

/// One value as a clerk typed it: where on the sheet, by blind code and aspect code as printed.
#[derive(Clone, Debug)]
pub struct TypedText {
    pub row: usize,
    /// The column as the clerk sees it: the aspect's code, or the spreadsheet's letter and code.
    pub column: String,
    pub blind_code: String,
    pub aspect: String,
    pub value: String,
}

impl Sheet {
    /// The typed texts as cells of this sheet; blank values are cells left empty. Every wrong
    /// cell is named by its row and column.
    pub fn read(&self, typed: &[TypedText]) -> Result<Vec<TypedCell>, Vec<RowError>> {
        let mut cells = Vec::new();
        let mut errors = Vec::new();
        for t in typed {
            let wrong = |message: String| RowError {
                row: t.row,
                column: t.column.clone(),
                message,
            };
            let text = t.value.trim();
            if text.is_empty() {
                continue;
            }
            let Some(entrant) = self
                .entrants
                .iter()
                .find(|e| e.blind_code.as_deref() == Some(t.blind_code.trim()))
            else {
                errors.push(wrong(format!(
                    "加密号“{}”不在这位裁判的评分表上",
                    t.blind_code.trim()
                )));
                continue;
            };
            let Some(aspect) = self.aspects.iter().find(|a| a.code == t.aspect.trim()) else {
                errors.push(wrong(format!(
                    "评分项“{}”不在这位裁判的评分表上",
                    t.aspect.trim()
                )));
                continue;
            };
            match text.parse::<Decimal>() {
                Ok(value) => cells.push(TypedCell {
                    entrant_id: entrant.id,
                    aspect_id: aspect.id,
                    value,
                    row: t.row,
                    column: t.column.clone(),
                }),
                Err(_) => errors.push(wrong(format!("“{text}”不是分数"))),
            }
        }
        if errors.is_empty() {
            Ok(cells)
        } else {
            Err(errors)
        }
    }

    /// The values of a filled score sheet (.xlsx) as printed by
    /// [`crate::judging::paper::score_sheets`]: the title row names the judge (a sheet of
    /// another judge is refused), the row starting 加密号 names the aspects, each row below is
    /// an entrant by blind code.
    pub fn from_table(
        &self,
        table: &crate::spreadsheet::Table,
    ) -> Result<Vec<TypedText>, Vec<RowError>> {
        use crate::judging::paper::JUDGE_NUMBER;
        use crate::spreadsheet::column_letters;
        let title = table.headers.first().cloned().unwrap_or_default();
        if let Some(rest) = title.split(JUDGE_NUMBER).nth(1) {
            let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if number != self.judge.id.to_string() {
                return Err(vec![RowError {
                    row: 1,
                    column: "A".into(),
                    message: format!(
                        "这是裁判编号 {number} 的评分表，不是本页这位裁判（编号 {}）的",
                        self.judge.id
                    ),
                }]);
            }
        }
        let Some(header_at) = table
            .rows
            .iter()
            .position(|(_, cells)| cells.first().is_some_and(|c| c == "加密号"))
        else {
            return Err(vec![RowError {
                row: 2,
                column: "A".into(),
                message: "找不到以“加密号”开头的表头行，请使用系统打印的评分表".into(),
            }]);
        };
        let (header_row, header) = &table.rows[header_at];
        let mut columns = Vec::new();
        let mut errors = Vec::new();
        for (col, text) in header.iter().enumerate().skip(1) {
            let code = text.split_whitespace().next().unwrap_or_default();
            if code.is_empty() {
                continue;
            }
            if self.aspects.iter().any(|a| a.code == code) {
                columns.push((col, code.to_owned()));
            } else {
                errors.push(RowError {
                    row: *header_row,
                    column: column_letters(col),
                    message: format!("评分项“{code}”不在这位裁判的评分表上"),
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut typed = Vec::new();
        for (row, cells) in &table.rows[header_at + 1..] {
            let blind = cells.first().map(String::as_str).unwrap_or_default();
            if blind.is_empty() || blind.starts_with("裁判签名") || blind.starts_with('（') {
                continue;
            }
            for (col, code) in &columns {
                typed.push(TypedText {
                    row: *row,
                    column: format!("{}（{code}）", column_letters(*col)),
                    blind_code: blind.to_owned(),
                    aspect: code.clone(),
                    value: cells.get(*col).cloned().unwrap_or_default(),
                });
            }
        }
        Ok(typed)
    }
}

/// Counts of a sheet's cells.
#[derive(Clone, Copy, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Tally {
    pub cells: usize,
    /// Typed once, waiting for the second clerk.
    pub awaiting_second: usize,
    /// Stored, confirmed by the tablet's mark, or decided by the chief judge.
    pub done: usize,
    /// Waiting for the chief judge.
    pub open: usize,
}

/// What one clerk's entry of a sheet did.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct EntryOutcome {
    /// Cells typed for the first time: they wait for a second clerk.
    pub first: usize,
    /// First entries the same clerk typed again with another value.
    pub amended: usize,
    /// Second entries that agreed: stored as the judge's marks.
    pub stored: usize,
    /// Second entries that agreed with the judge's own tablet mark: nothing to change.
    pub confirmed: usize,
    /// Second entries that differ from the first: for the chief judge.
    pub disagreed: usize,
    /// Agreeing entries that differ from the judge's tablet mark: for the chief judge.
    pub tablet_differs: usize,
    /// Cells already finished (or the clerk's own first entry, unchanged): left as they were.
    pub unchanged: usize,
}

/// The sheet of one judge of a managed event.
pub async fn sheet(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
    judge_id: JudgeId,
) -> AppResult<Sheet> {
    let (ev, _) = find_managed_event(db, actor, event_id).await?;
    sheet_of(db, ev, judge_id).await
}

/// A judge's sheet in the event's list of sheets.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SheetSummary {
    #[schema(value_type = i32)]
    pub judge_id: JudgeId,
    pub judge: String,
    pub panel: String,
    pub tally: Tally,
}

/// Every judge's sheet of a managed event (judges whose panel marks no aspect have none).
pub async fn sheets(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<(event::Model, Vec<SheetSummary>)> {
    let (ev, _) = find_managed_event(db, actor, event_id).await?;
    let mut out = Vec::new();
    for j in crate::judging::judges::judge_views(db, ev.id).await? {
        if j.judge.role != JudgeRole::Judge {
            continue;
        }
        let sheet = sheet_of(db, ev.clone(), j.judge.id).await?;
        if sheet.aspects.is_empty() {
            continue;
        }
        out.push(SheetSummary {
            judge_id: j.judge.id,
            judge: j.name,
            panel: j.judge.panel.clone(),
            tally: sheet.tally(),
        });
    }
    Ok((ev, out))
}

async fn sheet_of(
    db: &impl ConnectionTrait,
    ev: event::Model,
    judge_id: JudgeId,
) -> AppResult<Sheet> {
    let judge = judge::Entity::find_by_id(judge_id)
        .one(db)
        .await?
        .filter(|j| j.event_id == ev.id && j.role == JudgeRole::Judge)
        .ok_or(AppError::NotFound)?;
    let judge_name = person::Entity::find_by_id(judge.person_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let aspects = panel_aspects(db, &ev, &judge.panel).await?;
    let entrants = crate::judging::judges::markable_entrants(db, &judge).await?;
    let entries = paper_entry::Entity::find()
        .filter(paper_entry::Column::JudgeId.eq(judge.id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| ((e.entrant_id, e.aspect_id), e))
        .collect();
    Ok(Sheet {
        event: ev,
        judge,
        judge_name,
        aspects,
        entrants,
        entries,
    })
}

/// The aspects a panel marks, in the scheme's order (as the printed sheet has them).
async fn panel_aspects(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    panel: &str,
) -> AppResult<Vec<scheme_aspect::Model>> {
    let doc = crate::judging::scheme::load_doc(db, ev).await?;
    let order: Vec<AspectId> = doc
        .components
        .iter()
        .flat_map(|c| c.modules.iter())
        .flat_map(|m| m.aspects.iter())
        .filter(|a| a.panel == panel)
        .filter_map(|a| a.id)
        .collect();
    let mut rows: HashMap<AspectId, scheme_aspect::Model> = scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::EventId.eq(ev.id))
        .filter(scheme_aspect::Column::Panel.eq(panel))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(order
        .into_iter()
        .filter_map(|id| rows.remove(&id))
        .collect())
}

/// Stores one clerk's entry of a judge's sheet (see the module's rules). All or nothing: a
/// wrong cell (not on the sheet, out of range, in a signed-off module) refuses the whole entry
/// with every wrong cell named by row and column.
pub async fn enter<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    judge_id: JudgeId,
    typed: Vec<TypedCell>,
) -> AppResult<Result<(EntryOutcome, Option<BoardChanged>), Vec<RowError>>> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    open_for_paper(&ev, &comp)?;
    let sheet = sheet_of(db, ev, judge_id).await?;
    if let Err(errors) = check_typed(db, &sheet, &typed).await? {
        return Ok(Err(errors));
    }

    let (_chain, txn) = marks::begin_chained(db).await?;
    // Read again under the chain's lock: two clerks finishing the same sheet at once are
    // taken one after the other.
    let entries: HashMap<(EntrantId, AspectId), paper_entry::Model> = paper_entry::Entity::find()
        .filter(paper_entry::Column::JudgeId.eq(sheet.judge.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|e| ((e.entrant_id, e.aspect_id), e))
        .collect();
    let current: HashMap<(EntrantId, AspectId), mark::Model> = mark::Entity::find()
        .filter(mark::Column::JudgeId.eq(sheet.judge.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| ((m.entrant_id, m.aspect_id), m))
        .collect();
    let at = now();
    let me = actor.user_id;
    let mut outcome = EntryOutcome::default();
    // (paper entry, first clerk, cell, value): stored as the judge's marks below.
    let mut to_store: Vec<(&paper_entry::Model, &TypedCell)> = Vec::new();
    for cell in &typed {
        let value = StoredDecimal::try_from(cell.value)
            .map_err(|e| AppError::invalid("value", e.to_string()))?;
        let Some(entry) = entries.get(&(cell.entrant_id, cell.aspect_id)) else {
            paper_entry::ActiveModel {
                event_id: Set(sheet.event.id),
                judge_id: Set(sheet.judge.id),
                entrant_id: Set(cell.entrant_id),
                aspect_id: Set(cell.aspect_id),
                first_value: Set(value),
                first_by: Set(me),
                first_at: Set(at),
                state: Set(PaperState::AwaitingSecond),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            outcome.first += 1;
            continue;
        };
        if entry.state != PaperState::AwaitingSecond {
            outcome.unchanged += 1;
            continue;
        }
        let mut row = entry.clone().into_active_model();
        if entry.first_by == me {
            if entry.first_value == value {
                outcome.unchanged += 1;
            } else {
                row.first_value = Set(value);
                row.first_at = Set(at);
                row.update(&txn).await?;
                outcome.amended += 1;
            }
            continue;
        }
        row.second_value = Set(Some(value));
        row.second_by = Set(Some(me));
        row.second_at = Set(Some(at));
        let tablet = current
            .get(&(cell.entrant_id, cell.aspect_id))
            .filter(|m| !is_paper_op(&m.op_id));
        let state = if entry.first_value != value {
            outcome.disagreed += 1;
            PaperState::Disagreed
        } else {
            match tablet {
                Some(m) if m.value == value => {
                    outcome.confirmed += 1;
                    PaperState::Confirmed
                }
                Some(_) => {
                    outcome.tablet_differs += 1;
                    PaperState::TabletDiffers
                }
                None => {
                    outcome.stored += 1;
                    to_store.push((entry, cell));
                    PaperState::Stored
                }
            }
        };
        row.state = Set(state);
        row.update(&txn).await?;
    }

    let changed = !to_store.is_empty();
    // One batch per first clerk, so that each audit entry names both clerks.
    let mut by_first: HashMap<entity::UserId, Vec<(judge::Model, MarkInput)>> = HashMap::new();
    for (entry, cell) in &to_store {
        by_first.entry(entry.first_by).or_default().push((
            sheet.judge.clone(),
            MarkInput {
                op_id: format!("paper-entry-{}", entry.id),
                entrant_id: cell.entrant_id,
                aspect_id: cell.aspect_id,
                value: cell.value,
                device: Some(CHANNEL.to_owned()),
                session: None,
            },
        ));
    }
    for (first_by, batch) in by_first {
        let entered = EnteredBy {
            actor: format!("user:{me}"),
            reason: format!("纸质评分表双人录入：第一录入 user:{first_by}，第二录入 user:{me}"),
        };
        if let Err(refused) = marks::record_entered_in(&txn, batch, &entered).await? {
            return Err(first_refusal(refused));
        }
    }
    audit::record(
        &txn,
        Some(me),
        AuditAction::PaperEntry,
        &format!("event:{}", sheet.event.id),
        serde_json::json!({"judge": sheet.judge.id, "outcome": outcome}),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok((
        outcome,
        changed.then(|| BoardChanged::of(sheet.event.id)),
    )))
}

/// Paper sheets are typed while the marks may still change: the competition is running or
/// being marked, and the event's marks are not locked.
fn open_for_paper(ev: &event::Model, comp: &competition::Model) -> AppResult<()> {
    if !matches!(
        comp.status,
        CompetitionStatus::Running | CompetitionStatus::Marking
    ) {
        return Err(AppError::invalid(
            "event",
            "当前不在评分时段内，不能录入纸质评分表",
        ));
    }
    if ev.marks_locked_at.is_some() {
        return Err(AppError::invalid(
            "event",
            "本项目评分已锁定，纸质评分表不能再录入；修改须经裁判长批准的更正",
        ));
    }
    Ok(())
}

/// Every typed cell is on the sheet, once, in a module not yet signed off, and a value the
/// aspect allows.
async fn check_typed(
    db: &impl ConnectionTrait,
    sheet: &Sheet,
    typed: &[TypedCell],
) -> AppResult<Result<(), Vec<RowError>>> {
    let mut errors = Vec::new();
    if typed.is_empty() {
        errors.push(RowError {
            row: FIRST_ROW,
            column: "分数".into(),
            message: "没有录入任何分数".into(),
        });
    }
    let signed: HashSet<i32> = module_sign_off::Entity::find()
        .filter(module_sign_off::Column::EventId.eq(sheet.event.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.module_id)
        .collect();
    let entrants: HashSet<EntrantId> = sheet.entrants.iter().map(|e| e.id).collect();
    let mut seen = HashSet::new();
    for cell in typed {
        let wrong = |message: String| RowError {
            row: cell.row,
            column: cell.column.clone(),
            message,
        };
        if !entrants.contains(&cell.entrant_id) {
            errors.push(wrong(
                "该选手不在这位裁判的评分表上（回避、缺赛或未分配）".into(),
            ));
            continue;
        }
        let Some(aspect) = sheet.aspects.iter().find(|a| a.id == cell.aspect_id) else {
            errors.push(wrong("该评分项不在这位裁判的评分表上".into()));
            continue;
        };
        if !seen.insert((cell.entrant_id, cell.aspect_id)) {
            errors.push(wrong("同一格录入了两次".into()));
            continue;
        }
        if signed.contains(&aspect.module_id) {
            errors.push(wrong("该模块已由裁判长签字确认，纸质分数须走更正".into()));
            continue;
        }
        if let Err(e) = scoring::check_mark(&marks::aspect_rule(aspect), cell.value) {
            errors.push(wrong(e.to_string()));
        }
    }
    Ok(if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    })
}

/// The rules were checked before the transaction; a refusal here (a sign-off or the lock in
/// between) refuses the whole step with its reason.
fn first_refusal(refused: Vec<(usize, AppError)>) -> AppError {
    refused
        .into_iter()
        .next()
        .map(|(_, e)| e)
        .unwrap_or_else(|| AppError::Internal("paper marks refused".into()))
}

/// Whether a stored mark came from a paper sheet (its op_id is the paper entry's).
pub fn is_paper_op(op_id: &str) -> bool {
    op_id.starts_with("paper-")
}

/// A cell waiting for the chief judge, as the chief's matrix shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OpenCell {
    pub id: i32,
    #[schema(value_type = i32)]
    pub judge_id: JudgeId,
    #[schema(value_type = i32)]
    pub entrant_id: EntrantId,
    #[schema(value_type = i32)]
    pub aspect_id: AspectId,
    pub module_id: i32,
    pub state: PaperState,
    /// The two clerks' values (equal when only the tablet differs).
    #[schema(value_type = String)]
    pub first: Decimal,
    #[schema(value_type = Option<String>)]
    pub second: Option<Decimal>,
    /// The judge's tablet mark for the cell, when there is one.
    #[schema(value_type = Option<String>)]
    pub tablet: Option<Decimal>,
}

/// The event's paper cells the chief judge must decide.
pub async fn open_cells(db: &impl ConnectionTrait, event_id: EventId) -> AppResult<Vec<OpenCell>> {
    let open = paper_entry::Entity::find()
        .filter(paper_entry::Column::EventId.eq(event_id))
        .filter(
            paper_entry::Column::State.is_in([PaperState::Disagreed, PaperState::TabletDiffers]),
        )
        .all(db)
        .await?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let modules: HashMap<AspectId, i32> = scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.module_id))
        .collect();
    let marks: HashMap<(JudgeId, EntrantId, AspectId), Decimal> = mark::Entity::find()
        .filter(mark::Column::EventId.eq(event_id))
        .filter(mark::Column::JudgeId.is_in(open.iter().map(|e| e.judge_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            (
                (m.judge_id, m.entrant_id, m.aspect_id),
                m.value.to_decimal(),
            )
        })
        .collect();
    Ok(open
        .into_iter()
        .map(|e| OpenCell {
            id: e.id,
            judge_id: e.judge_id,
            entrant_id: e.entrant_id,
            aspect_id: e.aspect_id,
            module_id: modules.get(&e.aspect_id).copied().unwrap_or_default(),
            state: e.state,
            first: e.first_value.to_decimal(),
            second: e.second_value.map(StoredDecimal::to_decimal),
            tablet: marks.get(&(e.judge_id, e.entrant_id, e.aspect_id)).copied(),
        })
        .collect())
}

/// The chief judge decides a paper cell against the sheet: the value becomes the judge's mark
/// (unless the mark already has it), audited with the chief named and both entries in the
/// reason. Refused once the module is signed off or the marks are locked, like any mark.
pub async fn decide<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    chief: &judge::Model,
    paper_id: i32,
    value: Decimal,
) -> AppResult<Option<BoardChanged>> {
    let ev = super::review::chief_event(db, chief).await?;
    let (_chain, txn) = marks::begin_chained(db).await?;
    let entry = paper_entry::Entity::find_by_id(paper_id)
        .one(&txn)
        .await?
        .filter(|e| e.event_id == ev.id)
        .ok_or(AppError::NotFound)?;
    if !entry.state.is_open() {
        return Err(AppError::conflict("paper", "该格已处理，请刷新页面"));
    }
    let judge = judge::Entity::find_by_id(entry.judge_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let current = mark::Entity::find()
        .filter(mark::Column::JudgeId.eq(entry.judge_id))
        .filter(mark::Column::EntrantId.eq(entry.entrant_id))
        .filter(mark::Column::AspectId.eq(entry.aspect_id))
        .one(&txn)
        .await?;
    let stored =
        StoredDecimal::try_from(value).map_err(|e| AppError::invalid("value", e.to_string()))?;
    let write = current.as_ref().is_none_or(|m| m.value != stored);
    if write {
        let reason = format!(
            "裁判长核定纸质评分表：第一录入 {}，第二录入 {}{}，核定 {}",
            entry.first_value.to_decimal().normalize(),
            entry.second_value.map_or_else(
                || "—".to_owned(),
                |v| v.to_decimal().normalize().to_string()
            ),
            current
                .as_ref()
                .map(|m| format!("，平板 {}", m.value.to_decimal().normalize()))
                .unwrap_or_default(),
            value.normalize()
        );
        let input = MarkInput {
            op_id: format!("paper-decision-{}", entry.id),
            entrant_id: entry.entrant_id,
            aspect_id: entry.aspect_id,
            value,
            device: Some(CHANNEL.to_owned()),
            session: None,
        };
        let entered = EnteredBy {
            actor: format!("judge:{}", chief.id),
            reason,
        };
        if let Err(refused) = marks::record_entered_in(&txn, vec![(judge, input)], &entered).await?
        {
            return Err(first_refusal(refused));
        }
    } else {
        // Same rule as a mark: the value must be one the aspect allows, even unchanged.
        super::review::refuse_if_locked(&ev)?;
    }
    let mut row = entry.clone().into_active_model();
    row.state = Set(PaperState::Decided);
    row.decided_value = Set(Some(stored));
    row.decided_by = Set(Some(chief.id));
    row.decided_at = Set(Some(now()));
    row.update(&txn).await?;
    audit::record(
        &txn,
        None,
        AuditAction::PaperDecide,
        &format!("event:{}", ev.id),
        serde_json::json!({"paper_entry": entry.id, "chief": chief.id, "value": value.normalize().to_string(), "written": write}),
    )
    .await?;
    txn.commit().await?;
    Ok(write.then(|| BoardChanged::of(ev.id)))
}
