//! A public server on contest day: connections that never finish their headers are closed and
//! cannot starve it, sockets are closed with the right codes, and the framework's own refusals
//! reach users in Chinese.

use crate::support::spectators::live_world;
use crate::support::tablet::{connect, receive, send, tablet_token_for};
use crate::support::{TestApp, TestDb, csrf_of};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// The close frame a socket gets next (within `within`), skipping other messages.
async fn close_code<S>(socket: &mut S, within: Duration) -> Option<u16>
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, socket.next()).await {
            Ok(Some(Ok(Message::Close(frame)))) => return frame.map(|f| u16::from(f.code)),
            Ok(Some(Ok(_))) => continue,
            _ => return None,
        }
    }
}

#[tokio::test]
async fn a_spectator_sending_what_no_spectator_sends_is_closed_at_once_with_its_code() {
    let live = live_world(TestApp::spawn().await, 2).await;
    let url = format!("ws://{}/ws/live/{}", live.m.s.app.addr, live.m.s.event);
    for (message, code) in [
        (Message::Text("x".repeat(2048).into()), 1009),
        (Message::Text("y".repeat(40_000).into()), 1009),
        (Message::Binary(vec![1, 2, 3].into()), 1003),
    ] {
        let (mut socket, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
        crate::support::spectators::next(&mut socket).await; // the snapshot
        let sent = Instant::now();
        socket.send(message).await.unwrap();
        assert_eq!(
            close_code(&mut socket, Duration::from_secs(5)).await,
            Some(code)
        );
        assert!(
            sent.elapsed() < Duration::from_secs(2),
            "at once, not at the next ping"
        );
    }
    // A small text (ignored) leaves the socket open: it still gets the next update.
    let (mut socket, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    crate::support::spectators::next(&mut socket).await;
    socket.send(Message::Text("hello".into())).await.unwrap();
    live.mark(3, 0, "80").await;
    assert_eq!(
        crate::support::spectators::next(&mut socket).await["type"],
        "update"
    );
}

/// A spectator that pings without pause gets a pong now and then, not one per ping (its shard
/// would otherwise look it up among every spectator for each), and still its updates.
#[tokio::test]
async fn a_spectator_pinging_without_pause_is_answered_sparingly_and_still_gets_updates() {
    let live = live_world(TestApp::spawn().await, 2).await;
    let url = format!("ws://{}/ws/live/{}", live.m.s.app.addr, live.m.s.event);
    let (mut socket, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    crate::support::spectators::next(&mut socket).await;
    for _ in 0..200 {
        socket.send(Message::Ping(vec![7].into())).await.unwrap();
    }
    live.mark(3, 0, "80").await;
    let mut pongs = 0;
    let update = loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next()).await {
            Ok(Some(Ok(Message::Pong(_)))) => pongs += 1,
            Ok(Some(Ok(Message::Text(t)))) => break t,
            other => panic!("{other:?}"),
        }
    };
    assert!(update.contains("\"update\""), "{update}");
    while let Ok(Some(Ok(m))) =
        tokio::time::timeout(Duration::from_millis(500), socket.next()).await
    {
        if matches!(m, Message::Pong(_)) {
            pongs += 1;
        }
    }
    assert!((1..=20).contains(&pongs), "{pongs} pongs for 200 pings");
}

#[tokio::test]
async fn every_socket_is_told_1001_when_the_server_stops() {
    let live = live_world(TestApp::spawn().await, 2).await;
    let app = &live.m.s.app;
    let (mut spectator, _) =
        tokio_tungstenite::connect_async(format!("ws://{}/ws/live/{}", app.addr, live.m.s.event))
            .await
            .unwrap();
    crate::support::spectators::next(&mut spectator).await;
    let token = tablet_token_for(&live.m, live.judges[1].id).await;
    let mut tablet = connect(&live.m, Some(&token)).await.unwrap();
    send(&mut tablet, json!({"type": "hello", "last_seq": null})).await;
    assert_eq!(receive(&mut tablet).await["type"], "snapshot");

    let (spectator_code, tablet_code, ()) = tokio::join!(
        close_code(&mut spectator, Duration::from_secs(10)),
        close_code(&mut tablet, Duration::from_secs(10)),
        app.stop()
    );
    assert_eq!(spectator_code, Some(u16::from(CloseCode::Away)));
    assert_eq!(tablet_code, Some(1001));
}

/// The real binary under an open-files limit of 256, with 300 connections from one address
/// that send a request line and never finish their headers: the address gets no more than its
/// share, `/healthz` keeps answering for everyone else, and the hanging connections are closed
/// when the header timeout runs out.
#[tokio::test]
async fn connections_that_never_finish_their_headers_are_closed_and_starve_nobody() {
    let database = TestDb::fresh().await;
    let mut server = Command::new(env!("CARGO_BIN_EXE_jiangxin"));
    server
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database-url",
            &database.url,
        ])
        .args([
            "--header-timeout-secs",
            "2",
            "--max-connections-per-address",
            "50",
        ])
        .env("JIANGXIN_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: between fork and exec, only setrlimit (async-signal-safe) on this process.
    unsafe {
        server.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 256,
                rlim_max: 256,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let mut child = server.spawn().expect("start jiangxin");
    let mut base = None;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        if let Some(addr) = line.unwrap().strip_prefix("jiangxin listening on ") {
            base = Some(addr.to_owned());
            break;
        }
    }
    let base = base.expect("server printed its address");
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let stderr = child.stderr.take().unwrap();
    let logs = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
            .join("\n")
    });

    // 300 connections from 127.0.0.2, each stopping half-way through its headers.
    let started = Instant::now();
    let mut hanging = Vec::new();
    for _ in 0..300 {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
        let mut stream = socket.connect(addr).await.unwrap();
        let _ = stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: jiangxin\r\n")
            .await;
        hanging.push(stream);
    }
    let health = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    for _ in 0..5 {
        let res = health.get(format!("{base}/healthz")).send().await;
        assert!(
            res.as_ref().is_ok_and(|r| r.status() == 200),
            "healthz during the flood: {res:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Every hanging connection ends: at once for those over the address's share, after the
    // two-second header timeout for the rest.
    let mut open = 0;
    for stream in &mut hanging {
        let mut buf = [0_u8; 512];
        let deadline = started + Duration::from_secs(8);
        let closed = loop {
            match tokio::time::timeout_at(deadline.into(), stream.read(&mut buf)).await {
                Err(_) => break false,
                Ok(Ok(0) | Err(_)) => break true,
                Ok(Ok(_)) => continue, // a 408 or similar, then the close
            }
        };
        if !closed {
            open += 1;
        }
    }
    assert_eq!(open, 0, "connections still open after the header timeout");
    let res = health.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);

    // SIGTERM: a clean stop.
    // SAFETY: a signal to the child this test started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let logs = logs.join().unwrap();
    assert!(
        logs.lines()
            .any(|l| l.contains("open-files limit") && l.contains("256")),
        "{logs}"
    );
    assert!(!logs.contains("Too many open files"), "{logs}");
}

