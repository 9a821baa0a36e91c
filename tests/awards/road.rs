//! From achievements to paid lines, through the real server: four eyes at every step, a paid
//! line that never changes, the hosting ceiling, titles with top-ups and targets, and sums
//! exact to the fen (this file runs on SQLite and, in CI, on PostgreSQL).

use super::{ids, medal, officers};
use chrono::Duration;
use entity::competition;
use entity::kinds::CompetitionStatus;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

fn amount(lines: &[Value]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|l| {
            (
                l["item_code"].as_str().unwrap().to_owned(),
                l["amount"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn lines_go_from_draft_to_paid_with_four_eyes_and_a_paid_line_never_changes() {
    let o = officers().await;
    let school = "金华市技师学院";
    // Officer A enters a medal and four training-team selections (3 from the school, 1 from
    // a firm).
    o.enter(&o.a, medal("ws_gold", 501, school, "2026-09-15"))
        .await;
    for n in 502..505 {
        let mut body = medal("training_team", n, school, "2026-03-01");
        body["description"] = json!(format!("入选国家集训队 {n}"));
        o.enter(&o.a, body).await;
    }
    let mut firm = medal(
        "training_team",
        505,
        "浙江金婺精工机械有限公司",
        "2026-03-01",
    );
    firm["description"] = json!("入选国家集训队 505");
    o.enter(&o.a, firm).await;
    // The same achievement again is refused.
    let (status, body) =
        o.a.post(
            "/api/v1/awards/achievements",
            medal("ws_gold", 501, school, "2026-09-15"),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    o.recompute().await;
    let lines = o.lines().await;
    let mut got = amount(&lines);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("training_team".into(), "100000.00".into()),
            ("training_team".into(), "100000.00".into()),
            ("training_team".into(), "100000.00".into()),
            ("training_team".into(), "100000.00".into()),
            ("ws_gold".into(), "2000000.00".into()),
        ]
    );
    let to_school: Vec<&Value> = lines
        .iter()
        .filter(|l| l["recipient_name"] == school)
        .collect();
    assert_eq!(
        to_school.len(),
        3,
        "the school is paid, not the people selected"
    );
    let all: Vec<&Value> = lines.iter().collect();
    let all_ids = ids(&all);

    // A entered them: A may not review.
    let (status, body) = o.step(&o.a, "review", json!({"ids": all_ids})).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("录入人不能复核"),
        "{body}"
    );
    assert!(
        o.lines().await.iter().all(|l| l["status"] == "draft"),
        "a refused step changes nothing"
    );
    // B reviews.
    let (status, body) = o.step(&o.b, "review", json!({"ids": all_ids})).await;
    assert_eq!(status, 200, "{body}");
    // Publicity still open: approval waits.
    let today = jiangxin::time::today();
    let (status, body) = o
        .step(&o.b, "publicise", json!({"ids": all_ids, "title": "2026年第一批奖补公示", "starts_on": today, "ends_on": today + Duration::days(6)}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = o.step(&o.c, "approve", json!({"ids": all_ids})).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("期满后方可审批"),
        "{body}"
    );
    // Back to reviewed, publicised again over a window that has ended.
    let (status, body) = o
        .step(
            &o.b,
            "return",
            json!({"ids": all_ids, "reason": "公示日期填错"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = o.step(&o.c, "review", json!({"ids": all_ids})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = o
        .step(&o.c, "publicise", json!({"ids": all_ids, "title": "2026年第一批奖补公示", "starts_on": today - Duration::days(8), "ends_on": today - Duration::days(1)}))
        .await;
    assert_eq!(status, 422, "a window in the past is refused: {body}");
    assert!(body.to_string().contains("不能早于设定当日"), "{body}");
    let (status, body) = o
        .step(&o.c, "publicise", json!({"ids": all_ids, "title": "2026年第一批奖补公示", "starts_on": today, "ends_on": today + Duration::days(1)}))
        .await;
    assert_eq!(status, 422, "shorter than 5 working days: {body}");
    assert!(body.to_string().contains("不少于 5 个工作日"), "{body}");
    let (status, body) = o
        .step(&o.c, "publicise", json!({"ids": all_ids, "title": "2026年第一批奖补公示", "starts_on": today, "ends_on": today + Duration::days(7)}))
        .await;
    assert_eq!(status, 200, "{body}");
    super::let_publicity_pass(&o, &all_ids).await;
    // The public list: names, organisations, items, amounts; nothing else personal.
    let public = reqwest::get(o.s.app.url("/publicity/rewards"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let link = public
        .split("/publicity/rewards/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let page = reqwest::get(o.s.app.url(&format!("/publicity/rewards/{link}")))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("选手501") && page.contains(school) && page.contains("2,000,000.00"),
        "{page}"
    );
    assert!(page.contains("2,400,000.00"), "the total");
    for n in 501..506 {
        let id = crate::support::id_number(n);
        assert!(
            !page.contains(&id) && !page.contains(&id[14..]),
            "no ID number, whole or in part"
        );
    }
    assert!(
        !page.contains("婺城区") && !page.contains("1380579"),
        "no district or phone"
    );

    // C reviewed: C may not approve. A entered: A may not approve. B may.
    let (status, body) = o.step(&o.c, "approve", json!({"ids": all_ids})).await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("复核人不能审批"),
        "{body}"
    );
    let (status, body) = o.step(&o.a, "approve", json!({"ids": all_ids})).await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("录入人不能审批"),
        "{body}"
    );
    let (status, body) = o.step(&o.b, "approve", json!({"ids": all_ids})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = o
        .step(
            &o.a,
            "pay",
            json!({"ids": all_ids, "paid_on": today, "voucher": ""}),
        )
        .await;
    assert_eq!(status, 422, "a voucher is required: {body}");
    let (status, body) = o
        .step(
            &o.a,
            "pay",
            json!({"ids": all_ids, "paid_on": today, "voucher": "记-2026-1201"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // A paid line never changes.
    let (status, body) = o
        .step(&o.b, "return", json!({"ids": all_ids, "reason": "重算"}))
        .await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("已支付"),
        "{body}"
    );
    let (status, _) = o
        .step(
            &o.b,
            "pay",
            json!({"ids": all_ids, "paid_on": today, "voucher": "again"}),
        )
        .await;
    assert_eq!(status, 422);
    let before = o.lines().await;
    o.recompute().await;
    assert_eq!(
        before,
        o.lines().await,
        "recomputing leaves paid lines as they were"
    );

    // Totals by fund and the audit of every step.
    let (status, totals) = o.a.get("/api/v1/awards/totals").await;
    assert_eq!(status, 200);
    assert_eq!(totals["all"]["amount"], "2400000.00");
    assert_eq!(totals["all"]["paid"], "2400000.00");
    let trail = jiangxin::audit::entries_for(&o.s.app.db, &format!("reward_line:{}", all_ids[0]))
        .await
        .unwrap();
    let actions: Vec<String> = trail
        .iter()
        .map(|e| sea_orm::ActiveEnum::to_value(&e.action))
        .collect();
    assert_eq!(
        actions,
        [
            "awards.review",
            "awards.publicise",
            "awards.return",
            "awards.review",
            "awards.publicise",
            "awards.approve",
            "awards.pay"
        ]
    );
}

#[tokio::test]
async fn hosting_pays_the_cost_up_to_the_ceiling_and_the_officer_may_only_lower_it() {
    let o = officers().await;
    let s = &o.s;
    // The set-up's event (firm A, 48,500.00) and three more: 60,000 (the school), 49,999.99
    // (firm B) and none reported (the other firm).
    let mut events = vec![];
    for (trade, host, cost) in [
        ("钳工", o.school.0, json!("60000")),
        ("电工", s.firm_b.0, json!("49999.99")),
        ("焊工", s.other.0, Value::Null),
    ] {
        let (status, ev) = s
            .organiser
            .post(
                &format!("/api/v1/competitions/{}/events", s.competition),
                json!({"trade": trade, "group": "staff", "track": "other", "level": 3, "host_id": host, "hosting_cost": cost}),
            )
            .await;
        assert_eq!(status, 201, "{ev}");
        events.push(ev["id"].as_i64().unwrap() as i32);
    }
    // Not approved as 市一级: nothing, even once held.
    let comp = competition::Entity::find_by_id(entity::CompetitionId(s.competition as i32))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: competition::ActiveModel = comp.into();
    row.status = Set(CompetitionStatus::Final);
    row.update(&s.app.db).await.unwrap();
    o.recompute().await;
    assert!(
        o.lines().await.is_empty(),
        "no approval, no hosting subsidy"
    );
    // Approval needs its 文号; an organiser may not give it.
    let path = format!("/api/v1/awards/competitions/{}/city-level", s.competition);
    let (status, _) = s
        .organiser
        .put(
            &path,
            json!({"approved": true, "doc_number": "金人社函〔2026〕7号"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, body) =
        o.a.put(&path, json!({"approved": true, "doc_number": ""}))
            .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) =
        o.a.put(
            &path,
            json!({"approved": true, "doc_number": "金人社函〔2026〕7号"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // Proof for the first two events, through the officer's page.
    let (browser, csrf) = s.app.sign_in("officer").await;
    for ev in [s.event as i32, events[0], events[1]] {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4 cost".to_vec())
                    .file_name("办赛成本.pdf"),
            );
        let res = browser
            .post(s.app.url(&format!("/awards/hosting/events/{ev}/proof")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
    }
    o.recompute().await;
    let lines = o.lines().await;
    let by_host = |name: &str| {
        lines
            .iter()
            .find(|l| l["recipient_name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        by_host("浙江金婺精工机械有限公司")["amount"],
        "48500.00",
        "the whole cost under the ceiling"
    );
    assert_eq!(by_host("义乌市双江电气有限公司")["amount"], "49999.99");
    let school = by_host("金华市技师学院");
    assert_eq!(school["amount"], "50000.00");
    assert_eq!(school["ceiling"], "50000.00");
    let none = by_host("永康市五金智造有限公司");
    assert_eq!(none["amount"], "0.00");
    assert!(
        none["note"].as_str().unwrap().contains("未报成本"),
        "{none}"
    );

    // Lower 60,000's line to 42,000.50 with a reason; a higher amount and no reason refused.
    let achievement = school["achievement"].as_i64().unwrap();
    let amount_path = format!("/api/v1/awards/achievements/{achievement}/amount");
    let (status, body) =
        o.a.post(
            &amount_path,
            json!({"amount": "50000.01", "reason": "多报"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("只能核减"),
        "{body}"
    );
    let (status, _) =
        o.a.post(&amount_path, json!({"amount": "42000.50", "reason": ""}))
            .await;
    assert_eq!(status, 422);
    let (status, body) =
        o.a.post(
            &amount_path,
            json!({"amount": "42000.50", "reason": "场地费按实际使用天数核减"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let lines = o.lines().await;
    let school = lines
        .iter()
        .find(|l| l["recipient_name"] == "金华市技师学院")
        .unwrap();
    assert_eq!(school["amount"], "42000.50");
    assert!(
        school["note"].as_str().unwrap().contains("核减"),
        "{school}"
    );

    // Through to paid; then a change of amount is refused, and a recompute adds nothing.
    let line = vec![school["id"].as_i64().unwrap()];
    // The lines were entered by whoever synchronised them (A): B reviews, C approves.
    assert_eq!(o.step(&o.b, "review", json!({"ids": line})).await.0, 200);
    let today = jiangxin::time::today();
    assert_eq!(
        o.step(&o.b, "publicise", json!({"ids": line, "title": "承办补助公示", "starts_on": today, "ends_on": today + Duration::days(7)})).await.0,
        200
    );
    super::let_publicity_pass(&o, &line).await;
    assert_eq!(o.step(&o.c, "approve", json!({"ids": line})).await.0, 200);
    assert_eq!(
        o.step(
            &o.c,
            "pay",
            json!({"ids": line, "paid_on": today, "voucher": "记-88"})
        )
        .await
        .0,
        200
    );
    let (status, body) =
        o.a.post(&amount_path, json!({"amount": "40000", "reason": "再核减"}))
            .await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("已支付"),
        "{body}"
    );

    // Sums to the fen.
    let (_, totals) = o.a.get("/api/v1/awards/totals").await;
    assert_eq!(
        totals["all"]["amount"], "140500.49",
        "48,500.00 + 42,000.50 + 49,999.99"
    );
    assert_eq!(totals["all"]["paid"], "42000.50");

    // The payout list of the fund, as .xlsx, holds the paid line.
    let res = browser
        .get(s.app.url("/awards/payout/hr_employment_fund.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    // A summary of subtotals per payer, then a sheet per payer with its subtotal.
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[0], "汇总");
    let text = |range: &calamine::Range<calamine::Data>| -> Vec<Vec<String>> {
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let summary = text(&book.worksheet_range("汇总").unwrap());
    assert_eq!(
        summary.len(),
        3,
        "header, one payer, the total: {summary:?}"
    );
    assert_eq!(summary[1][2], "42000.5", "{summary:?}");
    let sheet = text(&book.worksheet_range(&names[1]).unwrap());
    assert_eq!(
        sheet.len(),
        3,
        "header, one line and the subtotal: {sheet:?}"
    );
    assert!(sheet[1].iter().any(|c| c == "金华市技师学院"));
    assert!(sheet[1].iter().any(|c| c == "记-88"));
    assert!(
        sheet[1].iter().any(|c| c.contains("承办")),
        "what it pays for: {sheet:?}"
    );
    assert_eq!(sheet[2][2], "小计");

    // The bureau withdraws the 市一级 approval: the paid school line is flagged for the officer
    // (追回审核, 0.00, never a negative line), the unpaid lines drop to nothing.
    let (status, body) =
        o.a.put(&path, json!({"approved": false, "doc_number": ""}))
            .await;
    assert_eq!(status, 200, "{body}");
    o.recompute().await;
    let lines = o.lines().await;
    assert!(
        lines
            .iter()
            .all(|l| !l["amount"].as_str().unwrap().starts_with('-')),
        "no negative line: {lines:?}"
    );
    let flagged: Vec<_> = lines
        .iter()
        .filter(|l| l["recipient_name"] == "金华市技师学院" && l["status"] == "draft")
        .collect();
    assert_eq!(flagged.len(), 1, "{lines:?}");
    assert_eq!(flagged[0]["amount"], "0.00");
    assert!(
        flagged[0]["note"].as_str().unwrap().starts_with("追回审核"),
        "{flagged:?}"
    );
    let firm = lines
        .iter()
        .find(|l| l["recipient_name"] == "浙江金婺精工机械有限公司")
        .unwrap();
    assert_eq!(firm["amount"], "0.00");
    assert_eq!(firm["status"], "closed", "{firm}");
}

#[tokio::test]
async fn titles_are_nominated_reviewed_and_conferred_and_pay_top_ups_by_clause_18() {
    let o = officers().await;
    let person = |title: &str| {
        json!({"title": title, "id_number": crate::support::id_number(700), "name": "楼建华",
               "organisation": "浙江金婺精工机械有限公司", "evidence": "2026年金华市技能大赛 数控车工 一等奖"})
    };
    let (status, id) = o.a.post("/api/v1/awards/titles", person("craftsman")).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().unwrap();
    // The nominator may not review; nobody confers before the review.
    let confer = json!({"conferred_on": "2026-05-01", "doc_number": "金人社发〔2026〕21号"});
    assert_eq!(
        o.b.post(
            &format!("/api/v1/awards/titles/{id}/confer"),
            confer.clone()
        )
        .await
        .0,
        422
    );
    let (status, body) =
        o.a.post(
            &format!("/api/v1/awards/titles/{id}/review"),
            json!({"pass": true}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        o.b.post(
            &format!("/api/v1/awards/titles/{id}/review"),
            json!({"pass": true})
        )
        .await
        .0,
        200
    );
    let (status, body) =
        o.c.post(&format!("/api/v1/awards/titles/{id}/confer"), confer)
            .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["warning"].is_null());
    o.recompute().await;
    let lines = o.lines().await;
    assert_eq!(
        amount(&lines),
        vec![("craftsman".into(), "10000.00".into())]
    );
    assert_eq!(lines[0]["fund"], "talent_fund");
    // The title certificate: numbered at conferment, printed by the certificate module,
    // verifiable by anyone with the name masked.
    let conferred = entity::title_award::Entity::find_by_id(id as i32)
        .one(&o.s.app.db)
        .await
        .unwrap()
        .unwrap();
    let number = conferred.certificate_number.unwrap();
    assert!(
        jiangxin::certificates::number::is_valid(&number),
        "{number}"
    );
    assert_eq!(
        &number[..11],
        "20260000036",
        "year, no competition, 金华工匠, kind 6"
    );
    let (browser, _) = o.s.app.sign_in("officer").await;
    let pdf = browser
        .get(o.s.app.url(&format!("/awards/titles/{id}/certificate.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let verify = reqwest::get(o.s.app.url(&format!("/verify/{number}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        verify.contains("金华工匠") && verify.contains("金华市总工会"),
        "{verify}"
    );
    assert!(!verify.contains("楼建华"), "the name is masked");
    let (other, _) = o.s.app.sign_in("organiser").await;
    let res = other
        .get(o.s.app.url(&format!("/awards/titles/{id}/certificate.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // 杰出工匠 then 大工匠, later: top-ups of 20,000 each, never the sum.
    for (title, on) in [
        ("outstanding_craftsman", "2026-07-01"),
        ("grand_craftsman", "2026-09-01"),
    ] {
        let (_, id) = o.a.post("/api/v1/awards/titles", person(title)).await;
        let id = id.as_i64().unwrap();
        assert_eq!(
            o.b.post(
                &format!("/api/v1/awards/titles/{id}/review"),
                json!({"pass": true})
            )
            .await
            .0,
            200
        );
        let (status, body) =
            o.c.post(
                &format!("/api/v1/awards/titles/{id}/confer"),
                json!({"conferred_on": on, "doc_number": "金政发〔2026〕3号"}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    o.recompute().await;
    let mut got = amount(&o.lines().await);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("craftsman".into(), "10000.00".into()),
            ("grand_craftsman".into(), "20000.00".into()),
            ("outstanding_craftsman".into(), "20000.00".into()),
        ]
    );
    // A medal stacks with the titles: a different kind.
    o.enter(&o.a, json!({"item": "ws_bronze", "id_number": crate::support::id_number(700), "name": "楼建华",
        "organisation": "浙江金婺精工机械有限公司", "achieved_on": "2026-09-15", "description": "第48届世界技能大赛 数控车 铜牌"})).await;
    o.recompute().await;
    let (_, totals) = o.a.get("/api/v1/awards/totals").await;
    assert_eq!(totals["all"]["amount"], "550000.00");

    // Targets: a hard target that is reached refuses; a soft one warns.
    use entity::title_target;
    use sea_orm::{ColumnTrait, QueryFilter};
    let target = title_target::Entity::find()
        .filter(title_target::Column::Title.eq(entity::kinds::Title::Craftsman))
        .one(&o.s.app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: title_target::ActiveModel = target.into();
    row.starts_on = Set(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    row.ends_on = Set(chrono::NaiveDate::from_ymd_opt(2030, 12, 31).unwrap());
    row.target = Set(1);
    row.mode = Set(entity::kinds::TargetMode::Hard);
    let target = row.update(&o.s.app.db).await.unwrap();
    let other = json!({"title": "craftsman", "id_number": crate::support::id_number(701), "name": "王晓燕",
        "organisation": "", "evidence": "带徒 10 人"});
    let (_, id) = o.a.post("/api/v1/awards/titles", other).await;
    let id = id.as_i64().unwrap();
    assert_eq!(
        o.b.post(
            &format!("/api/v1/awards/titles/{id}/review"),
            json!({"pass": true})
        )
        .await
        .0,
        200
    );
    let confer = json!({"conferred_on": "2026-10-01", "doc_number": "金人社发〔2026〕30号"});
    let (status, body) =
        o.c.post(
            &format!("/api/v1/awards/titles/{id}/confer"),
            confer.clone(),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("已达上限"),
        "{body}"
    );
    let mut row: title_target::ActiveModel = target.into();
    row.mode = Set(entity::kinds::TargetMode::Soft);
    row.update(&o.s.app.db).await.unwrap();
    let (status, body) =
        o.c.post(&format!("/api/v1/awards/titles/{id}/confer"), confer)
            .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["warning"].as_str().unwrap().contains("已达到目标"),
        "{body}"
    );

    // A legacy holder is recorded, neither counted nor paid.
    let (status, body) =
        o.a.post(
            "/api/v1/awards/titles",
            json!({"title": "bawu_craftsman", "id_number": crate::support::id_number(702),
        "name": "陈国平", "evidence": ""}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let before = o.lines().await.len();
    o.recompute().await;
    assert_eq!(
        o.lines().await.len(),
        before + 1,
        "only the second craftsman's line is new"
    );
}
