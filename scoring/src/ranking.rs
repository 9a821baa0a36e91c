//! Standings (排名): order by an ordered list of tie-breaks; entrants equal on all of them
//! share a rank (1, 1, 3).
//!
//! Worked example, tie-breaks total → time: A 90 in 50 min, B 90 in 45 min, C 88 → B 1st,
//! A 2nd, C 3rd. Had A and B also taken the same time, both would be 1st and C 3rd.
//!
//! Complete entrants come first; entrants still being marked follow with provisional ranks;
//! withdrawn and disqualified entrants are listed last without a rank.

use crate::scheme::Scheme;
use crate::totals::{EntrantRef, EntrantResult, Participation};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// One key of the ranking order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TieBreak {
    /// Higher total first.
    Total,
    /// Shorter completion time first (no time recorded: last).
    Time,
    /// Higher score in the component with this code first (e.g. `practical`).
    Component(String),
    /// Higher total in the module with this code first.
    Module(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankingRules {
    /// Applied in order; `Total` is normally first.
    pub order: Vec<TieBreak>,
    /// Places 1–3 may not be shared: ties there are settled by `jury_order`, or reported.
    pub no_shared_podium: bool,
    /// The order the jury decided for entrants tied on the podium (e.g. after a play-off).
    pub jury_order: Vec<EntrantRef>,
}

impl Default for RankingRules {
    fn default() -> Self {
        RankingRules {
            order: vec![TieBreak::Total],
            no_shared_podium: false,
            jury_order: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub entrant: EntrantRef,
    /// `None` for withdrawn or disqualified entrants.
    pub rank: Option<u32>,
    /// Still being marked: the rank may change.
    pub provisional: bool,
    /// A podium tie that the rules forbid and the jury has not yet settled.
    pub tie_unresolved: bool,
    pub total: Decimal,
}

/// A sort key: descending values are negated so that every key sorts ascending.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Value(Decimal),
    Missing,
}

fn keys(result: &EntrantResult, order: &[TieBreak], codes: &Codes) -> Vec<Key> {
    order
        .iter()
        .map(|tb| match tb {
            TieBreak::Total => Key::Value(-result.total),
            TieBreak::Time => result
                .time_secs
                .map_or(Key::Missing, |t| Key::Value(Decimal::from(t))),
            TieBreak::Component(code) => codes
                .component(code)
                .and_then(|i| result.components.get(i))
                .map_or(Key::Missing, |c| Key::Value(-c.score)),
            TieBreak::Module(code) => codes
                .module(code)
                .and_then(|(ci, mi)| result.components.get(ci)?.modules.get(mi))
                .map_or(Key::Missing, |m| Key::Value(-m.total)),
        })
        .collect()
}

/// Positions of component and module codes, looked up once.
struct Codes<'a> {
    components: Vec<&'a str>,
    modules: Vec<(&'a str, usize, usize)>,
}

impl<'a> Codes<'a> {
    fn of(scheme: &'a Scheme) -> Self {
        Codes {
            components: scheme.components.iter().map(|c| c.code.as_str()).collect(),
            modules: scheme
                .components
                .iter()
                .enumerate()
                .flat_map(|(ci, c)| {
                    c.modules
                        .iter()
                        .enumerate()
                        .map(move |(mi, m)| (m.code.as_str(), ci, mi))
                })
                .collect(),
        }
    }

    fn component(&self, code: &str) -> Option<usize> {
        self.components.iter().position(|c| *c == code)
    }

    fn module(&self, code: &str) -> Option<(usize, usize)> {
        self.modules
            .iter()
            .find(|(m, _, _)| *m == code)
            .map(|(_, c, m)| (*c, *m))
    }
}

/// Ranks an event's results, scored by `scheme`.
pub fn rank(scheme: &Scheme, results: &[EntrantResult], rules: &RankingRules) -> Vec<Standing> {
    let codes = Codes::of(scheme);
    // (group, keys, jury position, entrant, index)
    let mut rows: Vec<(u8, Vec<Key>, usize, EntrantRef, usize)> = results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let group = match (r.participation, r.complete) {
                (Participation::Competing, true) => 0,
                (Participation::Competing, false) => 1,
                _ => 2,
            };
            let jury = rules
                .jury_order
                .iter()
                .position(|e| *e == r.entrant)
                .unwrap_or(usize::MAX);
            (group, keys(r, &rules.order, &codes), jury, r.entrant, i)
        })
        .collect();
    rows.sort_unstable_by(|a, b| (a.0, &a.1, a.3).cmp(&(b.0, &b.1, b.3)));

    let mut standings = Vec::with_capacity(rows.len());
    let mut position = 0_u32;
    let mut start = 0;
    while start < rows.len() {
        let same =
            |a: &(u8, Vec<Key>, usize, EntrantRef, usize),
             b: &(u8, Vec<Key>, usize, EntrantRef, usize)| { a.0 == b.0 && a.1 == b.1 };
        let mut end = start + 1;
        while end < rows.len() && same(&rows[start], &rows[end]) {
            end += 1;
        }
        let group = &mut rows[start..end];
        let ranked = group[0].0 < 2;
        let podium_tie =
            rules.no_shared_podium && group[0].0 == 0 && group.len() > 1 && position < 3;
        if podium_tie {
            // The jury's order settles what it covers; entrants it leaves out stay tied.
            group.sort_by(|a, b| a.2.cmp(&b.2).then(a.3.cmp(&b.3)));
            let mut i = 0;
            while i < group.len() {
                // Entrants the jury has not placed share the next rank, unresolved.
                let unplaced = group[i].2 == usize::MAX;
                let j = if unplaced { group.len() } else { i + 1 };
                for row in &group[i..j] {
                    standings.push(Standing {
                        entrant: row.3,
                        rank: Some(position + i as u32 + 1),
                        provisional: false,
                        tie_unresolved: unplaced && j - i > 1,
                        total: results[row.4].total,
                    });
                }
                i = j;
            }
        } else {
            for row in group.iter() {
                standings.push(Standing {
                    entrant: row.3,
                    rank: ranked.then_some(position + 1),
                    provisional: row.0 == 1,
                    tie_unresolved: false,
                    total: results[row.4].total,
                });
            }
        }
        if ranked {
            position += (end - start) as u32;
        }
        start = end;
    }
    standings
}

impl PartialOrd for Standing {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Standing {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.rank.is_none(), self.rank, self.entrant).cmp(&(
            other.rank.is_none(),
            other.rank,
            other.entrant,
        ))
    }
}
