//! Creating accounts and signing in, with lockout after repeated wrong passwords.

use super::{Actor, password};
use crate::error::{AppError, AppResult};
use crate::ids::{OrganisationId, UserId};
use crate::time::now;
use chrono::Duration;
use entity::kinds::Role;
use entity::{organisation, user};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Wrong passwords in a row before an account waits.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long a locked account waits.
pub const LOCKOUT_MINUTES: i64 = 15;

/// What is needed to create an account.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub organisation_id: Option<OrganisationId>,
}

pub async fn create_user(db: &impl ConnectionTrait, new: NewUser) -> AppResult<user::Model> {
    let username = new.username.trim().to_owned();
    let valid_name = (3..=32).contains(&username.chars().count())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !valid_name {
        return Err(AppError::invalid(
            "username",
            "用户名须为 3–32 位字母、数字或 _ - .",
        ));
    }
    let display_name = new.display_name.trim().to_owned();
    if display_name.is_empty() || display_name.chars().count() > 50 {
        return Err(AppError::invalid(
            "display_name",
            "姓名不能为空，且不超过 50 字",
        ));
    }
    password::check_strength(&new.password)?;
    if new.role == Role::Organiser && new.organisation_id.is_none() {
        return Err(AppError::invalid(
            "organisation_id",
            "赛事组织者必须属于一个单位",
        ));
    }
    if let Some(org) = new.organisation_id
        && organisation::Entity::find_by_id(org.0)
            .one(db)
            .await?
            .is_none()
    {
        return Err(AppError::invalid("organisation_id", "所选单位不存在"));
    }
    if user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::conflict("username", "用户名已存在，请换一个"));
    }
    let password_hash = password::hash(new.password).await?;
    let model = user::ActiveModel {
        username: Set(username),
        display_name: Set(display_name),
        password_hash: Set(password_hash),
        role: Set(new.role),
        organisation_id: Set(new.organisation_id.map(|o| o.0)),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now()),
        ..Default::default()
    };
    Ok(model.insert(db).await?)
}

/// Checks a username and password. Wrong passwords count towards a lockout; while locked, even
/// the right password is refused, with the time the wait ends.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    username: &str,
    password: &str,
) -> AppResult<Actor> {
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username.trim()))
        .one(db)
        .await?;
    let at = now();
    if let Some(until) = found.as_ref().and_then(|u| u.locked_until)
        && until > at
    {
        return Err(AppError::LockedOut { until });
    }
    let ok = password::verify(
        password.to_owned(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    let Some(account) = found else {
        return Err(AppError::BadCredentials);
    };
    if ok {
        if account.failed_logins != 0 || account.locked_until.is_some() {
            user::Entity::update_many()
                .col_expr(user::Column::FailedLogins, Expr::value(0))
                .col_expr(
                    user::Column::LockedUntil,
                    Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
                )
                .filter(user::Column::Id.eq(account.id))
                .exec(db)
                .await?;
        }
        return Ok(account.into());
    }
    // Count atomically, so concurrent guesses cannot slip past the limit unnoticed.
    user::Entity::update_many()
        .col_expr(
            user::Column::FailedLogins,
            Expr::col(user::Column::FailedLogins).add(1),
        )
        .filter(user::Column::Id.eq(account.id))
        .exec(db)
        .await?;
    let failed = user::Entity::find_by_id(account.id)
        .one(db)
        .await?
        .map_or(0, |u| u.failed_logins);
    if failed >= MAX_FAILED_LOGINS {
        let until = at + Duration::minutes(LOCKOUT_MINUTES);
        user::Entity::update_many()
            .col_expr(user::Column::FailedLogins, Expr::value(0))
            .col_expr(user::Column::LockedUntil, Expr::value(Some(until)))
            .filter(user::Column::Id.eq(account.id))
            .exec(db)
            .await?;
        return Err(AppError::LockedOut { until });
    }
    Err(AppError::BadCredentials)
}

pub async fn find_actor(db: &impl ConnectionTrait, id: UserId) -> AppResult<Option<Actor>> {
    Ok(user::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(Actor::from))
}

pub async fn list_users(db: &impl ConnectionTrait) -> AppResult<Vec<user::Model>> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?)
}
