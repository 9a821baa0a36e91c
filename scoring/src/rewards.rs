//! Rewards and subsidies (奖励资助 / 补贴) by the craftsman policy: achievements in, reward lines
//! out, exact to the fen.
//!
//! The policy is data ([`PolicyItem`], one row per version); this module only knows the rule
//! shapes the seed uses and clause 18's “从高、从优、不重复”. It sees no database and no clock: the
//! caller passes the versions, the achievements (each with the day it was achieved) and what an
//! officer decided (a lowered amount, an amount where the seed gives none).
//!
//! Worked examples (the seed's own amounts):
//! - 世赛金牌, `Fixed 2,000,000` → one line of 2,000,000.00 to the person.
//! - 3 people of one school selected for the national training team, `PerHead 100,000` each →
//!   three lines of 100,000.00 to the school.
//! - hosting cost 60,000 under `CostCeiling 50,000` → 50,000.00; the officer may lower it with a
//!   reason (→ 40,000.00), never raise it.
//! - 工匠 (10,000) in 2026, then 大工匠 (50,000) in 2028, same group → 10,000.00 then a top-up of
//!   40,000.00; a later 杰出工匠 (30,000) → 0.00 with the reason.

use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;

/// A calendar day as a number that sorts (the caller's days since the common era).
pub type Day = i32;

/// Who a reward goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recipient {
    Person(i64),
    Organisation(i64),
}

/// The two funds of clause 18.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fund {
    /// 人才专项: where the clause says “相关经费从人才专项列支”.
    Talent,
    /// 人力社保和就业资金: everything that names no source (clause 18).
    HrEmployment,
}

/// How an item turns an achievement into money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A fixed sum (中华技能大奖 1,000,000).
    Fixed { amount: Decimal },
    /// So much per head (集训队 100,000 per person selected, to the sending organisation).
    PerHead { amount: Decimal },
    /// The reported cost, up to a ceiling (承办补助 “最高 5 万元”); proof of cost required.
    /// With `per_head`, the ceiling is per head or per project (院校承办 “每个项目（工种）最高
    /// 20 万元”: two projects, 400,000).
    CostCeiling { ceiling: Decimal, per_head: bool },
    /// A match of what another level paid down, per tranche (1:1), with an optional cap over
    /// all tranches of one grant (省拨资金 20%, ≤ 1,000,000).
    Match {
        ratio: Decimal,
        cap: Option<Decimal>,
    },
    /// A percentage of a base, once a year for `years` years, with a cap over all years
    /// (引才补贴 50% × 3 years, ≤ 500,000).
    PercentOfBase {
        percent: Decimal,
        years: u32,
        cap: Decimal,
    },
    /// So much a month for so many months (高级技师津贴 1,000 × 24), one line per year of
    /// twelve months, each payable from its own year.
    Monthly { amount: Decimal, months: u32 },
    /// A sum once a threshold of heads is reached, plus so much per head above it
    /// (协作基地: 50,000 at 20 sent, + 3,000 per person above).
    ThresholdExcess {
        amount: Decimal,
        threshold: u32,
        per_head: Decimal,
    },
    /// The cost up to a ceiling, raised by a factor where the achievement is flagged
    /// (培训补贴 ≤ 3,000, shortage trades +30%).
    Uplift { ceiling: Decimal, factor: Decimal },
    /// An amount the officer sets where the seed gives none, up to an optional ceiling
    /// (工作室 “最高 15 万元”; 购房补贴 by another policy's standard). With `per_head`, the
    /// ceiling is per head (学徒制 “每人每年最高 6000 元”: ten apprentices, 60,000).
    OfficerSet {
        ceiling: Option<Decimal>,
        per_head: bool,
    },
}

impl Shape {
    /// The code name stored with the item.
    pub fn code(&self) -> &'static str {
        match self {
            Shape::Fixed { .. } => "fixed",
            Shape::PerHead { .. } => "per_head",
            Shape::CostCeiling { .. } => "cost_ceiling",
            Shape::Match { .. } => "match",
            Shape::PercentOfBase { .. } => "percent_of_base",
            Shape::Monthly { .. } => "monthly",
            Shape::ThresholdExcess { .. } => "threshold_excess",
            Shape::Uplift { .. } => "uplift",
            Shape::OfficerSet { .. } => "officer_set",
        }
    }

    /// Whether an officer may lower the computed amount (a ceiling, not an entitlement).
    pub fn is_ceiling(&self) -> bool {
        matches!(
            self,
            Shape::CostCeiling { .. } | Shape::Uplift { .. } | Shape::OfficerSet { .. }
        )
    }
}

