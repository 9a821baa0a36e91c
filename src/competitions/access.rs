//! Who may see and change which competition.
//!
//! The platform administrator (the city bureau) and award officers see every competition; an
//! organiser sees only those of their own organisation. Only the administrator and the
//! organising body's organisers change a competition.

use crate::accounts::Actor;
use entity::competition;
use entity::kinds::{CompetitionKind, OrganisationKind, Role};
use entity::organisation;

pub fn can_view_competition(actor: &Actor, competition: &competition::Model) -> bool {
    match actor.role {
        Role::Admin | Role::AwardOfficer => true,
        Role::Organiser => actor.organisation_id.map(|o| o.0) == Some(competition.organiser_id),
    }
}

pub fn can_manage_competition(actor: &Actor, competition: &competition::Model) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Organiser => actor.organisation_id.map(|o| o.0) == Some(competition.organiser_id),
        Role::AwardOfficer => false,
    }
}

/// Organisers create competitions for their own organisation only.
pub fn can_create_competition(actor: &Actor, organiser: &organisation::Model) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Organiser => actor.organisation_id.map(|o| o.0) == Some(organiser.id),
        Role::AwardOfficer => false,
    }
}

/// City, county and industry contests are run by public bodies; 岗位练兵 by enterprises and
/// schools.
pub fn kind_fits_organiser(kind: CompetitionKind, organiser: OrganisationKind) -> bool {
    use OrganisationKind::*;
    match kind {
        CompetitionKind::City | CompetitionKind::County => organiser == Bureau,
        CompetitionKind::Industry => matches!(organiser, Bureau | Agency),
        CompetitionKind::Enterprise => matches!(organiser, Enterprise | School),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{OrganisationId, UserId};
    use entity::kinds::CompetitionStatus;

    fn actor(role: Role, org: i32) -> Actor {
        Actor {
            user_id: UserId(1),
            username: "u".into(),
            display_name: "u".into(),
            role,
            organisation_id: Some(OrganisationId(org)),
        }
    }

    fn competition_of(org: i32) -> competition::Model {
        competition::Model {
            id: 1,
            name: "岗位练兵".into(),
            kind: CompetitionKind::Enterprise,
            year: 2026,
            organiser_id: org,
            status: CompetitionStatus::Draft,
            created_by: None,
            created_at: chrono::Utc::now(),
            allow_multiple_events: false,
        }
    }

    #[test]
    fn organisers_see_only_their_own() {
        let mine = competition_of(7);
        let theirs = competition_of(8);
        let organiser = actor(Role::Organiser, 7);
        assert!(can_view_competition(&organiser, &mine));
        assert!(can_manage_competition(&organiser, &mine));
        assert!(!can_view_competition(&organiser, &theirs));
        assert!(!can_manage_competition(&organiser, &theirs));
        assert!(can_view_competition(&actor(Role::Admin, 1), &theirs));
        let officer = actor(Role::AwardOfficer, 1);
        assert!(can_view_competition(&officer, &theirs));
        assert!(!can_manage_competition(&officer, &theirs));
    }

    #[test]
    fn enterprises_do_not_run_the_city_contest() {
        assert!(!kind_fits_organiser(
            CompetitionKind::City,
            OrganisationKind::Enterprise
        ));
        assert!(kind_fits_organiser(
            CompetitionKind::City,
            OrganisationKind::Bureau
        ));
        assert!(kind_fits_organiser(
            CompetitionKind::Enterprise,
            OrganisationKind::Enterprise
        ));
    }
}
