//! 纸质评分表录入 with double entry: two clerks type a judge's filled sheet, each blind; only
//! agreeing values become the judge's marks (channel `paper`, both clerks named); a
//! disagreement, and an agreed value that differs from the judge's tablet mark, go to the chief
//! judge's matrix and block the module's sign-off until the chief decides them against the
//! sheet. Bad cells refuse the whole entry by row and column; the audit chain verifies.

use super::review::review_drawn as review;
use crate::support::tablet::tablet_token_for;
use entity::kinds::Role;
use jiangxin::judging::judges::markable_entrants;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::str::FromStr;

/// The judge's marks as stored: (entrant, value).
async fn marks_of(db: &sea_orm::DatabaseConnection, judge: entity::JudgeId) -> Vec<(i32, Decimal)> {
    let mut marks: Vec<(i32, Decimal)> = entity::mark::Entity::find()
        .filter(entity::mark::Column::JudgeId.eq(judge))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.entrant_id.0, m.value.to_decimal()))
        .collect();
    marks.sort();
    marks
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Expected marks, in the order `marks_of` gives them.
fn sorted(mut marks: Vec<(i32, Decimal)>) -> Vec<(i32, Decimal)> {
    marks.sort();
    marks
}

#[tokio::test]
async fn two_clerks_type_a_sheet_and_only_agreeing_values_are_stored() {
    let r = review().await;
    let app = &r.m.s.app;
    let db = &app.db;
    let ev = r.m.s.event;
    let a1 = r.m.aspect_a1;
    let judge = &r.judges[1];
    let sheet: Vec<(i32, String)> = markable_entrants(db, judge)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.id.0, e.blind_code.unwrap()))
        .collect();
    assert_eq!(sheet.len(), 4, "judge 602 marks all four");
    let code = |i: usize| sheet[i].1.clone();
    let path = format!("/api/v1/events/{ev}/paper-sheets/{}", judge.id.0);
    let cells = |values: [&str; 4]| json!({"cells": values.iter().enumerate().map(|(i, v)| json!({"blind_code": code(i), "aspect": "A1", "value": v})).collect::<Vec<_>>()});

    // The judge's tablet had stored one mark before the Wi-Fi failed.
    let first_entrant =
        r.m.entrants
            .iter()
            .position(|&e| e as i32 == sheet[0].0)
            .unwrap();
    r.mark(1, first_entrant, a1, "8").await;

    app.user("clerk-2", Role::Organiser, Some(r.m.s.bureau))
        .await;
    let clerk1 = &r.m.s.organiser;
    let clerk2 = app.api(&app.token_for("clerk-2").await);

    // Who may: a judge's tablet is no clerk, an organiser of another enterprise sees nothing.
    let judge_token = tablet_token_for(&r.m, judge.id).await;
    assert_eq!(
        app.api(&judge_token)
            .post(&path, cells(["8", "9", "7", "6.5"]))
            .await
            .0,
        401
    );
    let other = app.api(&app.token_for("other-hr").await);
    assert_eq!(
        other.post(&path, cells(["8", "9", "7", "6.5"])).await.0,
        404
    );

    // A wrong cell refuses the whole entry, by row and column; nothing is kept.
    let (status, body) = clerk1.post(&path, cells(["8.5", "11", "7", "6.5"])).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["row"], 4, "{body}");
    assert_eq!(body["errors"][0]["column"], "A1", "{body}");
    let (status, body) = clerk1
        .post(
            &path,
            json!({"cells": [{"blind_code": "ZZZZ", "aspect": "A1", "value": "8"}]}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("ZZZZ"),
        "{body}"
    );
    let (_, list) = clerk1
        .get(&format!("/api/v1/events/{ev}/paper-sheets"))
        .await;
    let tally = |list: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["judge_id"] == judge.id.0)
            .unwrap()["tally"]
            .clone()
    };
    assert_eq!(tally(&list)["awaiting_second"], 0, "{list}");

    // First entry: waits; nothing reaches the marks. The same clerk again completes nothing.
    let (status, body) = clerk1.post(&path, cells(["8.5", "9", "7", "6.5"])).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"]["first"], 4, "{body}");
    let (status, body) = clerk1.post(&path, cells(["8.5", "9", "7", "6.5"])).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"]["unchanged"], 4, "{body}");
    assert_eq!(body["outcome"]["stored"], 0, "{body}");
    assert_eq!(marks_of(db, judge.id).await, vec![(sheet[0].0, d("8"))]);
    let (_, list) = clerk2
        .get(&format!("/api/v1/events/{ev}/paper-sheets"))
        .await;
    assert_eq!(tally(&list)["awaiting_second"], 4, "{list}");
    assert!(
        !list.to_string().contains("8.5"),
        "the second clerk sees no value: {list}"
    );

    // Second entry, blind: agrees on rows 2 and 4, disagrees on row 3; row 1 agrees between
    // the clerks (8.5) but the tablet stored 8: the tablet wins until the chief decides.
    let (status, body) = clerk2.post(&path, cells(["8.5", "9", "7.5", "6.5"])).await;
    assert_eq!(status, 200, "{body}");
    let outcome = &body["outcome"];
    assert_eq!(outcome["stored"], 2, "{body}");
    assert_eq!(outcome["disagreed"], 1, "{body}");
    assert_eq!(outcome["tablet_differs"], 1, "{body}");
    assert_eq!(
        marks_of(db, judge.id).await,
        sorted(vec![
            (sheet[0].0, d("8")),
            (sheet[1].0, d("9")),
            (sheet[3].0, d("6.5"))
        ])
    );
    // The stored marks are the judge's, entered by the second clerk from paper, both named.
    let clerk2_id = entity::user::Entity::find()
        .filter(entity::user::Column::Username.eq("clerk-2"))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let entry = entity::mark_audit::Entity::find()
        .filter(entity::mark_audit::Column::JudgeId.eq(judge.id))
        .filter(entity::mark_audit::Column::EntrantId.eq(entity::EntrantId(sheet[1].0)))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.device.as_deref(), Some("paper"));
    assert_eq!(entry.actor, format!("user:{}", clerk2_id.0));
    let reason = entry.reason.unwrap();
    assert!(
        reason.contains("第一录入") && reason.contains(&format!("user:{}", clerk2_id.0)),
        "{reason}"
    );
    // A third entry changes nothing that is finished.
    let (_, body) = clerk1.post(&path, cells(["1", "1", "1", "1"])).await;
    assert_eq!(body["outcome"]["unchanged"], 4, "{body}");

    // The chief sees both cells, with the values, and cannot sign module A off before.
    let chief = app.api(&tablet_token_for(&r.m, r.chief).await);
    // The other judges of panel A mark as the sheet's judge did (601 stays away from firm A's
    // entrants, the first and third entered).
    let index = |i: usize| {
        r.m.entrants
            .iter()
            .position(|&e| e as i32 == sheet[i].0)
            .unwrap()
    };
    for (i, value) in ["8", "9", "7.5", "6.5"].into_iter().enumerate() {
        if index(i) % 2 == 1 {
            r.mark(0, index(i), a1, value).await;
        }
        r.mark(2, index(i), a1, value).await;
    }
    let (_, picture) = chief.get("/api/v1/chief/review").await;
    let paper = picture["paper"].as_array().unwrap().clone();
    assert_eq!(paper.len(), 2, "{picture}");
    let disagreed = paper.iter().find(|p| p["state"] == "disagreed").unwrap();
    assert_eq!(disagreed["first"], "7");
    assert_eq!(disagreed["second"], "7.5");
    assert_eq!(disagreed["blind_code"], code(2));
    let differs = paper
        .iter()
        .find(|p| p["state"] == "tablet_differs")
        .unwrap();
    assert_eq!(differs["tablet"], "8");
    let module = picture["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == r.module_a)
        .unwrap()
        .clone();
    assert_eq!(module["ready"], false, "{module}");
    let (status, body) = chief
        .post(
            &format!("/api/v1/chief/modules/{}/sign-off", r.module_a),
            json!({"seq": module["seq"]}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("纸质评分表"),
        "{body}"
    );
    // Only the chief decides: a judge's tablet is refused.
    assert_eq!(
        app.api(&judge_token)
            .post(
                &format!("/api/v1/chief/paper/{}", disagreed["id"]),
                json!({"value": "7.5"})
            )
            .await
            .0,
        403
    );

    // The chief reads the sheet: 7.5 for the disagreement (stored, from paper), and keeps the
    // tablet's 8 for the other (nothing written).
    let (status, body) = chief
        .post(
            &format!("/api/v1/chief/paper/{}", disagreed["id"]),
            json!({"value": "7.5"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = chief
        .post(
            &format!("/api/v1/chief/paper/{}", differs["id"]),
            json!({"value": "8"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["paper"].as_array().unwrap().is_empty(), "{body}");
    let (status, again) = chief
        .post(
            &format!("/api/v1/chief/paper/{}", differs["id"]),
            json!({"value": "8"}),
        )
        .await;
    assert_eq!(status, 409, "{again}");
    assert_eq!(
        marks_of(db, judge.id).await,
        sorted(vec![
            (sheet[0].0, d("8")),
            (sheet[1].0, d("9")),
            (sheet[2].0, d("7.5")),
            (sheet[3].0, d("6.5"))
        ])
    );
    let decided = entity::mark_audit::Entity::find()
        .filter(entity::mark_audit::Column::JudgeId.eq(judge.id))
        .filter(entity::mark_audit::Column::EntrantId.eq(entity::EntrantId(sheet[2].0)))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(decided.actor, format!("judge:{}", r.chief.0));
    assert_eq!(decided.device.as_deref(), Some("paper"));

    // The chief's page marks paper marks as such; module A can be signed now.
    let (status, page) = r
        .tablet_get(&tablet_token_for(&r.m, r.chief).await, "/judge/chief")
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("9（纸）"), "paper marks are shown as such");
    let (_, picture) = chief.get("/api/v1/chief/review").await;
    let module = picture["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == r.module_a)
        .unwrap()
        .clone();
    assert_eq!(module["ready"], true, "{picture}");

    let chain = jiangxin::marking::audit_chain::verify(db).await.unwrap();
    assert_eq!(chain.first_break, None);
}

/// The filled .xlsx of the score sheets, typed by two clerks: the judge's own worksheet is
/// read from the whole workbook, another judge's sheet is refused by its number.
#[tokio::test]
async fn a_filled_workbook_is_one_entry_and_another_judges_sheet_is_refused() {
    let r = review().await;
    let app = &r.m.s.app;
    let ev = r.m.s.event;
    let judge = &r.judges[1];
    app.user("clerk-2", Role::Organiser, Some(r.m.s.bureau))
        .await;
    let clerk2 = app.api(&app.token_for("clerk-2").await);
    let (status, _, printed) =
        r.m.s
            .organiser
            .get_bytes(&format!("/api/v1/events/{ev}/score-sheets"))
            .await;
    assert_eq!(status, 200);
    // Fill the judge's worksheet: rows 3.. hold the blind codes, column B is A1.
    let filled = fill(&printed, judge.id.0, &["8", "9", "7", "6.5"]);
    let path = format!("/api/v1/events/{ev}/paper-sheets/{}/xlsx", judge.id.0);
    let (status, body) = r.m.s.organiser.post_bytes(&path, filled.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"]["first"], 4, "{body}");
    let (status, body) = clerk2.post_bytes(&path, filled).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"]["stored"], 4, "{body}");

    // Judge 603's sheet uploaded for judge 602: refused by the judge number in its title.
    let other_sheet = only_sheet(&printed, r.judges[2].id.0, &["5", "5", "5", "5"]);
    let (status, body) = clerk2.post_bytes(&path, other_sheet).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("裁判编号"),
        "{body}"
    );
}

/// The printed workbook with the values written into one judge's worksheet (column B).
fn fill(printed: &[u8], judge: i32, values: &[&str]) -> Vec<u8> {
    rewrite(printed, judge, values, false)
}

/// One judge's worksheet alone, filled, as a workbook of its own.
fn only_sheet(printed: &[u8], judge: i32, values: &[&str]) -> Vec<u8> {
    rewrite(printed, judge, values, true)
}

fn rewrite(printed: &[u8], judge: i32, values: &[&str], alone: bool) -> Vec<u8> {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(printed.to_vec())).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let mine = name.contains(&format!("-{judge} "));
        if alone && !mine {
            continue;
        }
        let range = book.worksheet_range(&name).unwrap();
        let sheet = out.add_worksheet();
        sheet.set_name(&name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let text = cell.to_string();
                if !text.is_empty() {
                    sheet.write_string(r as u32, c as u16, text).unwrap();
                }
            }
            if mine && r >= 2 && r - 2 < values.len() {
                sheet
                    .write_number(r as u32, 1, values[r - 2].parse::<f64>().unwrap())
                    .unwrap();
            }
        }
    }
    out.save_to_buffer().unwrap()
}

/// Two clerks sending the same sheet at the same instant: one entry is the first, the other
/// the second (the chain's lock takes them in turn), and every agreeing value is stored once.
#[tokio::test]
async fn two_clerks_at_the_same_instant_complete_the_sheet_once() {
    let r = review().await;
    let app = &r.m.s.app;
    let ev = r.m.s.event;
    let judge = &r.judges[2];
    let codes: Vec<String> = markable_entrants(&app.db, judge)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.blind_code.unwrap())
        .collect();
    app.user("clerk-2", Role::Organiser, Some(r.m.s.bureau))
        .await;
    let clerk2 = app.api(&app.token_for("clerk-2").await);
    let body = json!({"cells": codes.iter().map(|c| json!({"blind_code": c, "aspect": "A1", "value": "7"})).collect::<Vec<_>>()});
    let path = format!("/api/v1/events/{ev}/paper-sheets/{}", judge.id.0);
    let (one, two) = tokio::join!(
        r.m.s.organiser.post(&path, body.clone()),
        clerk2.post(&path, body.clone())
    );
    assert_eq!((one.0, two.0), (200, 200), "{} {}", one.1, two.1);
    let firsts =
        one.1["outcome"]["first"].as_u64().unwrap() + two.1["outcome"]["first"].as_u64().unwrap();
    let stored =
        one.1["outcome"]["stored"].as_u64().unwrap() + two.1["outcome"]["stored"].as_u64().unwrap();
    assert_eq!((firsts, stored), (4, 4), "{} {}", one.1, two.1);
    assert_eq!(marks_of(&app.db, judge.id).await.len(), 4);
    let chain = jiangxin::marking::audit_chain::verify(&app.db)
        .await
        .unwrap();
    assert_eq!(chain.first_break, None);
}