impl Shape {
    /// The ceiling this shape puts on an officer's amount for this achievement: per head
    /// where the item says so.
    fn officer_ceiling(&self, a: &Achievement) -> Option<Decimal> {
        let times = |c: Decimal, per_head: bool| {
            if per_head {
                c * Decimal::from(a.heads)
            } else {
                c
            }
        };
        match self {
            Shape::OfficerSet { ceiling, per_head } => ceiling.map(|c| times(c, *per_head)),
            Shape::CostCeiling { ceiling, per_head } => Some(times(*ceiling, *per_head)),
            _ => None,
        }
    }
}

/// One version of one policy item: what the policy pays for one kind of achievement from a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyItem {
    /// The stored row of this version.
    pub version_id: i64,
    /// Stable across versions, e.g. `ws_gold`.
    pub code: String,
    pub clause: String,
    pub name: String,
    pub fund: Fund,
    /// Clause 18 works inside a group: the highest only.
    pub group: Option<String>,
    pub shape: Shape,
    pub effective_from: Day,
}

/// The version of `code` in force on `day`: the latest that started on or before it.
pub fn in_force<'a>(items: &'a [PolicyItem], code: &str, day: Day) -> Option<&'a PolicyItem> {
    items
        .iter()
        .filter(|i| i.code == code && i.effective_from <= day)
        .max_by_key(|i| (i.effective_from, i.version_id))
}

/// What a reward is for, as the computation needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Achievement {
    pub id: i64,
    /// The policy item it is evidence for; `None` pays nothing (a contest placing).
    pub item: Option<String>,
    pub day: Day,
    pub recipient: Recipient,
    /// Heads for per-head and threshold items.
    pub heads: u32,
    /// The cost, the tranche paid down, or the salary base.
    pub base: Option<Decimal>,
    /// Proof of cost attached (required by [`Shape::CostCeiling`]).
    pub proof: bool,
    /// A shortage trade, for [`Shape::Uplift`].
    pub flagged: bool,
    /// The officer's amount: a lowered ceiling, or the amount of an [`Shape::OfficerSet`] item.
    pub officer_amount: Option<Decimal>,
    /// Tranches of one grant share a series (and a match's cap).
    pub series: Option<String>,
    /// Withdrawn by an officer (entered by mistake): it pays nothing and holds no place in a
    /// group or a cap; what was committed before is reversed by a draft (see the caller).
    pub withdrawn: bool,
    /// Its lines have been reviewed or gone further: what it pays is settled, and it holds its
    /// place in a same-kind group and a cap before anything recorded later. Without this, a
    /// lower title dated earlier but entered after a higher one was paid would take the
    /// group's first place, and the computation would ask for the paid top-up back.
    pub settled: bool,
}

/// One reward line: one part of what one achievement pays one recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub achievement: i64,
    /// 0, or the year (1, 2, 3) of a multi-year item.
    pub part: u32,
    /// Whole years after the achievement's day from which this line may be paid: 0 at once,
    /// 1 for the second year of a multi-year item, and so on.
    pub year: u32,
    pub recipient: Recipient,
    pub code: String,
    pub version_id: i64,
    pub clause: String,
    pub fund: Fund,
    /// What is paid by this line.
    pub amount: Decimal,
    /// What the item gives before clause 18.
    pub computed: Decimal,
    /// The ceiling an officer may lower to, for ceiling items.
    pub ceiling: Option<Decimal>,
    /// Why the amount is what it is, in Chinese.
    pub note: String,
}

/// An amount in a note: to the fen, without the storage's trailing places (50000.00).
fn show(value: Decimal) -> String {
    yuan(value)
}

/// Yuan as every note, page and list writes it: to the fen with thousands separators
/// (1234567.8 → `1,234,567.80`), one format wherever money shows.
pub fn yuan(value: Decimal) -> String {
    let fixed = format!("{:.2}", fen(value));
    let (sign, digits) = fixed
        .strip_prefix('-')
        .map_or(("", fixed.as_str()), |rest| ("-", rest));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{fraction}")
}

