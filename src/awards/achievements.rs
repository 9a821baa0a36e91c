//! 成果记录: achievements from this system (final contest results, hosted events) and from
//! outside (entered or imported), each recorded once.
//!
//! People are matched by ID number (stored once in `person`, shown masked); organisations by
//! their registered name, since the district decides who pays.

use super::policy::{self, Version};
use super::{parse_date, parse_yuan, store, today};
use crate::accounts::Actor;
use crate::audit;
use crate::entrants::{id_card, people};
use crate::error::{AppError, AppResult};
use crate::time::now;
use chrono::NaiveDate;
use entity::CompetitionId;
use entity::EventId;
use entity::OrganisationId;
use entity::kinds::AuditAction;
use entity::kinds::{
    AchievementKind, AchievementSource, CompetitionStatus, OrganisationKind, RecipientKind,
    RewardStatus,
};
use entity::{
    achievement, competition, entrant, event, hosting_proof, organisation, person, reward_line,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::{HashMap, HashSet};

/// An achievement from outside, as typed on the page or read from a row of a file. Text as
/// typed; [`check`] turns it into a record or names the field that is wrong.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct NewAchievement {
    /// The policy item's code, e.g. `ws_gold`.
    #[schema(min_length = 1, max_length = 100)]
    pub item: String,
    /// 身份证号 of the person (for person items, and the person selected for the training team).
    #[serde(default)]
    #[schema(max_length = 18, pattern = "^([0-9]{17}[0-9Xx])?$")]
    pub id_number: String,
    #[serde(default)]
    #[schema(max_length = 30)]
    pub name: String,
    /// The registered name of the person's organisation, or of the organisation paid.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub organisation: String,
    /// `2026-09-15`.
    #[schema(pattern = "^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}$", max_length = 10)]
    pub achieved_on: String,
    #[schema(min_length = 1, max_length = 200)]
    pub description: String,
    /// Heads, for per-head and threshold items (default 1).
    #[serde(default)]
    #[schema(pattern = "^[0-9]{0,6}$", max_length = 6)]
    pub heads: String,
    /// The cost, the tranche paid down or the salary base, in yuan.
    #[serde(default)]
    #[schema(pattern = "^[0-9,，]*(\\.[0-9]{1,2})?元?$", max_length = 20)]
    pub base: String,
    /// The officer's amount for items the seed leaves to the officer.
    #[serde(default)]
    #[schema(pattern = "^[0-9,，]*(\\.[0-9]{1,2})?元?$", max_length = 20)]
    pub amount: String,
    /// 紧缺职业（工种）.
    #[serde(default)]
    pub flagged: bool,
    /// Tranches of one grant share a series name (e.g. the grant's document number).
    #[serde(default)]
    #[schema(max_length = 80)]
    pub series: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub details: String,
    /// Why a second record for the same person (or organisation), item, day and series is
    /// deliberate; it shows on its lines, which another officer reviews.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub duplicate_reason: String,
}

/// A checked achievement, ready to store.
#[derive(Clone, Debug)]
pub struct Checked {
    pub item: String,
    pub person: Option<(id_card::IdCard, String)>,
    pub organisation_id: Option<OrganisationId>,
    pub achieved_on: NaiveDate,
    pub description: String,
    pub heads: i32,
    pub base: Option<Decimal>,
    pub amount: Option<Decimal>,
    pub flagged: bool,
    pub series: Option<String>,
    pub details: Option<String>,
    pub key: String,
    pub duplicate_reason: Option<String>,
}

/// What is known while checking: the catalogue and organisations by name.
pub struct Lookup {
    pub versions: Vec<Version>,
    pub organisations: HashMap<String, organisation::Model>,
}

impl Lookup {
    pub async fn load(db: &impl ConnectionTrait) -> AppResult<Lookup> {
        Ok(Lookup {
            versions: policy::all_versions(db).await?,
            organisations: crate::accounts::organisations::by_name(db).await?,
        })
    }
}

