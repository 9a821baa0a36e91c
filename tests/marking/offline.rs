//! The judge's tablet with the server out of reach: the marking page comes from the service
//! worker's cache, draws the judge's entrants and marks from the last snapshot it kept, takes
//! marks, and sends them when the server is back; nothing of one judge shows for another.

use crate::support::PASSWORD;
use crate::support::browser::{Browser, WifiProxy};
use crate::support::marking::{Marking, marking, start};
use crate::support::tablet::end_sessions;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Signs `judge` in on the tablet through the proxy, and waits until the page is online.
async fn sign_in(browser: &Browser, m: &Marking, base: &str, judge: entity::JudgeId) {
    let organiser = jiangxin::accounts::users::authenticate(&m.s.app.db, "organiser", PASSWORD)
        .await
        .unwrap();
    let issued = jiangxin::judging::sign_in::issue_code(&m.s.app.db, &organiser, judge)
        .await
        .unwrap();
    browser
        .go(&format!("{base}/judge?code={}", issued.code))
        .await;
    let submit = browser.wait("button[type=submit]").await;
    browser.click(&submit).await;
    browser.wait_text("#link", |t| t == "已连接").await;
    // The service worker is active: the page is kept for a reload without the server.
    browser
        .wait_script(
            "return navigator.serviceWorker.controller ? 'yes' : 'no';",
            |t| t == "yes",
        )
        .await;
    // The roster arrives after the socket connects and is kept as the snapshot a reload without
    // the server draws from: wait for it, not only for "已连接" (under load it comes later).
    browser.wait("button.tile").await;
    browser
        .wait_script(
            &format!(
                "return localStorage.getItem('jx-snapshot:{}:{judge}') ? 'yes' : 'no';",
                m.judge_a.event_id
            ),
            |t| t == "yes",
        )
        .await;
}

async fn enter(browser: &Browser, entrant: usize, value: &str) {
    browser.wait("button.tile").await;
    let tiles = browser.all("button.tile").await;
    browser.click(&tiles[entrant]).await;
    let input = browser.wait("input.mark-input").await;
    browser.type_into(&input, value).await;
    let save = browser.wait("button.save").await;
    browser.click(&save).await;
}

async fn marks_of(m: &Marking, judge: entity::JudgeId) -> u64 {
    entity::mark::Entity::find()
        .filter(entity::mark::Column::JudgeId.eq(judge))
        .count(&m.s.app.db)
        .await
        .unwrap()
}

/// Sign in, mark online, the server goes away, reload: the list and the form are there and
/// say offline; two marks entered; the tab closed and the page opened again: still there,
/// still waiting; the server back: both stored once, as this judge's, shown 已保存.
#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it with --include-ignored"]
async fn in_chromium_the_marking_page_works_through_a_reload_with_the_server_down() {
    let browser = crate::support::browser::browser().await;
    let m = marking().await;
    start(&m).await;
    let proxy = WifiProxy::start(m.s.app.addr).await;
    let base = format!("http://{}", proxy.addr);
    sign_in(&browser, &m, &base, m.judge_a.id).await;
    enter(&browser, 0, "9.5").await;
    browser
        .wait_text(".mark-state", |t| t.contains("已保存 9.5"))
        .await;
    let tiles_online = browser.all("button.tile").await.len();

    proxy.down().await;
    browser.go(&format!("{base}/judge/mark")).await;
    browser
        .wait_text("#link", |t| t.starts_with("离线（自"))
        .await;
    browser.wait("button.tile").await;
    assert_eq!(browser.all("button.tile").await.len(), tiles_online);
    let tiles = browser.all("button.tile").await;
    browser.click(&tiles[0]).await;
    browser
        .wait_text(".mark-state", |t| t.contains("已保存 9.5"))
        .await;
    browser.screenshot("judge-offline-reload").await;
    enter(&browser, 1, "8").await;
    browser
        .wait_text(".mark-state", |t| t.contains("等待上传"))
        .await;
    enter(&browser, 0, "9").await;
    browser
        .wait_text("#pending", |t| t.contains("2 条分数等待上传"))
        .await;

    // The tab closed and the page opened again, the server still down.
    browser.go("about:blank").await;
    browser.go(&format!("{base}/judge/mark")).await;
    browser
        .wait_text("#pending", |t| t.contains("2 条分数等待上传"))
        .await;
    browser.wait_text("#link", |t| t.starts_with("离线")).await;
    assert_eq!(marks_of(&m, m.judge_a.id).await, 1);

    proxy.restore();
    browser.wait_text("#link", |t| t == "已连接").await;
    browser.wait_text("#pending", str::is_empty).await;
    // Stored once each, as hers: two marks, three changes in the audit trail.
    assert_eq!(marks_of(&m, m.judge_a.id).await, 2);
    let trail = entity::mark_audit::Entity::find()
        .filter(entity::mark_audit::Column::JudgeId.eq(m.judge_a.id))
        .count(&m.s.app.db)
        .await
        .unwrap();
    assert_eq!(trail, 3);
    assert_eq!(
        entity::mark::Entity::find()
            .count(&m.s.app.db)
            .await
            .unwrap(),
        2
    );
    for (tile, shown) in [(0, "已保存 9"), (1, "已保存 8")] {
        let tiles = browser.all("button.tile").await;
        browser.click(&tiles[tile]).await;
        browser
            .wait_text(".mark-state", |t| t.contains(shown))
            .await;
    }
}

