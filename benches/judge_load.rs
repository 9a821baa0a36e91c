//! Load tool for the judge socket: 200 judges at once, each sending marks over `/ws/judge` and
//! waiting for each `ack` (which comes only after the mark is committed), on a SQLite file with
//! `synchronous=FULL`. Prints durable marks per second and acknowledgement latency. The server is
//! the real `jiangxin serve` binary in a process of its own.
//!
//! `cargo bench --bench judge_load` (goal: 2,000 marks/s, p99 under 25 ms on 2 cores).
//!
//! Then, unless `FLOOR=0`, each run is repeated against the machine's **floor** for this work
//! (see [`floor_server`]): the same judges, sockets, offered rate and messages, against a copy
//! of the same SQLite database in a file of its own on the same disk, with the same settings
//! (WAL, `synchronous=FULL`, the same background checkpoints, the same group commit of up to
//! 256 marks per transaction), storing the same rows (the mark upserted, its audit row) with no
//! application logic at all: no validation, no mark rules, no audit hash chain, no board
//! refresh. The ratios say what the application costs.
//!
//! The paced runs give the two the marking **in turns** (`SLICE_MS`, 250 by default: every
//! judge holds a socket to each and sends to the server for a quarter of a second, then to the
//! floor, and so on until each has had `SECONDS` of marking), so that a burst of noise from the
//! machine (a neighbour's disk, a stalled core) falls on both alike rather than on whichever
//! ran then. Turns of a second let a stall of a few hundred milliseconds land on one side only
//! (on 7 December, six runs with turns of a second gave p99 ratios of 0.96–1.66×; six with turns
//! of 250 ms, 0.81–1.44×).
//! `SLICE_MS=0` runs the server for `SECONDS`, then the floor, as before. `FLOOR_EXTRA=n` adds n
//! trivial statements to each of the floor's batches (what a round trip to the database costs).
//!
//! `BACKUP=1` takes a `jiangxin backup` copy of the database halfway through the paced run of
//! the real server (from this tool's own connection, as the command line would) and prints how
//! long the copy took and the acknowledgements of the marks sent while it ran.
//! `JUDGES`, `SECONDS` and `RATE` in the environment change the load. By default it runs twice:
//! paced at `RATE` marks per second in all (2,100 offered, spread over the judges; they start
//! staggered and stop at the deadline, so this is what keeps at least the goal's 2,000 durable
//! marks per second of marking), then saturated (every judge sends the next mark the moment the
//! last is acknowledged) to find the ceiling. Throughput is counted over the marking window, from
//! the first mark sent to the last reply.

mod world;

