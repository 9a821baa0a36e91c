//! Entrants (选手): who competes in which event.
//!
//! - An **entrant** is one competing unit in one event: a person, or a team of
//!   `event.team_size` people for team events. Each gets an **entry number** (参赛证号) per
//!   event, counted from 1.
//! - A **person** is stored once, with the ID-card number (see [`id_card`]); the same person
//!   may judge another event or come back next year.
//! - By default a person enters one event per competition (`allow_multiple_events` lifts it).
//! - Once the event runs an entrant is never deleted: they are withdrawn (退赛) or disqualified
//!   (取消资格), with a reason.

pub mod check_in;
pub mod draw;
pub mod export;
pub mod id_card;
pub mod import;
pub mod people;
pub mod unblinding;

use crate::accounts::Actor;
use crate::audit;
use crate::competitions::events::{find_event, find_managed_event};
use crate::competitions::{access, status};
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::EntrantId;
use entity::kinds::AuditAction;
use entity::kinds::EntrantStatus;
use entity::{EventId, OrganisationId};
use entity::{entrant, entrant_member, organisation, person};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// One member as an organiser enters them.
#[derive(Clone, Debug)]
pub struct NewMember {
    pub name: String,
    /// 男 / 女, checked against the ID number.
    pub sex: String,
    pub id_number: String,
    pub phone: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewEntrant {
    pub organisation_id: OrganisationId,
    pub team_name: Option<String>,
    pub members: Vec<NewMember>,
}

/// An entrant as organisers see it: ID numbers masked.
#[derive(Clone, Debug)]
pub struct EntrantView {
    pub entrant: entrant::Model,
    pub organisation: String,
    pub members: Vec<MemberView>,
}

#[derive(Clone, Debug)]
pub struct MemberView {
    pub name: String,
    pub sex: &'static str,
    pub id_masked: String,
    pub phone_masked: Option<String>,
}

/// `138****5678`.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// Adds one entrant by hand (the import does many at once by the same rules).
pub async fn add_entrant<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    new: NewEntrant,
) -> AppResult<entrant::Model> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    if !status::registration_open(comp.status) {
        return Err(AppError::invalid("event", "报名已截止，不能再添加选手"));
    }
    if new.members.len() != ev.team_size as usize {
        return Err(AppError::invalid(
            "members",
            format!(
                "本项目每队 {} 人，填写了 {} 人",
                ev.team_size,
                new.members.len()
            ),
        ));
    }
    if organisation::Entity::find_by_id(new.organisation_id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::invalid("organisation_id", "所选单位不存在"));
    }
    if let Some(team) = &new.team_name {
        crate::limits::at_most(team, 50, "team_name", "队名")?;
    }
    let mut members: Vec<people::CheckedMember> = Vec::with_capacity(new.members.len());
    for (i, m) in new.members.iter().enumerate() {
        let typed = people::TypedMember {
            name: &m.name,
            sex: &m.sex,
            id_number: &m.id_number,
            phone: m.phone.as_deref(),
        };
        let checked = people::check_member(i, typed, members.iter().map(|c| &c.card))?;
        members.push(checked);
    }
    let txn = crate::db::begin_write(db).await?;
    let mut person_ids = Vec::new();
    for m in &members {
        let p = people::find_or_create(&txn, &m.card, &m.name, m.phone.as_deref())
            .await
            .map_err(|e| match e {
                AppError::Invalid { message, .. } => AppError::invalid("members", message),
                other => other,
            })?;
        people::check_not_entered(&txn, &comp, &ev, p.id).await?;
        person_ids.push(p.id);
    }
    let entry_no = next_entry_no(&txn, ev.id).await?;
    let created = entrant::ActiveModel {
        event_id: Set(ev.id),
        entry_no: Set(entry_no),
        organisation_id: Set(new.organisation_id),
        team_name: Set(new
            .team_name
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())),
        status: Set(EntrantStatus::Active),
        status_reason: Set(None),
        station: Set(None),
        blind_code: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for person_id in person_ids {
        entrant_member::ActiveModel {
            entrant_id: Set(created.id),
            person_id: Set(person_id),
            competition_id: Set(comp.id),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::EntrantAdd,
        &format!("event:{}", ev.id),
        serde_json::json!({"entrant": created.id, "entry_no": entry_no}),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// The next free entry number of an event.
pub(crate) async fn next_entry_no(db: &impl ConnectionTrait, event_id: EventId) -> AppResult<i32> {
    reserve_entry_nos(db, event_id, 1).await
}

/// `count` consecutive entry numbers of an event, taken atomically (see [`crate::serials`]);
/// returns the first. A number once given is never given again, even after a removal.
pub(crate) async fn reserve_entry_nos(
    db: &impl ConnectionTrait,
    event_id: EventId,
    count: i32,
) -> AppResult<i32> {
    let last: Option<Option<i32>> = entrant::Entity::find()
        .select_only()
        .column_as(entrant::Column::EntryNo.max(), "max")
        .filter(entrant::Column::EventId.eq(event_id))
        .into_tuple()
        .one(db)
        .await?;
    crate::serials::reserve(
        db,
        &format!("entry_no:{event_id}"),
        last.flatten().unwrap_or(0),
        count,
    )
    .await
}

/// Every entrant of an event, by entry number, with masked personal data. Blind codes (and
/// stations) only for those who may see the draw; under 二次加密 the organiser sees the
/// hall's stations but not the sealed codes.
pub async fn list_entrants(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<Vec<EntrantView>> {
    let (ev, comp) = find_event(db, actor, event_id).await?;
    let mut views = entrant_views(db, ev.id).await?;
    if !access::can_see_draw(actor, &comp, &ev) {
        let stations =
            ev.second_draw_seed.is_some() && access::can_manage_competition(actor, &comp);
        for v in &mut views {
            v.entrant.blind_code = None;
            if !stations {
                v.entrant.station = None;
            }
        }
    }
    Ok(views)
}

pub(crate) async fn entrant_views(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<Vec<EntrantView>> {
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(event_id))
        .order_by_asc(entrant::Column::EntryNo)
        .all(db)
        .await?;
    let ids: Vec<EntrantId> = entrants.iter().map(|e| e.id).collect();
    let mut members: HashMap<EntrantId, Vec<i32>> = HashMap::new();
    let mut person_ids = Vec::new();
    for chunk in ids.chunks(500) {
        for m in entrant_member::Entity::find()
            .filter(entrant_member::Column::EntrantId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            members.entry(m.entrant_id).or_default().push(m.person_id);
            person_ids.push(m.person_id);
        }
    }
    let mut people: HashMap<i32, person::Model> = HashMap::new();
    for chunk in person_ids.chunks(500) {
        for p in person::Entity::find()
            .filter(person::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            people.insert(p.id, p);
        }
    }
    let orgs = crate::accounts::organisations::names(db).await?;
    Ok(entrants
        .into_iter()
        .map(|e| EntrantView {
            organisation: orgs.get(&e.organisation_id).cloned().unwrap_or_default(),
            members: members
                .get(&e.id)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|pid| people.get(pid))
                .map(|p| MemberView {
                    name: p.name.clone(),
                    sex: p.sex.label(),
                    id_masked: id_card::mask(&p.id_number),
                    phone_masked: p.phone.as_deref().map(mask_phone),
                })
                .collect(),
            entrant: e,
        })
        .collect())
}

/// Withdraws (退赛) or disqualifies (取消资格) an entrant, with a reason.
pub async fn change_status(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entrant_id: EntrantId,
    to: EntrantStatus,
    reason: &str,
) -> AppResult<entrant::Model> {
    let found = entrant::Entity::find_by_id(entrant_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_ev, comp) = find_event(db, actor, found.event_id).await?;
    if !access::can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    status::refuse_if_final(db, comp.id, "更改选手状态").await?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "请填写原因"));
    }
    crate::limits::at_most(reason, crate::limits::TEXT, "reason", "原因")?;
    if to == EntrantStatus::Active {
        return Err(AppError::invalid("status", "只能改为退赛或取消资格"));
    }
    let mut model = found.into_active_model();
    model.status = Set(to);
    model.status_reason = Set(Some(reason.to_owned()));
    let updated = model.update(db).await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::EntrantStatus,
        &format!("event:{}", updated.event_id),
        serde_json::json!({"entrant": updated.id, "status": to, "reason": reason}),
    )
    .await?;
    Ok(updated)
}

/// Removes an entrant entered by mistake: only while registration is open.
pub async fn remove_entrant<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    entrant_id: EntrantId,
) -> AppResult<()> {
    let found = entrant::Entity::find_by_id(entrant_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_ev, comp) = find_managed_event(db, actor, found.event_id).await?;
    if !status::registration_open(comp.status) {
        return Err(AppError::invalid(
            "entrant",
            "比赛开始后不能删除选手，请改为退赛或取消资格",
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    entrant::Entity::delete_by_id(found.id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::EntrantRemove,
        &format!("event:{}", found.event_id),
        serde_json::json!({"entrant": found.id, "entry_no": found.entry_no}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
