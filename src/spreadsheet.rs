//! Reading organisers' spreadsheets (.xlsx, or .csv in UTF-8 or GBK as Excel saves it on
//! Chinese Windows) into rows of text with their row numbers, and writing .xlsx files.

use crate::error::{AppError, AppResult};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use rust_xlsxwriter::{Format, Workbook};
use std::collections::HashMap;
use std::io::Cursor;

/// A sheet as text: the header row, then each data row with its row number as the
/// spreadsheet shows it (the header is row 1).
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// The position of a column by its header, ignoring spaces and a trailing "*" (required).
    pub fn column(&self, header: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.trim().trim_end_matches('*').trim() == header)
    }
}

/// One wrong cell: the row as the spreadsheet numbers it, the column's header, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub message: String,
}

/// Where each known column is, by header; the required ones that are missing, as errors on row 1.
pub fn header_positions(
    table: &Table,
    columns: &[&'static str],
    required: &[&str],
) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let mut positions = HashMap::new();
    let mut missing = Vec::new();
    for &column in columns {
        match table.column(column) {
            Some(i) => {
                positions.insert(column, i);
            }
            None if required.contains(&column) => missing.push(RowError {
                row: 1,
                column: column.to_owned(),
                message: format!("缺少“{column}”列，请使用导入模板"),
            }),
            None => {}
        }
    }
    if missing.is_empty() {
        Ok(positions)
    } else {
        Err(missing)
    }
}

/// Reads the first sheet of an .xlsx file, or a CSV file.
pub fn read_table(bytes: &[u8]) -> AppResult<Table> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        read_csv(bytes)
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        // Whole numbers (phone numbers typed as numbers) without a trailing ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
    }
}

fn read_xlsx(bytes: &[u8]) -> AppResult<Table> {
    let unreadable = |_| AppError::invalid("file", "无法读取该 Excel 文件，请确认是 .xlsx 格式");
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| AppError::invalid("file", "Excel 文件中没有工作表"))?
        .map_err(|_| AppError::invalid("file", "无法读取 Excel 文件的第一个工作表"))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let pad = first_col as usize;
    let mut rows = range.rows().enumerate().map(|(i, row)| {
        let mut cells = vec![String::new(); pad];
        cells.extend(row.iter().map(cell_text));
        (first_row as usize + i + 1, cells)
    });
    let (_, headers) = rows
        .next()
        .ok_or_else(|| AppError::invalid("file", "文件是空的"))?;
    Ok(Table {
        headers,
        rows: rows
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
            .collect(),
    })
}

fn read_csv(bytes: &[u8]) -> AppResult<Table> {
    // Excel on Chinese Windows saves CSV as GBK; anything that is not UTF-8 is read as GBK.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(AppError::invalid(
                    "file",
                    "无法识别文件编码，请另存为 UTF-8 或 .xlsx 后再导入",
                ));
            }
            decoded.into_owned()
        }
    };
    // Rows as Excel numbers them when it opens the file: one per line, a line break inside
    // quotes staying in its cell, blank lines counted; CRLF or LF. (The csv reader's own line
    // positions drift on CRLF files, so an organiser would look one row off.)
    let mut lines = excel_rows(text.trim_start_matches('\u{feff}'))
        .into_iter()
        .enumerate();
    let parse = |line: &str| -> Result<Vec<String>, csv::Error> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(line.as_bytes());
        match reader.records().next() {
            Some(record) => Ok(record?.iter().map(|c| c.trim().to_owned()).collect()),
            None => Ok(Vec::new()),
        }
    };
    let headers = lines
        .next()
        .and_then(|(_, line)| parse(line).ok())
        .filter(|h| h.iter().any(|c| !c.is_empty()))
        .ok_or_else(|| AppError::invalid("file", "无法读取 CSV 表头"))?;
    let mut rows = Vec::new();
    for (i, line) in lines {
        let row = i + 1;
        let cells = parse(line)
            .map_err(|_| AppError::invalid("file", format!("CSV 第 {row} 行格式错误")))?;
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((row, cells));
        }
    }
    Ok(Table { headers, rows })
}

/// The text of each row of a CSV file: split at line breaks outside quotes (`""` inside a
/// quoted cell is a quote, which toggles twice and changes nothing).
fn excel_rows(text: &str) -> Vec<&str> {
    let mut rows = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => {
                rows.push(text[start..i].trim_end_matches('\r'));
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < text.len() {
        rows.push(text[start..].trim_end_matches('\r'));
    }
    rows
}

/// An .xlsx file with one sheet: a bold header row, then the rows as text.
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[&str],
    widths: &[f64],
    rows: &[Vec<String>],
) -> AppResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).map_err(fail)?;
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width).map_err(fail)?;
    }
    for (col, header) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *header, &bold)
            .map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet
                .write_string(r as u32 + 1, c as u16, value)
                .map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_numbers_its_rows_as_the_spreadsheet_does() {
        let rows = vec![
            vec!["张三".to_owned(), "1".to_owned()],
            vec!["李四".to_owned(), "2".to_owned()],
        ];
        let xlsx =
            read_table(&write_xlsx("s", &["姓名", "号"], &[10.0, 10.0], &rows).unwrap()).unwrap();
        let lf = read_table("姓名,号\n张三,1\n李四,2\n".as_bytes()).unwrap();
        // As Excel saves “CSV UTF-8”: a BOM and CRLF.
        let crlf = read_table("\u{feff}姓名,号\r\n张三,1\r\n李四,2\r\n".as_bytes()).unwrap();
        for t in [&lf, &crlf] {
            assert_eq!(t.headers, xlsx.headers);
            assert_eq!(t.rows, xlsx.rows);
        }
        // A blank row counts, a line break inside quotes does not.
        let t = read_table("姓名,号\r\n张三,1\r\n\r\n\"李\n四\",\"2\"\"\"\r\n王五,3".as_bytes())
            .unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [2, 4, 5]);
        assert_eq!(t.rows[1].1, ["李\n四", "2\""]);
    }

    #[test]
    fn reads_back_what_it_writes() {
        let bytes = write_xlsx(
            "选手",
            &["姓名", "手机号"],
            &[10.0, 14.0],
            &[vec!["张三".into(), "13800000000".into()]],
        )
        .unwrap();
        let table = read_table(&bytes).unwrap();
        assert_eq!(table.headers, ["姓名", "手机号"]);
        assert_eq!(
            table.rows,
            [(2, vec!["张三".to_owned(), "13800000000".to_owned()])]
        );
    }

    #[test]
    fn reads_csv_in_utf8_with_bom_and_in_gbk() {
        // Excel writes an empty row as commas.
        let utf8 = "\u{feff}姓名,性别\n张三,男\n,\n李四,女\n";
        let t = read_table(utf8.as_bytes()).unwrap();
        assert_eq!(t.column("姓名"), Some(0));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].0, 4, "row numbers count the empty row");
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,性别\n王五,男\n");
        let t = read_table(&gbk).unwrap();
        assert_eq!(t.rows[0].1[0], "王五");
    }
}
