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
//!
//! Unless `FLOOR=0`, the tool measures the same fan-out with no server at all beside it (see
//! [`floor`]) and prints the ratio of the two p99s: the least time the kernel itself needs on
//! this machine to put one frame on every spectator's socket. The two take **turns** (`TURNS`,
//! 1 by default): the floor's spectators are held at the same time as the server's, and after
//! each mark the floor writes one frame of exactly the size of the update that mark caused, so
//! that a burst of noise from the machine falls on both alike rather than on whichever ran then.
//! `TURNS=0` runs the server's marks, then the floor's rounds with frames the size of the median
//! update, as before. `FLOOR=1` runs the floor alone (`FRAME_BYTES` sets its size,
//! `SNAPSHOT_BYTES` the size of the snapshot each of its spectators gets on connecting: the
//! driver names the server's, so both sides' readers hold and read the same bytes).
//! `SLOWEST=n` prints the n slowest updates of each side with their time to the first spectator
//! and when each was sent (the floor's numbered by its rounds).
//!
//! The floor's two writers share the sockets out in two ways, one round of each after every
//! mark, taking turns at going first (`FLOOR_SHARE=halves` or `runs` for one alone): **halves**,
//! a fixed half each, the floor as first defined; and **runs**, each writer taking the next run
//! of 256 sockets until none are left, as the server's writers do. With halves the writer whose
//! half shares a core with the readers finishes late and the round with it (about 16% later
//! in the median on one machine, 2026-12-08), so runs is the lower floor; both ratios are
//! printed. `FLOOR_SHARE=runs,runs` does the lower floor twice after every mark, and prints the
//! two floors' p99 against each other: the spread the machine alone puts into a p99 ratio.
//! `FLOOR_INTERLEAVE=1` gives the writers every other socket (with halves: each half
//! is then every other socket).
//!
//! In turns the floor is measured twice from the same rounds. A spectator may see a mark only
//! once it is durable (DESIGN §6), so the server's latency holds a commit; the first floor does
//! the same least work: before its frames it writes as many bytes as the server wrote to disk
//! in that mark's cycle (`write_bytes` of `/proc/<pid>/io`: the commit and any checkpoint) to a
//! file on the same disk, and waits for one `fdatasync`. The second is the frames alone, from
//! the first write to a socket. On a disk whose syncs now and then take hundreds of
//! milliseconds, only the first compares like with like at the p99. (With `POSTGRES` the
//! commit's disk work is the database server's, which `write_bytes` of our process does not
//! see: the first floor then writes next to nothing, and is printed only when it wrote at all.)
//!
//! One mark (and one floor round) comes first and is shown apart, not counted: the warm-up
//! (see [`WARMUP`]).
//!
//! The tool also counts the disk's cache flushes during the marks (from the kernel's block
//! statistics): every flush is a chance of the disk's long stall, so a side that asks for more
//! of them per mark meets more stalls. The floor asks for one per round (its `fdatasync`); the
//! rest are printed per mark as the server's.
//!
//! `CONNECT` says when the floor's spectators connect: `together` (the default) while the
//! server's do, `server-first` after them (as before), `floor-first` before them. The order
//! moves the CPU each write costs: on one machine (2026-12-07) the server's writes cost 8–15%
//! more than the floor's when the server's spectators connected first, 2–4% when the floor's
//! did, 4–9% together; so `together`, where neither side has the order on its side.
//!
//! `ENTRANTS` sets the event's size (30). `POSTGRES=<url>` runs two server processes on a fresh
//! database there, half the spectators on each and the marks sent to the first: the second
//! process's figure is mark → last spectator across processes (LISTEN/NOTIFY).

mod world;

use world::spectators::{self, micros, seq_of};

use entity::kinds::Aggregation;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A number from one of a process's `/proc/<pid>/` files: the first word after `key`.
fn proc_number(pid: u32, file: &str, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/{file}"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    proc_number(pid, "status", "VmRSS:")
}

fn main() {
    if let Ok(addr) = std::env::var("LIVE_LOAD_WORKER") {
        let path = format!("/ws/live/{}", env("EVENT", 1));
        spectators::worker(&addr, &path, env("COUNT", 1000) as usize);
    } else if std::env::var("FLOOR").is_ok_and(|v| v == "1") {
        floor();
    } else {
        driver();
    }
}

