//! Accounts: organisations, people who sign in, their sessions and API tokens.
//!
//! - An **actor** is whoever makes a request: a signed-in browser or a script with a token.
//! - A **session** is a signed-in browser; it lasts `Config::session_hours`.
//! - An **API token** lets a script act as its owner until it is revoked.
//! - Wrong passwords and judge codes are **paced**, not punished (see [`throttle`]): per client
//!   address and per account name, with every refusal saying when to try again.

pub mod access;
pub mod organisations;
pub mod pace;
pub mod password;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

use entity::kinds::Role;
use entity::{OrganisationId, UserId};

/// Whoever makes a request, as the access rules see them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<OrganisationId>,
}

impl From<entity::user::Model> for Actor {
    fn from(user: entity::user::Model) -> Self {
        Actor {
            user_id: user.id,
            username: user.username,
            display_name: user.display_name,
            role: user.role,
            organisation_id: user.organisation_id,
        }
    }
}
