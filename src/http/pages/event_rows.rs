//! The rows of an event's page, each built from what its context returns: the scheme's
//! aspects, panels still without a judge for some entrant, judges with the entrants they may be
//! assigned, tablets, entrants, the facts and the edit form's values.

use super::admin::Choice;
use crate::competitions::events::level_label;
use crate::error::AppResult;
use crate::judging::access::must_recuse;
use crate::judging::judges;
use crate::judging::scheme;
use crate::judging::tablets::HeldBy;
use crate::time::show_minute;
use entity::kinds::{Aggregation, EntrantStatus};
use entity::{EntrantId, JudgeId, event};
use sea_orm::ConnectionTrait;

pub struct AspectRow {
    pub component: String,
    pub module: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub max: String,
    pub aggregation: String,
    pub panel: String,
}

/// The event's current values, to fill the edit form.
pub struct EditValues {
    pub trade: String,
    pub group: String,
    pub track: String,
    pub level: String,
    pub host_id: String,
    pub venue: String,
    pub team_size: i32,
    pub hosting_cost: String,
    pub starts_at: String,
    pub ends_at: String,
}

/// A panel with entrants nobody in it may mark (all recused): what a substitute is for.
pub struct UncoveredPanel {
    pub panel: String,
    pub entrants: Vec<Choice>,
}

pub struct JudgeRow {
    pub id: JudgeId,
    pub name: String,
    pub organisation: String,
    pub role: &'static str,
    pub panel: String,
    pub id_masked: String,
    /// Entrants this judge may be given (never one of their own organisation).
    pub choices: Vec<Choice>,
    /// Whom the judge marks, in words: "未分配：评除本单位外的全部 12 名选手" or "已分配 2 名：3 号、5 号".
    pub assigned: String,
}

/// A tablet signed in now, and what it still holds for other judges.
pub struct TabletRow {
    pub judge: String,
    /// "iPad · Safari"; the browser's own string is `device_raw`.
    pub device: String,
    pub device_raw: String,
    pub since: String,
    /// "周敏 2 条", empty when it holds nothing for anyone else.
    pub held: String,
}

pub struct EntrantRow {
    pub id: EntrantId,
    pub entry_no: i32,
    pub station: String,
    pub blind_code: String,
    pub names: String,
    pub ids: String,
    pub organisation: String,
    pub status: &'static str,
    pub active: bool,
    pub reason: String,
}

fn aggregation_label(a: &scheme::AspectDoc) -> String {
    match a.aggregation {
        Aggregation::TrimmedMean => format!("去掉最高、最低各 {} 后平均", a.trim),
        other => other.label().to_owned(),
    }
}

/// The scheme's aspects, one row each with its component and module.
pub fn aspect_rows(doc: &scheme::SchemeDoc) -> Vec<AspectRow> {
    doc.components
        .iter()
        .flat_map(|c| c.modules.iter().map(move |m| (c, m)))
        .flat_map(|(c, m)| m.aspects.iter().map(move |a| (c, m, a)))
        .map(|(c, m, a)| AspectRow {
            component: format!("{}（{}%）", c.name, c.weight),
            module: format!("{} {}", m.code, m.name),
            code: a.code.clone(),
            name: a.name.clone(),
            kind: a.kind.label().to_owned(),
            max: a.max.to_string(),
            aggregation: aggregation_label(a),
            panel: a.panel.clone(),
        })
        .collect()
}

