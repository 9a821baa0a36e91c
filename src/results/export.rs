//! An event's results as a table (成绩表): the same rows feed the .xlsx export and the printable
//! page. Rank, entry number, name, organisation, the subtotals of each component, total,
//! award, honours and a note (未达及格线, 退赛, 取消资格). Never an ID or telephone number.

use super::lines::{self, Subtotals};
use super::publicity::display_names;
use super::versions;
use crate::error::{AppError, AppResult};
use crate::spreadsheet::defused;
use entity::kinds::EntrantStatus;
use entity::{CompetitionId, EventId};
use entity::{entrant, event, result_version, scheme_component};
use rust_xlsxwriter::{Format, FormatAlign, Workbook};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// One row of the table, as text.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ResultRow {
    pub entrant: entity::EntrantId,
    /// The award's code, if any.
    pub award_code: Option<entity::kinds::Award>,
    /// "—" for an entrant without a rank.
    pub rank: String,
    pub entry_no: i32,
    pub name: String,
    pub organisation: String,
    pub subtotals: Vec<String>,
    pub total: String,
    pub award: String,
    pub honours: String,
    pub note: String,
}

/// A version as the pages and the API show it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct VersionDoc {
    pub number: i32,
    /// Why it was computed.
    pub cause: String,
    pub computed_at: chrono::DateTime<chrono::Utc>,
    /// The hash of the event's last mark-audit entry it was computed from.
    pub audit_hash: String,
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub final_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<&result_version::Model> for VersionDoc {
    fn from(v: &result_version::Model) -> Self {
        VersionDoc {
            number: v.number,
            cause: v.cause.clone(),
            computed_at: v.computed_at,
            audit_hash: v.audit_hash.clone(),
            signed_at: v.signed_at,
            final_at: v.final_at,
        }
    }
}

/// An event's results from one version.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ResultSheet {
    pub event: entity::EventId,
    /// 数控车工（职工组）
    pub title: String,
    pub version: VersionDoc,
    /// The components' names, in scheme order: the subtotal columns.
    pub columns: Vec<String>,
    pub rows: Vec<ResultRow>,
}

/// An event's results for whoever may see the event: the latest version or version `number`.
pub async fn event_sheet(
    db: &impl ConnectionTrait,
    actor: &crate::accounts::Actor,
    event_id: EventId,
    number: Option<i32>,
) -> AppResult<ResultSheet> {
    let (ev, _comp) = crate::competitions::events::find_event(db, actor, event_id).await?;
    let version = match number {
        Some(n) => versions::numbered(db, ev.id, n).await?,
        None => versions::latest(db, ev.id)
            .await?
            .ok_or(AppError::NotFound)?,
    };
    sheet(db, &ev, version).await
}

/// The final (or else latest) results of every event of a competition, for the workbook.
pub async fn competition_sheets(
    db: &impl ConnectionTrait,
    actor: &crate::accounts::Actor,
    competition_id: CompetitionId,
) -> AppResult<(entity::competition::Model, Vec<ResultSheet>)> {
    let comp = crate::competitions::find_competition(db, actor, competition_id).await?;
    let events = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(comp.id))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let mut sheets = Vec::new();
    for ev in events {
        if let Some(version) = versions::latest(db, ev.id).await? {
            sheets.push(sheet(db, &ev, version).await?);
        }
    }
    Ok((comp, sheets))
}

