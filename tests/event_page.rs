//! The organiser's event page in parts (方案, 裁判, 选手, 平板, 进度): one part at a time in the
//! browser, a compact list of entrants that can be searched and exported, tablets named as
//! people name them, and assignment controls that say whom a judge marks.

use crate::support::marking::{marking_in, start};
use crate::support::{PASSWORD, csrf_of, id_number, page_text};
use serde_json::json;

const IPAD: &str = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

#[tokio::test]
async fn the_event_page_names_tablets_says_whom_judges_mark_and_exports_the_list() {
    let m = marking_in(crate::support::Setup::new().await, 6).await;
    let s = &m.s;
    let ev = s.event;
    let (status, _) = s
        .organiser
        .post(
            &format!("/api/v1/events/{ev}/draw"),
            json!({"seed": "page"}),
        )
        .await;
    assert_eq!(status, 200);
    start(&m).await;
    let organiser = jiangxin::accounts::users::authenticate(&s.app.db, "organiser", PASSWORD)
        .await
        .unwrap();
    let issued = jiangxin::judging::sign_in::issue_code(&s.app.db, &organiser, m.judge_a.id)
        .await
        .unwrap();
    jiangxin::judging::sign_in::redeem_code(&s.app.db, &issued.code, Some(IPAD))
        .await
        .unwrap();
    let (client, _) = s.app.sign_in("organiser").await;
    let url = s.app.url(&format!("/admin/events/{ev}"));
    let page = page_text(&client, &url).await;
    // The tablet as people name it; the browser's own string only in the tooltip.
    assert!(page.contains(">iPad · Safari</td>"), "{page}");
    // Firm A's judge marks firm B's three of six; nothing assigned, and the control says so.
    assert!(
        page.contains("未分配：评除本单位外的全部 3 名选手"),
        "{page}"
    );
    assert!(page.contains("<option value=\"\" selected>选择选手…</option>"));
    // Assign one: the row says whom, and that entrant leaves the judge's choices.
    let csrf = csrf_of(&page);
    let second = m.entrants[1].to_string();
    let res = client
        .post(
            s.app
                .url(&format!("/admin/judges/{}/assignments", m.judge_a.id)),
        )
        .form(&[
            ("csrf", csrf.as_str()),
            ("event_id", &ev.to_string()),
            ("entrant_id", &second),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    let page = page_text(&client, &url).await;
    assert!(page.contains("已分配 1 名：2 号（"), "{page}");
    // The five parts are there for the browser to show one at a time.
    for part in ["scheme", "judges", "entrants", "tablets", "progress"] {
        assert!(
            page.contains(&format!("data-tab=\"{part}\"")),
            "{part}: {page}"
        );
    }
    assert!(page.contains("已检录 0 / 6"), "{page}");

    // 导出 Excel: every entrant, ID numbers masked as on the page.
    let res = client
        .get(s.app.url(&format!("/admin/events/{ev}/entrants.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("选手名单").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 7, "a header and six entrants");
    assert_eq!(rows[0][0], "参赛证号");
    assert!(rows[0].contains(&"加密号".to_owned()), "{:?}", rows[0]);
    let all = format!("{rows:?}");
    for n in 0..6 {
        assert!(
            !all.contains(&id_number(n)),
            "a full ID number in the export"
        );
    }
    assert!(all.contains("********"), "{all}");
    // Another organisation's organiser gets nothing.
    let (other, _) = s.app.sign_in("other-hr").await;
    let res = other
        .get(s.app.url(&format!("/admin/events/{ev}/entrants.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it with --include-ignored"]
async fn in_chromium_the_event_page_shows_one_part_at_a_time_and_finds_an_entrant() {
    let m = marking_in(crate::support::Setup::new().await, 24).await;
    let s = &m.s;
    let ev = s.event;
    let browser = crate::support::browser::browser().await;
    let base = s.app.url("");
    let base = base.trim_end_matches('/');
    browser.resize(1366, 768).await;
    browser.sign_in_as(base, "organiser").await;
    browser.go(&format!("{base}/admin/events/{ev}")).await;
    browser.wait("nav.event-tabs a[aria-current=page]").await;
    let visible = "return [...document.querySelectorAll('[data-tab]')].filter(p => !p.hidden).map(p => p.id).join(',')";
    assert_eq!(browser.execute(visible).await, "scheme", "the first part");
    let height = browser
        .execute("return document.documentElement.scrollHeight")
        .await;
    browser.screenshot("event-page-scheme").await;

    // 选手: the list, searched.
    let tab = browser.wait("nav.event-tabs a[href='#entrants']").await;
    browser.click(&tab).await;
    assert_eq!(browser.execute(visible).await, "entrants");
    browser
        .wait_text("[data-filter-count=entrant-list]", |t| t == "共 24 名")
        .await;
    let search = browser.wait("input[data-filter=entrant-list]").await;
    browser.type_into(&search, "选手23").await;
    browser
        .wait_text("[data-filter-count=entrant-list]", |t| t == "显示 1 / 24")
        .await;
    let shown = browser
        .execute("return [...document.querySelectorAll('#entrant-list tbody tr')].filter(r => !r.hidden).length")
        .await;
    assert_eq!(shown, 1);
    browser.screenshot("event-page-entrants").await;

    // A form sent from 裁判 comes back to 裁判.
    let tab = browser.wait("nav.event-tabs a[href='#judges']").await;
    browser.click(&tab).await;
    let select = browser
        .wait("form[action$='/assignments'] select[name=entrant_id]")
        .await;
    let _ = select;
    browser
        .execute("const s = document.querySelector('form[action$=\"/assignments\"] select'); s.selectedIndex = 1; s.form.requestSubmit(); return 1")
        .await;
    browser.wait_text("p.notice", |t| !t.is_empty()).await;
    assert_eq!(browser.execute(visible).await, "judges");
    let assigned = browser.text("#judges td.assigned").await;
    assert!(assigned.starts_with("已分配 1 名"), "{assigned}");
    browser.screenshot("event-page-judges").await;
    // One part is far shorter than the whole page was (5,369 px before it was cut in parts).
    assert!(
        height.as_i64().unwrap() < 2500,
        "the first part is {height} px tall"
    );
}