/// Checks one achievement; errors name the field (the column of an import).
pub fn check(look: &Lookup, new: &NewAchievement) -> Result<Checked, (&'static str, String)> {
    let code = new.item.trim();
    let item = policy::latest(&look.versions, code)
        .or_else(|| look.versions.iter().find(|v| v.row.name == code))
        .ok_or(("item", format!("政策条目“{code}”不存在")))?;
    let code = item.row.code.clone();
    if code.starts_with("hosting_city") {
        return Err((
            "item",
            "承办市一级竞赛的补助来自本系统的赛事与承办单位，请在“承办补助”页处理".into(),
        ));
    }
    // Title money comes only from a conferred title: nominated, reviewed, counted against the
    // target, conferred by the body clause 17 names.
    if crate::awards::titles::CONFERRED
        .iter()
        .any(|t| crate::awards::titles::item_of(*t) == Some(code.as_str()))
    {
        return Err((
            "item",
            format!(
                "“{}”的奖励只来自授予的称号：请在“工匠称号”页推荐、评审、授予",
                item.row.name
            ),
        ));
    }
    let achieved_on = parse_date(&new.achieved_on).map_err(|e| ("achieved_on", e))?;
    if achieved_on > today() {
        return Err(("achieved_on", "取得日期不能晚于今天".into()));
    }
    let in_force = policy::in_force(&look.versions, &code, achieved_on).ok_or((
        "achieved_on",
        format!("{} 时“{}”尚无有效政策", achieved_on, item.row.name),
    ))?;
    let description = new.description.trim().to_owned();
    if description.is_empty() || description.chars().count() > 200 {
        return Err((
            "description",
            "请填写说明（200 字以内），如 第48届世界技能大赛 数控铣".into(),
        ));
    }
    let person = if new.id_number.trim().is_empty() {
        None
    } else {
        let card = id_card::parse(&new.id_number).map_err(|e| ("id_number", e.to_string()))?;
        let name = new.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 30 {
            return Err(("name", "请填写姓名（30 字以内）".into()));
        }
        Some((card, name))
    };
    let org_name = new.organisation.trim();
    let org = if org_name.is_empty() {
        None
    } else {
        Some(look.organisations.get(org_name).ok_or((
            "organisation",
            format!("单位“{org_name}”尚未登记，请先由平台管理员登记（县市区决定出资层级）"),
        ))?)
    };
    let recipient = item.row.recipient;
    if recipient.is_person() && person.is_none() {
        return Err((
            "id_number",
            format!("“{}”发给个人，请填写身份证号", item.row.name),
        ));
    }
    if recipient == RecipientKind::SendingOrganisation && (person.is_none() || org.is_none()) {
        return Err((
            "organisation",
            "入选集训队须填写入选人员的身份证号、姓名和选送单位".into(),
        ));
    }
    if !recipient.is_person() && org.is_none() {
        return Err((
            "organisation",
            format!("“{}”发给{}，请填写单位", item.row.name, recipient.label()),
        ));
    }
    if in_force.school_only() && org.is_some_and(|o| o.kind != OrganisationKind::School) {
        return Err(("organisation", format!("“{}”只适用于院校", item.row.name)));
    }
    let heads = match new.heads.trim() {
        "" => 1,
        h => h
            .parse::<i32>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or(("heads", format!("人数“{h}”应为 1 以上的整数")))?,
    };
    let money =
        |text: &str, field: &'static str| -> Result<Option<Decimal>, (&'static str, String)> {
            match text.trim() {
                "" => Ok(None),
                t => parse_yuan(t).map(Some).map_err(|e| (field, e)),
            }
        };
    let base = money(&new.base, "base")?;
    let amount = money(&new.amount, "amount")?;
    let needs_base = in_force.row.shape.needs_base();
    if needs_base && base.is_none() {
        return Err((
            "base",
            format!(
                "“{}”须填写基数（成本、上级拨付金额或薪酬基数）",
                item.row.name
            ),
        ));
    }
    if let Some(a) = amount {
        let draft =
            to_scoring(&(&checked_stub(&code, achieved_on, heads, base, new.flagged)).into());
        scoring::rewards::check_officer_amount(&in_force.item, &draft, a)
            .map_err(|e| ("amount", e.to_string()))?;
    }
    for (text, most, field, what) in [
        (&new.series, 80, "series", "批次或届次"),
        (&new.details, crate::limits::TEXT, "details", "说明"),
    ] {
        if text.trim().chars().count() > most {
            return Err((field, format!("{what}不超过 {most} 字")));
        }
    }
    let series = Some(new.series.trim().to_owned()).filter(|s| !s.is_empty());
    let duplicate_reason = Some(new.duplicate_reason.trim().to_owned()).filter(|s| !s.is_empty());
    if duplicate_reason
        .as_deref()
        .is_some_and(|r| r.chars().count() > crate::limits::TEXT)
    {
        return Err(("duplicate_reason", "重复登记理由不超过 2000 字".into()));
    }
    let details = Some(new.details.trim().to_owned()).filter(|s| !s.is_empty());
    let who = match (&person, org) {
        (Some((card, _)), _) => format!("p:{}", card.number),
        (None, Some(o)) => format!("o:{}", o.id),
        (None, None) => String::new(),
    };
    let key = format!(
        "{code}|{who}|{achieved_on}|{}|{description}",
        series.as_deref().unwrap_or("")
    );
    Ok(Checked {
        item: code,
        person,
        organisation_id: org.map(|o| o.id),
        achieved_on,
        description,
        heads,
        base,
        amount,
        flagged: new.flagged,
        series,
        details,
        key,
        duplicate_reason,
    })
}

