//! The administrator's answers to a lost password and to a person who left: 重设密码 (every
//! session of the account ends) and 停用 (no sign-in, sessions and API tokens stop at once),
//! each refused to anyone else, never for one's own account or the last administrator.

use crate::support::{PASSWORD, TestApp, csrf_of};
use entity::kinds::{OrganisationKind, Role};
use serde_json::json;

async fn login(app: &TestApp, username: &str, password: &str) -> (u16, String) {
    let browser = app.browser();
    let page = browser
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let res = browser
        .post(app.url("/login"))
        .form(&[
            ("username", username),
            ("password", password),
            ("csrf", &csrf_of(&page)),
        ])
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

async fn user_id(app: &TestApp, username: &str) -> i32 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::user::Entity::find()
        .filter(entity::user::Column::Username.eq(username))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .0
}

#[tokio::test]
async fn the_administrator_resets_a_password_and_disables_an_account() {
    let app = TestApp::spawn().await;
    let firm = app
        .organisation("浙江金婺精工机械有限公司", OrganisationKind::Enterprise)
        .await;
    app.user("admin", Role::Admin, None).await;
    app.user("hr-firm", Role::Organiser, Some(firm)).await;
    app.user("hr-two", Role::Organiser, Some(firm)).await;
    let admin = app.api(&app.token_for("admin").await);
    let organiser_token = app.token_for("hr-firm").await;
    let organiser = app.api(&organiser_token);
    let (session, _) = app.sign_in("hr-firm").await;
    let hr = user_id(&app, "hr-firm").await;
    let me = user_id(&app, "admin").await;

    // Only the administrator: an organiser is refused and nothing changes.
    let (status, _) = organiser
        .put(
            &format!("/api/v1/users/{}/password", user_id(&app, "hr-two").await),
            json!({"password": "another-pass-1"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = organiser
        .put(
            &format!("/api/v1/users/{}/disabled", user_id(&app, "hr-two").await),
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(login(&app, "hr-two", PASSWORD).await.0, 303);

    // 重设密码: a weak one is refused naming the field; then the old password and the old
    // session stop, the new password works.
    let (status, body) = admin
        .put(
            &format!("/api/v1/users/{hr}/password"),
            json!({"password": "short"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "password");
    let (status, body) = admin
        .put(
            &format!("/api/v1/users/{hr}/password"),
            json!({"password": "新密码-2026-12"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(login(&app, "hr-firm", PASSWORD).await.0, 401);
    assert_eq!(login(&app, "hr-firm", "新密码-2026-12").await.0, 303);
    let res = session.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(res.status(), 303, "the old session ended");

    // 停用: the right password is told the account is disabled, a wrong one learns nothing;
    // the API token stops at once.
    assert_eq!(organiser.get("/api/v1/me").await.0, 200);
    let (status, body) = admin
        .put(
            &format!("/api/v1/users/{hr}/disabled"),
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["disabled_at"].is_string(), "{body}");
    let (status, page) = login(&app, "hr-firm", "新密码-2026-12").await;
    assert_eq!(status, 422);
    assert!(page.contains("该账号已停用"), "{page}");
    let (status, page) = login(&app, "hr-firm", "wrong-password").await;
    assert_eq!(status, 401);
    assert!(!page.contains("停用"), "{page}");
    assert_eq!(organiser.get("/api/v1/me").await.0, 401);
    // Enabled again: signs in, the token answers again (it was never revoked).
    let (status, _) = admin
        .put(
            &format!("/api/v1/users/{hr}/disabled"),
            json!({"disabled": false}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(login(&app, "hr-firm", "新密码-2026-12").await.0, 303);
    assert_eq!(organiser.get("/api/v1/me").await.0, 200);

    // Never one's own account, never the last administrator in use.
    let (status, body) = admin
        .put(
            &format!("/api/v1/users/{me}/disabled"),
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("不能停用自己")
    );
    app.user("admin2", Role::Admin, None).await;
    let second = app.api(&app.token_for("admin2").await);
    let (status, _) = second
        .put(
            &format!("/api/v1/users/{me}/disabled"),
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(status, 200, "two administrators: one may go");
    let (status, body) = admin
        .put(
            &format!("/api/v1/users/{}/disabled", user_id(&app, "admin2").await),
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(
        status, 401,
        "the disabled administrator's token stopped: {body}"
    );

    // The page: the administrator sees who is disabled and the steps, with their questions.
    let (page_client, _) = app.sign_in("admin2").await;
    let page = page_client
        .get(app.url("/admin/users"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("已停用（"), "{page}");
    assert!(page.contains("恢复使用"), "{page}");
    assert!(
        page.contains(&format!("action=\"/admin/users/{hr}/password\"")),
        "{page}"
    );
    assert!(page.contains("（本人账号）"), "{page}");
    let trail = jiangxin::audit::entries_for(&app.db, "user:hr-firm")
        .await
        .unwrap();
    let actions: Vec<_> = trail.iter().map(|e| e.action).collect();
    assert!(actions.contains(&entity::kinds::AuditAction::AccountPasswordReset));
    assert!(actions.contains(&entity::kinds::AuditAction::AccountDisable));
    assert!(actions.contains(&entity::kinds::AuditAction::AccountEnable));
}
