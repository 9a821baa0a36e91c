//! People, stored once by ID-card number.

use super::id_card::{self, IdCard, Sex};
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::{competition, entrant, entrant_member, event, person};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;

/// A team member as typed, before anything is stored: what the organiser's form, a unit's entry
/// and their imports all give.
#[derive(Clone, Copy, Debug)]
pub struct TypedMember<'a> {
    pub name: &'a str,
    /// 男 / 女, checked against the ID number.
    pub sex: &'a str,
    pub id_number: &'a str,
    pub phone: Option<&'a str>,
}

/// A member checked on its own: the name trimmed, the ID number read, the sex and phone right.
#[derive(Clone, Debug)]
pub struct CheckedMember {
    pub card: IdCard,
    pub name: String,
    pub phone: Option<String>,
}

/// Checks the `i`-th member of a team against the person rules, and against the members before
/// it (`earlier`: the same ID number twice in a team is refused). Refusals name
/// `members[i].field`.
pub fn check_member<'a>(
    i: usize,
    typed: TypedMember<'_>,
    earlier: impl IntoIterator<Item = &'a IdCard>,
) -> AppResult<CheckedMember> {
    let field = |f: &str| format!("members[{i}].{f}");
    let name = typed.name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(AppError::invalid(
            &field("name"),
            "姓名不能为空，且不超过 50 字",
        ));
    }
    crate::limits::plain_text(name, &field("name"))?;
    let card = id_card::parse(typed.id_number)
        .map_err(|e| AppError::invalid(&field("id_number"), e.to_string()))?;
    let sex = Sex::parse(typed.sex)
        .ok_or_else(|| AppError::invalid(&field("sex"), "性别须填“男”或“女”"))?;
    if sex != card.sex {
        return Err(AppError::invalid(
            &field("sex"),
            format!("性别“{}”与身份证号不符", sex.label()),
        ));
    }
    let phone = check_phone(typed.phone).map_err(|e| AppError::invalid(&field("phone"), e))?;
    if earlier.into_iter().any(|c| c.number == card.number) {
        return Err(AppError::invalid(
            &field("id_number"),
            "同一身份证号在本队重复",
        ));
    }
    Ok(CheckedMember {
        card,
        name: name.to_owned(),
        phone,
    })
}

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

/// The person with this ID number, created if new. Two writers entering the same new person at
/// the same instant (two units, or an organiser and a unit) both end with the one row: the
/// second insert does nothing. A different name under a known number is refused: one of the
/// two is a typing error.
pub async fn find_or_create(
    db: &impl ConnectionTrait,
    card: &IdCard,
    name: &str,
    phone: Option<&str>,
) -> AppResult<person::Model> {
    person::Entity::insert(person::ActiveModel {
        id_number: Set(card.number.clone()),
        name: Set(name.to_owned()),
        sex: Set(card.sex),
        birth_date: Set(card.birth_date),
        phone: Set(phone.map(ToOwned::to_owned)),
        created_at: Set(now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(person::Column::IdNumber)
            .do_nothing()
            .to_owned(),
    )
    .try_insert()
    .exec(db)
    .await?;
    let found = person::Entity::find()
        .filter(person::Column::IdNumber.eq(&card.number))
        .one(db)
        .await?
        .ok_or_else(|| AppError::Internal("person just stored not found".into()))?;
    if found.name != name {
        return Err(AppError::invalid(
            "id_number",
            format!("该身份证号已登记的姓名与“{name}”不一致，请核对"),
        ));
    }
    Ok(found)
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

/// [`check_not_entered`] for many people at once, each with the event they are about to enter
/// (a few queries per 500 people, not one or two per person): the refusal names the person.
pub async fn check_none_entered(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
    wanted: &[(i32, &event::Model)],
) -> AppResult<()> {
    // The same person twice among those about to be entered.
    for (i, (p, ev)) in wanted.iter().enumerate() {
        if let Some((_, first)) = wanted[..i].iter().find(|(q, _)| q == p)
            && (first.id == ev.id || !comp.allow_multiple_events)
        {
            let who = masked_labels(db, [*p]).await?.remove(p).unwrap_or_default();
            let why = if first.id == ev.id {
                "同一项目"
            } else {
                "本赛事每人限报一个项目"
            };
            return Err(AppError::conflict(
                "id_number",
                format!("{who} 在本次接收的报名中出现两次（{why}）"),
            ));
        }
    }
    let ids: Vec<i32> = wanted.iter().map(|(p, _)| *p).collect();
    for chunk in ids.chunks(500) {
        let entries = entrant_member::Entity::find()
            .filter(entrant_member::Column::CompetitionId.eq(comp.id))
            .filter(entrant_member::Column::PersonId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        if entries.is_empty() {
            continue;
        }
        let events: HashMap<entity::EntrantId, entity::EventId> = entrant::Entity::find()
            .filter(entrant::Column::Id.is_in(entries.iter().map(|e| e.entrant_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e.event_id))
            .collect();
        for e in entries {
            let Some(other) = events.get(&e.entrant_id) else {
                continue;
            };
            for (_, ev) in wanted.iter().filter(|(p, _)| *p == e.person_id) {
                let who = masked_labels(db, [e.person_id]).await?.remove(&e.person_id);
                let who = who.unwrap_or_default();
                if *other == ev.id {
                    return Err(AppError::conflict(
                        "id_number",
                        format!("{who} 已报名本项目"),
                    ));
                }
                if !comp.allow_multiple_events {
                    return Err(AppError::conflict(
                        "id_number",
                        format!("{who} 已报名本赛事的其他项目；本赛事每人限报一个项目"),
                    ));
                }
            }
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
