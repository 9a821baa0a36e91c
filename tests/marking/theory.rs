//! 理论成绩导入: the theory exam's export into the event's theory component — preview, row and
//! column errors with nothing stored, the commit as audited marks of the theory panel's one
//! judge, a repeat that changes nothing, and after the theory module's sign-off a corrected
//! file that becomes correction requests for the chief judge.

use super::review::review;
use crate::support::tablet::tablet_token_for;
use entity::{AspectId, EntrantId, entrant, mark, mark_audit, mark_correction};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;

#[tokio::test]
async fn theory_scores_import_all_or_nothing_then_as_corrections_after_sign_off() {
    let r = review().await;
    let s = &r.m.s;
    let db = &s.app.db;
    let t1 = AspectId(r.m.aspect_t1);
    let numbers: Vec<i32> = {
        let mut found = Vec::new();
        for id in &r.m.entrants {
            let e = entrant::Entity::find_by_id(EntrantId(*id as i32))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            found.push(e.entry_no);
        }
        found
    };
    let path = format!("/api/v1/events/{}/theory-scores/import", s.event);
    let theory_marks = || async {
        mark::Entity::find()
            .filter(mark::Column::AspectId.eq(t1))
            .count(db)
            .await
            .unwrap()
    };

    // Wrong rows: each named by row and column; nothing stored, even with commit=true.
    let wrong = format!(
        "参赛证号,成绩\n{},80\n999,70\n{},abc\n{},100.3\n{},85\n",
        numbers[0], numbers[1], numbers[2], numbers[0]
    );
    let (status, body) = s
        .organiser
        .post_bytes(&format!("{path}?commit=true"), wrong.into_bytes())
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["committed"], false);
    let errors: Vec<(u64, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (3, "参赛证号".to_owned()),
            (4, "成绩".to_owned()),
            (5, "成绩".to_owned()),
            (6, "参赛证号".to_owned())
        ],
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("第 3 行"),
        "{body}"
    );
    assert_eq!(theory_marks().await, 0);

    // Another organisation's organiser does not find the event.
    let other = s.app.api(&s.app.token_for("other-hr").await);
    let good = numbers
        .iter()
        .zip(["80", "85.5", "90", "75"])
        .map(|(n, v)| format!("{n},{v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let good = format!("参赛证号,成绩\n{good}\n").into_bytes();
    assert_eq!(other.post_bytes(&path, good.clone()).await.0, 404);

    // The preview stores nothing; the commit stores four marks, audited with the file's name.
    let (status, preview) = s.organiser.post_bytes(&path, good.clone()).await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["changes"], 4);
    assert_eq!(preview["preview"][1]["score"], "85.5");
    assert_eq!(preview["preview"][1]["change"], "new");
    assert_eq!(theory_marks().await, 0);
    let (status, done) = s
        .organiser
        .post_bytes(
            &format!("{path}?commit=true&file_name=理论考试.csv"),
            good.clone(),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["committed"], true);
    assert_eq!(done["as_corrections"], false);
    assert_eq!(theory_marks().await, 4);
    let entries = mark_audit::Entity::find()
        .filter(mark_audit::Column::AspectId.eq(t1))
        .order_by_asc(mark_audit::Column::Id)
        .all(db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 4);
    assert!(entries.iter().all(|e| {
        e.actor.starts_with("user:")
            && e.judge_id == r.judges[3].id
            && e.reason
                .as_deref()
                .unwrap_or_default()
                .contains("理论考试.csv")
    }));
    let chain = jiangxin::marking::audit_chain::verify(db).await.unwrap();
    assert_eq!(chain.first_break, None);

    // The same file again changes nothing.
    let (status, again) = s
        .organiser
        .post_bytes(&format!("{path}?commit=true"), good)
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["changes"], 0);
    assert_eq!(
        mark_audit::Entity::find()
            .filter(mark_audit::Column::AspectId.eq(t1))
            .count(db)
            .await
            .unwrap(),
        4
    );

    // The chief signs the theory module off; a corrected file becomes a correction request.
    let chief = s.app.api(&tablet_token_for(&r.m, r.chief).await);
    let (_, picture) = chief.get("/api/v1/chief/review").await;
    let seq = picture["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == r.module_t)
        .unwrap()["seq"]
        .clone();
    let (status, body) = chief
        .post(
            &format!("/api/v1/chief/modules/{}/sign-off", r.module_t),
            json!({"seq": seq}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let corrected = format!(
        "参赛证号,成绩\n{},80\n{},88\n{},90\n{},75\n",
        numbers[0], numbers[1], numbers[2], numbers[3]
    );
    let (status, done) = s
        .organiser
        .post_bytes(&format!("{path}?commit=true"), corrected.into_bytes())
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["as_corrections"], true);
    assert_eq!(done["changes"], 1);
    let pending = mark_correction::Entity::find().all(db).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        pending[0].new_value.to_decimal().normalize().to_string(),
        "88"
    );
    assert!(pending[0].reason.contains("理论成绩更正导入"));
    // The mark itself waits for the chief judge.
    let stored = mark::Entity::find()
        .filter(mark::Column::AspectId.eq(t1))
        .filter(mark::Column::EntrantId.eq(EntrantId(r.m.entrants[1] as i32)))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.value.to_decimal().normalize().to_string(), "85.5");
}

#[tokio::test]
async fn the_organiser_previews_and_confirms_theory_scores_on_the_event_page() {
    let r = review().await;
    let s = &r.m.s;
    let db = &s.app.db;
    let mut rows = String::from("参赛证号,成绩\n");
    for id in &r.m.entrants {
        let e = entrant::Entity::find_by_id(EntrantId(*id as i32))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        rows.push_str(&format!("{},88.5\n", e.entry_no));
    }
    let (browser, csrf) = s.app.sign_in("organiser").await;
    let event_page = browser
        .get(s.app.url(&format!("/admin/events/{}", s.event)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        event_page.contains("预览理论成绩"),
        "the event page offers the import"
    );
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(rows.into_bytes()).file_name("理论.csv"),
        );
    let res = browser
        .post(s.app.url(&format!("/admin/events/{}/theory", s.event)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("4 个成绩为新增或变化"), "{page}");
    assert_eq!(
        mark::Entity::find()
            .filter(mark::Column::AspectId.eq(AspectId(r.m.aspect_t1)))
            .count(db)
            .await
            .unwrap(),
        0,
        "the preview stores nothing"
    );
    let content = page
        .split("name=\"content\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let res = browser
        .post(
            s.app
                .url(&format!("/admin/events/{}/theory/commit", s.event)),
        )
        .form(&[
            ("csrf", csrf.as_str()),
            ("file_name", "理论.csv"),
            ("content", &content),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("notice=theory_imported")
    );
    assert_eq!(
        mark::Entity::find()
            .filter(mark::Column::AspectId.eq(AspectId(r.m.aspect_t1)))
            .count(db)
            .await
            .unwrap(),
        4
    );
}
