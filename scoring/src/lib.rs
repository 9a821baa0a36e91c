//! The scoring engine of jiangxin: marks in, totals, standings, awards and honours out.
//!
//! A pure library: plain values in, plain values out; no database, no clock, no network, no
//! randomness. Every number is a [`rust_decimal::Decimal`], rounded by a stated [`Rounding`]
//! exactly once where the scheme says.
//!
//! | term | module | example |
//! |---|---|---|
//! | scheme, component, module, aspect | [`scheme`] | 理论 30% + 实操 70%; aspect "A1 外圆尺寸", max 10 |
//! | mark, its checks | [`mark`] | 9.5 on a 0.5 step; a grade 0–3 |
//! | aggregation across a panel | [`aggregate`] | 5 judges, drop 1+1: 9.5 9 8 9.5 10 → 9.33 |
//! | totals, pass marks, penalties | [`totals`] | 82 × 30% + 90.5 × 70% = 87.95 |
//! | breakdown for an appeal | [`explain`] | "A1 … 裁判3 8（去掉）… → 得分 9.33" |
//! | judge consistency | [`consistency`] | 裁判3 偏宽 +1.4 分（A1），2 次独自偏离 |
//! | standings and tie-breaks | [`ranking`] | total → time → practical → theory; ranks 1, 1, 3 |
//! | standardisation | [`standardise`] | centre 700, medallion at 700 |
//! | awards and honours | [`awards`] | 10/20/30% of actual entrants; top 3 → 技术能手 |
//! | results: rank, award, pass, honours | [`results`] | rank 2, 二等奖, 及格, 技术能手 |
//! | rewards and subsidies by the craftsman policy | [`rewards`] | 工匠 10,000 then 大工匠: top-up 40,000 |
//! | standings, mark-by-mark updates | [`standings`] | score and rank an event; recompute one entrant after one mark |

pub mod aggregate;
pub mod awards;
pub mod consistency;
pub mod explain;
mod fixed;
pub mod mark;
pub mod ranking;
pub mod results;
pub mod rewards;
pub mod rounding;
pub mod scheme;
pub mod standardise;
pub mod standings;
pub mod totals;

pub use aggregate::{
    AspectMarks, AspectResult, AspectStatus, Disagreement, InvalidMark, JudgeMark, JudgeRef,
    aggregate,
};
pub use awards::{
    Award, AwardRules, BoundaryTie, HonourRule, Quota, QuotaRounding, assign_awards, grant_honours,
};
pub use explain::{explain, explain_with};
pub use mark::{MarkError, check_mark};
pub use ranking::{RankingRules, Standing, TieBreak, rank};
pub use results::{Placing, ResultRules};
pub use rounding::{Rounding, RoundingMode};
pub use scheme::{
    Aggregation, Aspect, AspectId, AspectKind, Component, ComponentKind, Module, Scheme,
    SchemeError, ShortPanel,
};
pub use standardise::{Standardisation, Standardised, standardise};
pub use standings::{Standings, StandingsError};
pub use totals::{EntrantRef, EntrantResult, EntrantSheet, Participation, Penalty, score_entrant};
