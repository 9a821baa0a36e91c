//! Judges of an event, their panels, and judge–entrant assignments under the recusal rule.

use super::access::must_recuse;
use crate::accounts::Actor;
use crate::audit;
use crate::competitions::events::{find_event, find_managed_event};
use crate::entrants::id_card::{self, Sex};
use crate::entrants::people;
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::kinds::AuditAction;
use entity::kinds::{EntrantStatus, JudgeRole};
use entity::{
    EntrantId, JudgeId, entrant, entrant_member, judge, judge_assignment, organisation, person,
};
use entity::{EventId, OrganisationId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct NewJudge {
    pub name: String,
    pub sex: String,
    pub id_number: String,
    pub phone: Option<String>,
    pub organisation_id: OrganisationId,
    pub role: JudgeRole,
    pub panel: String,
}

#[derive(Clone, Debug)]
pub struct JudgeView {
    pub judge: judge::Model,
    pub name: String,
    pub organisation: String,
    pub id_masked: String,
}

/// A panel label: 1–16 letters or digits.
pub fn check_panel(panel: &str) -> Result<String, String> {
    let p = panel.trim().to_uppercase();
    if p.is_empty() || p.len() > 16 || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("裁判组须为 1–16 位字母或数字，如 A".to_owned());
    }
    Ok(p)
}

pub async fn add_judge<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    new: NewJudge,
) -> AppResult<judge::Model> {
    add_judge_for(db, actor, event_id, new, &[]).await
}

/// Adds a substitute judge (替补裁判) to a panel for just the entrants the whole panel had to
/// stay away from (回避), and assigns them those entrants, in one step. Refused for an entrant
/// of the substitute's own organisation, and for one whom a judge of the panel (or another
/// substitute) already marks: a substitute takes a place that is empty, never a second one.
pub async fn add_substitute<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    new: NewJudge,
    entrants: &[EntrantId],
) -> AppResult<judge::Model> {
    if entrants.is_empty() {
        return Err(AppError::invalid("entrants", "请选择由替补裁判评分的选手"));
    }
    if new.role != JudgeRole::Judge {
        return Err(AppError::invalid(
            "role",
            "替补裁判只能是裁判，不能是裁判长",
        ));
    }
    add_judge_for(db, actor, event_id, new, entrants).await
}