/// Money to the fen, half up, after every percentage.
pub fn fen(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Why an officer's amount is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OfficerAmountError {
    #[error("本项按政策最高 {} 元，只能核减，不能核增", yuan(*.ceiling))]
    AboveCeiling { ceiling: Decimal },
    #[error("金额不能为负数")]
    Negative,
    #[error("本项按政策标准计算，不能由经办人另定金额")]
    NotAdjustable,
}

/// Whether an officer may set `amount` on an achievement under `item`: only ceiling items,
/// only down to zero and never above what the policy allows for it.
pub fn check_officer_amount(
    item: &PolicyItem,
    achievement: &Achievement,
    amount: Decimal,
) -> Result<(), OfficerAmountError> {
    if amount < Decimal::ZERO {
        return Err(OfficerAmountError::Negative);
    }
    if !item.shape.is_ceiling() {
        return Err(OfficerAmountError::NotAdjustable);
    }
    let unset = Achievement {
        officer_amount: None,
        ..achievement.clone()
    };
    let ceiling = match &item.shape {
        Shape::OfficerSet { .. } => item.shape.officer_ceiling(achievement),
        _ => Some(raw(item, &unset).0),
    };
    match ceiling {
        Some(c) if amount > c => Err(OfficerAmountError::AboveCeiling { ceiling: c }),
        _ => Ok(()),
    }
}

/// What one achievement gives under one item before clause 18, with the reason: the amount
/// and its note (empty when nothing needs saying).
fn raw(item: &PolicyItem, a: &Achievement) -> (Decimal, String) {
    let lowered = |computed: Decimal, note: String| match a.officer_amount {
        Some(o) if o < computed => (
            fen(o),
            format!("经办人核减：政策最高 {} 元", show(computed)),
        ),
        _ => (computed, note),
    };
    match &item.shape {
        Shape::Fixed { amount } => (*amount, String::new()),
        Shape::PerHead { amount } => (
            fen(*amount * Decimal::from(a.heads)),
            format!("{} 人 × {} 元", a.heads, show(*amount)),
        ),
        Shape::CostCeiling { ceiling, per_head } => match a.base {
            None => (Decimal::ZERO, "未报成本，不予计算".into()),
            Some(_) if !a.proof => (Decimal::ZERO, "缺少成本凭证，不予计算".into()),
            Some(cost) => {
                let limit = item.shape.officer_ceiling(a).unwrap_or(*ceiling);
                let computed = fen(cost.min(limit));
                let note = if cost > limit && *per_head {
                    format!(
                        "成本 {} 元，按 {} 个 × 最高 {} 元",
                        show(cost),
                        a.heads,
                        show(*ceiling)
                    )
                } else if cost > limit {
                    format!("成本 {} 元，按最高 {} 元", show(cost), show(limit))
                } else {
                    format!("按成本 {} 元", show(cost))
                };
                lowered(computed, note)
            }
        },
        Shape::Uplift { ceiling, factor } => match a.base {
            None => (Decimal::ZERO, "未报金额，不予计算".into()),
            Some(cost) => {
                let standard = cost.min(*ceiling);
                let computed = if a.flagged {
                    fen(standard * factor)
                } else {
                    fen(standard)
                };
                let note = if a.flagged {
                    format!("紧缺职业（工种）上浮：{} × {factor}", show(standard))
                } else {
                    String::new()
                };
                lowered(computed, note)
            }
        },
        Shape::OfficerSet { ceiling, per_head } => match a.officer_amount {
            None => (Decimal::ZERO, "待经办人核定金额".into()),
            Some(o) => match (item.shape.officer_ceiling(a), ceiling) {
                (Some(limit), Some(c)) if *per_head => (
                    fen(o.min(limit)),
                    format!("经办人核定（{} 人 × 最高 {} 元）", a.heads, show(*c)),
                ),
                (Some(limit), _) => (fen(o.min(limit)), "经办人核定".into()),
                (None, _) => (fen(o), "经办人核定".into()),
            },
        },
        // One year's worth; `compute` makes a line per year.
        Shape::Monthly { amount, months } => {
            let m = (*months).min(12);
            (
                fen(*amount * Decimal::from(m)),
                format!("{} 元/月 × {m} 个月", show(*amount)),
            )
        }
        Shape::ThresholdExcess {
            amount,
            threshold,
            per_head,
        } => {
            if a.heads < *threshold {
                (
                    Decimal::ZERO,
                    format!("输送 {} 人，未达 {threshold} 人", a.heads),
                )
            } else {
                let excess = a.heads - threshold;
                (
                    fen(*amount + *per_head * Decimal::from(excess)),
                    format!(
                        "{} 元 + 超出 {excess} 人 × {} 元",
                        show(*amount),
                        show(*per_head)
                    ),
                )
            }
        }
        // Multi-part and capped shapes are worked out in `compute`; this is one part's worth.
        Shape::Match { ratio, .. } => match a.base {
            None => (Decimal::ZERO, "未报上级拨付金额，不予计算".into()),
            Some(grant) => (
                fen(grant * ratio),
                format!("上级拨付 {} 元 × {ratio}", show(grant)),
            ),
        },
        Shape::PercentOfBase { percent, .. } => match a.base {
            None => (Decimal::ZERO, "未报薪酬基数，不予计算".into()),
            Some(base) => (
                fen(base * percent),
                format!("基数 {} 元 × {percent}", show(base)),
            ),
        },
    }
}