fn checked_stub(
    code: &str,
    on: NaiveDate,
    heads: i32,
    base: Option<Decimal>,
    flagged: bool,
) -> achievement::Model {
    achievement::Model {
        id: 0,
        kind: AchievementKind::External,
        item_code: Some(code.to_owned()),
        achieved_on: on,
        person_id: None,
        organisation_id: None,
        description: String::new(),
        heads,
        base: base.map(store),
        proof: true,
        flagged,
        officer_amount: None,
        officer_reason: None,
        series: None,
        source: AchievementSource::Entered,
        source_key: String::new(),
        competition_id: None,
        event_id: None,
        details: None,
        created_by: None,
        created_at: now(),
        withdrawn_at: None,
        withdrawn_by: None,
        withdrawn_reason: None,
        conditions_met: None,
    }
}

/// The achievement as `scoring::rewards` sees it. The recipient is worked out by the caller;
/// here it is the person if any, else the organisation.
pub fn to_scoring(a: &super::compute::Basis) -> scoring::rewards::Achievement {
    let recipient = match (a.person_id, a.organisation_id) {
        (Some(p), _) => scoring::rewards::Recipient::Person(i64::from(p)),
        (None, Some(o)) => scoring::rewards::Recipient::Organisation(i64::from(o.0)),
        (None, None) => scoring::rewards::Recipient::Organisation(0),
    };
    scoring::rewards::Achievement {
        id: i64::from(a.id),
        item: a.item_code.clone(),
        day: super::day(a.achieved_on),
        recipient,
        heads: a.heads.max(0) as u32,
        base: a.base.map(|b| b.to_decimal()),
        proof: a.proof,
        flagged: a.flagged,
        officer_amount: a.officer_amount.map(|b| b.to_decimal()),
        series: a.series.clone(),
        withdrawn: a.withdrawn_at.is_some(),
        settled: false,
    }
}

/// An achievement already recorded for the same person (or, with no person, organisation),
/// item, day and series, whatever its description: a description typed differently is not
/// another achievement (a 1,000,000 grant was paid twice that way).
async fn same_record(
    db: &impl ConnectionTrait,
    c: &Checked,
) -> AppResult<Option<achievement::Model>> {
    let query = achievement::Entity::find()
        .filter(achievement::Column::ItemCode.eq(&c.item))
        .filter(achievement::Column::AchievedOn.eq(c.achieved_on));
    let query = match &c.series {
        Some(series) => query.filter(achievement::Column::Series.eq(series)),
        None => query.filter(achievement::Column::Series.is_null()),
    };
    let query = match (&c.person, c.organisation_id) {
        (Some((card, _)), _) => {
            let Some(person) = entity::person::Entity::find()
                .filter(entity::person::Column::IdNumber.eq(&card.number))
                .one(db)
                .await?
            else {
                return Ok(None);
            };
            query.filter(achievement::Column::PersonId.eq(person.id))
        }
        (None, Some(org)) => query
            .filter(achievement::Column::OrganisationId.eq(org))
            .filter(achievement::Column::PersonId.is_null()),
        (None, None) => return Ok(None),
    };
    Ok(query.one(db).await?)
}

