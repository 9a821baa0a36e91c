//! Achievements from outside, imported from Excel (.xlsx, or .csv as Excel saves it): one row
//! an achievement, all or nothing. Every wrong cell is named by its row (as the spreadsheet
//! shows it) and column; a row already recorded, or twice in the file, is refused too.

use super::achievements::{Lookup, NewAchievement, check, store_all};
use crate::accounts::Actor;
use crate::error::AppResult;
use crate::spreadsheet::{RowError, header_positions, read_table, write_xlsx};
use entity::kinds::AchievementSource;
use entity::{achievement, person};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// The template's columns, in order; those with * are required.
pub const COLUMNS: [&str; 12] = [
    "政策条目",
    "身份证号",
    "姓名",
    "单位",
    "取得日期",
    "说明",
    "人数",
    "基数（元）",
    "核定金额（元）",
    "紧缺职业",
    "批次",
    "备注",
];
const REQUIRED: [&str; 3] = ["政策条目", "取得日期", "说明"];

/// The column a field of [`NewAchievement`] comes from.
fn column_of(field: &str) -> &'static str {
    match field {
        "item" => "政策条目",
        "id_number" => "身份证号",
        "name" => "姓名",
        "organisation" => "单位",
        "achieved_on" => "取得日期",
        "description" => "说明",
        "heads" => "人数",
        "base" => "基数（元）",
        "amount" => "核定金额（元）",
        "flagged" => "紧缺职业",
        "series" => "批次",
        _ => "备注",
    }
}

/// What an import did, or why it did nothing.
#[derive(Clone, Debug, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Imported {
    pub rows: usize,
    pub stored: usize,
    pub errors: Vec<RowError>,
}

/// Reads the file and stores every row, or nothing when any row is wrong.
pub async fn import<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    bytes: &[u8],
) -> AppResult<Imported> {
    let table = read_table(bytes)?;
    let positions = match header_positions(&table, &COLUMNS, &REQUIRED) {
        Ok(p) => p,
        Err(errors) => {
            return Ok(Imported {
                rows: table.rows.len(),
                stored: 0,
                errors,
            });
        }
    };
    let look = Lookup::load(db).await?;
    let cell = |cells: &[String], column: &str| {
        positions
            .get(column)
            .and_then(|&i| cells.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    let mut checked = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (row, cells) in &table.rows {
        let flagged = cell(cells, "紧缺职业");
        let new = NewAchievement {
            item: cell(cells, "政策条目"),
            id_number: cell(cells, "身份证号"),
            name: cell(cells, "姓名"),
            organisation: cell(cells, "单位"),
            achieved_on: cell(cells, "取得日期"),
            description: cell(cells, "说明"),
            heads: cell(cells, "人数"),
            base: cell(cells, "基数（元）"),
            amount: cell(cells, "核定金额（元）"),
            flagged: matches!(flagged.trim(), "是" | "Y" | "y" | "1" | "√"),
            series: cell(cells, "批次"),
            details: cell(cells, "备注"),
            duplicate_reason: String::new(),
        };
        match check(&look, &new) {
            Err((field, message)) => errors.push(RowError {
                row: *row,
                column: column_of(field).to_owned(),
                message,
            }),
            Ok(c) => {
                if let Some(first) = seen.insert(c.key.clone(), *row) {
                    errors.push(RowError {
                        row: *row,
                        column: "说明".into(),
                        message: format!("与第 {first} 行重复"),
                    });
                    continue;
                }
                if let Some((card, name)) = &c.person
                    && let Some(known) = person::Entity::find()
                        .filter(person::Column::IdNumber.eq(&card.number))
                        .one(db)
                        .await?
                    && &known.name != name
                {
                    errors.push(RowError {
                        row: *row,
                        column: "姓名".into(),
                        message: format!("该身份证号已登记的姓名与“{name}”不一致，请核对"),
                    });
                    continue;
                }
                if achievement::Entity::find()
                    .filter(achievement::Column::SourceKey.eq(&c.key))
                    .one(db)
                    .await?
                    .is_some()
                {
                    errors.push(RowError {
                        row: *row,
                        column: "说明".into(),
                        message: "这项成果已登记，不能重复登记".into(),
                    });
                    continue;
                }
                checked.push(c);
            }
        }
    }
    let rows = table.rows.len();
    if rows == 0 {
        errors.push(RowError {
            row: 2,
            column: "政策条目".into(),
            message: "文件中没有数据行".into(),
        });
    }
    if !errors.is_empty() {
        return Ok(Imported {
            rows,
            stored: 0,
            errors,
        });
    }
    let txn = crate::db::begin_write(db).await?;
    let stored = store_all(&txn, actor, AchievementSource::Imported, checked).await?;
    txn.commit().await?;
    Ok(Imported {
        rows,
        stored: stored.len(),
        errors,
    })
}

/// The import template: the columns and two example rows.
pub fn template() -> AppResult<Vec<u8>> {
    write_xlsx(
        "成果",
        &COLUMNS,
        &[
            24.0, 22.0, 10.0, 28.0, 12.0, 36.0, 8.0, 14.0, 14.0, 10.0, 16.0, 24.0,
        ],
        &[
            vec![
                "ws_gold".into(),
                "330702199001010012".into(),
                "张三".into(),
                "金华市技师学院".into(),
                "2026-09-15".into(),
                "第48届世界技能大赛 数控铣 金牌".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "届次、项目、团队成员".into(),
            ],
            vec![
                "training_team".into(),
                "330702200201010021".into(),
                "李四".into(),
                "金华市技师学院".into(),
                "2026-03-01".into(),
                "入选第48届世界技能大赛国家集训队 焊接".into(),
                "1".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "选送单位填在“单位”列".into(),
            ],
        ],
    )
}
