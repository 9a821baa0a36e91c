//! The officer's daily work (issue 27, part 5): lines filtered and paged with what each pays
//! for, the payer table, reports by year × district, one money format, and the JSON API for
//! what was page-only (import, titles, targets, publicities, proof upload, payout lists).

use super::{let_publicity_pass, medal, officers};
use crate::support::{csrf_of, id_number, page_text};
use jiangxin::awards::import::COLUMNS;
use jiangxin::entrants::id_card::mask;
use jiangxin::spreadsheet::write_xlsx;
use serde_json::{Value, json};

const SCHOOL: &str = "金华市技师学院";

fn row(n: u32, item: &str, on: &str) -> Vec<String> {
    let mut r = vec![
        item.to_owned(),
        id_number(n),
        format!("选手{n}"),
        SCHOOL.to_owned(),
        on.to_owned(),
        format!("第48届世界技能大赛 {item} 第{n}号"),
    ];
    r.resize(COLUMNS.len(), String::new());
    r
}

async fn lines_where(api: &crate::support::Api, query: &str) -> Value {
    api.get(&format!("/api/v1/awards/lines?{query}")).await.1
}

fn count(body: &Value) -> usize {
    body.as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn the_officer_imports_by_api_then_filters_and_pages_lines_each_with_what_it_pays_for() {
    let o = officers().await;
    // By API: a file with one wrong row stores nothing and names the row and column.
    let mut rows: Vec<Vec<String>> = (0..101)
        .map(|i| row(1000 + i, "ws_bronze", "2026-09-15"))
        .collect();
    rows.push(row(2000, "ws_bronze", "明年"));
    let bytes = write_xlsx("成果", &COLUMNS, &[10.0; 12], &rows).unwrap();
    let (status, body) =
        o.a.post_bytes("/api/v1/awards/achievements/import", bytes)
            .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["stored"], 0, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("第 103 行"),
        "{body}"
    );
    let (_, listed) = o.a.get("/api/v1/awards/achievements").await;
    assert_eq!(count(&listed), 0, "nothing stored: {listed}");
    rows.pop();
    rows.push(row(2001, "ws_silver", "2025-09-15"));
    let bytes = write_xlsx("成果", &COLUMNS, &[10.0; 12], &rows).unwrap();
    let (status, body) =
        o.a.post_bytes("/api/v1/awards/achievements/import", bytes.clone())
            .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["stored"], 102, "{body}");
    // Only officers import.
    let organiser = o.s.app.api(o.s.organiser_token());
    let (status, _) = organiser
        .post_bytes("/api/v1/awards/achievements/import", bytes)
        .await;
    assert_eq!(status, 404);

    // The API filters; all that match, or a page of 100.
    let get = |q: &'static str| lines_where(&o.a, q);
    assert_eq!(count(&get("status=draft").await), 102);
    assert_eq!(count(&get("status=draft&page=1").await), 100);
    assert_eq!(count(&get("status=draft&page=2").await), 2);
    assert_eq!(count(&get("year=2025").await), 1);
    assert_eq!(count(&get("district=婺城区").await), 102);
    assert_eq!(count(&get("district=义乌市").await), 0);
    assert_eq!(
        count(&get("clause=%E7%AC%AC2%E6%9D%A1&fund=hr_employment_fund").await),
        102
    );
    assert_eq!(count(&get("fund=talent_fund").await), 0);
    let one = get("name=选手1042").await;
    assert_eq!(count(&one), 1, "{one}");
    assert_eq!(one[0]["recipient_name"], "选手1042");

    // The page: a hundred a line, the sums per state, what each line is for, a masked ID.
    let (browser, _) = o.s.app.sign_in("officer").await;
    let page = page_text(&browser, &o.s.app.url("/awards/lines?status=draft")).await;
    assert!(page.contains("符合条件 102 条"), "{page}");
    assert!(
        page.contains("第 1 / 2 页") && page.contains("下一页"),
        "{page}"
    );
    assert!(
        page.contains("待复核（102 条"),
        "the tab counts and sums: {page}"
    );
    assert!(
        page.contains("第48届世界技能大赛 ws_bronze 第1000号"),
        "{page}"
    );
    assert!(page.contains(&mask(&id_number(1000))), "masked ID shown");
    assert!(
        !page.contains(&id_number(1000)),
        "never the whole ID number"
    );
    assert!(page.contains("第2条"), "{page}");
    assert_eq!(
        page.matches("name=\"id\"").count(),
        100,
        "a hundred on a page"
    );
    let second = page_text(&browser, &o.s.app.url("/awards/lines?status=draft&page=2")).await;
    assert_eq!(second.matches("name=\"id\"").count(), 2);
    assert!(second.contains("上一页"), "{second}");
    let filtered = page_text(
        &browser,
        &o.s.app
            .url("/awards/lines?status=draft&name=%E9%80%89%E6%89%8B1042&year=2026"),
    )
    .await;
    assert_eq!(filtered.matches("name=\"id\"").count(), 1, "{filtered}");
    assert!(filtered.contains("符合条件 1 条"), "{filtered}");
    let wrong = page_text(
        &browser,
        &o.s.app.url("/awards/lines?status=draft&year=abc"),
    )
    .await;
    assert!(wrong.contains("年度须为数字"), "{wrong}");
}

