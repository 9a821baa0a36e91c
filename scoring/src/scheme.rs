//! The marking scheme (评分方案): components → modules → aspects.
//!
//! - A **component** is a part of the contest marked out of its own total and combined with the
//!   others by weight: 理论 (theory) and 实操 (practical) each out of 100, weighted 30/70, give
//!   `theory × 30% + practical × 70%`. A scheme with one component has weight 100.
//! - A **module** (模块) groups aspects, e.g. "A 零件加工".
//! - An **aspect** (评分项) is what a judge marks: a *measurement* (测量: an exact value, pass/fail,
//!   or deductions) or a *judgement* (评价: a 0–3 grade as at WorldSkills, or a direct mark),
//!   with a maximum mark and a panel of judges whose marks are aggregated.
//!
//! Worked example: aspect "A1 外圆尺寸", measurement, max 10, step 0.5, panel of 5, trimmed mean
//! dropping 1+1. Marks 9.5, 9, 8, 9.5, 10 → drop 10 and 8 → (9.5 + 9 + 9.5) ÷ 3 = 9.33.

use crate::fixed::to_fixed;
use crate::rounding::Rounding;
use rust_decimal::Decimal;

/// The caller's id of an aspect (its database id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AspectId(pub u32);

/// Which kind of work a component is; tie-break rules can name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComponentKind {
    Theory,
    Practical,
    Other,
}

/// What a judge records for an aspect, and how it becomes a mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AspectKind {
    /// 测量: the mark itself, from 0 to max in steps of `step`.
    Measurement { step: Decimal },
    /// 测量（合格/不合格）: 1 when met (mark = max), 0 when not (mark = 0).
    PassFail,
    /// 扣分: points deducted, in steps of `step`; mark = max − deductions, never below 0.
    Deduction { step: Decimal },
    /// 评价 0–3 (WorldSkills): each judge gives 0, 1, 2 or 3; mark = aggregate ÷ 3 × max.
    Scale,
    /// 评价（直接打分）: a mark from 0 to max in steps of `step`.
    Direct { step: Decimal },
}

impl AspectKind {
    pub fn label(&self) -> &'static str {
        match self {
            AspectKind::Measurement { .. } => "测量",
            AspectKind::PassFail => "测量（合格/不合格）",
            AspectKind::Deduction { .. } => "扣分",
            AspectKind::Scale => "评价（0–3 分制）",
            AspectKind::Direct { .. } => "评价",
        }
    }
}

/// How the marks of a panel become one figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Aggregation {
    /// Plain mean of every mark.
    Mean,
    /// Drop the `drop` highest and `drop` lowest, mean of the rest (5 judges: 1+1; 7: 2+2).
    TrimmedMean { drop: u8 },
    /// The middle mark (mean of the two middle ones for an even count).
    Median,
    /// One judge marks alone.
    Single,
    /// The panel agrees one value; it may be entered once or by each judge, but must agree.
    Consensus,
}

impl Aggregation {
    /// Fewest judges the aggregation can work with.
    pub fn min_panel(&self) -> u8 {
        match self {
            Aggregation::TrimmedMean { drop } => drop.saturating_mul(2).saturating_add(1),
            _ => 1,
        }
    }
}

/// What counts when a judge has recused from an entrant and the panel is short. The same rule
/// applies to every entrant of the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShortPanel {
    /// Keep dropping as many highest and lowest as the scheme says, fewer only if nothing
    /// would be left (a 5-judge 1+1 trim becomes a 4-judge 1+1 trim).
    KeepTrim,
    /// A short panel is averaged plainly (a 5-judge 1+1 trim becomes a 4-judge mean).
    PlainMean,
}

