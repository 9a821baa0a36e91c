//! The officer's pages as a person uses them: in Chromium, the other officer ticks every draft
//! line and reviews it; the public publicity list on a phone.

use super::{medal, officers};
use crate::support::browser::browser;
use chrono::Duration;
use serde_json::json;

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it"]
async fn an_officer_reviews_lines_in_the_browser_and_the_public_reads_the_list_on_a_phone() {
    let o = officers().await;
    o.enter(
        &o.a,
        medal("ws_silver", 901, "金华市技师学院", "2026-09-15"),
    )
    .await;
    let mut selection = medal("training_team", 902, "金华市技师学院", "2026-03-01");
    selection["description"] = json!("入选第48届世界技能大赛国家集训队 数控铣");
    o.enter(&o.a, selection).await;
    o.recompute().await;
    let base = o.s.app.url("");
    let base = base.trim_end_matches('/');
    let b = browser().await;
    b.go(&format!("{base}/login")).await;
    let user = b.wait("input[name=username]").await;
    b.type_into(&user, "union").await;
    let password = b.wait("input[name=password]").await;
    b.type_into(&password, crate::support::PASSWORD).await;
    let submit = b.wait("form button[type=submit]").await;
    b.click(&submit).await;
    b.wait("form[action='/logout']").await;
    let nav = b.wait("a[href='/awards']").await;
    b.click(&nav).await;
    let waiting = b.wait_text("main", |t| t.contains("待我办理")).await;
    assert!(waiting.contains("待复核 2 笔"), "{waiting}");
    b.screenshot("awards-dashboard").await;
    b.go(&format!("{base}/awards/lines?status=draft")).await;
    let all = b.wait("thead input[type=checkbox]").await;
    b.click(&all).await;
    b.screenshot("awards-lines").await;
    // The bulk step asks with the count and the sum before it goes: answered "no" first,
    // nothing moves; then "yes".
    b.execute("window.confirm = function (m) { sessionStorage.setItem('asked', m); return false; }; return true")
        .await;
    let review = b.wait("button[value=review]").await;
    b.click(&review).await;
    let asked = b.execute("return sessionStorage.getItem('asked')").await;
    assert_eq!(asked, "复核 2 条明细，合计 1,100,000.00 元？");
    assert!(
        o.lines().await.iter().all(|l| l["status"] == "draft"),
        "declined: nothing moved"
    );
    b.execute("window.confirm = function (m) { return true; }; return true")
        .await;
    b.click(&review).await;
    let done = b.wait_text("main", |t| t.contains("所选明细已办理")).await;
    assert!(done.contains("已复核（2 条，1,100,000.00 元）"), "{done}");
    let lines = o.lines().await;
    assert!(lines.iter().all(|l| l["status"] == "reviewed"));
    // The payer table and the reports, as the officer sees them.
    b.go(&format!("{base}/awards/payers")).await;
    b.wait_text("main", |t| t.contains("按现行财政体制")).await;
    b.screenshot("awards-payers").await;
    b.go(&format!("{base}/awards/reports")).await;
    let reports = b.wait_text("main", |t| t.contains("按年度和县市区")).await;
    assert!(reports.contains("1,100,000.00"), "{reports}");
    // Each totals table has its bars, drawn at a readable size.
    let bars = b
        .execute(
            "return [...document.querySelectorAll('svg.amount-bars')]              .filter(s => s.getBoundingClientRect().width > 400).length",
        )
        .await;
    assert!(
        bars.as_i64().unwrap() >= 3,
        "fund, year and district at least: {bars}"
    );
    b.execute("document.querySelector('svg.amount-bars').scrollIntoView()")
        .await;
    b.screenshot("awards-reports").await;

    let today = jiangxin::time::today();
    let ids: Vec<i64> = lines.iter().map(|l| l["id"].as_i64().unwrap()).collect();
    let (status, _) = o
        .step(&o.b, "publicise", json!({"ids": ids, "title": "2026年世赛奖补公示", "starts_on": today, "ends_on": today + Duration::days(6)}))
        .await;
    assert_eq!(status, 200);
    b.delete_cookies().await;
    b.resize(390, 844).await;
    b.go(&format!("{base}/publicity/rewards")).await;
    let link = b.wait("main a[href^='/publicity/rewards/']").await;
    b.click(&link).await;
    let text = b
        .wait_text("main", |t| t.contains("2026年世赛奖补公示"))
        .await;
    assert!(
        text.contains("1,000,000.00") && text.contains("金华市技师学院"),
        "{text}"
    );
    let overflow = b
        .execute("return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")
        .await;
    assert_eq!(overflow, false, "the page fits a phone's width");
    let amounts_visible = b
        .execute("const t = document.querySelector('main table'); return t.scrollWidth <= t.parentElement.clientWidth + 1")
        .await;
    assert_eq!(
        amounts_visible, true,
        "the amounts are in view without scrolling sideways"
    );
    b.screenshot("awards-publicity-phone").await;
}
