//! A stored result line, decoded once. The honours, subtotals and members of a line are kept
//! as JSON text in the table (the same on SQLite and PostgreSQL); every reader — publicity,
//! exports, certificates, achievements — takes this struct instead of decoding the text
//! itself, and a line that does not decode is an error, not an empty list (an empty list would
//! issue no certificate and record no achievement, silently).

use crate::error::{AppError, AppResult};
use entity::EntrantId;
use entity::kinds::{Award, EntrantStatus};
use entity::result_line;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};

/// Subtotals of one result line, with the scheme's codes, in scheme order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Subtotals {
    /// `[code, score]` per component, e.g. `["practical", "90.50"]`.
    #[schema(value_type = Vec<Vec<String>>)]
    pub components: Vec<(String, Decimal)>,
    /// `[code, total]` per module.
    #[schema(value_type = Vec<Vec<String>>)]
    pub modules: Vec<(String, Decimal)>,
}

/// One entrant's result in one result version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultLine {
    pub entrant_id: EntrantId,
    /// Standing order, from 0.
    pub position: i32,
    /// `None` for withdrawn and disqualified entrants.
    pub rank: Option<i32>,
    /// The exact total as the scheme rounds it, as text (e.g. `87.95`).
    pub total: String,
    pub complete: bool,
    /// Past every pass mark.
    pub passed: bool,
    pub award: Option<Award>,
    pub status: EntrantStatus,
    pub tie_unresolved: bool,
    /// The honours the placing brings, by name.
    pub honours: Vec<String>,
    pub subtotals: Subtotals,
    /// The members' person ids (one for an individual event).
    pub members: Vec<i32>,
}

impl ResultLine {
    /// The row to store under `version_id`.
    pub(crate) fn to_row(&self, version_id: i32) -> result_line::ActiveModel {
        result_line::ActiveModel {
            version_id: Set(version_id),
            entrant_id: Set(self.entrant_id),
            position: Set(self.position),
            rank: Set(self.rank),
            total: Set(self.total.clone()),
            complete: Set(self.complete),
            passed: Set(self.passed),
            award: Set(self.award),
            status: Set(self.status),
            tie_unresolved: Set(self.tie_unresolved),
            honours: Set(json(&self.honours)),
            subtotals: Set(json(&self.subtotals)),
            members: Set(json(&self.members)),
            ..Default::default()
        }
    }
}

fn json<T: Serialize>(value: &T) -> String {
    // Vectors of strings, decimals and integers always serialise.
    serde_json::to_string(value).unwrap_or_default()
}

impl TryFrom<result_line::Model> for ResultLine {
    type Error = AppError;

    fn try_from(row: result_line::Model) -> AppResult<Self> {
        let broken = |what: &str, e: serde_json::Error| {
            AppError::Internal(format!(
                "result line {}: {what} does not decode: {e}",
                row.id
            ))
        };
        Ok(ResultLine {
            honours: serde_json::from_str(&row.honours).map_err(|e| broken("honours", e))?,
            subtotals: serde_json::from_str(&row.subtotals).map_err(|e| broken("subtotals", e))?,
            members: serde_json::from_str(&row.members).map_err(|e| broken("members", e))?,
            entrant_id: row.entrant_id,
            position: row.position,
            rank: row.rank,
            total: row.total,
            complete: row.complete,
            passed: row.passed,
            award: row.award,
            status: row.status,
            tie_unresolved: row.tie_unresolved,
        })
    }
}

/// A version's lines in standing order.
pub async fn of_version(db: &impl ConnectionTrait, version_id: i32) -> AppResult<Vec<ResultLine>> {
    result_line::Entity::find()
        .filter(result_line::Column::VersionId.eq(version_id))
        .order_by_asc(result_line::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(ResultLine::try_from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(honours: &str) -> result_line::Model {
        result_line::Model {
            id: 7,
            version_id: 1,
            entrant_id: EntrantId(3),
            position: 0,
            rank: Some(1),
            total: "91.50".into(),
            complete: true,
            passed: true,
            award: Some(Award::First),
            status: EntrantStatus::Active,
            tie_unresolved: false,
            honours: honours.into(),
            subtotals: r#"{"components":[["practical","91.50"]],"modules":[]}"#.into(),
            members: "[11]".into(),
        }
    }

    #[test]
    fn a_line_decodes_and_a_broken_one_is_an_error_not_an_empty_list() {
        let line = ResultLine::try_from(row(r#"["金华市技术能手"]"#)).unwrap();
        assert_eq!(line.honours, vec!["金华市技术能手".to_owned()]);
        assert_eq!(line.members, vec![11]);
        assert_eq!(line.subtotals.components[0].1, Decimal::new(9150, 2));
        assert!(matches!(
            ResultLine::try_from(row("金华市技术能手")),
            Err(AppError::Internal(m)) if m.contains("honours")
        ));
    }
}