/// Every reward line of these achievements under these policy versions.
///
/// Achievements are taken settled first (see [`Achievement::settled`]), then in order of day,
/// then id, so that clause 18 and the caps see them as they happened. Inside a same-kind group, per recipient, only the highest pays: a higher
/// one later pays the difference, a lower one later gives a zero line with the reason; nothing
/// is clawed back. Items of different groups (or of none) always pay in full. An achievement
/// whose item has no version in force on its day gives a zero line saying so; one with no item
/// gives no line.
pub fn compute(items: &[PolicyItem], achievements: &[Achievement]) -> Vec<Line> {
    let mut order: Vec<&Achievement> = achievements.iter().collect();
    order.sort_by_key(|a| (!a.settled, a.day, a.id));
    // The best amount so far, and the item that gave it, per recipient and group.
    let mut best: HashMap<(Recipient, &str), (Decimal, &str)> = HashMap::new();
    // What a match has paid so far per recipient, item and grant.
    let mut matched: HashMap<(Recipient, &str, Option<&str>), Decimal> = HashMap::new();
    let mut by_code: HashMap<&str, Vec<&PolicyItem>> = HashMap::new();
    for item in items {
        by_code.entry(item.code.as_str()).or_default().push(item);
    }
    let mut lines = Vec::with_capacity(order.len());
    for a in order {
        let Some(code) = a.item.as_deref() else {
            continue;
        };
        let version = by_code.get(code).and_then(|versions| {
            versions
                .iter()
                .filter(|i| i.effective_from <= a.day)
                .max_by_key(|i| (i.effective_from, i.version_id))
        });
        let Some(item) = version else {
            lines.push(Line {
                achievement: a.id,
                part: 0,
                year: 0,
                recipient: a.recipient,
                code: code.to_owned(),
                version_id: 0,
                clause: String::new(),
                fund: Fund::HrEmployment,
                amount: Decimal::ZERO,
                computed: Decimal::ZERO,
                ceiling: None,
                note: "取得之日无有效政策条目".into(),
            });
            continue;
        };
        let line = |part: u32, amount: Decimal, computed: Decimal, note: String| Line {
            achievement: a.id,
            part,
            year: part.saturating_sub(1),
            recipient: a.recipient,
            code: item.code.clone(),
            version_id: item.version_id,
            clause: item.clause.clone(),
            fund: item.fund,
            amount,
            computed,
            ceiling: None,
            note,
        };
        if a.withdrawn {
            for part in parts(&item.shape) {
                lines.push(line(
                    part,
                    Decimal::ZERO,
                    Decimal::ZERO,
                    "成果记录已撤回".into(),
                ));
            }
            continue;
        }
        match &item.shape {
            Shape::Monthly { amount, months } if *months > 12 => {
                // Clause 18 compares the whole allowance; a top-up is paid from the last year
                // backwards (what is paid later can still be stopped), a lower one pays nothing.
                let total = fen(*amount * Decimal::from(*months));
                let (mut owed, why) = match item.group.as_deref() {
                    Some(group) => {
                        let held = best
                            .entry((a.recipient, group))
                            .or_insert((Decimal::ZERO, ""));
                        if total > held.0 {
                            let why = (held.0 > Decimal::ZERO).then(|| {
                                format!(
                                    "同类从高：已享受{} {} 元，补差 {} 元，自最后一年起发放",
                                    held.1,
                                    show(held.0),
                                    show(total - held.0)
                                )
                            });
                            let owed = total - held.0;
                            *held = (total, item.name.as_str());
                            (owed, why)
                        } else {
                            let why = format!(
                                "同类从高、不重复：已享受{} {} 元，本项不再发放",
                                held.1,
                                show(held.0)
                            );
                            (Decimal::ZERO, Some(why))
                        }
                    }
                    None => (total, None),
                };
                let mut left = *months;
                let mut yearly: Vec<(u32, u32)> = Vec::new();
                for part in parts(&item.shape) {
                    let m = left.min(12);
                    left -= m;
                    yearly.push((part, m));
                }
                let mut due: Vec<Decimal> = vec![Decimal::ZERO; yearly.len()];
                for (i, (_, m)) in yearly.iter().enumerate().rev() {
                    let share = fen(*amount * Decimal::from(*m)).min(owed);
                    due[i] = share;
                    owed -= share;
                }
                for ((part, m), pay) in yearly.into_iter().zip(due) {
                    let computed = fen(*amount * Decimal::from(m));
                    let mut note = format!("第 {part} 年：{} 元/月 × {m} 个月", show(*amount));
                    if let Some(why) = &why {
                        note = format!("{note}；{why}");
                    }
                    lines.push(line(part, pay, computed, note));
                }
            }
            Shape::PercentOfBase { years, cap, .. } => {
                let (yearly, note) = raw(item, a);
                let mut paid = Decimal::ZERO;
                for year in 1..=*years {
                    let amount = yearly.min(*cap - paid).max(Decimal::ZERO);
                    paid += amount;
                    let note = if amount < yearly {
                        format!("第 {year} 年：{note}，累计不超过 {} 元", show(*cap))
                    } else {
                        format!("第 {year} 年：{note}")
                    };
                    lines.push(line(year, amount, amount, note));
                }
            }
            Shape::Match { cap, .. } => {
                let (computed, mut note) = raw(item, a);
                let key = (a.recipient, item.code.as_str(), a.series.as_deref());
                let so_far = matched.entry(key).or_default();
                let amount = match cap {
                    Some(cap) => {
                        let left = (*cap - *so_far).max(Decimal::ZERO);
                        if computed > left {
                            note = format!(
                                "{note}；累计不超过 {} 元，本次 {} 元",
                                show(*cap),
                                show(left)
                            );
                        }
                        computed.min(left)
                    }
                    None => computed,
                };
                *so_far += amount;
                lines.push(line(0, amount, computed, note));
            }
            _ => {
                let (computed, note) = raw(item, a);
                let mut l = line(0, computed, computed, note);
                if item.shape.is_ceiling() {
                    let unset = Achievement {
                        officer_amount: None,
                        ..a.clone()
                    };
                    l.ceiling = match &item.shape {
                        Shape::OfficerSet { .. } => item.shape.officer_ceiling(a),
                        _ => Some(raw(item, &unset).0).filter(|c| *c > Decimal::ZERO),
                    };
                }
                if let Some(group) = item.group.as_deref() {
                    let held = best
                        .entry((a.recipient, group))
                        .or_insert((Decimal::ZERO, ""));
                    if computed > held.0 {
                        if held.0 > Decimal::ZERO {
                            l.amount = computed - held.0;
                            l.note = format!(
                                "同类从高：已享受{} {} 元，补差 {} 元",
                                held.1,
                                show(held.0),
                                show(l.amount)
                            );
                        }
                        *held = (computed, item.name.as_str());
                    } else if computed > Decimal::ZERO {
                        l.amount = Decimal::ZERO;
                        l.note = format!(
                            "同类从高、不重复：已享受{} {} 元，本项不再发放",
                            held.1,
                            show(held.0)
                        );
                    }
                }
                lines.push(l);
            }
        }
    }
    lines
}

