//! The contest day's two bursts, measured: 检录 of 500 entrants by 4 staff at once (each phone
//! checks its quarter in, one after another, through the JSON API of the real `jiangxin serve`
//! process), with the latency of each check-in; and importing the theory exam's export of
//! 2,000 rows (read, check every row, store them as audited marks in one transaction).
//!
//! `cargo bench --bench contest_day` (goals: check-in p99 under 50 ms; theory import under 1 s).
//! `ENTRANTS` and `ROWS` in the environment change the sizes.

use entity::kinds::Aggregation;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::{Duration, Instant};

mod world;

fn env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

async fn entry_numbers(db: &sea_orm::DatabaseConnection, event: entity::EventId) -> Vec<i32> {
    let mut numbers: Vec<i32> = entity::entrant::Entity::find()
        .filter(entity::entrant::Column::EventId.eq(event))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.entry_no)
        .collect();
    numbers.sort_unstable();
    numbers
}

async fn check_in(entrants: u32) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("door.db").display());
    let db = jiangxin::db::connect(&url).await.unwrap();
    jiangxin::db::migrate(&db).await.unwrap();
    let w = world::build(
        &db,
        world::Spec {
            entrants,
            judges: 5,
            panel_size: 5,
            aggregation: Aggregation::TrimmedMean,
            max: 10,
            theory: false,
        },
    )
    .await;
    let token = jiangxin::accounts::tokens::issue_token(&db, &w.actor, "检录")
        .await
        .unwrap()
        .secret;
    let numbers = entry_numbers(&db, w.event_id).await;
    let (mut server, addr) = world::start_server(&url);
    let staff = 4;
    let start = Instant::now();
    let phones: Vec<_> = (0..staff)
        .map(|s| {
            let mine: Vec<i32> = numbers.iter().copied().skip(s).step_by(staff).collect();
            let url = format!("http://{addr}/api/v1/events/{}/check-in", w.event_id);
            let token = token.clone();
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut took = Vec::with_capacity(mine.len());
                for n in mine {
                    let at = Instant::now();
                    let res = client
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&serde_json::json!({"key": n.to_string()}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
                    let body: serde_json::Value = res.json().await.unwrap();
                    assert_eq!(body["already"], false);
                    took.push(at.elapsed());
                }
                took
            })
        })
        .collect();
    let mut took = Vec::new();
    for phone in phones {
        took.extend(phone.await.unwrap());
    }
    let wall = start.elapsed();
    let _ = server.kill();
    let _ = server.wait();
    took.sort_unstable();
    let stored = entity::entrant::Entity::find()
        .filter(entity::entrant::Column::CheckedInAt.is_not_null())
        .all(&db)
        .await
        .unwrap()
        .len();
    assert_eq!(stored, numbers.len());
    println!(
        "check-in: {} entrants by {staff} staff at once in {:.2} s; per check-in p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms (goal: p99 < 50 ms)",
        numbers.len(),
        wall.as_secs_f64(),
        percentile(&took, 0.50),
        percentile(&took, 0.90),
        percentile(&took, 0.99),
        percentile(&took, 1.0),
    );
}

async fn theory_import(rows: u32) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("theory.db").display());
    let db = jiangxin::db::connect(&url).await.unwrap();
    jiangxin::db::migrate(&db).await.unwrap();
    let w = world::build(
        &db,
        world::Spec {
            entrants: rows,
            judges: 5,
            panel_size: 5,
            aggregation: Aggregation::TrimmedMean,
            max: 10,
            theory: true,
        },
    )
    .await;
    let numbers = entry_numbers(&db, w.event_id).await;
    let mut csv = String::from("参赛证号,成绩\n");
    for (i, n) in numbers.iter().enumerate() {
        csv.push_str(&format!("{n},{}\n", 40 + (i % 120) as u32 / 2));
    }
    let bytes = csv.into_bytes();
    let live = jiangxin::live::Live::new();
    let start = Instant::now();
    let table = jiangxin::spreadsheet::read_table(&bytes).unwrap();
    let checked = jiangxin::lifecycle::theory::check(&db, &w.actor, w.event_id, &table)
        .await
        .unwrap();
    let checked_at = start.elapsed();
    let digest = jiangxin::secret::digest_bytes(&bytes);
    let report = checked
        .commit(&db, &live, &w.actor, "理论考试.csv", &digest)
        .await
        .unwrap();
    let total = start.elapsed();
    assert!(
        report.errors.is_empty(),
        "{:?}",
        &report.errors[..3.min(report.errors.len())]
    );
    assert!(report.committed);
    assert_eq!(report.changes, numbers.len());
    let audit = jiangxin::marking::audit_chain::verify(&db).await.unwrap();
    assert_eq!(audit.first_break, None);
    println!(
        "theory import: {} rows read and checked in {:.0} ms, stored as audited marks in {:.0} ms in all (goal: < 1 s)",
        numbers.len(),
        checked_at.as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        check_in(env("ENTRANTS", 500)).await;
        theory_import(env("ROWS", 2000)).await;
    });
}