/// Stores checked achievements (all or none: the caller's transaction), refusing one already
/// recorded. Returns the new rows.
pub async fn store_all(
    db: &impl ConnectionTrait,
    actor: &Actor,
    source: AchievementSource,
    rows: Vec<Checked>,
) -> AppResult<Vec<achievement::Model>> {
    let mut stored = Vec::with_capacity(rows.len());
    for mut c in rows {
        if achievement::Entity::find()
            .filter(achievement::Column::SourceKey.eq(&c.key))
            .one(db)
            .await?
            .is_some()
        {
            return Err(AppError::conflict(
                "achievement",
                format!("“{}”已登记，不能重复登记", c.description),
            ));
        }
        if let Some(same) = same_record(db, &c).await? {
            let Some(reason) = c.duplicate_reason.clone() else {
                return Err(AppError::conflict(
                    "achievement",
                    format!(
                        "同一{}、同一政策条目、同一日期{}已有登记（#{}：{}）。确属另一项的，请在“批次/项目”中写明区别，或填写重复登记理由",
                        if c.person.is_some() {
                            "人员"
                        } else {
                            "单位"
                        },
                        c.series
                            .as_deref()
                            .map(|s| format!("、同一批次“{s}”"))
                            .unwrap_or_default(),
                        same.id,
                        same.description
                    ),
                ));
            };
            // A deliberate second record takes a second officer: whoever entered the first
            // may not also enter its double.
            if same.created_by == Some(actor.user_id) {
                return Err(AppError::conflict(
                    "duplicate_reason",
                    format!(
                        "#{}由您登记；同一事项的第二条记录须由另一名经办人登记",
                        same.id
                    ),
                ));
            }
            // Kept apart from the first by its key; its reason goes on its lines' evidence.
            c.key = format!("{}|第二条:{}", c.key, same.id);
            c.details = Some(match c.details.take() {
                Some(d) => format!("{d}\n重复登记理由：{reason}"),
                None => format!("重复登记理由：{reason}"),
            });
        }
        let person_id = match &c.person {
            Some((card, name)) => Some(people::find_or_create(db, card, name, None).await?.id),
            None => None,
        };
        let row = achievement::ActiveModel {
            kind: Set(AchievementKind::External),
            item_code: Set(Some(c.item.clone())),
            achieved_on: Set(c.achieved_on),
            person_id: Set(person_id),
            organisation_id: Set(c.organisation_id),
            description: Set(c.description.clone()),
            heads: Set(c.heads),
            base: Set(c.base.map(store)),
            proof: Set(true),
            flagged: Set(c.flagged),
            officer_amount: Set(c.amount.map(store)),
            officer_reason: Set(c.amount.map(|_| "录入时核定".to_owned())),
            series: Set(c.series.clone()),
            source: Set(source),
            source_key: Set(c.key.clone()),
            competition_id: Set(None),
            event_id: Set(None),
            details: Set(c.details.clone()),
            created_by: Set(Some(actor.user_id)),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        audit::record(
            db,
            Some(actor.user_id),
            AuditAction::Achievement,
            &format!("achievement:{}", row.id),
            serde_json::json!({"item": c.item, "description": c.description, "source": source}),
        )
        .await?;
        stored.push(row);
    }
    Ok(stored)
}

/// Takes what this system knows into achievements: every award and honour of final results
/// (by person: each member of a team), and every event held (marking locked, or the
/// competition in publicity or later) in a competition the bureau approved as 市一级, its
/// cost and proof kept up to date. Returns how many were new.
pub async fn sync_from_system(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<usize> {
    let known: HashMap<String, achievement::Model> = achievement::Entity::find()
        .filter(achievement::Column::Source.eq(AchievementSource::System))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.source_key.clone(), a))
        .collect();
    let mut added = 0;
    let comps = competition::Entity::find()
        .filter(
            competition::Column::Status
                .is_in([CompetitionStatus::Final, CompetitionStatus::Archived]),
        )
        // A rehearsal's results are for practice: they never become achievements.
        .filter(competition::Column::RehearsalOf.is_null())
        .all(db)
        .await?;
    let mut new_rows: Vec<achievement::ActiveModel> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let base_row =
        |kind, key: String, on: NaiveDate, description: String| achievement::ActiveModel {
            kind: Set(kind),
            achieved_on: Set(on),
            description: Set(description),
            heads: Set(1),
            proof: Set(false),
            flagged: Set(false),
            source: Set(AchievementSource::System),
            source_key: Set(key),
            created_by: Set(Some(actor.user_id)),
            created_at: Set(now()),
            ..Default::default()
        };
    for comp in &comps {
        let events = event::Entity::find()
            .filter(event::Column::CompetitionId.eq(comp.id))
            .order_by_asc(event::Column::Id)
            .all(db)
            .await?;
        for ev in events {
            let Some(version) = crate::results::versions::final_version(db, ev.id).await? else {
                continue;
            };
            let on = crate::time::local_date(version.final_at.unwrap_or(version.computed_at));
            let title = format!("{} {}", comp.name, crate::competitions::events::title(&ev));
            let entrants: HashMap<_, _> = entrant::Entity::find()
                .filter(entrant::Column::EventId.eq(ev.id))
                .all(db)
                .await?
                .into_iter()
                .map(|e| (e.id, e))
                .collect();
            for line in crate::results::lines::of_version(db, version.id).await? {
                let honours = &line.honours;
                let mut what: Vec<(String, String)> = Vec::new();
                if let Some(award) = line.award {
                    what.push((award.label().to_owned(), format!("a:{award:?}")));
                }
                for h in honours {
                    what.push((h.clone(), format!("h:{h}")));
                }
                if what.is_empty() {
                    continue;
                }
                let members = &line.members;
                let org = entrants.get(&line.entrant_id).map(|e| e.organisation_id);
                for person_id in members {
                    for (label, tag) in &what {
                        let key = format!("contest:{}:{person_id}:{tag}", ev.id);
                        if known.contains_key(&key) || !seen.insert(key.clone()) {
                            continue;
                        }
                        let mut row = base_row(
                            AchievementKind::ContestResult,
                            key,
                            on,
                            format!("{title} {label}"),
                        );
                        row.person_id = Set(Some(*person_id));
                        row.organisation_id = Set(org);
                        row.competition_id = Set(Some(comp.id));
                        row.event_id = Set(Some(ev.id));
                        new_rows.push(row);
                    }
                }
            }
        }
    }
    // Hosting: events of approved competitions, whatever their status, once hosted.
    let approved = competition::Entity::find()
        .filter(competition::Column::CityLevelApproved.eq(true))
        .filter(competition::Column::RehearsalOf.is_null())
        .all(db)
        .await?;
    let proofs: HashSet<EventId> = hosting_proof::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.event_id)
        .collect();
    for comp in &approved {
        let events = event::Entity::find()
            .filter(event::Column::CompetitionId.eq(comp.id))
            .filter(event::Column::HostId.is_not_null())
            .all(db)
            .await?;
        let held = matches!(
            comp.status,
            CompetitionStatus::Publicity | CompetitionStatus::Final | CompetitionStatus::Archived
        );
        for ev in events {
            // Paid for a contest that took place: once its marking is locked, or the
            // competition has results.
            if !held && ev.marks_locked_at.is_none() {
                continue;
            }
            let host = ev.host_id.expect("filtered");
            let key = format!("hosting:{}", ev.id);
            // The day the event ended; without dates, the end of the competition's year (or
            // today, if that is still to come).
            let on = ev.ends_at.or(ev.starts_at).map_or_else(
                || {
                    NaiveDate::from_ymd_opt(comp.year, 12, 31)
                        .map_or(today(), |end| end.min(today()))
                },
                crate::time::local_date,
            );
            let proof = proofs.contains(&ev.id);
            if let Some(existing) = known.get(&key) {
                // The cost and the proof may come after the event; keep them current.
                if existing.base != ev.hosting_cost
                    || existing.proof != proof
                    || existing.organisation_id != Some(host)
                {
                    let mut row: achievement::ActiveModel = existing.clone().into();
                    row.base = Set(ev.hosting_cost);
                    row.proof = Set(proof);
                    row.organisation_id = Set(Some(host));
                    row.update(db).await?;
                }
                continue;
            }
            let mut row = base_row(
                AchievementKind::Hosting,
                key,
                on,
                format!(
                    "承办 {} {}（{}）",
                    comp.name,
                    crate::competitions::events::title(&ev),
                    comp.city_level_doc.as_deref().unwrap_or("市一级")
                ),
            );
            row.item_code = Set(Some("hosting_city".into()));
            row.organisation_id = Set(Some(host));
            row.base = Set(ev.hosting_cost);
            row.proof = Set(proof);
            row.competition_id = Set(Some(comp.id));
            row.event_id = Set(Some(ev.id));
            new_rows.push(row);
        }
    }
    for row in new_rows {
        row.insert(db).await?;
        added += 1;
    }
    Ok(added)
}

