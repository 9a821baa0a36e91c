//! People, stored once by ID-card number.

use super::id_card::IdCard;
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::{competition, entrant, entrant_member, event, person};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;

/// A mobile number: 11 digits starting with 1, or nothing.
pub fn check_phone(phone: Option<&str>) -> Result<Option<String>, String> {
    match phone.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(None),
        Some(p) if p.len() == 11 && p.starts_with('1') && p.chars().all(|c| c.is_ascii_digit()) => {
            Ok(Some(p.to_owned()))
        }
        Some(_) => Err("手机号应为以 1 开头的 11 位数字".to_owned()),
    }
}

/// The person with this ID number, created if new. A different name under a known number is
/// refused: one of the two is a typing error.
pub async fn find_or_create(
    db: &impl ConnectionTrait,
    card: &IdCard,
    name: &str,
    phone: Option<&str>,
) -> AppResult<person::Model> {
    if let Some(existing) = person::Entity::find()
        .filter(person::Column::IdNumber.eq(&card.number))
        .one(db)
        .await?
    {
        if existing.name != name {
            return Err(AppError::invalid(
                "id_number",
                format!("该身份证号已登记的姓名与“{name}”不一致，请核对"),
            ));
        }
        return Ok(existing);
    }
    Ok(person::ActiveModel {
        id_number: Set(card.number.clone()),
        name: Set(name.to_owned()),
        sex: Set(card.sex),
        birth_date: Set(card.birth_date),
        phone: Set(phone.map(ToOwned::to_owned)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Refuses a second entry of the same person in a competition (unless it allows more events),
/// and always a second entry in the same event.
pub async fn check_not_entered(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
    ev: &event::Model,
    person_id: i32,
) -> AppResult<()> {
    let entries = entrant_member::Entity::find()
        .filter(entrant_member::Column::CompetitionId.eq(comp.id))
        .filter(entrant_member::Column::PersonId.eq(person_id))
        .all(db)
        .await?;
    for e in entries {
        let Some(other) = entrant::Entity::find_by_id(e.entrant_id).one(db).await? else {
            continue;
        };
        if other.event_id == ev.id {
            return Err(AppError::conflict("id_number", "此人已报名本项目"));
        }
        if !comp.allow_multiple_events {
            return Err(AppError::conflict(
                "id_number",
                "此人已报名本赛事的其他项目；本赛事每人限报一个项目",
            ));
        }
    }
    Ok(())
}

/// A person's name (empty when the person is gone), for the pages that greet a judge.
pub async fn name_of(db: &impl ConnectionTrait, person_id: i32) -> AppResult<String> {
    Ok(person::Entity::find_by_id(person_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default())
}

/// Each person's name with the masked ID number (“张三 3307**********1234”), as the officers'
/// lists name people: the whole number never leaves the server.
pub async fn masked_labels(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> AppResult<HashMap<i32, String>> {
    let mut wanted: Vec<i32> = ids.into_iter().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = HashMap::with_capacity(wanted.len());
    // SQLite binds at most 32766 values a statement.
    for chunk in wanted.chunks(1000) {
        for p in person::Entity::find()
            .filter(person::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            out.insert(
                p.id,
                format!("{} {}", p.name, super::id_card::mask(&p.id_number)),
            );
        }
    }
    Ok(out)
}
