//! Load tool for the judge socket: 200 judges at once, each sending marks over `/ws/judge` and
//! waiting for each `ack` (which comes only after the mark is committed), on a SQLite file with
//! `synchronous=FULL`. Prints durable marks per second and acknowledgement latency.
//!
//! `cargo bench --bench judge_load` (goal: 2,000 marks/s, p99 under 25 ms on 2 cores).
//! `JUDGES`, `SECONDS` and `RATE` in the environment change the load. By default it runs twice:
//! paced at `RATE` marks per second in all (2,000: the goal's load, spread over the judges), then
//! saturated (every judge sends the next mark the moment the last is acknowledged) to find the
//! ceiling.

use entity::kinds::{
    CompetitionKind, CompetitionStatus, EventGroup, EventTrack, JudgeRole, OrganisationKind, Role,
};
use futures_util::{SinkExt, StreamExt};
use jiangxin::accounts::Actor;
use jiangxin::accounts::organisations::{NewOrganisation, create_organisation};
use jiangxin::accounts::users::{NewUser, create_user};
use jiangxin::competitions::events::{EventDetails, create_event};
use jiangxin::competitions::status::move_status;
use jiangxin::competitions::{NewCompetition, create_competition};
use jiangxin::entrants::id_card::check_character;
use jiangxin::entrants::{NewEntrant, NewMember, add_entrant};
use jiangxin::ids::{CompetitionId, EventId, OrganisationId};
use jiangxin::judging::judges::{NewJudge, add_judge};
use jiangxin::judging::scheme::{AspectDoc, ComponentDoc, ModuleDoc, SchemeDoc, set_scheme};
use jiangxin::judging::sign_in::{issue_code, redeem_code};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const ENTRANTS: u32 = 50;
/// Judges per panel; each panel marks one aspect (panels are at most 16 judges).
const PANEL: u32 = 5;

fn id_number(n: u32) -> String {
    let first17 = format!(
        "330702{:04}{:02}{:02}{:03}",
        1970 + n % 30,
        1 + n % 12,
        1 + n % 28,
        n % 1000
    );
    format!("{first17}{}", check_character(&first17).unwrap())
}

fn sex(n: u32) -> &'static str {
    if (n % 1000) % 2 == 1 { "男" } else { "女" }
}

fn org(name: &str, kind: OrganisationKind) -> NewOrganisation {
    NewOrganisation {
        name: name.into(),
        kind,
        district: "婺城区".into(),
    }
}

