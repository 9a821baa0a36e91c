//! Appeals and arbitration (申诉与仲裁): every appeal and objection is a case, numbered per
//! competition, that ends upheld or dismissed with reasons.
//!
//! - A **赛场申诉** (`on_site`) is filed by a team leader for one of its organisation's entrants,
//!   from the event's start until `appeal_hours` (default 2) after it ends (its end time, or the
//!   lock when no end time was set).
//! - A **公示期异议** (`objection`) is filed by anyone under their real name and telephone
//!   number, inside the publicity window.
//! - The organiser records a **paper** case of either kind, with the time it was received, which
//!   must fall inside the same limits.
//! - The **arbitration group** decides. An upheld case may correct marks: each correction goes
//!   through the marking audit chain with the case number in its reason, and the event's
//!   results get a new version that the chief judge must sign again. A dismissed case changes
//!   no mark.

use super::access::{CaseViewer, can_decide, can_see_case, viewer};
use super::versions;
use crate::accounts::{Actor, throttle};
use crate::competitions::status::refuse_if_final;
use crate::entrants::people::check_phone;
use crate::error::{AppError, AppResult};
use crate::live::BoardChanged;
use crate::marking::audit_chain::stored_time;
use crate::marking::corrections::{Applied, apply};
use crate::marking::ledger::{self, Selection};
use crate::marking::marks::{aspect_rule, begin_chained};
use crate::time::now;
use chrono::{DateTime, Duration, Utc};
use entity::CompetitionId;
use entity::EventId;
use entity::OrganisationId;
use entity::kinds::AuditAction;
use entity::kinds::{CaseChannel, CaseKind, CaseStatus, CompetitionStatus, Role};
use entity::{
    AspectId, EntrantId, JudgeId, MarkKey, StoredDecimal, appeal_case, competition,
    competition_role, entrant, event,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};

/// A case's number as people write it: 2026-3-007 (year, competition, number).
pub fn case_number(comp: &competition::Model, case: &appeal_case::Model) -> String {
    format!("{}-{}-{:03}", comp.year, comp.id, case.number)
}

/// The competitions an account is named for, and as what.
pub async fn roles_of(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<Vec<competition_role::Model>> {
    Ok(competition_role::Entity::find()
        .filter(competition_role::Column::UserId.eq(actor.user_id))
        .all(db)
        .await?)
}

/// The competition and how the actor stands to its cases; "not found" for anyone without a
/// part in it.
pub async fn part_in(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
) -> AppResult<(competition::Model, CaseViewer)> {
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = roles_of(db, actor).await?;
    let v = viewer(actor, &comp, &roles).ok_or(AppError::NotFound)?;
    Ok((comp, v))
}

/// The cases of a competition the actor may see, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
) -> AppResult<(competition::Model, CaseViewer, Vec<appeal_case::Model>)> {
    let (comp, v) = part_in(db, actor, competition_id).await?;
    let cases = appeal_case::Entity::find()
        .filter(appeal_case::Column::CompetitionId.eq(comp.id))
        .order_by_desc(appeal_case::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| can_see_case(v, c))
        .collect();
    Ok((comp, v, cases))
}

/// One case, for whoever may see it.
pub async fn find(
    db: &impl ConnectionTrait,
    actor: &Actor,
    case_id: i32,
) -> AppResult<(competition::Model, CaseViewer, appeal_case::Model)> {
    let case = appeal_case::Entity::find_by_id(case_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (comp, v) = part_in(db, actor, case.competition_id).await?;
    if !can_see_case(v, &case) {
        return Err(AppError::NotFound);
    }
    Ok((comp, v, case))
}

/// The numbers of a competition's cases still open.
pub async fn open_cases(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
) -> AppResult<Vec<String>> {
    let Some(comp) = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    Ok(appeal_case::Entity::find()
        .filter(appeal_case::Column::CompetitionId.eq(competition_id))
        .filter(appeal_case::Column::Status.eq(CaseStatus::Open))
        .order_by_asc(appeal_case::Column::Number)
        .all(db)
        .await?
        .iter()
        .map(|c| case_number(&comp, c))
        .collect())
}

/// A new case, from any channel.
#[derive(Clone, Debug)]
pub struct NewCase {
    pub kind: CaseKind,
    pub event_id: EventId,
    pub entrant_id: Option<EntrantId>,
    pub filer_name: String,
    pub filer_organisation: String,
    pub filer_phone: Option<String>,
    pub claim: String,
    /// When a paper case was received; `None` for now.
    pub received_at: Option<DateTime<Utc>>,
}

/// A team leader files an on-site appeal for one of its organisation's entrants.
pub async fn file_appeal<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    new: NewCase,
) -> AppResult<appeal_case::Model> {
    let (comp, v) = part_in(db, actor, competition_id).await?;
    let CaseViewer::TeamLeader(org) = v else {
        return Err(AppError::Forbidden);
    };
    let new = NewCase {
        kind: CaseKind::OnSite,
        filer_name: actor.display_name.clone(),
        filer_organisation: organisation_name(db, org).await?,
        received_at: None,
        ..new
    };
    store(db, &comp, new, CaseChannel::Online, Some(actor), Some(org)).await
}