#[tokio::test]
async fn the_frameworks_own_refusals_reach_users_in_chinese() {
    let app = TestApp::spawn().await;
    let (organiser, csrf) = {
        app.user("admin1", entity::kinds::Role::Admin, None).await;
        app.sign_in("admin1").await
    };
    let chinese_page = |status: u16, body: &str| {
        assert!(
            body.contains("lang=\"zh-CN\"") && body.contains("出错了"),
            "{status}: {body}"
        );
        assert!(
            !body.contains("Failed") && !body.contains("deserialize"),
            "{status}: {body}"
        );
    };
    // A form without its CSRF field: the Chinese 403 page.
    let res = organiser
        .post(app.url("/admin/tokens"))
        .form(&[("name", "脚本")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body = res.text().await.unwrap();
    chinese_page(403, &body);
    assert!(body.contains("页面已过期"), "{body}");
    // A form missing another field, a form of the wrong kind, a bad path, a bad query string,
    // a wrong method.
    let cases = [
        organiser
            .post(app.url("/admin/users"))
            .body("csrf=x&username=")
            .send()
            .await
            .unwrap(),
        organiser
            .post(app.url("/admin/tokens"))
            .header("content-type", "text/plain")
            .body(format!("csrf={csrf}"))
            .send()
            .await
            .unwrap(),
        organiser
            .get(app.url("/admin/events/not-a-number"))
            .send()
            .await
            .unwrap(),
        organiser
            .get(app.url("/judge?code=1&code=2"))
            .send()
            .await
            .unwrap(),
        organiser.delete(app.url("/login")).send().await.unwrap(),
    ];
    let mut statuses = Vec::new();
    for res in cases {
        let status = res.status().as_u16();
        statuses.push(status);
        chinese_page(status, &res.text().await.unwrap());
    }
    assert!(
        statuses.contains(&405) && statuses.contains(&404),
        "{statuses:?}"
    );

    // Under /api the same refusals come in the JSON envelope.
    let api = reqwest::Client::new();
    for res in [
        api.delete(app.url("/api/v1/competitions"))
            .send()
            .await
            .unwrap(),
        api.get(app.url("/api/v1/events/x")).send().await.unwrap(),
    ] {
        let status = res.status();
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(body["error"]["code"].is_string(), "{status}: {body}");
        assert!(
            !body["error"]["message"].as_str().unwrap().is_ascii(),
            "{body}"
        );
    }
}

#[tokio::test]
async fn signing_out_clears_the_cookie_as_securely_as_it_was_set() {
    let app = TestApp::spawn_with(TestDb::fresh().await, |c| c.cookie_secure = true).await;
    app.user("zhang", entity::kinds::Role::Admin, None).await;
    let browser = app.browser();
    let page = browser
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let login_csrf = csrf_of(&page);
    // The client speaks plain HTTP to the test server; send the cookies by hand.
    let res = browser
        .post(app.url("/login"))
        .header("cookie", format!("jx_csrf={login_csrf}"))
        .form(&[
            ("username", "zhang"),
            ("password", crate::support::PASSWORD),
            ("csrf", login_csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let session = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(session.contains("Secure"), "{session}");
    let token = session
        .trim_start_matches("jx_session=")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let admin = browser
        .get(app.url("/admin"))
        .header("cookie", format!("jx_session={token}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&admin);
    let res = browser
        .post(app.url("/logout"))
        .header("cookie", format!("jx_session={token}"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cleared = res.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cleared.contains("Max-Age=0") && cleared.contains("Secure"),
        "{cleared}"
    );
}
