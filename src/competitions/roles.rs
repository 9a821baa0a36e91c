//! Accounts that act for one competition only: team leaders (领队) of an organisation with
//! entrants in it, and members of its arbitration group (仲裁组). The competition's organiser
//! creates them; such an account can do nothing outside the competitions it is named for.

use super::access::{can_manage_competition, can_view_competition};
use crate::accounts::Actor;
use crate::accounts::users::{NewUser, create_user};
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::CompetitionId;
use entity::EventId;
use entity::OrganisationId;
use entity::kinds::AuditAction;
use entity::kinds::Role;
use entity::{competition, competition_role, entrant, event, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

/// A new account for a part in one competition.
#[derive(Clone, Debug)]
pub struct NewMember {
    pub username: String,
    pub display_name: String,
    pub password: String,
    /// `TeamLeader` or `Arbitrator`.
    pub role: Role,
    /// The team leader's organisation: one with entrants in the competition.
    pub organisation_id: Option<OrganisationId>,
}

/// One account's part, with the account.
#[derive(Clone, Debug)]
pub struct Member {
    pub part: competition_role::Model,
    pub user: user::Model,
}

async fn managed(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
) -> AppResult<competition::Model> {
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .filter(|c| can_view_competition(actor, c))
        .ok_or(AppError::NotFound)?;
    if !can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    Ok(comp)
}

/// Creates the account and names it for the competition.
pub async fn add_member<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    new: NewMember,
) -> AppResult<Member> {
    let comp = managed(db, actor, competition_id).await?;
    let organisation_id = match new.role {
        Role::TeamLeader => {
            let org = new
                .organisation_id
                .ok_or_else(|| AppError::invalid("organisation_id", "领队须属于一个参赛单位"))?;
            let events: Vec<EventId> = event::Entity::find()
                .filter(event::Column::CompetitionId.eq(comp.id))
                .all(db)
                .await?
                .into_iter()
                .map(|e| e.id)
                .collect();
            let enters = entrant::Entity::find()
                .filter(entrant::Column::EventId.is_in(events))
                .filter(entrant::Column::OrganisationId.eq(org))
                .one(db)
                .await?
                .is_some();
            if !enters {
                return Err(AppError::invalid(
                    "organisation_id",
                    "该单位在本赛事中没有参赛选手",
                ));
            }
            Some(org)
        }
        Role::Arbitrator => None,
        _ => {
            return Err(AppError::invalid(
                "role",
                "只能创建领队（team_leader）或仲裁组成员（arbitrator）",
            ));
        }
    };
    let txn = crate::db::begin_write(db).await?;
    let account = create_user(
        &txn,
        NewUser {
            username: new.username,
            display_name: new.display_name,
            password: new.password,
            role: new.role,
            organisation_id,
            created_by: Some(actor.user_id),
        },
    )
    .await?;
    let part = competition_role::ActiveModel {
        competition_id: Set(comp.id),
        user_id: Set(account.id),
        role: Set(new.role),
        organisation_id: Set(organisation_id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::CompetitionMemberAdd,
        &format!("competition:{}", comp.id),
        serde_json::json!({"user": account.id, "role": new.role, "organisation": organisation_id}),
    )
    .await?;
    txn.commit().await?;
    Ok(Member {
        part,
        user: account,
    })
}

/// The team leaders and arbitrators of a competition.
pub async fn members(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
) -> AppResult<Vec<Member>> {
    let comp = managed(db, actor, competition_id).await?;
    let parts = competition_role::Entity::find()
        .filter(competition_role::Column::CompetitionId.eq(comp.id))
        .order_by_asc(competition_role::Column::Id)
        .all(db)
        .await?;
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(parts.iter().map(|p| p.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(parts
        .into_iter()
        .filter_map(|part| {
            let user = users.iter().find(|u| u.id == part.user_id)?.clone();
            Some(Member { part, user })
        })
        .collect())
}
