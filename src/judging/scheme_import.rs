//! A marking scheme from an Excel sheet laid out like a WorldSkills marking scheme: one row per
//! aspect under its criterion (module).
//!
//! Columns: 模块 (criterion code, e.g. A), 模块名称, 评分项 (aspect code, e.g. A1), 评分项描述,
//! 类型 (M/测量, J/评价, 合格, 扣分), 满分 (required); 步长, 汇总方式 (平均/去高低/中位数/单人/
//! 合议), 裁判组 (optional: step 0.01, 去高低 dropping 1+1, panel A by default). The result is
//! one practical component out of the sum of the maxima, weight 100.

use super::scheme::{AspectDoc, ModuleDoc, SchemeDoc};
use crate::spreadsheet::{RowError, Table, header_positions};
use entity::kinds::{Aggregation, AspectKind};
use rust_decimal::Decimal;
use std::str::FromStr;

pub const COLUMNS: [&str; 9] = [
    "模块",
    "模块名称",
    "评分项",
    "评分项描述",
    "类型",
    "满分",
    "步长",
    "汇总方式",
    "裁判组",
];
const REQUIRED: [&str; 6] = ["模块", "模块名称", "评分项", "评分项描述", "类型", "满分"];

/// The scheme the sheet describes, or every wrong cell.
pub fn scheme_from_table(table: &Table) -> Result<SchemeDoc, Vec<RowError>> {
    let columns = header_positions(table, &COLUMNS, &REQUIRED)?;
    let mut errors = Vec::new();
    let mut modules: Vec<ModuleDoc> = Vec::new();
    for (number, cells) in &table.rows {
        let get = |name: &str| -> &str {
            columns
                .get(name)
                .and_then(|&i| cells.get(i))
                .map_or("", |s| s.trim())
        };
        let mut wrong = |column: &str, message: &str| {
            errors.push(RowError {
                row: *number,
                column: column.into(),
                message: message.into(),
            });
        };
        let kind = match get("类型") {
            "M" | "m" | "测量" => AspectKind::Measurement,
            "J" | "j" | "评价" => AspectKind::Scale,
            "合格" | "合格/不合格" => AspectKind::PassFail,
            "扣分" => AspectKind::Deduction,
            "打分" => AspectKind::Direct,
            _ => {
                wrong("类型", "类型须为 M（测量）、J（评价）、合格或扣分");
                AspectKind::Measurement
            }
        };
        let max = Decimal::from_str(get("满分"))
            .ok()
            .filter(|m| *m > Decimal::ZERO);
        if max.is_none() {
            wrong("满分", "满分须为大于 0 的数字");
        }
        let step = match get("步长") {
            "" => None,
            s => match Decimal::from_str(s) {
                Ok(v) if v > Decimal::ZERO => Some(v),
                _ => {
                    wrong("步长", "步长须为大于 0 的数字");
                    None
                }
            },
        };
        let (aggregation, trim) = match get("汇总方式") {
            "" | "去高低" | "去掉最高最低" => (Aggregation::TrimmedMean, 1),
            "平均" => (Aggregation::Mean, 0),
            "中位数" => (Aggregation::Median, 0),
            "单人" => (Aggregation::Single, 0),
            "合议" => (Aggregation::Consensus, 0),
            _ => {
                wrong("汇总方式", "汇总方式须为平均、去高低、中位数、单人或合议");
                (Aggregation::Mean, 0)
            }
        };
        if get("模块").is_empty() || get("评分项").is_empty() {
            wrong(
                if get("模块").is_empty() {
                    "模块"
                } else {
                    "评分项"
                },
                "编号不能为空",
            );
        }
        let aspect = AspectDoc {
            id: None,
            code: get("评分项").to_owned(),
            name: get("评分项描述").to_owned(),
            kind,
            step: step.or_else(|| {
                matches!(
                    kind,
                    AspectKind::Measurement | AspectKind::Deduction | AspectKind::Direct
                )
                .then(|| Decimal::new(1, 2))
            }),
            max: max.unwrap_or_default(),
            aggregation,
            trim,
            panel: Some(get("裁判组"))
                .filter(|p| !p.is_empty())
                .unwrap_or("A")
                .to_owned(),
            max_spread: None,
        };
        match modules.iter_mut().find(|m| m.code == get("模块")) {
            Some(m) => m.aspects.push(aspect),
            None => modules.push(ModuleDoc {
                code: get("模块").to_owned(),
                name: get("模块名称").to_owned(),
                aspects: vec![aspect],
            }),
        }
    }
    if table.rows.is_empty() {
        errors.push(RowError {
            row: 2,
            column: "评分项".into(),
            message: "表中没有评分项".into(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SchemeDoc::practical(modules))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spreadsheet::read_table;

    #[test]
    fn reads_a_worldskills_style_sheet() {
        let csv = "模块,模块名称,评分项,评分项描述,类型,满分,步长,汇总方式,裁判组\n\
                   A,零件加工,A1,外圆尺寸,M,2.5,0.5,去高低,A\n\
                   A,零件加工,A2,表面质量,J,1.5,,平均,A\n\
                   B,安全,B1,安全文明,扣分,1,,单人,B\n";
        let doc = scheme_from_table(&read_table(csv.as_bytes()).unwrap()).unwrap();
        let c = &doc.components[0];
        assert_eq!(c.total, Decimal::from(5));
        assert_eq!(c.modules.len(), 2);
        assert_eq!(c.modules[0].aspects[1].kind, AspectKind::Scale);
        assert_eq!(c.modules[1].aspects[0].panel, "B");
        let bad = "模块,模块名称,评分项,评分项描述,类型,满分\nA,x,A1,y,Q,0\n";
        let errors = scheme_from_table(&read_table(bad.as_bytes()).unwrap()).unwrap_err();
        let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(columns, ["类型", "满分"]);
        assert!(errors.iter().all(|e| e.row == 2));
    }
}
