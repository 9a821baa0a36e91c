//! The last hour of registration, measured: 200 sending units put 10,000 entrants on their
//! lists and submit them (提交报名) through the JSON API of the real `jiangxin serve` process on
//! SQLite. Half the units enter their people one by one (POST each), half import a 50-row file
//! (preview, then commit); every unit then submits, which checks every entry against the
//! rules again. Twenty events, each with an age range, a qualification rule and a quota.
//!
//! `cargo bench --bench registration_load` (goal: no request over 500 ms at p99).
//! `UNITS`, `PER_UNIT` and `SECONDS` in the environment change the sizes. The hour is played
//! `SECONDS` long (default 60: sixty times faster than it comes), every unit working at once:
//! each starts in the first tenth of the window and finishes (and submits) at its own moment in
//! the second half, so the submissions crowd towards the deadline as they do. `HERD=1` has
//! every unit submit at the same instant at the end instead: two hundred submissions in one
//! second, each a write of its own; on SQLite the writes take turns, so this measures the
//! queue of writers, not one submission (about 9 ms alone here).

use entity::kinds::{CompetitionKind, CompetitionStatus, OrganisationKind, Role};
use jiangxin::accounts::Actor;
use jiangxin::accounts::organisations::{NewOrganisation, create_organisation};
use jiangxin::accounts::users::{NewUser, create_user};
use jiangxin::competitions::{NewCompetition, create_competition};
use jiangxin::registration::setup::{Eligibility, Invitation, invite, set_eligibility};
use std::time::{Duration, Instant};

mod world;

const PASSWORD: &str = "correct horse 电池";

fn env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

/// A valid ID number for person `n`, aged 20 to 49 on the rules' date.
fn id_number(n: u32) -> String {
    let first17 = format!(
        "330702{:04}{:02}{:02}{:03}",
        1977 + n % 30,
        1 + n % 12,
        1 + (n / 12) % 28,
        n % 1000
    );
    let check = jiangxin::entrants::id_card::check_character(&first17).unwrap();
    format!("{first17}{check}")
}

fn sex(n: u32) -> &'static str {
    if (n % 1000) % 2 == 1 { "男" } else { "女" }
}

fn summary(what: &str, took: &mut [Duration]) {
    took.sort_unstable();
    println!(
        "{what}: {} requests; p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        took.len(),
        percentile(took, 0.50),
        percentile(took, 0.90),
        percentile(took, 0.99),
        percentile(took, 1.0),
    );
}