/// Each panel that leaves some entrant without a judge, with those entrants (by entry number
/// for who may see the draw, by blind code otherwise).
pub async fn uncovered_panels(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    doc: &scheme::SchemeDoc,
    can_see_draw: bool,
) -> AppResult<Vec<UncoveredPanel>> {
    // Under a sealed draw the organiser assigns by entry number; codes stay out of the page.
    let by_number = can_see_draw || crate::competitions::access::draw_sealed(ev);
    let mut panels: Vec<String> = doc
        .components
        .iter()
        .flat_map(|c| c.modules.iter())
        .flat_map(|m| m.aspects.iter().map(|a| a.panel.clone()))
        .collect();
    panels.sort();
    panels.dedup();
    let mut uncovered = Vec::new();
    for panel in panels {
        let open = judges::uncovered(db, ev.id, &panel).await?;
        if !open.is_empty() {
            uncovered.push(UncoveredPanel {
                panel,
                entrants: open
                    .iter()
                    .map(|e| Choice {
                        value: e.id.to_string(),
                        label: if by_number {
                            format!("{} 号", e.entry_no)
                        } else {
                            e.blind_code.clone().unwrap_or_default()
                        },
                    })
                    .collect(),
            });
        }
    }
    Ok(uncovered)
}

/// The judges, each with whom they mark now (`assignments`: the entrants assigned to each judge
/// that has any) and the entrants an assignment may still give them (never their own unit's).
pub fn judge_rows(
    judge_views: Vec<judges::JudgeView>,
    entrant_views: &[crate::entrants::EntrantView],
    assignments: &std::collections::HashMap<entity::JudgeId, Vec<entity::EntrantId>>,
    can_see_draw: bool,
    sealed: bool,
) -> Vec<JudgeRow> {
    let label = |e: &entity::entrant::Model| {
        if sealed {
            format!("{} 号", e.entry_no)
        } else if can_see_draw {
            format!(
                "{} 号（{}）",
                e.entry_no,
                e.blind_code.clone().unwrap_or_default()
            )
        } else {
            e.blind_code.clone().unwrap_or_default()
        }
    };
    let mut judge_rows = Vec::new();
    for j in judge_views {
        let mine = assignments.get(&j.judge.id);
        let is_mine =
            |e: &crate::entrants::EntrantView| mine.is_some_and(|m| m.contains(&e.entrant.id));
        let choices = entrant_views
            .iter()
            .filter(|e| !must_recuse(&j.judge, &e.entrant) && !is_mine(e))
            .map(|e| Choice {
                value: e.entrant.id.to_string(),
                label: label(&e.entrant),
            })
            .collect();
        let assigned = match mine {
            Some(list) if !list.is_empty() => {
                let names: Vec<String> = entrant_views
                    .iter()
                    .filter(|e| is_mine(e))
                    .map(|e| label(&e.entrant))
                    .collect();
                format!("已分配 {} 名：{}", names.len(), names.join("、"))
            }
            _ => {
                let open = entrant_views
                    .iter()
                    .filter(|e| e.entrant.status.competes() && !must_recuse(&j.judge, &e.entrant))
                    .count();
                format!("未分配：评除本单位外的全部 {open} 名选手")
            }
        };
        judge_rows.push(JudgeRow {
            id: j.judge.id,
            name: j.name,
            organisation: j.organisation,
            role: if j.judge.substitute {
                "裁判（替补）"
            } else {
                j.judge.role.label()
            },
            panel: j.judge.panel,
            id_masked: j.id_masked,
            choices,
            assigned,
        });
    }
    judge_rows
}

/// The tablets signed in for the event and whose marks each still holds.
pub async fn tablet_rows(
    db: &impl ConnectionTrait,
    ev: &event::Model,
) -> AppResult<Vec<TabletRow>> {
    Ok(crate::judging::tablets::tablets_of_event(db, ev.id)
        .await?
        .into_iter()
        .map(|t| TabletRow {
            judge: t.judge,
            device: crate::http::device::device_label(t.device.as_deref().unwrap_or_default()),
            device_raw: t.device.unwrap_or_default(),
            since: show_minute(t.since),
            held: t
                .held
                .iter()
                .map(|h| {
                    let who = match &h.judge {
                        HeldBy::Judge(name) => name.clone(),
                        HeldBy::Unknown(id) => format!("其他项目的裁判（编号 {id}）"),
                        HeldBy::Unnamed => "未注明裁判（旧版评分页）".to_owned(),
                    };
                    format!("{who} {} 条", h.marks)
                })
                .collect::<Vec<_>>()
                .join("、"),
        })
        .collect())
}

