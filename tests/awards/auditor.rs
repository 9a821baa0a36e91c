//! What an auditor tried (issue 27): paying twice through a reworded record, title money
//! without a title, numbers no policy can mean, clause 17's division of powers, and who may
//! record a payment.

use super::{medal, officers};
use entity::kinds::{OrganisationKind, Role};
use serde_json::json;

#[tokio::test]
async fn a_reworded_record_of_the_same_achievement_is_refused_unless_a_reason_is_given() {
    let o = officers().await;
    let school = "金华市技师学院";
    o.enter(&o.a, medal("ws_gold", 801, school, "2026-09-15"))
        .await;
    // The same person, item and day with another description: the same achievement.
    let mut again = medal("ws_gold", 801, school, "2026-09-15");
    again["description"] = json!("第48届世界技能大赛金牌（上海）");
    let (status, body) = o.a.post("/api/v1/awards/achievements", again.clone()).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("已有登记"), "{body}");
    // Deliberately a second record: with a reason, which its line carries, and entered by a
    // second officer (not the one who entered the first); another officer reviews it, as every
    // line.
    again["duplicate_reason"] = json!("同日获两个项目金牌（另见文号）");
    let (status, body) = o.a.post("/api/v1/awards/achievements", again.clone()).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("另一名经办人"), "{body}");
    let (status, body) = o.b.post("/api/v1/awards/achievements", again).await;
    assert_eq!(status, 200, "{body}");
    o.recompute().await;
    assert_eq!(o.lines().await.len(), 2);
}

#[tokio::test]
async fn title_money_comes_only_from_a_conferred_title() {
    let o = officers().await;
    for item in ["grand_craftsman", "outstanding_craftsman", "craftsman"] {
        let (status, body) =
            o.a.post(
                "/api/v1/awards/achievements",
                medal(item, 802, "浙江金婺精工机械有限公司", "2026-05-01"),
            )
            .await;
        assert_eq!(status, 422, "{item}: {body}");
        assert_eq!(body["error"]["field"], "item", "{body}");
        assert!(body.to_string().contains("授予的称号"), "{body}");
    }
}

