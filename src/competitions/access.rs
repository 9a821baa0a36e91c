//! Who may see and change which competition.
//!
//! The platform administrator (the city bureau) and award officers see every competition; an
//! organiser sees only those of their own organisation. Only the administrator and the
//! organising body's organisers change a competition.
//!
//! The public (no account) meets a competition in two steps: it is **listed** on the front page
//! from registration on, and **watchable** (live boards, hall screen) once the contest starts.
//! The draw (stations and blind codes) stays with those who manage the competition until the
//! results are published.

use crate::accounts::Actor;
use entity::kinds::{CompetitionKind, CompetitionStatus, OrganisationKind, Role};
use entity::organisation;
use entity::{competition, event};

pub fn can_view_competition(actor: &Actor, competition: &competition::Model) -> bool {
    match actor.role {
        Role::Admin | Role::AwardOfficer => true,
        Role::Organiser => actor.organisation_id == Some(competition.organiser_id),
        // Team leaders and arbitrators meet a competition only through its cases.
        Role::TeamLeader | Role::Arbitrator => false,
    }
}

pub fn can_manage_competition(actor: &Actor, competition: &competition::Model) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Organiser => actor.organisation_id == Some(competition.organiser_id),
        Role::AwardOfficer | Role::TeamLeader | Role::Arbitrator => false,
    }
}

/// Whether the public front page lists a competition: from registration on.
pub fn is_listed(competition: &competition::Model) -> bool {
    competition.status != CompetitionStatus::Draft
}

/// Whether the public may watch a competition's boards: once the contest has started. Anyone
/// else is answered "not found", as if there were no such competition.
pub fn can_watch(competition: &competition::Model) -> bool {
    !matches!(
        competition.status,
        CompetitionStatus::Draft | CompetitionStatus::Registration
    )
}

/// Whether an actor may see an event's draw (stations, blind codes, the seed): whoever manages
/// the competition, and everyone once the event's results are published. Judges see blind
/// codes only, on their tablets. Under 二次加密 the organiser's draw is sealed: nobody sees
/// who has which code on these pages until results are published; the 解密 after the lock is
/// a page of its own, where every look is audited ([`crate::entrants::unblinding`]).
pub fn can_see_draw(actor: &Actor, competition: &competition::Model, ev: &event::Model) -> bool {
    ev.results_published || (!draw_sealed(ev) && can_manage_competition(actor, competition))
}

/// Whether the event's draw is sealed (二次加密, results not yet published): no page or API
/// outside the audited 解密 may put a blind code beside an entrant, an entry number or a
/// station (the door's record of who stands where).
pub fn draw_sealed(ev: &event::Model) -> bool {
    ev.second_draw_seed.is_some() && !ev.results_published
}

/// Organisers create competitions for their own organisation only.
pub fn can_create_competition(actor: &Actor, organiser: &organisation::Model) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Organiser => actor.organisation_id == Some(organiser.id),
        Role::AwardOfficer | Role::TeamLeader | Role::Arbitrator => false,
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
    use entity::{CompetitionId, EventId, OrganisationId, UserId};

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
            id: CompetitionId(1),
            name: "岗位练兵".into(),
            kind: CompetitionKind::Enterprise,
            year: 2026,
            organiser_id: OrganisationId(org),
            status: CompetitionStatus::Draft,
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
    fn the_public_sees_a_competition_listed_from_registration_and_watches_from_the_start() {
        let mut c = competition_of(7);
        for (status, listed, watchable) in [
            (CompetitionStatus::Draft, false, false),
            (CompetitionStatus::Registration, true, false),
            (CompetitionStatus::Running, true, true),
            (CompetitionStatus::Marking, true, true),
            (CompetitionStatus::Archived, true, true),
        ] {
            c.status = status;
            assert_eq!(is_listed(&c), listed, "{status:?}");
            assert_eq!(can_watch(&c), watchable, "{status:?}");
        }
    }

    #[test]
    fn the_draw_stays_with_the_organisers_until_results_are_published() {
        let comp = competition_of(7);
        let mut ev = event::Model {
            id: EventId(1),
            competition_id: CompetitionId(1),
            trade: "数控车工".into(),
            group: entity::kinds::EventGroup::Staff,
            track: entity::kinds::EventTrack::Other,
            host_id: None,
            hosting_cost: None,
            created_at: chrono::Utc::now(),
            level: 3,
            venue: None,
            starts_at: None,
            ends_at: None,
            team_size: 1,
            rounding: entity::kinds::Rounding::HalfUp,
            aspect_places: 2,
            total_places: 2,
            short_panel: entity::kinds::ShortPanel::KeepTrim,
            scheme_frozen: false,
            draw_seed: None,
            drawn_at: None,
            results_published: false,
            marks_locked_at: None,
            live_marks: entity::kinds::LiveMarks::Submitted,
            live_anonymous: false,
            live_freeze_at: None,
            second_draw_seed: None,
        };
        assert!(can_see_draw(&actor(Role::Organiser, 7), &comp, &ev));
        assert!(!can_see_draw(&actor(Role::Organiser, 8), &comp, &ev));
        assert!(!can_see_draw(&actor(Role::AwardOfficer, 7), &comp, &ev));
        ev.second_draw_seed = Some("hall".into());
        assert!(!can_see_draw(&actor(Role::Organiser, 7), &comp, &ev));
        assert!(!can_see_draw(&actor(Role::Admin, 1), &comp, &ev));
        ev.results_published = true;
        assert!(can_see_draw(&actor(Role::Organiser, 8), &comp, &ev));
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
