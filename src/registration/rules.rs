//! 报名条件: the eligibility rules of an event, checked when a unit enters someone and again
//! when it submits its list. Pure: the caller loads the facts, this says what is wrong.
//!
//! Each refusal names its rule, so a 领队 reads which condition a person misses and an
//! organiser knows what an exception would waive. A person twice in one event is no rule but
//! a mistake: no exception lets it through.

use crate::competitions::events::{level_label, title};
use chrono::{Datelike, NaiveDate};
use entity::kinds::{EventGroup, OrganisationKind};
use entity::{EventId, event, event_eligibility};

/// The rules, as refusals name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// 年龄条件: age on the stated date within the event's range.
    Age,
    /// 组别条件: the declared group is the event's, and the unit's kind fits it.
    Group,
    /// 每人限报一项: one event per person unless the competition allows more.
    OneEvent,
    /// 单位名额: at most so many entrants of one unit in the event.
    Quota,
    /// 职业资格条件: the required skill level, with its certificate number.
    Qualification,
    /// 重复报名: the same person twice in the same event (never waived).
    SameEvent,
}

impl Rule {
    pub fn label(self) -> &'static str {
        match self {
            Rule::Age => "年龄条件",
            Rule::Group => "组别条件",
            Rule::OneEvent => "每人限报一项",
            Rule::Quota => "单位名额",
            Rule::Qualification => "职业资格条件",
            Rule::SameEvent => "重复报名",
        }
    }

    /// Whether the organiser's exception can waive it.
    pub fn waivable(self) -> bool {
        self != Rule::SameEvent
    }

    /// The import template's column a refusal belongs to.
    pub fn column(self) -> &'static str {
        match self {
            Rule::Age | Rule::OneEvent | Rule::SameEvent => "身份证号",
            Rule::Group => "组别",
            Rule::Quota => "项目",
            Rule::Qualification => "职业资格等级",
        }
    }
}

/// One broken rule: which, for which member (by position), and what a person reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub rule: Rule,
    pub member: Option<usize>,
    pub message: String,
}

impl Refusal {
    /// 「年龄条件」张三：……
    pub fn text(&self) -> String {
        format!("不符合「{}」：{}", self.rule.label(), self.message)
    }
}

/// What the rules look at for one member.
#[derive(Clone, Debug)]
pub struct MemberFacts {
    pub name: String,
    pub birth_date: NaiveDate,
    pub qualification_level: Option<i32>,
    pub qualification_no: Option<String>,
    /// The events of this competition the person is already in (registered or entered),
    /// this entry left out.
    pub other_events: Vec<EventId>,
}

/// What the rules look at for one entry.
pub struct Candidate<'a> {
    pub event: &'a event::Model,
    pub eligibility: Option<&'a event_eligibility::Model>,
    pub unit_kind: OrganisationKind,
    pub declared_group: EventGroup,
    pub members: &'a [MemberFacts],
    /// The unit's other entrants in this event (registered or entered), this entry left out.
    pub unit_count: usize,
    pub allow_multiple_events: bool,
    /// Event names by id, for the one-event refusal.
    pub event_titles: &'a dyn Fn(EventId) -> String,
}

/// Whole years of age on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Every rule the entry breaks; empty when it may be registered.
pub fn check(c: &Candidate<'_>) -> Vec<Refusal> {
    let mut out = Vec::new();
    let ev = c.event;
    if c.declared_group != ev.group {
        out.push(Refusal {
            rule: Rule::Group,
            member: None,
            message: format!(
                "所报组别为{}，{}只收{}",
                c.declared_group.label(),
                title(ev),
                ev.group.label()
            ),
        });
    } else {
        let fits = match ev.group {
            EventGroup::Student | EventGroup::Teacher => c.unit_kind == OrganisationKind::School,
            EventGroup::Staff => c.unit_kind != OrganisationKind::School,
        };
        if !fits {
            let message = match ev.group {
                EventGroup::Staff => "院校的师生请报学生组或教师组，职工组由企业等单位报名".into(),
                group => format!(
                    "{}只收院校报名，本单位为{}",
                    group.label(),
                    c.unit_kind.label()
                ),
            };
            out.push(Refusal {
                rule: Rule::Group,
                member: None,
                message,
            });
        }
    }
    if let Some(rules) = c.eligibility {
        if let Some(quota) = rules.quota_per_unit
            && c.unit_count as i32 >= quota
        {
            out.push(Refusal {
                rule: Rule::Quota,
                member: None,
                message: format!(
                    "每个单位本项目限报 {quota} 名，本单位已报 {} 名",
                    c.unit_count
                ),
            });
        }
        for (i, m) in c.members.iter().enumerate() {
            if let Some(on) = rules.age_on {
                let age = age_on(m.birth_date, on);
                let low = rules.min_age.is_some_and(|min| age < min);
                let high = rules.max_age.is_some_and(|max| age > max);
                if low || high {
                    let range = match (rules.min_age, rules.max_age) {
                        (Some(a), Some(b)) => format!("{a}–{b} 周岁"),
                        (Some(a), None) => format!("不小于 {a} 周岁"),
                        (None, Some(b)) => format!("不超过 {b} 周岁"),
                        (None, None) => String::new(),
                    };
                    out.push(Refusal {
                        rule: Rule::Age,
                        member: Some(i),
                        message: format!(
                            "{} 截至 {} 为 {age} 周岁，本项目要求{range}",
                            m.name,
                            on.format("%Y-%m-%d")
                        ),
                    });
                }
            }
            if let Some(required) = rules.required_level {
                let holds = m.qualification_level.is_some_and(|l| l <= required);
                let numbered = m
                    .qualification_no
                    .as_deref()
                    .is_some_and(|n| !n.trim().is_empty());
                if !holds || !numbered {
                    let has = match m.qualification_level {
                        Some(l) => format!("所填为{}", level_label(l)),
                        None => "未填写职业资格等级".into(),
                    };
                    let missing_no = if holds && !numbered {
                        "，并须填写证书编号"
                    } else {
                        ""
                    };
                    out.push(Refusal {
                        rule: Rule::Qualification,
                        member: Some(i),
                        message: format!(
                            "本项目要求{}及以上职业资格，{} {has}{missing_no}",
                            level_label(required),
                            m.name
                        ),
                    });
                }
            }
        }
    }
    for (i, m) in c.members.iter().enumerate() {
        if m.other_events.contains(&ev.id) {
            out.push(Refusal {
                rule: Rule::SameEvent,
                member: Some(i),
                message: format!("{} 已报名本项目", m.name),
            });
        } else if !c.allow_multiple_events
            && let Some(other) = m.other_events.first()
        {
            out.push(Refusal {
                rule: Rule::OneEvent,
                member: Some(i),
                message: format!(
                    "{} 已报名{}，本赛事每人限报一个项目",
                    m.name,
                    (c.event_titles)(*other)
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years_to_the_day() {
        let birth = NaiveDate::from_ymd_opt(1990, 6, 15).unwrap();
        assert_eq!(
            age_on(birth, NaiveDate::from_ymd_opt(2026, 6, 14).unwrap()),
            35
        );
        assert_eq!(
            age_on(birth, NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()),
            36
        );
    }
}
