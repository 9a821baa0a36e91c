//! Load tool for the judge socket: 200 judges at once, each sending marks over `/ws/judge` and
//! waiting for each `ack` (which comes only after the mark is committed), on a SQLite file with
//! `synchronous=FULL`. Prints durable marks per second and acknowledgement latency. The server is
//! the real `jiangxin serve` binary in a process of its own.
//!
//! `cargo bench --bench judge_load` (goal: 2,000 marks/s, p99 under 25 ms on 2 cores).
//! `JUDGES`, `SECONDS` and `RATE` in the environment change the load. By default it runs twice:
//! paced at `RATE` marks per second in all (2,100 offered, spread over the judges; they start
//! staggered and stop at the deadline, so this is what keeps at least the goal's 2,000 durable
//! marks per second of marking), then saturated (every judge sends the next mark the moment the
//! last is acknowledged) to find the ceiling. Throughput is counted over the marking window, from
//! the first mark sent to the last reply.

mod world;

use entity::kinds::Aggregation;
use std::time::{Duration, Instant};

/// An event with 50 entrants and `judges` judges in panels of five, each panel marking its own
/// aspect; returns each tablet's session token with the aspect it marks, and the entrants.
async fn setup(db: &sea_orm::DatabaseConnection, judges: u32) -> (Vec<(String, i32)>, Vec<i32>) {
    let w = world::build(
        db,
        world::Spec {
            entrants: 50,
            judges,
            panel_size: 5,
            aggregation: Aggregation::TrimmedMean,
            max: 5,
            theory: false,
        },
    )
    .await;
    (w.tablets, w.entrants)
}

fn main() {
    let judges: u32 = std::env::var("JUDGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seconds: u64 = std::env::var("SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let rate: f64 = std::env::var("RATE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2100.0);
    // One thread for the tool: the server's own threads get the rest of the machine.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("load.db").display());
        let db = jiangxin::db::connect(&url).await.unwrap();
        jiangxin::db::migrate(&db).await.unwrap();
        let (tokens, entrants) = setup(&db, judges).await;
        // The real server in a process of its own, as on contest day; the tool only counts
        // rows through its own connection.
        let (mut server, addr) = world::start_server(&url);
        let addr: std::net::SocketAddr = addr.parse().unwrap();

        // `SATURATE=0` skips the saturated run (for repeated measurements of the goal's load).
        let saturate = !std::env::var("SATURATE").is_ok_and(|v| v == "0");
        for pace in [Some(rate), None] {
            if pace.is_none() && !saturate {
                continue;
            }
            match pace {
                Some(r) => println!("{judges} judges, {r:.0} marks/s in all, for {seconds} s; SQLite, synchronous=FULL, group commit"),
                None => println!("{judges} judges, each sending as fast as acks come back, for {seconds} s"),
            }
            run(addr, &tokens, &entrants, seconds, pace, &db).await;
        }
        let _ = server.kill();
        let _ = server.wait();
    });
}

/// One measurement: every judge marks until the deadline, paced to `rate` in all or saturated.
async fn run(
    addr: std::net::SocketAddr,
    tokens: &[(String, i32)],
    entrants: &[i32],
    seconds: u64,
    rate: Option<f64>,
    db: &sea_orm::DatabaseConnection,
) {
    let run_id = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let judges = tokens.len();
    // Each judge's interval between marks when paced, staggered so they do not all send at once.
    let interval = rate.map(|r| Duration::from_secs_f64(judges as f64 / r));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (j, (token, aspect)) in tokens.iter().cloned().enumerate() {
        let entrants = entrants.to_vec();
        tasks.push(tokio::spawn(async move {
                let cookie = format!("jx_judge={token}");
                let (mut socket, mut pending) =
                    world::open_socket(&addr.to_string(), "/ws/judge", Some(&cookie)).await.unwrap();
                world::send_text(&mut socket, r#"{"type":"hello","last_seq":null}"#).await.unwrap();
                let snapshot = world::next_text(&mut socket, &mut pending).await;
                // Every mark names its judge: the one this socket is signed in for.
                let me = serde_json::from_str::<serde_json::Value>(&snapshot).unwrap()["judge"]["id"].as_i64().unwrap();
                let mut latencies = Vec::new();
                let mut errors = 0;
                let mut i = 0_usize;
                let began = Instant::now();
                let first = interval.map(|every| Instant::now() + every.mul_f64(j as f64 / judges as f64));
                while Instant::now() < deadline {
                    if let (Some(every), Some(first)) = (interval, first) {
                        tokio::time::sleep_until((first + every * i as u32).into()).await;
                    }
                    let entrant = entrants[(i + j) % entrants.len()];
                    let value = ["2.5", "3", "4.5", "5"][i % 4];
                    let op = format!(
                        r#"{{"type":"mark","judge_id":{me},"op_id":"load-{run_id}-{j}-{i:07}","entrant_id":{entrant},"aspect_id":{aspect},"value":"{value}"}}"#
                    );
                    let sent = Instant::now();
                    if world::send_text(&mut socket, &op).await.is_err() {
                        break;
                    }
                    // A judge marks one thing at a time: wait for this mark's reply.
                    let reply = world::next_text(&mut socket, &mut pending).await;
                    if reply.starts_with(r#"{"type":"ack""#) {
                        latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        errors += 1;
                    }
                    i += 1;
                }
                (latencies, errors, began, Instant::now())
            }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    // The marking window: from the first judge's first mark to the last judge's last reply
    // (opening 200 sockets beforehand is not marking time).
    let mut window: Option<(Instant, Instant)> = None;
    for t in tasks {
        let (l, e, began, ended) = t.await.unwrap();
        latencies.extend(l);
        errors += e;
        window = Some(window.map_or((began, ended), |(b, e)| (b.min(began), e.max(ended))));
    }
    let elapsed = window.map_or(0.0, |(b, e)| (e - b).as_secs_f64());
    latencies.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize];
    let stored = {
        use sea_orm::{EntityTrait, PaginatorTrait};
        entity::mark_audit::Entity::find().count(db).await.unwrap()
    };
    println!(
        "acknowledged marks: {} ({stored} in the audit trail so far), refused: {errors}",
        latencies.len()
    );
    println!(
        "throughput: {:.0} durable marks/s (over {elapsed:.2} s of marking)",
        latencies.len() as f64 / elapsed
    );
    println!(
        "ack latency: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, p99.9 {:.1} ms, max {:.1} ms",
        pick(0.5),
        pick(0.9),
        pick(0.99),
        pick(0.999),
        pick(1.0)
    );
}
