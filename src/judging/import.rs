//! Importing judges from a spreadsheet, all or nothing, like entrants.
//!
//! Columns: 姓名, 性别, 身份证号, 单位, 项目, 组别, 角色 (裁判 or 裁判长), 裁判组 (required);
//! 手机号 (optional).

use super::judges::check_panel;
use crate::accounts::Actor;
use crate::audit;
use crate::competitions::{access, find_competition};
use crate::entrants::id_card::{self, Sex};
use crate::entrants::import::group_by_label;
use crate::entrants::people;
use crate::error::{AppError, AppResult};
use crate::spreadsheet::{RowError, Table, header_positions, write_xlsx};
use crate::time::now;
use entity::CompetitionId;
use entity::EventId;
use entity::OrganisationId;
use entity::kinds::AuditAction;
use entity::kinds::JudgeRole;
use entity::{event, judge};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};
use std::collections::HashSet;

pub const COLUMNS: [&str; 9] = [
    "姓名",
    "性别",
    "身份证号",
    "单位",
    "项目",
    "组别",
    "角色",
    "裁判组",
    "手机号",
];
const REQUIRED: [&str; 8] = [
    "姓名",
    "性别",
    "身份证号",
    "单位",
    "项目",
    "组别",
    "角色",
    "裁判组",
];

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct JudgeImportReport {
    pub rows: usize,
    pub judges: usize,
    pub committed: bool,
    pub errors: Vec<RowError>,
}

struct Row {
    row: usize,
    card: id_card::IdCard,
    name: String,
    phone: Option<String>,
    organisation_id: OrganisationId,
    event_id: EventId,
    role: JudgeRole,
    panel: String,
}

pub async fn import_judges<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    competition_id: CompetitionId,
    table: &Table,
    commit: bool,
) -> AppResult<JudgeImportReport> {
    let comp = find_competition(db, actor, competition_id).await?;
    if !access::can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    let mut report = JudgeImportReport {
        rows: table.rows.len(),
        judges: 0,
        committed: false,
        errors: Vec::new(),
    };
    let columns = match header_positions(table, &COLUMNS, &REQUIRED) {
        Ok(c) => c,
        Err(missing) => {
            report.errors = missing;
            return Ok(report);
        }
    };
    let events = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(comp.id))
        .all(db)
        .await?;
    let orgs = crate::accounts::organisations::by_name(db).await?;
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for (number, cells) in &table.rows {
        let get = |name: &str| -> &str {
            columns
                .get(name)
                .and_then(|&i| cells.get(i))
                .map_or("", |s| s.trim())
        };
        let mut wrong = |column: &str, message: String| {
            report.errors.push(RowError {
                row: *number,
                column: column.into(),
                message,
            });
        };
        let name = get("姓名");
        if name.is_empty() || name.chars().count() > 50 {
            wrong("姓名", "姓名不能为空，且不超过 50 字".into());
        }
        let card = id_card::parse(get("身份证号"))
            .map_err(|e| wrong("身份证号", e.to_string()))
            .ok();
        match (Sex::parse(get("性别")), &card) {
            (None, _) => wrong("性别", "性别须填“男”或“女”".into()),
            (Some(s), Some(c)) if s != c.sex => {
                wrong("性别", format!("性别“{}”与身份证号不符", s.label()))
            }
            _ => {}
        }
        let org = orgs.get(get("单位")).map(|o| o.id);
        if org.is_none() {
            wrong("单位", format!("单位“{}”尚未登记", get("单位")));
        }
        let ev = group_by_label(get("组别")).and_then(|g| {
            events
                .iter()
                .find(|e| e.trade == get("项目") && e.group == g)
        });
        if ev.is_none() {
            wrong(
                "项目",
                format!("本赛事没有“{}”（{}）项目", get("项目"), get("组别")),
            );
        }
        let role = match get("角色") {
            "裁判" => Some(JudgeRole::Judge),
            "裁判长" => Some(JudgeRole::Chief),
            _ => {
                wrong("角色", "角色须为“裁判”或“裁判长”".into());
                None
            }
        };
        let panel = check_panel(get("裁判组"))
            .map_err(|m| wrong("裁判组", m))
            .ok();
        let phone = people::check_phone(Some(get("手机号")))
            .map_err(|m| wrong("手机号", m))
            .ok()
            .flatten();
        if let (Some(card), Some(org), Some(ev), Some(role), Some(panel)) =
            (card, org, ev, role, panel)
        {
            if !seen.insert((card.number.clone(), ev.id)) {
                wrong("身份证号", "同一人在同一项目中重复".into());
                continue;
            }
            rows.push(Row {
                row: *number,
                card,
                name: name.to_owned(),
                phone,
                organisation_id: org,
                event_id: ev.id,
                role,
                panel,
            });
        }
    }
    report.judges = rows.len();
    if commit && report.errors.is_empty() && !rows.is_empty() {
        let txn = crate::db::begin_write(db).await?;
        for r in &rows {
            let p = people::find_or_create(&txn, &r.card, &r.name, r.phone.as_deref()).await;
            let p = match p {
                Ok(p) => p,
                Err(AppError::Invalid { message, .. }) => {
                    report.errors.push(RowError {
                        row: r.row,
                        column: "姓名".into(),
                        message,
                    });
                    continue;
                }
                Err(e) => return Err(e),
            };
            let exists = judge::Entity::find()
                .filter(judge::Column::EventId.eq(r.event_id))
                .filter(judge::Column::PersonId.eq(p.id))
                .one(&txn)
                .await?;
            if exists.is_some() {
                report.errors.push(RowError {
                    row: r.row,
                    column: "身份证号".into(),
                    message: "此人已是该项目的裁判".into(),
                });
                continue;
            }
            judge::ActiveModel {
                event_id: Set(r.event_id),
                person_id: Set(p.id),
                organisation_id: Set(r.organisation_id),
                role: Set(r.role),
                panel: Set(r.panel.clone()),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        if !report.errors.is_empty() {
            // Dropping the transaction rolls everything back: all or nothing.
            return Ok(report);
        }
        audit::record(
            &txn,
            Some(actor.user_id),
            AuditAction::JudgeImport,
            &format!("competition:{}", comp.id),
            serde_json::json!({"judges": rows.len()}),
        )
        .await?;
        txn.commit().await?;
        report.committed = true;
    }
    Ok(report)
}

pub fn template() -> AppResult<Vec<u8>> {
    write_xlsx(
        "裁判名单",
        &COLUMNS,
        &[10.0, 6.0, 22.0, 28.0, 14.0, 8.0, 8.0, 8.0, 14.0],
        &[vec![
            "李四".into(),
            "男".into(),
            "11010519491231002X".into(),
            "（填写已登记的单位全称）".into(),
            "数控车工".into(),
            "职工组".into(),
            "裁判".into(),
            "A".into(),
            "13900000000".into(),
        ]],
    )
}