#[tokio::main]
async fn main() {
    let units = env("UNITS", 200);
    let per_unit = env("PER_UNIT", 50);
    let seconds = env("SECONDS", 60);
    let herd = env("HERD", 0) == 1;
    let events_count = 20u32;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("registration.db").display());
    let db = jiangxin::db::connect(&url).await.unwrap();
    jiangxin::db::migrate(&db).await.unwrap();

    // The bureau, its organiser, the competition in 报名中 with twenty events and their rules.
    let bureau = create_organisation(
        &db,
        NewOrganisation {
            name: "金华市人力资源和社会保障局".into(),
            kind: OrganisationKind::Bureau,
            district: "婺城区".into(),
        },
    )
    .await
    .unwrap();
    let organiser: Actor = create_user(
        &db,
        NewUser {
            username: "organiser".into(),
            display_name: "组织者".into(),
            password: PASSWORD.into(),
            role: Role::Organiser,
            organisation_id: Some(bureau.id),
            created_by: None,
        },
    )
    .await
    .unwrap()
    .into();
    let comp = create_competition(
        &db,
        &organiser,
        NewCompetition {
            name: "2026年金华市技能大赛".into(),
            kind: CompetitionKind::City,
            year: 2026,
            organiser_id: Some(bureau.id),
        },
    )
    .await
    .unwrap();
    jiangxin::lifecycle::status::move_status(
        &db,
        &organiser,
        comp.id,
        CompetitionStatus::Registration,
        None,
    )
    .await
    .unwrap();
    let mut events = Vec::new();
    for e in 0..events_count {
        let ev = jiangxin::competitions::events::create_event(
            &db,
            &organiser,
            comp.id,
            world::staff_event(&format!("工种{e:02}")),
        )
        .await
        .unwrap();
        set_eligibility(
            &db,
            &organiser,
            ev.id,
            Eligibility {
                min_age: Some(18),
                max_age: Some(55),
                age_on: chrono::NaiveDate::from_ymd_opt(2026, 9, 1),
                quota_per_unit: Some(per_unit.div_ceil(events_count) as i32 + 1),
                required_level: Some(5),
            },
        )
        .await
        .unwrap();
        events.push((ev.id, ev.trade));
    }
    // The units, each with its 领队 and a token for the API.
    let mut tokens = Vec::new();
    for u in 0..units {
        let org = create_organisation(
            &db,
            NewOrganisation {
                name: format!("报名单位{u:03}有限公司"),
                kind: OrganisationKind::Enterprise,
                district: "义乌市".into(),
            },
        )
        .await
        .unwrap();
        let (leader, _) = invite(
            &db,
            &organiser,
            comp.id,
            Invitation {
                organisation_id: org.id,
                username: format!("lead{u:03}"),
                display_name: Some(format!("领队{u:03}")),
                password: Some(PASSWORD.into()),
            },
        )
        .await
        .unwrap();
        let token = jiangxin::accounts::tokens::issue_token(&db, &leader.into(), "报名")
            .await
            .unwrap()
            .secret;
        tokens.push((org.name, token));
    }

    let (mut server, addr) = world::start_server(&url);
    let base = format!("http://{addr}/api/v1/competitions/{}/registration", comp.id);
    let spread = Duration::from_secs(seconds as u64);
    let start = Instant::now();
    let start_all = start;
    let tasks: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(u, (unit_name, token))| {
            let base = base.clone();
            let events = events.clone();
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut adds = Vec::new();
                let mut imports = Vec::new();
                let person = |i: u32| u as u32 * per_unit + i;
                // Each unit starts at its own moment in the first tenth of the window and
                // finishes at its own moment in the second half (a golden-ratio sequence spreads
                // the moments evenly), or, in a herd, all at the end.
                let offset = spread / 10 * (u as u32 % 97) / 97;
                let finish = if herd {
                    spread
                } else {
                    let golden = (u as f64 * 0.618_033_988_75).fract();
                    spread.mul_f64(0.5 + 0.5 * golden)
                };
                tokio::time::sleep(offset).await;
                let pace = finish.saturating_sub(offset) / (per_unit + 2);
                let began = start_all + offset;
                if u % 2 == 0 {
                    for i in 0..per_unit {
                        let n = person(i);
                        let (event, _) = &events[(i % events.len() as u32) as usize];
                        let at = Instant::now();
                        let res = client
                            .post(format!("{base}/entries"))
                            .bearer_auth(&token)
                            .json(&serde_json::json!({"event_id": event, "declared_group": "staff",
                                "members": [{"name": format!("选手{n}"), "sex": sex(n), "id_number": id_number(n),
                                             "qualification_level": 4, "qualification_no": format!("ZS{n:08}")}]}))
                            .send()
                            .await
                            .unwrap();
                        let status = res.status();
                        let body = res.text().await.unwrap();
                        assert_eq!(status, 201, "{body}");
                        adds.push(at.elapsed());
                        tokio::time::sleep(pace.saturating_sub(at.elapsed())).await;
                    }
                } else {
                    let mut csv = String::from(
                        "姓名,性别,身份证号,单位,项目,组别,手机号,队名,出生日期,职业资格等级,证书编号\n",
                    );
                    for i in 0..per_unit {
                        let n = person(i);
                        let (_, trade) = &events[(i % events.len() as u32) as usize];
                        csv.push_str(&format!(
                            "选手{n},{},{},{unit_name},{trade},职工组,,,,四级,ZS{n:08}\n",
                            sex(n),
                            id_number(n)
                        ));
                    }
                    for commit in [false, true] {
                        let at = Instant::now();
                        let res = client
                            .post(format!("{base}/import?commit={commit}"))
                            .bearer_auth(&token)
                            .body(csv.clone())
                            .send()
                            .await
                            .unwrap();
                        let status = res.status();
                        let body = res.text().await.unwrap();
                        assert_eq!(status, 200, "{body}");
                        imports.push(at.elapsed());
                        tokio::time::sleep(pace * per_unit / 2).await;
                    }
                }
                tokio::time::sleep_until((began + finish.saturating_sub(offset)).into()).await;
                let at = Instant::now();
                let res = client
                    .post(format!("{base}/submit"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                let body = res.text().await.unwrap();
                assert_eq!(status, 200, "{body}");
                (adds, imports, vec![at.elapsed()])
            })
        })
        .collect();
    let (mut adds, mut imports, mut submits) = (Vec::new(), Vec::new(), Vec::new());
    for t in tasks {
        let (a, i, s) = t.await.unwrap();
        adds.extend(a);
        imports.extend(i);
        submits.extend(s);
    }
    let wall = start.elapsed();
    let _ = server.kill();
    let _ = server.wait();
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let stored = entity::registration_entry::Entity::find()
        .filter(entity::registration_entry::Column::CompetitionId.eq(comp.id))
        .filter(
            entity::registration_entry::Column::State
                .eq(entity::kinds::RegistrationState::Submitted),
        )
        .count(&db)
        .await
        .unwrap();
    assert_eq!(
        stored,
        (units * per_unit) as u64,
        "every entry stored and submitted"
    );
    println!(
        "registration: {units} units, {} entrants submitted in {:.1} s (spread over {seconds} s)",
        units * per_unit,
        wall.as_secs_f64()
    );
    summary("  add one entrant (POST)", &mut adds);
    summary("  import a 50-row file (preview, commit)", &mut imports);
    summary("  submit the list (rules checked again)", &mut submits);
    let mut all: Vec<Duration> = adds
        .iter()
        .chain(&imports)
        .chain(&submits)
        .copied()
        .collect();
    summary("  every request (goal: p99 < 500 ms)", &mut all);
}