fn driver() {
    let spectators = env("SPECTATORS", 19_000) as usize;
    let workers = env("WORKERS", 1) as usize;
    let marks = env("MARKS", 100) as usize;
    let entrants = env("ENTRANTS", 30) as u32;
    let postgres = std::env::var("POSTGRES").ok().filter(|u| !u.is_empty());
    let with_floor = postgres.is_none() && !std::env::var("FLOOR").is_ok_and(|v| v == "0");
    let turns = with_floor && env("TURNS", 1) == 1;
    // The ways the floor shares its sockets out, in the order its report gives them.
    let shares = Share::chosen();
    // The floor's fdatasyncs per mark: one for each way.
    let floor_ways = shares.len() as u64;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (sizes, snapshot_bytes, floor_in_turns) = rt.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let (url, dropped) = match &postgres {
            Some(base) => {
                let name = format!("jx_live_load_{}", std::process::id());
                let admin = jiangxin::db::connect(base).await.unwrap();
                use sea_orm::ConnectionTrait;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                let url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
                (url, Some((admin, name)))
            }
            None => (
                format!("sqlite://{}", dir.path().join("live.db").display()),
                None,
            ),
        };
        let db = jiangxin::db::connect(&url).await.unwrap();
        jiangxin::db::migrate(&db).await.unwrap();
        let w = world::build(
            &db,
            world::Spec {
                entrants,
                judges: 1,
                panel_size: 1,
                aggregation: Aggregation::Single,
                max: 100,
                theory: false,
            },
        )
        .await;
        jiangxin::leaderboard::settings::set_live_settings(
            &db,
            &w.actor,
            w.event_id,
            jiangxin::leaderboard::settings::LiveSettings {
                marks: jiangxin::leaderboard::settings::LiveMarks::Submitted,
                anonymous: true,
                freeze_at: None,
            },
        )
        .await
        .unwrap();
        db.close().await.unwrap();

        // SQLite: one process. PostgreSQL: two, the spectators split between them and the
        // marks sent to the first, so the second hears of each through NOTIFY.
        let mut servers: Vec<(Child, String)> = (0..if postgres.is_some() { 2 } else { 1 })
            .map(|_| world::start_server(&url))
            .collect();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let before: Vec<u64> = servers.iter().map(|(s, _)| rss_kib(s.id())).collect();
        println!(
            "{} server process(es) on {}, {before:?} KiB resident before spectators; opening {spectators} spectator sockets from {workers} processes per server; {entrants} entrants",
            servers.len(),
            if postgres.is_some() { "PostgreSQL" } else { "SQLite" },
        );
        // In turns, the floor's spectators connect while the server's do (`CONNECT`, see the
        // module's doc): sockets made first cost the kernel more to write to afterwards.
        let connect = std::env::var("CONNECT").unwrap_or_else(|_| "together".into());
        let mut early_floor = None;
        if turns && connect != "server-first" {
            let (mut socket, mut pending) =
                world::open_socket(&servers[0].1, &format!("/ws/live/{}", w.event_id), None)
                    .await
                    .unwrap();
            let snapshot = world::next_text(&mut socket, &mut pending).await;
            let floor = FloorInTurns::spawn(snapshot.len());
            early_floor = Some(if connect == "floor-first" {
                floor.ready()
            } else {
                floor
            });
        }
        let opened = std::time::Instant::now();
        let share = spectators / servers.len();
        let pools: Vec<Pool> = servers
            .iter()
            .map(|(_, addr)| spawn_workers(addr, w.event_id, share, workers))
            .collect();
        // Every worker says "ready" once all its sockets have their snapshot: how long a full
        // hall takes to (re)connect.
        let connected = opened.elapsed();
        tokio::time::sleep(Duration::from_secs(2)).await;
        for ((server, _), before) in servers.iter().zip(&before) {
            let after = rss_kib(server.id());
            println!(
                "sockets held: {share} (all {spectators} connected in {:.1} s); server resident {after} KiB: {:.1} KiB per idle socket",
                connected.as_secs_f64(),
                (after.saturating_sub(*before)) as f64 / share as f64
            );
        }

        // A spectator of the tool's own on each server names the update each mark caused
        // there (each process numbers its own stream); the first one's snapshot gives the size
        // of the snapshot the floor sends its spectators when they connect.
        let mut own = Vec::new();
        let mut snapshot_bytes = 0;
        for (_, addr) in &servers {
            let (mut socket, mut pending) =
                world::open_socket(addr, &format!("/ws/live/{}", w.event_id), None)
                    .await
                    .unwrap();
            let snapshot = world::next_text(&mut socket, &mut pending).await;
            snapshot_bytes = snapshot_bytes.max(snapshot.len());
            own.push((socket, pending));
        }

        // The floor's own spectators, held from now on beside the server's: a round of the
        // floor follows each mark.
        let mut floor = match early_floor {
            Some(f) => Some(f.ready()),
            None => turns.then(|| FloorInTurns::spawn(snapshot_bytes).ready()),
        };

        // One judge's tablet marks entrant after entrant; every mark changes the board.
        let addr = servers[0].1.clone();
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
        // The snapshot names the judge every mark must name.
        let mut me = 0_i64;
        while let Some(Ok(m)) = tablet.next().await {
            if let Message::Text(snapshot) = m {
                me = serde_json::from_str::<serde_json::Value>(&snapshot).unwrap()["judge"]["id"]
                    .as_i64()
                    .unwrap();
                break;
            }
        }
        let mut sent_at: Vec<HashMap<u64, u64>> =
            vec![HashMap::with_capacity(marks); servers.len()];
        // The first mark after the server started, and the floor's round after it: done and
        // shown, not counted (see `WARMUP`).
        let mut warm_at: Vec<HashMap<u64, u64>> = vec![HashMap::new(); servers.len()];
        let mut sizes = Vec::with_capacity(marks);
        let servers_cpu = |servers: &[(Child, String)]| {
            servers.iter().map(|(s, _)| cpu_micros(s.id())).sum::<u64>()
        };
        // The setup's own writes (the event, the migrations, the server's first reads) reach
        // the disk now, not as the kernel's writeback in the middle of the marks, where a
        // judge's commit would wait behind them.
        // SAFETY: sync(2) takes no arguments and cannot fail.
        unsafe { libc::sync() };
        // How long each mark took to be committed (the judge's ack), within its latency.
        let mut acks: Vec<f64> = Vec::with_capacity(marks);
        let mut disk_before = disk_bytes(servers[0].0.id());
        let (mut cpu_before, mut readers_before, mut flushes_before) = (0, 0, None);
        let mut floor_syncs = 0_u64;
        for i in 0..WARMUP + marks {
            let counted = i >= WARMUP;
            if i == WARMUP {
                cpu_before = servers_cpu(&servers);
                readers_before = pools.iter().map(pool_cpu).sum::<u64>();
                // The disk's cache flushes: each one a chance of the disk's long stalls, on
                // whichever side asked for it.
                flushes_before = disk_flushes(dir.path());
            }
            let entrant = w.entrants[i % w.entrants.len()];
            let value = format!("{}", 50.0 + (i % 97) as f64 * 0.5);
            let op = json!({"type": "mark", "judge_id": me, "op_id": format!("live-load-{i:06}"), "entrant_id": entrant, "aspect_id": aspect, "value": value});
            let t = micros();
            tablet.send(Message::Text(op.to_string().into())).await.unwrap();
            loop {
                let Some(Ok(Message::Text(reply))) = tablet.next().await else { continue };
                assert!(reply.contains("\"ack\""), "{reply}");
                break;
            }
            if counted {
                acks.push((micros() - t) as f64 / 1000.0);
            }
            let mut size = 0;
            for (n, (socket, pending)) in own.iter_mut().enumerate() {
                let update = world::next_text(socket, pending).await;
                if let Some(seq) = seq_of(update.as_bytes()) {
                    let into = if counted { &mut sent_at } else { &mut warm_at };
                    into[n].insert(seq, t);
                }
                if n == 0 {
                    size = update.len();
                }
            }
            if counted {
                sizes.push(size);
            }
            // One update per mark: the next mark waits until this one has been shown.
            tokio::time::sleep(Duration::from_millis(100)).await;
            if let Some(floor) = &mut floor {
                // What this mark's cycle wrote to disk (its commit, and any checkpoint since the
                // last): the floor writes as many bytes, durably, before its frames.
                let disk = disk_bytes(servers[0].0.id());
                let written = disk.saturating_sub(disk_before);
                disk_before = disk;
                tokio::task::block_in_place(|| floor.round(size, written, counted));
                floor_syncs += u64::from(counted && written > 0) * floor_ways;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        if let (Some(before), Some(after)) = (flushes_before, disk_flushes(dir.path())) {
            let server = (after - before).saturating_sub(floor_syncs);
            println!(
                "the disk's cache flushes during the marks: {} ({floor_syncs} the floor's fdatasyncs); the rest, {:.2} per mark, the server's{}",
                after - before,
                server as f64 / marks.max(1) as f64,
                if postgres.is_some() { " (PostgreSQL's)" } else { "" }
            );
        }

        let cpu = servers_cpu(&servers) - cpu_before;
        let readers = pools.iter().map(pool_cpu).sum::<u64>() - readers_before;
        for (n, ((pool, sent), warm)) in pools.into_iter().zip(&sent_at).zip(&warm_at).enumerate() {
            if servers.len() > 1 {
                println!(
                    "server {} ({}):",
                    n + 1,
                    if n == 0 { "marks sent here" } else { "hears of them through NOTIFY" }
                );
            }
            let frames = gather(pool);
            report(share, sent, &frames);
            report_warmup(warm, &frames);
        }
        acks.sort_by(|a, b| a.total_cmp(b));
        if let (Some(median), Some(p99)) = (
            acks.get(acks.len() / 2),
            acks.get((acks.len().saturating_sub(1) as f64 * 0.99) as usize),
        ) {
            println!("of which mark → ack (committed): median {median:.1} ms, p99 {p99:.1} ms");
        }
        let per = |micros: u64| micros as f64 / (spectators * marks.max(1)) as f64;
        println!(
            "CPU per spectator per update: server {:.1} µs, the tool's readers {:.1} µs",
            per(cpu),
            per(readers)
        );
        for (server, _) in &mut servers {
            let _ = server.kill();
            let _ = server.wait();
        }
        if let Some((admin, name)) = dropped {
            use sea_orm::ConnectionTrait;
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
        (sizes, snapshot_bytes, floor.map(FloorInTurns::finish))
    });
    let mut sorted = sizes.clone();
    sorted.sort_unstable();
    let Some(largest) = sorted.last().copied() else {
        return;
    };
    let median = sorted[sorted.len() / 2];
    println!(
        "update frames: median {median} bytes, largest {largest} bytes ({} updates)",
        sizes.len()
    );
    if !with_floor {
        return;
    }
    let floor = match floor_in_turns {
        Some(report) => {
            println!(
                "--- the kernel's floor, in turns with the server: a frame of each update's size after each mark ---"
            );
            report
        }
        None => {
            // The floor, now, with frames of the median update's size.
            println!("--- the kernel's floor, same spectators, {median}-byte frames ---");
            let floor = Command::new(std::env::current_exe().unwrap())
                .env("FLOOR", "1")
                .env("FRAME_BYTES", median.to_string())
                .env("SNAPSHOT_BYTES", snapshot_bytes.to_string())
                .output()
                .unwrap();
            String::from_utf8_lossy(&floor.stdout).into_owned()
        }
    };
    print!("{floor}");
    let floors = p99s_in(&floor);
    let ratio = |theirs: Option<&f64>| match (P99.get(), theirs) {
        (Some(ours), Some(theirs)) => format!("{:.3}", ours / theirs),
        _ => "unknown".into(),
    };
    // The p99s of each way the floor shared its sockets out, in `Share::chosen` order: two
    // (durable, frames alone) when it made the marks' bytes durable, one otherwise.
    let per_share = (floors.len() / shares.len()).max(1);
    for (k, (share, p99s)) in shares.iter().zip(floors.chunks(per_share)).enumerate() {
        let name = match shares.len() {
            1 => String::new(),
            _ if shares.iter().filter(|s| *s == share).count() > 1 => {
                format!("{} #{}: ", share.short(), k + 1)
            }
            _ => format!("{}: ", share.short()),
        };
        if per_share == 2 {
            println!(
                "jiangxin p99 / floor p99: {name}{} (the floor with the mark's durable write); {} (the frames alone)",
                ratio(p99s.first()),
                ratio(p99s.get(1))
            );
        } else {
            println!("jiangxin p99 / floor p99: {name}{}", ratio(p99s.first()));
        }
    }
    // The same floor twice (`FLOOR_SHARE=runs,runs`): how far two rounds of identical work, in
    // turns on the same machine, are apart at the p99; the spread any ratio here carries.
    if let [a, b] = shares.as_slice()
        && a == b
        && let (Some(first), Some(second)) = (floors.first(), floors.get(per_share))
    {
        println!(
            "floor #1 p99 / floor #2 p99: {:.3} (the same floor twice: the machine's own spread)",
            first / second
        );
    }
}

/// The floor's process in turns mode: it holds its own spectators beside the server's and
/// writes one round each time it is asked.
struct FloorInTurns {
    child: Child,
    out: BufReader<std::process::ChildStdout>,
    /// What it printed before it was ready (its heading).
    heading: String,
}

impl FloorInTurns {
    /// Starts the floor's process, which begins connecting its spectators at once.
    fn spawn(snapshot_bytes: usize) -> Self {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .env("FLOOR", "1")
            .env("TURNS", "1")
            .env("SNAPSHOT_BYTES", snapshot_bytes.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        FloorInTurns {
            child,
            out,
            heading: String::new(),
        }
    }

    /// Waits until every floor spectator is connected (a second call returns at once).
    fn ready(mut self) -> Self {
        while !self.heading.ends_with("ready\n") {
            let mut line = String::new();
            assert!(
                self.out.read_line(&mut line).unwrap() > 0,
                "the floor failed"
            );
            self.heading.push_str(&line);
        }
        self
    }

    /// One frame of `bytes` to every floor spectator, after `disk` bytes made durable; returns
    /// once all are written. Not `counted`: the warm-up round.
    fn round(&mut self, bytes: usize, disk: u64, counted: bool) {
        let kind = if counted { "round" } else { "warmup" };
        writeln!(self.child.stdin.as_mut().unwrap(), "{kind} {bytes} {disk}").unwrap();
        let mut line = String::new();
        self.out.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "done", "the floor failed");
    }

    /// Ends the rounds; returns everything the floor printed.
    fn finish(mut self) -> String {
        drop(self.child.stdin.take());
        let mut rest = String::new();
        self.out.read_to_string(&mut rest).unwrap();
        let _ = self.child.wait();
        let heading = self
            .heading
            .strip_suffix("ready\n")
            .unwrap_or(&self.heading);
        heading.to_owned() + &rest
    }
}

/// The p99 the last report printed, for the ratio to the floor.
static P99: std::sync::OnceLock<f64> = std::sync::OnceLock::new();

/// The p99s in a report's output, in the order printed.
fn p99s_in(text: &str) -> Vec<f64> {
    text.lines()
        .filter(|l| l.starts_with("→ last spectator"))
        .filter_map(|l| l.split("p99 ").nth(1)?.split(' ').next()?.parse().ok())
        .collect()
}

type Pool = Vec<(Child, BufReader<std::process::ChildStdout>)>;

/// Starts the worker processes that hold the spectators, and waits until each has its share
/// open and snapshotted.
fn spawn_workers(addr: &str, event: entity::EventId, spectators: usize, workers: usize) -> Pool {
    let mut pool: Pool = (0..workers)
        .map(|i| {
            let share = spectators / workers + usize::from(i < spectators % workers);
            let mut child = Command::new(std::env::current_exe().unwrap())
                .env("LIVE_LOAD_WORKER", addr)
                .env("COUNT", share.to_string())
                .env("EVENT", event.to_string())
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
    pool
}

/// Per frame seq, from every worker: how many spectators got it, when the last one did and when
/// the first.
fn gather(mut pool: Pool) -> HashMap<u64, (u64, u64, u64)> {
    let mut frames: HashMap<u64, (u64, u64, u64)> = HashMap::new();
    for (child, out) in &mut pool {
        writeln!(child.stdin.as_mut().unwrap(), "stop").unwrap();
        for line in out.lines() {
            let line = line.unwrap();
            if line == "done" {
                break;
            }
            let parts: Vec<u64> = line.split(' ').filter_map(|p| p.parse().ok()).collect();
            if let [seq, n, last, first] = parts[..] {
                let e = frames.entry(seq).or_insert((0, 0, first));
                e.0 += n;
                e.1 = e.1.max(last);
                e.2 = e.2.min(first);
            }
        }
        let _ = child.wait();
    }
    frames
}

/// Prints how many updates reached every spectator, and the latency from each update's start
/// (`sent_at`, by seq) to its last spectator.
fn report(spectators: usize, sent_at: &HashMap<u64, u64>, frames: &HashMap<u64, (u64, u64, u64)>) {
    let complete = sent_at
        .keys()
        .filter(|s| frames.get(s).is_some_and(|f| f.0 as usize == spectators))
        .count();
    println!(
        "updates: {} ({complete} reached every spectator)",
        sent_at.len()
    );
    let latencies = since_sent(sent_at, frames, |f| f.1);
    if latencies.is_empty() {
        println!("no update reached the spectators");
        return;
    }
    let pick = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize];
    println!(
        "→ last spectator: median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        pick(0.5),
        pick(0.99),
        pick(1.0)
    );
    // When the first spectator had it: what came before the fan-out (for the server, the
    // commit and the board's refresh).
    let firsts = since_sent(sent_at, frames, |f| f.2);
    println!(
        "→ first spectator: median {:.1} ms",
        firsts[firsts.len() / 2]
    );
    // `SLOWEST=n`: the n slowest updates, in order of the mark that caused them, to see
    // whether a tail is spread out or comes at one moment (a start, a timer).
    let slowest = env("SLOWEST", 0) as usize;
    if slowest > 0 {
        let mut by_seq: Vec<(u64, f64, f64)> = sent_at
            .iter()
            .filter_map(|(seq, t)| {
                let f = frames.get(seq)?;
                let ms = |at: u64| at.saturating_sub(*t) as f64 / 1000.0;
                Some((*seq, ms(f.1), ms(f.2)))
            })
            .collect();
        by_seq.sort_by(|a, b| b.1.total_cmp(&a.1));
        by_seq.truncate(slowest);
        by_seq.sort_by_key(|s| s.0);
        let shown: Vec<String> = by_seq
            .iter()
            .map(|(seq, last, first)| {
                // When it was sent (Unix seconds), to find it in a system-wide trace.
                let at = sent_at[seq] as f64 / 1e6;
                format!("#{seq} {last:.0} ms (first {first:.1}) @{at:.3}")
            })
            .collect();
        println!("  slowest: {}", shown.join(", "));
    }
    let _ = P99.set(pick(0.99));
}

/// How many marks (and floor rounds) come first, done and shown but not counted: the first
/// after the server started meets its caches and prepared statements cold (one to sixty
/// milliseconds more before its fan-out on one machine, 2026-12-07), a cost each process
/// pays once, not the steady state the p99 is about.
const WARMUP: usize = 1;

/// The warm-up's own figures, shown beside the counted ones.
fn report_warmup(warm: &HashMap<u64, u64>, frames: &HashMap<u64, (u64, u64, u64)>) {
    if let (Some(last), Some(first)) = (
        since_sent(warm, frames, |f| f.1).first(),
        since_sent(warm, frames, |f| f.2).first(),
    ) {
        println!(
            "  the warm-up (not counted): → last spectator {last:.1} ms, → first spectator {first:.1} ms"
        );
    }
}

/// Milliseconds from each update's start (`sent_at`) to the arrival `at` picks from its
/// record, sorted.
fn since_sent(
    sent_at: &HashMap<u64, u64>,
    frames: &HashMap<u64, (u64, u64, u64)>,
    at: impl Fn(&(u64, u64, u64)) -> u64,
) -> Vec<f64> {
    let mut ms: Vec<f64> = sent_at
        .iter()
        .filter_map(|(seq, t)| {
            frames
                .get(seq)
                .map(|f| at(f).saturating_sub(*t) as f64 / 1000.0)
        })
        .collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    ms
}

/// CPU time of the worker processes so far, in microseconds.
fn pool_cpu(pool: &Pool) -> u64 {
    pool.iter().map(|(child, _)| cpu_micros(child.id())).sum()
}

/// Bytes a process has caused to be written to storage so far (`write_bytes` of
/// `/proc/<pid>/io`: the database's pages, not the sockets' frames).
fn disk_bytes(pid: u32) -> u64 {
    proc_number(pid, "io", "write_bytes:")
}

/// How many cache flushes the disk that holds `path` has completed since boot (the 16th
/// number of its `/sys/dev/block/<major>:<minor>/stat`, or the whole disk's when `path` is on a
/// partition); `None` where the kernel does not say.
fn disk_flushes(path: &std::path::Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    let dev = std::fs::metadata(path).ok()?.dev();
    let block = format!("/sys/dev/block/{}:{}", libc::major(dev), libc::minor(dev));
    let read = |stat: String| -> Option<u64> {
        std::fs::read_to_string(stat)
            .ok()?
            .split_whitespace()
            .nth(15)?
            .parse()
            .ok()
    };
    read(format!("{block}/stat"))
        .filter(|_| !std::path::Path::new(&format!("{block}/partition")).exists())
        .or_else(|| read(format!("{block}/../stat")))
}

/// User and system CPU time of a process so far, in microseconds.
fn cpu_micros(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which may hold spaces) start at its closing ')'.
    let fields: Vec<u64> = stat
        .rsplit_once(')')
        .map(|(_, rest)| {
            rest.split_whitespace()
                .map(|f| f.parse().unwrap_or(0))
                .collect()
        })
        .unwrap_or_default();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    ticks * 1_000_000 / hz
}

/// A message of `kind` with `seq`, padded to `size` bytes (or as short as it can be).
fn padded(kind: &str, seq: u64, size: usize) -> Vec<u8> {
    let head = format!(r#"{{"type":"{kind}","stream":"floor","seq":{seq},"rows":""#);
    let mut payload = head.into_bytes();
    payload.resize(size.saturating_sub(3).max(payload.len()), b'x');
    payload.extend_from_slice(br#""}"#);
    payload
}

/// The kernel's floor on this machine: no server at all. The tool accepts the spectators'
/// sockets itself and writes one ready-made WebSocket frame (the size of a real board update)
/// to every one of them from two threads (see [`Share`]), as the server writes on each of its
/// two cores, with the same workers reading. What its lower way prints is the least any server
/// could take here to reach the last spectator, before committing a mark or computing a board.
fn floor() {
    use std::net::TcpListener;
    let spectators = env("SPECTATORS", 19_000) as usize;
    let workers = env("WORKERS", 1) as usize;
    let rounds = env("MARKS", 100) as usize;
    let size = env("FRAME_BYTES", 280) as usize;
    // The snapshot each spectator gets on connecting, as large as the server's (the driver
    // names it): both sides' readers then hold the same bytes.
    let snapshot_bytes = env("SNAPSHOT_BYTES", 0) as usize;
    let snapshot = text_frame(&padded("snapshot", 0, snapshot_bytes));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    // The server's own socket settings: 64 KiB send buffer, no Nagle.
    socket2::SockRef::from(&listener)
        .set_send_buffer_size(64 * 1024)
        .unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let turns = std::env::var("TURNS").is_ok_and(|v| v == "1");
    let shares = Share::chosen();
    let frames = if turns {
        "a frame of the size the driver names".to_owned()
    } else {
        format!("a {size}-byte frame")
    };
    println!(
        "kernel floor: {spectators} sockets, a {}-byte snapshot to each on connecting, {frames} to each per round, written by two threads ({}), read by {workers} worker process(es)",
        snapshot.len(),
        shares
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join("; then ")
    );
    let acceptor = std::thread::spawn(move || {
        let mut sockets = Vec::with_capacity(spectators);
        let mut request = [0_u8; 2048];
        while sockets.len() < spectators {
            let (mut socket, _) = listener.accept().unwrap();
            socket.set_nodelay(true).unwrap();
            let mut got = 0;
            while !request[..got].windows(4).any(|w| w == b"\r\n\r\n") {
                got += socket.read(&mut request[got..]).unwrap();
            }
            socket
                .write_all(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
                .unwrap();
            socket.write_all(&snapshot).unwrap();
            socket.set_nonblocking(true).unwrap();
            sockets.push(socket);
        }
        sockets
    });
    // The same workers open the same number of sockets, one after another: the floor for how
    // long a full hall takes to (re)connect.
    let opened = std::time::Instant::now();
    let pool = spawn_workers(&addr, entity::EventId(0), spectators, workers);
    let mut sockets = acceptor.join().unwrap();
    // The writers take every other socket, as the server's shards did before spectators
    // joined them in runs: what that costs the kernel and the readers.
    if std::env::var("FLOOR_INTERLEAVE").is_ok_and(|v| v == "1") {
        let (even, odd): (Vec<_>, Vec<_>) = sockets
            .into_iter()
            .enumerate()
            .partition(|(i, _)| i % 2 == 0);
        sockets = even.into_iter().chain(odd).map(|(_, s)| s).collect();
    }
    println!(
        "all {spectators} connected in {:.1} s",
        opened.elapsed().as_secs_f64()
    );
    std::thread::sleep(Duration::from_secs(1));
    // Per way of sharing the sockets (`shares`): when each round's frames began, and (in
    // turns) its durable write.
    let mut sent_at = vec![HashMap::with_capacity(rounds); shares.len()];
    let mut stalled = 0;
    let (mut writers_before, mut readers_before) =
        (cpu_micros(std::process::id()), pool_cpu(&pool));
    // The rounds the driver names `warmup` (see `WARMUP`): done, shown apart, not counted.
    let mut warmups = Vec::new();
    // In turns the driver names each round's frame size on stdin and waits for "done".
    let mut asked = std::io::stdin().lock().lines();
    if turns {
        println!("ready");
        std::io::stdout().flush().unwrap();
    }
    // In turns, a file beside the server's database, on the same disk: the floor of a mark's
    // durable commit (see below).
    let disk_dir = tempfile::tempdir().unwrap();
    let durable_file = std::fs::File::create(disk_dir.path().join("durable")).unwrap();
    let mut durable_at = vec![HashMap::with_capacity(rounds); shares.len()];
    let (mut round, mut asked_rounds) = (0_u64, 0);
    loop {
        let (counted, size, disk) = if turns {
            match asked.next() {
                Some(Ok(line)) => {
                    let (kind, rest) = line
                        .split_once(' ')
                        .expect("round|warmup <bytes> [<disk bytes>]");
                    let mut words = rest
                        .split(' ')
                        .map(|n| n.parse::<usize>().expect("a number"));
                    (
                        kind == "round",
                        words.next().expect("round <bytes>"),
                        words.next().unwrap_or(0),
                    )
                }
                _ => break,
            }
        } else if asked_rounds == rounds {
            break;
        } else {
            (true, size, 0)
        };
        asked_rounds += 1;
        // The ways take turns at going first: a round just after another meets what the other
        // left behind (its readers' last reads, the acknowledgements the kernel delays).
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.rotate_left(asked_rounds % shares.len());
        for (n, k) in order.into_iter().enumerate() {
            let share = shares[k];
            if n > 0 {
                // The readers have read the last way's round before the next begins.
                std::thread::sleep(Duration::from_millis(100));
            }
            round += 1;
            if !counted {
                warmups.push(round);
            }
            let frame = text_frame(&padded("update", round, size));
            // A spectator may see a mark only once it is durable (DESIGN §6): before its frames
            // the floor writes as many bytes as the server wrote to disk for the mark, and waits
            // for the disk to hold them (one fdatasync: the least a commit can do).
            if disk > 0 {
                let bytes = vec![b'm'; disk];
                durable_at[k].insert(round, micros());
                use std::os::unix::fs::FileExt;
                durable_file.write_all_at(&bytes, 0).unwrap();
                durable_file.sync_data().unwrap();
            }
            sent_at[k].insert(round, micros());
            stalled += share.write(&mut sockets, &frame);
        }
        if !counted {
            (writers_before, readers_before) = (cpu_micros(std::process::id()), pool_cpu(&pool));
        }
        if turns {
            println!("done");
            std::io::stdout().flush().unwrap();
        } else {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let rounds = round as usize - warmups.len();
    std::thread::sleep(Duration::from_secs(1));
    let writers = cpu_micros(std::process::id()) - writers_before;
    let readers = pool_cpu(&pool) - readers_before;
    let frames = gather(pool);
    let warm = |at: &mut HashMap<u64, u64>| -> HashMap<u64, u64> {
        warmups.iter().filter_map(|r| at.remove_entry(r)).collect()
    };
    for ((share, durable_at), sent_at) in shares.iter().zip(&mut durable_at).zip(&mut sent_at) {
        if shares.len() > 1 {
            println!("the writers {}:", share.name());
        }
        let (warm_durable, warm_sent) = (warm(durable_at), warm(sent_at));
        if !durable_at.is_empty() {
            println!("with the mark's bytes made durable first (from the write):");
            report(spectators, durable_at, &frames);
            report_warmup(&warm_durable, &frames);
            println!("the frames alone (from the first write to a socket):");
        }
        report(spectators, sent_at, &frames);
        report_warmup(&warm_sent, &frames);
    }
    let per = |micros: u64| micros as f64 / (spectators * rounds.max(1)) as f64;
    println!(
        "CPU per spectator per update: writers {:.1} µs, readers {:.1} µs; writes the kernel could not take at once: {stalled}",
        per(writers),
        per(readers)
    );
}

/// How the floor's two writers share the sockets out (`FLOOR_SHARE`: `halves`, `runs`, or
/// both by default, one round of each after every mark).
#[derive(Clone, Copy, PartialEq)]
enum Share {
    /// A fixed half each: the floor as first defined. The writer whose half shares a core
    /// with the readers finishes late, and the round with it.
    Halves,
    /// Runs of sockets taken in turn until none are left, as the server's writers take them:
    /// the least this machine needs for a round.
    Runs,
}

impl Share {
    /// The ways `FLOOR_SHARE` names, separated by commas (a way named twice is done twice:
    /// `runs,runs` measures the floor against itself); both, once each, by default.
    fn chosen() -> Vec<Share> {
        match std::env::var("FLOOR_SHARE") {
            Ok(list) if !list.trim().is_empty() => list
                .split(',')
                .map(|way| match way.trim() {
                    "halves" => Share::Halves,
                    "runs" => Share::Runs,
                    other => {
                        panic!("FLOOR_SHARE: halves or runs, separated by commas, not {other:?}")
                    }
                })
                .collect(),
            _ => vec![Share::Halves, Share::Runs],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Share::Halves => "with a half each",
            Share::Runs => "taking runs of 256 sockets in turn",
        }
    }

    fn short(self) -> &'static str {
        match self {
            Share::Halves => "halves",
            Share::Runs => "runs",
        }
    }

    /// One round; answers the writes the kernel could not take whole.
    fn write(self, sockets: &mut [std::net::TcpStream], frame: &[u8]) -> usize {
        match self {
            Share::Halves => write_in_halves(sockets, frame),
            Share::Runs => write_in_runs(sockets, frame),
        }
    }
}

/// A round of the floor as it was first defined: each of two writers a fixed half of the
/// sockets. Answers the writes the kernel could not take whole.
fn write_in_halves(sockets: &mut [std::net::TcpStream], frame: &[u8]) -> usize {
    let half = sockets.len() / 2;
    let (a, b) = sockets.split_at_mut(half);
    std::thread::scope(|scope| {
        let writers: Vec<_> = [a, b]
            .into_iter()
            .map(|part| scope.spawn(move || write_each(part, frame)))
            .collect();
        writers
            .into_iter()
            .map(|w| w.join().unwrap())
            .sum::<usize>()
    })
}

/// A round with the sockets shared out as the server's fan-out shares them: each of two
/// writers takes the next run of [`FLOOR_RUN`] sockets until none are left, so neither waits
/// for the other's fixed half.
fn write_in_runs(sockets: &mut [std::net::TcpStream], frame: &[u8]) -> usize {
    let runs = std::sync::Mutex::new(sockets.chunks_mut(FLOOR_RUN));
    let write = || {
        let mut stalled = 0;
        loop {
            // Its own statement: the lock is let go before the run is written.
            let Some(run) = runs.lock().unwrap().next() else {
                return stalled;
            };
            stalled += write_each(run, frame);
        }
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(write);
        write() + other.join().unwrap()
    })
}

/// The server's run of sockets (`fanout::WRITE_RUN`).
const FLOOR_RUN: usize = 256;

/// One write of `frame` to each socket; answers how many did not take it whole.
fn write_each(sockets: &mut [std::net::TcpStream], frame: &[u8]) -> usize {
    sockets
        .iter_mut()
        .map(|s| s.write(frame))
        .filter(|w| !matches!(w, Ok(n) if *n == frame.len()))
        .count()
}

/// An unmasked text frame, as a server sends it.
fn text_frame(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 4);
    out.push(0x81);
    match payload.len() {
        n if n < 126 => out.push(n as u8),
        n => {
            out.push(126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
    }
    out.extend_from_slice(payload);
    out
}
