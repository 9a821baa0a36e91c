//! Competitions, and above all that one organisation never sees another's.

use crate::support::TestApp;
use entity::kinds::{OrganisationKind, Role};
use serde_json::json;

struct Tenants {
    app: TestApp,
    firm_a: i32,
    firm_b: i32,
}

/// Two enterprises, each with an organiser and a 岗位练兵 of its own, plus the bureau.
async fn two_enterprises() -> Tenants {
    let app = TestApp::spawn().await;
    let bureau = app
        .organisation("金华市人力资源和社会保障局", OrganisationKind::Bureau)
        .await;
    let a = app
        .organisation("浙江金婺精工机械有限公司", OrganisationKind::Enterprise)
        .await;
    let b = app
        .organisation("义乌市双江电气有限公司", OrganisationKind::Enterprise)
        .await;
    app.user("admin", Role::Admin, Some(bureau)).await;
    app.user("officer", Role::AwardOfficer, Some(bureau)).await;
    app.user("hr-a", Role::Organiser, Some(a)).await;
    app.user("hr-b", Role::Organiser, Some(b)).await;
    Tenants {
        app,
        firm_a: a.0,
        firm_b: b.0,
    }
}

#[tokio::test]
async fn an_enterprise_sees_and_touches_only_its_own_competitions() {
    let t = two_enterprises().await;
    let a = t.app.api(&t.app.token_for("hr-a").await);
    let b = t.app.api(&t.app.token_for("hr-b").await);

    let (status, mine) = a
        .post(
            "/api/v1/competitions",
            json!({"name": "2026年金婺精工岗位练兵", "kind": "enterprise", "year": 2026}),
        )
        .await;
    assert_eq!(status, 201, "{mine}");
    assert_eq!(mine["organiser_id"], t.firm_a);
    let (status, theirs) = b
        .post(
            "/api/v1/competitions",
            json!({"name": "2026年双江电气岗位练兵", "kind": "enterprise", "year": 2026}),
        )
        .await;
    assert_eq!(status, 201);
    let theirs_id = theirs["id"].as_i64().unwrap();

    let (_, listed) = a.get("/api/v1/competitions").await;
    let names: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2026年金婺精工岗位练兵"]);

    // Another's competition is "not found", exactly like one that does not exist.
    let (status, body) = a.get(&format!("/api/v1/competitions/{theirs_id}")).await;
    assert_eq!(status, 404);
    assert_eq!(a.get("/api/v1/competitions/999999").await, (status, body));

    // Nor can one create a competition in another's name.
    let (status, _) = a
        .post(
            "/api/v1/competitions",
            json!({"name": "冒名赛事", "kind": "enterprise", "year": 2026, "organiser_id": t.firm_b}),
        )
        .await;
    assert_eq!(status, 403);

    // The same holds on the pages.
    let (browser, _) = t.app.sign_in("hr-a").await;
    let page = browser
        .get(t.app.url(&format!("/admin/competitions/{theirs_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
    let dashboard = browser
        .get(t.app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dashboard.contains("金婺精工") && !dashboard.contains("双江电气岗位练兵"));
}

#[tokio::test]
async fn the_bureau_sees_all_and_award_officers_only_look() {
    let t = two_enterprises().await;
    let a = t.app.api(&t.app.token_for("hr-a").await);
    let (_, mine) = a
        .post(
            "/api/v1/competitions",
            json!({"name": "岗位练兵", "kind": "enterprise", "year": 2026}),
        )
        .await;
    let id = mine["id"].as_i64().unwrap();

    let admin = t.app.api(&t.app.token_for("admin").await);
    assert_eq!(
        admin.get(&format!("/api/v1/competitions/{id}")).await.0,
        200
    );
    let (status, city) = admin
        .post(
            "/api/v1/competitions",
            json!({"name": "2026年金华市技能大赛", "kind": "city", "year": 2026}),
        )
        .await;
    assert_eq!(status, 201, "{city}");

    let officer = t.app.api(&t.app.token_for("officer").await);
    let (_, all) = officer.get("/api/v1/competitions").await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let (status, _) = officer
        .post(
            "/api/v1/competitions",
            json!({"name": "经办人的赛事", "kind": "city", "year": 2026}),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn an_enterprise_cannot_run_the_city_contest() {
    let t = two_enterprises().await;
    let a = t.app.api(&t.app.token_for("hr-a").await);
    let (status, body) = a
        .post(
            "/api/v1/competitions",
            json!({"name": "2026年金华市技能大赛", "kind": "city", "year": 2026}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "kind");
    let (status, body) = a
        .post(
            "/api/v1/competitions",
            json!({"name": "岗位练兵", "kind": "enterprise", "year": 1899}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "year");
    assert_eq!(a.get("/api/v1/competitions/abc").await.0, 404);
}

#[tokio::test]
async fn an_organiser_creates_a_competition_from_the_dashboard() {
    let t = two_enterprises().await;
    let (browser, csrf) = t.app.sign_in("hr-a").await;
    let firm = t.firm_a.to_string();

    let res = browser
        .post(t.app.url("/admin/competitions"))
        .form(&[
            ("name", "岗位练兵"),
            ("kind", "enterprise"),
            ("year", "明年"),
            ("organiser_id", &firm),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("年度须为四位数字"));

    let res = browser
        .post(t.app.url("/admin/competitions"))
        .form(&[
            ("name", "2026年金婺精工岗位练兵"),
            ("kind", "enterprise"),
            ("year", "2026"),
            ("organiser_id", &firm),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let page = browser
        .get(t.app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("2026年金婺精工岗位练兵") && page.contains("筹备中"));
}
