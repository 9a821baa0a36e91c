//! Who may manage accounts and organisations.

use super::Actor;
use entity::kinds::Role;

/// Only the platform administrator (the city bureau) creates accounts.
pub fn can_manage_accounts(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

/// Only the platform administrator registers organisations.
pub fn can_manage_organisations(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::{OrganisationId, UserId};

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: UserId(1),
            username: "u".into(),
            display_name: "u".into(),
            role,
            organisation_id: Some(OrganisationId(1)),
        }
    }

    #[test]
    fn only_the_administrator_manages_accounts() {
        assert!(can_manage_accounts(&actor(Role::Admin)));
        assert!(!can_manage_accounts(&actor(Role::Organiser)));
        assert!(!can_manage_accounts(&actor(Role::AwardOfficer)));
        assert!(!can_manage_organisations(&actor(Role::Organiser)));
    }
}
