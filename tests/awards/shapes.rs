//! The shapes the seed states (issue 27): per project, per head, a line per year payable in its
//! own year, conditions the officer ticks with evidence, withdrawing a record entered by
//! mistake, and four eyes that are two people.

use super::{ids, officers};
use crate::support::id_number;
use chrono::{Duration, Months};
use serde_json::{Value, json};

fn org_item(item: &str, org: &str, on: &str, heads: u32) -> Value {
    json!({"item": item, "organisation": org, "achieved_on": on, "heads": heads.to_string(),
           "description": format!("{item} {org} {heads}")})
}

fn lines_of(lines: &[Value], achievement: i64) -> Vec<&Value> {
    let mut v: Vec<&Value> = lines
        .iter()
        .filter(|l| l["achievement"].as_i64() == Some(achievement))
        .collect();
    v.sort_by_key(|l| (l["part"].as_i64(), l["id"].as_i64()));
    v
}

#[tokio::test]
async fn a_training_base_is_paid_per_project_and_apprentices_per_head() {
    let o = officers().await;
    let school = "金华市技师学院";
    let base = o
        .enter(&o.a, org_item("ws_training_base", school, "2026-06-01", 2))
        .await;
    // 学徒制: ten apprentices, up to 6,000 each.
    let mut apprentices = org_item("apprenticeship", school, "2026-06-01", 10);
    apprentices["amount"] = json!("60000.01");
    let (status, body) =
        o.a.post("/api/v1/awards/achievements", apprentices.clone())
            .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "amount", "{body}");
    assert!(body.to_string().contains("60,000.00"), "{body}");
    apprentices["amount"] = json!("60000");
    let apprenticed = o.enter(&o.a, apprentices).await;
    let mut class = org_item("order_class", school, "2026-07-01", 30);
    class["amount"] = json!("60000");
    let ordered = o.enter(&o.a, class).await;
    o.recompute().await;
    let lines = o.lines().await;
    let amount = |a| {
        lines_of(&lines, a)[0]["amount"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(amount(base), "1000000.00", "two projects, 500,000 each");
    assert_eq!(amount(apprenticed), "60000.00");
    assert_eq!(amount(ordered), "60000.00");
}

#[tokio::test]
async fn a_multi_year_item_pays_a_line_per_year_each_payable_in_its_own_year() {
    let o = officers().await;
    let today = jiangxin::time::today();
    let firm = "浙江金婺精工机械有限公司";
    let mut recruit = org_item("recruit_bonus", firm, &today.to_string(), 1);
    recruit["base"] = json!("300000");
    let recruited = o.enter(&o.a, recruit).await;
    let allowance = o
        .enter(
            &o.a,
            json!({"item": "senior_technician_allowance", "id_number": id_number(811), "name": "王建",
                   "organisation": firm, "achieved_on": today.to_string(), "description": "高级技师津贴"}),
        )
        .await;
    o.recompute().await;
    let lines = o.lines().await;
    let years = |a| {
        lines_of(&lines, a)
            .iter()
            .map(|l| {
                (
                    l["part"].as_i64().unwrap(),
                    l["amount"].as_str().unwrap().to_owned(),
                    l["payable_from"].as_str().map(str::to_owned),
                )
            })
            .collect::<Vec<_>>()
    };
    let year = |n: u32| Some((today + Months::new(12 * n)).to_string());
    assert_eq!(
        years(recruited),
        [
            (1, "150000.00".into(), None),
            (2, "150000.00".into(), year(1)),
            (3, "150000.00".into(), year(2)),
        ]
    );
    assert_eq!(
        years(allowance),
        [
            (1, "12000.00".into(), None),
            (2, "12000.00".into(), year(1))
        ]
    );

    // The conditions the seed names are ticked, each with its evidence, before review.
    let recruit_ids = ids(&lines_of(&lines, recruited));
    let (status, body) = o.step(&o.b, "review", json!({"ids": recruit_ids})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("条件由经办人核实"), "{body}");
    assert!(body.to_string().contains("制造业企业"), "{body}");
    let (_, listed) = o.a.get("/api/v1/awards/achievements").await;
    let record = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_i64() == Some(recruited))
        .unwrap()
        .clone();
    let required: Vec<String> = record["conditions_required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(required.len(), 4, "{record}");
    let tick = |condition: &str, evidence: &str| json!({"ticks": [{"condition": condition, "evidence": evidence}]});
    let path = format!("/api/v1/awards/achievements/{recruited}/conditions");
    let (status, body) = o.a.post(&path, tick(&required[0], " ")).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("evidence")),
        "{body}"
    );
    let (status, body) = o.a.post(&path, tick("随便一个条件", "x")).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("conditions")),
        "{body}"
    );
    for c in &required[..3] {
        let (status, body) =
            o.a.post(&path, tick(c, "营业执照、引进协议、认定文件"))
                .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = o.step(&o.b, "review", json!({"ids": recruit_ids})).await;
    assert_eq!(status, 422, "one condition still open: {body}");
    assert!(body.to_string().contains(&required[3]), "{body}");
    let (status, body) =
        o.a.post(&path, tick(&required[3], "2025年度个税证明"))
            .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = o.step(&o.b, "review", json!({"ids": recruit_ids})).await;
    assert_eq!(status, 200, "{body}");

    // The second and third years wait for their own year.
    let window = |ids: &[i64]| json!({"ids": ids, "title": "引才补贴公示", "starts_on": today, "ends_on": today + Duration::days(10)});
    let (status, body) = o.step(&o.b, "publicise", window(&recruit_ids)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("第 2 年"), "{body}");
    let (status, body) = o.step(&o.b, "publicise", window(&recruit_ids[..1])).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_withdrawn_record_loses_its_drafts_and_what_was_reviewed_is_held() {
    let o = officers().await;
    let school = "金华市技师学院";
    let reviewed = o
        .enter(&o.a, super::medal("ws_silver", 821, school, "2026-09-15"))
        .await;
    let drafted = o
        .enter(&o.a, super::medal("ws_bronze", 822, school, "2026-09-15"))
        .await;
    o.recompute().await;
    let lines = o.lines().await;
    let first = ids(&lines_of(&lines, reviewed));
    let (status, body) = o.step(&o.b, "review", json!({"ids": first})).await;
    assert_eq!(status, 200, "{body}");

    let withdraw = |id: i64, reason: &str| {
        (
            format!("/api/v1/awards/achievements/{id}/withdraw"),
            json!({"reason": reason}),
        )
    };
    let (path, body) = withdraw(reviewed, "  ");
    let (status, answer) = o.a.post(&path, body).await;
    assert_eq!(
        (status, answer["error"]["field"].as_str()),
        (422, Some("reason")),
        "{answer}"
    );
    // Nobody outside the awards module learns of it.
    let (path, body) = withdraw(reviewed, "录错人员");
    let (status, _) = o.s.organiser.post(&path, body.clone()).await;
    assert_eq!(status, 404);
    let (status, answer) = o.a.post(&path, body.clone()).await;
    assert_eq!(status, 200, "{answer}");
    let (status, _) = o.a.post(&path, body).await;
    assert_eq!(status, 409, "withdrawn once");
    let (path, body) = withdraw(drafted, "重复录入");
    let (status, answer) = o.a.post(&path, body).await;
    assert_eq!(status, 200, "{answer}");

    let lines = o.lines().await;
    assert!(lines_of(&lines, drafted).is_empty(), "its draft went");
    let held = lines_of(&lines, reviewed);
    assert_eq!(held.len(), 2, "{held:#?}");
    assert_eq!(held[0]["status"], "reviewed");
    assert_eq!(held[1]["status"], "draft");
    assert_eq!(held[1]["amount"], "0.00");
    assert!(
        held[1]["note"].as_str().unwrap().starts_with("核减："),
        "{}",
        held[1]
    );
    // The reviewed line moves no further until returned.
    let today = jiangxin::time::today();
    let (status, body) = o
        .step(&o.c, "publicise", json!({"ids": first, "title": "公示", "starts_on": today, "ends_on": today + Duration::days(10)}))
        .await;
    assert_eq!(status, 422, "{body}");
    // Recomputing again changes nothing; the audit names the reason.
    let again = o.recompute().await;
    assert_eq!(
        (again["added"].as_i64(), again["changed"].as_i64()),
        (Some(0), Some(0)),
        "{again}"
    );
    let audit = jiangxin::audit::entries_for(&o.s.app.db, &format!("achievement:{reviewed}"))
        .await
        .unwrap();
    assert!(
        audit.iter().any(|e| e.detail.contains("录错人员")),
        "{audit:?}"
    );
}

#[tokio::test]
async fn an_account_the_administrator_made_is_not_a_second_pair_of_eyes_on_its_entries() {
    let o = officers().await;
    let (status, body) =
        o.c.post(
            "/api/v1/users",
            json!({"username": "clerk", "display_name": "新经办人", "password": crate::support::PASSWORD,
                   "role": "award_officer", "organisation_id": o.s.bureau.0}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let clerk = o.s.app.api(&o.s.app.token_for("clerk").await);
    let entered = o
        .enter(
            &o.c,
            super::medal("ws_gold", 831, "金华市技师学院", "2026-09-15"),
        )
        .await;
    o.recompute().await;
    let line = ids(&lines_of(&o.lines().await, entered));
    let (status, body) = o.step(&clerk, "review", json!({"ids": line})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("创建"), "{body}");
    let (status, body) = o.step(&o.a, "review", json!({"ids": line})).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_second_computation_changes_nothing_when_nothing_changed() {
    // Bronze, then gold (a top-up), then a lower medal (0.00, closed by itself): computing
    // again must read the closed line as nothing settled, and change no line.
    let o = officers().await;
    let school = "金华市技师学院";
    for (item, on) in [
        ("ws_bronze", "2024-09-15"),
        ("ws_gold", "2025-09-15"),
        ("ws_excellence", "2026-09-15"),
    ] {
        o.enter(&o.a, super::medal(item, 931, school, on)).await;
    }
    let first = o.recompute().await;
    assert_eq!(first["added"], 3, "{first}");
    let lines = o.lines().await;
    let mut amounts: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l["amount"].as_str().unwrap(), l["status"].as_str().unwrap()))
        .collect();
    amounts.sort_unstable();
    assert_eq!(
        amounts,
        [
            ("0.00", "closed"),
            ("1500000.00", "draft"),
            ("500000.00", "draft")
        ]
    );
    let again = o.recompute().await;
    assert_eq!(
        (
            again["added"].as_i64(),
            again["changed"].as_i64(),
            again["removed"].as_i64()
        ),
        (Some(0), Some(0), Some(0)),
        "{again}"
    );
    assert_eq!(o.lines().await, lines);
}
