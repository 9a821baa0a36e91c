//! 报名: the sending units register their own people.
//!
//! - The organiser **invites** a unit ([`setup`]): the unit's 领队 account is made, or an
//!   existing one of that unit is named for the competition.
//! - While the **window** is open (报名中, before the closing time) the 领队 adds, edits and
//!   withdraws the unit's **entries** and submits the list (提交报名). Each entry is checked
//!   against the event's **eligibility rules** ([`rules`]) when entered and again at
//!   submission; a refusal names its rule.
//! - The organiser reviews submitted entries ([`review`]): accepts them (each becomes an
//!   `entrant` with its entry number) or returns one with a reason, which the unit reads, fixes
//!   and submits again while the window is open. After the close only the organiser changes a
//!   list, with a reason; an exception to the rules is the organiser's too, with a reason.
//! - Accepted entrants are published by event and unit ([`public`]), names and units only.
//!
//! People are matched to `person` by ID number, so what they win collects across editions.

pub mod access;
pub mod facts;
pub mod import;
pub mod public;
pub mod review;
pub mod rules;
pub mod setup;

use self::access::{Party, may_change, party, window_open};
use self::facts::{Person, Place, Proposed, Setting, person_places, refusals, unit_places};
use crate::accounts::Actor;
use crate::audit;
use crate::entrants::id_card::{self, IdCard};
use crate::entrants::{mask_phone, people};
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::kinds::{AuditAction, EventGroup, RegistrationState};
use entity::{
    CompetitionId, EventId, OrganisationId, RegistrationEntryId, competition, organisation, person,
    registration_entry, registration_member, registration_window,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// One member as a unit enters them.
#[derive(Clone, Debug, Default)]
pub struct MemberInput {
    pub name: String,
    /// 男 / 女, checked against the ID number.
    pub sex: String,
    pub id_number: String,
    pub phone: Option<String>,
    /// 职业资格（技能等级） held: 5 … 1.
    pub qualification_level: Option<i32>,
    pub qualification_no: Option<String>,
}

/// An entry as a unit (or the organiser for a unit) enters it.
#[derive(Clone, Debug)]
pub struct EntryInput {
    pub event_id: EventId,
    /// The organiser names the unit; a 领队's own unit is implied.
    pub organisation_id: Option<OrganisationId>,
    pub team_name: Option<String>,
    pub declared_group: EventGroup,
    pub members: Vec<MemberInput>,
    /// The organiser's reason for a change after the window closed.
    pub reason: Option<String>,
    /// The organiser's exception to the eligibility rules, with its reason.
    pub exception_reason: Option<String>,
}

/// A member as a list shows them: ID number and phone masked.
#[derive(Clone, Debug)]
pub struct MemberLine {
    pub name: String,
    pub sex: &'static str,
    pub id_masked: String,
    pub phone_masked: Option<String>,
    pub qualification_level: Option<i32>,
    pub qualification_no: Option<String>,
}

/// An entry as a list shows it.
#[derive(Clone, Debug)]
pub struct EntryView {
    pub entry: registration_entry::Model,
    pub event: String,
    pub organisation: String,
    pub members: Vec<MemberLine>,
}

/// A member checked on its own (see [`people::check_member`]), with the qualification held.
struct CheckedMember {
    person: people::CheckedMember,
    level: Option<i32>,
    number: Option<String>,
}

fn check_members(team_size: i32, members: &[MemberInput]) -> AppResult<Vec<CheckedMember>> {
    if members.len() != team_size as usize {
        return Err(AppError::invalid(
            "members",
            format!("本项目每队 {team_size} 人，填写了 {} 人", members.len()),
        ));
    }
    let mut out: Vec<CheckedMember> = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        let field = |f: &str| format!("members[{i}].{f}");
        let typed = people::TypedMember {
            name: &m.name,
            sex: &m.sex,
            id_number: &m.id_number,
            phone: m.phone.as_deref(),
        };
        let person = people::check_member(i, typed, out.iter().map(|c| &c.person.card))?;
        if let Some(level) = m.qualification_level
            && !(1..=5).contains(&level)
        {
            return Err(AppError::invalid(
                &field("qualification_level"),
                "职业资格等级须为 1（一级/高级技师）到 5（五级/初级工）",
            ));
        }
        let number = m
            .qualification_no
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(ToOwned::to_owned);
        if let Some(n) = &number {
            crate::limits::at_most(n, 50, &field("qualification_no"), "证书编号")?;
            crate::limits::plain_text(n, &field("qualification_no"))?;
        }
        out.push(CheckedMember {
            person,
            level: m.qualification_level,
            number,
        });
    }
    Ok(out)
}