/// The server's allocator here too: the floor must not lose on the allocator alone.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    if let Ok(url) = std::env::var("FLOOR_SERVER") {
        floor_server(url);
        return;
    }
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
        // The floor gets a copy of the same database, made now, in a file of its own on the
        // same disk: the two never wait on each other's write lock when their turns meet, and
        // neither's writes make the other's WAL longer.
        let with_floor = !std::env::var("FLOOR").is_ok_and(|v| v == "0");
        let floor_url = format!("sqlite://{}", dir.path().join("floor.db").display());
        let floor_db = if with_floor {
            // The backup's own consistent copy (`VACUUM INTO`, then checked), WAL and all.
            jiangxin::lifecycle::backup::backup(&db, &url, &dir.path().join("floor.db"))
                .await
                .unwrap();
            Some(jiangxin::db::connect(&floor_url).await.unwrap())
        } else {
            None
        };
        // The real server in a process of its own, as on contest day; the tool only counts
        // rows through its own connection. The floor beside it, so that both meet the same
        // moments of the machine.
        let (mut server, addr) = world::start_server(&url);
        let addr: std::net::SocketAddr = addr.parse().unwrap();
        let server = Measured { pid: server.id(), addr, child: Some(&mut server) };
        let mut floor_child = with_floor.then(|| start_floor(&floor_url));
        let floor = floor_child.as_mut().map(|(child, addr)| Measured {
            pid: child.id(),
            addr: *addr,
            child: None,
        });

        // `SATURATE=0` skips the saturated run (for repeated measurements of the goal's load);
        // `RUNS` repeats the paced one (each time the server, then the floor).
        let saturate = !std::env::var("SATURATE").is_ok_and(|v| v == "0");
        // The paced runs give the server and the floor the marking in turns of `SLICE_MS`
        // (250 by default), so that both meet the same moments of a noisy machine; `SLICE_MS=0`
        // runs the one for `SECONDS`, then the other.
        let slice = Duration::from_millis(
            std::env::var("SLICE_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(250),
        );
        let runs: usize = std::env::var("RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
        let mut paced_ratios = Vec::new();
        let mut paces: Vec<Option<f64>> = vec![Some(rate); runs];
        if saturate {
            paces.push(None);
        }
        for (n, pace) in paces.into_iter().enumerate() {
            match pace {
                Some(r) => println!("=== run {}: {judges} judges, {r:.0} marks/s in all, for {seconds} s; SQLite, synchronous=FULL, group commit", n + 1),
                None => println!("=== {judges} judges, each sending as fast as acks come back, for {seconds} s"),
            }
            let backup = (pace.is_some() && std::env::var("BACKUP").is_ok_and(|v| v == "1"))
                .then(|| (url.clone(), dir.path().join(format!("backup-{n}.db"))));
            let (app, base) = match (&floor, pace) {
                (Some(floor), Some(r)) if slice > Duration::ZERO && backup.is_none() => {
                    println!(
                        "--- jiangxin and the floor in turns of {} ms, {seconds} s of marking each",
                        slice.as_millis()
                    );
                    interleaved(&server, floor, &tokens, &entrants, seconds, r, slice, &db).await
                }
                _ => {
                    println!("--- jiangxin");
                    let app = run(&server, &tokens, &entrants, seconds, pace, &db, backup).await;
                    let Some(floor) = &floor else { continue };
                    println!("--- the floor: same judges, rate, SQLite database and settings, no application");
                    let floor_db = floor_db.as_ref().unwrap_or(&db);
                    (app, run(floor, &tokens, &entrants, seconds, pace, floor_db, None).await)
                }
            };
            println!(
                "jiangxin / floor: throughput {:.2}×, ack p50 {:.2}×, p99 {:.2}×, CPU per mark {:.2}×",
                app.0 / base.0,
                app.1 / base.1,
                app.2 / base.2,
                app.3 / base.3
            );
            if pace.is_some() {
                paced_ratios.push(app.2 / base.2);
            }
            // Whether the WAL keeps to its size under a steady stream of marks.
            let wal = |file: &str| {
                std::fs::metadata(dir.path().join(file)).map_or(0, |m| m.len()) as f64 / 1_048_576.0
            };
            println!(
                "WAL file now {:.1} MB (the floor's {:.1} MB)",
                wal("load.db-wal"),
                wal("floor.db-wal")
            );
        }
        if !paced_ratios.is_empty() {
            let shown: Vec<String> = paced_ratios.iter().map(|r| format!("{r:.2}×")).collect();
            println!(
                "paced ack p99, jiangxin / floor, run by run: {} (worst {:.2}×)",
                shown.join(", "),
                paced_ratios.iter().cloned().fold(0.0, f64::max)
            );
        }
        if let Some(child) = server.child {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some((mut child, _)) = floor_child {
            let _ = child.kill();
            let _ = child.wait();
        }
    });
}

/// A server under measurement: where to connect, and its process (for its CPU time).
struct Measured<'a> {
    pid: u32,
    addr: std::net::SocketAddr,
    child: Option<&'a mut std::process::Child>,
}

/// A process's CPU time so far (user and system), from `/proc`.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at ") ".
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_micros(ticks * 1_000_000 / per_second)
}

/// Starts this tool again as the floor server on `url`; answers it and its address.
fn start_floor(url: &str) -> (std::process::Child, std::net::SocketAddr) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .env("FLOOR_SERVER", url)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the floor");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("listening on ")
        .parse()
        .unwrap();
    (child, addr)
}

