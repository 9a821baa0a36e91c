//! 检录 and 缺赛: checking in by entry number or ID number (twice is harmless, several phones
//! at once store one check-in), the refusals, 缺赛 in one step taking entrants off the judges'
//! lists and the matrix, and its undoing by the chief judge only, with a reason.

use super::review::review;
use crate::support::tablet::tablet_token_for;
use entity::kinds::{AuditAction, EntrantStatus};
use entity::{EntrantId, audit_entry, entrant, entrant_member, person};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

#[tokio::test]
async fn the_door_checks_in_marks_the_rest_absent_and_only_the_chief_brings_one_back() {
    let r = review().await;
    let s = &r.m.s;
    let db = &s.app.db;
    let ev = s.event;
    let entrant_of = |i: usize| EntrantId(r.m.entrants[i] as i32);
    let mut numbers = Vec::new();
    for i in 0..4 {
        let e = entrant::Entity::find_by_id(entrant_of(i))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        numbers.push(e.entry_no);
    }
    let door = format!("/api/v1/events/{ev}/check-in");

    // By entry number; a second time answers with the first.
    let (status, first) = s
        .organiser
        .post(&door, json!({"key": numbers[0].to_string()}))
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["already"], false);
    assert!(first.get("id_number").is_none());
    let (_, again) = s
        .organiser
        .post(&door, json!({"key": format!("{}号", numbers[0])}))
        .await;
    assert_eq!(again["already"], true);
    assert_eq!(again["checked_in_at"], first["checked_in_at"]);

    // By ID number, from four phones at once: one check-in, one audit line.
    let member = entrant_member::Entity::find()
        .filter(entrant_member::Column::EntrantId.eq(entrant_of(1)))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let id_number = person::Entity::find_by_id(member.person_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id_number;
    let phones: Vec<_> = (0..4)
        .map(|_| {
            let api = s.app.api(&s.organiser.token);
            let door = door.clone();
            let key = id_number.to_lowercase();
            tokio::spawn(async move { api.post(&door, json!({"key": key})).await })
        })
        .collect();
    let mut fresh = 0;
    for phone in phones {
        let (status, body) = phone.await.unwrap();
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["entry_no"], numbers[1]);
        if body["already"] == false {
            fresh += 1;
        }
    }
    assert_eq!(
        fresh, 1,
        "one phone stores the check-in, the others are told it was done"
    );
    let lines = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(AuditAction::EntrantCheckIn))
        .count(db)
        .await
        .unwrap();
    assert_eq!(lines, 2);

    // Refusals: an unknown key names the field; another organisation finds no event.
    let (status, body) = s.organiser.post(&door, json!({"key": "999"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "key");
    let other = s.app.api(&s.app.token_for("other-hr").await);
    assert_eq!(other.post(&door, json!({"key": "1"})).await.0, 404);
    let (_, count) = s.organiser.get(&door).await;
    assert_eq!(count["checked_in"], 2, "{count}");
    assert_eq!(count["waiting"], json!([numbers[2], numbers[3]]));

    // 缺赛 in one step: entrants 2 and 3 leave the judge's list.
    let judge = r.judges[1].id.0;
    let (_, before) = s
        .organiser
        .get(&format!("/api/v1/judges/{judge}/entrants"))
        .await;
    let (status, absent) = s
        .organiser
        .post(&format!("/api/v1/events/{ev}/absences"), json!({}))
        .await;
    assert_eq!(status, 200, "{absent}");
    assert_eq!(absent["entry_nos"], json!([numbers[2], numbers[3]]));
    let (_, after) = s
        .organiser
        .get(&format!("/api/v1/judges/{judge}/entrants"))
        .await;
    assert_eq!(
        after.as_array().unwrap().len() + 2,
        before.as_array().unwrap().len(),
        "{before} → {after}"
    );
    let stored = entrant::Entity::find_by_id(entrant_of(2))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, EntrantStatus::Absent);
    // Arriving late: the door is told the way back.
    let (status, body) = s
        .organiser
        .post(&door, json!({"key": numbers[2].to_string()}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("裁判长"),
        "{body}"
    );

    // Only the chief judge undoes it, and only with a reason.
    let undo = format!("/api/v1/chief/entrants/{}/absence/undo", entrant_of(2).0);
    let judge_tablet = s.app.api(&tablet_token_for(&r.m, r.judges[1].id).await);
    assert_eq!(
        judge_tablet
            .post(&undo, json!({"reason": "交通管制迟到"}))
            .await
            .0,
        403
    );
    assert_eq!(
        s.organiser
            .post(&undo, json!({"reason": "交通管制迟到"}))
            .await
            .0,
        401
    );
    let chief = s.app.api(&tablet_token_for(&r.m, r.chief).await);
    let (status, body) = chief.post(&undo, json!({"reason": " "})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "reason");
    let (status, body) = chief
        .post(&undo, json!({"reason": "交通管制迟到，经裁判长同意参赛"}))
        .await;
    assert_eq!(status, 200, "{body}");
    let stored = entrant::Entity::find_by_id(entrant_of(2))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, EntrantStatus::Active);
    assert!(stored.checked_in_at.is_some());
    let (_, back) = s
        .organiser
        .get(&format!("/api/v1/judges/{judge}/entrants"))
        .await;
    assert_eq!(
        back.as_array().unwrap().len() + 1,
        before.as_array().unwrap().len()
    );
    // Undoing twice is refused.
    assert_eq!(
        chief.post(&undo, json!({"reason": "再次撤销"})).await.0,
        422
    );
}

