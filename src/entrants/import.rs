//! Importing entrants from a spreadsheet: all or nothing.
//!
//! Columns (Chinese headers, any order): 姓名, 性别, 身份证号, 单位, 项目, 组别 (required);
//! 手机号, 队名, 出生日期 (optional; 队名 is required for team events, and rows with the same
//! 队名 in the same event form one team; a 出生日期 given must match the ID number).
//! Every row is checked; if any row is wrong, nothing is stored and
//! every wrong row is reported with its row number, column and what is wrong.

use super::id_card::{self, IdCard, Sex};
use super::{people, reserve_entry_nos};
use crate::accounts::Actor;
use crate::audit;
use crate::competitions::{access, find_competition, status};
use crate::error::{AppError, AppResult};
pub use crate::spreadsheet::RowError;
use crate::spreadsheet::{Table, header_positions, write_xlsx};
use crate::time::now;
use entity::CompetitionId;
use entity::EntrantId;
use entity::EventId;
use entity::OrganisationId;
use entity::kinds::AuditAction;
use entity::kinds::{EntrantStatus, EventGroup};
use entity::{competition, entrant, entrant_member, event, person};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionSession,
    TransactionTrait,
};
use std::collections::{BTreeMap, HashMap};

/// The template's columns. The last two are read by a unit's own registration (the event's
/// qualification rule); the organiser's import leaves them aside.
pub const COLUMNS: [&str; 11] = [
    "姓名",
    "性别",
    "身份证号",
    "单位",
    "项目",
    "组别",
    "手机号",
    "队名",
    "出生日期",
    "职业资格等级",
    "证书编号",
];
const REQUIRED: [&str; 6] = ["姓名", "性别", "身份证号", "单位", "项目", "组别"];

/// A row as it will be stored, for the preview: the ID number masked.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PreviewRow {
    pub row: usize,
    pub name: String,
    pub sex: String,
    pub id_masked: String,
    pub organisation: String,
    pub event: String,
    pub team: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: usize,
    /// Entrants (individuals or teams) the file makes.
    pub entrants: usize,
    /// Whether they were stored. Never true when `errors` is not empty.
    pub committed: bool,
    pub errors: Vec<RowError>,
    pub preview: Vec<PreviewRow>,
}

/// A checked row.
struct Row {
    row: usize,
    name: String,
    card: IdCard,
    phone: Option<String>,
    organisation_id: OrganisationId,
    event_id: EventId,
    team: Option<String>,
}

/// A file read and checked against the competition, ready to be stored when nothing is wrong.
pub struct Checked {
    /// What the organiser sees: the row errors and a preview.
    pub report: ImportReport,
    comp: competition::Model,
    rows: Vec<Row>,
    units: BTreeMap<UnitKey, Vec<usize>>,
    known: HashMap<String, person::Model>,
}

/// Reads and checks a file (the preview); nothing is stored.
pub async fn check<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    table: &Table,
) -> AppResult<Checked> {
    let comp = find_competition(db, actor, competition_id).await?;
    if !access::can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    if !status::registration_open(comp.status) {
        return Err(AppError::invalid("file", "报名已截止，不能再导入选手"));
    }
    let mut errors = Vec::new();
    let columns = match header_positions(table, &COLUMNS, &REQUIRED) {
        Ok(c) => c,
        Err(missing) => {
            return Ok(Checked {
                report: ImportReport {
                    rows: table.rows.len(),
                    entrants: 0,
                    committed: false,
                    errors: missing,
                    preview: Vec::new(),
                },
                comp,
                rows: Vec::new(),
                units: BTreeMap::new(),
                known: HashMap::new(),
            });
        }
    };
    let events = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(comp.id))
        .all(db)
        .await?;
    let orgs = crate::accounts::organisations::by_name(db).await?;
    let rows = read_rows(table, &columns, &events, &orgs, &mut errors);
    let units = check_together(&comp, &rows, &events, &mut errors);
    let known = check_stored(db, &comp, &rows, &mut errors).await?;
    errors.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
    let report = ImportReport {
        rows: table.rows.len(),
        entrants: units.len(),
        committed: false,
        errors,
        preview: preview_of(&rows, &events, &orgs),
    };
    Ok(Checked {
        report,
        comp,
        rows,
        units,
        known,
    })
}

