//! Awards: recomputing every reward line, and a payout list as .xlsx.
//!
//! `cargo bench --bench awards` (goals: every line of 50,000 achievements of 20,000 people,
//! across all items and same-kind groups, recomputed in under 1 s; the payout list of 10,000
//! lines as .xlsx in under 2 s). It prints:
//! - `compute`: `scoring::rewards::compute` over the seeded catalogue (read back from a migrated
//!   database), the median of `RUNS` runs;
//! - `recompute, stored`: the same through `awards::compute::recompute` on a SQLite file
//!   (load achievements and lines, compute, write the differences), first when every line is
//!   new, then again when nothing changed;
//! - `payout xlsx`: `awards::reports::payout_xlsx` of 10,000 lines.
//!
//! `ACHIEVEMENTS`, `PEOPLE` and `LINES` change the sizes; `STORED=0` skips the database part.

use chrono::{Duration as Days, NaiveDate, Utc};
use entity::kinds::{
    AchievementKind, AchievementSource, FundingSource, OrganisationKind, RewardStatus,
};
use entity::{StoredDecimal, achievement, organisation, reward_line};
use jiangxin::awards::{compute, policy, reports};
use rust_decimal::Decimal;
use scoring::rewards::{Achievement, Recipient};
use sea_orm::{EntityTrait, Set};
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Item codes of the seed by whom they pay, for making believable achievements.
const PERSON_ITEMS: [&str; 16] = [
    "craftsman",
    "outstanding_craftsman",
    "grand_craftsman",
    "ws_gold",
    "ws_silver",
    "ws_bronze",
    "ws_excellence",
    "china_skills_award",
    "special_allowance",
    "leading_talent_match",
    "training_subsidy",
    "technician_allowance",
    "senior_technician_allowance",
    "training_abroad",
    "recruit_housing",
    "technician_housing",
];
const ORG_ITEMS: [&str; 12] = [
    "training_team",
    "hosting_city",
    "hosting_school_provincial",
    "recruit_bonus",
    "certification",
    "master_studio",
    "public_training_base",
    "base_expansion_match",
    "training_centre",
    "ws_training_base",
    "partner_base",
    "order_class",
];

/// One made-up achievement, `i` of them: mostly person items spread over `people` people (so
/// that many share a group), the rest organisation items over 500 organisations.
fn made_up(i: usize, people: usize) -> (String, Option<i32>, i32, NaiveDate, Option<Decimal>, i32) {
    let day = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + Days::days((i * 37 % 1500) as i64);
    let org = (i * 7 % 500) as i32 + 1;
    if !i.is_multiple_of(5) {
        let code = PERSON_ITEMS[i * 13 % PERSON_ITEMS.len()];
        let person = (i * 7919 % people) as i32 + 1;
        let base = match code {
            "leading_talent_match" => Some(Decimal::new(10_000_000 + (i as i64 % 97) * 1_001, 2)),
            "training_subsidy" => Some(Decimal::new(250_000 + (i as i64 % 89) * 1_013, 2)),
            _ => None,
        };
        (code.into(), Some(person), org, day, base, 1)
    } else {
        let code = ORG_ITEMS[i / 5 * 11 % ORG_ITEMS.len()];
        let base = match code {
            "hosting_city" | "hosting_school_provincial" => {
                Some(Decimal::new(4_000_000 + (i as i64 % 997) * 2_003, 2))
            }
            "recruit_bonus" => Some(Decimal::new(30_000_000 + (i as i64 % 7) * 1_000_000, 2)),
            "base_expansion_match" => Some(Decimal::new(200_000_000, 2)),
            _ => None,
        };
        let heads = if code == "partner_base" || code == "certification" {
            15 + (i % 20) as i32
        } else {
            1
        };
        (code.into(), None, org, day, base, heads)
    }
}