/// On a 390×844 phone: one entrant checked in online, two while the server is out of reach
/// (they wait on the phone, counted on the screen), and both arrive once it is back.
#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it with --include-ignored"]
async fn in_chromium_the_door_keeps_check_ins_while_the_server_is_unreachable() {
    let browser = crate::support::browser::browser().await;
    browser.resize(390, 844).await;
    let r = review().await;
    let s = &r.m.s;
    let db = &s.app.db;
    let proxy = crate::support::browser::WifiProxy::start(s.app.addr).await;
    let base = format!("http://{}", proxy.addr);
    let mut numbers = Vec::new();
    for id in &r.m.entrants {
        let e = entrant::Entity::find_by_id(EntrantId(*id as i32))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        numbers.push(e.entry_no);
    }
    let checked_in = || async {
        entrant::Entity::find()
            .filter(entrant::Column::CheckedInAt.is_not_null())
            .count(db)
            .await
            .unwrap()
    };

    browser.sign_in_as(&base, "organiser").await;
    browser
        .go(&format!("{base}/admin/events/{}/check-in", s.event))
        .await;

    let check = |number: i32| {
        let browser = &browser;
        async move {
            let input = browser.wait("#door-key").await;
            browser.type_into(&input, &number.to_string()).await;
            let button = browser.wait("form[data-door-form] button").await;
            browser.click(&button).await;
        }
    };
    check(numbers[0]).await;
    browser
        .wait_text(".door-no", |t| t.starts_with(&format!("{} 号", numbers[0])))
        .await;
    assert_eq!(checked_in().await, 1);
    // The button is a thumb's size on the phone.
    let height = browser
        .execute("return document.querySelector('form[data-door-form] button').getBoundingClientRect().height")
        .await;
    assert!(height.as_f64().unwrap() >= 44.0, "{height}");

    // The server is out of reach: the next two wait on the phone.
    proxy.down().await;
    check(numbers[1]).await;
    browser
        .wait_text("[data-door-queue]", |t| t.contains("1 条检录待发送"))
        .await;
    check(numbers[2]).await;
    browser
        .wait_text("[data-door-queue]", |t| t.contains("2 条检录待发送"))
        .await;
    browser.screenshot("check_in_offline_phone").await;
    assert_eq!(checked_in().await, 1);

    // Back: both are sent in order and shown; the count reads 3.
    proxy.restore();
    browser.wait_text("[data-door-queue]", str::is_empty).await;
    browser
        .wait_text(".door-no", |t| t.starts_with(&format!("{} 号", numbers[2])))
        .await;
    browser
        .wait_text("[data-door-count]", |t| t.contains("已检录 3"))
        .await;
    assert_eq!(checked_in().await, 3);
    browser.screenshot("check_in_phone").await;
}

