//! WorldSkills-style standardisation: an event's totals rescaled around a centre, so that
//! results of events marked differently can be compared, and a threshold award.
//!
//! `standardised = centre + (total − mean) ÷ sd × spread`, with the mean and the population
//! standard deviation of the event's complete totals. With centre 700 and spread 100, an
//! entrant one standard deviation above the mean gets 800; at or above the medallion line
//! (700) they earn a Medallion for Excellence (优胜奖). WorldSkills used a centre of 500 before
//! 2017. When every total is equal, everyone is at the centre.
//!
//! Worked example: totals 80, 70, 60 → mean 70, sd 8.165 → 822.47, 700.00, 577.53.

use crate::rounding::Rounding;
use crate::totals::EntrantRef;
use rust_decimal::{Decimal, MathematicalOps};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standardisation {
    pub centre: Decimal,
    /// Points per standard deviation.
    pub spread: Decimal,
    /// At or above this a medallion is earned.
    pub medallion: Decimal,
    pub rounding: Rounding,
}

impl Default for Standardisation {
    fn default() -> Self {
        Standardisation {
            centre: Decimal::from(700),
            spread: Decimal::ONE_HUNDRED,
            medallion: Decimal::from(700),
            rounding: Rounding::MARKS,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standardised {
    pub entrant: EntrantRef,
    pub score: Decimal,
    pub medallion: bool,
}

pub fn standardise(totals: &[(EntrantRef, Decimal)], rule: &Standardisation) -> Vec<Standardised> {
    if totals.is_empty() {
        return Vec::new();
    }
    let n = Decimal::from(totals.len());
    let mean = totals.iter().map(|(_, t)| *t).sum::<Decimal>() / n;
    let variance = totals
        .iter()
        .map(|(_, t)| (*t - mean) * (*t - mean))
        .sum::<Decimal>()
        / n;
    let sd = variance.sqrt().unwrap_or(Decimal::ZERO);
    totals
        .iter()
        .map(|(entrant, total)| {
            let raw = if sd.is_zero() {
                rule.centre
            } else {
                rule.centre + (*total - mean) / sd * rule.spread
            };
            let score = rule.rounding.round(raw);
            Standardised {
                entrant: *entrant,
                score,
                medallion: score >= rule.medallion,
            }
        })
        .collect()
}
