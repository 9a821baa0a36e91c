//! Who may see and change judges and schemes: the same people who manage the competition.
//! Judges themselves sign in through one-time codes (issue 5) and see only their own lists.

use entity::{entrant, judge};

/// Whether a judge must stay away from an entrant (回避): same organisation.
pub fn must_recuse(judge: &judge::Model, entrant: &entrant::Model) -> bool {
    judge.organisation_id == entrant.organisation_id
}
