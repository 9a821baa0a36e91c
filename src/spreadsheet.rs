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
    let table = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    refuse_control_characters(&table)?;
    Ok(table)
}

/// The edge rule for text ([`crate::limits::plain_text`]) for every cell, named by its row and
/// column as the spreadsheet shows them.
fn refuse_control_characters(table: &Table) -> AppResult<()> {
    let header = std::iter::once((1, &table.headers));
    for (row, cells) in header.chain(table.rows.iter().map(|(n, cells)| (*n, cells))) {
        for (col, text) in cells.iter().enumerate() {
            if text.chars().any(crate::limits::is_forbidden_control) {
                return Err(AppError::invalid(
                    "file",
                    format!(
                        "第 {row} 行 {} 列含有不可见的控制字符，请删除后重新导入",
                        column_letters(col)
                    ),
                ));
            }
        }
    }
    Ok(())
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

/// The largest import: rows below the header. A city contest has a few thousand entrants and
/// judges; achievements for a whole city are a few thousand a year. Five times the largest real
/// file, and small enough that its text fits comfortably in memory.
pub const MAX_ROWS: usize = 20_000;
/// The widest import template has about twenty columns; sixty leaves room for notes.
pub const MAX_COLUMNS: usize = 60;
/// What an .xlsx may unpack to, all its parts together: a 20,000 × 60 sheet of real text
/// unpacks to about 30 MB.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Parts in one .xlsx package: a real workbook has a dozen or two.
const MAX_PARTS: usize = 1_000;

fn too_large(what: String) -> AppError {
    AppError::invalid(
        "file",
        format!(
            "文件超出导入上限（最多 {MAX_ROWS} 行数据、{MAX_COLUMNS} 列，解压后不超过 64 MB）：{what}。请删去多余的行列或分成几个文件导入"
        ),
    )
}

/// Unpacks every part of the package into nothing, counting what it really unpacks to, before
/// calamine reads a byte: the sizes a zip declares can lie, and a deflate bomb of a few hundred
/// kilobytes unpacks to gigabytes. Reading stops as soon as the limit is passed.
fn check_package(bytes: &[u8]) -> AppResult<()> {
    let unreadable = || AppError::invalid("file", "无法读取该 Excel 文件，请确认是 .xlsx 格式");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    if archive.len() > MAX_PARTS {
        return Err(too_large(format!("包含 {} 个部件", archive.len())));
    }
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(|_| unreadable())?;
        let left = MAX_UNPACKED_BYTES - unpacked;
        let read = std::io::copy(
            &mut std::io::Read::take(part, left + 1),
            &mut std::io::sink(),
        )
        .map_err(|_| unreadable())?;
        unpacked += read;
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(too_large("解压后超过 64 MB".to_owned()));
        }
    }
    Ok(())
}

/// The column letters Excel shows for a 0-based column index (0 → A, 26 → AA).
pub fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Reads the sheet of a workbook with this name, or its first sheet when none has it (the
/// filled score sheet of one judge, from the workbook of all judges' sheets or on its own),
/// with the same limits and control-character rule as [`read_table`]. The first row that holds
/// anything is the table's header.
pub fn read_named_sheet(bytes: &[u8], name: &str) -> AppResult<Table> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(AppError::invalid("file", "请上传 .xlsx 格式的 Excel 文件"));
    }
    let table = read_xlsx_sheet(bytes, Some(name))?;
    refuse_control_characters(&table)?;
    Ok(table)
}

fn read_xlsx(bytes: &[u8]) -> AppResult<Table> {
    read_xlsx_sheet(bytes, None)
}