/// Whether any line of the achievement is paid (then nothing about it may change).
async fn has_paid_line(db: &impl ConnectionTrait, achievement_id: i32) -> AppResult<bool> {
    Ok(reward_line::Entity::find()
        .filter(reward_line::Column::AchievementId.eq(achievement_id))
        .filter(reward_line::Column::Status.eq(RewardStatus::Paid))
        .one(db)
        .await?
        .is_some())
}

/// Sets the officer's amount on an achievement whose item is a ceiling (the hosting subsidy:
/// “最高 5 万元”): lower with a reason, never above what the policy allows. A paid line
/// refuses: a correction is a new line, not a change.
pub async fn set_officer_amount(
    db: &impl ConnectionTrait,
    actor: &Actor,
    achievement_id: i32,
    amount: &str,
    reason: &str,
) -> AppResult<achievement::Model> {
    let a = achievement::Entity::find_by_id(achievement_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let code = a
        .item_code
        .clone()
        .ok_or_else(|| AppError::invalid("amount", "竞赛成绩本身不产生奖补，无金额可核定"))?;
    let amount = parse_yuan(amount).map_err(|e| AppError::invalid("amount", e))?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "请写明核定金额的理由"));
    }
    crate::limits::at_most(reason, crate::limits::TEXT, "reason", "理由")?;
    if has_paid_line(db, a.id).await? {
        return Err(AppError::invalid(
            "amount",
            "该成果的奖补已支付，不能更改；如需更正，请另立更正明细",
        ));
    }
    let versions = policy::all_versions(db).await?;
    let version = policy::in_force(&versions, &code, a.achieved_on).ok_or(AppError::NotFound)?;
    scoring::rewards::check_officer_amount(&version.item, &to_scoring(&(&a).into()), amount)
        .map_err(|e| AppError::invalid("amount", e.to_string()))?;
    let before = a.officer_amount.map(super::stored_yuan);
    let mut row: achievement::ActiveModel = a.into();
    row.officer_amount = Set(Some(store(amount)));
    row.officer_reason = Set(Some(reason.to_owned()));
    let row = row.update(db).await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::OfficerAmount,
        &format!("achievement:{}", row.id),
        serde_json::json!({"before": before, "after": super::yuan(amount), "reason": reason}),
    )
    .await?;
    Ok(row)
}