fn floor_extra() -> usize {
    std::env::var("FLOOR_EXTRA")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// One mark as the floor stores it.
struct FloorMark {
    event: i32,
    judge: i32,
    entrant: i32,
    aspect: i32,
    value: entity::stored_decimal::StoredDecimal,
    op: String,
    reply: tokio::sync::oneshot::Sender<bool>,
}

/// The floor: a WebSocket server that answers `hello` with the judge its cookie names and each
/// mark with an `ack` once the mark's row and its audit row are committed, in batches as the
/// real writer makes them, through the same connection settings. Nothing else.
// The handshake callback's error type is tungstenite's own (an HTTP response): not ours to box.
#[allow(clippy::result_large_err)]
fn floor_server(url: String) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async move {
        let db = jiangxin::db::connect(&url).await.unwrap();
        // The server's own checkpoints of the WAL, on the same schedule.
        jiangxin::db::checkpoint_in_background(db.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("listening on {}", listener.local_addr().unwrap());
        use std::io::Write;
        std::io::stdout().flush().unwrap();
        let (tx, rx) = tokio::sync::mpsc::channel::<FloorMark>(8192);
        tokio::spawn(floor_writer(db.clone(), rx));
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let _ = stream.set_nodelay(true);
            let (tx, db) = (tx.clone(), db.clone());
            tokio::spawn(async move {
                use futures_util::{SinkExt, StreamExt};
                use sea_orm::EntityTrait;
                use tokio_tungstenite::tungstenite::Message;
                let mut cookie = String::new();
                let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(
                    stream,
                    |req: &tokio_tungstenite::tungstenite::handshake::server::Request, resp| {
                        cookie = req
                            .headers()
                            .get("cookie")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned();
                        Ok(resp)
                    },
                )
                .await
                else {
                    return;
                };
                let token = cookie.trim_start_matches("jx_judge=").to_owned();
                let Some(session) =
                    entity::judge_session::Entity::find_by_id(jiangxin::secret::digest(&token))
                        .one(&db)
                        .await
                        .unwrap()
                else {
                    return;
                };
                let judge = entity::judge::Entity::find_by_id(session.judge_id)
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap();
                while let Some(Ok(message)) = ws.next().await {
                    let Message::Text(text) = message else {
                        continue;
                    };
                    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
                    let reply = if m["type"] == "hello" {
                        format!(r#"{{"type":"snapshot","judge":{{"id":{}}}}}"#, judge.id.0)
                    } else {
                        let value: rust_decimal::Decimal =
                            m["value"].as_str().unwrap().parse().unwrap();
                        let (done, stored) = tokio::sync::oneshot::channel();
                        let op = m["op_id"].as_str().unwrap().to_owned();
                        tx.send(FloorMark {
                            event: judge.event_id.0,
                            judge: judge.id.0,
                            entrant: m["entrant_id"].as_i64().unwrap() as i32,
                            aspect: m["aspect_id"].as_i64().unwrap() as i32,
                            value: value.try_into().unwrap(),
                            op: op.clone(),
                            reply: done,
                        })
                        .await
                        .unwrap();
                        if stored.await.unwrap_or(false) {
                            format!(r#"{{"type":"ack","op_id":"{op}"}}"#)
                        } else {
                            format!(r#"{{"type":"error","op_id":"{op}"}}"#)
                        }
                    };
                    if ws.send(Message::text(reply)).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
}

/// The floor's group commit: whatever has queued (up to the real writer's 256) in one write
/// transaction: the marks upserted by cell, their audit rows appended.
async fn floor_writer(
    db: sea_orm::DatabaseConnection,
    mut rx: tokio::sync::mpsc::Receiver<FloorMark>,
) {
    use sea_orm::sea_query::OnConflict;
    use sea_orm::{EntityTrait, Set};
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < jiangxin::marking::writer::MAX_BATCH {
            match rx.try_recv() {
                Ok(m) => batch.push(m),
                Err(_) => break,
            }
        }
        let at = chrono::Utc::now();
        let marks = batch.iter().map(|m| entity::mark::ActiveModel {
            event_id: Set(entity::EventId(m.event)),
            entrant_id: Set(entity::EntrantId(m.entrant)),
            aspect_id: Set(entity::AspectId(m.aspect)),
            judge_id: Set(entity::JudgeId(m.judge)),
            value: Set(m.value),
            op_id: Set(m.op.clone()),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        });
        let audits = batch.iter().map(|m| entity::mark_audit::ActiveModel {
            event_id: Set(entity::EventId(m.event)),
            entrant_id: Set(entity::EntrantId(m.entrant)),
            aspect_id: Set(entity::AspectId(m.aspect)),
            judge_id: Set(entity::JudgeId(m.judge)),
            actor: Set("floor".into()),
            device: Set(None),
            at: Set(at),
            old_value: Set(None),
            new_value: Set(Some(m.value)),
            reason: Set(None),
            op_id: Set(Some(m.op.clone())),
            prev_hash: Set("0".repeat(64)),
            hash: Set("0".repeat(64)),
            chain: Set(0),
            ..Default::default()
        });
        let stored = async {
            let txn = jiangxin::db::begin_write(&db).await?;
            // A diagnostic: `FLOOR_EXTRA=n` adds n trivial statements to each batch, to see what
            // a round trip to the database costs under this load.
            for _ in 0..floor_extra() {
                use sea_orm::ConnectionTrait;
                txn.execute_unprepared("SELECT 1").await?;
            }
            // One row per cell in a statement: the last mark of a cell in a batch wins, as it
            // does in the real writer.
            let mut last: std::collections::BTreeMap<(i32, i32, i32), entity::mark::ActiveModel> =
                std::collections::BTreeMap::new();
            for (m, row) in batch.iter().zip(marks) {
                last.insert((m.entrant, m.aspect, m.judge), row);
            }
            entity::mark::Entity::insert_many(last.into_values())
                .on_conflict(
                    OnConflict::columns([
                        entity::mark::Column::EntrantId,
                        entity::mark::Column::AspectId,
                        entity::mark::Column::JudgeId,
                    ])
                    .update_columns([
                        entity::mark::Column::Value,
                        entity::mark::Column::OpId,
                        entity::mark::Column::UpdatedAt,
                    ])
                    .to_owned(),
                )
                .exec(&txn)
                .await?;
            entity::mark_audit::Entity::insert_many(audits)
                .exec(&txn)
                .await?;
            txn.commit().await
        }
        .await;
        let ok = stored.is_ok();
        if let Err(e) = stored {
            eprintln!("floor batch failed: {e}");
        }
        for m in batch {
            let _ = m.reply.send(ok);
        }
    }
}

/// A paced run shared by the server and the floor: every judge holds a socket to each and,
/// turn by turn (`slice` long, the server first), sends its marks to one of them, until each has
/// had `seconds` of marking. Each side's figures are printed as [`run`] prints them.
#[allow(clippy::too_many_arguments)]
async fn interleaved(
    server: &Measured<'_>,
    floor: &Measured<'_>,
    tokens: &[(String, i32)],
    entrants: &[i32],
    seconds: u64,
    rate: f64,
    slice: Duration,
    db: &sea_orm::DatabaseConnection,
) -> ((f64, f64, f64, f64), (f64, f64, f64, f64)) {
    let cpu_before = [cpu_time(server.pid), cpu_time(floor.pid)];
    let run_id = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let judges = tokens.len();
    let every = Duration::from_secs_f64(judges as f64 / rate);
    let addrs = [server.addr, floor.addr];
    // Everyone opens both sockets first; the turns start together a moment later.
    let start = Instant::now() + Duration::from_secs(2);
    let deadline = start + Duration::from_secs(2 * seconds);
    let mut tasks = Vec::new();
    for (j, (token, aspect)) in tokens.iter().cloned().enumerate() {
        let entrants = entrants.to_vec();
        tasks.push(tokio::spawn(async move {
            let cookie = format!("jx_judge={token}");
            let mut sockets = Vec::new();
            let mut me = 0;
            for addr in addrs {
                let (mut socket, mut pending) =
                    world::open_socket(&addr.to_string(), "/ws/judge", Some(&cookie)).await.unwrap();
                world::send_text(&mut socket, r#"{"type":"hello","last_seq":null}"#).await.unwrap();
                let snapshot = world::next_text(&mut socket, &mut pending).await;
                me = serde_json::from_str::<serde_json::Value>(&snapshot).unwrap()["judge"]["id"].as_i64().unwrap();
                sockets.push((socket, pending));
            }
            let mut latencies: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
            let mut errors = [0_usize; 2];
            let first = start + every.mul_f64(j as f64 / judges as f64);
            let mut i = 0_usize;
            loop {
                let at = first + every * i as u32;
                if at >= deadline {
                    break;
                }
                tokio::time::sleep_until(at.into()).await;
                let side = (at.duration_since(start).as_nanos() / slice.as_nanos()) as usize % 2;
                let (socket, pending) = &mut sockets[side];
                let entrant = entrants[(i + j) % entrants.len()];
                let value = ["2.5", "3", "4.5", "5"][i % 4];
                let op = format!(
                    r#"{{"type":"mark","judge_id":{me},"op_id":"turns-{run_id}-{j}-{i:07}","entrant_id":{entrant},"aspect_id":{aspect},"value":"{value}"}}"#
                );
                let sent = Instant::now();
                if world::send_text(socket, &op).await.is_err() {
                    break;
                }
                let reply = world::next_text(socket, pending).await;
                if reply.starts_with(r#"{"type":"ack""#) {
                    latencies[side].push(sent.elapsed().as_secs_f64() * 1000.0);
                } else {
                    errors[side] += 1;
                }
                i += 1;
            }
            (latencies, errors)
        }));
    }
    let mut all: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut errors = [0_usize; 2];
    for t in tasks {
        let (l, e) = t.await.unwrap();
        for side in 0..2 {
            all[side].extend_from_slice(&l[side]);
            errors[side] += e[side];
        }
    }
    let stored = {
        use sea_orm::{EntityTrait, PaginatorTrait};
        entity::mark_audit::Entity::find().count(db).await.unwrap()
    };
    let cpu_after = [cpu_time(server.pid), cpu_time(floor.pid)];
    let mut figures = Vec::new();
    for (side, name) in [
        "jiangxin",
        "the floor (same judges, rate, SQLite database and settings, no application)",
    ]
    .iter()
    .enumerate()
    {
        let latencies = &mut all[side];
        latencies.sort_by(|a, b| a.total_cmp(b));
        let pick = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize];
        let rate = latencies.len() as f64 / seconds as f64;
        let cpu = cpu_after[side] - cpu_before[side];
        let per_mark = cpu.as_secs_f64() * 1e6 / latencies.len().max(1) as f64;
        println!(
            "- {name}: {} marks acknowledged, refused: {}; {rate:.0} durable marks/s in its turns",
            latencies.len(),
            errors[side]
        );
        println!(
            "  ack latency: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, p99.9 {:.1} ms, max {:.1} ms; CPU {per_mark:.0} µs per mark",
            pick(0.5),
            pick(0.9),
            pick(0.99),
            pick(0.999),
            pick(1.0)
        );
        figures.push((rate, pick(0.5), pick(0.99), per_mark));
    }
    println!("({stored} marks in jiangxin's audit trail so far)");
    (figures[0], figures[1])
}

/// One measurement: every judge marks until the deadline, paced to `rate` in all or saturated.
async fn run(
    server: &Measured<'_>,
    tokens: &[(String, i32)],
    entrants: &[i32],
    seconds: u64,
    rate: Option<f64>,
    db: &sea_orm::DatabaseConnection,
    backup: Option<(String, std::path::PathBuf)>,
) -> (f64, f64, f64, f64) {
    let addr = server.addr;
    let cpu_before = cpu_time(server.pid);
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
                        latencies.push((sent, sent.elapsed().as_secs_f64() * 1000.0));
                    } else {
                        errors += 1;
                    }
                    i += 1;
                }
                (latencies, errors, began, Instant::now())
            }));
    }
    // Halfway through the marking, a backup from this tool's own connection.
    let copying = backup.map(|(url, out)| {
        let db = db.clone();
        tokio::spawn(async move {
            tokio::time::sleep_until((deadline - Duration::from_secs(seconds) / 2).into()).await;
            let start = Instant::now();
            let made = jiangxin::lifecycle::backup::backup(&db, &url, &out).await;
            (start, Instant::now(), made)
        })
    });
    let mut timed: Vec<(Instant, f64)> = Vec::new();
    let mut errors = 0;
    // The marking window: from the first judge's first mark to the last judge's last reply
    // (opening 200 sockets beforehand is not marking time).
    let mut window: Option<(Instant, Instant)> = None;
    for t in tasks {
        let (l, e, began, ended) = t.await.unwrap();
        timed.extend(l);
        errors += e;
        window = Some(window.map_or((began, ended), |(b, e)| (b.min(began), e.max(ended))));
    }
    let elapsed = window.map_or(0.0, |(b, e)| (e - b).as_secs_f64());
    if let Some(copying) = copying {
        let (start, end, made) = copying.await.unwrap();
        let made = made.expect("backup");
        let mut during: Vec<f64> = timed
            .iter()
            .filter(|(sent, _)| *sent >= start && *sent <= end)
            .map(|(_, ms)| *ms)
            .collect();
        during.sort_by(|a, b| a.total_cmp(b));
        let p = |q: f64| {
            during
                .get(((during.len().max(1) - 1) as f64 * q) as usize)
                .copied()
                .unwrap_or(0.0)
        };
        println!(
            "backup during marking: copy {} ms ({:.1} MB, audit chain intact); {} marks sent meanwhile, ack p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            made.copy.as_millis(),
            made.checked.bytes as f64 / 1_048_576.0,
            during.len(),
            p(0.5),
            p(0.99),
            p(1.0)
        );
    }
    let mut latencies: Vec<f64> = timed.into_iter().map(|(_, ms)| ms).collect();
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
    let cpu = cpu_time(server.pid) - cpu_before;
    let per_mark = cpu.as_secs_f64() * 1e6 / latencies.len().max(1) as f64;
    println!(
        "server CPU: {:.2} s over the run ({:.0}% of one core), {per_mark:.0} µs per mark",
        cpu.as_secs_f64(),
        cpu.as_secs_f64() / elapsed * 100.0
    );
    (
        latencies.len() as f64 / elapsed,
        pick(0.5),
        pick(0.99),
        per_mark,
    )
}
