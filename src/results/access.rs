//! Who may see and act on a competition's appeals and arbitration.
//!
//! - The competition's **organisers** (and the administrator) see every case and record paper
//!   ones; they do not decide.
//! - The **arbitration group** (accounts named 仲裁组 for this competition) sees every case with
//!   the score explanation and decides.
//! - A **team leader** (领队, named for this competition and one organisation) files on-site
//!   appeals for that organisation's entrants and sees only the cases it filed.
//! - Everyone else, including an arbitrator or team leader of another competition and any
//!   judge, is answered "not found".

use crate::accounts::Actor;
use crate::competitions::access::can_manage_competition;
use entity::OrganisationId;
use entity::kinds::Role;
use entity::{appeal_case, competition, competition_role};

/// How an actor stands towards one competition's cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseViewer {
    Organiser,
    Arbitrator,
    /// For this organisation.
    TeamLeader(OrganisationId),
}

/// The actor's part in a competition's cases, from its roles there (`roles`: the actor's
/// `competition_role` rows for this competition).
pub fn viewer(
    actor: &Actor,
    comp: &competition::Model,
    roles: &[competition_role::Model],
) -> Option<CaseViewer> {
    if can_manage_competition(actor, comp) {
        return Some(CaseViewer::Organiser);
    }
    let mine = roles
        .iter()
        .find(|r| r.competition_id == comp.id && r.user_id == actor.user_id)?;
    match (actor.role, mine.role) {
        (Role::Arbitrator, Role::Arbitrator) => Some(CaseViewer::Arbitrator),
        (Role::TeamLeader, Role::TeamLeader) => mine.organisation_id.map(CaseViewer::TeamLeader),
        _ => None,
    }
}

/// Whether a viewer may see a case.
pub fn can_see_case(viewer: CaseViewer, case: &appeal_case::Model) -> bool {
    match viewer {
        CaseViewer::Organiser | CaseViewer::Arbitrator => true,
        CaseViewer::TeamLeader(org) => case.filer_organisation_id == Some(org),
    }
}

/// Only the arbitration group decides, and only it sees the score explanation and the
/// appellant's telephone number beside the organiser.
pub fn can_decide(viewer: CaseViewer) -> bool {
    viewer == CaseViewer::Arbitrator
}

pub fn sees_explanation(viewer: CaseViewer) -> bool {
    viewer == CaseViewer::Arbitrator
}

pub fn sees_contact(viewer: CaseViewer) -> bool {
    matches!(viewer, CaseViewer::Arbitrator | CaseViewer::Organiser)
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::kinds::{CompetitionKind, CompetitionStatus};
    use entity::{CompetitionId, OrganisationId, UserId};

    fn actor(id: i32, role: Role, org: Option<i32>) -> Actor {
        Actor {
            user_id: UserId(id),
            username: "u".into(),
            display_name: "u".into(),
            role,
            organisation_id: org.map(OrganisationId),
        }
    }

    fn comp(id: i32) -> competition::Model {
        competition::Model {
            id: CompetitionId(id),
            name: "赛".into(),
            kind: CompetitionKind::City,
            year: 2026,
            organiser_id: OrganisationId(1),
            status: CompetitionStatus::Publicity,
            created_by: None,
            created_at: chrono::Utc::now(),
            allow_multiple_events: false,
            publicity_starts_at: None,
            publicity_ends_at: None,
            publicity_contact: None,
            appeal_hours: 2,
            city_level_approved: false,
            city_level_doc: None,
            rehearsal_of: None,
        }
    }

    fn role(comp: i32, user: i32, role: Role, org: Option<i32>) -> competition_role::Model {
        competition_role::Model {
            id: 1,
            competition_id: CompetitionId(comp),
            user_id: UserId(user),
            role,
            organisation_id: org.map(OrganisationId),
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn roles_count_only_in_their_own_competition() {
        let c = comp(3);
        let arbitrator = actor(5, Role::Arbitrator, None);
        assert_eq!(
            viewer(&arbitrator, &c, &[role(3, 5, Role::Arbitrator, None)]),
            Some(CaseViewer::Arbitrator)
        );
        assert_eq!(
            viewer(&arbitrator, &c, &[role(4, 5, Role::Arbitrator, None)]),
            None,
            "an arbitrator of another competition"
        );
        let leader = actor(6, Role::TeamLeader, Some(9));
        assert_eq!(
            viewer(&leader, &c, &[role(3, 6, Role::TeamLeader, Some(9))]),
            Some(CaseViewer::TeamLeader(OrganisationId(9)))
        );
        // A row for someone else does not count, nor an organiser of another organisation.
        assert_eq!(
            viewer(&leader, &c, &[role(3, 7, Role::TeamLeader, Some(9))]),
            None
        );
        assert_eq!(viewer(&actor(8, Role::Organiser, Some(2)), &c, &[]), None);
        assert_eq!(
            viewer(&actor(8, Role::Organiser, Some(1)), &c, &[]),
            Some(CaseViewer::Organiser)
        );
        assert!(can_decide(CaseViewer::Arbitrator));
        assert!(!can_decide(CaseViewer::Organiser));
        assert!(!can_decide(CaseViewer::TeamLeader(OrganisationId(9))));
    }
}
