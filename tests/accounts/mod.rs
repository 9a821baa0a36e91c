//! Signing in and out, CSRF, API tokens and who may create accounts (pacing of wrong
//! passwords: `throttle`).

mod admin;
mod throttle;

use crate::support::{PASSWORD, TestApp, csrf_of, split};
use entity::kinds::{OrganisationKind, Role};
use serde_json::json;

#[tokio::test]
async fn front_and_login_pages_are_in_chinese() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    let home = browser.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    let home = home.text().await.unwrap();
    assert!(home.contains("lang=\"zh-CN\""));
    assert!(home.contains("技能竞赛"));
    let login = browser.get(app.url("/login")).send().await.unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let login = login.text().await.unwrap();
    assert!(login.contains("用户名") && login.contains("密码"));
}

#[tokio::test]
async fn signs_in_and_out() {
    let app = TestApp::spawn().await;
    app.user("zhangsan", Role::Admin, None).await;
    let browser = app.browser();
    let csrf = csrf_of(
        &browser
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let res = browser
        .post(app.url("/login"))
        .form(&[
            ("username", "zhangsan"),
            ("password", PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/admin");
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("jx_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
    );

    let dashboard = browser.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(dashboard.status(), 200);
    let dashboard = dashboard.text().await.unwrap();
    assert!(dashboard.contains("zhangsan 测试"));
    let session_csrf = csrf_of(&dashboard);

    // A sign-out with the wrong token is refused and the session stays.
    let res = browser
        .post(app.url("/logout"))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        browser
            .get(app.url("/admin"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let res = browser
        .post(app.url("/logout"))
        .form(&[("csrf", &session_csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let after = browser.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(after.status(), 303);
    assert_eq!(after.headers()["location"], "/login");
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    let bureau = app
        .organisation("金华市人力资源和社会保障局", OrganisationKind::Bureau)
        .await;
    app.user("wangwu", Role::Organiser, Some(bureau)).await;

    // Login form: no token cookie at all (a cross-site post).
    let stranger = app.browser();
    let res = stranger
        .post(app.url("/login"))
        .form(&[
            ("username", "wangwu"),
            ("password", PASSWORD),
            ("csrf", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("set-cookie").is_none());

    // Signed in: a form post with another token changes nothing.
    let (browser, _csrf) = app.sign_in("wangwu").await;
    let res = browser
        .post(app.url("/admin/competitions"))
        .form(&[
            ("name", "伪造的赛事"),
            ("kind", "city"),
            ("year", "2026"),
            ("organiser_id", &bureau.to_string()),
            ("csrf", "0000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("刷新页面"));

    // The JSON API with only the session cookie needs the token in a header.
    let res = browser
        .post(app.url("/api/v1/competitions"))
        .json(&json!({"name": "伪造的赛事", "kind": "city", "year": 2026}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let page = browser
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("伪造的赛事"));
    let res = browser
        .post(app.url("/api/v1/competitions"))
        .header("x-csrf-token", csrf_of(&page))
        .json(&json!({"name": "正常的赛事", "kind": "city", "year": 2026}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn api_tokens_work_until_revoked_and_are_never_shown_again() {
    let app = TestApp::spawn().await;
    app.user("zhaoliu", Role::Admin, None).await;
    app.user("qianqi", Role::Admin, None).await;
    let token = app.token_for("zhaoliu").await;
    let api = app.api(&token);

    let (status, me) = api.get("/api/v1/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["username"], "zhaoliu");

    let (status, list) = api.get("/api/v1/tokens").await;
    assert_eq!(status, 200);
    let listed = list.to_string();
    assert!(
        !listed.contains(&token),
        "a listed token must not carry its secret"
    );
    assert!(!listed.contains(&token[3..]), "nor any long part of it");
    let id = list[0]["id"].as_i64().unwrap();

    // Somebody else cannot revoke it, and cannot tell that it exists.
    let other = app.api(&app.token_for("qianqi").await);
    assert_eq!(other.delete(&format!("/api/v1/tokens/{id}")).await, 404);
    assert_eq!(api.get("/api/v1/me").await.0, 200);

    assert_eq!(api.delete(&format!("/api/v1/tokens/{id}")).await, 204);
    let (status, body) = api.get("/api/v1/me").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthenticated");
    assert_eq!(app.api("jx_not-a-token").get("/api/v1/me").await.0, 401);
}

#[tokio::test]
async fn only_the_administrator_creates_accounts_and_organisations() {
    let app = TestApp::spawn().await;
    let firm = app
        .organisation("浙江金婺精工机械有限公司", OrganisationKind::Enterprise)
        .await;
    app.user("admin", Role::Admin, None).await;
    app.user("hr-firm", Role::Organiser, Some(firm)).await;
    let admin = app.api(&app.token_for("admin").await);
    let organiser = app.api(&app.token_for("hr-firm").await);

    let new_user = json!({
        "username": "judge-lead", "display_name": "周八", "password": "12345678",
        "role": "organiser", "organisation_id": firm.0
    });
    let (status, body) = organiser.post("/api/v1/users", new_user.clone()).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    assert_eq!(organiser.get("/api/v1/users").await.0, 403);
    let (status, _) = organiser
        .post(
            "/api/v1/organisations",
            json!({"name": "某公司", "kind": "enterprise", "district": "金东区"}),
        )
        .await;
    assert_eq!(status, 403);

    let (status, created) = admin.post("/api/v1/users", new_user.clone()).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["role"], "organiser");

    // A taken username is a field error, in Chinese.
    let (status, body) = admin.post("/api/v1/users", new_user).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["field"], "username");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("用户名")
    );

    let (status, body) = admin
        .post(
            "/api/v1/users",
            json!({"username": "x1x", "display_name": "短", "password": "short", "role": "admin"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "password");

    let (status, body) = admin
        .post(
            "/api/v1/organisations",
            json!({"name": "某公司", "kind": "enterprise", "district": "杭州市"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "district");

    // No account listing ever carries a password hash.
    let (_, users) = admin.get("/api/v1/users").await;
    let users = users.to_string();
    assert!(!users.contains("argon2") && !users.contains("password"));
}

#[tokio::test]
async fn bad_json_gets_a_chinese_message_naming_the_field() {
    let app = TestApp::spawn().await;
    app.user("admin", Role::Admin, None).await;
    let token = app.token_for("admin").await;
    let client = reqwest::Client::new();

    let res = client
        .post(app.url("/api/v1/competitions"))
        .bearer_auth(&token)
        .json(&json!({"kind": "city", "year": 2026}))
        .send()
        .await
        .unwrap();
    let (status, body) = split(res).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "name");
    assert!(body["error"]["message"].as_str().unwrap().contains("缺少"));

    let res = client
        .post(app.url("/api/v1/competitions"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (status, body) = split(res).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "invalid");

    let res = client
        .post(app.url("/api/v1/competitions"))
        .bearer_auth(&token)
        .body("name=x")
        .send()
        .await
        .unwrap();
    let (status, body) = split(res).await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("application/json")
    );
}

#[tokio::test]
async fn the_administrator_registers_organisations_on_a_page() {
    let app = TestApp::spawn().await;
    let firm = app
        .organisation("浙江金婺精工机械有限公司", OrganisationKind::Enterprise)
        .await;
    app.user("admin", Role::Admin, None).await;
    app.user("hr-firm", Role::Organiser, Some(firm)).await;
    let (admin, csrf) = app.sign_in("admin").await;
    let res = admin
        .post(app.url("/admin/organisations"))
        .form(&[
            ("name", "兰溪市纺织有限公司"),
            ("kind", "enterprise"),
            ("district", "兰溪市"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = admin
        .get(app.url("/admin/organisations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("兰溪市纺织有限公司"));
    // A taken name is refused on the page, in Chinese.
    let res = admin
        .post(app.url("/admin/organisations"))
        .form(&[
            ("name", "兰溪市纺织有限公司"),
            ("kind", "enterprise"),
            ("district", "兰溪市"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("已存在"));
    // An organiser may look but not register.
    let (hr, hr_csrf) = app.sign_in("hr-firm").await;
    let page = hr
        .get(app.url("/admin/organisations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("登记新单位"));
    let res = hr
        .post(app.url("/admin/organisations"))
        .form(&[
            ("name", "冒名单位"),
            ("kind", "enterprise"),
            ("district", "兰溪市"),
            ("csrf", &hr_csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
