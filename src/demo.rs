//! `serve --demo`: fills an empty database with a believable Jinhua setting, so a new user can
//! look around at once. It never touches a database that already has accounts.

use crate::accounts::organisations::{NewOrganisation, create_organisation};
use crate::accounts::secret;
use crate::accounts::users::{NewUser, create_user};
use crate::error::{AppError, AppResult};
use crate::ids::OrganisationId;
use crate::time::now;
use entity::kinds::{
    CompetitionKind, CompetitionStatus, EventGroup, EventTrack, OrganisationKind, Role,
};
use entity::{StoredDecimal, competition, event, user};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};

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
    ("金华市总工会", OrganisationKind::Agency, "市本级"),
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
    ] {
        let password = secret::new_secret()[..12].to_owned();
        create_user(
            db,
            NewUser {
                username: username.into(),
                display_name: display_name.into(),
                password: password.clone(),
                role,
                organisation_id: org.map(OrganisationId),
            },
        )
        .await?;
        accounts.push(DemoAccount {
            username: username.into(),
            role: role.label(),
            password,
        });
    }

    let city = competition::ActiveModel {
        name: Set("2026年金华市技能大赛".into()),
        kind: Set(CompetitionKind::City),
        year: Set(2026),
        organiser_id: Set(bureau),
        status: Set(CompetitionStatus::Registration),
        created_by: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (trade, group, track, host, cost) in [
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
    ] {
        // Yuan, given in fen.
        let cost = StoredDecimal::try_from(Decimal::new(cost, 2))
            .map_err(|e| AppError::Internal(format!("demo hosting cost: {e}")))?;
        event::ActiveModel {
            competition_id: Set(city.id),
            trade: Set(trade.into()),
            group: Set(group),
            track: Set(track),
            host_id: Set(Some(host)),
            hosting_cost: Set(Some(cost)),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    competition::ActiveModel {
        name: Set("2026年金婺精工岗位练兵技能比武".into()),
        kind: Set(CompetitionKind::Enterprise),
        year: Set(2026),
        organiser_id: Set(enterprise),
        status: Set(CompetitionStatus::Draft),
        created_by: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Some(accounts))
}
