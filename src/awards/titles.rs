//! Craftsman titles (section 二(一), clause 17): nomination with evidence → review →
//! conferment by the title's body; legacy holders (技能大师, 首席技师, 八婺工匠) recorded, neither
//! counted nor paid. A conferred title is an achievement, dated the conferment: 金华大工匠,
//! 杰出工匠 and 工匠 pay by clause 1 (one same-kind group); 技术能手 pays nothing.
//!
//! The five-year targets (力争) are goals: each has a window and a mode; `soft` warns when a
//! conferment reaches or passes it, `hard` refuses.

use super::today;
use crate::accounts::Actor;
use crate::audit;
use crate::certificates::verify::{Verification, mask};
use crate::entrants::{id_card, people};
use crate::error::{AppError, AppResult};
use crate::time::now;
use chrono::{Datelike, NaiveDate};
use entity::kinds::AuditAction;
use entity::kinds::{AchievementKind, AchievementSource, TargetMode, Title, TitleStatus};
use entity::{achievement, organisation, title_award, title_target};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

/// The titles a nomination may be for.
pub const CONFERRED: [Title; 4] = [
    Title::GrandCraftsman,
    Title::OutstandingCraftsman,
    Title::Craftsman,
    Title::TechnicalExpert,
];

/// The older titles recorded as legacy members.
pub const LEGACY: [Title; 3] = [
    Title::SkillMaster,
    Title::ChiefTechnician,
    Title::BawuCraftsman,
];

/// The policy item a conferred title pays by, if any.
pub fn item_of(title: Title) -> Option<&'static str> {
    match title {
        Title::GrandCraftsman => Some("grand_craftsman"),
        Title::OutstandingCraftsman => Some("outstanding_craftsman"),
        Title::Craftsman => Some("craftsman"),
        _ => None,
    }
}

/// A nomination as typed, or a legacy holder.
#[derive(Clone, Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct Nomination {
    /// `grand_craftsman`, `outstanding_craftsman`, `craftsman`, `technical_expert`, or a
    /// legacy title: `skill_master`, `chief_technician`, `bawu_craftsman`.
    #[schema(example = "craftsman")]
    pub title: Title,
    #[schema(min_length = 18, max_length = 18, pattern = "^[0-9]{17}[0-9Xx]$")]
    pub id_number: String,
    #[schema(min_length = 1, max_length = 30)]
    pub name: String,
    /// Registered organisation name; may be empty.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub organisation: String,
    /// The case: contest results and other achievements.
    #[schema(max_length = 2000)]
    pub evidence: String,
}

async fn organisation_named(
    db: &impl ConnectionTrait,
    name: &str,
) -> AppResult<Option<organisation::Model>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(db)
        .await?
        .map(Some)
        .ok_or_else(|| AppError::invalid("organisation", format!("单位“{name}”尚未登记")))
}

