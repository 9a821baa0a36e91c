//! The front door: `/` lists what is happening now (each running competition with its
//! events' live boards and the hall screen), a competition in registration without links that
//! would answer "not found", and `/live/{event}` switches to the competition's other events.

use crate::support::marking::{marking, start};
use crate::support::page_text;
use serde_json::json;

/// A competition in registration with two ready events; returns the second event's id.
async fn two_events() -> (crate::support::marking::Marking, i64) {
    let m = marking().await;
    let s = &m.s;
    let (ev, comp) = (s.event, s.competition);
    let (status, second) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{comp}/events"),
            json!({"trade": "电工", "group": "student", "track": "other", "level": 4}),
        )
        .await;
    assert_eq!(status, 201, "{second}");
    let second = second["id"].as_i64().unwrap();
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/events/{second}/scheme/copy"),
            json!({"from_event": ev}),
        )
        .await;
    assert!(status < 300, "{body}");
    for (n, panel) in [(621, "A"), (622, "A"), (623, "A"), (624, "T")] {
        let (status, body) = s
            .organiser
            .post(
                &format!("/api/v1/events/{second}/judges"),
                json!({"name": format!("裁判{n}"), "sex": crate::support::sex_of(n), "id_number": crate::support::id_number(n), "organisation_id": s.other.0, "role": "judge", "panel": panel}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    (m, second)
}

#[tokio::test]
async fn the_front_door_leads_to_every_live_board_and_each_board_to_its_neighbours() {
    let (m, second) = two_events().await;
    let s = &m.s;
    let (ev, comp) = (s.event, s.competition);
    let public = s.app.browser();

    // In registration: listed with its events, no live link (the boards answer 404 yet).
    let home = page_text(&public, &s.app.url("/")).await;
    assert!(home.contains("2026年金华市技能大赛"), "{home}");
    assert!(home.contains("比赛开始后可在此观看实时排名"), "{home}");
    assert!(
        !home.contains("/live/") && !home.contains("/screen/"),
        "{home}"
    );
    assert_eq!(
        reqwest::get(s.app.url(&format!("/live/{ev}")))
            .await
            .unwrap()
            .status(),
        404
    );

    // Running: both boards and the hall screen are one tap away, and each link works.
    start(&m).await;
    let home = page_text(&public, &s.app.url("/")).await;
    for link in [
        format!("/live/{ev}"),
        format!("/live/{second}"),
        format!("/screen/{comp}"),
    ] {
        assert!(home.contains(&format!("href=\"{link}\"")), "{link}: {home}");
        let res = reqwest::get(s.app.url(&link)).await.unwrap();
        assert_eq!(res.status(), 200, "{link}");
    }
    assert!(
        home.contains("数控车工（职工组）") && home.contains("电工（学生组）"),
        "{home}"
    );

    // Each board switches to the other events, not to itself.
    let board = page_text(&public, &s.app.url(&format!("/live/{ev}"))).await;
    assert!(
        board.contains(&format!("href=\"/live/{second}\"")),
        "{board}"
    );
    assert!(!board.contains(&format!("href=\"/live/{ev}\"")), "{board}");
    assert!(
        board.contains("live.js"),
        "a running board follows the socket"
    );
}

/// On a 390×844 phone: from the front door to a board, and across to the other event.
#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it with --include-ignored"]
async fn in_chromium_a_phone_goes_from_the_front_door_to_a_board_and_across() {
    let (m, second) = two_events().await;
    start(&m).await;
    let s = &m.s;
    let base = format!("http://{}", s.app.addr);
    let browser = crate::support::browser::browser().await;
    browser.resize(390, 844).await;
    browser.go(&format!("{base}/")).await;
    let link = browser.wait(&format!("a[href='/live/{}']", s.event)).await;
    browser.screenshot("front_door_phone").await;
    browser.click(&link).await;
    browser
        .wait_text(".live-state", |t| t.contains("实时连接"))
        .await;
    let across = browser
        .wait(&format!("nav.event-switch a[href='/live/{second}']"))
        .await;
    browser.screenshot("live_switch_phone").await;
    browser.click(&across).await;
    browser
        .wait_script("return location.pathname", |p| {
            p == format!("/live/{second}")
        })
        .await;
    browser.wait_text("h1", |t| t.contains("电工")).await;
}
