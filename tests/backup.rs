//! The backup drill: a backup taken while a judge marks, the server brought back from it, and
//! every mark acknowledged before the backup began is there, its audit chain whole; a damaged
//! copy is refused and changes nothing.

use crate::support::marking::{marking_in, start};
use crate::support::tablet::{connect, mark, receive, send, tablet_token};
use crate::support::{Setup, TestApp, TestDb};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::BTreeSet;

#[tokio::test]
async fn a_backup_during_marking_brings_back_every_acknowledged_mark() {
    let app = TestApp::spawn_on(TestDb::sqlite()).await;
    let url = app.database.url.clone();
    let m = marking_in(Setup::on(app).await, 8).await;
    start(&m).await;
    let token = tablet_token(&m).await;
    let mut socket = connect(&m, Some(&token)).await.unwrap();
    send(&mut socket, json!({"type": "hello", "last_seq": null})).await;
    assert_eq!(receive(&mut socket).await["type"], "snapshot");
    // Firm A's judge marks firm B's entrants (1, 3, 5, 7), over and over, as a long round goes.
    let cells: Vec<i64> = [1, 3, 5, 7].iter().map(|&i| m.entrants[i]).collect();
    let nth = |n: usize| {
        let value = format!("{}", 5 + (n % 10) / 2);
        (format!("drill-{n:04}"), cells[n % cells.len()], value)
    };
    let mut acked: BTreeSet<String> = BTreeSet::new();
    for n in 0..40 {
        let (op, entrant, value) = nth(n);
        send(
            &mut socket,
            mark(m.judge_a.id, &op, entrant, m.aspect_a1, &value),
        )
        .await;
        let ack = receive(&mut socket).await;
        assert_eq!(ack["type"], "ack", "{ack}");
        acked.insert(op);
    }
    // The backup runs while the judge goes on marking.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("jiangxin-备份.db");
    let db = m.s.app.db.clone();
    let (url_b, copy_b) = (url.clone(), copy.clone());
    let backup =
        tokio::spawn(
            async move { jiangxin::lifecycle::backup::backup(&db, &url_b, &copy_b).await },
        );
    let mut during = 0;
    while !backup.is_finished() || during < 20 {
        let (op, entrant, value) = nth(40 + during);
        send(
            &mut socket,
            mark(m.judge_a.id, &op, entrant, m.aspect_a1, &value),
        )
        .await;
        assert_eq!(receive(&mut socket).await["type"], "ack");
        during += 1;
    }
    let made = backup.await.unwrap().expect("backup");
    assert!(
        made.checked
            .rows
            .iter()
            .any(|(t, _, n)| *t == "mark_audit" && *n >= 40)
    );
    // A second backup to the same file is refused: nothing is overwritten.
    let again = jiangxin::lifecycle::backup::backup(&m.s.app.db, &url, &copy).await;
    assert!(again.is_err());

    // The machine is lost: a new server from the copy.
    let restored = TestDb::sqlite();
    let (kept, checked) = jiangxin::lifecycle::backup::restore(&copy, &restored.url)
        .await
        .expect("restore");
    assert!(kept.is_none(), "nothing was in the way");
    assert_eq!(checked.audit_entries, made.checked.audit_entries);
    let server = TestApp::spawn_on(restored).await;
    let ops: BTreeSet<String> = entity::mark_audit::Entity::find()
        .filter(entity::mark_audit::Column::OpId.is_not_null())
        .all(&server.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|a| a.op_id)
        .collect();
    let missing: Vec<&String> = acked.difference(&ops).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, missing: {missing:?}"
    );
    let verified = jiangxin::marking::audit_chain::verify(&server.db)
        .await
        .unwrap();
    assert!(verified.first_break.is_none());
    // The restored server serves: its health check answers.
    let res = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 200);

    // Restoring over a database (the server stopped first) keeps the old file aside.
    server.stop().await;
    let target = server.database.url.clone();
    let (kept, _) = jiangxin::lifecycle::backup::restore(&copy, &target)
        .await
        .unwrap();
    let kept = kept.expect("the file in the way is kept");
    assert!(kept.exists(), "{}", kept.display());

    // A damaged copy is refused, naming why, and the database in place is untouched.
    let broken = dir.path().join("broken.db");
    let mut bytes = std::fs::read(&copy).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 4096] {
        *b = 0x5a;
    }
    std::fs::write(&broken, bytes).unwrap();
    let before = std::fs::read(jiangxin::db::sqlite_path(&target).unwrap()).unwrap();
    let refused = jiangxin::lifecycle::backup::restore(&broken, &target).await;
    assert!(refused.is_err(), "a damaged copy was restored");
    let after = std::fs::read(jiangxin::db::sqlite_path(&target).unwrap()).unwrap();
    assert!(before == after, "a refused restore changed the database");
    // The command line: the same backup, said in Chinese.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .args(["backup", "--database-url", &target, "--out"])
        .arg(dir.path().join("命令行.db"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("已备份到") && said.contains("评分审计链完整"),
        "{said}"
    );
    // PostgreSQL is pg_dump's: said so.
    let pg = jiangxin::lifecycle::backup::backup(
        &server.db,
        "postgres://x@127.0.0.1/y",
        &dir.path().join("p"),
    )
    .await;
    assert!(format!("{:?}", pg.unwrap_err()).contains("pg_dump"));
}