/// Nominates a person for a title (or, for a legacy title, records them as holding it).
pub async fn nominate(
    db: &impl ConnectionTrait,
    actor: &Actor,
    n: Nomination,
    legacy_on: Option<NaiveDate>,
) -> AppResult<title_award::Model> {
    use crate::awards::access::{body_of, can_handle_title};
    if !can_handle_title(body_of(db, actor).await?, n.title) {
        return Err(AppError::invalid(
            "title",
            format!("{}须由市人社局经办人推荐（第十七条）", n.title.label()),
        ));
    }
    let card =
        id_card::parse(&n.id_number).map_err(|e| AppError::invalid("id_number", e.to_string()))?;
    let name = n.name.trim();
    if name.is_empty() || name.chars().count() > 30 {
        return Err(AppError::invalid("name", "请填写姓名（30 字以内）"));
    }
    let evidence = n.evidence.trim();
    if !n.title.is_legacy() && evidence.is_empty() {
        return Err(AppError::invalid(
            "evidence",
            "请填写推荐事迹和依据（竞赛成绩、其他成果）",
        ));
    }
    crate::limits::at_most(evidence, crate::limits::TEXT, "evidence", "推荐事迹和依据")?;
    let org = organisation_named(db, &n.organisation).await?;
    let person = people::find_or_create(db, &card, name, None).await?;
    let open = title_award::Entity::find()
        .filter(title_award::Column::PersonId.eq(person.id))
        .filter(title_award::Column::Title.eq(n.title))
        .filter(title_award::Column::Status.is_not_in([TitleStatus::Rejected]))
        .count(db)
        .await?;
    if open > 0 {
        return Err(AppError::conflict(
            "title",
            format!("{name}已有“{}”的推荐或称号", n.title.label()),
        ));
    }
    let legacy = n.title.is_legacy();
    let row = title_award::ActiveModel {
        person_id: Set(person.id),
        organisation_id: Set(org.map(|o| o.id)),
        title: Set(n.title),
        status: Set(if legacy {
            TitleStatus::Legacy
        } else {
            TitleStatus::Nominated
        }),
        evidence: Set(evidence.to_owned()),
        nominated_by: Set(Some(actor.user_id)),
        conferred_on: Set(if legacy { legacy_on } else { None }),
        body: Set(n.title.body().to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Some(actor.user_id),
        if legacy {
            AuditAction::TitleLegacy
        } else {
            AuditAction::TitleNominate
        },
        &format!("title_award:{}", row.id),
        serde_json::json!({"title": n.title, "person": person.id}),
    )
    .await?;
    Ok(row)
}

async fn find(db: &impl ConnectionTrait, id: i32) -> AppResult<title_award::Model> {
    title_award::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The review: passes to conferment or refuses with a remark. The nominator may not review.
pub async fn review(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
    pass: bool,
    note: &str,
) -> AppResult<title_award::Model> {
    let t = find(db, id).await?;
    if !crate::awards::access::can_handle_title(
        crate::awards::access::body_of(db, actor).await?,
        t.title,
    ) {
        return Err(AppError::invalid(
            "title",
            format!("{}须由市人社局经办人评审（第十七条）", t.title.label()),
        ));
    }
    if t.status != TitleStatus::Nominated {
        return Err(AppError::invalid("status", "只有已推荐的可以评审"));
    }
    if t.nominated_by == Some(actor.user_id) {
        return Err(AppError::invalid("status", "推荐人不能评审自己的推荐"));
    }
    if !pass && note.trim().is_empty() {
        return Err(AppError::invalid("note", "未通过时请写明理由"));
    }
    crate::limits::at_most(note, crate::limits::TEXT, "note", "评审意见")?;
    let mut row: title_award::ActiveModel = t.into();
    row.status = Set(if pass {
        TitleStatus::Reviewed
    } else {
        TitleStatus::Rejected
    });
    row.reviewed_by = Set(Some(actor.user_id));
    row.note = Set(Some(note.trim().to_owned()).filter(|n| !n.is_empty()));
    let t = row.update(db).await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::TitleReview,
        &format!("title_award:{id}"),
        serde_json::json!({"pass": pass, "note": note.trim()}),
    )
    .await?;
    Ok(t)
}

/// The target a conferment on `on` counts against, with how many are conferred in its window.
pub async fn target_state(
    db: &impl ConnectionTrait,
    title: Title,
    on: NaiveDate,
) -> AppResult<Option<(title_target::Model, u64)>> {
    let Some(target) = title_target::Entity::find()
        .filter(title_target::Column::Title.eq(title))
        .filter(title_target::Column::StartsOn.lte(on))
        .filter(title_target::Column::EndsOn.gte(on))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let count = title_award::Entity::find()
        .filter(title_award::Column::Title.eq(title))
        .filter(title_award::Column::Status.eq(TitleStatus::Conferred))
        .filter(title_award::Column::ConferredOn.gte(target.starts_on))
        .filter(title_award::Column::ConferredOn.lte(target.ends_on))
        .count(db)
        .await?;
    Ok(Some((target, count)))
}

/// Confers a reviewed title on a date with the body's 文号, and records it as an achievement
/// (which pays by clause 1 where the title has an item). A hard target that is reached refuses;
/// a soft one gives a warning back.
pub async fn confer<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: i32,
    on: NaiveDate,
    doc_number: &str,
) -> AppResult<(title_award::Model, Option<String>)> {
    // One transaction: the title, its certificate number, its achievement and the audit entry
    // are stored together or not at all, and two officers conferring at once take turns.
    let txn = crate::db::begin_write(db).await?;
    let conferred = confer_in(&txn, actor, id, on, doc_number).await?;
    sea_orm::TransactionSession::commit(txn).await?;
    Ok(conferred)
}