/// Panels are kept small enough to fit a 16-bit mask of dropped marks.
pub const MAX_PANEL: u8 = 16;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aspect {
    pub id: AspectId,
    /// e.g. `A1.2`.
    pub code: String,
    pub name: String,
    pub kind: AspectKind,
    pub max: Decimal,
    pub aggregation: Aggregation,
    /// How many judges mark it.
    pub panel: u8,
    /// Largest allowed spread between counting marks (in the judges' own units: grades for 0–3,
    /// points otherwise). A wider spread flags the aspect for the chief judge.
    pub max_spread: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    pub code: String,
    pub name: String,
    pub aspects: Vec<Aspect>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    pub code: String,
    pub name: String,
    pub kind: ComponentKind,
    /// What the component is marked out of (100 unless set); its aspects' maxima add up to it.
    pub total: Decimal,
    /// Share of the final total, in percent; the weights of a scheme add up to 100.
    pub weight: Decimal,
    /// Below this the entrant fails the component and can win no award.
    pub pass_mark: Option<Decimal>,
    pub modules: Vec<Module>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheme {
    pub components: Vec<Component>,
    /// Rounding of each aspect mark.
    pub aspect_rounding: Rounding,
    /// Rounding of the final total.
    pub total_rounding: Rounding,
    pub short_panel: ShortPanel,
}

/// Something wrong with a scheme, found before an event may start.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SchemeError {
    #[error("评分方案没有任何组成部分")]
    NoComponents,
    #[error("各组成部分权重之和为 {}%，应为 100%", .total.normalize())]
    WeightsDoNotAddUp { total: Decimal },
    #[error("组成部分 {component} 的评分项满分合计 {}，与其总分 {} 不符", .actual.normalize(), .expected.normalize())]
    TotalMismatch {
        component: String,
        expected: Decimal,
        actual: Decimal,
    },
    #[error("模块 {module} 没有评分项")]
    EmptyModule { module: String },
    #[error("评分项 {aspect} 的满分须大于 0，且最多 4 位小数")]
    BadMax { aspect: String },
    #[error("评分项 {aspect} 的步长须大于 0、不超过满分，且最多 4 位小数")]
    BadStep { aspect: String },
    #[error("评分项 {aspect} 的裁判组为 {panel} 人，其汇总方式至少需要 {needs} 人")]
    PanelTooSmall {
        aspect: String,
        panel: u8,
        needs: u8,
    },
    #[error("评分项 {aspect} 的裁判组为 {panel} 人，超过上限 16 人")]
    PanelTooLarge { aspect: String, panel: u8 },
    #[error("评分项 {aspect} 为单人评分，裁判组须为 1 人")]
    SingleNeedsOne { aspect: String },
    #[error("评分项编号 {aspect} 重复")]
    DuplicateAspect { aspect: String },
    #[error("组成部分 {component} 的及格线 {} 超出其总分", .pass_mark.normalize())]
    PassMarkAboveTotal {
        component: String,
        pass_mark: Decimal,
    },
    #[error("保留小数位数须在 0–6 之间")]
    BadRounding,
}

impl Scheme {
    /// Every aspect, in scheme order (components, then modules, then aspects).
    pub fn aspects(&self) -> impl Iterator<Item = &Aspect> {
        self.components
            .iter()
            .flat_map(|c| c.modules.iter())
            .flat_map(|m| m.aspects.iter())
    }

    /// All that is wrong with the scheme; empty when it may be used.
    pub fn check(&self) -> Vec<SchemeError> {
        let mut errors = Vec::new();
        if self.components.is_empty() {
            errors.push(SchemeError::NoComponents);
        }
        if self.aspect_rounding.places > 6 || self.total_rounding.places > 6 {
            errors.push(SchemeError::BadRounding);
        }
        let weights: Decimal = self.components.iter().map(|c| c.weight).sum();
        if !self.components.is_empty() && weights != Decimal::ONE_HUNDRED {
            errors.push(SchemeError::WeightsDoNotAddUp { total: weights });
        }
        let mut seen_ids = std::collections::HashSet::new();
        let mut seen_codes = std::collections::HashSet::new();
        for component in &self.components {
            let mut sum = Decimal::ZERO;
            for module in &component.modules {
                if module.aspects.is_empty() {
                    errors.push(SchemeError::EmptyModule {
                        module: module.code.clone(),
                    });
                }
                for aspect in &module.aspects {
                    sum += aspect.max;
                    check_aspect(aspect, &mut errors);
                    if !seen_ids.insert(aspect.id) || !seen_codes.insert(aspect.code.as_str()) {
                        errors.push(SchemeError::DuplicateAspect {
                            aspect: aspect.code.clone(),
                        });
                    }
                }
            }
            if sum != component.total {
                errors.push(SchemeError::TotalMismatch {
                    component: component.code.clone(),
                    expected: component.total,
                    actual: sum,
                });
            }
            if let Some(pass_mark) = component.pass_mark
                && (pass_mark > component.total || pass_mark < Decimal::ZERO)
            {
                errors.push(SchemeError::PassMarkAboveTotal {
                    component: component.code.clone(),
                    pass_mark,
                });
            }
        }
        errors
    }
}

fn check_aspect(aspect: &Aspect, errors: &mut Vec<SchemeError>) {
    let code = || aspect.code.clone();
    if aspect.max <= Decimal::ZERO || to_fixed(aspect.max).is_none() {
        errors.push(SchemeError::BadMax { aspect: code() });
    }
    if let AspectKind::Measurement { step }
    | AspectKind::Deduction { step }
    | AspectKind::Direct { step } = aspect.kind
        && (step <= Decimal::ZERO || step > aspect.max || to_fixed(step).is_none())
    {
        errors.push(SchemeError::BadStep { aspect: code() });
    }
    if aspect.panel > MAX_PANEL {
        errors.push(SchemeError::PanelTooLarge {
            aspect: code(),
            panel: aspect.panel,
        });
    }
    let needs = aspect.aggregation.min_panel();
    if aspect.panel < needs {
        errors.push(SchemeError::PanelTooSmall {
            aspect: code(),
            panel: aspect.panel,
            needs,
        });
    }
    if aspect.aggregation == Aggregation::Single && aspect.panel != 1 {
        errors.push(SchemeError::SingleNeedsOne { aspect: code() });
    }
}
