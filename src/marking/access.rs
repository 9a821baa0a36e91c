//! Who may do what with marks: a judge stores only their own marks, and only the chief judge
//! (裁判长) reviews an event's marking.

use entity::kinds::JudgeRole;
use entity::{JudgeId, judge};

/// Whether a judge may review the event's marking: the progress matrix, accepting spreads,
/// signing modules off, locking, and deciding corrections. Only the chief judge (裁判长).
pub fn can_review(judge: &judge::Model) -> bool {
    judge.role == JudgeRole::Chief
}

/// Whether a mark (or a correction) that names `named` as its judge may be stored for the judge
/// signed in on the tablet. A tablet is shared between judges: a mark that waited in the browser
/// belongs to the judge who entered it, and is never stored under whoever signed in next.
pub fn is_own_mark(judge: &judge::Model, named: JudgeId) -> bool {
    judge.id == named
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::{EventId, OrganisationId};

    fn judge(id: i32, role: JudgeRole) -> judge::Model {
        judge::Model {
            id: JudgeId(id),
            event_id: EventId(1),
            person_id: id,
            organisation_id: OrganisationId(1),
            role,
            panel: "A".into(),
            created_at: chrono::Utc::now(),
            substitute: false,
        }
    }

    #[test]
    fn only_the_chief_judge_reviews() {
        assert!(can_review(&judge(1, JudgeRole::Chief)));
        assert!(!can_review(&judge(2, JudgeRole::Judge)));
    }

    #[test]
    fn a_mark_is_stored_only_for_the_judge_who_entered_it() {
        let signed_in = judge(2, JudgeRole::Judge);
        assert!(is_own_mark(&signed_in, JudgeId(2)));
        assert!(!is_own_mark(&signed_in, JudgeId(1)));
    }
}
