//! How long importing 10,000 entrants from an .xlsx file takes: reading the file, checking
//! every row, and storing everything in one transaction on a fresh SQLite database.
//!
//! `cargo bench --bench import` (prints the figures; goal: under 3 seconds).

use entity::kinds::{OrganisationKind, Role};
use jiangxin::accounts::organisations::{NewOrganisation, create_organisation};
use jiangxin::accounts::users::{NewUser, create_user};
use jiangxin::competitions::events::create_event;
use jiangxin::competitions::{NewCompetition, create_competition};
use jiangxin::entrants::import::{self, COLUMNS};
use jiangxin::lifecycle::status::move_status;
use jiangxin::spreadsheet::{read_table, write_xlsx};
use std::time::{Duration, Instant};

mod world;

const ENTRANTS: u32 = 10_000;

fn file() -> Vec<u8> {
    let orgs = [
        "浙江金婺精工机械有限公司",
        "义乌市双江电气有限公司",
        "永康市五金智造有限公司",
    ];
    let rows: Vec<Vec<String>> = (0..ENTRANTS)
        .map(|i| {
            vec![
                format!("选手{i}"),
                world::sex(i).to_owned(),
                world::id_number(i),
                orgs[i as usize % 3].to_owned(),
                ["数控车工", "电工", "钳工", "焊工"][i as usize % 4].to_owned(),
                "职工组".to_owned(),
                format!("139{i:08}"),
                String::new(),
            ]
        })
        .collect();
    write_xlsx("选手名单", &COLUMNS, &[10.0; 8], &rows).unwrap()
}

async fn once(bytes: &[u8]) -> (Duration, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let db = jiangxin::db::connect(&url).await.unwrap();
    jiangxin::db::migrate(&db).await.unwrap();
    let bureau = create_organisation(
        &db,
        NewOrganisation {
            name: "金华市人力资源和社会保障局".into(),
            kind: OrganisationKind::Bureau,
            district: "市本级".into(),
        },
    )
    .await
    .unwrap();
    for name in [
        "浙江金婺精工机械有限公司",
        "义乌市双江电气有限公司",
        "永康市五金智造有限公司",
    ] {
        create_organisation(
            &db,
            NewOrganisation {
                name: name.into(),
                kind: OrganisationKind::Enterprise,
                district: "婺城区".into(),
            },
        )
        .await
        .unwrap();
    }
    let admin = create_user(
        &db,
        NewUser {
            username: "admin".into(),
            display_name: "管理员".into(),
            password: "bench password".into(),
            role: Role::Admin,
            organisation_id: Some(bureau.id),
            created_by: None,
        },
    )
    .await
    .unwrap();
    let actor = jiangxin::accounts::Actor::from(admin);
    // Each person may enter one event, as in the real contest.
    let comp = create_competition(
        &db,
        &actor,
        NewCompetition {
            name: "2026年金华市技能大赛".into(),
            kind: entity::kinds::CompetitionKind::City,
            year: 2026,
            organiser_id: None,
        },
    )
    .await
    .unwrap();
    move_status(
        &db,
        &actor,
        comp.id,
        entity::kinds::CompetitionStatus::Registration,
        None,
    )
    .await
    .unwrap();
    for trade in ["数控车工", "电工", "钳工", "焊工"] {
        create_event(&db, &actor, comp.id, world::staff_event(trade))
            .await
            .unwrap();
    }
    let start = Instant::now();
    let table = read_table(bytes).unwrap();
    let read = start.elapsed();
    let report = import::check(&db, &actor, comp.id, &table)
        .await
        .unwrap()
        .commit(&db, &actor)
        .await
        .unwrap();
    let total = start.elapsed();
    assert!(
        report.errors.is_empty(),
        "{:?}",
        &report.errors[..3.min(report.errors.len())]
    );
    assert!(report.committed);
    assert_eq!(report.entrants, ENTRANTS as usize);
    (read, total)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let bytes = file();
    println!(
        "import of {ENTRANTS} entrants from xlsx ({} KB), SQLite, one transaction",
        bytes.len() / 1024
    );
    let mut totals = Vec::new();
    for run in 1..=3 {
        let (read, total) = rt.block_on(once(&bytes));
        println!(
            "run {run}: read {:>6.0} ms, checked and stored {:>6.0} ms, total {:>6.0} ms",
            read.as_secs_f64() * 1e3,
            (total - read).as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3
        );
        totals.push(total);
    }
    totals.sort();
    println!(
        "median total: {:.2} s (goal: under 3 s)",
        totals[1].as_secs_f64()
    );
}