/// Anyone files an objection during publicity, under their real name and telephone number;
/// one address files ten an hour before it is paced (see [`throttle::OBJECTION_ADDRESS`]).
pub async fn file_objection<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    from: std::net::IpAddr,
    competition_id: CompetitionId,
    new: NewCase,
) -> AppResult<appeal_case::Model> {
    let subject = throttle::Subject::objection_address(from);
    if let Some(until) = throttle::attempts(db, &subject).await?.wait_until {
        return Err(AppError::TooManyAttempts { until });
    }
    let filed = store_objection(db, competition_id, new).await?;
    throttle::fail(db, &subject).await?;
    Ok(filed)
}

/// The number people quote for a case filed just now.
pub async fn number_of(db: &impl ConnectionTrait, case: &appeal_case::Model) -> AppResult<String> {
    let comp = competition::Entity::find_by_id(case.competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(case_number(&comp, case))
}

async fn store_objection<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    competition_id: CompetitionId,
    new: NewCase,
) -> AppResult<appeal_case::Model> {
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if comp.status != CompetitionStatus::Publicity {
        return Err(AppError::NotFound);
    }
    let new = NewCase {
        kind: CaseKind::Objection,
        received_at: None,
        ..new
    };
    store(db, &comp, new, CaseChannel::Online, None, None).await
}

/// The organiser records a paper case of either kind; `filer_organisation_id` names the
/// organisation whose team leader filed it, so that it sees the decision.
pub async fn record_paper<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    new: NewCase,
    filer_organisation_id: Option<OrganisationId>,
) -> AppResult<appeal_case::Model> {
    let (comp, v) = part_in(db, actor, competition_id).await?;
    if v != CaseViewer::Organiser {
        return Err(AppError::Forbidden);
    }
    if let Some(at) = new.received_at
        && at > now()
    {
        return Err(AppError::invalid("received_at", "收到时间不能晚于现在"));
    }
    store(
        db,
        &comp,
        new,
        CaseChannel::Paper,
        Some(actor),
        filer_organisation_id,
    )
    .await
}

async fn organisation_name(db: &impl ConnectionTrait, id: OrganisationId) -> AppResult<String> {
    Ok(entity::organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default())
}