/// An event with 50 entrants and `judges` judges in panels of five, each panel marking its own
/// aspect; returns each tablet's session token with the aspect it marks, and the entrants.
async fn setup(db: &sea_orm::DatabaseConnection, judges: u32) -> (Vec<(String, i32)>, Vec<i32>) {
    let aspect_count = judges.div_ceil(PANEL);
    let bureau = create_organisation(
        db,
        org("金华市人力资源和社会保障局", OrganisationKind::Bureau),
    )
    .await
    .unwrap();
    let pool = create_organisation(db, org("金华市裁判员库", OrganisationKind::Agency))
        .await
        .unwrap();
    let firms = [
        create_organisation(
            db,
            org("浙江金婺精工机械有限公司", OrganisationKind::Enterprise),
        )
        .await
        .unwrap(),
        create_organisation(
            db,
            org("义乌市双江电气有限公司", OrganisationKind::Enterprise),
        )
        .await
        .unwrap(),
    ];
    let admin = create_user(
        db,
        NewUser {
            username: "admin".into(),
            display_name: "管理员".into(),
            password: "load tool password".into(),
            role: Role::Admin,
            organisation_id: Some(OrganisationId(bureau.id)),
        },
    )
    .await
    .unwrap();
    let actor = Actor::from(admin);
    let comp = create_competition(
        db,
        &actor,
        NewCompetition {
            name: "负载测试".into(),
            kind: CompetitionKind::City,
            year: 2026,
            organiser_id: None,
        },
    )
    .await
    .unwrap();
    move_status(
        db,
        &actor,
        CompetitionId(comp.id),
        CompetitionStatus::Registration,
        None,
    )
    .await
    .unwrap();
    let ev = create_event(
        db,
        &actor,
        CompetitionId(comp.id),
        EventDetails {
            trade: "数控车工".into(),
            group: EventGroup::Staff,
            track: EventTrack::Other,
            level: 3,
            host_id: None,
            venue: None,
            starts_at: None,
            ends_at: None,
            team_size: 1,
            hosting_cost: None,
        },
    )
    .await
    .unwrap();
    let aspects = (0..aspect_count)
        .map(|i| AspectDoc {
            id: None,
            code: format!("A{i}"),
            name: format!("评分项{i}"),
            kind: "measurement".into(),
            step: Some(Decimal::new(5, 1)),
            max: Decimal::from(5),
            aggregation: "trimmed_mean".into(),
            trim: 1,
            panel: format!("P{i}"),
            max_spread: None,
        })
        .collect();
    let doc = SchemeDoc {
        rounding: "half_up".into(),
        aspect_places: 2,
        total_places: 2,
        short_panel: "keep_trim".into(),
        components: vec![ComponentDoc {
            code: "practical".into(),
            name: "实操".into(),
            kind: "practical".into(),
            total: Decimal::from(5 * aspect_count),
            weight: Decimal::ONE_HUNDRED,
            pass_mark: None,
            modules: vec![ModuleDoc {
                code: "A".into(),
                name: "实操".into(),
                aspects,
            }],
        }],
    };
    let doc = set_scheme(db, &actor, EventId(ev.id), doc).await.unwrap();
    let aspect_ids: Vec<i32> = doc.components[0].modules[0]
        .aspects
        .iter()
        .filter_map(|a| a.id)
        .collect();
    let mut entrant_ids = Vec::new();
    for i in 0..ENTRANTS {
        let n = 10_000 + i;
        let e = add_entrant(
            db,
            &actor,
            EventId(ev.id),
            NewEntrant {
                organisation_id: OrganisationId(firms[i as usize % 2].id),
                team_name: None,
                members: vec![NewMember {
                    name: format!("选手{i}"),
                    sex: sex(n).into(),
                    id_number: id_number(n),
                    phone: None,
                }],
            },
        )
        .await
        .unwrap();
        entrant_ids.push(e.id);
    }
    let mut tokens = Vec::new();
    for j in 0..judges {
        let n = 20_000 + j;
        let judge = add_judge(
            db,
            &actor,
            EventId(ev.id),
            NewJudge {
                name: format!("裁判{j}"),
                sex: sex(n).into(),
                id_number: id_number(n),
                phone: None,
                organisation_id: OrganisationId(pool.id),
                role: JudgeRole::Judge,
                panel: format!("P{}", j / PANEL),
            },
        )
        .await
        .unwrap();
        let code = issue_code(db, &actor, judge.id).await.unwrap().code;
        let token = redeem_code(db, &code, Some("load")).await.unwrap().0;
        tokens.push((token, aspect_ids[(j / PANEL) as usize]));
    }
    move_status(
        db,
        &actor,
        CompetitionId(comp.id),
        CompetitionStatus::Running,
        None,
    )
    .await
    .unwrap();
    (tokens, entrant_ids)
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
        .unwrap_or(2000.0);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("load.db").display());
        let db = jiangxin::db::connect(&url).await.unwrap();
        jiangxin::db::migrate(&db).await.unwrap();
        let (tokens, entrants) = setup(&db, judges).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = jiangxin::AppState::new(db.clone(), jiangxin::config::Config::new(url.clone()));
        tokio::spawn(async move { jiangxin::serve(listener, state).await });

        for pace in [Some(rate), None] {
            match pace {
                Some(r) => println!("{judges} judges, {r:.0} marks/s in all, for {seconds} s; SQLite, synchronous=FULL, group commit"),
                None => println!("{judges} judges, each sending as fast as acks come back, for {seconds} s"),
            }
            run(addr, &tokens, &entrants, seconds, pace, &db).await;
        }
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
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (j, (token, aspect)) in tokens.iter().cloned().enumerate() {
        let entrants = entrants.to_vec();
        tasks.push(tokio::spawn(async move {
                let mut request = format!("ws://{addr}/ws/judge").into_client_request().unwrap();
                request.headers_mut().insert("cookie", format!("jx_judge={token}").parse().unwrap());
                let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
                socket.send(Message::Text(json!({"type": "hello", "last_seq": null}).to_string().into())).await.unwrap();
                // The snapshot first.
                while let Some(Ok(message)) = socket.next().await {
                    if matches!(message, Message::Text(_)) {
                        break;
                    }
                }
                let mut latencies = Vec::new();
                let mut errors = 0;
                let mut i = 0_usize;
                let first = interval.map(|every| Instant::now() + every.mul_f64(j as f64 / judges as f64));
                'marking: while Instant::now() < deadline {
                    if let (Some(every), Some(first)) = (interval, first) {
                        tokio::time::sleep_until((first + every * i as u32).into()).await;
                    }
                    let entrant = entrants[(i + j) % entrants.len()];
                    let value = ["2.5", "3", "4.5", "5"][i % 4];
                    let op = json!({"type": "mark", "op_id": format!("load-{run_id}-{j}-{i:07}"), "entrant_id": entrant, "aspect_id": aspect, "value": value});
                    let sent = Instant::now();
                    if socket.send(Message::Text(op.to_string().into())).await.is_err() {
                        break;
                    }
                    // A judge marks one thing at a time: wait for this mark's reply.
                    loop {
                        let Some(Ok(message)) = socket.next().await else { break 'marking };
                        let Message::Text(text) = message else { continue };
                        let reply: Value = serde_json::from_str(&text).unwrap();
                        if reply["type"] == "ack" {
                            latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                        } else {
                            errors += 1;
                        }
                        break;
                    }
                    i += 1;
                }
                (latencies, errors)
            }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.unwrap();
        latencies.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed().as_secs_f64();
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
        "throughput: {:.0} durable marks/s",
        latencies.len() as f64 / elapsed
    );
    println!(
        "ack latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        pick(0.5),
        pick(0.99),
        pick(1.0)
    );
}
