//! `serve --demo`: fills an empty database with a believable Jinhua setting, so a new user can
//! look around at once. It never touches a database that already has accounts.

mod awards;
pub mod marks;

use crate::accounts::Actor;
use crate::accounts::organisations::{NewOrganisation, create_organisation};
use crate::accounts::users::{NewUser, create_user};
use crate::competitions::events::{EventDetails, create_event};
use crate::competitions::{NewCompetition, create_competition};
use crate::entrants::draw::draw;
use crate::entrants::id_card::check_character;
use crate::entrants::{NewEntrant, NewMember, add_entrant};
use crate::error::{AppError, AppResult};
use crate::judging::judges::{NewJudge, add_judge};
use crate::judging::scheme::{AspectDoc, ComponentDoc, ModuleDoc, SchemeDoc, set_scheme};
use crate::lifecycle::status::move_status;
use crate::secret;
use entity::EventId;
use entity::kinds::{
    Aggregation, AspectKind, CompetitionKind, CompetitionStatus, ComponentKind, EventGroup,
    EventTrack, JudgeRole, OrganisationKind, Role,
};
use entity::user;
use rust_decimal::Decimal;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

/// An account the demo made, with the password shown once.
pub struct DemoAccount {
    pub username: String,
    pub role: &'static str,
    pub password: String,
}

const ORGANISATIONS: [(&str, OrganisationKind, &str); 9] = [
    (
        "金华市人力资源和社会保障局",
        OrganisationKind::Bureau,
        "市本级",
    ),
    ("金华市总工会", OrganisationKind::TradeUnion, "市本级"),
    (
        "浙江金婺精工机械有限公司",
        OrganisationKind::Enterprise,
        "婺城区",
    ),
    (
        "义乌市双江电气有限公司",
        OrganisationKind::Enterprise,
        "义乌市",
    ),
    (
        "永康市五金智造有限公司",
        OrganisationKind::Enterprise,
        "永康市",
    ),
    (
        "东阳市横店影视服务有限公司",
        OrganisationKind::Enterprise,
        "东阳市",
    ),
    ("金华市技师学院", OrganisationKind::School, "婺城区"),
    ("义乌市城镇职业技术学校", OrganisationKind::School, "义乌市"),
    ("兰溪市职业技术学校", OrganisationKind::School, "兰溪市"),
];

