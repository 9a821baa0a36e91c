//! 资格审核: the organiser accepts submitted entries or returns them with a reason, grants
//! exceptions, and sees each unit's progress at a glance.

use super::access::{organiser_only, party};
use super::{lock, visible_entry};
use crate::accounts::Actor;
use crate::audit;
use crate::entrants::{people, reserve_entry_nos};
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::kinds::{AuditAction, EntrantStatus, RegistrationState, Role};
use entity::{
    CompetitionId, OrganisationId, RegistrationEntryId, competition, competition_role, entrant,
    entrant_member, event, organisation, registration_entry, registration_member,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap};

/// Accepts submitted entries: one (`entry`), or every submitted entry of a unit. Each becomes
/// an entrant of its event with the next entry number (参赛证号), in the order entered.
pub async fn accept<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    which: Which,
) -> AppResult<usize> {
    let (comp, party) = party(db, actor, competition_id).await?;
    organiser_only(party)?;
    if !crate::competitions::status::registration_open(comp.status) {
        return Err(AppError::conflict(
            "registration",
            "比赛已开始，不能再审核报名",
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    lock(&txn, comp.id).await?;
    let mut query = registration_entry::Entity::find()
        .filter(registration_entry::Column::CompetitionId.eq(comp.id))
        .filter(registration_entry::Column::State.eq(RegistrationState::Submitted))
        .order_by_asc(registration_entry::Column::Id);
    query = match which {
        Which::Entry(id) => query.filter(registration_entry::Column::Id.eq(id)),
        Which::Unit(org) => query.filter(registration_entry::Column::OrganisationId.eq(org)),
    };
    let entries = query.all(&txn).await?;
    if entries.is_empty() {
        return Err(match which {
            Which::Entry(_) => AppError::conflict("entry", "只能审核已提交的报名"),
            Which::Unit(_) => AppError::conflict("organisation_id", "该单位没有待审核的报名"),
        });
    }
    let ids: Vec<RegistrationEntryId> = entries.iter().map(|e| e.id).collect();
    let mut members: HashMap<RegistrationEntryId, Vec<i32>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for m in registration_member::Entity::find()
            .filter(registration_member::Column::EntryId.is_in(chunk.to_vec()))
            .order_by_asc(registration_member::Column::Position)
            .all(&txn)
            .await?
        {
            members.entry(m.entry_id).or_default().push(m.person_id);
        }
    }
    let mut per_event: BTreeMap<entity::EventId, Vec<&registration_entry::Model>> = BTreeMap::new();
    for e in &entries {
        per_event.entry(e.event_id).or_default().push(e);
    }
    let events: HashMap<entity::EventId, event::Model> = event::Entity::find()
        .filter(event::Column::Id.is_in(per_event.keys().copied()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    // Nobody is an entrant twice, whatever was typed in the meantime: checked for every person
    // of the accepted entries at once, the refusal naming who.
    let mut wanted = Vec::new();
    for e in &entries {
        let ev = events.get(&e.event_id).ok_or(AppError::NotFound)?;
        for p in members.get(&e.id).map(Vec::as_slice).unwrap_or_default() {
            wanted.push((*p, ev));
        }
    }
    people::check_none_entered(&txn, &comp, &wanted).await?;
    let at = now();
    for (event_id, list) in per_event {
        let first = reserve_entry_nos(&txn, event_id, list.len() as i32).await?;
        for (i, e) in list.into_iter().enumerate() {
            let people_of = members.get(&e.id).cloned().unwrap_or_default();
            let made = entrant::ActiveModel {
                event_id: Set(event_id),
                entry_no: Set(first + i as i32),
                organisation_id: Set(e.organisation_id),
                team_name: Set(e.team_name.clone()),
                status: Set(EntrantStatus::Active),
                status_reason: Set(None),
                station: Set(None),
                blind_code: Set(None),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for p in people_of {
                entrant_member::ActiveModel {
                    entrant_id: Set(made.id),
                    person_id: Set(p),
                    competition_id: Set(comp.id),
                }
                .insert(&txn)
                .await?;
            }
            let mut model = e.clone().into_active_model();
            model.state = Set(RegistrationState::Accepted);
            model.entrant_id = Set(Some(made.id));
            model.return_reason = Set(None);
            model.updated_at = Set(at);
            model.update(&txn).await?;
        }
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RegistrationReview,
        &format!("competition:{}", comp.id),
        serde_json::json!({"accepted": ids}),
    )
    .await?;
    txn.commit().await?;
    Ok(entries.len())
}

/// Which submitted entries to accept.
#[derive(Clone, Copy, Debug)]
pub enum Which {
    Entry(RegistrationEntryId),
    Unit(OrganisationId),
}

/// Returns a submitted entry to its unit with a reason the 领队 reads.
pub async fn return_entry<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    entry_id: RegistrationEntryId,
    reason: &str,
) -> AppResult<registration_entry::Model> {
    let (comp, party, found) = visible_entry(db, actor, entry_id).await?;
    organiser_only(party)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "退回须写明原因，单位据此修改"));
    }
    crate::limits::at_most(reason, crate::limits::TEXT, "reason", "退回原因")?;
    crate::limits::plain_text(reason, "reason")?;
    if found.state != RegistrationState::Submitted {
        return Err(AppError::conflict(
            "entry",
            format!("只能退回已提交的报名（此条为“{}”）", found.state.label()),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    lock(&txn, comp.id).await?;
    let mut model = found.into_active_model();
    model.state = Set(RegistrationState::Returned);
    model.return_reason = Set(Some(reason.to_owned()));
    model.updated_at = Set(now());
    let updated = model.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RegistrationReview,
        &format!("competition:{}", comp.id),
        serde_json::json!({"returned": updated.id, "reason": reason}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The organiser's exception to the eligibility rules for an entry already entered (one the
/// rules refuse at submission, say, after the rules changed).
pub async fn grant_exception<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    entry_id: RegistrationEntryId,
    reason: &str,
) -> AppResult<registration_entry::Model> {
    let (comp, party, found) = visible_entry(db, actor, entry_id).await?;
    organiser_only(party)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "准予例外须写明原因"));
    }
    crate::limits::at_most(reason, crate::limits::TEXT, "reason", "例外原因")?;
    crate::limits::plain_text(reason, "reason")?;
    let txn = crate::db::begin_write(db).await?;
    let mut model = found.into_active_model();
    model.exception_reason = Set(Some(reason.to_owned()));
    model.updated_at = Set(now());
    let updated = model.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RegistrationException,
        &format!("competition:{}", comp.id),
        serde_json::json!({"entry": updated.id, "reason": reason}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Where a unit's list stands, as the organiser's overview shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// 未开始: invited, nothing entered.
    NotStarted,
    /// 填报中: entries not yet submitted.
    InProgress,
    /// 已提交: waiting for review.
    Submitted,
    /// 已退回: an entry came back to the unit.
    Returned,
    /// 已通过: every entry accepted.
    Accepted,
}

impl Progress {
    pub fn label(self) -> &'static str {
        match self {
            Progress::NotStarted => "未开始",
            Progress::InProgress => "填报中",
            Progress::Submitted => "已提交",
            Progress::Returned => "已退回",
            Progress::Accepted => "已通过",
        }
    }

    /// From the states of a unit's entries: a draft anywhere means the unit is still at
    /// work; otherwise a returned entry waits for the unit, a submitted one for the organiser.
    pub fn of(states: &[RegistrationState]) -> Progress {
        let any = |s: RegistrationState| states.contains(&s);
        if states.is_empty() {
            Progress::NotStarted
        } else if any(RegistrationState::Draft) {
            Progress::InProgress
        } else if any(RegistrationState::Returned) {
            Progress::Returned
        } else if any(RegistrationState::Submitted) {
            Progress::Submitted
        } else {
            Progress::Accepted
        }
    }
}

/// One invited unit's line in the overview.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct UnitProgress {
    #[schema(value_type = i32)]
    pub organisation_id: OrganisationId,
    pub organisation: String,
    pub progress: Progress,
    pub entries: usize,
    pub submitted: usize,
    pub returned: usize,
    pub accepted: usize,
    /// The unit's 领队 accounts (user names).
    pub leaders: Vec<String>,
}

/// Every invited unit (and any other with entries), with its progress.
pub async fn progress(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
) -> AppResult<Vec<UnitProgress>> {
    let (comp, party) = party(db, actor, competition_id).await?;
    organiser_only(party)?;
    units_progress(db, &comp).await
}

pub(crate) async fn units_progress(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
) -> AppResult<Vec<UnitProgress>> {
    let roles = competition_role::Entity::find()
        .filter(competition_role::Column::CompetitionId.eq(comp.id))
        .filter(competition_role::Column::Role.eq(Role::TeamLeader))
        .all(db)
        .await?;
    let users: HashMap<entity::UserId, String> = entity::user::Entity::find()
        .filter(entity::user::Column::Id.is_in(roles.iter().map(|r| r.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.username))
        .collect();
    let mut states: BTreeMap<OrganisationId, Vec<RegistrationState>> = BTreeMap::new();
    let mut leaders: HashMap<OrganisationId, Vec<String>> = HashMap::new();
    for r in &roles {
        if let Some(org) = r.organisation_id {
            states.entry(org).or_default();
            if let Some(name) = users.get(&r.user_id) {
                leaders.entry(org).or_default().push(name.clone());
            }
        }
    }
    for (org, state) in registration_entry::Entity::find()
        .filter(registration_entry::Column::CompetitionId.eq(comp.id))
        .select_only()
        .column(registration_entry::Column::OrganisationId)
        .column(registration_entry::Column::State)
        .into_tuple::<(OrganisationId, RegistrationState)>()
        .all(db)
        .await?
    {
        states.entry(org).or_default().push(state);
    }
    let names: HashMap<OrganisationId, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(states.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(states
        .into_iter()
        .map(|(org, s)| {
            let count = |x: RegistrationState| s.iter().filter(|v| **v == x).count();
            UnitProgress {
                organisation_id: org,
                organisation: names.get(&org).cloned().unwrap_or_default(),
                progress: Progress::of(&s),
                entries: s.len(),
                submitted: count(RegistrationState::Submitted),
                returned: count(RegistrationState::Returned),
                accepted: count(RegistrationState::Accepted),
                leaders: leaders.remove(&org).unwrap_or_default(),
            }
        })
        .collect())
}
