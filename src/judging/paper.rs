//! Paper backup for the day the Wi-Fi fails: a sign-in sheet (签到表) and blank score sheets
//! (评分表), one per judge, by blind code and aspect, as .xlsx files ready to print.

use crate::accounts::Actor;
use crate::competitions::events::find_managed_event;
use crate::error::AppResult;
use crate::spreadsheet::write_xlsx;
use entity::EventId;
use entity::kinds::EntrantStatus;
use rust_xlsxwriter::{Format, FormatBorder, Workbook};

/// 签到表: station, entry number, name, organisation, a box to sign. It shows names, so it is
/// for the registration desk, not the judges.
pub async fn sign_in_sheet(
    db: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<(String, Vec<u8>)> {
    let (ev, _comp) = find_managed_event(db, actor, event_id).await?;
    let mut entrants = crate::entrants::entrant_views(db, ev.id).await?;
    entrants.sort_by_key(|e| (e.entrant.station.unwrap_or(i32::MAX), e.entrant.entry_no));
    let rows: Vec<Vec<String>> = entrants
        .iter()
        .filter(|e| e.entrant.status == EntrantStatus::Active)
        .map(|e| {
            vec![
                e.entrant.station.map(|s| s.to_string()).unwrap_or_default(),
                e.entrant.entry_no.to_string(),
                e.members
                    .iter()
                    .map(|m| m.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                e.organisation.clone(),
                e.members
                    .iter()
                    .map(|m| m.id_masked.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    let bytes = write_xlsx(
        "签到表",
        &[
            "工位号",
            "参赛证号",
            "姓名",
            "单位",
            "身份证号",
            "签到时间",
            "本人签名",
        ],
        &[8.0, 10.0, 12.0, 30.0, 22.0, 12.0, 16.0],
        &rows,
    )?;
    Ok((format!("{}-签到表.xlsx", ev.trade), bytes))
}

/// Printed in a sheet's title before the judge's id, so that a filled sheet typed back in is
/// checked against the judge it is entered for.
pub const JUDGE_NUMBER: &str = "裁判编号：";

/// A judge's worksheet in the score sheets' workbook (Excel allows 31 characters).
pub fn sheet_name(judge: &entity::judge::Model, name: &str) -> String {
    format!("{}-{} {}", judge.panel, judge.id, name)
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

/// 评分表: one sheet per judge, rows by blind code, a column per aspect of the judge's panel,
/// blank for handwriting; entrants the judge recuses from are left off.
pub async fn score_sheets<C: sea_orm::ConnectionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<(String, Vec<u8>)> {
    let (ev, _comp) = find_managed_event(db, actor, event_id).await?;
    let doc = super::scheme::load_doc(db, &ev).await?;
    let judges = super::judges::judge_views(db, ev.id).await?;
    let fail = |e: rust_xlsxwriter::XlsxError| crate::AppError::Internal(format!("xlsx: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin);
    for j in &judges {
        let aspects: Vec<_> = doc
            .components
            .iter()
            .flat_map(|c| c.modules.iter())
            .flat_map(|m| m.aspects.iter())
            .filter(|a| a.panel == j.judge.panel)
            .collect();
        if aspects.is_empty() {
            continue;
        }
        let entrants = super::judges::markable_entrants(db, &j.judge).await?;
        let sheet = workbook.add_worksheet();
        sheet
            .set_name(sheet_name(&j.judge, &j.name))
            .map_err(fail)?;
        sheet
            .write_string(
                0,
                0,
                crate::spreadsheet::defused(&format!(
                    "{}（{}）评分表　裁判：{}　裁判组：{}　{}{}",
                    ev.trade,
                    ev.group.label(),
                    j.name,
                    j.judge.panel,
                    JUDGE_NUMBER,
                    j.judge.id
                )),
            )
            .map_err(fail)?;
        sheet
            .write_string_with_format(1, 0, "加密号", &bold)
            .map_err(fail)?;
        sheet.set_column_width(0, 10).map_err(fail)?;
        for (i, a) in aspects.iter().enumerate() {
            let header = format!(
                "{} {}\n（{}，满分 {}）",
                a.code,
                a.name,
                a.kind.label(),
                a.max
            );
            sheet
                .write_string_with_format(1, i as u16 + 1, header, &bold)
                .map_err(fail)?;
            sheet.set_column_width(i as u16 + 1, 16).map_err(fail)?;
        }
        sheet.set_row_height(1, 48).map_err(fail)?;
        for (r, e) in entrants.iter().enumerate() {
            let row = r as u32 + 2;
            sheet
                .write_string_with_format(
                    row,
                    0,
                    e.blind_code.clone().unwrap_or_else(|| "（未抽签）".into()),
                    &cell,
                )
                .map_err(fail)?;
            for i in 0..aspects.len() {
                sheet.write_blank(row, i as u16 + 1, &cell).map_err(fail)?;
            }
        }
        let last = entrants.len() as u32 + 3;
        sheet.write_string(last, 0, "裁判签名：").map_err(fail)?;
        sheet.write_string(last, 3, "日期：").map_err(fail)?;
    }
    if workbook.worksheets().is_empty() {
        let sheet = workbook.add_worksheet();
        sheet
            .write_string(0, 0, "本项目尚无裁判或评分方案")
            .map_err(fail)?;
    }
    let bytes = workbook.save_to_buffer().map_err(fail)?;
    Ok((format!("{}-评分表.xlsx", ev.trade), bytes))
}
