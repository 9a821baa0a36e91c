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

/// Two administrators disabling each other at the same instant: one succeeds, the other is
/// refused, and an administrator in use always remains (on SQLite and on PostgreSQL).
#[tokio::test]
async fn two_administrators_cannot_disable_each_other_at_once() {
    let app = TestApp::spawn().await;
    app.user("admin-a", Role::Admin, None).await;
    app.user("admin-b", Role::Admin, None).await;
    let a = app.api(&app.token_for("admin-a").await);
    let b = app.api(&app.token_for("admin-b").await);
    let id_a = user_id(&app, "admin-a").await;
    let id_b = user_id(&app, "admin-b").await;
    for round in 0..6 {
        let path_a = format!("/api/v1/users/{id_a}/disabled");
        let path_b = format!("/api/v1/users/{id_b}/disabled");
        let ((status_a, body_a), (status_b, body_b)) = tokio::join!(
            a.put(&path_b, json!({"disabled": true})),
            b.put(&path_a, json!({"disabled": true})),
        );
        let statuses = [status_a, status_b];
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            1,
            "round {round}: exactly one may succeed: {body_a} {body_b}"
        );
        assert!(
            statuses.iter().all(|s| [200, 401, 403, 422].contains(s)),
            "round {round}: {statuses:?} {body_a} {body_b}"
        );
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let in_use = entity::user::Entity::find()
            .filter(entity::user::Column::Role.eq(Role::Admin))
            .filter(entity::user::Column::DisabledAt.is_null())
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(in_use, 1, "round {round}: one administrator remains");
        // The one who stayed enables the other again for the next round.
        let (winner, loser) = if status_a == 200 {
            (&a, &path_b)
        } else {
            (&b, &path_a)
        };
        let (status, body) = winner.put(loser, json!({"disabled": false})).await;
        assert_eq!(status, 200, "{body}");
    }
}