#[tokio::test]
async fn numbers_no_policy_can_mean_are_refused() {
    let o = officers().await;
    let version = |params: serde_json::Value, shape: &str| {
        json!({"effective_from": "2027-01-01", "doc_number": "金人社发〔2026〕88号", "shape": shape,
               "params": params, "fund": "talent_fund", "same_kind_group": null, "reason": "测试"})
    };
    for (code, shape, params, field) in [
        (
            "leading_talent_match",
            "match",
            json!({"ratio": "-1"}),
            "ratio",
        ),
        (
            "leading_talent_match",
            "match",
            json!({"ratio": "0"}),
            "ratio",
        ),
        (
            "recruit_bonus",
            "percent_of_base",
            json!({"percent": "5", "years": 3, "cap": "500000"}),
            "percent",
        ),
        (
            "recruit_bonus",
            "percent_of_base",
            json!({"percent": "0.5", "years": 0, "cap": "500000"}),
            "years",
        ),
        (
            "senior_technician_allowance",
            "monthly",
            json!({"amount": "1000", "months": 0}),
            "months",
        ),
        ("ws_gold", "fixed", json!({"amount": "38600.505"}), "amount"),
    ] {
        let (status, body) =
            o.a.post(
                &format!("/api/v1/awards/policy/{code}/versions"),
                version(params.clone(), shape),
            )
            .await;
        assert_eq!(status, 422, "{code} {params}: {body}");
        assert_eq!(body["error"]["field"], field, "{code} {params}: {body}");
    }
    // Hosting cost to the fen, not rounded silently.
    let s = &o.s;
    let (status, body) = s
        .organiser
        .put(
            &format!("/api/v1/events/{}", s.event),
            json!({"trade": "数控车工", "group": "staff", "track": "national", "level": 3, "host_id": s.firm_a.0, "hosting_cost": "38600.505"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "hosting_cost", "{body}");
}

#[tokio::test]
async fn clause_17_divides_the_bureaus_and_the_unions_powers() {
    let o = officers().await;
    let union =
        o.s.app
            .organisation("金华市总工会", OrganisationKind::TradeUnion)
            .await;
    o.s.app.user("zgh", Role::AwardOfficer, Some(union)).await;
    let zgh = o.s.app.api(&o.s.app.token_for("zgh").await);
    // 市一级 approval and policy versions are the bureau's.
    let (status, body) = zgh
        .put(
            &format!("/api/v1/awards/competitions/{}/city-level", o.s.competition),
            json!({"approved": true, "doc_number": "金人社函〔2026〕7号"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("市人社局"), "{body}");
    let (status, body) = zgh
        .post(
            "/api/v1/awards/policy/ws_gold/versions",
            json!({"effective_from": "2027-01-01", "doc_number": "x", "shape": "fixed",
                   "params": {"amount": "2000000"}, "fund": "hr_employment_fund", "same_kind_group": "ws_medal", "reason": "x"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    // The union nominates 金华工匠, never 大工匠 or 杰出工匠.
    let person = |title: &str, n: u32| {
        json!({"title": title, "id_number": crate::support::id_number(n), "name": "楼建华",
               "organisation": "浙江金婺精工机械有限公司", "evidence": "2026年金华市技能大赛 数控车工 一等奖"})
    };
    let (status, body) = zgh
        .post("/api/v1/awards/titles", person("grand_craftsman", 803))
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = zgh
        .post("/api/v1/awards/titles", person("craftsman", 804))
        .await;
    assert_eq!(status, 200, "{body}");
    // A 大工匠 the bureau nominated and reviewed: the union may not confer it.
    let (_, id) =
        o.a.post("/api/v1/awards/titles", person("grand_craftsman", 805))
            .await;
    let id = id.as_i64().unwrap();
    let (status, body) =
        o.b.post(
            &format!("/api/v1/awards/titles/{id}/review"),
            json!({"pass": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let confer = json!({"conferred_on": "2026-05-01", "doc_number": "金政发〔2026〕21号"});
    let (status, body) = zgh
        .post(
            &format!("/api/v1/awards/titles/{id}/confer"),
            confer.clone(),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) =
        o.c.post(&format!("/api/v1/awards/titles/{id}/confer"), confer)
            .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_payment_is_recorded_by_another_than_the_reviewer_and_never_ahead() {
    let o = officers().await;
    o.enter(
        &o.a,
        medal("ws_bronze", 806, "金华市技师学院", "2026-09-15"),
    )
    .await;
    o.recompute().await;
    let ids: Vec<i64> = o
        .lines()
        .await
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    let today = jiangxin::time::today();
    assert_eq!(o.step(&o.b, "review", json!({"ids": ids})).await.0, 200);
    let (status, body) = o
        .step(&o.b, "publicise", json!({"ids": ids, "title": "奖补公示", "starts_on": today, "ends_on": today + chrono::Duration::days(7)}))
        .await;
    assert_eq!(status, 200, "{body}");
    super::let_publicity_pass(&o, &ids).await;
    assert_eq!(o.step(&o.c, "approve", json!({"ids": ids})).await.0, 200);
    let (status, body) = o
        .step(
            &o.b,
            "pay",
            json!({"ids": ids, "paid_on": today, "voucher": "记-1"}),
        )
        .await;
    assert_eq!(status, 422, "the reviewer records no payment: {body}");
    let (status, body) = o
        .step(
            &o.a,
            "pay",
            json!({"ids": ids, "paid_on": today + chrono::Duration::days(3), "voucher": "记-1"}),
        )
        .await;
    assert_eq!(status, 422, "a payment dated ahead: {body}");
    let (status, body) = o
        .step(
            &o.a,
            "pay",
            json!({"ids": ids, "paid_on": today, "voucher": "记-1"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}
