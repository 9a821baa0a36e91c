//! Who may use the awards module: award officers (人社局、总工会) and the administrator. Nobody
//! else learns that it exists: organisers, team leaders and arbitrators get “not found”.
//! Inside it, the four-eyes rules of [`super::workflow`] decide who may move a line.

use crate::accounts::Actor;
use entity::kinds::Role;

pub fn can_use_awards(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::AwardOfficer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{OrganisationId, UserId};

    #[test]
    fn only_officers_and_the_administrator() {
        let actor = |role| Actor {
            user_id: UserId(1),
            username: "u".into(),
            display_name: "u".into(),
            role,
            organisation_id: Some(OrganisationId(1)),
        };
        assert!(can_use_awards(&actor(Role::AwardOfficer)));
        assert!(can_use_awards(&actor(Role::Admin)));
        for role in [Role::Organiser, Role::TeamLeader, Role::Arbitrator] {
            assert!(!can_use_awards(&actor(role)));
        }
    }
}
