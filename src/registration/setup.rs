//! What the organiser sets before units register: which units are invited (their 领队
//! accounts), when the window closes, and each event's eligibility rules.

use super::access::{organiser_only, party};
use crate::accounts::Actor;
use crate::accounts::users::{NewUser, create_user};
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::time::now;
use chrono::{DateTime, NaiveDate, Utc};
use entity::kinds::{AuditAction, Role};
use entity::{
    CompetitionId, EventId, OrganisationId, competition_role, event, event_eligibility,
    organisation, registration_window, user,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

/// A unit invited to register, and its 领队 account: an existing one of that unit (by user
/// name), or a new one (with a name and a first password).
#[derive(Clone, Debug)]
pub struct Invitation {
    pub organisation_id: OrganisationId,
    pub username: String,
    pub display_name: Option<String>,
    pub password: Option<String>,
}

/// Invites a unit: names its 领队 account for the competition, creating it when new. Returns
/// the account and whether it was created.
pub async fn invite<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    inv: Invitation,
) -> AppResult<(user::Model, bool)> {
    let (comp, party) = party(db, actor, competition_id).await?;
    organiser_only(party)?;
    let unit = organisation::Entity::find_by_id(inv.organisation_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("organisation_id", "所选单位不存在"))?;
    let username = inv.username.trim().to_owned();
    let txn = crate::db::begin_write(db).await?;
    let existing = user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .one(&txn)
        .await?;
    let (account, created) = match existing {
        Some(u) => {
            if u.role != Role::TeamLeader || u.organisation_id != Some(unit.id) {
                return Err(AppError::invalid(
                    "username",
                    format!("账号“{username}”不是{}的领队账号，请另取用户名", unit.name),
                ));
            }
            let named = competition_role::Entity::find()
                .filter(competition_role::Column::CompetitionId.eq(comp.id))
                .filter(competition_role::Column::UserId.eq(u.id))
                .one(&txn)
                .await?
                .is_some();
            if named {
                return Err(AppError::conflict("username", "该领队已被邀请参加本赛事"));
            }
            (u, false)
        }
        None => {
            let display_name = inv.display_name.unwrap_or_default();
            let password = inv.password.unwrap_or_default();
            if password.is_empty() {
                return Err(AppError::invalid("password", "新建领队账号须设置初始密码"));
            }
            let made = create_user(
                &txn,
                NewUser {
                    username,
                    display_name,
                    password,
                    role: Role::TeamLeader,
                    organisation_id: Some(unit.id),
                    created_by: Some(actor.user_id),
                },
            )
            .await?;
            (made, true)
        }
    };
    competition_role::ActiveModel {
        competition_id: Set(comp.id),
        user_id: Set(account.id),
        role: Set(Role::TeamLeader),
        organisation_id: Set(Some(unit.id)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RegistrationInvite,
        &format!("competition:{}", comp.id),
        serde_json::json!({"organisation": unit.id, "user": account.id, "created": created}),
    )
    .await?;
    txn.commit().await?;
    Ok((account, created))
}

/// Sets when the units' window closes.
pub async fn set_window<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    closes_at: DateTime<Utc>,
) -> AppResult<registration_window::Model> {
    let (comp, party) = party(db, actor, competition_id).await?;
    organiser_only(party)?;
    let txn = crate::db::begin_write(db).await?;
    let at = now();
    let saved = match registration_window::Entity::find_by_id(comp.id)
        .one(&txn)
        .await?
    {
        Some(w) => {
            let mut model = w.into_active_model();
            model.closes_at = Set(closes_at);
            model.updated_at = Set(at);
            model.update(&txn).await?
        }
        None => {
            registration_window::ActiveModel {
                competition_id: Set(comp.id),
                closes_at: Set(closes_at),
                updated_at: Set(at),
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RegistrationRules,
        &format!("competition:{}", comp.id),
        serde_json::json!({"closes_at": closes_at}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// An event's eligibility rules; each may be left out.
#[derive(Clone, Debug, Default)]
pub struct Eligibility {
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub age_on: Option<NaiveDate>,
    pub quota_per_unit: Option<i32>,
    pub required_level: Option<i32>,
}

/// Sets an event's eligibility rules (the organiser of its competition).
pub async fn set_eligibility<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    rules: Eligibility,
) -> AppResult<event_eligibility::Model> {
    let ev = event::Entity::find_by_id(event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (comp, party) = party(db, actor, ev.competition_id).await?;
    organiser_only(party)?;
    for (value, field) in [(rules.min_age, "min_age"), (rules.max_age, "max_age")] {
        if value.is_some_and(|a| !(14..=80).contains(&a)) {
            return Err(AppError::invalid(field, "年龄须在 14–80 周岁之间"));
        }
    }
    if let (Some(a), Some(b)) = (rules.min_age, rules.max_age)
        && a > b
    {
        return Err(AppError::invalid("max_age", "最大年龄不能小于最小年龄"));
    }
    if (rules.min_age.is_some() || rules.max_age.is_some()) && rules.age_on.is_none() {
        return Err(AppError::invalid(
            "age_on",
            "设了年龄条件，须写明按哪一天计算年龄",
        ));
    }
    if rules
        .quota_per_unit
        .is_some_and(|q| !(1..=1000).contains(&q))
    {
        return Err(AppError::invalid("quota_per_unit", "名额须在 1–1000 之间"));
    }
    if rules.required_level.is_some_and(|l| !(1..=5).contains(&l)) {
        return Err(AppError::invalid(
            "required_level",
            "职业资格等级须为 1（一级/高级技师）到 5（五级/初级工）",
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    event_eligibility::Entity::delete_by_id(ev.id)
        .exec(&txn)
        .await?;
    let saved = event_eligibility::ActiveModel {
        event_id: Set(ev.id),
        min_age: Set(rules.min_age),
        max_age: Set(rules.max_age),
        age_on: Set(rules.age_on),
        quota_per_unit: Set(rules.quota_per_unit),
        required_level: Set(rules.required_level),
        updated_at: Set(now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RegistrationRules,
        &format!("event:{}", ev.id),
        serde_json::json!({"competition": comp.id, "min_age": rules.min_age, "max_age": rules.max_age,
            "age_on": rules.age_on, "quota_per_unit": rules.quota_per_unit,
            "required_level": rules.required_level}),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// What a unit's page and the organiser's overview need to know about the competition's
/// registration: its events with their rules, and the window.
pub struct Overview {
    pub competition: entity::competition::Model,
    pub events: Vec<(event::Model, Option<event_eligibility::Model>)>,
    pub closes_at: Option<DateTime<Utc>>,
    pub open: bool,
    pub party: super::access::Party,
}

pub async fn overview(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
) -> AppResult<Overview> {
    let (comp, party) = party(db, actor, competition_id).await?;
    let setting = super::facts::Setting::load(db, comp.id).await?;
    let window = super::window(db, comp.id).await?;
    let mut events: Vec<(event::Model, Option<event_eligibility::Model>)> = setting
        .events
        .values()
        .map(|e| (e.clone(), setting.eligibility.get(&e.id).cloned()))
        .collect();
    events.sort_by_key(|(e, _)| e.id);
    Ok(Overview {
        open: super::access::window_open(&comp, window.as_ref(), now()),
        closes_at: window.map(|w| w.closes_at),
        competition: comp,
        events,
        party,
    })
}