fn to_scoring(i: usize, people: usize) -> Achievement {
    let (code, person, org, day, base, heads) = made_up(i, people);
    Achievement {
        id: i as i64 + 1,
        item: Some(code),
        day: jiangxin::awards::day(day),
        recipient: match person {
            Some(p) => Recipient::Person(i64::from(p)),
            None => Recipient::Organisation(i64::from(org)),
        },
        heads: heads as u32,
        base,
        proof: true,
        flagged: i.is_multiple_of(3),
        officer_amount: Some(Decimal::new(500_000, 2)),
        series: None,
        withdrawn: false,
        settled: false,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let n = env("ACHIEVEMENTS", 50_000);
    let people = env("PEOPLE", 20_000);
    let runs = env("RUNS", 7);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("awards.db").display());
    let db = jiangxin::db::connect(&url).await.unwrap();
    jiangxin::db::migrate(&db).await.unwrap();
    let versions = policy::all_versions(&db).await.unwrap();
    let items: Vec<_> = versions.iter().map(|v| v.item.clone()).collect();

    let achievements: Vec<Achievement> = (0..n).map(|i| to_scoring(i, people)).collect();
    let mut times = Vec::new();
    let mut lines = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let out = scoring::rewards::compute(&items, &achievements);
        times.push(start.elapsed());
        lines = out.len();
    }
    let total: Decimal = scoring::rewards::compute(&items, &achievements)
        .iter()
        .map(|l| l.amount)
        .sum();
    println!(
        "compute: {n} achievements of {people} people, {} item versions → {lines} lines, {total} yuan: median {:.1} ms of {runs} runs (goal < 1000 ms)",
        items.len(),
        median(times).as_secs_f64() * 1000.0
    );

    if env("STORED", 1) == 1 {
        // Organisations and achievements as rows; people are recipients by id only (the
        // recompute names them from `person`, which may be empty here).
        let orgs: Vec<organisation::ActiveModel> = (1..=500)
            .map(|i| organisation::ActiveModel {
                name: Set(format!("单位{i:03}")),
                kind: Set(if i % 4 == 0 {
                    OrganisationKind::School
                } else {
                    OrganisationKind::Enterprise
                }),
                district: Set(jiangxin::accounts::organisations::DISTRICTS[i % 10].into()),
                created_at: Set(Utc::now()),
                ..Default::default()
            })
            .collect();
        organisation::Entity::insert_many(orgs)
            .exec(&db)
            .await
            .unwrap();
        let rows: Vec<achievement::ActiveModel> = (0..n)
            .map(|i| {
                let (code, person, org, day, base, heads) = made_up(i, people);
                achievement::ActiveModel {
                    kind: Set(AchievementKind::External),
                    item_code: Set(Some(code)),
                    achieved_on: Set(day),
                    person_id: Set(person),
                    organisation_id: Set(Some(entity::OrganisationId(org))),
                    description: Set(format!("成果 {i}")),
                    heads: Set(heads),
                    base: Set(base.map(|b| StoredDecimal::try_from(b).unwrap())),
                    proof: Set(true),
                    flagged: Set(i.is_multiple_of(3)),
                    officer_amount: Set(Some(
                        StoredDecimal::try_from(Decimal::new(500_000, 2)).unwrap(),
                    )),
                    source: Set(AchievementSource::Imported),
                    source_key: Set(format!("bench:{i}")),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                }
            })
            .collect();
        for chunk in rows.chunks(1000) {
            achievement::Entity::insert_many(chunk.to_vec())
                .exec(&db)
                .await
                .unwrap();
        }
        let start = Instant::now();
        let first = compute::recompute(&db).await.unwrap();
        let cold = start.elapsed();
        let start = Instant::now();
        let again = compute::recompute(&db).await.unwrap();
        let warm = start.elapsed();
        println!(
            "recompute, stored (SQLite file): every line new {:.0} ms ({} added); nothing changed {:.0} ms ({} changed, {} added)",
            cold.as_secs_f64() * 1000.0,
            first.added,
            warm.as_secs_f64() * 1000.0,
            again.changed,
            again.added
        );
    }

    let count = env("LINES", 10_000);
    let lines: Vec<reward_line::Model> = (0..count)
        .map(|i| reward_line::Model {
            id: i as i32 + 1,
            achievement_id: i as i32 + 1,
            part: 0,
            policy_item_id: 7,
            item_code: "ws_gold".into(),
            item_name: "入选世界技能大赛国家集训队（选送单位）".into(),
            clause: "2".into(),
            fund: FundingSource::HrEmploymentFund,
            person_id: None,
            organisation_id: Some(entity::OrganisationId(1)),
            recipient_name: format!("金华市第{i}职业技术学校"),
            organisation_name: format!("金华市第{i}职业技术学校"),
            district: "婺城区".into(),
            payer: jiangxin::accounts::organisations::DISTRICTS[i % 9].into(),
            year: 2026,
            amount: StoredDecimal::try_from(Decimal::new(10_000_000 + i as i64, 2)).unwrap(),
            computed: StoredDecimal::try_from(Decimal::new(10_000_000 + i as i64, 2)).unwrap(),
            ceiling: None,
            note: "1 人 × 100000.00 元".into(),
            status: RewardStatus::Approved,
            entered_by: Some(entity::UserId(1)),
            reviewed_by: Some(entity::UserId(2)),
            approved_by: Some(entity::UserId(3)),
            publicity_id: Some(1),
            paid_on: None,
            voucher: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            payable_from: None,
        })
        .collect();
    // What each line pays for, as the payout list writes it (a masked ID and the achievement).
    let purposes: std::collections::HashMap<i32, reports::Purpose> = (0..count)
        .map(|i| {
            (
                i as i32 + 1,
                reports::Purpose {
                    description: format!("第48届世界技能大赛 数控铣 国家集训队 {i}"),
                    achieved_on: "2026-09-15".into(),
                    person: format!("选手{i} 330702********{:04}", i % 10_000),
                    id_masked: format!("330702********{:04}", i % 10_000),
                },
            )
        })
        .collect();
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let bytes =
            reports::payout_xlsx(FundingSource::HrEmploymentFund, &lines, &purposes).unwrap();
        times.push(start.elapsed());
        size = bytes.len();
    }
    println!(
        "payout xlsx: {count} lines, {size} bytes: median {:.0} ms of {runs} runs (goal < 2000 ms)",
        median(times).as_secs_f64() * 1000.0
    );
}