/// The entrants of a panel whom nobody marks: every judge of the panel must stay away from them
/// (or is assigned others), and no substitute has them.
pub async fn uncovered(
    db: &impl ConnectionTrait,
    event_id: EventId,
    panel: &str,
) -> AppResult<Vec<entrant::Model>> {
    let judges: Vec<judge::Model> = judge::Entity::find()
        .filter(judge::Column::EventId.eq(event_id))
        .filter(judge::Column::Role.eq(JudgeRole::Judge))
        .filter(judge::Column::Panel.eq(panel))
        .all(db)
        .await?;
    if judges.is_empty() {
        return Ok(Vec::new());
    }
    let mut assignments: HashMap<JudgeId, Vec<EntrantId>> = HashMap::new();
    for a in judge_assignment::Entity::find()
        .filter(
            judge_assignment::Column::JudgeId
                .is_in(judges.iter().map(|j| j.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
    {
        assignments
            .entry(a.judge_id)
            .or_default()
            .push(a.entrant_id);
    }
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(event_id))
        .filter(
            entrant::Column::Status.is_not_in([EntrantStatus::Withdrawn, EntrantStatus::Absent]),
        )
        .order_by_asc(entrant::Column::EntryNo)
        .all(db)
        .await?;
    Ok(entrants
        .into_iter()
        .filter(|e| {
            !judges.iter().any(|j| {
                let assigned = assignments.get(&j.id);
                super::access::may_mark_with(
                    j,
                    Some(e),
                    assigned.is_some(),
                    assigned.is_some_and(|list| list.contains(&e.id)),
                )
            })
        })
        .collect())
}

async fn add_judge_for<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    new: NewJudge,
    substitute_for: &[EntrantId],
) -> AppResult<judge::Model> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    crate::competitions::status::refuse_if_final(db, comp.id, "增加裁判").await?;
    let name = new.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(AppError::invalid("name", "姓名不能为空，且不超过 50 字"));
    }
    let card = id_card::parse(&new.id_number)
        .map_err(|e| AppError::invalid("id_number", e.to_string()))?;
    let sex = Sex::parse(&new.sex).ok_or_else(|| AppError::invalid("sex", "性别须填“男”或“女”"))?;
    if sex != card.sex {
        return Err(AppError::invalid(
            "sex",
            format!("性别“{}”与身份证号不符", sex.label()),
        ));
    }
    let phone =
        people::check_phone(new.phone.as_deref()).map_err(|m| AppError::invalid("phone", m))?;
    let panel = check_panel(&new.panel).map_err(|m| AppError::invalid("panel", m))?;
    if organisation::Entity::find_by_id(new.organisation_id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(AppError::invalid("organisation_id", "所选单位不存在"));
    }
    let txn = crate::db::begin_write(db).await?;
    let p = people::find_or_create(&txn, &card, &name, phone.as_deref()).await?;
    if judge::Entity::find()
        .filter(judge::Column::EventId.eq(ev.id))
        .filter(judge::Column::PersonId.eq(p.id))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::conflict("id_number", "此人已是本项目的裁判"));
    }
    if competes_in(&txn, ev.id, p.id).await? {
        return Err(AppError::conflict(
            "id_number",
            "此人是本项目的选手，不能担任裁判",
        ));
    }
    let open: HashMap<EntrantId, entrant::Model> = if substitute_for.is_empty() {
        HashMap::new()
    } else {
        uncovered(&txn, ev.id, &panel)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect()
    };
    let created = judge::ActiveModel {
        event_id: Set(ev.id),
        person_id: Set(p.id),
        organisation_id: Set(new.organisation_id),
        role: Set(new.role),
        panel: Set(panel),
        created_at: Set(now()),
        substitute: Set(!substitute_for.is_empty()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for id in substitute_for {
        let e = open.get(id).ok_or_else(|| {
            AppError::invalid(
                "entrants",
                format!("选手（编号 {}）已有本裁判组的裁判评分，无需替补", id.0),
            )
        })?;
        if must_recuse(&created, e) {
            return Err(AppError::invalid(
                "entrants",
                format!(
                    "回避：替补裁判与 {} 号选手同单位，请另选其他单位的裁判",
                    e.entry_no
                ),
            ));
        }
        judge_assignment::ActiveModel {
            judge_id: Set(created.id),
            entrant_id: Set(e.id),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        if substitute_for.is_empty() {
            AuditAction::JudgeAdd
        } else {
            AuditAction::SubstituteJudgeAdd
        },
        &format!("event:{}", ev.id),
        serde_json::json!({"judge": created.id, "role": created.role, "panel": created.panel,
            "entrants": substitute_for.iter().map(|e| e.0).collect::<Vec<_>>()}),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

async fn competes_in(
    db: &impl ConnectionTrait,
    event_id: EventId,
    person_id: i32,
) -> AppResult<bool> {
    let member_of: Vec<EntrantId> = entrant_member::Entity::find()
        .filter(entrant_member::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.entrant_id)
        .collect();
    if member_of.is_empty() {
        return Ok(false);
    }
    Ok(entrant::Entity::find()
        .filter(entrant::Column::Id.is_in(member_of))
        .filter(entrant::Column::EventId.eq(event_id))
        .one(db)
        .await?
        .is_some())
}

pub async fn list_judges(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<Vec<JudgeView>> {
    let (ev, _comp) = find_event(db, actor, event_id).await?;
    judge_views(db, ev.id).await
}

pub(crate) async fn judge_views(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<Vec<JudgeView>> {
    let judges = judge::Entity::find()
        .filter(judge::Column::EventId.eq(event_id))
        .order_by_asc(judge::Column::Panel)
        .order_by_asc(judge::Column::Id)
        .all(db)
        .await?;
    let people: HashMap<i32, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(judges.iter().map(|j| j.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let orgs = crate::accounts::organisations::names(db).await?;
    Ok(judges
        .into_iter()
        .map(|j| JudgeView {
            name: people
                .get(&j.person_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            id_masked: people
                .get(&j.person_id)
                .map(|p| id_card::mask(&p.id_number))
                .unwrap_or_default(),
            organisation: orgs.get(&j.organisation_id).cloned().unwrap_or_default(),
            judge: j,
        })
        .collect())
}

/// Gives a judge an entrant to mark. Refused when the two share an organisation (回避), or
/// belong to different events.
pub async fn assign(
    db: &impl ConnectionTrait,
    actor: &Actor,
    judge_id: JudgeId,
    entrant_id: EntrantId,
) -> AppResult<()> {
    let j = judge::Entity::find_by_id(judge_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (ev, comp) = find_managed_event(db, actor, j.event_id).await?;
    crate::competitions::status::refuse_if_final(db, comp.id, "调整裁判分工").await?;
    let e = entrant::Entity::find_by_id(entrant_id)
        .one(db)
        .await?
        .filter(|e| e.event_id == ev.id)
        .ok_or_else(|| AppError::invalid("entrant_id", "该选手不在本项目中"))?;
    if must_recuse(&j, &e) {
        let org = organisation::Entity::find_by_id(j.organisation_id)
            .one(db)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        return Err(AppError::invalid(
            "entrant_id",
            format!("回避：裁判与该选手同属“{org}”，不能评该选手"),
        ));
    }
    let exists = judge_assignment::Entity::find_by_id((j.id, e.id))
        .one(db)
        .await?;
    if exists.is_none() {
        judge_assignment::ActiveModel {
            judge_id: Set(j.id),
            entrant_id: Set(e.id),
        }
        .insert(db)
        .await?;
        audit::record(
            db,
            Some(actor.user_id),
            AuditAction::JudgeAssign,
            &format!("event:{}", ev.id),
            serde_json::json!({"judge": j.id, "entrant": e.id}),
        )
        .await?;
    }
    Ok(())
}

/// Every assignment of the event's judges: judge → entrants (judges without any are absent).
pub async fn assignments_of_event(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<HashMap<JudgeId, Vec<EntrantId>>> {
    let ids: Vec<JudgeId> = judge::Entity::find()
        .filter(judge::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|j| j.id)
        .collect();
    let mut map: HashMap<JudgeId, Vec<EntrantId>> = HashMap::new();
    for a in judge_assignment::Entity::find()
        .filter(judge_assignment::Column::JudgeId.is_in(ids))
        .all(db)
        .await?
    {
        map.entry(a.judge_id).or_default().push(a.entrant_id);
    }
    Ok(map)
}

/// The entrants assigned to a judge by id; empty when the event does not use assignments.
pub(crate) async fn assigned_entrants(
    db: &impl ConnectionTrait,
    judge: &judge::Model,
) -> AppResult<Vec<EntrantId>> {
    Ok(judge_assignment::Entity::find()
        .filter(judge_assignment::Column::JudgeId.eq(judge.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.entrant_id)
        .collect())
}

/// A judge, for an actor who may see the judge's event; "not found" for anyone else.
pub async fn find_judge(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: entity::JudgeId,
) -> AppResult<judge::Model> {
    let judge = judge::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    find_event(db, actor, judge.event_id).await?;
    Ok(judge)
}

/// The entrants a judge marks: the assigned ones if the event uses assignments, otherwise every
/// active entrant of the event — in both cases never one of the judge's own organisation.
pub async fn markable_entrants(
    db: &impl ConnectionTrait,
    judge: &judge::Model,
) -> AppResult<Vec<entrant::Model>> {
    let assigned = assigned_entrants(db, judge).await?;
    let mut query = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(judge.event_id))
        .filter(
            entrant::Column::Status.is_not_in([EntrantStatus::Withdrawn, EntrantStatus::Absent]),
        )
        .order_by_asc(entrant::Column::Station)
        .order_by_asc(entrant::Column::EntryNo);
    if !assigned.is_empty() {
        query = query.filter(entrant::Column::Id.is_in(assigned));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .filter(|e| !must_recuse(judge, e))
        .collect())
}

/// The judge rows of one event.
pub async fn judges_of(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<Vec<judge::Model>> {
    Ok(judge::Entity::find()
        .filter(judge::Column::EventId.eq(event_id))
        .all(db)
        .await?)
}
