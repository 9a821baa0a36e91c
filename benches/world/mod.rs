//! A contest for the load tools: one running event with entrants, judges in panels of
//! `panel_size` each marking one aspect, and a signed-in tablet per judge.

use entity::kinds::{
    CompetitionKind, CompetitionStatus, EventGroup, EventTrack, JudgeRole, OrganisationKind, Role,
};
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

pub fn id_number(n: u32) -> String {
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

pub struct Spec {
    pub entrants: u32,
    pub judges: u32,
    pub panel_size: u32,
    /// `trimmed_mean` (drop 1+1), `mean` or `single`.
    pub aggregation: &'static str,
    /// Each aspect's maximum mark, on a 0.5 step.
    pub max: u32,
}

// Each load tool uses part of the world.
#[allow(dead_code)]
pub struct World {
    pub actor: Actor,
    pub event_id: i32,
    /// Each judge's tablet session token, with the aspect the judge marks.
    pub tablets: Vec<(String, i32)>,
    pub entrants: Vec<i32>,
}

pub async fn build(db: &sea_orm::DatabaseConnection, spec: Spec) -> World {
    let aspect_count = spec.judges.div_ceil(spec.panel_size);
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
            max: Decimal::from(spec.max),
            aggregation: spec.aggregation.into(),
            trim: u8::from(spec.aggregation == "trimmed_mean"),
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
            total: Decimal::from(spec.max * aspect_count),
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
    let mut entrants = Vec::new();
    for i in 0..spec.entrants {
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
        entrants.push(e.id);
    }
    let mut tablets = Vec::new();
    for j in 0..spec.judges {
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
                panel: format!("P{}", j / spec.panel_size),
            },
        )
        .await
        .unwrap();
        let code = issue_code(db, &actor, judge.id).await.unwrap().code;
        let token = redeem_code(db, &code, Some("load")).await.unwrap().0;
        tablets.push((token, aspect_ids[(j / spec.panel_size) as usize]));
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
    World {
        actor,
        event_id: ev.id,
        tablets,
        entrants,
    }
}

/// A client socket's buffers sized for small messages: tungstenite's default zeroes a 128 KiB
/// read buffer for every read, work the tool would take from the server it shares the cores with.
#[allow(dead_code)]
pub fn small_buffers() -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
    tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0)
}

/// Starts the `jiangxin serve` binary on port 0 over `url`; returns it and its address.
#[allow(dead_code)]
pub fn start_server(url: &str) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .args(["serve", "--bind", "127.0.0.1:0", "--database-url", url])
        .env(
            "JIANGXIN_LOG",
            std::env::var("SERVER_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("start jiangxin");
    let out = std::io::BufReader::new(child.stdout.take().unwrap());
    for line in out.lines() {
        let line = line.unwrap();
        if let Some(addr) = line.strip_prefix("jiangxin listening on http://") {
            return (child, addr.to_owned());
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start");
}
