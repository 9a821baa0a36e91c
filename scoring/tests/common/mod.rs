//! Builders for small schemes and entrants, so each test reads like the rule it checks.

#![allow(dead_code)]

use rust_decimal::Decimal;
use scoring::*;
use std::str::FromStr;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn aspect(id: u32, kind: AspectKind, max: &str, aggregation: Aggregation, panel: u8) -> Aspect {
    Aspect {
        id: AspectId(id),
        code: format!("A{id}"),
        name: format!("评分项{id}"),
        kind,
        max: d(max),
        aggregation,
        panel,
        max_spread: None,
    }
}

pub fn measurement(step: &str) -> AspectKind {
    AspectKind::Measurement { step: d(step) }
}

pub fn component(
    code: &str,
    kind: ComponentKind,
    weight: &str,
    pass: Option<&str>,
    aspects: Vec<Aspect>,
) -> Component {
    let total = aspects.iter().map(|a| a.max).sum();
    Component {
        code: code.into(),
        name: match kind {
            ComponentKind::Theory => "理论".into(),
            ComponentKind::Practical => "实操".into(),
            ComponentKind::Other => code.into(),
        },
        kind,
        total,
        weight: d(weight),
        pass_mark: pass.map(d),
        modules: vec![Module {
            code: format!("{code}-M"),
            name: "模块".into(),
            aspects,
        }],
    }
}

pub fn scheme(components: Vec<Component>) -> Scheme {
    Scheme {
        components,
        aspect_rounding: Rounding::MARKS,
        total_rounding: Rounding::MARKS,
        short_panel: ShortPanel::KeepTrim,
    }
}

/// One aspect, one component, weight 100.
pub fn single(a: Aspect) -> Scheme {
    scheme(vec![component(
        "practical",
        ComponentKind::Practical,
        "100",
        None,
        vec![a],
    )])
}

pub fn marks(values: &[&str]) -> AspectMarks {
    AspectMarks {
        expected: values.len() as u8,
        spread_accepted: false,
        marks: values
            .iter()
            .enumerate()
            .map(|(j, v)| JudgeMark {
                judge: JudgeRef(j as u64 + 1),
                value: d(v),
            })
            .collect(),
    }
}

pub fn sheet(entrant: u64, aspects: Vec<AspectMarks>) -> EntrantSheet {
    EntrantSheet {
        entrant: EntrantRef(entrant),
        participation: Participation::Competing,
        time_secs: None,
        aspects,
        penalties: Vec::new(),
    }
}

/// An entrant whose only aspect (max 100, step 0.01, single judge) is marked `total`.
pub fn scored(entrant: u64, total: &str) -> EntrantSheet {
    sheet(entrant, vec![marks(&[total])])
}

pub fn hundred_point_scheme() -> Scheme {
    single(aspect(
        1,
        measurement("0.01"),
        "100",
        Aggregation::Single,
        1,
    ))
}

pub fn results(scheme: &Scheme, sheets: &[EntrantSheet]) -> Vec<EntrantResult> {
    sheets.iter().map(|s| score_entrant(scheme, s)).collect()
}
