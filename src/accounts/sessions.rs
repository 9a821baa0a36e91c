//! Browser sessions. The cookie carries a random token; the table keeps its digest.

use super::Actor;
use crate::error::AppResult;
use crate::secret;
use crate::time::now;
use chrono::Duration;
use entity::UserId;
use entity::{session, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// Starts a session and returns the token for the cookie.
pub async fn open_session(
    db: &impl ConnectionTrait,
    user_id: UserId,
    hours: i64,
) -> AppResult<String> {
    let token = secret::new_secret();
    let at = now();
    session::ActiveModel {
        id: Set(secret::digest(&token)),
        user_id: Set(user_id),
        created_at: Set(at),
        expires_at: Set(at + Duration::hours(hours)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The actor a session token belongs to, if it is live.
pub async fn actor_for_session(db: &impl ConnectionTrait, token: &str) -> AppResult<Option<Actor>> {
    let Some(found) = session::Entity::find_by_id(secret::digest(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if found.expires_at <= now() {
        close_session(db, token).await?;
        return Ok(None);
    }
    Ok(user::Entity::find_by_id(found.user_id)
        .one(db)
        .await?
        .filter(|u| u.disabled_at.is_none())
        .map(Actor::from))
}

/// Ends every session of an account (a new password, a disabled account).
pub async fn close_all(db: &impl ConnectionTrait, user_id: UserId) -> AppResult<()> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn close_session(db: &impl ConnectionTrait, token: &str) -> AppResult<()> {
    session::Entity::delete_many()
        .filter(session::Column::Id.eq(secret::digest(token)))
        .exec(db)
        .await?;
    Ok(())
}