/// Reads one sheet cell by cell. The sheet's declared dimension is never used to size
/// anything (one cell at XFD1048576 declares 17 billion cells); only cells that hold a value
/// count, and the first one beyond the limits stops the reading.
fn read_xlsx_sheet(bytes: &[u8], wanted: Option<&str>) -> AppResult<Table> {
    check_package(bytes)?;
    let unreadable = |_| AppError::invalid("file", "无法读取该 Excel 文件，请确认是 .xlsx 格式");
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let names = workbook.sheet_names();
    let first = wanted
        .and_then(|w| names.iter().find(|n| n.as_str() == w))
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| AppError::invalid("file", "Excel 文件中没有工作表"))?;
    let mut reader = workbook
        .worksheet_cells_reader(&first)
        .map_err(|_| AppError::invalid("file", "无法读取 Excel 文件的第一个工作表"))?;
    // Row (0-based) → its cells by column; rows of a sheet come in order, but nothing relies on it.
    let mut cells: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    let mut width = 0;
    loop {
        let cell = reader
            .next_cell()
            .map_err(|_| AppError::invalid("file", "无法读取 Excel 文件的第一个工作表"))?;
        let Some(cell) = cell else { break };
        let (row, col) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let (row_no, col_no) = (row as usize, col as usize);
        if col_no >= MAX_COLUMNS {
            return Err(too_large(format!(
                "第 {} 行 {} 列有内容，超过 {MAX_COLUMNS} 列",
                row_no + 1,
                column_letters(col_no)
            )));
        }
        let first_row = cells.keys().next().copied().unwrap_or(row).min(row) as usize;
        if row_no > first_row + MAX_ROWS {
            return Err(too_large(format!(
                "第 {} 行有内容，超过表头下 {MAX_ROWS} 行",
                row_no + 1
            )));
        }
        let line = cells.entry(row).or_default();
        if line.len() <= col_no {
            line.resize(col_no + 1, String::new());
        }
        line[col_no] = text;
        width = width.max(col_no + 1);
    }
    let mut rows = cells.into_iter().map(|(row, mut line)| {
        line.resize(width, String::new());
        (row as usize + 1, line)
    });
    let (_, headers) = rows
        .next()
        .ok_or_else(|| AppError::invalid("file", "文件是空的"))?;
    Ok(Table {
        headers,
        rows: rows.collect(),
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
        let line = &line[..used_width(line)];
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(line.as_bytes());
        match reader.records().next() {
            Some(record) => Ok(record?.iter().map(|c| c.trim().to_owned()).collect()),
            None => Ok(Vec::new()),
        }
    };
    let header_line = lines.next();
    if let Some((_, line)) = header_line
        && used_fields(line) > MAX_COLUMNS
    {
        return Err(too_large(format!(
            "第 1 行 {} 列有内容，超过 {MAX_COLUMNS} 列",
            column_letters(used_fields(line) - 1)
        )));
    }
    let headers = header_line
        .and_then(|(_, line)| parse(line).ok())
        .filter(|h| h.iter().any(|c| !c.is_empty()))
        .ok_or_else(|| AppError::invalid("file", "无法读取 CSV 表头"))?;
    let mut rows = Vec::new();
    for (i, line) in lines {
        let row = i + 1;
        if used_fields(line) > MAX_COLUMNS {
            return Err(too_large(format!(
                "第 {row} 行 {} 列有内容，超过 {MAX_COLUMNS} 列",
                column_letters(used_fields(line) - 1)
            )));
        }
        if i > MAX_ROWS && !line.trim().trim_matches(',').trim().is_empty() {
            return Err(too_large(format!(
                "第 {row} 行有内容，超过表头下 {MAX_ROWS} 行"
            )));
        }
        let cells = parse(line)
            .map_err(|_| AppError::invalid("file", format!("CSV 第 {row} 行格式错误")))?;
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((row, cells));
        }
    }
    Ok(Table { headers, rows })
}

/// The fields of a CSV line up to its last one with content, and the byte where that field
/// ends: a line of sixteen million commas is cut before the CSV reader makes a field of each.
fn scan_fields(line: &str) -> (usize, usize) {
    let (mut field, mut quoted) = (0, false);
    let (mut used, mut end) = (0, 0);
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => field += 1,
            c if c.is_whitespace() => continue,
            _ => {}
        }
        if c != ',' || quoted {
            used = field + 1;
            end = i + c.len_utf8();
        }
    }
    (used, end)
}

/// How many fields of a CSV line count: up to the last with content.
fn used_fields(line: &str) -> usize {
    scan_fields(line).0
}

/// The length of a CSV line without its empty trailing fields.
fn used_width(line: &str) -> usize {
    scan_fields(line).1
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

/// Text as it may go into an exported cell. A value that begins like a formula (= + - @, or a
/// tab or carriage return that some programs drop before one) gets a leading apostrophe, as
/// OWASP advises for CSV injection: the cell is a string already, but an organiser who saves
/// the sheet as CSV and opens it again would otherwise run `=HYPERLINK(…)` typed as a name.
/// A plain number ("-1.5") is not a formula and is left alone.
pub fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    );
    if risky && text.parse::<rust_decimal::Decimal>().is_err() {
        format!("'{text}").into()
    } else {
        text.into()
    }
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
            .write_string_with_format(0, col as u16, defused(header), &bold)
            .map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet
                .write_string(r as u32 + 1, c as u16, defused(value))
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