impl Checked {
    /// Stores the checked file, all or nothing: only when no row is wrong (otherwise the
    /// report comes back as it was, uncommitted).
    pub async fn commit<C: ConnectionTrait + TransactionTrait>(
        self,
        db: &C,
        actor: &Actor,
    ) -> AppResult<ImportReport> {
        let mut report = self.report;
        if report.errors.is_empty() && !self.rows.is_empty() {
            store(db, actor, &self.comp, &self.rows, &self.units, &self.known).await?;
            report.committed = true;
        }
        Ok(report)
    }
}

/// The cells of one template row that the organiser's import and a unit's own both read: the
/// person (姓名, 身份证号, 性别, 出生日期, 手机号), the event (项目 and 组别 among `events`) and
/// 队名. Every wrong cell is reported through `wrong(column, message)`; the unit (单位) is left
/// to the caller, who knows which units the file may name.
pub(crate) struct TemplateRow<'e> {
    pub name: String,
    pub card: Option<IdCard>,
    pub phone: Option<String>,
    pub event: Option<&'e event::Model>,
    pub team: Option<String>,
}

/// Reads the shared cells of one row (see [`TemplateRow`]); `get` gives a cell by its header.
pub(crate) fn read_template_row<'e, 'c>(
    get: &dyn Fn(&str) -> &'c str,
    events: impl IntoIterator<Item = &'e event::Model>,
    wrong: &mut dyn FnMut(&str, String),
) -> TemplateRow<'e> {
    let name = get("姓名").trim();
    if name.is_empty() || name.chars().count() > 50 {
        wrong("姓名", "姓名不能为空，且不超过 50 字".into());
    }
    let card = match id_card::parse(get("身份证号")) {
        Ok(c) => Some(c),
        Err(e) => {
            wrong("身份证号", e.to_string());
            None
        }
    };
    match (Sex::parse(get("性别")), &card) {
        (None, _) => wrong("性别", "性别须填“男”或“女”".into()),
        (Some(s), Some(c)) if s != c.sex => {
            wrong("性别", format!("性别“{}”与身份证号不符", s.label()))
        }
        _ => {}
    }
    if let (Some(c), birth) = (&card, get("出生日期").trim())
        && !birth.is_empty()
    {
        let digits: String = birth.chars().filter(char::is_ascii_digit).collect();
        let typed = chrono::NaiveDate::parse_from_str(&digits, "%Y%m%d").ok();
        match typed {
            None => wrong("出生日期", "出生日期格式应为 1990-03-07".into()),
            Some(d) if d != c.birth_date => wrong(
                "出生日期",
                format!(
                    "出生日期与身份证号不符（身份证号为 {}）",
                    c.birth_date.format("%Y-%m-%d")
                ),
            ),
            _ => {}
        }
    }
    let group = group_by_label(get("组别"));
    if group.is_none() {
        wrong("组别", "组别须为职工组、学生组或教师组".into());
    }
    let trade = get("项目").trim();
    let event = group.and_then(|g| {
        events
            .into_iter()
            .find(|e| e.trade == trade && e.group == g)
    });
    if group.is_some() && event.is_none() {
        wrong(
            "项目",
            format!("本赛事没有“{trade}”（{}）项目", get("组别").trim()),
        );
    }
    let phone = match people::check_phone(Some(get("手机号"))) {
        Ok(p) => p,
        Err(m) => {
            wrong("手机号", m);
            None
        }
    };
    let team = Some(get("队名").trim().to_owned()).filter(|t| !t.is_empty());
    if let Some(ev) = event
        && ev.team_size > 1
        && team.is_none()
    {
        wrong("队名", "团体项目须填写队名".into());
    }
    TemplateRow {
        name: name.to_owned(),
        card,
        phone,
        event,
        team,
    }
}

