//! How long free text may be. Each limit is the one the OpenAPI document declares beside its
//! field (`#[schema(max_length = …)]`), so a script that checks against the document is never
//! refused for a length it was told was fine, and a database column never gets what it cannot
//! hold.

use crate::error::{AppError, AppResult};

/// Reasons, notes, evidence and other running text.
pub const TEXT: usize = 2000;

/// Refuses `text` (trimmed) longer than `most` characters, naming `field` and saying what it is.
pub fn at_most(text: &str, most: usize, field: &str, what: &str) -> AppResult<()> {
    if text.trim().chars().count() > most {
        return Err(AppError::invalid(field, format!("{what}不超过 {most} 字")));
    }
    Ok(())
}

/// Control characters other than tab and line breaks: NUL, which PostgreSQL cannot store in
/// text (it answered with a server error) and SQLite stores silently; the rest of C0, DEL and
/// C1, which no keyboard types and which hide text from the people reading it.
pub fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// The one rule for text from outside (JSON, forms, query strings, paths, uploads' fields and
/// spreadsheet cells): no control characters but tab and line breaks.
pub fn plain_text(text: &str, field: &str) -> AppResult<()> {
    match text.chars().find(|c| is_forbidden_control(*c)) {
        None => Ok(()),
        Some(c) => Err(AppError::invalid(
            field,
            format!(
                "“{field}”含有不可见的控制字符（U+{:04X}），请删除后重新填写",
                u32::from(c)
            ),
        )),
    }
}
