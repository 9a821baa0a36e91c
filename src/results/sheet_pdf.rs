//! The 成绩表 as PDF, from the same rows as the printable page and the workbook, set by the same
//! typesetting code as the certificates: the table's header repeated on every page, "第 x 页 共
//! y 页" at the foot, the award column, and the signature lines after the last row.

use super::export::ResultSheet;
use crate::typeset::{Align, Doc, Page, Text};

const ROWS_PER_PAGE: usize = 22;
const LEFT: f32 = 12.0;
const RIGHT: f32 = 285.0;

/// The fixed columns and their widths (mm); 单位 takes what the others leave.
fn columns() -> Vec<(String, f32, Align)> {
    let mut cols = vec![
        ("名次".to_string(), 14.0, Align::Centre),
        ("参赛证号".to_string(), 18.0, Align::Centre),
        ("姓名".to_string(), 34.0, Align::Left),
        ("单位".to_string(), 0.0, Align::Left),
    ];
    cols.push(("总成绩".to_string(), 20.0, Align::Right));
    cols.push(("奖项".to_string(), 20.0, Align::Centre));
    cols.push(("备注".to_string(), 28.0, Align::Left));
    cols
}

/// An event's results as a document of landscape pages.
pub fn sheet_doc(competition: &str, sheet: &ResultSheet, date: chrono::NaiveDate) -> Doc {
    let sub_width = 18.0_f32;
    let mut cols = columns();
    let fixed: f32 = cols.iter().map(|c| c.1).sum::<f32>() + sub_width * sheet.columns.len() as f32;
    cols[3].1 = (RIGHT - LEFT - fixed).max(30.0);
    // Subtotal columns go between 单位 and 总成绩.
    for (i, name) in sheet.columns.iter().enumerate() {
        cols.insert(4 + i, (name.clone(), sub_width, Align::Right));
    }
    let chunks: Vec<_> = if sheet.rows.is_empty() {
        vec![&sheet.rows[..]]
    } else {
        sheet.rows.chunks(ROWS_PER_PAGE).collect()
    };
    let total_pages = chunks.len();
    let mut pages = Vec::new();
    for (p, rows) in chunks.into_iter().enumerate() {
        let mut page = Page::a4(true);
        page.text(
            Text::new(
                148.5,
                16.0,
                16.0,
                Align::Centre,
                format!("{competition} 成绩表"),
            )
            .fit(260.0),
        );
        page.text(Text::new(
            148.5,
            24.0,
            11.0,
            Align::Centre,
            format!("{}　第 {} 版", sheet.title, sheet.version.number),
        ));
        let header_y = 34.0;
        let mut x = LEFT;
        for (name, w, align) in &cols {
            let at = match align {
                Align::Left => x + 1.0,
                Align::Centre => x + w / 2.0,
                Align::Right => x + w - 1.0,
            };
            page.text(Text::new(at, header_y, 9.5, *align, name).fit(w - 2.0));
            x += w;
        }
        page.line((LEFT, header_y - 5.5), (RIGHT, header_y - 5.5), 0.8);
        page.line((LEFT, header_y + 2.0), (RIGHT, header_y + 2.0), 0.5);
        let mut y = header_y + 9.0;
        for row in rows {
            let mut cells = vec![
                row.rank.clone(),
                row.entry_no.to_string(),
                row.name.clone(),
                row.organisation.clone(),
            ];
            cells.extend(row.subtotals.iter().cloned());
            cells.push(row.total.clone());
            cells.push(row.award.clone());
            cells.push(row.note.clone());
            let mut x = LEFT;
            for ((_, w, align), cell) in cols.iter().zip(cells) {
                let at = match align {
                    Align::Left => x + 1.0,
                    Align::Centre => x + w / 2.0,
                    Align::Right => x + w - 1.0,
                };
                page.text(Text::new(at, y, 9.5, *align, cell).fit(w - 2.0));
                x += w;
            }
            page.line((LEFT, y + 2.4), (RIGHT, y + 2.4), 0.2);
            y += 6.6;
        }
        if p + 1 == total_pages {
            let sign_y = (y + 12.0).min(190.0);
            for (x, label) in [
                (LEFT, "裁判长（签字）："),
                (105.0, "监督员（签字）："),
                (200.0, "日期："),
            ] {
                page.text(Text::new(x, sign_y, 10.5, Align::Left, label));
                page.line((x + 30.0, sign_y + 1.0), (x + 78.0, sign_y + 1.0), 0.4);
            }
        }
        page.text(Text::new(
            148.5,
            203.0,
            9.0,
            Align::Centre,
            format!("第 {} 页 共 {} 页", p + 1, total_pages),
        ));
        pages.push(page);
    }
    Doc {
        title: format!("{competition} {} 成绩表", sheet.title),
        date,
        key: format!("results-{}-{}", sheet.event, sheet.version.number),
        pages,
        images: Vec::new(),
    }
}