/// Each row on its own: every cell that is wrong is named; the rows that can be stored.
fn read_rows(
    table: &Table,
    columns: &HashMap<&'static str, usize>,
    events: &[event::Model],
    orgs: &HashMap<String, entity::organisation::Model>,
    errors: &mut Vec<RowError>,
) -> Vec<Row> {
    let mut rows = Vec::with_capacity(table.rows.len());
    for (number, cells) in &table.rows {
        let get = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| cells.get(i))
                .map_or("", |s| s.as_str())
        };
        let mut wrong = |column: &str, message: String| {
            errors.push(RowError {
                row: *number,
                column: column.to_owned(),
                message,
            });
        };
        let read = read_template_row(&get, events, &mut wrong);
        let organisation = orgs.get(get("单位").trim());
        if organisation.is_none() {
            wrong(
                "单位",
                format!(
                    "单位“{}”尚未登记，请先由管理员添加或核对名称",
                    get("单位").trim()
                ),
            );
        }
        if let (Some(card), Some(org), Some(ev)) = (read.card, organisation, read.event) {
            rows.push(Row {
                row: *number,
                name: read.name,
                card,
                phone: read.phone,
                organisation_id: org.id,
                event_id: ev.id,
                team: read.team,
            });
        }
    }
    rows
}

/// Rows against each other (the same person twice) and teams (the right size, one unit).
fn check_together(
    comp: &competition::Model,
    rows: &[Row],
    events: &[event::Model],
    errors: &mut Vec<RowError>,
) -> BTreeMap<UnitKey, Vec<usize>> {
    let mut seen: HashMap<&str, &Row> = HashMap::new();
    for row in rows {
        if let Some(first) = seen.get(row.card.number.as_str()) {
            if first.event_id == row.event_id || !comp.allow_multiple_events {
                errors.push(RowError {
                    row: row.row,
                    column: "身份证号".into(),
                    message: format!("与第 {} 行为同一人，每人限报一个项目", first.row),
                });
            }
        } else {
            seen.insert(&row.card.number, row);
        }
    }

    // 3. Teams: the right size, one organisation.
    let units = group_units(rows, events);
    for (key, members) in &units {
        let ev = events.iter().find(|e| e.id == key.0);
        let size = ev.map_or(1, |e| e.team_size) as usize;
        if size > 1 && members.len() != size {
            errors.push(RowError {
                row: rows[members[0]].row,
                column: "队名".into(),
                message: format!(
                    "队伍“{}”有 {} 人，本项目每队须 {} 人",
                    key.1.as_deref().unwrap_or(""),
                    members.len(),
                    size
                ),
            });
        }
        if members
            .iter()
            .any(|&i| rows[i].organisation_id != rows[members[0]].organisation_id)
        {
            errors.push(RowError {
                row: rows[members[0]].row,
                column: "单位".into(),
                message: "同一队伍的成员须来自同一单位".into(),
            });
        }
    }

    units
}

