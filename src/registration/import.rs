//! A unit's list from the import template (the organisers' template, with 职业资格等级 and
//! 证书编号 filled): checked as a whole, previewed, then stored all or nothing as drafts of the
//! unit's list. Every wrong cell is named by row and column, a broken eligibility rule too.

use super::facts::{Person, Place, Proposed, Setting, person_places, refusals, unit_places};
use super::{ensure_person, lock, open_unit};
use crate::accounts::Actor;
use crate::audit;
use crate::entrants::id_card::{self, IdCard};
use crate::entrants::import::{COLUMNS, ImportReport, PreviewRow, read_template_row};
use crate::error::AppResult;
use crate::spreadsheet::{RowError, Table, header_positions};
use crate::time::now;
use entity::kinds::{AuditAction, RegistrationState};
use entity::{
    CompetitionId, EventId, RegistrationEntryId, person, registration_entry, registration_member,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap};

const REQUIRED: [&str; 6] = ["姓名", "性别", "身份证号", "单位", "项目", "组别"];

/// `3`, `三级`, `三级/高级工`, `高级工`: the skill level a cell names.
pub fn level_of(text: &str) -> Option<i32> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i32>() {
        return (1..=5).contains(&n).then_some(n);
    }
    let by_number = [
        ("一级", 1),
        ("二级", 2),
        ("三级", 3),
        ("四级", 4),
        ("五级", 5),
    ];
    if let Some((_, n)) = by_number.iter().find(|(k, _)| t.starts_with(k)) {
        return Some(*n);
    }
    // The longer names first: 高级技师 before 技师, 高级工 before 初级工.
    let by_name = [
        ("高级技师", 1),
        ("技师", 2),
        ("高级工", 3),
        ("中级工", 4),
        ("初级工", 5),
    ];
    by_name.iter().find(|(k, _)| t == *k).map(|(_, n)| *n)
}

struct Row {
    row: usize,
    name: String,
    card: IdCard,
    phone: Option<String>,
    event: EventId,
    team: Option<String>,
    level: Option<i32>,
    number: Option<String>,
}

