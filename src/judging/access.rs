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

/// Whether a mark (or a correction) that names `named` as its judge may be stored for the judge
/// signed in on the tablet. A tablet is shared between judges: a mark that waited in the browser
/// belongs to the judge who entered it, and is never stored under whoever signed in next.
pub fn is_own_mark(judge: &judge::Model, named: i32) -> bool {
    judge.id == named
}