/// 缺赛 through to the results: the two entrants not checked in are not marked, the chief
/// signs and locks without them, and the results list them as 缺赛 with no rank or award,
/// below every ranked entrant.
#[tokio::test]
async fn absent_entrants_appear_in_the_results_as_absent_never_ranked_or_awarded() {
    let r = review().await;
    let s = &r.m.s;
    let db = &s.app.db;
    let ev = s.event;
    let door = format!("/api/v1/events/{ev}/check-in");
    let mut numbers = Vec::new();
    for &id in &r.m.entrants {
        let e = entrant::Entity::find_by_id(EntrantId(id as i32))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        numbers.push(e.entry_no);
    }
    for no in &numbers[..2] {
        let (status, body) = s
            .organiser
            .post(&door, json!({"key": no.to_string()}))
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = s
        .organiser
        .post(&format!("/api/v1/events/{ev}/absences"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (a1, t1) = (r.m.aspect_a1, r.m.aspect_t1);
    for (judge, entrant, value) in [
        (1, 0, "8"),
        (2, 0, "8.5"),
        (0, 1, "9"),
        (1, 1, "9.5"),
        (2, 1, "9"),
    ] {
        r.mark(judge, entrant, a1, value).await;
    }
    for (entrant, value) in [(0, "80"), (1, "85")] {
        r.mark(3, entrant, t1, value).await;
    }
    let chief = s.app.api(&tablet_token_for(&r.m, r.chief).await);
    for module in [r.module_t, r.module_a] {
        let (_, picture) = chief.get("/api/v1/chief/review").await;
        let seq = picture["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == module)
            .unwrap_or_else(|| panic!("{picture}"))["seq"]
            .clone();
        let (status, body) = chief
            .post(
                &format!("/api/v1/chief/modules/{module}/sign-off"),
                json!({"seq": seq}),
            )
            .await;
        assert_eq!(
            status, 200,
            "a module signs without its absent entrants: {body}"
        );
    }
    let (status, locked) = chief.post("/api/v1/chief/lock", json!({})).await;
    assert_eq!(status, 200, "{locked}");
    let (status, results) = s
        .organiser
        .get(&format!("/api/v1/events/{ev}/results"))
        .await;
    assert_eq!(status, 200, "{results}");
    let rows = results["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("{results}"));
    assert_eq!(rows.len(), 4, "{results}");
    for (i, no) in numbers.iter().enumerate() {
        let row = rows
            .iter()
            .find(|l| l["entry_no"] == *no)
            .unwrap_or_else(|| panic!("{no} missing: {results}"));
        if i < 2 {
            assert!(
                row["rank"].as_str().unwrap().parse::<i32>().is_ok(),
                "{row}"
            );
            assert_ne!(row["total"], "—", "{row}");
        } else {
            assert_eq!(row["note"], "缺赛", "{row}");
            assert_eq!(row["rank"], "—", "{row}");
            assert_eq!(row["total"], "—", "no score, not a score of 0: {row}");
            assert!(row["award_code"].is_null(), "{row}");
            assert_eq!(row["award"], "", "{row}");
        }
    }
    let last_ranked = rows.iter().rposition(|l| l["rank"] != "—").unwrap();
    let first_absent = rows.iter().position(|l| l["note"] == "缺赛").unwrap();
    assert!(last_ranked < first_absent, "{results}");
}