/// Seeds the demo if the database has no accounts yet. Returns the accounts made, or `None`
/// when the database was already in use.
pub async fn seed(db: &DatabaseConnection) -> AppResult<Option<Vec<DemoAccount>>> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let mut ids = Vec::new();
    for (name, kind, district) in ORGANISATIONS {
        let org = create_organisation(
            db,
            NewOrganisation {
                name: name.into(),
                kind,
                district: district.into(),
            },
        )
        .await?;
        ids.push(org.id);
    }
    let (bureau, enterprise) = (ids[0], ids[2]);

    let mut accounts = Vec::new();
    let mut admin = None;
    let mut officers = Vec::new();
    for (username, display_name, role, org) in [
        ("admin", "市人社局管理员", Role::Admin, Some(bureau)),
        (
            "organiser",
            "市人社局赛事组织者",
            Role::Organiser,
            Some(bureau),
        ),
        (
            "jinwu",
            "金婺精工人力资源部",
            Role::Organiser,
            Some(enterprise),
        ),
        (
            "officer",
            "市人社局奖补经办人",
            Role::AwardOfficer,
            Some(bureau),
        ),
        (
            "union",
            "市总工会奖补经办人",
            Role::AwardOfficer,
            Some(ids[1]),
        ),
    ] {
        let password = secret::new_secret()[..12].to_owned();
        let user = create_user(
            db,
            NewUser {
                username: username.into(),
                display_name: display_name.into(),
                password: password.clone(),
                role,
                organisation_id: org,
                created_by: None,
            },
        )
        .await?;
        if role == Role::Admin {
            admin = Some(Actor::from(user.clone()));
        }
        officers.push(Actor::from(user));
        accounts.push(DemoAccount {
            username: username.into(),
            role: role.label(),
            password,
        });
    }
    let admin = admin.ok_or_else(|| AppError::Internal("demo administrator".into()))?;

    let city = create_competition(
        db,
        &admin,
        NewCompetition {
            name: "2026年金华市技能大赛".into(),
            kind: CompetitionKind::City,
            year: 2026,
            organiser_id: Some(bureau),
        },
    )
    .await?;
    move_status(db, &admin, city.id, CompetitionStatus::Registration, None).await?;
    let sending = [ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8]];
    let mut person = 0_u32;
    let mut first_event = None;
    for (e, (trade, group, track, host, cost)) in [
        (
            "数控车工",
            EventGroup::Staff,
            EventTrack::National,
            ids[2],
            4_850_000,
        ),
        (
            "电工",
            EventGroup::Staff,
            EventTrack::Other,
            ids[3],
            3_620_050,
        ),
        (
            "美发师",
            EventGroup::Student,
            EventTrack::Worldskills,
            ids[6],
            2_980_000,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let ev = create_event(
            db,
            &admin,
            city.id,
            EventDetails {
                trade: trade.into(),
                group,
                track,
                level: 3,
                host_id: Some(host),
                venue: Some(format!("金华市技师学院 实训楼 {} 号车间", e + 1)),
                starts_at: None,
                ends_at: None,
                team_size: 1,
                // Yuan, given in fen.
                hosting_cost: Some(Decimal::new(cost, 2)),
            },
        )
        .await?;
        set_scheme(db, &admin, ev.id, demo_scheme(trade)).await?;
        first_event.get_or_insert(ev.id);
        // Judges: a chief, five practical judges in panel A, and a theory marker in panel T.
        let panels: [(&str, JudgeRole); 7] = [
            ("A", JudgeRole::Chief),
            ("A", JudgeRole::Judge),
            ("A", JudgeRole::Judge),
            ("A", JudgeRole::Judge),
            ("A", JudgeRole::Judge),
            ("A", JudgeRole::Judge),
            ("T", JudgeRole::Judge),
        ];
        for (j, (panel, role)) in panels.iter().enumerate() {
            person += 1;
            add_judge(
                db,
                &admin,
                ev.id,
                NewJudge {
                    name: demo_name(person),
                    sex: demo_sex(person).label().into(),
                    id_number: demo_id(person),
                    phone: Some(format!("1390579{person:04}")),
                    // The chief from the bureau; the theory marker (alone in panel T) from the
                    // trade union, which sends no entrants, so no theory cell is left without a
                    // judge; the practical panel from the sending units (each stays away from
                    // its own entrants, four of five still mark them).
                    organisation_id: match (j, *panel) {
                        (0, _) => bureau,
                        (_, "T") => ids[1],
                        _ => sending[(j + e) % sending.len()],
                    },
                    role: *role,
                    panel: (*panel).into(),
                },
            )
            .await?;
        }
        for i in 0..30 {
            person += 1;
            add_entrant(
                db,
                &admin,
                ev.id,
                NewEntrant {
                    organisation_id: sending[(i * 3 + e) % sending.len()],
                    team_name: None,
                    members: vec![NewMember {
                        name: demo_name(person),
                        sex: demo_sex(person).label().into(),
                        id_number: demo_id(person),
                        phone: Some(format!("1380579{person:04}")),
                    }],
                },
            )
            .await?;
        }
        draw(db, &admin, ev.id, Some(format!("2026-{trade}"))).await?;
    }
    // The contest is on: the first event's practical panel has marked a dozen entrants, so a
    // new user finds a live ranking at once (theory still to come).
    move_status(db, &admin, city.id, CompetitionStatus::Running, None).await?;
    if let Some(first) = first_event {
        mark_some(db, &admin, first).await?;
    }
    create_competition(
        db,
        &admin,
        NewCompetition {
            name: "2026年金婺精工岗位练兵技能比武".into(),
            kind: CompetitionKind::Enterprise,
            year: 2026,
            organiser_id: Some(enterprise),
        },
    )
    .await?;
    let names: Vec<&str> = ORGANISATIONS.iter().map(|(n, _, _)| *n).collect();
    awards::seed(
        db,
        &admin,
        &officers[3],
        &officers[4],
        &awards::Orgs {
            bureau,
            enterprises: [ids[2], ids[3], ids[4], ids[5]],
            schools: [ids[6], ids[7], ids[8]],
        },
        &names,
    )
    .await?;
    Ok(Some(accounts))
}