#[tokio::test]
async fn the_payer_table_is_the_bureaus_audited_and_moves_only_draft_lines() {
    let o = officers().await;
    let (_, table) = o.a.get("/api/v1/awards/payers").await;
    assert_eq!(count(&table), 10, "{table}");
    let was = table
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["district"] == "婺城区")
        .unwrap()["payer"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = if was == "市本级" {
        "婺城区"
    } else {
        "市本级"
    };
    let first = o
        .enter(&o.a, medal("ws_gold", 501, SCHOOL, "2026-09-15"))
        .await;
    o.recompute().await;
    let line_of = |lines: &[Value], a: i64| {
        lines
            .iter()
            .find(|l| l["achievement"].as_i64() == Some(a))
            .unwrap()
            .clone()
    };
    assert_eq!(line_of(&o.lines().await, first)["payer"], was.as_str());

    // A district pays for itself or the city does; nothing else.
    let (status, body) =
        o.a.put("/api/v1/awards/payers/婺城区", json!({"payer": "义乌市"}))
            .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "payer", "{body}");
    // The trade union's officer may not (clause 17); strangers do not see it.
    let union =
        o.s.app
            .organisation("金华市总工会", entity::kinds::OrganisationKind::TradeUnion)
            .await;
    o.s.app
        .user("zgh", entity::kinds::Role::AwardOfficer, Some(union))
        .await;
    let zgh = o.s.app.api(&o.s.app.token_for("zgh").await);
    let (status, body) = zgh
        .put("/api/v1/awards/payers/婺城区", json!({"payer": other}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("市人社局"), "{body}");
    let organiser = o.s.app.api(o.s.organiser_token());
    assert_eq!(organiser.get("/api/v1/awards/payers").await.0, 404);

    // Review the first line, then change the payer on the page: the draft of a second
    // achievement takes it, the reviewed line keeps the payer it was reviewed with.
    let line = line_of(&o.lines().await, first)["id"].as_i64().unwrap();
    let (status, body) = o.step(&o.c, "review", json!({"ids": [line]})).await;
    assert_eq!(status, 200, "{body}");
    let second = o
        .enter(&o.a, medal("ws_gold", 502, SCHOOL, "2026-09-15"))
        .await;
    let (browser, _) = o.s.app.sign_in("officer").await;
    let page = page_text(&browser, &o.s.app.url("/awards/payers")).await;
    assert!(page.contains("按现行财政体制"), "{page}");
    let res = browser
        .post(o.s.app.url("/awards/payers"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("district", "婺城区"),
            ("payer", other),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.contains("notice=payer"), "{to}");
    let lines = o.lines().await;
    assert_eq!(line_of(&lines, second)["payer"], other, "the draft moves");
    assert_eq!(
        line_of(&lines, first)["payer"],
        was.as_str(),
        "the reviewed line stays"
    );
    let trail = jiangxin::audit::entries_for(&o.s.app.db, "reward_payer:婺城区")
        .await
        .unwrap();
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0].action, entity::kinds::AuditAction::Payer);
}

