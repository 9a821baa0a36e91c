//! The contest day's two bursts, measured: 检录 of 500 entrants by 4 staff at once (each phone
//! checks its quarter in, one after another, through the JSON API of the real `jiangxin serve`
//! process), with the latency of each check-in; and importing the theory exam's export of
//! 2,000 rows (read, check every row, store them as audited marks in one transaction).
//!
//! `cargo bench --bench contest_day` (goals: check-in p99 under 50 ms; theory import under 1 s).
//! `ENTRANTS` and `ROWS` in the environment change the sizes.
//!
//! Beside the check-in figure the bench prints the machine's floor, measured in the same run on
//! the same database file with the same connection settings: the same 500 check-ins by 4 tasks
//! at once, each the same two writes (the claim and its audit line) in one write transaction,
//! with no HTTP, no lookup and no application logic. The ratio says what the application costs
//! on top of what the disk allows.

use entity::kinds::Aggregation;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
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
    let floor = check_in_floor(&db, w.event_id, &numbers, staff).await;
    println!(
        "check-in floor (same file and settings, the same two writes per check-in in one transaction, {staff} at once, no HTTP or application): p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; jiangxin's p99 is {:.2}× the floor's",
        percentile(&floor, 0.50),
        percentile(&floor, 0.90),
        percentile(&floor, 0.99),
        percentile(&floor, 1.0),
        percentile(&took, 0.99) / percentile(&floor, 0.99),
    );
}

/// The floor: the check-ins undone, then done again as bare writes.
async fn check_in_floor(
    db: &sea_orm::DatabaseConnection,
    event: entity::EventId,
    numbers: &[i32],
    staff: usize,
) -> Vec<Duration> {
    entity::entrant::Entity::update_many()
        .col_expr(
            entity::entrant::Column::CheckedInAt,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(entity::entrant::Column::EventId.eq(event))
        .exec(db)
        .await
        .unwrap();
    let tasks: Vec<_> = (0..staff)
        .map(|s| {
            let mine: Vec<i32> = numbers.iter().copied().skip(s).step_by(staff).collect();
            let db = db.clone();
            tokio::spawn(async move {
                let mut took = Vec::with_capacity(mine.len());
                for n in mine {
                    let at = Instant::now();
                    let txn = jiangxin::db::begin_write(&db).await.unwrap();
                    let claimed = entity::entrant::Entity::update_many()
                        .col_expr(
                            entity::entrant::Column::CheckedInAt,
                            Expr::value(Some(chrono::Utc::now())),
                        )
                        .col_expr(entity::entrant::Column::CheckedInBy, Expr::value(Some(1)))
                        .filter(entity::entrant::Column::EventId.eq(event))
                        .filter(entity::entrant::Column::EntryNo.eq(n))
                        .filter(entity::entrant::Column::CheckedInAt.is_null())
                        .exec(&txn)
                        .await
                        .unwrap()
                        .rows_affected;
                    assert_eq!(claimed, 1);
                    entity::audit_entry::ActiveModel {
                        at: Set(chrono::Utc::now()),
                        actor_id: Set(None),
                        action: Set(entity::kinds::AuditAction::EntrantCheckIn),
                        subject: Set(format!("event:{event}")),
                        detail: Set(serde_json::json!({"entry_no": n}).to_string()),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await
                    .unwrap();
                    txn.commit().await.unwrap();
                    took.push(at.elapsed());
                }
                took
            })
        })
        .collect();
    let mut took = Vec::new();
    for t in tasks {
        took.extend(t.await.unwrap());
    }
    took.sort_unstable();
    took
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