/// [`people::find_or_create`], its refusal naming the field the page shows it at.
async fn ensure_person(
    db: &impl ConnectionTrait,
    card: &IdCard,
    name: &str,
    phone: Option<&str>,
    field: &str,
) -> AppResult<person::Model> {
    people::find_or_create(db, card, name, phone)
        .await
        .map_err(|e| match e {
            AppError::Invalid { message, .. } => AppError::invalid(field, message),
            other => other,
        })
}

/// Takes the competition's registration lock for the transaction: on PostgreSQL two units'
/// writes at the same instant would each count the quota and the one-event rule without the
/// other's row; SQLite's write lock already serialises them.
async fn lock(db: &impl ConnectionTrait, comp: CompetitionId) -> AppResult<()> {
    competition::Entity::find_by_id(comp)
        .lock_exclusive()
        .one(db)
        .await?;
    Ok(())
}

pub(crate) async fn window(
    db: &impl ConnectionTrait,
    comp: CompetitionId,
) -> AppResult<Option<registration_window::Model>> {
    Ok(registration_window::Entity::find_by_id(comp)
        .one(db)
        .await?)
}

/// The unit an entry is for: a 领队's own; the organiser names an existing one.
async fn unit_of(
    db: &impl ConnectionTrait,
    party: Party,
    named: Option<OrganisationId>,
) -> AppResult<organisation::Model> {
    let id = match (party, named) {
        (Party::Unit(own), Some(other)) if other != own => {
            return Err(AppError::invalid("organisation_id", "领队只能为本单位报名"));
        }
        (Party::Unit(own), _) => own,
        (Party::Organiser, Some(id)) => id,
        (Party::Organiser, None) => {
            return Err(AppError::invalid("organisation_id", "请选择报名单位"));
        }
    };
    organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("organisation_id", "所选单位不存在"))
}

/// Enters one entrant (a person or a team) for a unit, as a draft of its list.
pub async fn add_entry<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    input: EntryInput,
) -> AppResult<registration_entry::Model> {
    write_entry(db, actor, competition_id, None, input).await
}

