//! Load tool for the spectators' live boards: thousands of spectator sockets on one server
//! process, marks driven through the judge socket, and the time from each mark to its arrival
//! at the last spectator.
//!
//! `cargo bench --bench live_load` (goal on 2 cores, the tool sharing the machine: 19,000
//! spectators, p99 under 100 ms from commit to the last spectator, under 20 KB of server memory
//! per idle socket). `SPECTATORS`, `WORKERS` and `MARKS` in the environment change the load.
//!
//! The server is the real `jiangxin serve` binary in a process of its own (so its memory is its
//! own); the spectators are held by worker processes of this tool (each process may hold 20,000
//! open files). Times are wall-clock microseconds, comparable across processes on one machine.
//! A mark's latency runs from the moment the judge's tablet sent it (so it includes the commit)
//! to the moment the last spectator received the board update it caused.

mod world;

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

fn micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as u64
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    if let Ok(addr) = std::env::var("LIVE_LOAD_WORKER") {
        worker(&addr);
    } else {
        driver();
    }
}

/// The seq of a frame, read without parsing the whole board.
fn seq_of(text: &str) -> Option<u64> {
    let at = text.find("\"seq\":")? + 6;
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A worker process: opens `COUNT` spectator sockets, says `ready`, then for every frame seq
/// notes how many of its sockets received it and when the last did; on `stop` (stdin) it
/// prints `seq count last_arrival_micros` lines and `done`.
fn worker(addr: &str) {
    let count = env("COUNT", 1000) as usize;
    let event = env("EVENT", 1);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        use tokio::io::AsyncReadExt;
        let seen: Arc<Mutex<HashMap<u64, (u64, u64)>>> = Arc::default();
        let connected = Arc::new(tokio::sync::Semaphore::new(0));
        // Connect in waves so the server's accept queue never overflows.
        let gate = Arc::new(tokio::sync::Semaphore::new(100));
        for _ in 0..count {
            let (seen, connected, gate, addr) = (
                seen.clone(),
                connected.clone(),
                gate.clone(),
                addr.to_owned(),
            );
            tokio::spawn(async move {
                let mut permit = Some(gate.acquire_owned().await.unwrap());
                let (mut socket, mut pending) = loop {
                    match world::open_socket(&addr, &format!("/ws/live/{event}"), None).await {
                        Ok(s) => break s,
                        Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                    }
                };
                let mut snapshot = true;
                let mut chunk = [0_u8; 4096];
                loop {
                    // Every whole frame in what has arrived.
                    while let Some((opcode, payload, used)) = world::frame(&pending) {
                        if opcode == 1 {
                            if snapshot {
                                snapshot = false;
                                permit = None;
                                connected.add_permits(1);
                            } else if let Some(seq) =
                                std::str::from_utf8(payload).ok().and_then(seq_of)
                            {
                                let at = micros();
                                let mut seen = seen.lock().unwrap();
                                let entry = seen.entry(seq).or_insert((0, 0));
                                entry.0 += 1;
                                entry.1 = entry.1.max(at);
                            }
                        }
                        pending.drain(..used);
                    }
                    debug_assert!(snapshot || permit.is_none());
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => pending.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
        let _all = connected.acquire_many(count as u32).await.unwrap();
        println!("ready");
        std::io::stdout().flush().unwrap();
        let mut line = String::new();
        let _ = tokio::task::spawn_blocking(move || std::io::stdin().read_line(&mut line)).await;
        for (seq, (n, last)) in seen.lock().unwrap().iter() {
            println!("{seq} {n} {last}");
        }
        println!("done");
        std::io::stdout().flush().unwrap();
        std::process::exit(0);
    });
}

fn driver() {
    let spectators = env("SPECTATORS", 19_000) as usize;
    let workers = env("WORKERS", 4) as usize;
    let marks = env("MARKS", 100) as usize;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("live.db").display());
        let db = jiangxin::db::connect(&url).await.unwrap();
        jiangxin::db::migrate(&db).await.unwrap();
        let w = world::build(
            &db,
            world::Spec {
                entrants: 30,
                judges: 1,
                panel_size: 1,
                aggregation: "single",
                max: 100,
            },
        )
        .await;
        jiangxin::leaderboard::settings::set_live_settings(
            &db,
            &w.actor,
            jiangxin::ids::EventId(w.event_id),
            jiangxin::leaderboard::settings::LiveSettings {
                marks: jiangxin::leaderboard::settings::LiveMarks::Submitted,
                anonymous: true,
                freeze_at: None,
            },
        )
        .await
        .unwrap();
        db.close().await.unwrap();

        let (mut server, addr) = world::start_server(&url);
        tokio::time::sleep(Duration::from_millis(500)).await;
        let before = rss_kib(server.id());
        println!(
            "server pid {}, {before} KiB resident before spectators; opening {spectators} spectator sockets from {workers} processes",
            server.id()
        );
        let opened = std::time::Instant::now();
        let mut pool: Vec<(Child, BufReader<std::process::ChildStdout>)> = (0..workers)
            .map(|i| {
                let share = spectators / workers + usize::from(i < spectators % workers);
                let mut child = Command::new(std::env::current_exe().unwrap())
                    .env("LIVE_LOAD_WORKER", &addr)
                    .env("COUNT", share.to_string())
                    .env("EVENT", w.event_id.to_string())
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .spawn()
                    .unwrap();
                let out = BufReader::new(child.stdout.take().unwrap());
                (child, out)
            })
            .collect();
        for (_, out) in &mut pool {
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
            assert_eq!(line.trim(), "ready", "a worker failed");
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        let after = rss_kib(server.id());
        println!(
            "sockets held: {spectators} (opened in {:.1} s); server resident {after} KiB: {:.1} KiB per idle socket",
            opened.elapsed().as_secs_f64(),
            (after.saturating_sub(before)) as f64 / spectators as f64
        );

        // One judge's tablet marks entrant after entrant; every mark changes the board.
        let (token, aspect) = w.tablets[0].clone();
        let mut request = format!("ws://{addr}/ws/judge").into_client_request().unwrap();
        request
            .headers_mut()
            .insert("cookie", format!("jx_judge={token}").parse().unwrap());
        let (mut tablet, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        tablet
            .send(Message::Text(json!({"type": "hello", "last_seq": null}).to_string().into()))
            .await
            .unwrap();
        while let Some(Ok(m)) = tablet.next().await {
            if matches!(m, Message::Text(_)) {
                break;
            }
        }
        // A spectator of the tool's own names the update each mark caused.
        let (mut own, mut own_pending) =
            world::open_socket(&addr, &format!("/ws/live/{}", w.event_id), None)
                .await
                .unwrap();
        world::next_text(&mut own, &mut own_pending).await; // the snapshot
        let mut sent_at: HashMap<u64, u64> = HashMap::with_capacity(marks);
        for i in 0..marks {
            let entrant = w.entrants[i % w.entrants.len()];
            let value = format!("{}", 50.0 + (i % 97) as f64 * 0.5);
            let op = json!({"type": "mark", "op_id": format!("live-load-{i:06}"), "entrant_id": entrant, "aspect_id": aspect, "value": value});
            let t = micros();
            tablet.send(Message::Text(op.to_string().into())).await.unwrap();
            loop {
                let Some(Ok(Message::Text(reply))) = tablet.next().await else { continue };
                assert!(reply.contains("\"ack\""), "{reply}");
                break;
            }
            let update = world::next_text(&mut own, &mut own_pending).await;
            if let Some(seq) = seq_of(&update) {
                sent_at.insert(seq, t);
            }
            // One update per mark: the next mark waits until this one has been shown.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;

        // Gather: per frame seq, how many spectators got it and when the last one did.
        let mut frames: HashMap<u64, (u64, u64)> = HashMap::new();
        for (child, out) in &mut pool {
            writeln!(child.stdin.as_mut().unwrap(), "stop").unwrap();
            for line in out.lines() {
                let line = line.unwrap();
                if line == "done" {
                    break;
                }
                let parts: Vec<u64> = line.split(' ').filter_map(|p| p.parse().ok()).collect();
                if let [seq, n, last] = parts[..] {
                    let e = frames.entry(seq).or_insert((0, 0));
                    e.0 += n;
                    e.1 = e.1.max(last);
                }
            }
            let _ = child.wait();
        }
        let complete = sent_at
            .keys()
            .filter(|s| frames.get(s).is_some_and(|f| f.0 as usize == spectators))
            .count();
        println!(
            "marks sent: {marks}; their updates: {} ({complete} reached every spectator)",
            sent_at.len()
        );
        let mut latencies: Vec<f64> = sent_at
            .iter()
            .filter_map(|(seq, t)| frames.get(seq).map(|f| f.1.saturating_sub(*t) as f64 / 1000.0))
            .collect();
        latencies.sort_by(|a, b| a.total_cmp(b));
        if latencies.is_empty() {
            println!("no update reached the spectators");
        } else {
            let pick = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize];
            println!(
                "mark sent → last spectator: median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
                pick(0.5),
                pick(0.99),
                pick(1.0)
            );
        }
        let _ = server.kill();
        let _ = server.wait();
    });
}
