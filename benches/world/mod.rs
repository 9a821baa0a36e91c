//! A contest for the benches: one running event with entrants, judges in panels of `panel_size`
//! each marking one aspect, and a signed-in tablet per judge; the import bench takes its people
//! and events from here too.
// Each bench uses part of this module.
#![allow(dead_code)]

pub mod spectators;

use entity::kinds::{
    Aggregation, AspectKind, CompetitionKind, CompetitionStatus, ComponentKind, EventGroup,
    EventTrack, JudgeRole, OrganisationKind, Role,
};
use jiangxin::accounts::Actor;
use jiangxin::accounts::organisations::{NewOrganisation, create_organisation};
use jiangxin::accounts::users::{NewUser, create_user};
use jiangxin::competitions::events::{EventDetails, create_event};
use jiangxin::competitions::{NewCompetition, create_competition};
use jiangxin::entrants::id_card::check_character;
use jiangxin::entrants::{NewEntrant, NewMember, add_entrant};
use jiangxin::judging::judges::{NewJudge, add_judge};
use jiangxin::judging::scheme::{AspectDoc, ComponentDoc, ModuleDoc, SchemeDoc, set_scheme};
use jiangxin::judging::sign_in::{issue_code, redeem_code};
use jiangxin::lifecycle::status::move_status;
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

pub fn sex(n: u32) -> &'static str {
    if (n % 1000) % 2 == 1 { "男" } else { "女" }
}

fn org(name: &str, kind: OrganisationKind) -> NewOrganisation {
    NewOrganisation {
        name: name.into(),
        kind,
        district: "婺城区".into(),
    }
}

/// A staff-group (职工组) event of the given trade, with nothing else set.
pub fn staff_event(trade: &str) -> EventDetails {
    EventDetails {
        trade: trade.into(),
        group: EventGroup::Staff,
        track: EventTrack::Other,
        level: 3,
        host_id: None,
        venue: None,
        starts_at: None,
        ends_at: None,
        team_size: 1,
        hosting_cost: None,
    }
}

pub struct Spec {
    pub entrants: u32,
    pub judges: u32,
    pub panel_size: u32,
    /// `trimmed_mean` (drop 1+1), `mean` or `single`.
    pub aggregation: Aggregation,
    /// Each aspect's maximum mark, on a 0.5 step.
    pub max: u32,
    /// A theory component too (30%, one aspect T1 out of 100, panel T with one judge), as a
    /// city contest has: for the theory exam's import.
    pub theory: bool,
}