/// Reads, checks and (with `commit`, when nothing is wrong) stores a unit's file.
pub async fn import<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    table: &Table,
    commit: bool,
) -> AppResult<ImportReport> {
    let (comp, unit) = open_unit(
        db,
        actor,
        competition_id,
        (
            "file",
            "组织者请在赛事页导入选手名单；此处由单位领队导入本单位名单",
        ),
    )
    .await?;
    let mut report = ImportReport {
        rows: table.rows.len(),
        entrants: 0,
        committed: false,
        errors: Vec::new(),
        preview: Vec::new(),
    };
    let columns = match header_positions(table, &COLUMNS, &REQUIRED) {
        Ok(c) => c,
        Err(missing) => {
            report.errors = missing;
            return Ok(report);
        }
    };
    let setting = Setting::load(db, comp.id).await?;
    let mut rows = Vec::new();
    for (number, cells) in &table.rows {
        let get = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| cells.get(i))
                .map_or("", |s| s.trim())
        };
        let mut wrong = |column: &str, message: String| {
            report.errors.push(RowError {
                row: *number,
                column: column.to_owned(),
                message,
            })
        };
        let read = read_template_row(&get, setting.events.values(), &mut wrong);
        if get("单位") != unit.name {
            wrong(
                "单位",
                format!(
                    "只能导入本单位（{}）的选手，此行为“{}”",
                    unit.name,
                    get("单位")
                ),
            );
        }
        let level = match get("职业资格等级") {
            "" => None,
            t => {
                let l = level_of(t);
                if l.is_none() {
                    wrong(
                        "职业资格等级",
                        "职业资格等级应为一级至五级（如“三级/高级工”）".into(),
                    );
                }
                l
            }
        };
        let cert = Some(get("证书编号").to_owned()).filter(|n| !n.is_empty());
        if cert.as_ref().is_some_and(|n| n.chars().count() > 50) {
            wrong("证书编号", "证书编号不超过 50 字".into());
        }
        if let (Some(card), Some(ev)) = (read.card, read.event) {
            rows.push(Row {
                row: *number,
                name: read.name,
                card,
                phone: read.phone,
                event: ev.id,
                team: read.team,
                level,
                number: cert,
            });
        }
    }
    // The same person twice in the file.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        if let Some(first) = seen.get(r.card.number.as_str()) {
            report.errors.push(RowError {
                row: r.row,
                column: "身份证号".into(),
                message: format!("与第 {first} 行为同一人"),
            });
        } else {
            seen.insert(&r.card.number, r.row);
        }
    }
    // Entries: a team per (event, 队名) in team events, a row each otherwise.
    let mut entries: BTreeMap<(EventId, String), Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let team_event = setting
            .events
            .get(&r.event)
            .is_some_and(|e| e.team_size > 1);
        let key = match (&r.team, team_event) {
            (Some(t), true) => t.clone(),
            _ => format!("\u{0}{:09}", r.row),
        };
        entries.entry((r.event, key)).or_default().push(i);
    }
    for ((event, _), members) in &entries {
        let size = setting.events.get(event).map_or(1, |e| e.team_size) as usize;
        if members.len() != size {
            report.errors.push(RowError {
                row: rows[members[0]].row,
                column: "队名".into(),
                message: format!("该队有 {} 人，本项目每队须 {size} 人", members.len()),
            });
        }
    }
    report.entrants = entries.len();
    report.preview = rows
        .iter()
        .map(|r| PreviewRow {
            row: r.row,
            name: r.name.clone(),
            sex: r.card.sex.label().to_owned(),
            id_masked: id_card::mask(&r.card.number),
            organisation: unit.name.clone(),
            event: setting.title(r.event),
            team: r.team.clone(),
        })
        .collect();

    // Against what is stored and the rules: for a preview in a read transaction, which waits
    // for no writer; for the commit in the write transaction that stores it.
    let txn = if commit {
        let txn = crate::db::begin_write(db).await?;
        lock(&txn, comp.id).await?;
        txn
    } else {
        db.begin().await?
    };
    let numbers: Vec<String> = rows.iter().map(|r| r.card.number.clone()).collect();
    let mut known: HashMap<String, person::Model> = HashMap::new();
    for chunk in numbers.chunks(500) {
        for p in person::Entity::find()
            .filter(person::Column::IdNumber.is_in(chunk.to_vec()))
            .all(&txn)
            .await?
        {
            known.insert(p.id_number.clone(), p);
        }
    }
    for r in &rows {
        if known.get(&r.card.number).is_some_and(|p| p.name != r.name) {
            report.errors.push(RowError {
                row: r.row,
                column: "姓名".into(),
                message: "该身份证号已登记的姓名与此不一致，请核对".into(),
            });
        }
    }
    // People not yet stored take a stand-in id (negative, one per row); the file's own
    // entries are places too, so the quota and one-event rules count them.
    let person_id = |r: &Row| known.get(&r.card.number).map_or(-(r.row as i32), |p| p.id);
    let ids: Vec<i32> = known.values().map(|p| p.id).collect();
    let mut places = person_places(&txn, comp.id, &ids).await?;
    let mut units = unit_places(&txn, &setting, unit.id).await?;
    for (n, ((event, _), members)) in entries.iter().enumerate() {
        let place = Place::Entry(RegistrationEntryId(-(n as i32) - 1));
        units.entry(*event).or_default().push(place);
        for &i in members {
            places
                .entry(person_id(&rows[i]))
                .or_default()
                .push((place, *event));
        }
    }
    for (n, ((event, _), members)) in entries.iter().enumerate() {
        let people: Vec<Person> = members
            .iter()
            .map(|&i| Person {
                id: person_id(&rows[i]),
                name: rows[i].name.clone(),
                birth_date: rows[i].card.birth_date,
                qualification_level: rows[i].level,
                qualification_no: rows[i].number.clone(),
            })
            .collect();
        for r in refusals(
            &setting,
            &places,
            &units,
            &Proposed {
                comp: &comp,
                event: *event,
                unit_kind: unit.kind,
                declared_group: setting.events[event].group,
                people: &people,
                itself: Some(Place::Entry(RegistrationEntryId(-(n as i32) - 1))),
            },
        ) {
            let row = rows[members[r.member.unwrap_or(0)]].row;
            report.errors.push(RowError {
                row,
                column: r.rule.column().into(),
                message: r.text(),
            });
        }
    }
    report
        .errors
        .sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
    if !commit || !report.errors.is_empty() || rows.is_empty() {
        return Ok(report);
    }
    let at = now();
    for ((event, _), members) in &entries {
        let first = &rows[members[0]];
        let entry = registration_entry::ActiveModel {
            competition_id: Set(comp.id),
            event_id: Set(*event),
            organisation_id: Set(unit.id),
            team_name: Set(first.team.clone()),
            declared_group: Set(setting.events[event].group),
            state: Set(RegistrationState::Draft),
            return_reason: Set(None),
            exception_reason: Set(None),
            entrant_id: Set(None),
            submitted_at: Set(None),
            created_by: Set(actor.user_id),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut stored = Vec::with_capacity(members.len());
        for (position, &i) in members.iter().enumerate() {
            let r = &rows[i];
            let p = ensure_person(&txn, &r.card, &r.name, r.phone.as_deref(), "file").await?;
            stored.push(registration_member::ActiveModel {
                entry_id: Set(entry.id),
                competition_id: Set(comp.id),
                person_id: Set(p.id),
                position: Set(position as i32),
                qualification_level: Set(r.level),
                qualification_no: Set(r.number.clone()),
                ..Default::default()
            });
        }
        registration_member::Entity::insert_many(stored)
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RegistrationChange,
        &format!("competition:{}", comp.id),
        serde_json::json!({"organisation": unit.id, "imported_rows": rows.len(), "entries": entries.len()}),
    )
    .await?;
    txn.commit().await?;
    report.committed = true;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::level_of;

    #[test]
    fn levels_read_as_people_write_them() {
        assert_eq!(level_of("3"), Some(3));
        assert_eq!(level_of("三级/高级工"), Some(3));
        assert_eq!(level_of("高级技师"), Some(1));
        assert_eq!(level_of("技师"), Some(2));
        assert_eq!(level_of("六级"), None);
        assert_eq!(level_of("0"), None);
    }
}
