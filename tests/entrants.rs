//! Entrants: entering by hand, importing all-or-nothing, withdrawing, the draw, and isolation.

use crate::support::{Setup, id_number, sex_of};
use jiangxin::spreadsheet::write_xlsx;
use serde_json::json;

/// An import file of `n` entrants of the setup's event, alternately from firm A and firm B.
fn import_file(n: u32, wrong_row: Option<usize>) -> Vec<u8> {
    let rows: Vec<Vec<String>> = (0..n)
        .map(|i| {
            let mut id = id_number(1000 + i);
            if wrong_row == Some(i as usize + 2) {
                // Change the check character only.
                let last = id.pop().unwrap();
                id.push(if last == '0' { '1' } else { '0' });
            }
            vec![
                format!("导入选手{i}"),
                sex_of(1000 + i).to_owned(),
                id,
                if i % 2 == 0 {
                    "浙江金婺精工机械有限公司"
                } else {
                    "义乌市双江电气有限公司"
                }
                .to_owned(),
                "数控车工".to_owned(),
                "职工组".to_owned(),
                format!("139{:08}", i),
                String::new(),
            ]
        })
        .collect();
    write_xlsx(
        "选手名单",
        &jiangxin::entrants::import::COLUMNS,
        &[10.0; 9],
        &rows,
    )
    .unwrap()
}

#[tokio::test]
async fn a_thousand_row_import_with_one_wrong_check_digit_stores_nothing() {
    let s = Setup::new().await;
    let path = format!(
        "/api/v1/competitions/{}/entrants/import?commit=true",
        s.competition
    );
    let (status, body) = s
        .organiser
        .post_bytes(&path, import_file(1000, Some(731)))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["committed"], false);
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["row"], 731);
    assert_eq!(errors[0]["column"], "身份证号");
    assert!(errors[0]["message"].as_str().unwrap().contains("校验位"));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("第 731 行")
    );
    let (_, listed) = s
        .organiser
        .get(&format!("/api/v1/events/{}/entrants", s.event))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 0, "nothing was stored");

    // The same file corrected imports all 1,000, numbered in file order.
    let (status, body) = s.organiser.post_bytes(&path, import_file(1000, None)).await;
    assert_eq!(status, 200, "{}", body["error"]);
    assert_eq!(body["committed"], true);
    assert_eq!(body["entrants"], 1000);
    let (_, listed) = s
        .organiser
        .get(&format!("/api/v1/events/{}/entrants", s.event))
        .await;
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1000);
    assert_eq!(listed[730]["entry_no"], 731);
    assert_eq!(listed[730]["members"][0]["name"], "导入选手730");
    // Organisers see ID numbers masked, never in full.
    let shown = listed[0]["members"][0]["id_number"].as_str().unwrap();
    assert_eq!(shown, format!("330702********{}", &id_number(1000)[14..]));
    assert!(
        !serde_json::Value::Array(listed.clone())
            .to_string()
            .contains(&id_number(1000))
    );

    // Importing the same people again: every row is a duplicate, and nothing changes.
    let (status, body) = s.organiser.post_bytes(&path, import_file(3, None)).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"].as_array().unwrap().len(), 3);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("已报名本项目")
    );
}

#[tokio::test]
async fn an_import_names_every_wrong_cell_and_duplicates_within_the_file() {
    let s = Setup::new().await;
    let csv = format!(
        "姓名,性别,身份证号,单位,项目,组别,手机号,出生日期\n\
         张三,男,{a},浙江金婺精工机械有限公司,数控车工,职工组,13800000000,1999-01-01\n\
         ,女,{b},不存在的公司,数控车工,职工组,12345\n\
         李四,女,{a},浙江金婺精工机械有限公司,数控车工,职工组,\n\
         王五,男,{c},浙江金婺精工机械有限公司,钳工,职工组,\n\
         赵六,女,{c2},浙江金婺精工机械有限公司,数控车工,老年组,\n",
        a = id_number(1),
        b = id_number(2),
        c = id_number(3),
        c2 = id_number(5),
    );
    let path = format!("/api/v1/competitions/{}/entrants/import", s.competition);
    let (status, body) = s
        .organiser
        .post_bytes(&path, csv.clone().into_bytes())
        .await;
    assert_eq!(status, 422);
    // Saved by Excel as “CSV UTF-8” (a BOM, CRLF), the same rows are named the same.
    let excel = format!("\u{feff}{}", csv.replace('\n', "\r\n"));
    let (status, again) = s.organiser.post_bytes(&path, excel.into_bytes()).await;
    assert_eq!(status, 422);
    assert_eq!(again["errors"], body["errors"]);
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
    let expect = |row: u64, column: &str| {
        assert!(
            errors.contains(&(row, column.to_owned())),
            "row {row} {column} in {errors:?}"
        );
    };
    expect(2, "出生日期"); // the number says 1971-02-02
    expect(3, "姓名");
    expect(3, "单位");
    expect(3, "手机号");
    expect(4, "身份证号"); // same person as row 2
    expect(4, "性别"); // 女 but the number says 男
    expect(5, "项目");
    expect(6, "性别");
    expect(6, "组别");
    // A missing column is named too.
    let (status, body) = s
        .organiser
        .post_bytes(&path, "姓名,性别\n张三,男\n".as_bytes().to_vec())
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["row"], 1);
    assert_eq!(body["errors"][0]["column"], "身份证号");
}

