//! Recording marks: every refusal rule, idempotency by op_id, and the audit hash chain.

use crate::support::marking::{Marking, marking, start};
use crate::support::record_mark;
use entity::{AspectId, EntrantId};
use jiangxin::marking::marks::MarkInput;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use std::str::FromStr;

fn input(op: &str, entrant: i64, aspect: i32, value: &str) -> MarkInput {
    MarkInput {
        op_id: op.to_owned(),
        entrant_id: EntrantId(entrant as i32),
        aspect_id: AspectId(aspect),
        value: Decimal::from_str(value).unwrap(),
        device: Some("平板-07".into()),
        session: None,
    }
}

async fn counts(m: &Marking) -> (u64, u64) {
    (
        entity::mark::Entity::find()
            .count(&m.s.app.db)
            .await
            .unwrap(),
        entity::mark_audit::Entity::find()
            .count(&m.s.app.db)
            .await
            .unwrap(),
    )
}

#[tokio::test]
async fn a_mark_is_stored_once_and_every_refusal_changes_nothing() {
    let m = marking().await;
    let db = &m.s.app.db;
    let b = m.entrants[1]; // firm B: the firm-A judge may mark it
    // Before the contest runs: outside the marking window.
    let err = record_mark(db, &m.judge_a, input("op-00000001", b, m.aspect_a1, "9.5"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("event"), "{err}");
    start(&m).await;

    let first = record_mark(db, &m.judge_a, input("op-00000001", b, m.aspect_a1, "9.5"))
        .await
        .unwrap();
    assert!(!first.repeated);
    assert_eq!(first.value, Decimal::from_str("9.5").unwrap());
    assert_eq!(counts(&m).await, (1, 1));
    // The same op_id again (a resend after a lost ack): the same receipt, no second row.
    let again = record_mark(db, &m.judge_a, input("op-00000001", b, m.aspect_a1, "9.5"))
        .await
        .unwrap();
    assert!(again.repeated);
    assert_eq!(again.mark_id, first.mark_id);
    assert_eq!(counts(&m).await, (1, 1));

    for (op, entrant, aspect, value, field) in [
        ("op-00000002", b, m.aspect_a1, "10.5", "value"), // out of range
        ("op-00000003", b, m.aspect_a1, "9.3", "value"),  // off-step
        ("op-00000004", b, m.aspect_t1, "80", "aspect_id"), // not the judge's panel
        ("op-00000005", m.entrants[0], m.aspect_a1, "9", "entrant_id"), // own firm: recusal
        ("bad op", b, m.aspect_a1, "9", "op_id"),         // malformed op_id
        ("op-00000001", m.entrants[3], m.aspect_a1, "9", "op_id"), // op_id reused for another mark
    ] {
        let err = record_mark(db, &m.judge_a, input(op, entrant, aspect, value))
            .await
            .unwrap_err();
        match err {
            jiangxin::AppError::Invalid { field: f, .. }
            | jiangxin::AppError::Conflict { field: f, .. } => {
                assert_eq!(f, field, "{op}")
            }
            other => panic!("{op}: {other}"),
        }
        assert_eq!(counts(&m).await, (1, 1), "{op} changed nothing");
    }

    // A change is a new row in the trail, with the old and new values.
    record_mark(db, &m.judge_a, input("op-00000006", b, m.aspect_a1, "8"))
        .await
        .unwrap();
    assert_eq!(counts(&m).await, (1, 2));
    let trail = entity::mark_audit::Entity::find().all(db).await.unwrap();
    assert_eq!(
        trail[1].old_value.unwrap().to_decimal(),
        Decimal::from_str("9.5").unwrap()
    );
    assert_eq!(trail[1].new_value.unwrap().to_decimal(), Decimal::from(8));
    assert_eq!(trail[1].device.as_deref(), Some("平板-07"));
    assert_eq!(trail[1].prev_hash, trail[0].hash);

    // After lock, marks are refused.
    db.execute_unprepared(&format!(
        "UPDATE event SET marks_locked_at = '2026-11-28 10:00:00+00:00' WHERE id = {}",
        m.s.event
    ))
    .await
    .unwrap();
    let err = record_mark(db, &m.judge_a, input("op-00000007", b, m.aspect_a1, "7"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("event"));
    assert_eq!(counts(&m).await, (1, 2));
}

#[tokio::test]
async fn the_audit_chain_reports_the_first_altered_or_removed_entry() {
    let m = marking().await;
    start(&m).await;
    let db = &m.s.app.db;
    for (i, v) in ["9", "9.5", "8.5", "10"].iter().enumerate() {
        record_mark(
            db,
            &m.judge_a,
            input(&format!("op-chain-{i:04}"), m.entrants[1], m.aspect_a1, v),
        )
        .await
        .unwrap();
    }
    use jiangxin::marking::audit_chain::{Break, verify};
    let ok = verify(db).await.unwrap();
    assert_eq!((ok.entries, ok.first_break), (4, None));

    let out = audit_cli(&m.s.app.database.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("共 4 条"));

    // Someone edits a stored value by hand.
    let trail = entity::mark_audit::Entity::find().all(db).await.unwrap();
    db.execute_unprepared(&format!(
        "UPDATE mark_audit SET new_value = 100000 WHERE id = {}",
        trail[2].id
    ))
    .await
    .unwrap();
    assert_eq!(
        verify(db).await.unwrap().first_break,
        Some(Break::Altered { id: trail[2].id })
    );
    let out = audit_cli(&m.s.app.database.url);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("#{}", trail[2].id)));

    // Or removes one.
    db.execute_unprepared(&format!(
        "DELETE FROM mark_audit WHERE id = {}",
        trail[2].id
    ))
    .await
    .unwrap();
    assert_eq!(
        verify(db).await.unwrap().first_break,
        Some(Break::Unlinked { id: trail[3].id })
    );
}

