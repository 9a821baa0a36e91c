//! The chief judge's page on a 1280×800 tablet: every target a finger's size, the reason a step
//! cannot be taken on the screen (a tablet has no hover), and new marks that never reload the
//! page under the chief's finger.

use super::review::review;
use std::time::Duration;

/// Every visible link, button and field in the header and the page that is smaller than 44 px
/// either way, as "text w×h".
const SMALL_TARGETS: &str = "return [...document.querySelectorAll('header a, header button, main a, main button, \
     main input:not([type=hidden]), main select, #fresh a')] \
     .filter(e => e.offsetParent !== null) \
     .map(e => [e, e.getBoundingClientRect()]) \
     .filter(([e, b]) => b.width < 44 || b.height < 44) \
     .map(([e, b]) => (e.textContent || e.name || e.tagName).trim() + ' ' + Math.round(b.width) + '×' + Math.round(b.height)) \
     .join('; ');";

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it with --include-ignored"]
async fn in_chromium_the_chief_page_fits_fingers_says_why_and_never_reloads_under_them() {
    let browser = crate::support::browser::browser().await;
    let r = review().await;
    let t1 = r.m.aspect_t1;
    r.mark_panel_a().await;
    for (entrant, value) in [(0, "80"), (1, "85"), (2, "90")] {
        r.mark(3, entrant, t1, value).await; // entrant 3's theory mark still missing
    }
    let base = r.m.s.app.url("");
    let base = base.trim_end_matches('/');
    browser.resize(1280, 800).await;
    browser.sign_in_judge(&r.m.s.app, r.chief).await;
    browser.go(&format!("{base}/judge/chief")).await;
    browser.wait("table.matrix").await;

    // Finger-sized: nothing under 44 px.
    let small = browser.execute(SMALL_TARGETS).await;
    assert_eq!(small, "", "targets under 44 px");

    // Why a module cannot be signed, and why the lock waits, are written on the page.
    let reasons = browser.text("table.modules").await;
    assert!(
        reasons.contains("尚有 1 格分差超限，处理后才能签字"),
        "{reasons}"
    );
    assert!(
        reasons.contains("尚有 1 格未评完，处理后才能签字"),
        "{reasons}"
    );
    let disabled = browser
        .execute("return [...document.querySelectorAll('table.modules button')].filter(b => b.disabled).length")
        .await;
    assert_eq!(disabled, 2, "neither module can be signed yet");
    let lock = browser.text("form.lock").await;
    assert!(lock.contains("所有模块签字确认后才能锁定"), "{lock}");
    browser.screenshot("chief-tablet").await;

    // The chief is touching the page when a new mark arrives: nothing moves, a bar says so.
    browser
        .execute("window.stayed = 'here'; window.touching = setInterval(() => document.body.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true})), 1000);")
        .await;
    r.mark(3, 3, t1, "70").await;
    let mut bar = false;
    for _ in 0..200 {
        if browser
            .execute("return !document.getElementById('fresh').hidden")
            .await
            == true
        {
            bar = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(bar, "the bar says the marks changed");
    assert_eq!(browser.execute("return window.stayed").await, "here");
    let shown = browser.text("table.modules").await;
    assert!(
        shown.contains("尚有 1 格未评完"),
        "the page did not change under the finger: {shown}"
    );
    let small = browser.execute(SMALL_TARGETS).await;
    assert_eq!(small, "", "the bar's button is finger-sized too");
    browser.screenshot("chief-tablet-fresh-bar").await;

    // Left alone, the page takes the new picture in place: same page, no reload.
    browser.execute("clearInterval(window.touching)").await;
    let mut swapped = false;
    for _ in 0..450 {
        let modules = browser.text("table.modules").await;
        if !modules.contains("尚有 1 格未评完") {
            swapped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(swapped, "the new mark shows once the chief has let go");
    assert_eq!(
        browser.execute("return window.stayed").await,
        "here",
        "updated in place, not reloaded"
    );
    assert_eq!(
        browser
            .execute("return document.getElementById('fresh').hidden")
            .await,
        true
    );
    let disabled = browser
        .execute("return [...document.querySelectorAll('table.modules button')].filter(b => b.disabled).length")
        .await;
    assert_eq!(disabled, 1, "the theory module can be signed now");
}
