//! Only award officers and the administrator see the module; everyone else is told it does
//! not exist, on pages and in the API.

use super::officers;
use entity::kinds::Role;
use serde_json::json;

const PAGES: [&str; 8] = [
    "/awards",
    "/awards/lines",
    "/awards/achievements",
    "/awards/hosting",
    "/awards/titles",
    "/awards/policy",
    "/awards/reports",
    "/awards/payout/talent_fund.xlsx",
];

#[tokio::test]
async fn organisers_team_leaders_and_arbitrators_get_not_found() {
    let o = officers().await;
    let app = &o.s.app;
    app.user("leader", Role::TeamLeader, Some(o.s.firm_a)).await;
    app.user("arbiter", Role::Arbitrator, None).await;
    for who in ["other-hr", "organiser", "leader", "arbiter"] {
        let (browser, _) = app.sign_in(who).await;
        for page in PAGES {
            let res = browser.get(app.url(page)).send().await.unwrap();
            assert_eq!(res.status(), 404, "{who} {page}");
        }
        let api = app.api(&app.token_for(who).await);
        for path in [
            "/api/v1/awards/policy",
            "/api/v1/awards/lines",
            "/api/v1/awards/totals",
            "/api/v1/awards/dashboard",
        ] {
            assert_eq!(api.get(path).await.0, 404, "{who} {path}");
        }
        let (status, _) = api.post("/api/v1/awards/recompute", json!({})).await;
        assert_eq!(status, 404, "{who}");
        let (status, _) = api
            .post(
                "/api/v1/awards/achievements",
                super::medal("ws_gold", 1, "金华市技师学院", "2026-09-15"),
            )
            .await;
        assert_eq!(status, 404, "{who}");
        let home = browser
            .get(app.url("/admin"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!home.contains("href=\"/awards\""), "{who} sees no link");
    }
    // Signed out: the sign-in page, not the module.
    let res = app.browser().get(app.url("/awards")).send().await.unwrap();
    assert_ne!(res.status(), 200);
    for who in ["officer", "admin"] {
        let (browser, _) = app.sign_in(who).await;
        for page in PAGES {
            let res = browser.get(app.url(page)).send().await.unwrap();
            assert_eq!(res.status(), 200, "{who} {page}");
        }
    }
    // Forms need the CSRF token.
    let (browser, _) = app.sign_in("officer").await;
    let res = browser
        .post(app.url("/awards/recompute"))
        .form(&[("csrf", "wrong")])
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), 303);
}

#[tokio::test]
async fn pages_show_id_numbers_masked_only() {
    let o = officers().await;
    o.enter(
        &o.a,
        super::medal("ws_gold", 801, "金华市技师学院", "2026-09-15"),
    )
    .await;
    let (browser, _) = o.s.app.sign_in("officer").await;
    let page = browser
        .get(o.s.app.url("/awards/achievements"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let number = crate::support::id_number(801);
    assert!(!page.contains(&number), "whole ID number shown");
    assert!(
        page.contains(&jiangxin::entrants::id_card::mask(&number)),
        "masked ID number shown"
    );
}

#[tokio::test]
async fn a_bad_query_string_gets_the_json_error_envelope() {
    let o = officers().await;
    let (status, body) = o.a.get("/api/v1/awards/lines?status=bogus").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "status", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("查询参数"),
        "{body}"
    );
    let (status, body) = o.a.get("/api/v1/awards/lines?status=paid").await;
    assert_eq!((status, body), (200, json!([])));
}
