//! API tokens for scripted clients: shown once when issued, stored as a digest, revocable.

use super::Actor;
use crate::error::{AppError, AppResult};
use crate::secret;
use crate::time::now;
use entity::ApiTokenId;
use entity::{api_token, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Every token starts so, which makes a leaked one easy to recognise in a scan.
pub const TOKEN_PREFIX: &str = "jx_";

/// A token just issued: the only time its secret is known.
pub struct IssuedToken {
    pub secret: String,
    pub record: api_token::Model,
}

pub async fn issue_token(
    db: &impl ConnectionTrait,
    actor: &Actor,
    name: &str,
) -> AppResult<IssuedToken> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::invalid(
            "name",
            "令牌名称不能为空，且不超过 60 字",
        ));
    }
    let secret = format!("{TOKEN_PREFIX}{}", secret::new_secret());
    let record = api_token::ActiveModel {
        user_id: Set(actor.user_id),
        name: Set(name.to_owned()),
        token_hash: Set(secret::digest(&secret)),
        prefix: Set(secret.chars().take(10).collect()),
        created_at: Set(now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(IssuedToken { secret, record })
}

/// The actor's own tokens, newest first.
pub async fn list_tokens(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(actor.user_id))
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?)
}

/// Revokes one of the actor's own tokens. Another's token is "not found".
pub async fn revoke_token(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: ApiTokenId,
) -> AppResult<()> {
    let found = api_token::Entity::find_by_id(id)
        .filter(api_token::Column::UserId.eq(actor.user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.revoked_at.is_none() {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(Some(now())))
            .filter(api_token::Column::Id.eq(found.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The actor a bearer token stands for, unless it is unknown or revoked.
pub async fn actor_for_token(db: &impl ConnectionTrait, secret: &str) -> AppResult<Option<Actor>> {
    if !secret.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let Some(found) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(secret::digest(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // "Last used" to the minute: writing it on every request took the database's write lock
    // (and a disk flush) a second time per API call, which doubled the queue at the hall door
    // when several phones check in at once.
    let at = now();
    if found
        .last_used_at
        .is_none_or(|last| at - last >= chrono::Duration::minutes(1))
    {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(Some(at)))
            .filter(api_token::Column::Id.eq(found.id))
            .exec(db)
            .await?;
    }
    // A disabled account's tokens stop answering with it.
    Ok(user::Entity::find_by_id(found.user_id)
        .one(db)
        .await?
        .filter(|u| u.disabled_at.is_none())
        .map(Actor::from))
}
