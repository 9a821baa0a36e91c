//! 裁判一致性 for an event: the ledger's marks now, read by [`scoring::consistency`], with the
//! judges' names and panels and the aspects' codes. For the chief judge during marking (which
//! judge to talk to, which aspect the judges read differently) and for the organiser after
//! (which judges to ask back for the next edition). Figures are rounded to two places here,
//! for reading; the scoring crate keeps them exact.

use crate::error::AppResult;
use crate::marking::ledger::{self, Selection};
use entity::kinds::EntrantStatus;
use entity::{JudgeId, event, person};
use rust_decimal::Decimal;
use scoring::consistency::{AspectRule, CellMarks, consistency};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// One judge on one aspect.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct JudgeAspectReading {
    pub aspect: String,
    pub marks: u32,
    /// Mean signed deviation from the other judges' median, in the aspect's own units
    /// (points; grades for 0–3); positive is more generous.
    #[schema(value_type = String, example = "0.50")]
    pub mean_deviation: Decimal,
    #[schema(value_type = String, example = "0.25")]
    pub scatter: Decimal,
    pub outside_tolerance: u32,
    pub alone: u32,
}

/// One judge, overall and aspect by aspect.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct JudgeReading {
    #[schema(value_type = i32)]
    pub judge_id: JudgeId,
    pub name: String,
    pub panel: String,
    pub marks: u32,
    /// Mean signed deviation in percent of each aspect's scale; positive is more generous.
    #[schema(value_type = String, example = "4.17")]
    pub mean_deviation_pct: Decimal,
    #[schema(value_type = String, example = "2.50")]
    pub scatter_pct: Decimal,
    pub outside_tolerance: u32,
    pub alone: u32,
    pub aspects: Vec<JudgeAspectReading>,
}

/// How differently the judges read one aspect.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AspectReading {
    pub aspect: String,
    pub name: String,
    pub panel: String,
    pub cells: u32,
    /// Mean absolute deviation in percent of the aspect's scale.
    #[schema(value_type = String, example = "6.25")]
    pub disagreement_pct: Decimal,
    pub outside_tolerance: u32,
}

/// The reading of an event.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ConsistencyReading {
    /// Judges by panel, then id.
    pub judges: Vec<JudgeReading>,
    /// Aspects in scheme order.
    pub aspects: Vec<AspectReading>,
}

fn two(d: Decimal) -> Decimal {
    d.round_dp(2)
}

/// Reads an event's judges from its marks as they stand (active entrants only).
pub async fn of_event(
    db: &impl ConnectionTrait,
    ev: &event::Model,
) -> AppResult<ConsistencyReading> {
    let ledger = ledger::load(db, ev, Selection::now()).await?;
    let scheme = ledger.scheme()?;
    let rules: Vec<AspectRule> = scheme.aspects().map(AspectRule::of).collect();
    let mut cells = Vec::new();
    for e in ledger
        .entrants
        .iter()
        .filter(|e| e.status == EntrantStatus::Active)
    {
        for aspect in scheme.aspects() {
            let marks = ledger.aspect_marks(e.id, aspect.id.into()).marks;
            if marks.len() >= 2 {
                cells.push(CellMarks {
                    aspect: aspect.id,
                    marks,
                });
            }
        }
    }
    let report = consistency(&rules, &cells);

    let names: HashMap<i32, String> = person::Entity::find()
        .filter(
            person::Column::Id.is_in(
                ledger
                    .judges
                    .iter()
                    .map(|j| j.person_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let code_of: HashMap<scoring::AspectId, (&str, &str)> = scheme
        .aspects()
        .map(|a| (a.id, (a.code.as_str(), a.name.as_str())))
        .collect();
    let panel_of = |id: scoring::AspectId| {
        ledger
            .aspects
            .get(&id.into())
            .map(|a| a.panel.clone())
            .unwrap_or_default()
    };
    let mut judges: Vec<JudgeReading> = ledger
        .judges
        .iter()
        .filter_map(|j| {
            let r = report
                .judges
                .iter()
                .find(|r| r.judge == scoring::JudgeRef::from(j.id))?;
            Some(JudgeReading {
                judge_id: j.id,
                name: names.get(&j.person_id).cloned().unwrap_or_default(),
                panel: j.panel.clone(),
                marks: r.marks,
                mean_deviation_pct: two(r.mean_deviation_pct),
                scatter_pct: two(r.scatter_pct),
                outside_tolerance: r.outside_tolerance,
                alone: r.alone,
                aspects: r
                    .aspects
                    .iter()
                    .map(|a| JudgeAspectReading {
                        aspect: code_of.get(&a.aspect).map(|c| c.0).unwrap_or("").to_owned(),
                        marks: a.marks,
                        mean_deviation: two(a.mean_deviation),
                        scatter: two(a.scatter),
                        outside_tolerance: a.outside_tolerance,
                        alone: a.alone,
                    })
                    .collect(),
            })
        })
        .collect();
    judges.sort_by(|a, b| a.panel.cmp(&b.panel).then(a.judge_id.cmp(&b.judge_id)));
    let aspects = report
        .aspects
        .iter()
        .map(|a| {
            let (code, name) = code_of.get(&a.aspect).copied().unwrap_or(("", ""));
            AspectReading {
                aspect: code.to_owned(),
                name: name.to_owned(),
                panel: panel_of(a.aspect),
                cells: a.cells,
                disagreement_pct: two(a.disagreement_pct),
                outside_tolerance: a.outside_tolerance,
            }
        })
        .collect();
    Ok(ConsistencyReading { judges, aspects })
}
