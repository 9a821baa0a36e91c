//! Who may use the awards module: award officers (人社局、总工会) and the administrator. Nobody
//! else learns that it exists: organisers, team leaders and arbitrators get “not found”.
//! Inside it, the four-eyes rules of [`super::workflow`] decide who may move a line.

use crate::accounts::Actor;
use crate::error::{AppError, AppResult};
use entity::kinds::{OrganisationKind, Role, Title};
use sea_orm::{ConnectionTrait, EntityTrait};

pub fn can_use_awards(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::AwardOfficer)
}

/// Which body an award officer acts for (clause 17): the HR bureau (市人社局) approves
/// competitions as 市一级, keeps the policy and the targets and confers 大工匠 and 杰出工匠;
/// the federation of trade unions (市总工会) nominates, reviews and confers 金华工匠 only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    Administrator,
    Bureau,
    TradeUnion,
    /// An officer of any other organisation: lines only, no approvals of this kind.
    Other,
}

/// The body of the actor's organisation.
pub async fn body_of(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Body> {
    if actor.role == Role::Admin {
        return Ok(Body::Administrator);
    }
    if actor.role != Role::AwardOfficer {
        return Err(AppError::NotFound);
    }
    let Some(org) = actor.organisation_id else {
        return Ok(Body::Other);
    };
    let kind = entity::organisation::Entity::find_by_id(org)
        .one(db)
        .await?
        .map(|o| o.kind);
    Ok(match kind {
        Some(OrganisationKind::Bureau) => Body::Bureau,
        Some(OrganisationKind::TradeUnion) => Body::TradeUnion,
        _ => Body::Other,
    })
}

/// Approving a competition as 市一级, adding policy versions, setting title targets.
pub fn can_keep_policy(body: Body) -> bool {
    matches!(body, Body::Administrator | Body::Bureau)
}

/// Nominating, reviewing and conferring a title.
pub fn can_handle_title(body: Body, title: Title) -> bool {
    match body {
        Body::Administrator | Body::Bureau => true,
        Body::TradeUnion => title == Title::Craftsman,
        Body::Other => false,
    }
}

/// Refuses with a message naming what the body may not do.
pub fn require(allowed: bool, what: &str) -> AppResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::invalid(
            "actor",
            format!("{what}须由市人社局经办人办理（第十七条）"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::{OrganisationId, UserId};

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