/// The practical judges of the event mark its first twelve entrants (where they may: never
/// their own unit's), and the public board counts submitted marks.
async fn mark_some(db: &DatabaseConnection, admin: &Actor, event_id: EventId) -> AppResult<()> {
    use entity::{entrant, judge, scheme_aspect};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let judges = judge::Entity::find()
        .filter(judge::Column::EventId.eq(event_id))
        .filter(judge::Column::Panel.eq("A"))
        .filter(judge::Column::Role.eq(JudgeRole::Judge))
        .all(db)
        .await?;
    let aspects = scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::EventId.eq(event_id))
        .filter(scheme_aspect::Column::Panel.eq("A"))
        .all(db)
        .await?;
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(event_id))
        .order_by_asc(entrant::Column::EntryNo)
        .all(db)
        .await?;
    let mut batch = Vec::new();
    for e in entrants.iter().take(12) {
        for j in judges
            .iter()
            .filter(|j| j.organisation_id != e.organisation_id)
        {
            for a in &aspects {
                batch.push((
                    j.clone(),
                    crate::marking::marks::MarkInput {
                        op_id: format!("demo-{}-{}-{}", j.id, e.id, a.id),
                        entrant_id: e.id,
                        aspect_id: a.id,
                        value: marks::believable(a, e.id, j.id),
                        device: Some("演示数据".into()),
                        session: None,
                    },
                ));
            }
        }
    }
    for receipt in crate::marking::marks::record_marks(db, batch).await? {
        receipt?;
    }
    crate::leaderboard::settings::set_live_settings(
        db,
        admin,
        event_id,
        crate::leaderboard::settings::LiveSettings {
            marks: crate::leaderboard::settings::LiveMarks::Submitted,
            anonymous: false,
            freeze_at: None,
        },
    )
    .await
    .map(|_| ())
}

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "楼",
];
const GIVEN: [&str; 24] = [
    "建华", "晓燕", "志强", "丽娟", "伟", "敏", "军", "静", "海峰", "春梅", "国平", "佳怡", "子涵",
    "浩然", "雨桐", "俊杰", "欣怡", "文博", "思远", "婷", "宇航", "慧", "晨", "一鸣",
];

pub(crate) fn demo_name(n: u32) -> String {
    format!(
        "{}{}",
        SURNAMES[(n as usize * 7) % SURNAMES.len()],
        GIVEN[(n as usize * 11) % GIVEN.len()]
    )
}

pub(crate) fn demo_sex(n: u32) -> entity::kinds::Sex {
    if n % 2 == 1 {
        entity::kinds::Sex::Male
    } else {
        entity::kinds::Sex::Female
    }
}