/// The parts an item pays in: one per year for multi-year shapes, else the single part 0.
fn parts(shape: &Shape) -> Vec<u32> {
    match shape {
        Shape::PercentOfBase { years, .. } => (1..=*years).collect(),
        Shape::Monthly { months, .. } if *months > 12 => (1..=months.div_ceil(12)).collect(),
        _ => vec![0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn item(id: i64, code: &str, group: Option<&str>, shape: Shape, from: Day) -> PolicyItem {
        PolicyItem {
            version_id: id,
            code: code.into(),
            clause: "1".into(),
            name: code.into(),
            fund: Fund::Talent,
            group: group.map(Into::into),
            shape,
            effective_from: from,
        }
    }

    fn ach(id: i64, code: &str, day: Day, who: Recipient) -> Achievement {
        Achievement {
            id,
            item: Some(code.into()),
            day,
            recipient: who,
            heads: 1,
            base: None,
            proof: false,
            flagged: false,
            officer_amount: None,
            series: None,
            withdrawn: false,
            settled: false,
        }
    }

    fn titles() -> Vec<PolicyItem> {
        let fixed = |a: &str| Shape::Fixed { amount: d(a) };
        vec![
            item(1, "craftsman", Some("t"), fixed("10000"), 0),
            item(2, "outstanding", Some("t"), fixed("30000"), 0),
            item(3, "grand", Some("t"), fixed("50000"), 0),
            item(4, "ws_gold", Some("ws"), fixed("2000000"), 0),
        ]
    }

    #[test]
    fn a_higher_title_later_tops_up_and_a_lower_one_pays_nothing() {
        let p = Recipient::Person(1);
        let lines = compute(
            &titles(),
            &[
                ach(3, "grand", 30, p),
                ach(1, "craftsman", 10, p),
                ach(2, "outstanding", 20, p),
                ach(4, "craftsman", 40, p),
            ],
        );
        let amounts: Vec<_> = lines.iter().map(|l| l.amount).collect();
        assert_eq!(amounts, [d("10000"), d("20000"), d("20000"), d("0")]);
        assert!(lines[3].note.contains("不再发放"), "{}", lines[3].note);
    }

    #[test]
    fn groups_are_per_recipient_and_different_groups_stack() {
        let lines = compute(
            &titles(),
            &[
                ach(1, "grand", 1, Recipient::Person(1)),
                ach(2, "grand", 2, Recipient::Person(2)),
                ach(3, "ws_gold", 3, Recipient::Person(1)),
            ],
        );
        let sum: Decimal = lines.iter().map(|l| l.amount).sum();
        assert_eq!(sum, d("2100000"));
    }

    #[test]
    fn the_version_in_force_on_the_day_applies() {
        let mut items = titles();
        items.push(item(
            9,
            "craftsman",
            Some("t"),
            Shape::Fixed { amount: d("12000") },
            100,
        ));
        let lines = compute(
            &items,
            &[
                ach(1, "craftsman", 99, Recipient::Person(1)),
                ach(2, "craftsman", 100, Recipient::Person(2)),
            ],
        );
        assert_eq!(lines[0].amount, d("10000"));
        assert_eq!(lines[1].amount, d("12000"));
        assert_eq!(lines[1].version_id, 9);
        let early = compute(&items, &[ach(1, "craftsman", -1, Recipient::Person(1))]);
        assert_eq!(early[0].amount, Decimal::ZERO);
    }

    #[test]
    fn a_ceiling_can_be_lowered_never_raised() {
        let host = item(
            1,
            "host",
            None,
            Shape::CostCeiling {
                ceiling: d("50000"),
                per_head: false,
            },
            0,
        );
        let mut a = ach(1, "host", 0, Recipient::Organisation(1));
        a.base = Some(d("60000"));
        a.proof = true;
        assert_eq!(
            check_officer_amount(&host, &a, d("50000.01")),
            Err(OfficerAmountError::AboveCeiling {
                ceiling: d("50000")
            })
        );
        assert!(check_officer_amount(&host, &a, d("40000")).is_ok());
        a.officer_amount = Some(d("40000"));
        let l = &compute(std::slice::from_ref(&host), &[a])[0];
        assert_eq!((l.amount, l.ceiling), (d("40000"), Some(d("50000"))));
        let gold = &titles()[3];
        assert_eq!(
            check_officer_amount(gold, &ach(1, "ws_gold", 0, Recipient::Person(1)), d("1")),
            Err(OfficerAmountError::NotAdjustable)
        );
    }

    #[test]
    fn percent_of_base_is_capped_over_the_years() {
        let recruit = item(
            1,
            "recruit",
            None,
            Shape::PercentOfBase {
                percent: d("0.5"),
                years: 3,
                cap: d("500000"),
            },
            0,
        );
        let mut a = ach(1, "recruit", 0, Recipient::Organisation(1));
        a.base = Some(d("400000.01"));
        let lines = compute(&[recruit], &[a]);
        let amounts: Vec<_> = lines.iter().map(|l| l.amount).collect();
        // 200,000.005 rounds half up to the fen; the third year takes what the cap leaves.
        assert_eq!(amounts, [d("200000.01"), d("200000.01"), d("99999.98")]);
    }

    #[test]
    fn a_match_pays_per_tranche_up_to_its_cap() {
        let m = item(
            1,
            "prov",
            None,
            Shape::Match {
                ratio: d("0.2"),
                cap: Some(d("1000000")),
            },
            0,
        );
        let tranche = |id, grant: &str| {
            let mut a = ach(id, "prov", id as Day, Recipient::Organisation(1));
            a.base = Some(d(grant));
            a.series = Some("g".into());
            a
        };
        let lines = compute(&[m], &[tranche(1, "3000000"), tranche(2, "3000000")]);
        assert_eq!(lines[0].amount, d("600000"));
        assert_eq!(lines[1].amount, d("400000"));
    }

    #[test]
    fn a_settled_higher_title_keeps_its_place_when_a_lower_earlier_one_comes_later() {
        let fixed = |a: &str| Shape::Fixed { amount: d(a) };
        let items = [
            item(1, "grand", Some("t"), fixed("50000"), 0),
            item(2, "craft", Some("t"), fixed("10000"), 0),
        ];
        let who = Recipient::Person(1);
        let mut grand = ach(1, "grand", 200, who);
        grand.settled = true;
        let craft = ach(2, "craft", 100, who);
        let lines = compute(&items, &[grand, craft]);
        let amount = |id| lines.iter().find(|l| l.achievement == id).unwrap().amount;
        assert_eq!(amount(1), d("50000"), "the paid one stands");
        assert_eq!(amount(2), Decimal::ZERO, "the later lower one pays nothing");
    }

    #[test]
    fn per_head_ceilings_multiply_and_multi_year_items_pay_a_line_per_year() {
        let apprentices = item(
            1,
            "apprenticeship",
            None,
            Shape::OfficerSet {
                ceiling: Some(d("6000")),
                per_head: true,
            },
            0,
        );
        let mut a = ach(1, "apprenticeship", 0, Recipient::Organisation(1));
        a.heads = 10;
        assert!(check_officer_amount(&apprentices, &a, d("60000")).is_ok());
        assert!(check_officer_amount(&apprentices, &a, d("60000.01")).is_err());
        a.officer_amount = Some(d("60000"));
        let l = &compute(std::slice::from_ref(&apprentices), std::slice::from_ref(&a))[0];
        assert_eq!((l.amount, l.ceiling), (d("60000"), Some(d("60000"))));

        let school = item(
            2,
            "hosting_school",
            None,
            Shape::CostCeiling {
                ceiling: d("200000"),
                per_head: true,
            },
            0,
        );
        let mut h = ach(2, "hosting_school", 0, Recipient::Organisation(1));
        h.heads = 2;
        h.base = Some(d("450000"));
        h.proof = true;
        assert_eq!(compute(&[school], &[h])[0].amount, d("400000"));

        let allowance = item(
            3,
            "allowance",
            Some("a"),
            Shape::Monthly {
                amount: d("1000"),
                months: 24,
            },
            0,
        );
        let lines = compute(
            &[allowance],
            &[ach(3, "allowance", 0, Recipient::Person(1))],
        );
        let parts: Vec<_> = lines.iter().map(|l| (l.part, l.year, l.amount)).collect();
        assert_eq!(parts, [(1, 0, d("12000")), (2, 1, d("12000"))]);
    }

    #[test]
    fn a_withdrawn_achievement_pays_nothing_and_holds_no_place() {
        let p = Recipient::Person(1);
        let mut grand = ach(1, "grand", 10, p);
        grand.withdrawn = true;
        let lines = compute(&titles(), &[grand, ach(2, "craftsman", 20, p)]);
        assert_eq!(lines[0].amount, Decimal::ZERO);
        assert_eq!(lines[0].note, "成果记录已撤回");
        assert_eq!(
            lines[1].amount,
            d("10000"),
            "the title withdrawn does not hold the group"
        );
    }
}