/// Against what is stored: a known ID under another name; a person already entered. Returns
/// the known people by ID number.
async fn check_stored(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
    rows: &[Row],
    errors: &mut Vec<RowError>,
) -> AppResult<HashMap<String, person::Model>> {
    let numbers: Vec<String> = rows.iter().map(|r| r.card.number.clone()).collect();
    let mut known: HashMap<String, person::Model> = HashMap::new();
    for chunk in numbers.chunks(500) {
        for p in person::Entity::find()
            .filter(person::Column::IdNumber.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            known.insert(p.id_number.clone(), p);
        }
    }
    let known_ids: Vec<i32> = known.values().map(|p| p.id).collect();
    let mut entered: HashMap<i32, Vec<EventId>> = HashMap::new();
    for chunk in known_ids.chunks(500) {
        let members = entrant_member::Entity::find()
            .filter(entrant_member::Column::CompetitionId.eq(comp.id))
            .filter(entrant_member::Column::PersonId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        let entrant_ids: Vec<EntrantId> = members.iter().map(|m| m.entrant_id).collect();
        let event_of: HashMap<EntrantId, EventId> = entrant::Entity::find()
            .filter(entrant::Column::Id.is_in(entrant_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e.event_id))
            .collect();
        for m in members {
            if let Some(ev) = event_of.get(&m.entrant_id) {
                entered.entry(m.person_id).or_default().push(*ev);
            }
        }
    }
    for row in rows {
        let Some(p) = known.get(&row.card.number) else {
            continue;
        };
        if p.name != row.name {
            errors.push(RowError {
                row: row.row,
                column: "姓名".into(),
                message: "该身份证号已登记的姓名与此不一致，请核对".into(),
            });
        }
        if let Some(events_entered) = entered.get(&p.id) {
            let message = if events_entered.contains(&row.event_id) {
                "此人已报名本项目"
            } else if !comp.allow_multiple_events {
                "此人已报名本赛事的其他项目，每人限报一个项目"
            } else {
                continue;
            };
            errors.push(RowError {
                row: row.row,
                column: "身份证号".into(),
                message: message.into(),
            });
        }
    }

    Ok(known)
}

/// The rows as the organiser checks them before committing (ID numbers masked).
fn preview_of(
    rows: &[Row],
    events: &[event::Model],
    orgs: &HashMap<String, entity::organisation::Model>,
) -> Vec<PreviewRow> {
    let event_name: HashMap<EventId, String> = events
        .iter()
        .map(|e| (e.id, crate::competitions::events::title(e)))
        .collect();
    let org_name: HashMap<OrganisationId, &str> =
        orgs.values().map(|o| (o.id, o.name.as_str())).collect();
    rows.iter()
        .map(|r| PreviewRow {
            row: r.row,
            name: r.name.clone(),
            sex: r.card.sex.label().to_owned(),
            id_masked: id_card::mask(&r.card.number),
            organisation: org_name
                .get(&r.organisation_id)
                .copied()
                .unwrap_or("")
                .to_owned(),
            event: event_name.get(&r.event_id).cloned().unwrap_or_default(),
            team: r.team.clone(),
        })
        .collect()
}

type UnitKey = (EventId, Option<String>);

/// Rows grouped into entrants: a team per (event, 队名) in team events, a row each otherwise.
fn group_units(rows: &[Row], events: &[event::Model]) -> BTreeMap<UnitKey, Vec<usize>> {
    let mut units: BTreeMap<UnitKey, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let team_event = events
            .iter()
            .find(|e| e.id == r.event_id)
            .is_some_and(|e| e.team_size > 1);
        let key = if team_event {
            (r.event_id, r.team.clone())
        } else {
            // Individual events: unique per row (the row number keeps them apart).
            (r.event_id, Some(format!("\u{0}{:09}", r.row)))
        };
        units.entry(key).or_default().push(i);
    }
    units
}