/// A valid (check digit and all) but made-up number: sequence `n`, odd for men.
fn demo_id(n: u32) -> String {
    let first17 = format!(
        "330702{:04}{:02}{:02}{:03}",
        1975 + n % 25,
        1 + n % 12,
        1 + n % 28,
        n % 1000
    );
    let check = check_character(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// A demo aspect: trimmed means drop 1+1; theory (`T…`) is marked by panel T, the rest by A.
fn aspect(
    code: &str,
    name: &str,
    kind: AspectKind,
    step: Option<&str>,
    max: &str,
    aggregation: Aggregation,
) -> AspectDoc {
    AspectDoc {
        id: None,
        code: code.into(),
        name: name.into(),
        kind,
        step: step.and_then(|s| s.parse().ok()),
        max: max.parse().unwrap_or_default(),
        aggregation,
        trim: u8::from(aggregation == Aggregation::TrimmedMean),
        panel: if code.starts_with('T') { "T" } else { "A" }.into(),
        max_spread: (kind == AspectKind::Scale).then_some(Decimal::ONE),
    }
}

/// A complete scheme per demo trade: theory 30% and practical 70% for 数控车工; practical
/// only, with measurement and judgement aspects, for the others.
fn demo_scheme(trade: &str) -> SchemeDoc {
    let practical = |modules: Vec<ModuleDoc>, weight: &str| ComponentDoc {
        code: "practical".into(),
        name: "实操".into(),
        kind: ComponentKind::Practical,
        total: Decimal::ONE_HUNDRED,
        weight: weight.parse().unwrap_or_default(),
        pass_mark: Some(Decimal::from(60)),
        modules,
    };
    let module = |code: &str, name: &str, aspects: Vec<AspectDoc>| ModuleDoc {
        code: code.into(),
        name: name.into(),
        aspects,
    };
    let components = match trade {
        "数控车工" => vec![
            ComponentDoc {
                code: "theory".into(),
                name: "理论".into(),
                kind: ComponentKind::Theory,
                total: Decimal::ONE_HUNDRED,
                weight: Decimal::from(30),
                pass_mark: Some(Decimal::from(60)),
                modules: vec![module(
                    "T",
                    "理论知识",
                    vec![aspect(
                        "T1",
                        "理论考试成绩",
                        AspectKind::Measurement,
                        Some("0.5"),
                        "100",
                        Aggregation::Single,
                    )],
                )],
            },
            practical(
                vec![
                    module(
                        "A",
                        "零件加工精度",
                        vec![
                            aspect(
                                "A1",
                                "外圆尺寸 Φ40±0.02",
                                AspectKind::Measurement,
                                Some("0.5"),
                                "20",
                                Aggregation::TrimmedMean,
                            ),
                            aspect(
                                "A2",
                                "内孔尺寸 Φ25+0.03",
                                AspectKind::Measurement,
                                Some("0.5"),
                                "20",
                                Aggregation::TrimmedMean,
                            ),
                            aspect(
                                "A3",
                                "螺纹 M30×2 合格",
                                AspectKind::PassFail,
                                None,
                                "10",
                                Aggregation::TrimmedMean,
                            ),
                        ],
                    ),
                    module(
                        "B",
                        "工艺与质量",
                        vec![
                            aspect(
                                "B1",
                                "表面粗糙度与外观",
                                AspectKind::Scale,
                                None,
                                "24",
                                Aggregation::TrimmedMean,
                            ),
                            aspect(
                                "B2",
                                "加工工艺合理性",
                                AspectKind::Scale,
                                None,
                                "16",
                                Aggregation::TrimmedMean,
                            ),
                        ],
                    ),
                    module(
                        "C",
                        "安全文明生产",
                        vec![aspect(
                            "C1",
                            "安全文明扣分",
                            AspectKind::Deduction,
                            Some("1"),
                            "10",
                            Aggregation::TrimmedMean,
                        )],
                    ),
                ],
                "70",
            ),
        ],
        "电工" => vec![practical(
            vec![
                module(
                    "A",
                    "电气线路安装",
                    vec![
                        aspect(
                            "A1",
                            "主电路接线正确",
                            AspectKind::PassFail,
                            None,
                            "20",
                            Aggregation::TrimmedMean,
                        ),
                        aspect(
                            "A2",
                            "控制电路功能",
                            AspectKind::Measurement,
                            Some("1"),
                            "30",
                            Aggregation::TrimmedMean,
                        ),
                        aspect(
                            "A3",
                            "布线工艺",
                            AspectKind::Scale,
                            None,
                            "20",
                            Aggregation::TrimmedMean,
                        ),
                    ],
                ),
                module(
                    "B",
                    "故障排除",
                    vec![aspect(
                        "B1",
                        "故障排除数量与用时",
                        AspectKind::Measurement,
                        Some("0.5"),
                        "20",
                        Aggregation::TrimmedMean,
                    )],
                ),
                module(
                    "C",
                    "安全规范",
                    vec![aspect(
                        "C1",
                        "安全操作扣分",
                        AspectKind::Deduction,
                        Some("1"),
                        "10",
                        Aggregation::TrimmedMean,
                    )],
                ),
            ],
            "100",
        )],
        _ => vec![practical(
            vec![
                module(
                    "A",
                    "女士剪发",
                    vec![
                        aspect(
                            "A1",
                            "轮廓与层次",
                            AspectKind::Scale,
                            None,
                            "30",
                            Aggregation::TrimmedMean,
                        ),
                        aspect(
                            "A2",
                            "技术精准度",
                            AspectKind::Scale,
                            None,
                            "20",
                            Aggregation::TrimmedMean,
                        ),
                    ],
                ),
                module(
                    "B",
                    "吹风造型",
                    vec![
                        aspect(
                            "B1",
                            "整体造型效果",
                            AspectKind::Scale,
                            None,
                            "30",
                            Aggregation::TrimmedMean,
                        ),
                        aspect(
                            "B2",
                            "完成时间内完成",
                            AspectKind::PassFail,
                            None,
                            "10",
                            Aggregation::TrimmedMean,
                        ),
                    ],
                ),
                module(
                    "C",
                    "卫生与安全",
                    vec![aspect(
                        "C1",
                        "卫生安全扣分",
                        AspectKind::Deduction,
                        Some("1"),
                        "10",
                        Aggregation::TrimmedMean,
                    )],
                ),
            ],
            "100",
        )],
    };
    SchemeDoc::new(components)
}
