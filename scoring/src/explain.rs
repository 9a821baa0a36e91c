//! A breakdown a chief judge can show at an appeal (申诉): for each aspect the marks given,
//! which were dropped, the aggregate, the mark; then module, component and weighted totals.

use crate::aggregate::{AspectStatus, JudgeMark, JudgeRef};
use crate::scheme::{Aggregation, Scheme};
use crate::totals::{EntrantResult, EntrantSheet};
use std::fmt::Write;

/// The breakdown as lines of Chinese text, in scheme order, judges named "裁判" and their ref.
pub fn explain(scheme: &Scheme, sheet: &EntrantSheet, result: &EntrantResult) -> Vec<String> {
    explain_with(scheme, sheet, result, |judge| format!("裁判{}", judge.0))
}

/// The same breakdown with judges named by the caller: an appeal shows panel letters
/// ("A组裁判2"), never the system's internal ids.
pub fn explain_with(
    scheme: &Scheme,
    sheet: &EntrantSheet,
    result: &EntrantResult,
    judge_name: impl Fn(JudgeRef) -> String,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut aspect_results = result.aspects.iter();
    let mut aspect_sheets = sheet.aspects.iter();
    for (component, c_result) in scheme.components.iter().zip(&result.components) {
        lines.push(format!(
            "【{}】满分 {}，权重 {}%{}",
            component.name,
            component.total,
            component.weight,
            component
                .pass_mark
                .map(|p| format!("，及格线 {p}"))
                .unwrap_or_default()
        ));
        for (module, m_result) in component.modules.iter().zip(&c_result.modules) {
            lines.push(format!("  模块 {} {}", module.code, module.name));
            for aspect in &module.aspects {
                let (Some(r), marks) = (aspect_results.next(), aspect_sheets.next()) else {
                    continue;
                };
                let mut line = format!(
                    "    {} {}（{}，满分 {}）：",
                    aspect.code,
                    aspect.name,
                    aspect.kind.label(),
                    aspect.max
                );
                let given: Vec<String> = marks
                    .map(|m| m.marks.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .map(|(i, JudgeMark { judge, value })| {
                        if r.is_dropped(i) {
                            format!("{} {}（去掉）", judge_name(*judge), value)
                        } else {
                            format!("{} {}", judge_name(*judge), value)
                        }
                    })
                    .collect();
                let _ = write!(line, "{}", given.join("，"));
                let rule = match r.applied.aggregation {
                    Aggregation::Mean => "平均".to_owned(),
                    Aggregation::TrimmedMean { drop } => {
                        format!("去掉最高、最低各 {drop} 个后平均")
                    }
                    Aggregation::Median => "取中位数".to_owned(),
                    Aggregation::Single => "单人评分".to_owned(),
                    Aggregation::Consensus => "合议一致".to_owned(),
                };
                let short = if r.applied.short_panel {
                    "（因回避裁判组不足，按规定处理）"
                } else {
                    ""
                };
                match (&r.status, r.aggregate(), r.mark) {
                    (AspectStatus::Counted, Some(agg), Some(mark)) => {
                        let _ = write!(line, " → {rule}{short} {agg} → 得分 {mark}");
                    }
                    (AspectStatus::Incomplete { have, need }, _, _) => {
                        let _ = write!(line, " → 尚缺评分（已有 {have}，需 {need}），不计分");
                    }
                    (AspectStatus::Flagged(d), _, _) => {
                        let _ = write!(
                            line,
                            " → 评分差 {} 超过允许的 {}，待裁判长处理，暂不计分",
                            d.spread, d.limit
                        );
                    }
                    (AspectStatus::NoPanel, _, _) => {
                        let _ = write!(line, " → 全部裁判回避，待裁判长安排");
                    }
                    (other, _, _) => {
                        let _ = write!(line, " → 无法计分（{other:?}）");
                    }
                }
                lines.push(line);
            }
            lines.push(format!(
                "  模块 {} 小计 {}{}",
                module.code,
                m_result.total,
                if m_result.complete {
                    ""
                } else {
                    "（未完成）"
                }
            ));
        }
        let penalty = if c_result.penalty.is_zero() {
            String::new()
        } else {
            format!("，扣 {} ", c_result.penalty)
        };
        lines.push(format!(
            "【{}】合计 {}{}→ {}，折合 {}{}",
            component.name,
            c_result.raw,
            penalty,
            c_result.score,
            c_result.weighted.round_dp(4).normalize(),
            match c_result.passed {
                Some(false) => "（未达及格线）",
                _ => "",
            }
        ));
    }
    lines.push(format!(
        "总成绩 {}{}",
        result.total,
        if result.complete {
            ""
        } else {
            "（评分未完成）"
        }
    ));
    lines
}
