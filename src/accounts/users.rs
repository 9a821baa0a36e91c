//! Creating accounts and signing in; wrong passwords are paced by [`super::throttle`].

use super::throttle::{self, Subject};
use super::{Actor, password};
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::kinds::AuditAction;
use entity::kinds::Role;
use entity::{OrganisationId, UserId};
use entity::{organisation, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use std::net::IpAddr;

/// What is needed to create an account.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub organisation_id: Option<OrganisationId>,
    /// The account that makes it (none from the command line or the demo).
    pub created_by: Option<UserId>,
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
        && organisation::Entity::find_by_id(org)
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
        organisation_id: Set(new.organisation_id),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now()),
        created_by: Set(new.created_by),
        ..Default::default()
    };
    Ok(model.insert(db).await?)
}

/// Checks a username and password, and nothing else: no counting, no waiting (see
/// [`sign_in`] for the login form). An unknown name costs the same hashing as a wrong password.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    username: &str,
    password: &str,
) -> AppResult<Actor> {
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username.trim()))
        .one(db)
        .await?;
    let ok = password::verify(
        password.to_owned(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    match found {
        // Said only to whoever knows the password: nobody learns from it that a name exists.
        Some(account) if ok && account.disabled_at.is_some() => Err(AppError::invalid(
            "username",
            "该账号已停用，如需恢复请联系平台管理员",
        )),
        Some(account) if ok => Ok(account.into()),
        _ => Err(AppError::BadCredentials),
    }
}

/// Signs in from the login form, paced by [`throttle`]: an address that keeps failing waits
/// longer and longer; an account name that keeps failing from anywhere is paced too, but its
/// owner's right password from an address with no failures of its own goes straight through.
/// An unknown name and a wrong password get the same answers, waits included.
pub async fn sign_in(
    db: &impl ConnectionTrait,
    username: &str,
    password: &str,
    from: IpAddr,
) -> AppResult<Actor> {
    let address = Subject::login_address(from);
    let account = Subject::login_account(username);
    let here = throttle::attempts(db, &address).await?;
    if let Some(until) = here.wait_until {
        return Err(AppError::TooManyAttempts { until });
    }
    if let Some(until) = throttle::attempts(db, &account).await?.wait_until
        && here.failures > 0
    {
        return Err(AppError::TooManyAttempts { until });
    }
    match authenticate(db, username, password).await {
        Ok(actor) => {
            throttle::clear(db, &address).await?;
            throttle::clear(db, &account).await?;
            Ok(actor)
        }
        Err(AppError::BadCredentials) => {
            let waits = [
                throttle::fail(db, &address).await?,
                throttle::fail(db, &account).await?,
            ];
            match waits.into_iter().flatten().max() {
                Some(until) => Err(AppError::TooManyAttempts { until }),
                None => Err(AppError::BadCredentials),
            }
        }
        Err(other) => Err(other),
    }
}

/// An account name's wrong passwords in the pacing window, and how long it must wait.
pub async fn sign_in_attempts(
    db: &impl ConnectionTrait,
    username: &str,
) -> AppResult<throttle::Attempts> {
    throttle::attempts(db, &Subject::login_account(username)).await
}

/// Lets an account name (or a client address) try again at once: an administrator's answer
/// to an owner who cannot wait. Returns whether anything was waiting.
pub async fn unlock(
    db: &impl ConnectionTrait,
    username: Option<&str>,
    address: Option<IpAddr>,
) -> AppResult<bool> {
    let mut cleared = false;
    if let Some(name) = username {
        cleared |= throttle::clear(db, &Subject::login_account(name)).await?;
        // The lock of earlier versions, kept in the account row.
        cleared |= user::Entity::update_many()
            .col_expr(user::Column::FailedLogins, Expr::value(0))
            .col_expr(
                user::Column::LockedUntil,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .filter(user::Column::Username.eq(name.trim()))
            .filter(user::Column::LockedUntil.is_not_null())
            .exec(db)
            .await?
            .rows_affected
            > 0;
    }
    if let Some(ip) = address {
        cleared |= throttle::clear(db, &Subject::login_address(ip)).await?;
        cleared |= throttle::clear(db, &Subject::judge_code_address(ip)).await?;
    }
    Ok(cleared)
}

/// An administrator lets an account try again at once, from the accounts page; recorded.
pub async fn unlock_account(
    db: &impl ConnectionTrait,
    actor: &Actor,
    username: &str,
) -> AppResult<bool> {
    if !super::access::can_manage_accounts(actor) {
        return Err(AppError::Forbidden);
    }
    let cleared = unlock(db, Some(username), None).await?;
    crate::audit::record(
        db,
        Some(actor.user_id),
        AuditAction::AccountUnlock,
        &format!("user:{}", username.trim()),
        serde_json::json!({"cleared": cleared}),
    )
    .await?;
    Ok(cleared)
}

/// An account the actor (an administrator) may manage; "forbidden" for anyone else.
async fn managed_account(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user_id: UserId,
) -> AppResult<user::Model> {
    if !super::access::can_manage_accounts(actor) {
        return Err(AppError::Forbidden);
    }
    user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The administrator sets a new password for an account whose owner lost theirs (told to them
/// in person); every session of the account ends and its waits are cleared. Recorded.
pub async fn reset_password(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user_id: UserId,
    new_password: &str,
) -> AppResult<user::Model> {
    let found = managed_account(db, actor, user_id).await?;
    password::check_strength(new_password)?;
    let hash = password::hash(new_password.to_owned()).await?;
    let mut model: user::ActiveModel = found.into();
    model.password_hash = Set(hash);
    model.failed_logins = Set(0);
    model.locked_until = Set(None);
    let saved = model.update(db).await?;
    super::sessions::close_all(db, saved.id).await?;
    throttle::clear(db, &Subject::login_account(&saved.username)).await?;
    crate::audit::record(
        db,
        Some(actor.user_id),
        AuditAction::AccountPasswordReset,
        &format!("user:{}", saved.username),
        serde_json::json!({}),
    )
    .await?;
    Ok(saved)
}

/// The administrator disables an account (it signs in no more; its sessions end and its API
/// tokens stop answering at once) or enables it again. Refused for one's own account and for
/// the last administrator in use: nobody could manage accounts any more. Recorded.
///
/// The count of administrators in use and the change are one write transaction, the rows of
/// the administrators locked on PostgreSQL (SQLite's write lock serialises by itself): two
/// administrators disabling each other at the same instant must not both succeed and leave
/// nobody who can manage accounts.
pub async fn set_disabled<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    user_id: UserId,
    disabled: bool,
) -> AppResult<user::Model> {
    let txn = crate::db::begin_write(db).await?;
    let found = managed_account(&txn, actor, user_id).await?;
    if disabled && found.id == actor.user_id {
        return Err(AppError::invalid("user", "不能停用自己的账号"));
    }
    if disabled && found.role == Role::Admin {
        let mut admins = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin))
            .filter(user::Column::DisabledAt.is_null())
            .order_by_asc(user::Column::Id);
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            admins = admins.lock_exclusive();
        }
        let admins_in_use = admins.all(&txn).await?;
        // The actor must still be one of them: a just-disabled administrator acts no more.
        if !admins_in_use.iter().any(|a| a.id == actor.user_id) {
            return Err(AppError::Forbidden);
        }
        if admins_in_use.len() <= 1 {
            return Err(AppError::invalid(
                "user",
                "这是最后一个在用的平台管理员账号，不能停用",
            ));
        }
    }
    if disabled == found.disabled_at.is_some() {
        return Ok(found);
    }
    let mut model: user::ActiveModel = found.into();
    model.disabled_at = Set(disabled.then(now));
    let saved = model.update(&txn).await?;
    if disabled {
        super::sessions::close_all(&txn, saved.id).await?;
    }
    crate::audit::record(
        &txn,
        Some(actor.user_id),
        if disabled {
            AuditAction::AccountDisable
        } else {
            AuditAction::AccountEnable
        },
        &format!("user:{}", saved.username),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn list_users(db: &impl ConnectionTrait) -> AppResult<Vec<user::Model>> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?)
}