pub struct World {
    pub actor: Actor,
    pub event_id: entity::EventId,
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
            organisation_id: Some(bureau.id),
            created_by: None,
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
    move_status(db, &actor, comp.id, CompetitionStatus::Registration, None)
        .await
        .unwrap();
    let ev = create_event(db, &actor, comp.id, staff_event("数控车工"))
        .await
        .unwrap();
    let aspects = (0..aspect_count)
        .map(|i| AspectDoc {
            id: None,
            code: format!("A{i}"),
            name: format!("评分项{i}"),
            kind: AspectKind::Measurement,
            step: Some(Decimal::new(5, 1)),
            max: Decimal::from(spec.max),
            aggregation: spec.aggregation,
            trim: u8::from(spec.aggregation == Aggregation::TrimmedMean),
            panel: format!("P{i}"),
            max_spread: None,
        })
        .collect();
    let mut doc = SchemeDoc::practical(vec![ModuleDoc {
        code: "A".into(),
        name: "实操".into(),
        aspects,
    }]);
    if spec.theory {
        doc.components[0].weight = Decimal::from(70);
        doc.components.insert(
            0,
            ComponentDoc {
                code: "theory".into(),
                name: "理论".into(),
                kind: ComponentKind::Theory,
                total: Decimal::ONE_HUNDRED,
                weight: Decimal::from(30),
                pass_mark: None,
                modules: vec![ModuleDoc {
                    code: "T".into(),
                    name: "理论".into(),
                    aspects: vec![AspectDoc {
                        id: None,
                        code: "T1".into(),
                        name: "理论成绩".into(),
                        kind: AspectKind::Measurement,
                        step: Some(Decimal::new(5, 1)),
                        max: Decimal::ONE_HUNDRED,
                        aggregation: Aggregation::Single,
                        trim: 0,
                        panel: "T".into(),
                        max_spread: None,
                    }],
                }],
            },
        );
    }
    let doc = set_scheme(db, &actor, ev.id, doc).await.unwrap();
    let aspect_ids: Vec<i32> = doc.components[usize::from(spec.theory)].modules[0]
        .aspects
        .iter()
        .filter_map(|a| a.id.map(|id| id.0))
        .collect();
    let mut entrants = Vec::new();
    for i in 0..spec.entrants {
        let n = 10_000 + i;
        let e = add_entrant(
            db,
            &actor,
            ev.id,
            NewEntrant {
                organisation_id: firms[i as usize % 2].id,
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
            ev.id,
            NewJudge {
                name: format!("裁判{j}"),
                sex: sex(n).into(),
                id_number: id_number(n),
                phone: None,
                organisation_id: pool.id,
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
    if spec.theory {
        add_judge(
            db,
            &actor,
            ev.id,
            NewJudge {
                name: "理论考试负责人".into(),
                sex: sex(29_999).into(),
                id_number: id_number(29_999),
                phone: None,
                organisation_id: pool.id,
                role: JudgeRole::Judge,
                panel: "T".into(),
            },
        )
        .await
        .unwrap();
    }
    move_status(db, &actor, comp.id, CompetitionStatus::Running, None)
        .await
        .unwrap();
    World {
        actor,
        event_id: ev.id,
        tablets,
        entrants: entrants
            .into_iter()
            .map(|e: entity::EntrantId| e.0)
            .collect(),
    }
}

/// Starts the `jiangxin serve` binary on port 0 over `url`; returns it and its address.
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

/// A WebSocket opened by hand: the handshake (with a cookie, for a judge's tablet), and whatever
/// arrived after it. The load tools read and write frames themselves rather than through a
/// WebSocket library, so that they take as little as they can of the cores they share with the
/// server.
pub async fn open_socket(
    addr: &str,
    path: &str,
    cookie: Option<&str>,
) -> std::io::Result<(tokio::net::TcpStream, Vec<u8>)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(addr).await?;
    socket.set_nodelay(true)?;
    socket
        .write_all(upgrade_request(addr, path, cookie).as_bytes())
        .await?;
    let mut got = Vec::new();
    let mut chunk = [0_u8; 1024];
    loop {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        got.extend_from_slice(&chunk[..n]);
        if let Some(after) = handshake_answer(&mut got) {
            return Ok((socket, after?));
        }
    }
}

/// A WebSocket upgrade request (with a cookie, for a judge's tablet).
pub fn upgrade_request(addr: &str, path: &str, cookie: Option<&str>) -> String {
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{cookie}\r\n"
    )
}

/// Once the server's answer to the upgrade has wholly arrived in `got`: the bytes after it, or
/// an error if it refused. `None` while more is to come.
pub fn handshake_answer(got: &mut Vec<u8>) -> Option<std::io::Result<Vec<u8>>> {
    let end = got.windows(4).position(|w| w == b"\r\n\r\n")?;
    Some(if got.starts_with(b"HTTP/1.1 101") {
        Ok(got.split_off(end + 4))
    } else {
        Err(std::io::ErrorKind::ConnectionRefused.into())
    })
}

/// The first whole server frame in `bytes` (servers never mask): its opcode, its payload and
/// how many bytes it took.
pub fn frame(bytes: &[u8]) -> Option<(u8, &[u8], usize)> {
    let (&b0, &b1) = (bytes.first()?, bytes.get(1)?);
    let (len, head) = match b1 & 0x7f {
        126 => (
            u16::from_be_bytes([*bytes.get(2)?, *bytes.get(3)?]) as usize,
            4,
        ),
        127 => (
            u64::from_be_bytes(bytes.get(2..10)?.try_into().ok()?) as usize,
            10,
        ),
        n => (n as usize, 2),
    };
    let payload = bytes.get(head..head + len)?;
    Some((b0 & 0x0f, payload, head + len))
}

/// The next text frame's payload on a hand-opened socket.
pub async fn next_text(socket: &mut tokio::net::TcpStream, pending: &mut Vec<u8>) -> String {
    use tokio::io::AsyncReadExt;
    let mut chunk = [0_u8; 4096];
    loop {
        if let Some((opcode, payload, used)) = frame(pending) {
            let text = String::from_utf8_lossy(payload).into_owned();
            pending.drain(..used);
            if opcode == 1 {
                return text;
            }
            continue;
        }
        let n = socket.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the server closed the tool's socket");
        pending.extend_from_slice(&chunk[..n]);
    }
}

/// Sends a text frame, masked as a client must (the key is arbitrary).
pub async fn send_text(socket: &mut tokio::net::TcpStream, text: &str) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    const KEY: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];
    let payload = text.as_bytes();
    let mut out = Vec::with_capacity(payload.len() + 14);
    out.push(0x81);
    match payload.len() {
        n if n < 126 => out.push(0x80 | n as u8),
        n if n <= 0xffff => {
            out.push(0x80 | 126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(0x80 | 127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(&KEY);
    out.extend(payload.iter().enumerate().map(|(i, b)| b ^ KEY[i % 4]));
    socket.write_all(&out).await
}
