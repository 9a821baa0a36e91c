//! An event's results (成绩) in one pass: standings, awards, pass/fail and honours, from the same
//! sheets the leaderboard scores, so the two never disagree on a total.
//!
//! Worked example: 10 complete entrants, national quotas rounded down and a total pass mark of
//! 60 → rank 1 一等奖, ranks 2–3 二等奖, ranks 4–6 三等奖 where they pass; an entrant at 59 is
//! ranked but "未达及格线", wins nothing and takes no award place; a withdrawn entrant is listed
//! without a rank and does not count among the actual entrants; a disqualified one counts but is
//! never ranked.

use crate::awards::{Award, AwardRules, HonourRule, assign_awards, grant_honours};
use crate::ranking::RankingRules;
use crate::scheme::Scheme;
use crate::standings::{Standings, StandingsError};
use crate::totals::{EntrantRef, EntrantSheet, Participation};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Everything that turns totals into results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultRules {
    pub ranking: RankingRules,
    pub awards: AwardRules,
    pub honours: Vec<HonourRule>,
}

/// One entrant's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placing {
    pub entrant: EntrantRef,
    /// `None` for withdrawn and disqualified entrants.
    pub rank: Option<u32>,
    /// The total as the scheme rounds it.
    pub total: Decimal,
    /// Every aspect counts.
    pub complete: bool,
    pub participation: Participation,
    /// Complete, competing, past every component's pass mark and the total pass mark.
    pub passed: bool,
    pub award: Option<Award>,
    pub honours: Vec<String>,
    /// A podium tie the rules forbid and the jury has not settled.
    pub tie_unresolved: bool,
    /// Each component's score (after penalties, out of its own total), in scheme order.
    pub components: Vec<Decimal>,
    /// Each module's total, in scheme order across components.
    pub modules: Vec<Decimal>,
}

/// Scores, ranks and awards an event. `already_this_year` lists honours entrants had this year
/// from elsewhere (for once-a-year honours). Placings come in standing order.
pub fn results(
    scheme: Scheme,
    sheets: Vec<EntrantSheet>,
    rules: &ResultRules,
    already_this_year: &[(EntrantRef, String)],
) -> Result<Vec<Placing>, StandingsError> {
    let scored = Standings::new(scheme, rules.ranking.clone(), sheets)?;
    let standings = scored.standings();
    let awards = assign_awards(&standings, scored.results(), &rules.awards);
    let honours = grant_honours(
        &standings,
        scored.results(),
        &awards,
        &rules.honours,
        already_this_year,
    );
    let award_of: HashMap<EntrantRef, Option<Award>> = awards.into_iter().collect();
    let mut honours_of: HashMap<EntrantRef, Vec<String>> = honours.into_iter().collect();
    Ok(standings
        .iter()
        .filter_map(|s| {
            let r = scored.result(s.entrant)?;
            Some(Placing {
                entrant: s.entrant,
                rank: s.rank,
                total: r.total,
                complete: r.complete,
                participation: r.participation,
                passed: r.eligible() && rules.awards.pass_mark.is_none_or(|p| r.total >= p),
                award: award_of.get(&s.entrant).copied().flatten(),
                honours: honours_of.remove(&s.entrant).unwrap_or_default(),
                tie_unresolved: s.tie_unresolved,
                components: r.components.iter().map(|c| c.score).collect(),
                modules: r
                    .components
                    .iter()
                    .flat_map(|c| c.modules.iter().map(|m| m.total))
                    .collect(),
            })
        })
        .collect())
}