/// Stores every entrant in one transaction, in batches.
async fn store<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    comp: &competition::Model,
    rows: &[Row],
    units: &BTreeMap<UnitKey, Vec<usize>>,
    known: &HashMap<String, person::Model>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let at = now();
    // People not yet known.
    let new_people: Vec<person::ActiveModel> = rows
        .iter()
        .filter(|r| !known.contains_key(&r.card.number))
        .map(|r| person::ActiveModel {
            id_number: Set(r.card.number.clone()),
            name: Set(r.name.clone()),
            sex: Set(r.card.sex),
            birth_date: Set(r.card.birth_date),
            phone: Set(r.phone.clone()),
            created_at: Set(at),
            ..Default::default()
        })
        .collect();
    for batch in new_people.chunks(1000) {
        person::Entity::insert_many(batch.to_vec())
            .exec(&txn)
            .await?;
    }
    let mut person_id: HashMap<String, i32> =
        known.iter().map(|(n, p)| (n.clone(), p.id)).collect();
    let numbers: Vec<String> = rows.iter().map(|r| r.card.number.clone()).collect();
    for chunk in numbers.chunks(500) {
        for p in person::Entity::find()
            .filter(person::Column::IdNumber.is_in(chunk.to_vec()))
            .all(&txn)
            .await?
        {
            person_id.insert(p.id_number, p.id);
        }
    }
    // Entrants, numbered per event in file order.
    let mut next_no: HashMap<EventId, i32> = HashMap::new();
    let mut planned = Vec::with_capacity(units.len());
    let mut ordered: Vec<(&UnitKey, &Vec<usize>)> = units.iter().collect();
    ordered.sort_by_key(|(_, members)| rows[members[0]].row);
    let mut per_event: HashMap<EventId, i32> = HashMap::new();
    for (key, _) in &ordered {
        *per_event.entry(key.0).or_default() += 1;
    }
    for (key, members) in ordered {
        let no = match next_no.get(&key.0) {
            Some(n) => *n,
            None => reserve_entry_nos(&txn, key.0, per_event[&key.0]).await?,
        };
        next_no.insert(key.0, no + 1);
        planned.push((key.0, no, members));
    }
    let entrant_rows: Vec<entrant::ActiveModel> = planned
        .iter()
        .map(|(event_id, no, members)| {
            let first = &rows[members[0]];
            entrant::ActiveModel {
                event_id: Set(*event_id),
                entry_no: Set(*no),
                organisation_id: Set(first.organisation_id),
                team_name: Set(first.team.clone()),
                status: Set(EntrantStatus::Active),
                status_reason: Set(None),
                station: Set(None),
                blind_code: Set(None),
                created_at: Set(at),
                ..Default::default()
            }
        })
        .collect();
    for batch in entrant_rows.chunks(1000) {
        entrant::Entity::insert_many(batch.to_vec())
            .exec(&txn)
            .await?;
    }
    let event_ids: Vec<EventId> = next_no.keys().copied().collect();
    let mut entrant_id: HashMap<(EventId, i32), EntrantId> = HashMap::new();
    for e in entrant::Entity::find()
        .filter(entrant::Column::EventId.is_in(event_ids))
        .all(&txn)
        .await?
    {
        entrant_id.insert((e.event_id, e.entry_no), e.id);
    }
    let mut members_rows = Vec::with_capacity(rows.len());
    for (event_id, no, members) in &planned {
        let Some(&eid) = entrant_id.get(&(*event_id, *no)) else {
            return Err(AppError::Internal("imported entrant not found".into()));
        };
        for &i in members.iter() {
            let Some(&pid) = person_id.get(&rows[i].card.number) else {
                return Err(AppError::Internal("imported person not found".into()));
            };
            members_rows.push(entrant_member::ActiveModel {
                entrant_id: Set(eid),
                person_id: Set(pid),
                competition_id: Set(comp.id),
            });
        }
    }
    for batch in members_rows.chunks(1000) {
        entrant_member::Entity::insert_many(batch.to_vec())
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::EntrantImport,
        &format!("competition:{}", comp.id),
        serde_json::json!({"rows": rows.len(), "entrants": planned.len()}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub fn group_by_label(label: &str) -> Option<EventGroup> {
    match label.trim() {
        "职工组" | "职工" => Some(EventGroup::Staff),
        "学生组" | "学生" => Some(EventGroup::Student),
        "教师组" | "教师" => Some(EventGroup::Teacher),
        _ => None,
    }
}

/// The template organisers fill in: the headers and one example row.
pub fn template() -> AppResult<Vec<u8>> {
    write_xlsx(
        "选手名单",
        &COLUMNS,
        &[
            10.0, 6.0, 22.0, 28.0, 14.0, 8.0, 14.0, 12.0, 12.0, 14.0, 16.0,
        ],
        &[vec![
            "张三".into(),
            "男".into(),
            "11010519491231002X".into(),
            "（填写已登记的单位全称）".into(),
            "数控车工".into(),
            "职工组".into(),
            "13800000000".into(),
            String::new(),
            "1949-12-31".into(),
            "三级/高级工".into(),
            "S000000000000000".into(),
        ]],
    )
}
