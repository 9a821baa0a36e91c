//! Everything the chief judge does, by API, on the chief's tablet session: the same rules as
//! the chief's page (the `seq` the chief saw, flagged cells, every module signed before the
//! lock), and who may call it.

use super::review::review;
use crate::support::tablet::tablet_token_for;
use jiangxin::marking::corrections::{CorrectionInput, request_correction};
use serde_json::{Value, json};

fn seq_of(picture: &Value, module: i32) -> i64 {
    picture["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == module)
        .unwrap_or_else(|| panic!("{picture}"))["seq"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn the_chief_judge_reviews_signs_locks_decides_and_signs_by_api() {
    let r = review().await;
    let (a1, t1) = (r.m.aspect_a1, r.m.aspect_t1);
    r.mark_panel_a().await;
    for (entrant, value) in [(0, "80"), (1, "85"), (2, "90"), (3, "75")] {
        r.mark(3, entrant, t1, value).await;
    }
    let app = &r.m.s.app;
    let chief_token = tablet_token_for(&r.m, r.chief).await;
    let judge_token = tablet_token_for(&r.m, r.judges[1].id).await;
    let chief = app.api(&chief_token);

    // Who may: no session 401, a judge 403, an organiser's API token is no tablet (401), the
    // tablet's cookie without the CSRF header is refused for a write.
    let anonymous = reqwest::get(app.url("/api/v1/chief/review")).await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        app.api(&judge_token).get("/api/v1/chief/review").await.0,
        403
    );
    assert_eq!(r.m.s.organiser.get("/api/v1/chief/review").await.0, 401);
    let by_cookie = reqwest::Client::new()
        .post(app.url("/api/v1/chief/lock"))
        .header("cookie", format!("jx_judge={chief_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_cookie.status(), 403, "a cookie write needs X-CSRF-Token");

    // The picture: the flagged cell with its seq; module A cannot be signed while it is flagged.
    let (status, picture) = chief.get("/api/v1/chief/review").await;
    assert_eq!(status, 200, "{picture}");
    let flagged = picture["flagged"].as_array().unwrap();
    assert_eq!(flagged.len(), 1, "{picture}");
    assert_eq!(flagged[0]["spread"], "4.5");
    assert_eq!(flagged[0]["aspect_id"], a1);
    let cell_seq = flagged[0]["seq"].as_i64().unwrap();
    let entrant = flagged[0]["entrant_id"].clone();
    let module_a = r.module_a;
    let (status, body) = chief
        .post(
            &format!("/api/v1/chief/modules/{module_a}/sign-off"),
            json!({"seq": seq_of(&picture, module_a)}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    // A spread accepted for marks other than those seen is refused; as seen, accepted.
    let (status, body) = chief
        .post(
            "/api/v1/chief/spreads",
            json!({"entrant_id": entrant, "aspect_id": a1, "seq": cell_seq - 1}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, picture) = chief
        .post(
            "/api/v1/chief/spreads",
            json!({"entrant_id": entrant, "aspect_id": a1, "seq": cell_seq}),
        )
        .await;
    assert_eq!(status, 200, "{picture}");
    assert!(
        picture["flagged"].as_array().unwrap().is_empty(),
        "{picture}"
    );

    // The lock waits for every module; then both are signed and the lock makes version 1.
    let (status, body) = chief.post("/api/v1/chief/lock", json!({})).await;
    assert_eq!(status, 422, "{body}");
    for module in [r.module_t, module_a] {
        let (_, picture) = chief.get("/api/v1/chief/review").await;
        let (status, body) = chief
            .post(
                &format!("/api/v1/chief/modules/{module}/sign-off"),
                json!({"seq": seq_of(&picture, module)}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, picture) = chief.get("/api/v1/chief/review").await;
    assert_eq!(picture["all_signed"], true, "{picture}");
    let (status, locked) = chief.post("/api/v1/chief/lock", json!({})).await;
    assert_eq!(status, 200, "{locked}");
    assert_eq!(locked["version"], 1);
    assert!(locked["locked_at"].is_string());
    // Withdrawing a sign-off after the lock is refused.
    let (status, _) = chief
        .post(
            &format!("/api/v1/chief/modules/{module_a}/sign-off/withdraw"),
            json!({}),
        )
        .await;
    assert_eq!(status, 422);

    // The results to sign; a judge may not sign them.
    let (status, results) = chief.get("/api/v1/chief/results").await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(results["stale"], false);
    assert_eq!(results["sheet"]["version"]["number"], 1, "{results}");
    let judge = app.api(&judge_token);
    assert_eq!(
        judge
            .post("/api/v1/chief/results/versions/1/sign", json!({}))
            .await
            .0,
        403
    );
    let (status, signed) = chief
        .post("/api/v1/chief/results/versions/1/sign", json!({}))
        .await;
    assert_eq!(status, 200, "{signed}");
    assert!(signed["signed_at"].is_string());

    // A correction after the lock: decided by API, an unknown decision refused naming the field.
    let asked = request_correction(
        &app.db,
        &r.judges[1],
        CorrectionInput {
            op_id: "op-corr-api-1".into(),
            entrant_id: entity::EntrantId(r.m.entrants[3] as i32),
            aspect_id: entity::AspectId(a1),
            value: rust_decimal::Decimal::from(7),
            reason: "漏计一处倒角".into(),
            device: None,
        },
    )
    .await
    .unwrap();
    let (_, picture) = chief.get("/api/v1/chief/review").await;
    let pending = picture["pending_corrections"].as_array().unwrap();
    assert_eq!(pending.len(), 1, "{picture}");
    assert_eq!(pending[0]["new_value"], "7");
    let path = format!("/api/v1/chief/corrections/{}", pending[0]["id"]);
    let (status, body) = chief.post(&path, json!({"decision": "maybe"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "decision");
    let (status, decided) = chief
        .post(&path, json!({"decision": "approve", "note": "复核属实"}))
        .await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["status"], "approved");
    assert_eq!(decided["id"], asked.id);
    let (_, results) = chief.get("/api/v1/chief/results").await;
    assert_eq!(results["sheet"]["version"]["number"], 2, "{results}");
    let chain = jiangxin::marking::audit_chain::verify(&app.db)
        .await
        .unwrap();
    assert_eq!(chain.first_break, None);
}