async fn confer_in(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
    on: NaiveDate,
    doc_number: &str,
) -> AppResult<(title_award::Model, Option<String>)> {
    let t = find(db, id).await?;
    if !crate::awards::access::can_handle_title(
        crate::awards::access::body_of(db, actor).await?,
        t.title,
    ) {
        return Err(AppError::invalid(
            "title",
            format!(
                "{}由市人民政府授予，须由市人社局经办人办理（第十七条）",
                t.title.label()
            ),
        ));
    }
    if t.status != TitleStatus::Reviewed {
        return Err(AppError::invalid("status", "评审通过后才能授予"));
    }
    if on > today() {
        return Err(AppError::invalid("conferred_on", "授予日期不能晚于今天"));
    }
    let doc = doc_number.trim();
    if doc.is_empty() || doc.chars().count() > 60 {
        return Err(AppError::invalid(
            "doc_number",
            "请填写授予文号（60 字以内）",
        ));
    }
    let mut warning = None;
    if let Some((target, count)) = target_state(db, t.title, on).await?
        && count as i32 >= target.target
    {
        let text = format!(
            "{}至{}的目标为 {} 名，已授予 {} 名",
            target.starts_on, target.ends_on, target.target, count
        );
        match target.mode {
            TargetMode::Hard => {
                return Err(AppError::invalid(
                    "title",
                    format!("{}：{text}，已达上限，不能再授予", t.title.label()),
                ));
            }
            TargetMode::Soft => {
                warning = Some(format!("提示：{}{text}，已达到目标", t.title.label()))
            }
        }
    }
    let title = t.title;
    let person_id = t.person_id;
    let organisation_id = t.organisation_id;
    // The title certificate's number: serial within the title and the year, in order of
    // conferment.
    let year = on.year();
    let same_year = title_award::Entity::find()
        .filter(title_award::Column::Title.eq(title))
        .filter(title_award::Column::Status.eq(TitleStatus::Conferred))
        .filter(title_award::Column::ConferredOn.gte(NaiveDate::from_ymd_opt(year, 1, 1)))
        .filter(title_award::Column::ConferredOn.lte(NaiveDate::from_ymd_opt(year, 12, 31)))
        .count(db)
        .await?;
    let serial = crate::serials::next(
        db,
        &format!("title_certificate:{}:{year}", entity::kinds::code(title)),
        same_year as i32,
    )
    .await?;
    let number = crate::certificates::number::number(year, 0, title.place(), 6, serial as u32);
    let mut row: title_award::ActiveModel = t.into();
    row.certificate_number = Set(Some(number));
    row.status = Set(TitleStatus::Conferred);
    row.conferred_by = Set(Some(actor.user_id));
    row.conferred_on = Set(Some(on));
    row.doc_number = Set(Some(doc.to_owned()));
    let t = row.update(db).await?;
    achievement::ActiveModel {
        kind: Set(AchievementKind::Title),
        item_code: Set(item_of(title).map(str::to_owned)),
        achieved_on: Set(on),
        person_id: Set(Some(person_id)),
        organisation_id: Set(organisation_id),
        description: Set(format!("授予{}（{doc}）", title.label())),
        heads: Set(1),
        proof: Set(true),
        flagged: Set(false),
        source: Set(AchievementSource::System),
        source_key: Set(format!("title:{}", t.id)),
        // The line is entered by whoever nominated: the conferring officer may then approve.
        created_by: Set(t.nominated_by),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::TitleConfer,
        &format!("title_award:{id}"),
        serde_json::json!({"on": on.to_string(), "doc_number": doc, "warning": warning}),
    )
    .await?;
    Ok((t, warning))
}

