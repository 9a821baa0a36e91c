//! After 成绩确认 and 已归档: what is refused, what the public no longer sees, who never sees a
//! case, and the competition's workbook.

use crate::support::results::{locked, open_window, to_final};
use crate::support::tablet::tablet_token_for;
use crate::support::{PASSWORD, page_text};
use calamine::{Reader, Xlsx};
use jiangxin::marking::corrections::{CorrectionInput, request_correction};
use sea_orm::EntityTrait;
use serde_json::json;

#[tokio::test]
async fn nothing_changes_after_final_and_the_list_leaves_the_public_when_archived() {
    let l = locked().await;
    to_final(&l).await;
    let s = &l.m.s;
    let comp = s.competition;

    // A judge's correction and a new judge are refused, naming the status.
    let refused = request_correction(
        &s.app.db,
        &l.judges[1],
        CorrectionInput {
            op_id: "correction-after-final".into(),
            entrant_id: entity::EntrantId(l.m.entrants[1] as i32),
            aspect_id: entity::AspectId(l.m.aspect_a1),
            value: rust_decimal::Decimal::from(9),
            reason: "复核后更正".into(),
            device: None,
        },
    )
    .await
    .unwrap_err();
    assert!(refused.to_string().contains("成绩已确认"), "{refused}");
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/events/{}/judges", s.event),
            json!({"name": "裁判新", "sex": crate::support::sex_of(611), "id_number": crate::support::id_number(611), "organisation_id": s.other.0, "role": "judge", "panel": "A"}),
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

    // The workbook: one sheet per event, the header on the third row, the final version.
    let (browser, _) = s.app.sign_in("organiser").await;
    let res = browser
        .get(
            s.app
                .url(&format!("/admin/competitions/{comp}/results.xlsx")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert!(rows[0][0].contains("第 1 版"), "{rows:?}");
    assert_eq!(
        rows[2],
        [
            "名次",
            "参赛证号",
            "姓名",
            "单位",
            "理论",
            "实操",
            "总成绩",
            "奖项",
            "荣誉",
            "备注"
        ]
    );
    assert_eq!(
        rows[3][..4],
        ["1", "1", "选手0", "浙江金婺精工机械有限公司"]
    );
    assert_eq!(rows[3][6..8], ["90.00", "三等奖"]);
    let text = format!("{rows:?}");
    for n in 0..4 {
        assert!(
            !text.contains(&crate::support::id_number(n)),
            "an ID number"
        );
    }

    // Final: the public list is titled as the final list, with no invitation to object.
    let public = s.app.url(&format!("/publicity/{comp}"));
    let list = page_text(&s.app.browser(), &public).await;
    assert!(
        list.contains("<br>获奖名单</h1>") && list.contains("成绩已确认"),
        "{list}"
    );
    assert!(
        !list.contains("如有异议") && !list.contains("提出异议"),
        "{list}"
    );
    // Archived: the list leaves the public.
    assert!(
        page_text(&s.app.browser(), &public)
            .await
            .contains("拟获奖名单")
    );
    assert!(
        page_text(&s.app.browser(), &s.app.url("/"))
            .await
            .contains(&format!("/publicity/{comp}"))
    );
    assert_eq!(l.move_to("archived").await.0, 200);
    assert_eq!(reqwest::get(&public).await.unwrap().status(), 404);
    assert!(
        !page_text(&s.app.browser(), &s.app.url("/"))
            .await
            .contains("/publicity/")
    );
    let api = reqwest::get(s.app.url(&format!("/api/v1/competitions/{comp}/publicity")))
        .await
        .unwrap();
    assert_eq!(api.status(), 404);
    // The front door and the event's page say it is archived: no live links, no socket.
    let home = page_text(&s.app.browser(), &s.app.url("/")).await;
    assert!(home.contains("已归档：实时排名已关闭"), "{home}");
    assert!(
        !home.contains("/live/") && !home.contains("/screen/"),
        "{home}"
    );
    let live = page_text(&s.app.browser(), &s.app.url(&format!("/live/{}", s.event))).await;
    assert!(live.contains("本赛事已归档"), "{live}");
    assert!(
        !live.contains("live.js") && !live.contains("连接中"),
        "{live}"
    );
}

#[tokio::test]
async fn cases_are_not_found_for_other_competitions_arbitrators_and_never_reach_a_judge() {
    let l = locked().await;
    let s = &l.m.s;
    let comp = s.competition;
    assert_eq!(l.move_to("marking").await.0, 200);
    // A second competition of the same organiser, with its own arbitrator.
    let (status, other) = s
        .organiser
        .post(
            "/api/v1/competitions",
            json!({"name": "2026年金华市技能大赛（第二赛区）", "kind": "city", "year": 2026}),
        )
        .await;
    assert_eq!(status, 201, "{other}");
    let other = other["id"].as_i64().unwrap();
    for (c, username, role, org) in [
        (comp, "leader-b", "team_leader", Some(s.firm_b.0)),
        (other, "arbiter-2", "arbitrator", None),
    ] {
        let (status, body) = s
            .organiser
            .post(
                &format!("/api/v1/competitions/{c}/members"),
                json!({"username": username, "display_name": "某某", "password": PASSWORD, "role": role, "organisation_id": org}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let leader = s.app.api(&s.app.token_for("leader-b").await);
    let (status, case) = leader
        .post(
            &format!("/api/v1/competitions/{comp}/cases"),
            json!({"kind": "on_site", "event_id": s.event, "entrant_id": l.m.entrants[1], "claim": "请复核 A1 尺寸的测量"}),
        )
        .await;
    assert_eq!(status, 201, "{case}");
    let id = case["id"].as_i64().unwrap();
    let elsewhere = s.app.api(&s.app.token_for("arbiter-2").await);
    assert_eq!(elsewhere.get(&format!("/api/v1/cases/{id}")).await.0, 404);
    assert_eq!(
        elsewhere
            .get(&format!("/api/v1/competitions/{comp}/cases"))
            .await
            .0,
        404
    );
    assert_eq!(
        elsewhere
            .post(
                &format!("/api/v1/cases/{id}/decision"),
                json!({"upheld": false, "members": "某某", "reasons": "越权裁决不应成功"})
            )
            .await
            .0,
        404
    );
    let (browser, _) = s.app.sign_in("arbiter-2").await;
    let page = browser
        .get(s.app.url(&format!("/cases/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
    // A judge's tablet session is no account: the case page sends it to sign in, the API
    // answers 401, and neither shows the case.
    let token = tablet_token_for(&l.m, l.judges[1].id).await;
    let tablet = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for path in [format!("/cases/{id}"), format!("/api/v1/cases/{id}")] {
        let res = tablet
            .get(s.app.url(&path))
            .header("cookie", format!("jx_judge={token}"))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        assert!(matches!(status, 303 | 401), "{path}: {status}");
        assert!(!res.text().await.unwrap().contains("A1 尺寸"), "{path}");
    }
}

#[tokio::test]
async fn objections_from_one_address_are_paced_after_ten_an_hour() {
    let l = locked().await;
    let s = &l.m.s;
    let comp = s.competition;
    assert_eq!(l.move_to("marking").await.0, 200);
    jiangxin::results::versions::sign(&s.app.db, &l.chief, 1)
        .await
        .unwrap();
    let (status, body) = open_window(s).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(l.move_to("publicity").await.0, 200);
    let public = s.app.api("");
    let path = format!("/api/v1/competitions/{comp}/objections");
    for n in 0..10 {
        let (status, body) = public
            .post(
                &path,
                json!({"event_id": s.event, "name": "张某某", "phone": "13900000001", "claim": format!("第 {n} 条异议的理由")}),
            )
            .await;
        assert_eq!(status, 201, "{n}: {body}");
    }
    let (status, body) = public
        .post(
            &path,
            json!({"event_id": s.event, "name": "张某某", "phone": "13900000001", "claim": "第十一条异议的理由"}),
        )
        .await;
    assert_eq!(status, 429, "{body}");
    let cases = entity::appeal_case::Entity::find()
        .all(&s.app.db)
        .await
        .unwrap();
    assert_eq!(cases.len(), 10, "the paced one was not stored");
}

#[tokio::test]
async fn no_tablet_opens_after_final() {
    let l = locked().await;
    let s = &l.m.s;
    // A tablet signed in, and a code handed out but not yet used, before 成绩确认.
    let token = tablet_token_for(&l.m, l.judges[0].id).await;
    let (status, before) = s
        .organiser
        .post(
            &format!("/api/v1/judges/{}/code", l.judges[1].id.0),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{before}");
    let unused = before["code"].as_str().unwrap().to_owned();
    let client = reqwest::Client::new();
    let marking_page = |token: String| {
        let client = client.clone();
        let url = s.app.url("/judge/mark");
        async move {
            client
                .get(url)
                .header("cookie", format!("jx_judge={token}"))
                .send()
                .await
                .unwrap()
        }
    };
    let signed_in = marking_page(token.clone()).await;
    assert_eq!(signed_in.url().path(), "/judge/mark");

    to_final(&l).await;

    // The signed-in tablet is signed out: it lands on the sign-in page, no 保存 to press.
    let after = marking_page(token.clone()).await;
    assert_eq!(
        after.url().path(),
        "/judge",
        "the tablet stays signed in after final"
    );
    assert!(
        jiangxin::judging::sign_in::judge_for_session(&s.app.db, &token)
            .await
            .unwrap()
            .is_none()
    );
    // No new code is issued, naming the status.
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/judges/{}/code", l.judges[1].id.0),
            json!({}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("成绩已确认"), "{body}");
    // The code handed out before is refused, and says why.
    let refused = jiangxin::judging::sign_in::redeem_code(&s.app.db, &unused, None)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("成绩已确认"), "{refused}");
}
