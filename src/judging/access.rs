//! Who may see and change judges and schemes: the same people who manage the competition.
//! Judges themselves sign in through one-time codes (issue 5) and see only their own lists.

use entity::kinds::JudgeRole;
use entity::{entrant, judge};

/// Whether a judge must stay away from an entrant (回避): same organisation.
pub fn must_recuse(judge: &judge::Model, entrant: &entrant::Model) -> bool {
    judge.organisation_id == entrant.organisation_id
}

/// Whether a judge may review the event's marking: the progress matrix, accepting spreads,
/// signing modules off, locking, and deciding corrections. Only the chief judge (裁判长).
pub fn can_review(judge: &judge::Model) -> bool {
    judge.role == JudgeRole::Chief
}
