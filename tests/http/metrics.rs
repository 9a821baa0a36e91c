//! `GET /metrics` for the people on duty: the administrator's token only; marks acknowledged
//! and their latency, spectators held and updates written, errors by code, in a format
//! Prometheus reads (each family grouped, HELP and TYPE first, every sample `name{labels} n`).

use crate::support::TestApp;
use crate::support::spectators::{live_world, next};
use crate::support::tablet::{connect, mark, receive, send, tablet_token};
use entity::kinds::Role;
use serde_json::json;

async fn scrape(app: &TestApp, token: &str) -> (u16, String) {
    let res = reqwest::Client::new()
        .get(app.url("/metrics"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn value(text: &str, sample: &str) -> f64 {
    text.lines()
        .find(|l| l.starts_with(sample) && l[sample.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test]
async fn metrics_are_the_administrators_and_count_what_happens() {
    let live = live_world(TestApp::spawn().await, 4).await;
    let app = &live.m.s.app;
    app.user("admin", Role::Admin, None).await;
    let admin = app.token_for("admin").await;
    // Refused to anyone else.
    let res = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_eq!(res.status(), 401);
    let (status, _) = scrape(app, live.m.s.organiser_token()).await;
    assert_eq!(status, 403);

    let (status, before) = scrape(app, &admin).await;
    assert_eq!(status, 200);
    // The format: every family one group, HELP then TYPE, then its samples.
    let mut families = Vec::new();
    for line in before.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            families.push(rest.split(' ').next().unwrap().to_owned());
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            assert_eq!(
                Some(&rest.split(' ').next().unwrap().to_owned()),
                families.last()
            );
        } else {
            let family = families.last().expect("a sample after its HELP");
            assert!(line.starts_with(family.as_str()), "{line} outside {family}");
            let number = line.rsplit(' ').next().unwrap();
            assert!(number.parse::<f64>().is_ok(), "{line}");
        }
    }
    for f in [
        "jiangxin_marks_acknowledged_total",
        "jiangxin_mark_ack_seconds",
        "jiangxin_spectators",
        "jiangxin_board_updates_written_total",
        "jiangxin_certificate_batches_building",
        "jiangxin_imports_total",
        "jiangxin_errors_total",
    ] {
        assert!(families.iter().any(|x| x == f), "{f} missing: {before}");
    }

    // Three marks acknowledged, a spectator held and updated.
    let mut spectator = live.spectate("").await;
    assert_eq!(next(&mut spectator).await["type"], "snapshot");
    let token = tablet_token(&live.m).await;
    let mut socket = connect(&live.m, Some(&token)).await.unwrap();
    send(&mut socket, json!({"type": "hello", "last_seq": null})).await;
    receive(&mut socket).await;
    for (i, value) in ["7", "8", "9"].iter().enumerate() {
        send(
            &mut socket,
            mark(
                live.m.judge_a.id,
                &format!("metrics-{i}"),
                live.m.entrants[1],
                live.m.aspect_a1,
                value,
            ),
        )
        .await;
        assert_eq!(receive(&mut socket).await["type"], "ack");
    }
    // The other judges of the panel complete the cell: a total, a board update.
    live.mark(1, 1, "8").await;
    live.mark(2, 1, "8.5").await;
    live.mark(3, 1, "80").await;
    assert_eq!(next(&mut spectator).await["type"], "update");
    let (_, after) = scrape(app, &admin).await;
    let grew = |sample: &str| value(&after, sample) - value(&before, sample);
    assert!(grew("jiangxin_marks_acknowledged_total") >= 3.0, "{after}");
    assert!(grew("jiangxin_mark_ack_seconds_count") >= 3.0, "{after}");
    assert!(value(&after, "jiangxin_spectators") >= 1.0, "{after}");
    assert!(
        grew("jiangxin_board_updates_written_total") >= 1.0,
        "{after}"
    );
    assert!(
        value(&before, "jiangxin_errors_total{code=\"forbidden\"}") >= 1.0,
        "the organiser's refusal counted: {before}"
    );
    // Nothing personal in it.
    crate::support::spectators::assert_nothing_personal(&after);
}
