//! A competition's status moves forward one step at a time:
//! 筹备中 draft → 报名中 registration → 比赛中 running → 评分中 marking → 成绩公示 publicity →
//! 成绩确认 final → 已归档 archived. Each move is recorded with who and when. A move back
//! (for example, reopening registration) needs the platform administrator and a reason.
//!
//! This module holds the pure stage rules and the history; the move itself, which asks judging
//! (schemes ready), results (versions signed, cases decided) and finalises the results, is a
//! step across contexts: [`crate::lifecycle::status`].

use crate::error::{AppError, AppResult};
use entity::CompetitionId;
use entity::kinds::CompetitionStatus;
use entity::{competition, competition_transition};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub const ORDER: [CompetitionStatus; 7] = [
    CompetitionStatus::Draft,
    CompetitionStatus::Registration,
    CompetitionStatus::Running,
    CompetitionStatus::Marking,
    CompetitionStatus::Publicity,
    CompetitionStatus::Final,
    CompetitionStatus::Archived,
];

/// Where a status stands in [`ORDER`]: a move to a higher one is forward.
pub fn position(status: CompetitionStatus) -> usize {
    ORDER.iter().position(|s| *s == status).unwrap_or(0)
}

/// The status after this one, if any.
pub fn next(status: CompetitionStatus) -> Option<CompetitionStatus> {
    ORDER.get(position(status) + 1).copied()
}

/// Whether entrants may still be added or removed.
pub fn registration_open(status: CompetitionStatus) -> bool {
    position(status) <= position(CompetitionStatus::Registration)
}

/// Whether marking has begun (schemes are frozen, draws are final).
pub fn marking_started(status: CompetitionStatus) -> bool {
    position(status) >= position(CompetitionStatus::Marking)
}

/// Whether the results are final (成绩确认 or 已归档): nothing about marks, schemes, results or
/// entrants may change any more.
pub fn results_final(status: CompetitionStatus) -> bool {
    position(status) >= position(CompetitionStatus::Final)
}

/// Refuses a change to marks, schemes, results or entrants of a competition whose results are
/// final, naming the status. `what` says what was refused, e.g. "更正分数".
pub async fn refuse_if_final(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
    what: &str,
) -> AppResult<()> {
    let status = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .map(|c| c.status);
    match status {
        Some(status) if results_final(status) => Err(AppError::invalid(
            "competition",
            format!(
                "赛事已处于“{}”状态，成绩已确认，不能再{what}",
                status.label()
            ),
        )),
        _ => Ok(()),
    }
}

pub async fn history(
    db: &impl ConnectionTrait,
    id: CompetitionId,
) -> AppResult<Vec<competition_transition::Model>> {
    Ok(competition_transition::Entity::find()
        .filter(competition_transition::Column::CompetitionId.eq(id.0))
        .order_by_asc(competition_transition::Column::Id)
        .all(db)
        .await?)
}