#[tokio::test]
async fn entrants_are_withdrawn_not_deleted_once_the_event_runs() {
    let s = Setup::new().await;
    let ids = s.entrants(2).await;
    // While registration is open a mistaken entry can be removed.
    assert_eq!(
        s.organiser
            .delete(&format!("/api/v1/entrants/{}", ids[1]))
            .await,
        204
    );
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/entrants/{}/status", ids[0]),
            json!({"status": "withdrawn", "reason": ""}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "reason");
    let (status, _) = s
        .organiser
        .post(
            &format!("/api/v1/entrants/{}/status", ids[0]),
            json!({"status": "withdrawn", "reason": "因病退赛"}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, listed) = s
        .organiser
        .get(&format!("/api/v1/events/{}/entrants", s.event))
        .await;
    assert_eq!(listed[0]["status"], "withdrawn");
    assert_eq!(listed[0]["status_reason"], "因病退赛");
    // A person enters one event per competition.
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/events/{}/entrants", s.event),
            json!({"organisation_id": s.firm_a.0, "members": [{"name": "选手0", "sex": sex_of(0), "id_number": id_number(0)}]}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
}

#[tokio::test]
async fn the_same_seed_gives_the_same_draw_and_codes_are_not_sequential() {
    let s = Setup::new().await;
    s.entrants(30).await;
    let path = format!("/api/v1/events/{}/draw", s.event);
    let (status, first) = s
        .organiser
        .post(&path, json!({"seed": "2026-数控车工-抽签"}))
        .await;
    assert_eq!(status, 200, "{first}");
    let (_, random) = s.organiser.post(&path, json!({})).await;
    assert_ne!(random["lots"], first["lots"]);
    assert_eq!(
        random["seed"].as_str().unwrap().len(),
        16,
        "a random seed is made and recorded"
    );
    let (_, again) = s
        .organiser
        .post(&path, json!({"seed": "2026-数控车工-抽签"}))
        .await;
    assert_eq!(again["lots"], first["lots"]);

    let lots = first["lots"].as_array().unwrap();
    let mut stations: Vec<i64> = lots
        .iter()
        .map(|l| l["station"].as_i64().unwrap())
        .collect();
    stations.sort_unstable();
    assert_eq!(stations, (1..=30).collect::<Vec<_>>());
    let codes: Vec<&str> = lots
        .iter()
        .map(|l| l["blind_code"].as_str().unwrap())
        .collect();
    let unique: std::collections::HashSet<_> = codes.iter().collect();
    assert_eq!(unique.len(), 30);
    // Not in the order of entry numbers, and not a run of consecutive values.
    let mut by_entry_lots = lots.clone();
    by_entry_lots.sort_by_key(|x| x["entry_no"].as_i64());
    let by_entry: Vec<&str> = by_entry_lots
        .iter()
        .map(|x| x["blind_code"].as_str().unwrap())
        .collect();
    let mut sorted = by_entry.clone();
    sorted.sort_unstable();
    assert_ne!(by_entry, sorted);
    assert!(!codes.iter().all(|c| c.parse::<u32>().is_ok()));

    // The table is the organiser's; the award officer may not see it before publication.
    let (status, table) = s.organiser.get(&path).await;
    assert_eq!(status, 200);
    assert_eq!(table["seed"], "2026-数控车工-抽签");
    let officer = s.app.api(&s.app.token_for("officer").await);
    assert_eq!(officer.get(&path).await.0, 403);
    // And the seed is in the audit trail.
    let trail = jiangxin::audit::entries_for(&s.app.db, &format!("event:{}", s.event))
        .await
        .unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == entity::kinds::AuditAction::Draw
                && e.detail.contains("2026-数控车工-抽签"))
    );
}