/// The entrants with their members (ID numbers masked); the draw only for who may see it.
pub fn entrant_rows(
    entrant_views: Vec<crate::entrants::EntrantView>,
    can_see_draw: bool,
) -> Vec<EntrantRow> {
    entrant_views
        .into_iter()
        .map(|e| EntrantRow {
            id: e.entrant.id,
            entry_no: e.entrant.entry_no,
            station: if can_see_draw {
                e.entrant.station.map(|s| s.to_string()).unwrap_or_default()
            } else {
                String::new()
            },
            blind_code: if can_see_draw {
                e.entrant.blind_code.clone().unwrap_or_default()
            } else {
                String::new()
            },
            names: e
                .members
                .iter()
                .map(|m| format!("{}（{}）", m.name, m.sex))
                .collect::<Vec<_>>()
                .join("、"),
            ids: e
                .members
                .iter()
                .map(|m| m.id_masked.clone())
                .collect::<Vec<_>>()
                .join("、"),
            organisation: e.organisation,
            status: e.entrant.status.label(),
            active: e.entrant.status == EntrantStatus::Active,
            reason: e.entrant.status_reason.unwrap_or_default(),
        })
        .collect()
}

/// The event's facts as the page lists them.
pub fn facts(ev: &event::Model, host: String) -> Vec<(&'static str, String)> {
    vec![
        ("组别", ev.group.label().to_owned()),
        ("赛项类别", ev.track.label().to_owned()),
        ("目标等级", level_label(ev.level).to_owned()),
        ("承办单位", host),
        ("比赛地点", ev.venue.clone().unwrap_or_else(|| "—".into())),
        (
            "比赛时间",
            match (ev.starts_at, ev.ends_at) {
                (Some(s), Some(e)) => format!("{} 至 {}", show_minute(s), show_minute(e)),
                (Some(s), None) => format!("{} 开始", show_minute(s)),
                _ => "—".into(),
            },
        ),
        (
            "每队人数",
            if ev.team_size == 1 {
                "个人赛".to_owned()
            } else {
                format!("{} 人", ev.team_size)
            },
        ),
        (
            "承办成本（元）",
            ev.hosting_cost
                .map(|c| crate::http::format::yuan(c.to_decimal()))
                .unwrap_or_else(|| "—".into()),
        ),
        (
            "抽签",
            ev.drawn_at
                .map(|t| format!("{} 完成", show_minute(t)))
                .unwrap_or_else(|| "尚未抽签".into()),
        ),
        (
            "评分方案",
            if ev.scheme_frozen {
                "已冻结（评分已开始）".into()
            } else {
                "可修改".into()
            },
        ),
    ]
}

/// The edit form, filled with the event as it is.
pub fn edit_values(ev: &event::Model) -> EditValues {
    let code = |v: serde_json::Result<serde_json::Value>| {
        v.ok()
            .and_then(|v| v.as_str().map(ToOwned::to_owned))
            .unwrap_or_default()
    };
    EditValues {
        trade: ev.trade.clone(),
        group: code(serde_json::to_value(ev.group)),
        track: code(serde_json::to_value(ev.track)),
        level: ev.level.to_string(),
        host_id: ev.host_id.map(|h| h.to_string()).unwrap_or_default(),
        venue: ev.venue.clone().unwrap_or_default(),
        team_size: ev.team_size,
        hosting_cost: ev
            .hosting_cost
            .map(|c| format!("{:.2}", c.to_decimal()))
            .unwrap_or_default(),
        starts_at: ev
            .starts_at
            .map(crate::time::input_minute)
            .unwrap_or_default(),
        ends_at: ev
            .ends_at
            .map(crate::time::input_minute)
            .unwrap_or_default(),
    }
}
