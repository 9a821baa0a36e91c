//! The table of cases from the seed: every money item and every rule shape, computed by
//! `scoring::rewards` under the catalogue the migration seeds (read back from the database),
//! with the amounts the policy document gives.

use crate::support::TestApp;
use chrono::NaiveDate;
use jiangxin::awards::policy::{self, NewVersion, Params};
use jiangxin::awards::{day, policy::Version};
use rust_decimal::Decimal;
use scoring::rewards::{Achievement, OfficerAmountError, Recipient, check_officer_amount, compute};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn on(s: &str) -> i32 {
    day(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

/// An achievement of `item` on `date`.
fn a(id: i64, item: &str, date: &str, who: Recipient) -> Achievement {
    Achievement {
        id,
        item: Some(item.into()),
        day: on(date),
        recipient: who,
        heads: 1,
        base: None,
        proof: false,
        flagged: false,
        officer_amount: None,
        series: None,
        withdrawn: false,
        settled: false,
    }
}

fn with(mut x: Achievement, f: impl FnOnce(&mut Achievement)) -> Achievement {
    f(&mut x);
    x
}

const P1: Recipient = Recipient::Person(1);
const P2: Recipient = Recipient::Person(2);
const P3: Recipient = Recipient::Person(3);
const P4: Recipient = Recipient::Person(4);
const SCHOOL: Recipient = Recipient::Organisation(10);
const FIRM: Recipient = Recipient::Organisation(11);

struct Case {
    name: &'static str,
    achievements: Vec<Achievement>,
    /// Each line's amount, in the order the achievements happened.
    expect: Vec<&'static str>,
}

fn cases() -> Vec<Case> {
    let cost = |x: Achievement, c: &str| {
        with(x, |x| {
            x.base = Some(d(c));
            x.proof = true;
        })
    };
    let base = |x: Achievement, b: &str| with(x, |x| x.base = Some(d(b)));
    let heads = |x: Achievement, n: u32| with(x, |x| x.heads = n);
    let officer = |x: Achievement, o: &str| with(x, |x| x.officer_amount = Some(d(o)));
    let d26 = "2026-06-01";
    vec![
        Case {
            name: "第1条 中华技能大奖",
            achievements: vec![a(1, "china_skills_award", d26, P1)],
            expect: vec!["1000000"],
        },
        Case {
            name: "第1条 新入围政府特殊津贴",
            achievements: vec![a(1, "special_allowance", d26, P1)],
            expect: vec!["100000"],
        },
        Case {
            name: "第1条 技能领军人才 1:1 配套，分两期按拨付",
            achievements: vec![
                with(
                    base(a(1, "leading_talent_match", "2026-03-01", P1), "200000"),
                    |x| x.series = Some("浙人社〔2026〕5号".into()),
                ),
                with(
                    base(a(2, "leading_talent_match", "2026-09-01", P1), "300000"),
                    |x| x.series = Some("浙人社〔2026〕5号".into()),
                ),
            ],
            expect: vec!["200000", "300000"],
        },
        Case {
            name: "第2条 世赛金奖",
            achievements: vec![a(1, "ws_gold", d26, P1)],
            expect: vec!["2000000"],
        },
        Case {
            name: "第2条 世赛银奖",
            achievements: vec![a(1, "ws_silver", d26, P1)],
            expect: vec!["1000000"],
        },
        Case {
            name: "第2条 世赛铜奖",
            achievements: vec![a(1, "ws_bronze", d26, P1)],
            expect: vec!["500000"],
        },
        Case {
            name: "第2条 世赛优胜奖",
            achievements: vec![a(1, "ws_excellence", d26, P1)],
            expect: vec!["300000"],
        },
        Case {
            name: "第2条 团体项目按成员各自奖励",
            achievements: vec![a(1, "ws_bronze", d26, P1), a(2, "ws_bronze", d26, P2)],
            expect: vec!["500000", "500000"],
        },
        Case {
            name: "第2条 院校选送3人、企业选送1人入选集训队：给选送单位",
            achievements: vec![
                a(1, "training_team", d26, SCHOOL),
                a(2, "training_team", d26, SCHOOL),
                a(3, "training_team", d26, SCHOOL),
                a(4, "training_team", d26, FIRM),
            ],
            expect: vec!["100000", "100000", "100000", "100000"],
        },
        Case {
            name: "第1条 工匠→杰出工匠→大工匠：补差，不累加",
            achievements: vec![
                a(1, "craftsman", "2026-01-10", P1),
                a(2, "outstanding_craftsman", "2027-01-10", P1),
                a(3, "grand_craftsman", "2028-01-10", P1),
            ],
            expect: vec!["10000", "20000", "20000"],
        },
        Case {
            name: "第18条 先大工匠后工匠：0，不追回",
            achievements: vec![
                a(1, "grand_craftsman", "2026-01-10", P1),
                a(2, "craftsman", "2027-01-10", P1),
            ],
            expect: vec!["50000", "0"],
        },
        Case {
            name: "第18条 世赛奖牌与工匠称号不同类，叠加",
            achievements: vec![
                a(1, "ws_bronze", "2026-01-10", P1),
                a(2, "craftsman", "2026-05-01", P1),
            ],
            expect: vec!["500000", "10000"],
        },
        Case {
            name: "第18条 先铜后金（下一届）：补差",
            achievements: vec![
                a(1, "ws_bronze", "2024-09-15", P1),
                a(2, "ws_gold", "2026-09-15", P1),
            ],
            expect: vec!["500000", "1500000"],
        },
        Case {
            name: "第3条 引才补贴：基数50%连续三年",
            achievements: vec![base(a(1, "recruit_bonus", d26, FIRM), "300000")],
            expect: vec!["150000", "150000", "150000"],
        },
        Case {
            name: "第3条 引才补贴：总额不超过50万",
            achievements: vec![base(a(1, "recruit_bonus", d26, FIRM), "400000")],
            expect: vec!["200000", "200000", "100000"],
        },
        Case {
            name: "第3、7条 购房补贴同类：从高",
            achievements: vec![
                officer(a(1, "recruit_housing", "2026-01-01", P2), "300000"),
                officer(a(2, "technician_housing", "2026-08-01", P2), "100000"),
            ],
            expect: vec!["300000", "0"],
        },
        Case {
            name: "第4条 创新工作室（最高1万）",
            achievements: vec![officer(a(1, "innovation_studio", d26, FIRM), "10000")],
            expect: vec!["10000"],
        },
        Case {
            name: "第4条 技能大师工作室（最高15万，核定12万）",
            achievements: vec![officer(a(1, "master_studio", d26, FIRM), "120000")],
            expect: vec!["120000"],
        },
        Case {
            name: "第4条 未核定金额：0",
            achievements: vec![a(1, "master_studio", d26, FIRM)],
            expect: vec!["0"],
        },
        Case {
            name: "第5条 出境研修（最高3万）",
            achievements: vec![officer(a(1, "training_abroad", d26, P3), "28600.50")],
            expect: vec!["28600.50"],
        },
        Case {
            name: "第5条 国内高研班",
            achievements: vec![officer(a(1, "advanced_class", d26, P3), "8000")],
            expect: vec!["8000"],
        },
        Case {
            name: "第5条 脱产研修扶持",
            achievements: vec![officer(a(1, "refresher_training", d26, FIRM), "20000")],
            expect: vec!["20000"],
        },
        Case {
            name: "第6条 新职业技师购房补贴",
            achievements: vec![officer(a(1, "new_trade_housing", d26, P4), "150000")],
            expect: vec!["150000"],
        },
        Case {
            name: "第7条 技能等级认定：600元/人 × 25人",
            achievements: vec![heads(a(1, "certification", d26, FIRM), 25)],
            expect: vec!["15000"],
        },
        Case {
            name: "第7条 培训补贴：最高3000",
            achievements: vec![base(a(1, "training_subsidy", d26, P1), "3500")],
            expect: vec!["3000"],
        },
        Case {
            name: "第7条 培训补贴：紧缺工种上浮30%",
            achievements: vec![
                with(base(a(1, "training_subsidy", d26, P1), "3500"), |x| {
                    x.flagged = true
                }),
                with(base(a(2, "training_subsidy", d26, P2), "2000.01"), |x| {
                    x.flagged = true
                }),
            ],
            expect: vec!["3900", "2600.01"],
        },
        Case {
            name: "第7条 技师津贴后晋高级技师津贴：按年分两期，从高补差（自最后一年起）",
            achievements: vec![
                a(1, "technician_allowance", "2026-01-01", P1),
                a(2, "senior_technician_allowance", "2026-09-01", P1),
            ],
            expect: vec!["7200", "7200", "0", "9600"],
        },
        Case {
            name: "第7条 高级技师津贴后又报技师津贴：不再发放",
            achievements: vec![
                a(1, "senior_technician_allowance", "2026-01-01", P1),
                a(2, "technician_allowance", "2026-09-01", P1),
            ],
            expect: vec!["12000", "12000", "0", "0"],
        },
        Case {
            name: "第8条 市级公共实训基地",
            achievements: vec![a(1, "public_training_base", d26, SCHOOL)],
            expect: vec!["200000"],
        },
        Case {
            name: "第8条 首次列入省级基地 1:1",
            achievements: vec![base(a(1, "provincial_base_match", d26, SCHOOL), "800000")],
            expect: vec!["800000"],
        },
        Case {
            name: "第8条 扩建：省拨20%、累计不超过100万",
            achievements: vec![
                with(
                    base(
                        a(1, "base_expansion_match", "2026-01-01", SCHOOL),
                        "3000000",
                    ),
                    |x| x.series = Some("扩建一期".into()),
                ),
                with(
                    base(
                        a(2, "base_expansion_match", "2026-07-01", SCHOOL),
                        "3000000",
                    ),
                    |x| x.series = Some("扩建一期".into()),
                ),
            ],
            expect: vec!["600000", "400000"],
        },
        Case {
            name: "第9条 培训中心",
            achievements: vec![a(1, "training_centre", d26, FIRM)],
            expect: vec!["50000"],
        },
        Case {
            name: "第10条 承办：成本50000.00",
            achievements: vec![cost(a(1, "hosting_city", d26, FIRM), "50000.00")],
            expect: vec!["50000"],
        },
        Case {
            name: "第10条 承办：成本49999.99",
            achievements: vec![cost(a(1, "hosting_city", d26, FIRM), "49999.99")],
            expect: vec!["49999.99"],
        },
        Case {
            name: "第10条 承办：成本60000，最高5万",
            achievements: vec![cost(a(1, "hosting_city", d26, FIRM), "60000")],
            expect: vec!["50000"],
        },
        Case {
            name: "第10条 承办：成本60000，经办人核减至45000",
            achievements: vec![officer(
                cost(a(1, "hosting_city", d26, FIRM), "60000"),
                "45000",
            )],
            expect: vec!["45000"],
        },
        Case {
            name: "第10条 承办：未报成本",
            achievements: vec![a(1, "hosting_city", d26, FIRM)],
            expect: vec!["0"],
        },
        Case {
            name: "第10条 承办：无成本凭证",
            achievements: vec![base(a(1, "hosting_city", d26, FIRM), "30000")],
            expect: vec!["0"],
        },
        Case {
            name: "第10条 院校承办省级选拔赛：按成本",
            achievements: vec![cost(
                a(1, "hosting_school_provincial", d26, SCHOOL),
                "180000",
            )],
            expect: vec!["180000"],
        },
        Case {
            name: "第10条 院校承办省级选拔赛：最高20万",
            achievements: vec![cost(
                a(1, "hosting_school_provincial", d26, SCHOOL),
                "260000",
            )],
            expect: vec!["200000"],
        },
        Case {
            name: "第10条 世赛国家级集训基地",
            achievements: vec![a(1, "ws_training_base", d26, SCHOOL)],
            expect: vec!["500000"],
        },
        Case {
            name: "第10条 世赛国家级集训基地：两个项目 100 万",
            achievements: vec![heads(a(1, "ws_training_base", d26, SCHOOL), 2)],
            expect: vec!["1000000"],
        },
        Case {
            name: "第10条 院校承办省级选拔赛：两个项目，每个最高20万",
            achievements: vec![heads(
                cost(a(1, "hosting_school_provincial", d26, SCHOOL), "450000"),
                2,
            )],
            expect: vec!["400000"],
        },
        Case {
            name: "第12条 新型学徒制（每人每年最高6000）",
            achievements: vec![officer(a(1, "apprenticeship", d26, FIRM), "6000")],
            expect: vec!["6000"],
        },
        Case {
            name: "第12条 新型学徒制：10 名学徒 6 万，多报不超过 6 万",
            achievements: vec![
                heads(officer(a(1, "apprenticeship", d26, FIRM), "60000"), 10),
                heads(officer(a(2, "apprenticeship", d26, SCHOOL), "70000"), 10),
            ],
            expect: vec!["60000", "60000"],
        },
        Case {
            name: "第12条 订单班（每人最高2000）",
            achievements: vec![officer(a(1, "order_class", d26, FIRM), "1500")],
            expect: vec!["1500"],
        },
        Case {
            name: "第12条 订单班：30 人最高 6 万",
            achievements: vec![heads(officer(a(1, "order_class", d26, FIRM), "65000"), 30)],
            expect: vec!["60000"],
        },
        Case {
            name: "第12条 协作基地：19人无，20人5万，25人6.5万",
            achievements: vec![
                heads(a(1, "partner_base", "2024-12-31", SCHOOL), 19),
                heads(a(2, "partner_base", "2025-12-31", SCHOOL), 20),
                heads(a(3, "partner_base", "2026-12-31", SCHOOL), 25),
            ],
            expect: vec!["0", "50000", "65000"],
        },
        Case {
            name: "竞赛一等奖本身不产生奖补",
            achievements: vec![with(a(1, "", d26, P1), |x| x.item = None)],
            expect: vec![],
        },
    ]
}

async fn seeded() -> (TestApp, Vec<Version>) {
    let app = TestApp::spawn().await;
    let versions = policy::all_versions(&app.db).await.unwrap();
    (app, versions)
}

#[tokio::test]
async fn the_seed_pays_what_the_document_says_item_by_item_and_shape_by_shape() {
    let (_app, versions) = seeded().await;
    let items: Vec<_> = versions.iter().map(|v| v.item.clone()).collect();
    let mut covered_items = std::collections::HashSet::new();
    let mut covered_shapes = std::collections::HashSet::new();
    for case in cases() {
        let lines = compute(&items, &case.achievements);
        let got: Vec<Decimal> = lines.iter().map(|l| l.amount).collect();
        let want: Vec<Decimal> = case.expect.iter().map(|e| d(e)).collect();
        assert_eq!(got, want, "{}: {:#?}", case.name, lines);
        for l in &lines {
            assert_eq!(l.amount, l.amount.round_dp(2), "{}: to the fen", case.name);
            covered_items.insert(l.code.clone());
            let v = versions
                .iter()
                .find(|v| i64::from(v.row.id) == l.version_id)
                .unwrap();
            covered_shapes.insert(v.row.shape);
        }
    }
    let codes: std::collections::HashSet<String> =
        versions.iter().map(|v| v.row.code.clone()).collect();
    assert_eq!(covered_items, codes, "every item of the seed has a case");
    assert_eq!(
        covered_shapes.len(),
        <entity::kinds::PolicyShape as sea_orm::Iterable>::iter().count(),
        "every rule shape has a case: {covered_shapes:?}"
    );
}

#[tokio::test]
async fn funds_follow_the_clauses_and_the_payers_table_covers_every_district() {
    let (app, versions) = seeded().await;
    let fund = |code: &str| {
        serde_json::to_value(policy::latest(&versions, code).unwrap().row.fund).unwrap()
    };
    for talent in [
        "china_skills_award",
        "craftsman",
        "grand_craftsman",
        "recruit_bonus",
        "training_abroad",
        "partner_base",
    ] {
        assert_eq!(fund(talent), "talent_fund", "{talent}");
    }
    for hr in [
        "ws_gold",
        "training_team",
        "hosting_city",
        "hosting_school_provincial",
        "certification",
        "training_centre",
    ] {
        assert_eq!(fund(hr), "hr_employment_fund", "{hr}");
    }
    use sea_orm::EntityTrait;
    let payers = entity::reward_payer::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    for district in jiangxin::accounts::organisations::DISTRICTS {
        assert!(payers.iter().any(|p| p.district == district), "{district}");
    }
}

#[tokio::test]
async fn a_ceiling_is_lowered_with_a_reason_and_never_raised() {
    let (_app, versions) = seeded().await;
    let hosting = policy::latest(&versions, "hosting_city").unwrap();
    let mut x = a(1, "hosting_city", "2026-06-01", FIRM);
    x.base = Some(d("60000"));
    x.proof = true;
    assert!(check_officer_amount(&hosting.item, &x, d("45000")).is_ok());
    assert!(check_officer_amount(&hosting.item, &x, d("50000")).is_ok());
    assert_eq!(
        check_officer_amount(&hosting.item, &x, d("50000.01")),
        Err(OfficerAmountError::AboveCeiling {
            ceiling: d("50000")
        })
    );
    x.base = Some(d("49999.99"));
    assert!(
        check_officer_amount(&hosting.item, &x, d("50000")).is_err(),
        "the ceiling is the cost when lower"
    );
    let gold = policy::latest(&versions, "ws_gold").unwrap();
    assert_eq!(
        check_officer_amount(&gold.item, &a(1, "ws_gold", "2026-06-01", P1), d("1")),
        Err(OfficerAmountError::NotAdjustable)
    );
}

#[tokio::test]
async fn a_later_version_changes_later_achievements_only() {
    let (app, _) = seeded().await;
    // Policy versions are the HR bureau's (clause 17).
    let bureau = app
        .organisation(
            "金华市人社局（政策）",
            entity::kinds::OrganisationKind::Bureau,
        )
        .await;
    app.user("officer", entity::kinds::Role::AwardOfficer, Some(bureau))
        .await;
    let officer = jiangxin::accounts::Actor {
        user_id: entity::UserId(1),
        username: "officer".into(),
        display_name: "officer".into(),
        role: entity::kinds::Role::AwardOfficer,
        organisation_id: Some(bureau),
    };
    policy::add_version(
        &app.db,
        &officer,
        "craftsman",
        NewVersion {
            effective_from: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            doc_number: "金政办发〔2026〕99号".into(),
            shape: entity::kinds::PolicyShape::Fixed,
            params: Params {
                amount: Some(d("20000")),
                ..Default::default()
            },
            fund: entity::kinds::FundingSource::TalentFund,
            same_kind_group: Some("craftsman_title".into()),
            reason: "提高金华工匠资助标准".into(),
        },
    )
    .await
    .unwrap();
    let versions = policy::all_versions(&app.db).await.unwrap();
    let items: Vec<_> = versions.iter().map(|v| v.item.clone()).collect();
    let lines = compute(
        &items,
        &[
            a(1, "craftsman", "2026-12-31", P1),
            a(2, "craftsman", "2027-01-01", P2),
        ],
    );
    assert_eq!(lines[0].amount, d("10000"));
    assert_eq!(lines[1].amount, d("20000"));
    assert_ne!(lines[0].version_id, lines[1].version_id);
    // The same date twice is refused; the audit names the change.
    let again = policy::add_version(
        &app.db,
        &officer,
        "craftsman",
        NewVersion {
            effective_from: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            doc_number: "x".into(),
            shape: entity::kinds::PolicyShape::Fixed,
            params: Params {
                amount: Some(d("1")),
                ..Default::default()
            },
            fund: entity::kinds::FundingSource::TalentFund,
            same_kind_group: None,
            reason: "x".into(),
        },
    )
    .await;
    assert!(again.is_err());
    let audit = jiangxin::audit::entries_for(&app.db, "policy_item:craftsman")
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert!(audit[0].detail.contains("金政办发〔2026〕99号"));
}
