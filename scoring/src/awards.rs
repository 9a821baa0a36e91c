//! Awards (奖项) by quota, and honours (titles, promotion) by rank.
//!
//! Quotas are fractions of the event's *actual* entrants (those who took part: withdrawn
//! entrants do not count, disqualified ones do) or fixed counts, with an explicit rounding
//! mode. National practice is 一等奖 10%, 二等奖 20%, 三等奖 30%, and 优胜奖 for the rest of the
//! top half. Only *eligible* entrants (complete, competing, past every pass mark) win awards;
//! the others do not take up places.
//!
//! Worked example: 23 actual entrants, 10/20/30%, rounding down → 2 first, 4 second and 6 third
//! (12 awards); the top half is 11, already covered, so no 优胜奖. Rounding to nearest → 2, 5,
//! 7. With 7 entrants and rounding down → 0, 1, 2: place 1 gets 二等奖, places 2–3 三等奖.
//!
//! Ties at a boundary follow [`BoundaryTie`]: by default every entrant of a tied group that
//! starts inside a quota gets that award, even if the quota is then exceeded.

use crate::ranking::Standing;
use crate::totals::{EntrantRef, EntrantResult};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Award {
    First,
    Second,
    Third,
    Merit,
}

impl Award {
    pub fn label(self) -> &'static str {
        match self {
            Award::First => "一等奖",
            Award::Second => "二等奖",
            Award::Third => "三等奖",
            Award::Merit => "优胜奖",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quota {
    /// A share of the actual entrants, e.g. 0.10.
    Fraction(Decimal),
    /// A fixed number of places.
    Count(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaRounding {
    Floor,
    /// Half up.
    Round,
    Ceiling,
}

/// What happens when a tied group straddles a quota boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BoundaryTie {
    /// Everyone in the group gets the higher award (the quota is exceeded).
    #[default]
    AllHigher,
    /// Everyone in the group gets the lower award (the quota is not filled).
    AllLower,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwardRules {
    pub first: Quota,
    pub second: Quota,
    pub third: Quota,
    pub rounding: QuotaRounding,
    /// 优胜奖 for eligible entrants in the top half not already awarded.
    pub merit_top_half: bool,
    pub boundary_tie: BoundaryTie,
    /// A total below this wins no award and takes up no place (each component's own pass mark
    /// is the scheme's).
    pub pass_mark: Option<Decimal>,
}

impl AwardRules {
    /// 10% / 20% / 30%, rest of the top half 优胜奖.
    pub fn national(rounding: QuotaRounding) -> Self {
        AwardRules {
            first: Quota::Fraction(Decimal::new(10, 2)),
            second: Quota::Fraction(Decimal::new(20, 2)),
            third: Quota::Fraction(Decimal::new(30, 2)),
            rounding,
            merit_top_half: true,
            boundary_tie: BoundaryTie::AllHigher,
            pass_mark: None,
        }
    }

    /// Places for first, second and third among `actual` entrants.
    pub fn counts(&self, actual: u32) -> [u32; 3] {
        [self.first, self.second, self.third].map(|q| self.places(q, actual))
    }

    /// How many entrants make the top half.
    pub fn top_half(&self, actual: u32) -> u32 {
        self.places(Quota::Fraction(Decimal::new(5, 1)), actual)
    }

    fn places(&self, quota: Quota, actual: u32) -> u32 {
        match quota {
            Quota::Count(c) => c.min(actual),
            Quota::Fraction(f) => {
                let exact = f * Decimal::from(actual);
                let rounded = match self.rounding {
                    QuotaRounding::Floor => exact.floor(),
                    QuotaRounding::Round => exact.round_dp_with_strategy(
                        0,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    ),
                    QuotaRounding::Ceiling => exact.ceil(),
                };
                rounded.to_u32().unwrap_or(0).min(actual)
            }
        }
    }
}

/// Awards for an event, in standing order. `results` must hold every ranked entrant.
pub fn assign_awards(
    standings: &[Standing],
    results: &[EntrantResult],
    rules: &AwardRules,
) -> Vec<(EntrantRef, Option<Award>)> {
    let by_entrant: HashMap<EntrantRef, &EntrantResult> =
        results.iter().map(|r| (r.entrant, r)).collect();
    let actual = results
        .iter()
        .filter(|r| r.participation != crate::totals::Participation::Withdrawn)
        .count() as u32;
    let [c1, c2, c3] = rules.counts(actual);
    let bounds = [c1, c1 + c2, c1 + c2 + c3];
    let half = rules.top_half(actual);

    let mut awards: HashMap<EntrantRef, Award> = HashMap::new();
    // Eligible entrants in standing order, grouped by shared rank.
    let eligible: Vec<&Standing> = standings
        .iter()
        .filter(|s| {
            s.rank.is_some()
                && !s.provisional
                && by_entrant
                    .get(&s.entrant)
                    .is_some_and(|r| r.eligible() && rules.pass_mark.is_none_or(|p| r.total >= p))
        })
        .collect();
    let mut start = 0;
    while start < eligible.len() {
        let mut end = start + 1;
        while end < eligible.len() && eligible[end].rank == eligible[start].rank {
            end += 1;
        }
        let first_place = start as u32 + 1;
        let last_place = end as u32;
        let place = match rules.boundary_tie {
            BoundaryTie::AllHigher => first_place,
            BoundaryTie::AllLower => last_place,
        };
        let award = if place <= bounds[0] {
            Some(Award::First)
        } else if place <= bounds[1] {
            Some(Award::Second)
        } else if place <= bounds[2] {
            Some(Award::Third)
        } else if rules.merit_top_half && place <= half {
            Some(Award::Merit)
        } else {
            None
        };
        if let Some(award) = award {
            for s in &eligible[start..end] {
                awards.insert(s.entrant, award);
            }
        }
        start = end;
    }
    standings
        .iter()
        .map(|s| (s.entrant, awards.get(&s.entrant).copied()))
        .collect()
}

/// An honour given by rank or award: a title (e.g. 金华市技术能手 for the top 3), a
/// recommendation (五一劳动奖章 for the winner) or a promotion by one skill level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HonourRule {
    /// The honour's code, e.g. `technical_expert`.
    pub honour: String,
    /// Only entrants ranked this high or higher.
    pub max_rank: Option<u32>,
    /// Only entrants with at least this award (First is highest).
    pub min_award: Option<Award>,
    /// At most once a year (e.g. level promotion): skipped for entrants who already had it.
    pub once_a_year: bool,
}

/// Honours per entrant, in standing order. `already_this_year` lists honours entrants have
/// received this year from other contests.
pub fn grant_honours(
    standings: &[Standing],
    results: &[EntrantResult],
    awards: &[(EntrantRef, Option<Award>)],
    rules: &[HonourRule],
    already_this_year: &[(EntrantRef, String)],
) -> Vec<(EntrantRef, Vec<String>)> {
    let eligible: HashMap<EntrantRef, bool> =
        results.iter().map(|r| (r.entrant, r.eligible())).collect();
    let award_of: HashMap<EntrantRef, Option<Award>> = awards.iter().copied().collect();
    standings
        .iter()
        .map(|s| {
            let ok = !s.provisional && eligible.get(&s.entrant).copied().unwrap_or(false);
            let honours = rules
                .iter()
                .filter(|rule| {
                    ok && rule
                        .max_rank
                        .is_none_or(|max| s.rank.is_some_and(|r| r <= max))
                        && rule.min_award.is_none_or(|min| {
                            award_of
                                .get(&s.entrant)
                                .copied()
                                .flatten()
                                .is_some_and(|a| a <= min)
                        })
                        && !(rule.once_a_year
                            && already_this_year
                                .iter()
                                .any(|(e, h)| *e == s.entrant && *h == rule.honour))
                })
                .map(|rule| rule.honour.clone())
                .collect();
            (s.entrant, honours)
        })
        .collect()
}