/// Changes a title's target (window, number, mode). Audited.
pub async fn set_target(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    target: i32,
    mode: TargetMode,
) -> AppResult<title_target::Model> {
    use crate::awards::access::{body_of, can_keep_policy, require};
    require(can_keep_policy(body_of(db, actor).await?), "设定称号目标")?;
    let t = title_target::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if ends_on < starts_on {
        return Err(AppError::invalid("ends_on", "结束日期不能早于开始日期"));
    }
    if !(1..=100_000).contains(&target) {
        return Err(AppError::invalid("target", "目标人数应为 1 以上的整数"));
    }
    let mut row: title_target::ActiveModel = t.into();
    row.starts_on = Set(starts_on);
    row.ends_on = Set(ends_on);
    row.target = Set(target);
    row.mode = Set(mode);
    let t = row.update(db).await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::TitleTarget,
        &format!("title_target:{id}"),
        serde_json::json!({"starts_on": starts_on.to_string(), "ends_on": ends_on.to_string(), "target": target, "mode": mode}),
    )
    .await?;
    Ok(t)
}

/// Every title record, newest first.
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<title_award::Model>> {
    Ok(title_award::Entity::find()
        .order_by_desc(title_award::Column::Id)
        .all(db)
        .await?)
}

/// The targets.
pub async fn targets(db: &impl ConnectionTrait) -> AppResult<Vec<title_target::Model>> {
    Ok(title_target::Entity::find()
        .order_by_asc(title_target::Column::Id)
        .all(db)
        .await?)
}

/// What a conferred title's certificate prints. Legacy and unconferred titles have none.
pub async fn printed(
    db: &impl ConnectionTrait,
    id: i32,
    base_url: &str,
) -> AppResult<crate::certificates::layout::Printed> {
    let t = find(db, id).await?;
    let (Some(number), Some(on), TitleStatus::Conferred) =
        (t.certificate_number.clone(), t.conferred_on, t.status)
    else {
        return Err(AppError::NotFound);
    };
    let person = entity::person::Entity::find_by_id(t.person_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let organisation = match t.organisation_id {
        Some(o) => organisation::Entity::find_by_id(o)
            .one(db)
            .await?
            .map(|o| o.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(crate::certificates::layout::Printed {
        title: "荣誉证书".into(),
        holder: person.name,
        organisation,
        competition: "新时代金华工匠培育工程".into(),
        event: String::new(),
        award: t.title.label().into(),
        team: None,
        wording: format!(
            "在技能岗位上技艺精湛、业绩突出，经推荐、评审，被授予“{}”称号。\n特发此证。",
            t.title.label()
        ),
        issuer: t.title.issuer().into(),
        doc_number: t.doc_number.unwrap_or_default(),
        issued_on: on,
        date_style: entity::kinds::DateStyle::ChineseMonth,
        verify_url: format!("{base_url}/verify/{number}"),
        number,
    })
}

/// What the public verification page says about a craftsman title's certificate (kind 6),
/// numbered the same way as a contest certificate; `None` when no conferred title has it.
pub async fn verification(
    db: &impl ConnectionTrait,
    number: &str,
) -> AppResult<Option<Verification>> {
    let Some(t) = title_award::Entity::find()
        .filter(title_award::Column::CertificateNumber.eq(number))
        .filter(title_award::Column::Status.eq(TitleStatus::Conferred))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let name = entity::person::Entity::find_by_id(t.person_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    Ok(Some(Verification {
        number: t.certificate_number.unwrap_or_default(),
        valid: true,
        revoked_at: None,
        revoked_reason: None,
        replaced_by: None,
        holder: mask(&name),
        competition: "新时代金华工匠培育工程".into(),
        event: String::new(),
        award: t.title.label().into(),
        issuer: t.title.issuer().into(),
        issued_on: t.conferred_on.unwrap_or_default(),
    }))
}