#[tokio::test]
async fn reports_read_by_year_and_district_in_one_money_format() {
    let o = officers().await;
    o.enter(&o.a, medal("ws_gold", 601, SCHOOL, "2026-09-15"))
        .await;
    o.enter(&o.a, medal("ws_bronze", 602, SCHOOL, "2025-09-15"))
        .await;
    let mut apprentices = json!({"item": "apprenticeship", "organisation": SCHOOL,
        "achieved_on": "2026-06-01", "heads": "10", "amount": "60000", "description": "学徒制 10 人"});
    apprentices["amount"] = json!("60000");
    o.enter(&o.a, apprentices).await;
    o.recompute().await;
    let (_, totals) = o.a.get("/api/v1/awards/totals").await;
    let grid = &totals["by_year_and_district"];
    assert_eq!(grid["years"], json!([2025, 2026]), "{grid}");
    let row = grid["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["district"] == "婺城区")
        .unwrap();
    let gold = totals["all"]["amount"].as_str().unwrap();
    assert!(
        gold.ends_with(".00") && !gold.contains(','),
        "API totals: plain, two places: {gold}"
    );
    assert_eq!(row["total"], totals["all"]["amount"], "{row}");
    assert_eq!(row["amounts"].as_array().unwrap().len(), 2, "{row}");
    // Notes write money as pages do.
    let lines = o.lines().await;
    let apprenticed = lines
        .iter()
        .find(|l| l["item_code"] == "apprenticeship")
        .unwrap();
    assert!(
        apprenticed["note"].as_str().unwrap().contains("6,000.00"),
        "{apprenticed}"
    );
    let (browser, _) = o.s.app.sign_in("officer").await;
    let page = page_text(&browser, &o.s.app.url("/awards/reports")).await;
    assert!(
        page.contains("按年度和县市区") && page.contains("2025 年"),
        "{page}"
    );
    assert!(page.contains("第2条") && !page.contains("条条"), "{page}");
    // Each totals table has its bars: one row a key, the amount due and the part paid drawn.
    let by_year = &page[page.find("<h2>按年度</h2>").unwrap()..];
    let by_year = &by_year[..by_year.find("</section>").unwrap()];
    assert_eq!(
        by_year.matches("<svg class=\"amount-bars\"").count(),
        1,
        "{by_year}"
    );
    assert_eq!(
        by_year.matches("<rect class=\"due\"").count(),
        totals["by_year"].as_array().unwrap().len(),
        "{by_year}"
    );
    // Nothing is paid yet: every paid bar is empty, the largest year fills the span.
    assert_eq!(by_year.matches("class=\"paid\" x=\"150\" y=").count(), 2);
    assert!(by_year.contains("width=\"380\""), "{by_year}");
    assert!(by_year.contains("（已付 0%）"), "{by_year}");
    for heading in ["按经费来源", "按县市区"] {
        let part = &page[page.find(&format!("<h2>{heading}</h2>")).unwrap()..];
        let part = &part[..part.find("</section>").unwrap()];
        assert!(part.contains("<svg class=\"amount-bars\""), "{heading}");
    }
}

#[tokio::test]
async fn titles_targets_publicities_proofs_and_payout_lists_by_api() {
    let o = officers().await;
    let today = jiangxin::time::today();
    // A title nomination: the list masks the ID number.
    let (status, id) = o
        .a
        .post(
            "/api/v1/awards/titles",
            json!({"title": "craftsman", "id_number": id_number(700), "name": "楼建华",
                   "organisation": "浙江金婺精工机械有限公司", "evidence": "2026年金华市技能大赛 数控车工 一等奖"}),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let (status, titles) = o.a.get("/api/v1/awards/titles").await;
    assert_eq!(status, 200, "{titles}");
    assert_eq!(count(&titles), 1);
    assert_eq!(titles[0]["status"], "nominated");
    assert_eq!(
        titles[0]["person"],
        format!("楼建华 {}", mask(&id_number(700)))
    );
    assert!(!titles.to_string().contains(&id_number(700)));
    let (status, targets) = o.a.get("/api/v1/awards/targets").await;
    assert_eq!(
        (status, count(&targets)),
        (200, 3),
        "the seeded targets: {targets}"
    );
    let craftsman = targets
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "craftsman")
        .unwrap();
    assert_eq!(
        (
            craftsman["target"].as_i64(),
            craftsman["conferred"].as_i64()
        ),
        (Some(2000), Some(0))
    );

    // A hosting cost proof, as bytes; empty is refused; strangers get not found.
    let proof = format!(
        "/api/v1/awards/events/{}/hosting-proof?file_name=凭证.pdf",
        o.s.event
    );
    let (status, body) = o.a.put_bytes(&proof, Vec::new()).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = o.a.put_bytes(&proof, b"%PDF-1.4 cost".to_vec()).await;
    assert_eq!(status, 204, "{body}");
    let organiser = o.s.app.api(o.s.organiser_token());
    assert_eq!(organiser.put_bytes(&proof, b"x".to_vec()).await.0, 404);
    assert_eq!(organiser.get("/api/v1/awards/titles").await.0, 404);

    // A medal through publicity to payment; the publicity and payout lists by API.
    let medal_id = o
        .enter(&o.a, medal("ws_gold", 801, SCHOOL, "2026-09-15"))
        .await;
    o.recompute().await;
    let lines = o.lines().await;
    let line = lines
        .iter()
        .find(|l| l["achievement"].as_i64() == Some(medal_id))
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(o.step(&o.c, "review", json!({"ids": [line]})).await.0, 200);
    let (status, body) = o
        .step(&o.c, "publicise", json!({"ids": [line], "title": "奖补公示", "starts_on": today, "ends_on": today + chrono::Duration::days(7)}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, publicities) = o.a.get("/api/v1/awards/publicities").await;
    assert_eq!(count(&publicities), 1, "{publicities}");
    assert_eq!(publicities[0]["lines"], 1);
    assert_eq!(publicities[0]["amount"], "2000000.00");
    let_publicity_pass(&o, &[line]).await;
    assert_eq!(o.step(&o.b, "approve", json!({"ids": [line]})).await.0, 200);
    let (status, body) = o
        .step(
            &o.a,
            "pay",
            json!({"ids": [line], "paid_on": today, "voucher": "记-9"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, payout) = o.a.get("/api/v1/awards/payout/hr_employment_fund").await;
    assert_eq!(status, 200, "{payout}");
    assert_eq!(count(&payout), 1, "{payout}");
    assert_eq!(payout[0]["id_masked"], mask(&id_number(801)));
    assert_eq!(payout[0]["description"], "第48届世界技能大赛 ws_gold 801");
    assert_eq!(payout[0]["voucher"], "记-9");
    assert!(!payout.to_string().contains(&id_number(801)));
    let (status, kind, bytes) =
        o.a.get_bytes("/api/v1/awards/payout/hr_employment_fund?format=xlsx")
            .await;
    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    assert!(bytes.starts_with(b"PK"), "an .xlsx");
    assert_eq!(o.a.get("/api/v1/awards/payout/no_such_fund").await.0, 404);
}