/// Changes an entry that is not yet accepted; it goes back to the unit's draft, to be
/// submitted again.
pub async fn update_entry<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    entry_id: RegistrationEntryId,
    input: EntryInput,
) -> AppResult<registration_entry::Model> {
    let found = registration_entry::Entity::find_by_id(entry_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    write_entry(db, actor, found.competition_id, Some(found), input).await
}

/// The entry as the actor may see it, or "not found" (another unit's entry included).
pub(crate) async fn visible_entry(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entry_id: RegistrationEntryId,
) -> AppResult<(competition::Model, Party, registration_entry::Model)> {
    let found = registration_entry::Entity::find_by_id(entry_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (comp, party) = party(db, actor, found.competition_id).await?;
    if let Party::Unit(own) = party
        && own != found.organisation_id
    {
        return Err(AppError::NotFound);
    }
    Ok((comp, party, found))
}

async fn write_entry<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    existing: Option<registration_entry::Model>,
    input: EntryInput,
) -> AppResult<registration_entry::Model> {
    let (comp, party) = party(db, actor, competition_id).await?;
    if let (Party::Unit(own), Some(e)) = (party, &existing)
        && e.organisation_id != own
    {
        return Err(AppError::NotFound);
    }
    let open = window_open(&comp, window(db, comp.id).await?.as_ref(), now());
    let reason = may_change(&comp, party, open, input.reason.as_deref())?;
    let exception = input
        .exception_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(ToOwned::to_owned);
    if exception.is_some() {
        access::organiser_only(party)?;
        crate::limits::at_most(
            exception.as_deref().unwrap_or_default(),
            crate::limits::TEXT,
            "exception_reason",
            "例外原因",
        )?;
    }
    if let Some(e) = &existing
        && e.state == RegistrationState::Accepted
    {
        return Err(AppError::conflict(
            "entry",
            "已通过审核的选手不能修改；如有错误，请撤回后重新报名",
        ));
    }
    let named = input
        .organisation_id
        .or(existing.as_ref().map(|e| e.organisation_id));
    let unit = unit_of(db, party, named).await?;
    let setting = Setting::load(db, comp.id).await?;
    let ev = setting
        .events
        .get(&input.event_id)
        .cloned()
        .ok_or_else(|| AppError::invalid("event_id", "本赛事没有这个项目"))?;
    let members = check_members(ev.team_size, &input.members)?;
    let team_name = input
        .team_name
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(ToOwned::to_owned);
    if let Some(t) = &team_name {
        crate::limits::at_most(t, 50, "team_name", "队名")?;
        crate::limits::plain_text(t, "team_name")?;
    }
    if ev.team_size > 1 && team_name.is_none() {
        return Err(AppError::invalid("team_name", "团体项目须填写队名"));
    }

    let txn = crate::db::begin_write(db).await?;
    lock(&txn, comp.id).await?;
    let mut stored = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        let p = ensure_person(
            &txn,
            &m.person.card,
            &m.person.name,
            m.person.phone.as_deref(),
            &format!("members[{i}].name"),
        )
        .await?;
        stored.push(Person {
            id: p.id,
            name: p.name,
            birth_date: p.birth_date,
            qualification_level: m.level,
            qualification_no: m.number.clone(),
        });
    }
    let ids: Vec<i32> = stored.iter().map(|p| p.id).collect();
    let places = person_places(&txn, comp.id, &ids).await?;
    let units = unit_places(&txn, &setting, unit.id).await?;
    let found = refusals(
        &setting,
        &places,
        &units,
        &Proposed {
            comp: &comp,
            event: ev.id,
            unit_kind: unit.kind,
            declared_group: input.declared_group,
            people: &stored,
            itself: existing.as_ref().map(|e| Place::Entry(e.id)),
        },
    );
    // An exception stays with what it was granted for: the same people in the same event. A
    // unit that swaps a person or the event meets the rules again.
    let kept = match &existing {
        Some(e) if e.exception_reason.is_some() && e.event_id == ev.id => {
            let before: Vec<i32> = registration_member::Entity::find()
                .filter(registration_member::Column::EntryId.eq(e.id))
                .order_by_asc(registration_member::Column::Position)
                .all(&txn)
                .await?
                .into_iter()
                .map(|m| m.person_id)
                .collect();
            e.exception_reason.clone().filter(|_| before == ids)
        }
        _ => None,
    };
    let waiver = exception.clone().or(kept);
    if let Some(r) = found
        .iter()
        .find(|r| !r.rule.waivable() || waiver.is_none())
    {
        let field = match r.member {
            Some(i) => format!("members[{i}]"),
            None => "event_id".to_owned(),
        };
        return Err(AppError::invalid(&field, r.text()));
    }
    let at = now();
    let entry = match existing {
        Some(e) => {
            let mut model = e.into_active_model();
            model.event_id = Set(ev.id);
            model.organisation_id = Set(unit.id);
            model.team_name = Set(team_name);
            model.declared_group = Set(input.declared_group);
            model.state = Set(RegistrationState::Draft);
            model.exception_reason = Set(waiver.clone());
            model.updated_at = Set(at);
            let updated = model.update(&txn).await?;
            registration_member::Entity::delete_many()
                .filter(registration_member::Column::EntryId.eq(updated.id))
                .exec(&txn)
                .await?;
            updated
        }
        None => {
            registration_entry::ActiveModel {
                competition_id: Set(comp.id),
                event_id: Set(ev.id),
                organisation_id: Set(unit.id),
                team_name: Set(team_name),
                declared_group: Set(input.declared_group),
                state: Set(RegistrationState::Draft),
                return_reason: Set(None),
                exception_reason: Set(exception.clone()),
                entrant_id: Set(None),
                submitted_at: Set(None),
                created_by: Set(actor.user_id),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    registration_member::Entity::insert_many(stored.iter().enumerate().map(|(i, p)| {
        registration_member::ActiveModel {
            entry_id: Set(entry.id),
            competition_id: Set(comp.id),
            person_id: Set(p.id),
            position: Set(i as i32),
            qualification_level: Set(p.qualification_level),
            qualification_no: Set(p.qualification_no.clone()),
            ..Default::default()
        }
    }))
    .exec(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RegistrationChange,
        &format!("competition:{}", comp.id),
        serde_json::json!({"entry": entry.id, "organisation": unit.id, "event": ev.id,
            "people": ids, "reason": reason}),
    )
    .await?;
    if let Some(why) = &exception {
        audit::record(
            &txn,
            Some(actor.user_id),
            AuditAction::RegistrationException,
            &format!("competition:{}", comp.id),
            serde_json::json!({"entry": entry.id, "waived": found.iter().map(|r| r.rule).collect::<Vec<_>>(), "reason": why}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(entry)
}

/// Withdraws an entry: a unit's own while the window is open, the organiser's later with a
/// reason. An accepted entry's entrant goes with it (the contest has not started).
pub async fn withdraw_entry<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    entry_id: RegistrationEntryId,
    reason: Option<&str>,
) -> AppResult<()> {
    let (comp, party, found) = visible_entry(db, actor, entry_id).await?;
    let open = window_open(&comp, window(db, comp.id).await?.as_ref(), now());
    let reason = may_change(&comp, party, open, reason)?;
    let txn = crate::db::begin_write(db).await?;
    lock(&txn, comp.id).await?;
    registration_member::Entity::delete_many()
        .filter(registration_member::Column::EntryId.eq(found.id))
        .exec(&txn)
        .await?;
    registration_entry::Entity::delete_by_id(found.id)
        .exec(&txn)
        .await?;
    if let Some(entrant) = found.entrant_id {
        entity::entrant_member::Entity::delete_many()
            .filter(entity::entrant_member::Column::EntrantId.eq(entrant))
            .exec(&txn)
            .await?;
        entity::entrant::Entity::delete_by_id(entrant)
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RegistrationChange,
        &format!("competition:{}", comp.id),
        serde_json::json!({"entry": found.id, "organisation": found.organisation_id,
            "withdrawn": true, "entrant": found.entrant_id, "reason": reason}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A unit's entries (a 领队's own unit; the organiser names one, or sees all), by event and
/// then as entered.
pub async fn list_entries(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
    unit: Option<OrganisationId>,
) -> AppResult<Vec<EntryView>> {
    let (comp, party) = party(db, actor, competition_id).await?;
    let unit = match party {
        Party::Unit(own) => Some(own),
        Party::Organiser => unit,
    };
    entry_views(db, comp.id, unit, None).await
}

/// The members of these entries in their order, and the people they are, read in chunks (SQLite
/// binds at most 32766 values a statement).
async fn members_of(
    db: &impl ConnectionTrait,
    entries: &[registration_entry::Model],
) -> AppResult<(
    HashMap<RegistrationEntryId, Vec<registration_member::Model>>,
    HashMap<i32, person::Model>,
)> {
    let ids: Vec<RegistrationEntryId> = entries.iter().map(|e| e.id).collect();
    let mut members: HashMap<RegistrationEntryId, Vec<registration_member::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for m in registration_member::Entity::find()
            .filter(registration_member::Column::EntryId.is_in(chunk.to_vec()))
            .order_by_asc(registration_member::Column::Position)
            .all(db)
            .await?
        {
            members.entry(m.entry_id).or_default().push(m);
        }
    }
    let person_ids: Vec<i32> = members.values().flatten().map(|m| m.person_id).collect();
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
    Ok((members, people))
}

pub(crate) async fn entry_views(
    db: &impl ConnectionTrait,
    comp: CompetitionId,
    unit: Option<OrganisationId>,
    state: Option<RegistrationState>,
) -> AppResult<Vec<EntryView>> {
    let mut query = registration_entry::Entity::find()
        .filter(registration_entry::Column::CompetitionId.eq(comp))
        .order_by_asc(registration_entry::Column::EventId)
        .order_by_asc(registration_entry::Column::Id);
    if let Some(u) = unit {
        query = query.filter(registration_entry::Column::OrganisationId.eq(u));
    }
    if let Some(s) = state {
        query = query.filter(registration_entry::Column::State.eq(s));
    }
    let entries = query.all(db).await?;
    let setting = Setting::load(db, comp).await?;
    let orgs = crate::accounts::organisations::names(db).await?;
    let (members, people) = members_of(db, &entries).await?;
    Ok(entries
        .into_iter()
        .map(|e| EntryView {
            event: setting.title(e.event_id),
            organisation: orgs.get(&e.organisation_id).cloned().unwrap_or_default(),
            members: members
                .get(&e.id)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|m| {
                    let p = people.get(&m.person_id)?;
                    Some(MemberLine {
                        name: p.name.clone(),
                        sex: p.sex.label(),
                        id_masked: id_card::mask(&p.id_number),
                        phone_masked: p.phone.as_deref().map(mask_phone),
                        qualification_level: m.qualification_level,
                        qualification_no: m.qualification_no.clone(),
                    })
                })
                .collect(),
            entry: e,
        })
        .collect())
}

/// One entry a submission refused, and why.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct SubmitProblem {
    #[schema(value_type = i32)]
    pub entry_id: RegistrationEntryId,
    pub names: String,
    pub rule: rules::Rule,
    pub message: String,
}

/// What a submission did.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct SubmitReport {
    /// Entries now waiting for the organiser.
    pub submitted: usize,
    /// Why nothing was submitted; empty when the list went through.
    pub problems: Vec<SubmitProblem>,
}

/// The 领队's own unit while its window is open: what only a unit does (submitting, importing
/// its list). `not_unit` is the field and message for anyone else.
pub(crate) async fn open_unit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
    not_unit: (&str, &str),
) -> AppResult<(competition::Model, organisation::Model)> {
    let (comp, party) = party(db, actor, competition_id).await?;
    let Party::Unit(unit_id) = party else {
        return Err(AppError::invalid(not_unit.0, not_unit.1));
    };
    if !window_open(&comp, window(db, comp.id).await?.as_ref(), now()) {
        return Err(AppError::conflict(
            "registration",
            "报名已截止，名单只能由赛事组织者更改，请与组织者联系",
        ));
    }
    let unit = organisation::Entity::find_by_id(unit_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((comp, unit))
}

/// 提交报名: the unit's drafts and returned entries go to the organiser, all together, after
/// every entry not yet accepted passes the rules again (they may have changed since, and the
/// quota counts the whole list). With one refusal nothing is submitted.
///
/// The check reads outside the write lock; the write then takes the lock only to see that the
/// unit's list is still what was checked and to mark it submitted. Near the deadline hundreds
/// of units submit within minutes, and on SQLite every write waits for the one before: the
/// less each holds the lock, the shorter the queue. A list changed in between is checked
/// again.
pub async fn submit<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
) -> AppResult<SubmitReport> {
    let (comp, unit) = open_unit(
        db,
        actor,
        competition_id,
        ("registration", "提交报名由参赛单位的领队完成"),
    )
    .await?;
    for _ in 0..3 {
        let checked = check_unit_list(db, &comp, &unit).await?;
        if checked.entries.is_empty() {
            return Err(AppError::invalid(
                "registration",
                "名单中没有待提交的选手，请先添加选手",
            ));
        }
        if !checked.problems.is_empty() {
            return Ok(SubmitReport {
                submitted: 0,
                problems: checked.problems,
            });
        }
        let txn = crate::db::begin_write(db).await?;
        lock(&txn, comp.id).await?;
        if list_version(&txn, comp.id, unit.id).await? != version_of(&checked.entries) {
            continue;
        }
        let ids: Vec<RegistrationEntryId> = checked.entries.iter().map(|e| e.id).collect();
        let at = now();
        registration_entry::Entity::update_many()
            .col_expr(
                registration_entry::Column::State,
                sea_orm::sea_query::Expr::value(RegistrationState::Submitted),
            )
            .col_expr(
                registration_entry::Column::SubmittedAt,
                sea_orm::sea_query::Expr::value(at),
            )
            .col_expr(
                registration_entry::Column::ReturnReason,
                sea_orm::sea_query::Expr::value(Option::<String>::None),
            )
            .filter(registration_entry::Column::Id.is_in(ids))
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            Some(actor.user_id),
            AuditAction::RegistrationSubmit,
            &format!("competition:{}", comp.id),
            serde_json::json!({"organisation": unit.id, "entries": checked.entries.len(),
                "new": checked.waiting}),
        )
        .await?;
        txn.commit().await?;
        return Ok(SubmitReport {
            submitted: checked.entries.len(),
            problems: Vec::new(),
        });
    }
    Err(AppError::conflict(
        "registration",
        "名单正在被修改，请稍后再提交",
    ))
}

/// A unit's entries not yet accepted, what the rules say about them, and how many were not
/// submitted before.
struct CheckedList {
    entries: Vec<registration_entry::Model>,
    problems: Vec<SubmitProblem>,
    waiting: usize,
}

/// What the submission checked: each entry not yet accepted, with its state and last change.
type ListVersion = Vec<(
    RegistrationEntryId,
    RegistrationState,
    chrono::DateTime<chrono::Utc>,
)>;

fn version_of(entries: &[registration_entry::Model]) -> ListVersion {
    let mut v: ListVersion = entries
        .iter()
        .map(|e| (e.id, e.state, e.updated_at))
        .collect();
    v.sort_by_key(|x| x.0);
    v
}

async fn list_version(
    db: &impl ConnectionTrait,
    comp: CompetitionId,
    unit: OrganisationId,
) -> AppResult<ListVersion> {
    let mut v: ListVersion = registration_entry::Entity::find()
        .filter(registration_entry::Column::CompetitionId.eq(comp))
        .filter(registration_entry::Column::OrganisationId.eq(unit))
        .filter(registration_entry::Column::State.ne(RegistrationState::Accepted))
        .select_only()
        .column(registration_entry::Column::Id)
        .column(registration_entry::Column::State)
        .column(registration_entry::Column::UpdatedAt)
        .into_tuple()
        .all(db)
        .await?;
    v.sort_by_key(|x| x.0);
    Ok(v)
}

async fn check_unit_list(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
    unit: &organisation::Model,
) -> AppResult<CheckedList> {
    let setting = Setting::load(db, comp.id).await?;
    let entries = registration_entry::Entity::find()
        .filter(registration_entry::Column::CompetitionId.eq(comp.id))
        .filter(registration_entry::Column::OrganisationId.eq(unit.id))
        .filter(registration_entry::Column::State.ne(RegistrationState::Accepted))
        .all(db)
        .await?;
    let (members, people) = members_of(db, &entries).await?;
    let person_ids: Vec<i32> = members.values().flatten().map(|m| m.person_id).collect();
    let places = person_places(db, comp.id, &person_ids).await?;
    let units = unit_places(db, &setting, unit.id).await?;
    let mut problems = Vec::new();
    let mut waiting = 0;
    for e in &entries {
        let stored: Vec<Person> = members
            .get(&e.id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|m| {
                let p = people.get(&m.person_id)?;
                Some(Person {
                    id: m.person_id,
                    name: p.name.clone(),
                    birth_date: p.birth_date,
                    qualification_level: m.qualification_level,
                    qualification_no: m.qualification_no.clone(),
                })
            })
            .collect();
        let found = refusals(
            &setting,
            &places,
            &units,
            &Proposed {
                comp,
                event: e.event_id,
                unit_kind: unit.kind,
                declared_group: e.declared_group,
                people: &stored,
                itself: Some(Place::Entry(e.id)),
            },
        );
        let names = stored
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("、");
        for r in found
            .into_iter()
            .filter(|r| !r.rule.waivable() || e.exception_reason.is_none())
        {
            problems.push(SubmitProblem {
                entry_id: e.id,
                names: names.clone(),
                rule: r.rule,
                message: r.text(),
            });
        }
        if e.state != RegistrationState::Submitted {
            waiting += 1;
        }
    }
    Ok(CheckedList {
        entries,
        problems,
        waiting,
    })
}

/// What a unit fixes on an entry without typing its people again (the page's 修改): the
/// declared group, the team name and each member's qualification and phone.
#[derive(Clone, Debug, Default)]
pub struct Amendment {
    pub declared_group: Option<EventGroup>,
    pub team_name: Option<String>,
    /// By member position: level, certificate number, phone (none keeps the stored phone).
    pub members: Vec<(Option<i32>, Option<String>, Option<String>)>,
    pub reason: Option<String>,
}

/// Amends an entry: the same people, the rules checked again, back to the unit's draft.
pub async fn amend_entry<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    entry_id: RegistrationEntryId,
    change: Amendment,
) -> AppResult<registration_entry::Model> {
    let (_, _, found) = visible_entry(db, actor, entry_id).await?;
    let stored = registration_member::Entity::find()
        .filter(registration_member::Column::EntryId.eq(found.id))
        .order_by_asc(registration_member::Column::Position)
        .all(db)
        .await?;
    let mut members = Vec::with_capacity(stored.len());
    for (i, m) in stored.iter().enumerate() {
        let p = person::Entity::find_by_id(m.person_id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        let (level, number, phone) = change.members.get(i).cloned().unwrap_or_default();
        members.push(MemberInput {
            name: p.name,
            sex: p.sex.label().to_owned(),
            id_number: p.id_number,
            phone: phone.or(p.phone),
            qualification_level: level,
            qualification_no: number,
        });
    }
    let input = EntryInput {
        event_id: found.event_id,
        organisation_id: Some(found.organisation_id),
        team_name: change.team_name.or(found.team_name.clone()),
        declared_group: change.declared_group.unwrap_or(found.declared_group),
        members,
        reason: change.reason,
        exception_reason: None,
    };
    write_entry(db, actor, found.competition_id, Some(found), input).await
}
