//! Achievements from Excel: all or nothing, every wrong cell named by row and column,
//! duplicates refused whether in the file or already recorded.

use super::officers;
use crate::support::id_number;
use jiangxin::awards::import::COLUMNS;
use jiangxin::spreadsheet::write_xlsx;

fn row(cells: [&str; 6]) -> Vec<String> {
    let mut r: Vec<String> = cells.iter().map(|c| (*c).to_owned()).collect();
    r.resize(COLUMNS.len(), String::new());
    r
}

async fn upload(
    browser: &reqwest::Client,
    url: String,
    csrf: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("成果.xlsx"),
        );
    let res = browser.post(url).multipart(form).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn an_import_is_all_or_nothing_and_names_each_wrong_cell() {
    let o = officers().await;
    let (browser, csrf) = o.s.app.sign_in("officer").await;
    let url = o.s.app.url("/awards/achievements/import");
    let good = [
        row([
            "ws_silver",
            &id_number(601),
            "周俊杰",
            "金华市技师学院",
            "2026-09-15",
            "第48届世界技能大赛 焊接 银牌",
        ]),
        row([
            "世界技能大赛铜奖",
            &id_number(602),
            "何雨桐",
            "金华市技师学院",
            "2026-09-15",
            "第48届世界技能大赛 美发 铜牌",
        ]),
    ];
    let mut bad = good.to_vec();
    bad.push(row([
        "ws_gold",
        "330702199001011234",
        "林一鸣",
        "金华市技师学院",
        "2026-09-15",
        "错号",
    ]));
    bad.push(row([
        "ws_gold",
        &id_number(604),
        "罗慧",
        "不存在的单位",
        "2026-09-15",
        "单位未登记",
    ]));
    bad.push(row([
        "ws_gold",
        &id_number(605),
        "郭晨",
        "金华市技师学院",
        "明年",
        "日期不对",
    ]));
    bad.push(good[0].clone());
    // A known ID number under another name: 选手700 is on record, the row calls them 楼建华.
    o.enter(
        &o.a,
        super::medal("ws_excellence", 700, "金华市技师学院", "2024-09-15"),
    )
    .await;
    bad.push(row([
        "ws_bronze",
        &id_number(700),
        "楼建华",
        "金华市技师学院",
        "2026-09-15",
        "姓名不一致",
    ]));
    let bytes = write_xlsx("成果", &COLUMNS, &[10.0; 12], &bad).unwrap();
    let (status, page) = upload(&browser, url.clone(), &csrf, bytes).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("第 4 行“身份证号”"), "{page}");
    assert!(
        page.contains("第 5 行“单位”") && page.contains("不存在的单位"),
        "{page}"
    );
    assert!(page.contains("第 6 行“取得日期”"), "{page}");
    assert!(page.contains("第 7 行“说明”：与第 2 行重复"), "{page}");
    assert!(
        page.contains("第 8 行“姓名”：该身份证号已登记的姓名"),
        "{page}"
    );
    let (_, lines) = o.a.get("/api/v1/awards/lines").await;
    assert!(lines.as_array().unwrap().is_empty());
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(
        entity::achievement::Entity::find()
            .count(&o.s.app.db)
            .await
            .unwrap(),
        1,
        "only the achievement entered before: nothing of the file"
    );

    let bytes = write_xlsx("成果", &COLUMNS, &[10.0; 12], &good).unwrap();
    let (status, page) = upload(&browser, url.clone(), &csrf, bytes.clone()).await;
    assert_eq!(status, 303, "{page}");
    let (_, lines) = o.a.get("/api/v1/awards/lines").await;
    let amounts: Vec<&str> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["300000.00", "1000000.00", "500000.00"]);
    // The same file again: both rows are already recorded.
    let (status, page) = upload(&browser, url, &csrf, bytes).await;
    assert_eq!(status, 422);
    assert!(page.contains("第 2 行“说明”：这项成果已登记"), "{page}");
    assert!(page.contains("第 3 行“说明”：这项成果已登记"), "{page}");

    // The template downloads and has the columns.
    let res = browser
        .get(o.s.app.url("/awards/achievements/template.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let table = jiangxin::spreadsheet::read_table(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(table.headers, COLUMNS);
}
