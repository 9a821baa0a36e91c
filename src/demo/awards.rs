//! The awards module's part of the demo: what a new award officer should find on day one.
//!
//! - the 2024 edition of the city contest, recorded as history (archived), approved by the
//!   bureau as 市一级, with three hosted events: a cost of 50,000.00 with proof (paid in full),
//!   60,000.00 with proof (the 50,000 ceiling), and one whose host has not sent its proof yet;
//! - a WorldSkills silver medallist and, from the same school, two people selected for the
//!   national training team (100,000 each to the school);
//! - a 金华工匠 nominated by the trade union, reviewed by the bureau's officer and conferred;
//! - everything computed, so the lines wait for review.
//!
//! The admin enters; `officer` reviews; `union` approves: four eyes need three people.

use super::{demo_id, demo_name};
use crate::accounts::Actor;
use crate::awards::achievements::{
    Lookup, NewAchievement, attach_proof, check, set_city_level, store_all, sync_from_system,
};
use crate::awards::compute;
use crate::awards::titles::{self, Nomination};
use crate::competitions::events::{EventDetails, create_event};
use crate::competitions::{NewCompetition, create_competition};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use entity::competition;
use entity::kinds::{
    AchievementSource, CompetitionKind, CompetitionStatus, EventGroup, EventTrack, Title,
};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

/// Organisation ids by their place in the demo's list.
pub struct Orgs {
    pub bureau: entity::OrganisationId,
    pub enterprises: [entity::OrganisationId; 4],
    pub schools: [entity::OrganisationId; 3],
}

pub async fn seed(
    db: &DatabaseConnection,
    admin: &Actor,
    officer: &Actor,
    union: &Actor,
    orgs: &Orgs,
    org_names: &[&str],
) -> AppResult<()> {
    // The 2024 edition, as history.
    let past = create_competition(
        db,
        admin,
        NewCompetition {
            name: "2024年金华市技能大赛".into(),
            kind: CompetitionKind::City,
            year: 2024,
            organiser_id: Some(orgs.bureau),
        },
    )
    .await?;
    let mut events = Vec::new();
    for (trade, host, cost) in [
        ("焊工", orgs.schools[0], Some(5_000_000_i64)),
        ("钳工", orgs.enterprises[0], Some(6_000_000)),
        ("电子商务师", orgs.schools[1], Some(3_150_000)),
    ] {
        let ev = create_event(
            db,
            admin,
            past.id,
            EventDetails {
                trade: trade.into(),
                group: EventGroup::Staff,
                track: EventTrack::Other,
                level: 3,
                host_id: Some(host),
                venue: None,
                starts_at: None,
                ends_at: None,
                team_size: 1,
                hosting_cost: cost.map(|c| Decimal::new(c, 2)),
            },
        )
        .await?;
        events.push(ev);
    }
    let mut row: competition::ActiveModel = competition::Entity::find_by_id(past.id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?
        .into();
    row.status = Set(CompetitionStatus::Archived);
    row.update(db).await?;
    set_city_level(db, admin, past.id, true, "金人社函〔2024〕18号").await?;
    for ev in &events[..2] {
        attach_proof(
            db,
            admin,
            ev.id,
            &format!("{}办赛成本明细.pdf", ev.trade),
            format!("{} 办赛成本明细（演示）", ev.trade).into_bytes(),
        )
        .await?;
    }

    let school = org_names[6];
    let look = Lookup::load(db).await?;
    let entries = [
        NewAchievement {
            item: "ws_silver".into(),
            id_number: demo_id(901),
            name: demo_name(901),
            organisation: school.into(),
            achieved_on: "2024-09-15".into(),
            description: "第47届世界技能大赛 焊接项目 银牌".into(),
            details: "法国里昂，2024年9月".into(),
            ..Default::default()
        },
        NewAchievement {
            item: "training_team".into(),
            id_number: demo_id(902),
            name: demo_name(902),
            organisation: school.into(),
            achieved_on: "2026-03-20".into(),
            description: "入选第48届世界技能大赛国家集训队 数控铣".into(),
            ..Default::default()
        },
        NewAchievement {
            item: "training_team".into(),
            id_number: demo_id(903),
            name: demo_name(903),
            organisation: school.into(),
            achieved_on: "2026-03-20".into(),
            description: "入选第48届世界技能大赛国家集训队 移动机器人".into(),
            ..Default::default()
        },
    ];
    let mut checked = Vec::new();
    for e in &entries {
        checked.push(check(&look, e).map_err(|(f, m)| AppError::invalid(f, m))?);
    }
    store_all(db, admin, AchievementSource::Entered, checked).await?;

    let nominated = titles::nominate(
        db,
        union,
        Nomination {
            title: Title::Craftsman,
            id_number: demo_id(904),
            name: demo_name(904),
            organisation: org_names[2].into(),
            evidence: "2024年金华市技能大赛 钳工 一等奖；带徒 12 人；主持“高精度导轨刮研”工艺改进"
                .into(),
        },
        None,
    )
    .await?;
    titles::review(
        db,
        officer,
        nominated.id,
        true,
        "事迹属实，符合金华工匠条件",
    )
    .await?;
    titles::confer(
        db,
        admin,
        nominated.id,
        NaiveDate::from_ymd_opt(2026, 5, 1).expect("a date"),
        "金人社发〔2026〕21号",
    )
    .await?;

    sync_from_system(db, admin).await?;
    compute::recompute(db).await?;
    Ok(())
}
