//! From the lock to final results: versions and signatures, the status road and its refusals,
//! publicity, appeals and arbitration, and nothing changing once the results are final.

use crate::support::page_text;
use crate::support::results::{Locked, let_window_pass, locked, open_window};
use crate::support::spectators::{assert_nothing_personal, next};
use chrono::{Duration, Utc};
use entity::kinds::EntrantStatus;
use jiangxin::marking::audit_chain;
use jiangxin::results::versions;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

fn row(results: &Value, entrant: i64) -> &Value {
    results["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["entrant"] == entrant)
        .unwrap()
}

async fn window(l: &Locked, start: i64, end: i64) -> (u16, Value) {
    let now = Utc::now();
    l.m.s
        .organiser
        .put(
            &format!(
                "/api/v1/competitions/{}/publicity-window",
                l.m.s.competition
            ),
            json!({
                "starts_at": now + Duration::minutes(start),
                "ends_at": now + Duration::minutes(end),
                "contact": "市人社局职业能力建设处 0579-82468888",
            }),
        )
        .await
}

#[tokio::test]
async fn results_go_from_the_lock_through_publicity_and_arbitration_to_final() {
    let l = locked().await;
    let s = &l.m.s;
    let api = &s.organiser;
    let ev = s.event;
    let comp = s.competition;
    let db = &s.app.db;

    // Version 1 from the locked marks: exact totals, national quotas of 4 entrants (rounded
    // down: no first or second prize, one third, the top half gets 优胜奖).
    let (status, results) = api.get(&format!("/api/v1/events/{ev}/results")).await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(results["version"]["number"], 1);
    assert_eq!(results["version"]["signed_at"], Value::Null);
    let e = &l.m.entrants;
    assert_eq!(row(&results, e[0])["total"], "90.00");
    assert_eq!(row(&results, e[0])["rank"], "1");
    assert_eq!(row(&results, e[0])["award"], "三等奖");
    assert_eq!(row(&results, e[1])["total"], "80.00");
    assert_eq!(row(&results, e[1])["award"], "优胜奖");
    assert_eq!(row(&results, e[3])["award"], "");
    assert_eq!(row(&results, e[0])["subtotals"], json!(["90.00", "9.00"]));
    // Computing again from the same marks makes no new version.
    let (status, again) = api
        .post(&format!("/api/v1/events/{ev}/results/recompute"), json!({}))
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["version"]["number"], 1);

    // The road: into 成绩公示 only with every event's current version signed and a window.
    let (status, body) = l.move_to("marking").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = l.move_to("publicity").await;
    assert_eq!(status, 422, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("第 1 版成绩尚未经裁判长签署"), "{message}");
    assert!(message.contains("尚未设定公示期"), "{message}");
    // A judge who is not the chief cannot sign; the chief can.
    assert!(versions::sign(db, &l.judges[1], 1).await.is_err());
    let signed = versions::sign(db, &l.chief, 1).await.unwrap();
    assert!(signed.signed_at.is_some());
    let (status, body) = open_window(s).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = l.move_to("publicity").await;
    assert_eq!(status, 200, "{body}");

    // The public list: no token needed, nothing personal.
    let public = reqwest::get(s.app.url(&format!("/api/v1/competitions/{comp}/publicity")))
        .await
        .unwrap();
    assert_eq!(public.status(), 200);
    let text = public.text().await.unwrap();
    assert_nothing_personal(&text);
    let list: Value = serde_json::from_str(&text).unwrap();
    let lines = list["events"][0]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{list}");
    assert_eq!(lines[0]["name"], "选手0");
    assert_eq!(lines[0]["award"], "third");
    assert_eq!(list["open_for_objections"], true);

    // Into 成绩确认: not while the window runs.
    let (status, body) = l.move_to("final").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("尚未期满"),
        "{body}"
    );

    // A team leader of firm B and an arbitrator, created by the organiser for this competition.
    for (username, role, org) in [
        ("leader-b", "team_leader", Some(s.firm_b.0)),
        ("leader-a", "team_leader", Some(s.firm_a.0)),
        ("arbiter", "arbitrator", None),
    ] {
        let (status, body) = api
            .post(
                &format!("/api/v1/competitions/{comp}/members"),
                json!({"username": username, "display_name": format!("{username}姓名"), "password": crate::support::PASSWORD, "role": role, "organisation_id": org}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    // A team leader only for an organisation with entrants here.
    let (status, body) = api
        .post(
            &format!("/api/v1/competitions/{comp}/members"),
            json!({"username": "leader-x", "display_name": "某领队", "password": crate::support::PASSWORD, "role": "team_leader", "organisation_id": s.other.0}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let leader = s.app.api(&s.app.token_for("leader-b").await);
    let leader_a = s.app.api(&s.app.token_for("leader-a").await);
    let arbiter = s.app.api(&s.app.token_for("arbiter").await);

    // Firm B's leader appeals for its entrant 1; not for firm A's entrant 0.
    let cases_path = format!("/api/v1/competitions/{comp}/cases");
    let (status, body) = leader
        .post(
            &cases_path,
            json!({"kind": "on_site", "event_id": ev, "entrant_id": e[0], "claim": "尺寸测量有误，请复核"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "entrant_id");
    let (status, appeal) = leader
        .post(
            &cases_path,
            json!({"kind": "on_site", "event_id": ev, "entrant_id": e[1], "claim": "A1 尺寸实测合格，裁判记录有误，请复核"}),
        )
        .await;
    assert_eq!(status, 201, "{appeal}");
    assert_eq!(appeal["number"], format!("2026-{comp}-001"));
    // Anyone objects, under a real name, during the window.
    let (status, objection) = s
        .app
        .api("")
        .post(
            &format!("/api/v1/competitions/{comp}/objections"),
            json!({"event_id": ev, "entrant_id": e[0], "name": "张某某", "phone": "13900000001", "claim": "该选手实操时间超时，请核查"}),
        )
        .await;
    assert_eq!(status, 201, "{objection}");
    let (status, body) = s
        .app
        .api("")
        .post(
            &format!("/api/v1/competitions/{comp}/objections"),
            json!({"event_id": ev, "name": "张某某", "phone": "", "claim": "匿名不行吧"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "filer_phone");

    // Into 成绩确认 not while cases are open (nor before the window ends).
    let (status, body) = l.move_to("final").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("还有 2 件申诉或异议尚未仲裁"),
        "{body}"
    );

    // Who sees what: the leader its own case only, without the explanation; the other leader
    // nothing of it; an organiser of another organisation nothing at all.
    let appeal_id = appeal["id"].as_i64().unwrap();
    let (status, list) = leader.get(&cases_path).await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let (status, _) = leader_a.get(&format!("/api/v1/cases/{appeal_id}")).await;
    assert_eq!(status, 404);
    let other_hr = s.app.api(&s.app.token_for("other-hr").await);
    assert_eq!(other_hr.get(&cases_path).await.0, 404);
    assert_eq!(
        other_hr.get(&format!("/api/v1/cases/{appeal_id}")).await.0,
        404
    );
    // Only the arbitration group decides.
    let dismiss = json!({"upheld": false, "members": "李仲裁、王仲裁、赵仲裁", "reasons": "经查实操用时未超出规定，异议不成立"});
    let objection_id = objection_case_id(&arbiter, &cases_path).await;
    assert_eq!(
        api.post(
            &format!("/api/v1/cases/{objection_id}/decision"),
            dismiss.clone()
        )
        .await
        .0,
        403
    );
    // The arbitrator sees the explanation, judges by panel letter only.
    let (status, case) = arbiter.get(&format!("/api/v1/cases/{appeal_id}")).await;
    assert_eq!(status, 200, "{case}");
    let explanation = case["explanation"].to_string();
    assert!(explanation.contains("A组裁判B 8"), "{explanation}");
    for j in &l.judges {
        assert!(
            !explanation.contains(&format!("裁判{}", j.id.0)),
            "{explanation}"
        );
    }
    assert_eq!(
        case["filer_phone"],
        Value::Null,
        "a leader's case has no phone"
    );

    // A dismissed case changes nothing.
    let audit_before = audit_chain::verify(db).await.unwrap().entries;
    let (status, body) = arbiter
        .post(
            &format!("/api/v1/cases/{objection_id}/decision"),
            dismiss.clone(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "dismissed");
    assert_eq!(audit_chain::verify(db).await.unwrap().entries, audit_before);
    assert_eq!(
        versions::latest(db, entity::EventId(ev as i32))
            .await
            .unwrap()
            .unwrap()
            .number,
        1
    );
    // Deciding twice is refused.
    let (status, _) = arbiter
        .post(&format!("/api/v1/cases/{objection_id}/decision"), dismiss)
        .await;
    assert_eq!(status, 409);

    // A spectator watches the board while the appeal is upheld.
    let mut spectator =
        tokio_tungstenite::connect_async(format!("ws://{}/ws/live/{ev}", s.app.addr))
            .await
            .unwrap()
            .0;
    let snapshot = next(&mut spectator).await;
    assert_eq!(snapshot["type"], "snapshot");

    // Upheld: judge B's A1 mark for entrant 1 becomes 10 (mean of 8, 10, 8 → 8.67; 24 + 8.67 × 7 = 84.69).
    // The decision names the cell as the case document does: aspect, panel, judge letter.
    let judge_b = l.judges[1].id;
    let cell = case["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["aspect"] == "A1" && c["panel"] == "A" && c["judge"] == "B")
        .unwrap_or_else(|| panic!("{case}"));
    assert_eq!(cell["current"], "8", "{cell}");
    assert!(!case["cells"].to_string().contains("judge_id"), "{case}");
    let (status, refused) = arbiter
        .post(
            &format!("/api/v1/cases/{appeal_id}/decision"),
            json!({"upheld": true, "members": "李仲裁、王仲裁、赵仲裁", "reasons": "复测尺寸合格，B 裁判记录笔误",
                   "corrections": [{"aspect": "A1", "panel": "A", "judge": "Z", "value": "10"}]}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["field"], "corrections[0]", "{refused}");
    assert_eq!(audit_chain::verify(db).await.unwrap().entries, audit_before);
    let (status, decided) = arbiter
        .post(
            &format!("/api/v1/cases/{appeal_id}/decision"),
            json!({"upheld": true, "members": "李仲裁、王仲裁、赵仲裁", "reasons": "复测尺寸合格，B 裁判记录笔误",
                   "corrections": [{"aspect": "A1", "panel": "A组", "judge": "裁判B", "value": "10"}]}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["status"], "upheld");
    assert_eq!(decided["result_version"], 2);
    let verification = audit_chain::verify(db).await.unwrap();
    assert_eq!(
        verification.first_break, None,
        "jiangxin audit verify stays ok"
    );
    assert_eq!(verification.entries, audit_before + 1);
    let last = entity::mark_audit::Entity::find()
        .all(db)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert!(
        last.reason
            .as_deref()
            .unwrap()
            .contains(&format!("案件 2026-{comp}-001")),
        "{last:?}"
    );
    assert_eq!(last.judge_id, judge_b, "the letter names judge B");
    let update = next(&mut spectator).await;
    assert_eq!(update["type"], "update", "{update}");

    // Version 2 with the new total, unsigned; publicity and the appellant see it.
    let (_, results) = api.get(&format!("/api/v1/events/{ev}/results")).await;
    assert_eq!(results["version"]["number"], 2);
    assert_eq!(results["version"]["signed_at"], Value::Null);
    assert_eq!(row(&results, e[1])["total"], "84.69");
    let (_, list) = s
        .app
        .api("")
        .get(&format!("/api/v1/competitions/{comp}/publicity"))
        .await;
    assert_eq!(list["events"][0]["version"], 2);
    assert_eq!(list["events"][0]["signed"], false);
    assert_eq!(list["events"][0]["lines"][1]["total"], "84.69");
    let (_, seen) = leader.get(&format!("/api/v1/cases/{appeal_id}")).await;
    assert_eq!(seen["status"], "upheld");
    assert_eq!(seen["result_version"], 2);
    let page = page_text(&s.app.browser(), &s.app.url(&format!("/publicity/{comp}"))).await;
    assert!(page.contains("84.69"), "{page}");
    assert_nothing_personal(&page);

    // Final: refused until the window ends and version 2 is signed.
    let (status, body) = l.move_to("final").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("尚未期满"),
        "{body}"
    );
    let_window_pass(s).await;
    let (status, body) = l.move_to("final").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("第 2 版成绩尚未经裁判长签署"),
        "{body}"
    );
    let refused = versions::sign(db, &l.chief, 1).await.unwrap_err();
    assert!(refused.to_string().contains("已被第 2 版取代"), "{refused}");
    versions::sign(db, &l.chief, 2).await.unwrap();
    let (status, body) = l.move_to("final").await;
    assert_eq!(status, 200, "{body}");
    let final_version = versions::final_version(db, entity::EventId(ev as i32))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(final_version.number, 2);

    // Nothing changes any more: entrants, recomputation, the window, cases.
    let (status, body) = api
        .post(
            &format!("/api/v1/entrants/{}/status", e[3]),
            json!({"status": "disqualified", "reason": "违规"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("成绩已确认"),
        "{body}"
    );
    let (status, body) = api
        .post(&format!("/api/v1/events/{ev}/results/recompute"), json!({}))
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = window(&l, 0, 60 * 24 * 14).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("成绩已确认"), "{body}");
    let (status, body) = leader
        .post(
            &cases_path,
            json!({"kind": "on_site", "event_id": ev, "entrant_id": e[1], "claim": "再次申诉复核"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let entrant = entity::entrant::Entity::find_by_id(entity::EntrantId(e[3] as i32))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entrant.status, EntrantStatus::Active);

    // The administrator may step back, with a reason: the results are no longer final.
    s.app
        .user("admin", entity::kinds::Role::Admin, Some(s.bureau))
        .await;
    let admin = s.app.api(&s.app.token_for("admin").await);
    let status_path = format!("/api/v1/competitions/{comp}/status");
    let (status, body) = admin.post(&status_path, json!({"to": "publicity"})).await;
    assert_eq!(status, 422, "a step back needs a reason: {body}");
    let (status, body) = admin
        .post(
            &status_path,
            json!({"to": "publicity", "reason": "仲裁组复议，重新公示"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        versions::final_version(db, entity::EventId(ev as i32))
            .await
            .unwrap()
            .is_none()
    );
}

async fn objection_case_id(arbiter: &crate::support::Api, path: &str) -> i64 {
    let (status, list) = arbiter.get(path).await;
    assert_eq!(status, 200, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "objection")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_team_event_ranks_teams_and_lists_their_members() {
    let l = crate::support::results::locked_teams().await;
    let s = &l.m.s;
    let (status, results) = s
        .organiser
        .get(&format!("/api/v1/events/{}/results", s.event))
        .await;
    assert_eq!(status, 200, "{results}");
    let first = row(&results, l.m.entrants[0]);
    assert_eq!(first["rank"], "1");
    assert_eq!(first["name"], "甲队（队员300、队员301）");
    assert_eq!(first["award"], "三等奖");
    // Each result line names the team's two members, the people a certificate goes to.
    let version = versions::latest(&s.app.db, entity::EventId(s.event as i32))
        .await
        .unwrap()
        .unwrap();
    let lines = jiangxin::results::lines::of_version(&s.app.db, version.id)
        .await
        .unwrap();
    let members = &lines[0].members;
    assert_eq!(members.len(), 2, "{lines:?}");
}