/// Records the bureau's approval of a competition as 市一级 (clause 10), with its 文号, or
/// withdraws it. Audited.
/// Why a hosting achievement pays nothing after its competition's 市一级 approval was withdrawn.
pub const CITY_LEVEL_WITHDRAWN: &str = "市一级认定已撤销";

pub async fn set_city_level(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
    approved: bool,
    doc_number: &str,
) -> AppResult<competition::Model> {
    use crate::awards::access::{body_of, can_keep_policy, require};
    require(can_keep_policy(body_of(db, actor).await?), "认定市一级竞赛")?;
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let doc = doc_number.trim();
    if approved && (doc.is_empty() || doc.chars().count() > 60) {
        return Err(AppError::invalid(
            "city_level_doc",
            "请填写市人力社保局同意举办的文号（60 字以内）",
        ));
    }
    let mut row: competition::ActiveModel = comp.into();
    row.city_level_approved = Set(approved);
    row.city_level_doc = Set(approved.then(|| doc.to_owned()));
    let comp = row.update(db).await?;
    // The basis of the hosting subsidy: withdrawn, each event's hosting achievement pays 0 with
    // the reason (a line not yet paid then waits for a return and a new review; a paid one is
    // flagged 追回审核); approved again, what the withdrawal set is taken back.
    let hosting = achievement::Entity::find()
        .filter(achievement::Column::CompetitionId.eq(comp.id))
        .filter(achievement::Column::Kind.eq(AchievementKind::Hosting))
        .all(db)
        .await?;
    for a in hosting {
        let withdrawn = a.officer_reason.as_deref() == Some(CITY_LEVEL_WITHDRAWN);
        let mut row: achievement::ActiveModel = a.into();
        if !approved {
            row.officer_amount = Set(Some(super::store(Decimal::ZERO)));
            row.officer_reason = Set(Some(CITY_LEVEL_WITHDRAWN.to_owned()));
            row.update(db).await?;
        } else if withdrawn {
            row.officer_amount = Set(None);
            row.officer_reason = Set(None);
            row.update(db).await?;
        }
    }
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::CityLevel,
        &format!("competition:{}", comp.id),
        serde_json::json!({"approved": approved, "doc_number": comp.city_level_doc}),
    )
    .await?;
    Ok(comp)
}

