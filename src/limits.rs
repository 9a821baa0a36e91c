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