#[tokio::test]
async fn another_enterprise_cannot_see_or_touch_these_entrants() {
    let s = Setup::new().await;
    let ids = s.entrants(1).await;
    let other = s.app.api(&s.app.token_for("other-hr").await);
    let ev = s.event;
    let comp = s.competition;
    for (status, path) in [
        (other.get(&format!("/api/v1/events/{ev}")).await.0, "event"),
        (other.get(&format!("/api/v1/events/{ev}/entrants")).await.0, "entrants"),
        (other.get(&format!("/api/v1/events/{ev}/draw")).await.0, "draw"),
        (other.get(&format!("/api/v1/events/{ev}/judges")).await.0, "judges"),
        (other.get(&format!("/api/v1/events/{ev}/scheme")).await.0, "scheme"),
        (other.get(&format!("/api/v1/competitions/{comp}")).await.0, "competition"),
        (
            other
                .post(&format!("/api/v1/events/{ev}/entrants"), json!({"organisation_id": s.other.0, "members": [{"name": "x", "sex": "男", "id_number": id_number(501)}]}))
                .await
                .0,
            "add entrant",
        ),
        (
            other.post(&format!("/api/v1/entrants/{}/status", ids[0]), json!({"status": "withdrawn", "reason": "x"})).await.0,
            "withdraw",
        ),
        (other.delete(&format!("/api/v1/entrants/{}", ids[0])).await, "delete"),
        (other.post(&format!("/api/v1/events/{ev}/draw"), json!({})).await.0, "draw"),
        (other.post_bytes(&format!("/api/v1/competitions/{comp}/entrants/import"), import_file(1, None)).await.0, "import"),
        (other.post(&format!("/api/v1/competitions/{comp}/events"), json!({"trade": "电工", "group": "staff", "track": "other"})).await.0, "add event"),
        (other.post(&format!("/api/v1/competitions/{comp}/status"), json!({"to": "running"})).await.0, "status"),
        (other.put(&format!("/api/v1/competitions/{comp}"), json!({"name": "改名", "year": 2026})).await.0, "rename"),
        (other.put(&format!("/api/v1/events/{ev}"), json!({"trade": "改名", "group": "staff", "track": "other"})).await.0, "edit event"),
        (
            other
                .post(&format!("/api/v1/events/{ev}/judges"), json!({"name": "x", "sex": "男", "id_number": id_number(503), "organisation_id": s.other.0, "role": "judge", "panel": "A"}))
                .await
                .0,
            "add judge",
        ),
        (other.post_bytes(&format!("/api/v1/competitions/{comp}/judges/import"), b"a,b\n".to_vec()).await.0, "judges import"),
        (other.put(&format!("/api/v1/events/{ev}/scheme"), json!({"components": []})).await.0, "scheme"),
        (other.post(&format!("/api/v1/events/{ev}/scheme/copy"), json!({"from_event": ev})).await.0, "scheme copy"),
        (other.post_bytes(&format!("/api/v1/events/{ev}/scheme/import"), b"a,b\n".to_vec()).await.0, "scheme import"),
        (other.get(&format!("/api/v1/events/{ev}/scheme/check")).await.0, "scheme check"),
        (other.get(&format!("/api/v1/events/{ev}/sign-in-sheet")).await.0, "sign-in sheet"),
        (other.get(&format!("/api/v1/events/{ev}/score-sheets")).await.0, "score sheets"),
    ] {
        assert_eq!(status, 404, "{path} must be not found for another enterprise");
    }
    let (_, listed) = s
        .organiser
        .get(&format!("/api/v1/events/{ev}/entrants"))
        .await;
    assert_eq!(listed[0]["status"], "active", "nothing changed");
}

#[tokio::test]
async fn organisers_import_through_a_preview_page_and_confirm() {
    let s = Setup::new().await;
    let (browser, csrf) = s.app.sign_in("organiser").await;
    let upload = |bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("kind", "entrants")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("名单.xlsx"),
            );
        browser
            .post(
                s.app
                    .url(&format!("/admin/competitions/{}/imports", s.competition)),
            )
            .multipart(form)
            .send()
    };
    let res = upload(import_file(20, Some(9))).await.unwrap();
    assert_eq!(res.status(), 303);
    let preview_url = res.headers()["location"].to_str().unwrap().to_owned();
    let res = browser.get(s.app.url(&preview_url)).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("未导入任何数据") && page.contains("校验位"),
        "{page}"
    );
    assert!(!page.contains("确认导入"));
    // Confirming a bad file stores nothing either.
    let res = browser
        .post(s.app.url(&preview_url))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let (_, listed) = s
        .organiser
        .get(&format!("/api/v1/events/{}/entrants", s.event))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 0);

    let res = upload(import_file(20, None)).await.unwrap();
    let preview_url = res.headers()["location"].to_str().unwrap().to_owned();
    let page = browser
        .get(s.app.url(&preview_url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("确认导入") && page.contains("导入选手19"));
    assert!(
        !page.contains(&id_number(1000)),
        "the preview masks ID numbers"
    );
    // Another organiser cannot see or confirm someone else's upload.
    let (other, other_csrf) = s.app.sign_in("other-hr").await;
    assert_eq!(
        other
            .get(s.app.url(&preview_url))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        other
            .post(s.app.url(&preview_url))
            .form(&[("csrf", other_csrf.as_str())])
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let res = browser
        .post(s.app.url(&preview_url))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("notice=imported_entrants")
    );
    let (_, listed) = s
        .organiser
        .get(&format!("/api/v1/events/{}/entrants", s.event))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 20);
}