/// Judge A used the tablet offline; judge B signs in: nothing of A's from the cache, and the
/// chief judge's page, offline, says it must be online instead of showing old progress.
#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it with --include-ignored"]
async fn in_chromium_another_judge_never_sees_the_cached_page_of_the_last() {
    let browser = crate::support::browser::browser().await;
    let m = marking().await;
    start(&m).await;
    let proxy = WifiProxy::start(m.s.app.addr).await;
    let base = format!("http://{}", proxy.addr);
    sign_in(&browser, &m, &base, m.judge_a.id).await;
    proxy.down().await;
    browser.go(&format!("{base}/judge/mark")).await;
    browser.wait("button.tile").await;
    let a_page = browser
        .execute("return document.body.getAttribute('data-judge');")
        .await;
    assert_eq!(a_page.as_str(), Some(m.judge_a.id.to_string().as_str()));

    proxy.restore();
    let b = entity::judge::Entity::find()
        .filter(entity::judge::Column::EventId.eq(m.judge_a.event_id))
        .filter(entity::judge::Column::Id.ne(m.judge_a.id))
        .all(&m.s.app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|j| j.panel == m.judge_a.panel)
        .expect("a second judge in the panel");
    sign_in(&browser, &m, &base, b.id).await;
    let b_name = browser.text("#who").await;
    proxy.down().await;
    browser.go(&format!("{base}/judge/mark")).await;
    browser.wait("button.tile").await;
    let page = browser
        .execute(
            "return [document.body.getAttribute('data-judge'), \
             Object.keys(localStorage).filter(k => k.startsWith('jx-snapshot:')).join(',')].join('|');",
        )
        .await;
    let page = page.as_str().unwrap().to_owned();
    assert!(
        page.starts_with(&format!("{}|", b.id)),
        "B's page from the cache, not A's: {page}"
    );
    assert_eq!(
        page,
        format!("{}|jx-snapshot:{}:{}", b.id, m.judge_a.event_id, b.id),
        "B's page from the cache, and only B's kept snapshot: A's is gone"
    );
    let who = browser.text("#who").await;
    assert!(who.starts_with(b_name.as_str()), "{who} / {b_name}");

    // The chief judge's page is live only: offline it says so.
    browser.go(&format!("{base}/judge/chief")).await;
    browser
        .wait_text(".chief-offline", |t| t.contains("须联网"))
        .await;
}

/// A tablet offline with release r1's page; the server comes back as release r2: the next
/// online load brings r2's page and script, and r1's cache is gone.
#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it with --include-ignored"]
async fn in_chromium_a_new_release_reaches_a_tablet_that_was_offline_with_the_old() {
    let browser = crate::support::browser::browser().await;
    let m = marking().await;
    start(&m).await;
    let url = m.s.app.database.url.clone();
    let release = |name: &str| {
        let (child, base, _) =
            crate::support::binary::start_binary_with(&url, &[("JIANGXIN_ASSET_VERSION", name)]);
        let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
        (child, addr)
    };
    let (mut r1, r1_addr) = release("r1");
    let proxy = WifiProxy::start(r1_addr).await;
    let base = format!("http://{}", proxy.addr);
    sign_in(&browser, &m, &base, m.judge_a.id).await;
    let script = "return document.querySelector('script[src*=\"judge.js\"]').getAttribute('src');";
    assert_eq!(browser.execute(script).await, "/assets/judge.js?v=r1");

    proxy.down().await;
    browser.go(&format!("{base}/judge/mark")).await;
    browser.wait_text("#link", |t| t.starts_with("离线")).await;
    assert_eq!(browser.execute(script).await, "/assets/judge.js?v=r1");
    let _ = r1.kill();
    let _ = r1.wait();

    let (mut r2, r2_addr) = release("r2");
    proxy.switch_to(r2_addr);
    proxy.restore();
    browser.go(&format!("{base}/judge/mark")).await;
    browser.wait_text("#link", |t| t == "已连接").await;
    assert_eq!(browser.execute(script).await, "/assets/judge.js?v=r2");
    let caches =
        "caches.keys().then(k => { window.kept = k.join(','); }); return window.kept || '';";
    browser.wait_script(caches, |k| k == "jx-judge-r2").await;
    let _ = r2.kill();
    let _ = r2.wait();
}

/// The organiser ends the judge's session while the tablet is away: when the tablet next
/// reaches the server it forgets the kept page and snapshot and asks for a new sign-in, so a
/// later reload without the server shows nothing of that judge.
#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it with --include-ignored"]
async fn in_chromium_an_ended_session_is_forgotten_when_the_tablet_is_back() {
    let browser = crate::support::browser::browser().await;
    let m = marking().await;
    start(&m).await;
    let proxy = WifiProxy::start(m.s.app.addr).await;
    let base = format!("http://{}", proxy.addr);
    sign_in(&browser, &m, &base, m.judge_a.id).await;
    proxy.down().await;
    browser.go(&format!("{base}/judge/mark")).await;
    browser.wait("button.tile").await;

    end_sessions(&m, m.judge_a.id).await;
    proxy.restore();
    browser
        .wait_script("return location.pathname;", |p| p == "/judge")
        .await;
    let kept = browser
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('jx-snapshot:')).join(',');",
        )
        .await;
    assert_eq!(kept, "", "the snapshot is forgotten");

    proxy.down().await;
    browser.go(&format!("{base}/judge/mark")).await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert!(
        browser.all("button.tile").await.is_empty(),
        "no page of the ended session is served from the cache"
    );
}
