//! Computing and storing a competition's results: 100 events × 100 entrants × 7 judges × 30
//! aspects (2.1 million marks), on SQLite, every event locked. Prints the time to compute and
//! store every event's result version (the goal: under 2 s in a release build), and the time
//! of a second pass that finds nothing changed.
//!
//! `cargo bench --bench results` (sizes: `EVENTS=… ENTRANTS=… JUDGES=… ASPECTS=…`; `FLOOR=1`
//! also times reading the values alone, the floor of this machine and driver).

mod world;

use entity::kinds::{Aggregation, AspectKind, CompetitionKind, CompetitionStatus, JudgeRole};
use entity::{AspectId, EntrantId, JudgeId, StoredDecimal, event, mark_audit};
use jiangxin::accounts::organisations::create_organisation;
use jiangxin::accounts::users::{NewUser, create_user};
use jiangxin::competitions::events::create_event;
use jiangxin::competitions::{NewCompetition, create_competition};
use jiangxin::entrants::{NewEntrant, NewMember, add_entrant};
use jiangxin::judging::judges::{NewJudge, add_judge};
use jiangxin::judging::scheme::{AspectDoc, ModuleDoc, SchemeDoc, set_scheme};
use jiangxin::lifecycle::status::move_status;
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use std::time::Instant;
use world::{id_number, sex};