fn audit_cli(url: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .args(["audit", "verify", "--database-url", url])
        .output()
        .unwrap()
}

/// One batch holding a repeat of an op_id, two changes of the same mark, and a refusal: each
/// gets its own answer, and the trail records the changes in order.
#[tokio::test]
async fn a_batch_is_checked_mark_by_mark() {
    let m = marking().await;
    start(&m).await;
    let db = &m.s.app.db;
    let b = m.entrants[1];
    let j = m.judge_a.clone();
    let receipts = jiangxin::marking::marks::record_marks(
        db,
        vec![
            (j.clone(), input("batch-0001", b, m.aspect_a1, "9")),
            (j.clone(), input("batch-0001", b, m.aspect_a1, "9")),
            (j.clone(), input("batch-0002", b, m.aspect_a1, "7.5")),
            (
                j.clone(),
                input("batch-0003", m.entrants[0], m.aspect_a1, "7.5"),
            ),
            (
                j.clone(),
                input("batch-0004", m.entrants[3], m.aspect_a1, "10"),
            ),
        ],
    )
    .await
    .unwrap();
    let first = receipts[0].as_ref().unwrap();
    let repeat = receipts[1].as_ref().unwrap();
    assert!(!first.repeated && repeat.repeated);
    assert_eq!((repeat.mark_id, repeat.seq), (first.mark_id, first.seq));
    let change = receipts[2].as_ref().unwrap();
    assert_eq!(change.mark_id, first.mark_id);
    assert!(change.seq > first.seq);
    assert!(receipts[3].is_err(), "recusal");
    assert!(receipts[4].is_ok());
    assert_eq!(counts(&m).await, (2, 3));
    let trail = entity::mark_audit::Entity::find().all(db).await.unwrap();
    assert_eq!(trail[1].old_value.unwrap().to_decimal(), Decimal::from(9));
    assert_eq!(
        trail[1].new_value.unwrap().to_decimal(),
        Decimal::from_str("7.5").unwrap()
    );
    let current = entity::mark::Entity::find_by_id(first.mark_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        current.value.to_decimal(),
        Decimal::from_str("7.5").unwrap()
    );
    assert_eq!(
        jiangxin::marking::audit_chain::verify(db)
            .await
            .unwrap()
            .first_break,
        None
    );
    // The next batch repeats an op_id stored by the previous one.
    let again = jiangxin::marking::marks::record_marks(
        db,
        vec![(j, input("batch-0002", b, m.aspect_a1, "7.5"))],
    )
    .await
    .unwrap();
    let again = again[0].as_ref().unwrap();
    assert!(again.repeated);
    assert_eq!(again.seq, change.seq);
}