#[tokio::test]
async fn another_enterprise_cannot_open_these_pages() {
    let s = Setup::new().await;
    s.entrants(2).await;
    let (other, csrf) = s.app.sign_in("other-hr").await;
    let ev = s.event;
    for path in [
        format!("/admin/competitions/{}", s.competition),
        format!("/admin/events/{ev}"),
        format!("/admin/events/{ev}/sign-in-sheet.xlsx"),
        format!("/admin/events/{ev}/score-sheets.xlsx"),
    ] {
        assert_eq!(
            other.get(s.app.url(&path)).send().await.unwrap().status(),
            404,
            "{path}"
        );
    }
    let res = other
        .post(s.app.url(&format!("/admin/events/{ev}/draw")))
        .form(&[("seed", "x"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // The organiser's own page shows the entrants with masked numbers.
    let (mine, _) = s.app.sign_in("organiser").await;
    let page = mine
        .get(s.app.url(&format!("/admin/events/{ev}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("选手0") && page.contains("330702********"));
    assert!(!page.contains(&id_number(0)));
}

#[tokio::test]
async fn a_competition_may_allow_several_events_per_person() {
    let s = Setup::new().await;
    s.entrants(1).await;
    let comp = s.competition;
    let (_, second) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{comp}/events"),
            json!({"trade": "电工", "group": "staff", "track": "other"}),
        )
        .await;
    let second = second["id"].as_i64().unwrap();
    let path = format!("/api/v1/events/{second}/entrants");
    let body = json!({"organisation_id": s.firm_a.0, "members": [{"name": "选手0", "sex": sex_of(0), "id_number": id_number(0)}]});
    let enter = || s.organiser.post(&path, body.clone());
    assert_eq!(enter().await.0, 409);
    let (status, body) = s
        .organiser
        .put(
            &format!("/api/v1/competitions/{comp}"),
            json!({"name": "2026年金华市技能大赛", "year": 2026, "allow_multiple_events": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(enter().await.0, 201);
    // Changing an event: the team size is fixed once entrants exist.
    let (status, body) = s
        .organiser
        .put(&format!("/api/v1/events/{}", s.event), json!({"trade": "数控车工", "group": "staff", "track": "national", "team_size": 2, "venue": "一号车间"}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "team_size");
    let (status, body) = s
        .organiser
        .put(&format!("/api/v1/events/{}", s.event), json!({"trade": "数控车工", "group": "staff", "track": "national", "venue": "一号车间", "starts_at": "2026-11-28T01:00:00Z"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["venue"], "一号车间");
}

#[tokio::test]
async fn a_mistaken_entry_is_removed_on_the_page_only_during_registration() {
    let s = Setup::new().await;
    let ids = s.entrants(2).await;
    let (browser, csrf) = s.app.sign_in("organiser").await;
    let remove = |id: i64| {
        browser
            .post(s.app.url(&format!("/admin/entrants/{id}/delete")))
            .form(&[("event_id", s.event.to_string()), ("csrf", csrf.clone())])
            .send()
    };
    assert_eq!(remove(ids[1]).await.unwrap().status(), 303);
    let (_, listed) = s
        .organiser
        .get(&format!("/api/v1/events/{}/entrants", s.event))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // Once the contest runs (here: the administrator moves it on), entries are withdrawn instead.
    s.app.user("admin", entity::kinds::Role::Admin, None).await;
    let admin = s.app.api(&s.app.token_for("admin").await);
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let comp = entity::competition::Entity::find_by_id(entity::CompetitionId(s.competition as i32))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let mut running: entity::competition::ActiveModel = comp.into();
    running.status = Set(entity::kinds::CompetitionStatus::Running);
    running.update(&s.app.db).await.unwrap();
    let res = remove(ids[0]).await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("退赛或取消资格"));
    assert_eq!(
        admin.delete(&format!("/api/v1/entrants/{}", ids[0])).await,
        422
    );
}