/// The table of one version of an event's results.
pub async fn sheet(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    version: result_version::Model,
) -> AppResult<ResultSheet> {
    let lines = lines::of_version(db, version.id).await?;
    let names = display_names(db, &lines).await?;
    let entry_nos: HashMap<entity::EntrantId, i32> = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.entry_no))
        .collect();
    let component_names: HashMap<String, String> = scheme_component::Entity::find()
        .filter(scheme_component::Column::EventId.eq(ev.id))
        .order_by_asc(scheme_component::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect();
    let mut columns = Vec::new();
    let rows = lines
        .iter()
        .map(|l| {
            let subtotals: &Subtotals = &l.subtotals;
            if columns.is_empty() {
                columns = subtotals
                    .components
                    .iter()
                    .map(|(code, _)| component_names.get(code).cloned().unwrap_or(code.clone()))
                    .collect();
            }
            let honours = &l.honours;
            let note = match l.status {
                EntrantStatus::Withdrawn => "退赛",
                EntrantStatus::Absent => "缺赛",
                EntrantStatus::Disqualified => "取消资格",
                EntrantStatus::Active if !l.complete => "成绩不完整",
                EntrantStatus::Active if !l.passed => "未达及格线",
                EntrantStatus::Active if l.tie_unresolved => "名次并列待裁定",
                EntrantStatus::Active => "",
            };
            let (name, organisation) = names.get(&l.entrant_id).cloned().unwrap_or_default();
            ResultRow {
                entrant: l.entrant_id,
                award_code: l.award,
                rank: l.rank.map_or_else(|| "—".into(), |r| r.to_string()),
                entry_no: entry_nos.get(&l.entrant_id).copied().unwrap_or_default(),
                name,
                organisation,
                // 缺赛: there is no score to show, not a score of 0.
                subtotals: subtotals
                    .components
                    .iter()
                    .map(|(_, v)| match l.status {
                        EntrantStatus::Absent => "—".to_owned(),
                        _ => v.to_string(),
                    })
                    .collect(),
                total: match l.status {
                    EntrantStatus::Absent => "—".to_owned(),
                    _ => l.total.clone(),
                },
                award: l.award.map_or("", |a| a.label()).to_owned(),
                honours: honours.join("、"),
                note: note.to_owned(),
            }
        })
        .collect();
    Ok(ResultSheet {
        event: ev.id,
        title: crate::competitions::events::title(ev),
        version: VersionDoc::from(&version),
        columns,
        rows,
    })
}

/// A workbook with one sheet per event.
pub fn workbook(competition: &str, sheets: &[ResultSheet]) -> AppResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let title_format = Format::new().set_bold().set_font_size(14);
    let number = Format::new().set_align(FormatAlign::Right);
    for (i, s) in sheets.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\ and unique.
        let name: String = format!("{} {}", i + 1, s.title)
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        sheet.set_name(&name).map_err(fail)?;
        sheet
            .write_string_with_format(
                0,
                0,
                defused(&format!(
                    "{} {} 成绩表（第 {} 版）",
                    competition, s.title, s.version.number
                )),
                &title_format,
            )
            .map_err(fail)?;
        let mut headers: Vec<String> = ["名次", "参赛证号", "姓名", "单位"]
            .iter()
            .map(|h| (*h).to_owned())
            .collect();
        headers.extend(s.columns.iter().cloned());
        headers.extend(["总成绩", "奖项", "荣誉", "备注"].map(String::from));
        for (c, h) in headers.iter().enumerate() {
            sheet
                .write_string_with_format(2, c as u16, h, &bold)
                .map_err(fail)?;
        }
        let widths = [6.0, 10.0, 16.0, 30.0];
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, *w).map_err(fail)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 3;
            let mut cells: Vec<String> = vec![
                row.rank.clone(),
                row.entry_no.to_string(),
                row.name.clone(),
                row.organisation.clone(),
            ];
            cells.extend(row.subtotals.iter().cloned());
            cells.extend([
                row.total.clone(),
                row.award.clone(),
                row.honours.clone(),
                row.note.clone(),
            ]);
            let numeric_from = 4;
            let numeric_to = 4 + row.subtotals.len();
            for (c, value) in cells.iter().enumerate() {
                // Marks stay text so that 87.90 keeps its places, right-aligned like numbers.
                if (numeric_from..=numeric_to).contains(&c) {
                    sheet
                        .write_string_with_format(r, c as u16, defused(value), &number)
                        .map_err(fail)?;
                } else {
                    sheet
                        .write_string(r, c as u16, defused(value))
                        .map_err(fail)?;
                }
            }
        }
        sheet.set_freeze_panes(3, 0).map_err(fail)?;
    }
    if sheets.is_empty() {
        workbook
            .add_worksheet()
            .write_string(0, 0, "暂无成绩")
            .map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}