/// Checks a case against its kind's limits and stores it with the next number.
async fn store<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    comp: &competition::Model,
    new: NewCase,
    channel: CaseChannel,
    filed_by: Option<&Actor>,
    filer_organisation_id: Option<OrganisationId>,
) -> AppResult<appeal_case::Model> {
    refuse_if_final(db, comp.id, "提出申诉或异议").await?;
    let at = new.received_at.unwrap_or_else(now);
    let ev = event::Entity::find_by_id(new.event_id)
        .one(db)
        .await?
        .filter(|e| e.competition_id == comp.id)
        .ok_or_else(|| AppError::invalid("event_id", "所选项目不在本赛事中"))?;
    let entrant = match new.entrant_id {
        Some(id) => Some(
            entrant::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|e| e.event_id == ev.id)
                .ok_or_else(|| AppError::invalid("entrant_id", "所选选手不在该项目中"))?,
        ),
        None => None,
    };
    match new.kind {
        CaseKind::OnSite => {
            if matches!(
                comp.status,
                CompetitionStatus::Draft | CompetitionStatus::Registration
            ) {
                return Err(AppError::invalid(
                    "event_id",
                    "比赛尚未开始，不能提出赛场申诉",
                ));
            }
            let Some(entrant) = &entrant else {
                return Err(AppError::invalid("entrant_id", "赛场申诉须指明所涉选手"));
            };
            if let Some(org) = filer_organisation_id
                && entrant.organisation_id != org
            {
                return Err(AppError::invalid(
                    "entrant_id",
                    "领队只能为本单位的选手提出申诉",
                ));
            }
            if let Some(ended) = ev.ends_at.or(ev.marks_locked_at) {
                let deadline = ended + Duration::hours(i64::from(comp.appeal_hours));
                if at > deadline {
                    return Err(AppError::invalid(
                        "event_id",
                        format!(
                            "赛场申诉须在比赛结束后 {} 小时内提出（截至 {}）",
                            comp.appeal_hours,
                            crate::time::show_minute(deadline)
                        ),
                    ));
                }
            }
        }
        CaseKind::Objection => {
            let inside = matches!(
                (comp.publicity_starts_at, comp.publicity_ends_at),
                (Some(start), Some(end)) if start <= at && at < end
            );
            if !inside {
                return Err(AppError::invalid("claim", "公示期异议须在公示期内提出"));
            }
        }
    }
    let filer_name = new.filer_name.trim().to_owned();
    if !(2..=30).contains(&filer_name.chars().count()) {
        return Err(AppError::invalid("filer_name", "请填写真实姓名（2–30 字）"));
    }
    let filer_organisation = new.filer_organisation.trim().to_owned();
    if filer_organisation.chars().count() > 100 {
        return Err(AppError::invalid(
            "filer_organisation",
            "单位名称不超过 100 字",
        ));
    }
    let phone =
        check_phone(new.filer_phone.as_deref()).map_err(|m| AppError::invalid("filer_phone", m))?;
    if new.kind == CaseKind::Objection && phone.is_none() {
        return Err(AppError::invalid(
            "filer_phone",
            "公示期异议须实名提出，请填写手机号以便联系",
        ));
    }
    let claim = new.claim.trim().to_owned();
    if !(5..=2000).contains(&claim.chars().count()) {
        return Err(AppError::invalid(
            "claim",
            "请写明申诉或异议的事实和理由（5–2000 字）",
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let last: Option<i32> = appeal_case::Entity::find()
        .select_only()
        .column_as(appeal_case::Column::Number.max(), "n")
        .filter(appeal_case::Column::CompetitionId.eq(comp.id))
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    let case = appeal_case::ActiveModel {
        competition_id: Set(comp.id),
        number: Set(
            crate::serials::next(&txn, &format!("case:{}", comp.id), last.unwrap_or(0)).await?,
        ),
        kind: Set(new.kind),
        channel: Set(channel),
        event_id: Set(ev.id),
        entrant_id: Set(entrant.map(|e| e.id)),
        filed_by: Set(filed_by.map(|a| a.user_id)),
        filer_name: Set(filer_name),
        filer_organisation: Set(filer_organisation),
        filer_organisation_id: Set(filer_organisation_id),
        filer_phone: Set(phone),
        claim: Set(claim),
        filed_at: Set(at),
        status: Set(CaseStatus::Open),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::audit::record(
        &txn,
        filed_by.map(|a| a.user_id),
        AuditAction::CaseFile,
        &format!("competition:{}", comp.id),
        serde_json::json!({"case": case.id, "number": case.number, "kind": case.kind, "channel": channel}),
    )
    .await?;
    txn.commit().await?;
    Ok(case)
}

/// One mark the arbitration group corrects.
#[derive(Clone, Debug)]
pub struct CaseCorrection {
    pub aspect_id: AspectId,
    pub judge_id: JudgeId,
    pub value: Decimal,
}

/// The arbitration group's decision.
#[derive(Clone, Debug)]
pub struct Decision {
    pub upheld: bool,
    /// Who heard the case.
    pub members: String,
    pub hearing_at: Option<DateTime<Utc>>,
    pub reasons: String,
    /// Only for an upheld case about an entrant.
    pub corrections: Vec<CaseCorrection>,
}

/// Records the arbitration group's decision; an upheld case's corrections change the marks
/// and make a new result version. Returns the case and, when marks changed, the board change to
/// publish.
pub async fn decide<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    case_id: i32,
    decision: Decision,
) -> AppResult<(appeal_case::Model, Option<BoardChanged>)> {
    let (comp, v, case) = find(db, actor, case_id).await?;
    if !can_decide(v) || actor.role != Role::Arbitrator {
        return Err(AppError::Forbidden);
    }
    refuse_if_final(db, comp.id, "仲裁").await?;
    if case.status != CaseStatus::Open {
        return Err(AppError::conflict("case", "该案件已有仲裁结论"));
    }
    let members = decision.members.trim().to_owned();
    if !(2..=200).contains(&members.chars().count()) {
        return Err(AppError::invalid("members", "请填写参加仲裁的成员"));
    }
    let reasons = decision.reasons.trim().to_owned();
    if !(5..=2000).contains(&reasons.chars().count()) {
        return Err(AppError::invalid("reasons", "请写明仲裁理由（5–2000 字）"));
    }
    if !decision.upheld && !decision.corrections.is_empty() {
        return Err(AppError::invalid("corrections", "申诉不成立时不能更正分数"));
    }
    let ev = event::Entity::find_by_id(case.event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let number = case_number(&comp, &case);
    // Check every correction before changing anything.
    let mut changes = Vec::new();
    if !decision.corrections.is_empty() {
        let Some(entrant_id) = case.entrant_id else {
            return Err(AppError::invalid(
                "corrections",
                "该案件未指明选手，不能更正分数",
            ));
        };
        let ledger = ledger::load(db, &ev, Selection::now()).await?;
        for (i, c) in decision.corrections.iter().enumerate() {
            let field = format!("corrections[{i}]");
            let aspect = ledger
                .aspects
                .get(&c.aspect_id)
                .ok_or_else(|| AppError::invalid(&field, "评分项不在本项目的评分方案中"))?;
            let judge = ledger
                .panel(&aspect.panel)
                .find(|j| j.id == c.judge_id)
                .ok_or_else(|| AppError::invalid(&field, "该裁判不评此评分项"))?;
            if !ledger.expected.contains(&(judge.id, entrant_id)) {
                return Err(AppError::invalid(
                    &field,
                    "该裁判不评此选手（回避或未分配）",
                ));
            }
            scoring::check_mark(&aspect_rule(aspect), c.value)
                .map_err(|e| AppError::invalid(&field, format!("{}：{e}", aspect.code)))?;
            let value = StoredDecimal::try_from(c.value)
                .map_err(|e| AppError::invalid(&field, e.to_string()))?;
            let key = MarkKey {
                entrant: entrant_id,
                aspect: c.aspect_id,
                judge: c.judge_id,
            };
            if ledger.marks.get(&key).map(|m| m.value) == Some(value.to_decimal()) {
                return Err(AppError::invalid(&field, "与现有分数相同，无需更正"));
            }
            changes.push((key, value));
        }
    }
    let (_chain, txn) = begin_chained(db).await?;
    let at = stored_time(now());
    for (i, (key, value)) in changes.iter().enumerate() {
        apply(
            &txn,
            Applied {
                key: *key,
                event_id: ev.id,
                value: *value,
                actor: format!("arbitration:{}", actor.user_id),
                device: None,
                // The case holds the full reasons; the trail names the case and their start
                // (an indexed column: PostgreSQL keeps index entries under 2.7 kB).
                reason: format!(
                    "仲裁更正（案件 {number}）：{}",
                    reasons.chars().take(200).collect::<String>()
                ),
                op_id: format!("case-{}-{i}-{}", case.id, at.timestamp_micros()),
                at,
            },
        )
        .await?;
    }
    let mut decided = case.into_active_model();
    decided.status = Set(if decision.upheld {
        CaseStatus::Upheld
    } else {
        CaseStatus::Dismissed
    });
    decided.members = Set(Some(members));
    decided.hearing_at = Set(decision.hearing_at);
    decided.reasons = Set(Some(reasons));
    decided.decided_at = Set(Some(at));
    decided.decided_by = Set(Some(actor.user_id));
    let mut decided = decided.update(&txn).await?;
    crate::audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::CaseDecide,
        &format!("competition:{}", comp.id),
        serde_json::json!({"case": decided.id, "number": number, "status": decided.status, "corrections": changes.len()}),
    )
    .await?;
    txn.commit().await?;
    drop(_chain);
    if changes.is_empty() {
        return Ok((decided, None));
    }
    // The corrected marks make the next result version, to be signed again.
    if let Some(version) = versions::refresh(db, &ev, &format!("仲裁更正（案件 {number}）")).await?
    {
        let mut with_version = decided.clone().into_active_model();
        with_version.result_version = Set(Some(version.number));
        decided = with_version.update(db).await?;
    }
    Ok((decided, Some(BoardChanged::of(ev.id))))
}

/// The score explanation of a case's entrant as the arbitration group reads it: every aspect
/// with each judge's mark (judges named by panel and letter, never by id), what was dropped,
/// and the totals.
pub async fn explanation(
    db: &impl ConnectionTrait,
    case: &appeal_case::Model,
) -> AppResult<Vec<String>> {
    let Some(entrant_id) = case.entrant_id else {
        return Ok(Vec::new());
    };
    let ev = event::Entity::find_by_id(case.event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let ledger = ledger::load(db, &ev, Selection::now()).await?;
    let scheme = ledger.scheme()?;
    let Some(sheet) = ledger
        .sheets()?
        .into_iter()
        .find(|s| EntrantId::from(s.entrant) == entrant_id)
    else {
        return Ok(Vec::new());
    };
    let result = scoring::totals::score_entrant(scheme, &sheet);
    let labels = judge_labels(&ledger);
    Ok(scoring::explain_with(scheme, &sheet, &result, |judge| {
        labels
            .iter()
            .find(|(id, _)| scoring::JudgeRef::from(*id) == judge)
            .map(|(_, label)| label.clone())
            .unwrap_or_else(|| "裁判".into())
    }))
}

/// Each marking judge's label: the panel and a letter by slot order (A组裁判B).
pub fn judge_labels(ledger: &ledger::Ledger) -> Vec<(JudgeId, String)> {
    judge_letters(ledger)
        .into_iter()
        .map(|(id, panel, letter)| (id, format!("{panel}组裁判{letter}")))
        .collect()
}

/// Each marking judge's panel and letter by slot order: how case documents name judges, so
/// the arbitration group can name a cell without a judge's identity.
pub fn judge_letters(ledger: &ledger::Ledger) -> Vec<(JudgeId, String, char)> {
    let mut letters = Vec::new();
    let mut slot = 0u8;
    let mut panel = None;
    for j in &ledger.judges {
        if panel != Some(&j.panel) {
            panel = Some(&j.panel);
            slot = 0;
        }
        letters.push((j.id, j.panel.clone(), char::from(b'A' + slot.min(25))));
        slot = slot.saturating_add(1);
    }
    letters
}

/// What the arbitration group may correct for a case's entrant: each (aspect, judge) with the
/// mark as it stands.
pub async fn correctable(
    db: &impl ConnectionTrait,
    case: &appeal_case::Model,
) -> AppResult<Vec<Correctable>> {
    let Some(entrant_id) = case.entrant_id else {
        return Ok(Vec::new());
    };
    let ev = event::Entity::find_by_id(case.event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let ledger = ledger::load(db, &ev, Selection::now()).await?;
    let letters = judge_letters(&ledger);
    let mut aspects: Vec<_> = ledger.aspects.values().collect();
    aspects.sort_by_key(|a| (a.position, a.id));
    let mut out = Vec::new();
    for a in aspects {
        for j in ledger.panel(&a.panel) {
            if !ledger.expected.contains(&(j.id, entrant_id)) {
                continue;
            }
            let Some((_, panel, letter)) = letters.iter().find(|(id, ..)| *id == j.id) else {
                continue;
            };
            out.push(Correctable {
                aspect_id: a.id,
                judge_id: j.id,
                aspect_code: a.code.clone(),
                panel: panel.clone(),
                letter: *letter,
                label: format!("{} {} — {panel}组裁判{letter}", a.code, a.name),
                current: ledger.mark(entrant_id, a.id, j.id).map(|m| m.value),
            });
        }
    }
    Ok(out)
}

/// The cell a case document names — the aspect's code, the panel and the judge's letter (A1,
/// A组, 裁判B) — as the aspect and judge it stands for; `field` names the input in the refusal.
pub fn cell_named(
    cells: &[Correctable],
    aspect: &str,
    panel: &str,
    judge: &str,
    field: &str,
) -> AppResult<(AspectId, JudgeId)> {
    let panel = panel.trim().trim_end_matches('组');
    let letter = judge.trim().trim_start_matches("裁判");
    cells
        .iter()
        .find(|c| {
            c.aspect_code.eq_ignore_ascii_case(aspect.trim())
                && c.panel.eq_ignore_ascii_case(panel)
                && letter.len() == 1
                && c.letter
                    .eq_ignore_ascii_case(&letter.chars().next().unwrap_or(' '))
        })
        .map(|c| (c.aspect_id, c.judge_id))
        .ok_or_else(|| {
            AppError::invalid(
                field,
                format!(
                    "本案选手没有“{} {}组裁判{}”这一评分格，请按案卷中的评分项与裁判写",
                    aspect.trim(),
                    panel,
                    letter
                ),
            )
        })
}

/// One mark the arbitration group may correct.
#[derive(Clone, Debug)]
pub struct Correctable {
    pub aspect_id: AspectId,
    pub judge_id: JudgeId,
    /// As the case document names the cell: the aspect's code, the panel, the judge's letter.
    pub aspect_code: String,
    pub panel: String,
    pub letter: char,
    pub label: String,
    pub current: Option<Decimal>,
}