fn size(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let (events, entrants, judges, aspects) = (
        size("EVENTS", 100),
        size("ENTRANTS", 100),
        size("JUDGES", 7),
        size("ASPECTS", 30),
    );
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let db = jiangxin::db::connect(&url).await.unwrap();
    jiangxin::db::migrate(&db).await.unwrap();
    let setup = Instant::now();
    let org = |name: &str, kind| jiangxin::accounts::organisations::NewOrganisation {
        name: name.into(),
        kind,
        district: "婺城区".into(),
    };
    use entity::kinds::OrganisationKind::*;
    let bureau = create_organisation(&db, org("金华市人力资源和社会保障局", Bureau))
        .await
        .unwrap();
    let pool = create_organisation(&db, org("金华市裁判员库", Agency))
        .await
        .unwrap();
    let firm = create_organisation(&db, org("浙江金婺精工机械有限公司", Enterprise))
        .await
        .unwrap();
    let actor = jiangxin::accounts::Actor::from(
        create_user(
            &db,
            NewUser {
                username: "admin".into(),
                display_name: "管理员".into(),
                password: "bench password 42".into(),
                role: entity::kinds::Role::Admin,
                organisation_id: Some(bureau.id),
                created_by: None,
            },
        )
        .await
        .unwrap(),
    );
    let comp = create_competition(
        &db,
        &actor,
        NewCompetition {
            name: "成绩计算基准".into(),
            kind: CompetitionKind::City,
            year: 2026,
            organiser_id: None,
        },
    )
    .await
    .unwrap();
    move_status(&db, &actor, comp.id, CompetitionStatus::Registration, None)
        .await
        .unwrap();
    let mut person = 0u32;
    let mut audit_id = 0i32;
    for e in 0..events {
        let ev = create_event(
            &db,
            &actor,
            comp.id,
            world::staff_event(&format!("工种{e}")),
        )
        .await
        .unwrap();
        let doc = SchemeDoc::practical(vec![ModuleDoc {
            code: "A".into(),
            name: "实操".into(),
            aspects: (0..aspects)
                .map(|i| AspectDoc {
                    id: None,
                    code: format!("A{i}"),
                    name: format!("评分项{i}"),
                    kind: AspectKind::Measurement,
                    step: Some(Decimal::new(5, 1)),
                    max: Decimal::from(10),
                    aggregation: Aggregation::TrimmedMean,
                    trim: 2,
                    panel: "P".into(),
                    max_spread: None,
                })
                .collect(),
        }]);
        let doc = set_scheme(&db, &actor, ev.id, doc).await.unwrap();
        let aspect_ids: Vec<AspectId> = doc.components[0].modules[0]
            .aspects
            .iter()
            .filter_map(|a| a.id)
            .collect();
        let mut entrant_ids = Vec::new();
        for _ in 0..entrants {
            person += 1;
            let n = 100_000 + person;
            let added = add_entrant(
                &db,
                &actor,
                ev.id,
                NewEntrant {
                    organisation_id: firm.id,
                    team_name: None,
                    members: vec![NewMember {
                        name: format!("选手{person}"),
                        sex: sex(n).into(),
                        id_number: id_number(n),
                        phone: None,
                    }],
                },
            )
            .await
            .unwrap();
            entrant_ids.push(added.id);
        }
        let mut judge_ids = Vec::new();
        for j in 0..judges {
            person += 1;
            let n = 100_000 + person;
            let judge = add_judge(
                &db,
                &actor,
                ev.id,
                NewJudge {
                    name: format!("裁判{person}"),
                    sex: sex(n).into(),
                    id_number: id_number(n),
                    phone: None,
                    organisation_id: pool.id,
                    role: JudgeRole::Judge,
                    panel: "P".into(),
                },
            )
            .await
            .unwrap();
            let _ = j;
            judge_ids.push(judge.id);
        }
        // The marks straight into the audit trail the ledger folds (the chain's hashes are not
        // what is measured here).
        let mut rows = Vec::new();
        let at = chrono::Utc::now();
        for (ei, entrant) in entrant_ids.iter().enumerate() {
            for (ai, aspect) in aspect_ids.iter().enumerate() {
                for (ji, judge) in judge_ids.iter().enumerate() {
                    audit_id += 1;
                    let half_points = ((ei * 7 + ai * 3 + ji * 5) % 21) as i64;
                    rows.push(mark_audit::ActiveModel {
                        id: Set(audit_id),
                        event_id: Set(ev.id),
                        entrant_id: Set(EntrantId(entrant.0)),
                        aspect_id: Set(*aspect),
                        judge_id: Set(JudgeId(judge.0)),
                        actor: Set(format!("judge:{}", judge.0)),
                        device: Set(None),
                        at: Set(at),
                        old_value: Set(None),
                        new_value: Set(Some(
                            StoredDecimal::try_from(Decimal::new(half_points * 5, 1)).unwrap(),
                        )),
                        reason: Set(None),
                        op_id: Set(None),
                        prev_hash: Set("0".repeat(64)),
                        hash: Set(format!("{audit_id:064}")),
                        chain: Set(0),
                    });
                }
            }
        }
        for chunk in rows.chunks(2_000) {
            mark_audit::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&db)
                .await
                .unwrap();
        }
    }
    event::Entity::update_many()
        .col_expr(
            event::Column::MarksLockedAt,
            Expr::value(Some(chrono::Utc::now())),
        )
        .col_expr(event::Column::SchemeFrozen, Expr::value(true))
        .filter(event::Column::CompetitionId.eq(comp.id))
        .exec(&db)
        .await
        .unwrap();
    let all = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(comp.id))
        .all(&db)
        .await
        .unwrap();
    // The server copies the WAL into the database file in the background, five times a second
    // (`db::checkpoint_in_background`): by results day every mark is long in the file.
    use sea_orm::ConnectionTrait;
    db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
        .await
        .unwrap();
    jiangxin::db::checkpoint_in_background(db.clone());
    println!(
        "setup: {events} events × {entrants} entrants × {judges} judges × {aspects} aspects = {} marks in {:.1} s",
        audit_id,
        setup.elapsed().as_secs_f64()
    );

    // The measured work: every event's results computed and stored, as the organiser's
    // "recompute all" does it.
    let started = Instant::now();
    let computed = jiangxin::results::versions::refresh_competition(&db, comp.id, "基准测试")
        .await
        .unwrap();
    let first = started.elapsed();
    let started = Instant::now();
    for ev in &all {
        jiangxin::results::versions::refresh(&db, ev, "基准测试")
            .await
            .unwrap();
    }
    let unchanged = started.elapsed();
    let mut lines = 0usize;
    for ev in &all {
        let v = jiangxin::results::versions::latest(&db, ev.id)
            .await
            .unwrap()
            .unwrap();
        lines += jiangxin::results::lines::of_version(&db, v.id)
            .await
            .unwrap()
            .len();
    }
    assert_eq!(computed, all.len());
    if std::env::var("FLOOR").is_ok() {
        // The floor: only reading every event's 2.1 million values out of SQLite through the
        // same driver, nothing parsed, scored or stored.
        let t = Instant::now();
        for ev in &all {
            let rows = db
                .query_all_raw(sea_orm::Statement::from_sql_and_values(
                    sea_orm::DatabaseBackend::Sqlite,
                    "SELECT entrant_id, string_agg(new_value, ',' ORDER BY id) \
                     FROM mark_audit WHERE event_id = ? GROUP BY entrant_id",
                    [ev.id.into()],
                ))
                .await
                .unwrap();
            std::hint::black_box(rows);
        }
        println!(
            "floor: reading the values alone, one event after another: {:.3} s",
            t.elapsed().as_secs_f64()
        );
    }
    println!(
        "computed and stored the results of {} events ({lines} result lines): {:.3} s (goal < 2 s); {:.1} ms an event",
        all.len(),
        first.as_secs_f64(),
        first.as_secs_f64() * 1000.0 / all.len().max(1) as f64
    );
    println!(
        "a second pass over unchanged events (fingerprints only): {:.3} s",
        unchanged.as_secs_f64()
    );
}
