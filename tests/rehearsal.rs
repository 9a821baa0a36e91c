//! `jiangxin rehearse`: a rehearsal of the demo's competition moves its own live board over real
//! sockets, never touches the real competition (its rows and the record's audit chain), and
//! its removal leaves the database row for row as it was before.

use crate::support::TestApp;
use jiangxin::leaderboard::live::Follower;
use jiangxin::marking::audit_chain;
use jiangxin::rehearsal::{self, copy, virtual_judges};
use sea_orm::{DatabaseBackend, DatabaseConnection, FromQueryResult, JsonValue, Statement};
use std::collections::BTreeMap;
use std::time::Duration;

/// Every row of every table, as JSON text, by table (SQLite's own counters left out).
async fn dump(db: &DatabaseConnection) -> BTreeMap<String, Vec<String>> {
    let backend = db.get_database_backend();
    let tables = match backend {
        DatabaseBackend::Postgres => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let mut out = BTreeMap::new();
    for t in JsonValue::find_by_statement(Statement::from_string(backend, tables))
        .all(db)
        .await
        .unwrap()
    {
        let name = t["name"].as_str().unwrap().to_owned();
        let rows = JsonValue::find_by_statement(Statement::from_string(
            backend,
            format!("SELECT * FROM \"{name}\""),
        ))
        .all(db)
        .await
        .unwrap();
        let mut rows: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
        rows.sort();
        out.insert(name, rows);
    }
    out
}

/// The record's chain, entry by entry.
async fn record_chain(db: &DatabaseConnection) -> Vec<String> {
    dump(db).await["mark_audit"]
        .iter()
        .filter(|r| r.contains("\"chain\":0"))
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_rehearsal_moves_its_board_leaves_the_real_competition_alone_and_goes_whole() {
    let app = TestApp::spawn().await;
    jiangxin::demo::seed(&app.db)
        .await
        .unwrap()
        .expect("seeded");
    let before = dump(&app.db).await;
    let chain_before = record_chain(&app.db).await;
    assert!(!chain_before.is_empty(), "the demo has marks on the record");
    let real = entity::competition::Entity::find()
        .filter(entity::competition::Column::Kind.eq(entity::kinds::CompetitionKind::City))
        .filter(entity::competition::Column::Year.eq(2026))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    let made = copy::create(&app.db, real.id).await.unwrap();
    let id = made.competition.id;
    assert!(
        made.competition.name.starts_with("【彩排】"),
        "{}",
        made.competition.name
    );
    assert_eq!(made.competition.rehearsal_of, Some(real.id));
    assert_eq!(made.events.len(), 3);
    // Its public pages are open, and say what it is.
    let screen = reqwest::get(format!("http://{}/screen/{id}", app.addr))
        .await
        .unwrap();
    assert_eq!(screen.status(), 200);
    assert!(screen.text().await.unwrap().contains("【彩排】"));
    // Nobody real is in it: made-up ID numbers only.
    let people = dump(&app.db).await["person"].len() - before["person"].len();
    assert_eq!(
        people,
        3 * (30 + 7),
        "a made-up person per entrant and judge"
    );

    // A spectator of the rehearsal's first event, then virtual judges over the real socket.
    let event = made.events[0].id;
    let (mut spectator, _) =
        tokio_tungstenite::connect_async(format!("ws://{}/ws/live/{event}", app.addr))
            .await
            .unwrap();
    let mut follower = Follower::default();
    let snapshot = next(&mut spectator).await;
    assert!(follower.receive(&snapshot));
    assert!(
        follower.rows().iter().all(|r| r.total == "—"),
        "no marks were copied"
    );
    let tally = virtual_judges::run(
        &app.db,
        &format!("http://{}", app.addr),
        id,
        &virtual_judges::Pace {
            judges: None,
            rate: 1200,
            duration: Duration::from_secs(3),
        },
    )
    .await
    .unwrap();
    assert_eq!(tally.judges, 3 * 6, "every judge but the chiefs");
    assert!(tally.stored >= 30, "{tally:?}");
    assert!(tally.refused.is_empty(), "{tally:?}");
    // The board moved: updates arrive and rank entrants.
    let mut updates = 0;
    while !follower.rows().iter().any(|r| r.rank == Some(1)) {
        let message = next(&mut spectator).await;
        assert!(follower.receive(&message), "{message}");
        updates += 1;
    }
    assert!(updates >= 1);

    // The real competition: its rows and the record's chain exactly as they were.
    let during = dump(&app.db).await;
    for table in [
        "event",
        "entrant",
        "judge",
        "mark",
        "scheme_aspect",
        "entrant_member",
    ] {
        let real_rows = |d: &BTreeMap<String, Vec<String>>| -> Vec<String> {
            d[table]
                .iter()
                .filter(|r| before[table].contains(r))
                .cloned()
                .collect()
        };
        assert_eq!(real_rows(&during), before[table], "{table}: the real rows");
    }
    assert_eq!(record_chain(&app.db).await, chain_before);
    let record = audit_chain::verify(&app.db).await.unwrap();
    assert_eq!(
        (record.entries, record.first_break),
        (chain_before.len(), None)
    );
    let own = audit_chain::verify_chain(&app.db, id.0).await.unwrap();
    assert_eq!((own.entries, own.first_break), (tally.stored, None));

    // A real competition cannot be removed this way; the rehearsal goes whole.
    assert!(rehearsal::remove(&app.db, real.id).await.is_err());
    let gone = rehearsal::remove(&app.db, id).await.unwrap();
    assert_eq!(gone.events, 3);
    assert_eq!(gone.marks as usize, tally.stored);
    let after = dump(&app.db).await;
    for (table, rows) in &before {
        assert_eq!(&after[table], rows, "{table}: as before the rehearsal");
    }
    assert_eq!(after.len(), before.len());
}

async fn next(socket: &mut crate::support::spectators::Socket) -> serde_json::Value {
    crate::support::spectators::next(socket).await
}

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
