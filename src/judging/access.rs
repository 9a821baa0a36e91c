//! Who may see and change judges and schemes: the same people who manage the competition.
//! Judges themselves sign in through one-time codes (issue 5) and see only their own lists.

use entity::{entrant, judge};

/// Whether a judge must stay away from an entrant (回避): same organisation.
pub fn must_recuse(judge: &judge::Model, entrant: &entrant::Model) -> bool {
    judge.organisation_id == entrant.organisation_id
}

/// Whether a judge may mark an entrant: in the judge's event, not withdrawn, not of the
/// judge's organisation, and assigned if the judge has any assignments. Judging lists the
/// entrants a panel still lacks by it; marking checks every mark by it (a rule of judging,
/// used by marking above it).
pub fn may_mark_with(
    judge: &judge::Model,
    entrant: Option<&entrant::Model>,
    has_assignments: bool,
    assigned: bool,
) -> bool {
    entrant.is_some_and(|e| {
        e.event_id == judge.event_id
            && e.status.competes()
            && !must_recuse(judge, e)
            && (!has_assignments || assigned)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::kinds::{EntrantStatus, JudgeRole};
    use entity::{EventId, OrganisationId};

    #[test]
    fn a_judge_stays_away_from_entrants_of_their_own_organisation() {
        let judge = judge::Model {
            id: entity::JudgeId(1),
            event_id: EventId(1),
            person_id: 1,
            organisation_id: OrganisationId(7),
            role: JudgeRole::Judge,
            panel: "A".into(),
            created_at: chrono::Utc::now(),
            substitute: false,
        };
        let mut entrant = entrant::Model {
            id: entity::EntrantId(1),
            event_id: EventId(1),
            entry_no: 1,
            organisation_id: OrganisationId(7),
            team_name: None,
            status: EntrantStatus::Active,
            status_reason: None,
            station: None,
            blind_code: None,
            created_at: chrono::Utc::now(),
            checked_in_at: None,
            checked_in_by: None,
        };
        assert!(must_recuse(&judge, &entrant));
        entrant.organisation_id = OrganisationId(8);
        assert!(!must_recuse(&judge, &entrant));
    }
}