/// Largest proof file accepted.
pub const PROOF_LIMIT: usize = 5 * 1024 * 1024;

/// Keeps the host's proof of cost for an event (replacing an earlier one). Audited.
pub async fn attach_proof(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
    file_name: &str,
    content: Vec<u8>,
) -> AppResult<()> {
    event::Entity::find_by_id(event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if content.is_empty() {
        return Err(AppError::invalid("proof", "请选择成本凭证文件"));
    }
    if content.len() > PROOF_LIMIT {
        return Err(AppError::invalid("proof", "成本凭证文件不能超过 5 MB"));
    }
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    hosting_proof::Entity::delete_by_id(event_id)
        .exec(db)
        .await?;
    hosting_proof::ActiveModel {
        event_id: Set(event_id),
        file_name: Set(if name.is_empty() {
            "凭证".into()
        } else {
            name.clone()
        }),
        content: Set(content),
        uploaded_by: Set(Some(actor.user_id)),
        uploaded_at: Set(now()),
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::HostingProof,
        &format!("event:{event_id}"),
        serde_json::json!({"file": name}),
    )
    .await
}

/// An achievement as listed, with whom it is about.
#[derive(Clone, Debug)]
pub struct Listed {
    pub row: achievement::Model,
    pub person: Option<person::Model>,
    pub organisation: Option<organisation::Model>,
}

/// Every achievement, newest first, with people and organisations.
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<Listed>> {
    let rows = achievement::Entity::find()
        .order_by_desc(achievement::Column::AchievedOn)
        .order_by_desc(achievement::Column::Id)
        .all(db)
        .await?;
    let people: HashMap<i32, person::Model> = person::Entity::find()
        .filter(
            person::Column::Id.is_in(rows.iter().filter_map(|r| r.person_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let orgs = crate::accounts::organisations::by_id(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| Listed {
            person: row.person_id.and_then(|p| people.get(&p).cloned()),
            organisation: row.organisation_id.and_then(|o| orgs.get(&o).cloned()),
            row,
        })
        .collect())
}
