//! 成绩分布: the histogram of an event's totals, with each award's cut-off (the lowest total
//! that earned it) and the pass mark drawn across it, and, on request, where one entrant
//! stands. Server-rendered SVG: no script, prints as it shows.

use crate::results::export::ResultSheet;
use entity::EntrantId;
use entity::kinds::Award;
use rust_decimal::Decimal;
use std::str::FromStr;

pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub count: usize,
    /// "80–85".
    pub range: String,
    /// The entrant asked about is in this bar.
    pub mine: bool,
}

pub struct Cut {
    pub x: String,
    pub label: String,
    /// Labels alternate between two rows so that close cut-offs stay readable.
    pub label_y: &'static str,
    /// A dashed line: the pass mark.
    pub pass: bool,
}

pub struct Histogram {
    pub width: u32,
    pub height: u32,
    pub base_y: String,
    pub bars: Vec<Bar>,
    pub cuts: Vec<Cut>,
    /// Axis labels under the bars' edges: (x, text).
    pub ticks: Vec<(String, String)>,
    /// The entrant asked about: "12 号 选手0：85.50 分，第 3 名".
    pub mine: Option<String>,
    pub entrants: usize,
    /// A pass mark is drawn.
    pub has_pass: bool,
    /// Award cut-offs are drawn (results; the live standings have none yet).
    pub has_awards: bool,
}

const WIDTH: u32 = 640;
const HEIGHT: u32 = 220;
const LEFT: i64 = 20;
const RIGHT: i64 = 620;
const TOP: i64 = 36;
const BASE: i64 = 180;

fn fmt(d: Decimal) -> String {
    d.round_dp(1).normalize().to_string()
}

/// One entrant with a total, as the histogram draws it.
pub struct Scored {
    pub entrant: EntrantId,
    /// "12 号 选手0" (or a blind code), said when this entrant is asked about.
    pub label: String,
    pub total: Decimal,
    pub rank: Option<String>,
    pub award: Option<Award>,
}

/// The histogram of a result sheet's totals: the entrants who competed (not 缺赛, 退赛 or
/// 取消资格), with their awards.
pub fn histogram(
    sheet: &ResultSheet,
    pass_mark: Option<Decimal>,
    entrant: Option<EntrantId>,
) -> Option<Histogram> {
    let scored: Vec<Scored> = sheet
        .rows
        .iter()
        .filter(|r| r.note != "缺赛" && r.note != "退赛" && r.note != "取消资格")
        .filter_map(|r| {
            Some(Scored {
                entrant: r.entrant,
                label: format!("{} 号 {}", r.entry_no, r.name),
                total: Decimal::from_str(&r.total).ok()?,
                rank: (r.rank != "—").then(|| r.rank.clone()),
                award: r.award_code,
            })
        })
        .collect();
    histogram_of(&scored, pass_mark, entrant)
}

/// The histogram of the live standings (the organiser's page): every competing entrant with a
/// total so far; no award lines (awards come with the results).
pub fn histogram_of_board(
    board: &crate::leaderboard::Board,
    pass_mark: Option<Decimal>,
    entrant: Option<EntrantId>,
) -> Option<Histogram> {
    let scored: Vec<Scored> = board
        .rows
        .iter()
        .filter(|r| r.status == entity::kinds::EntrantStatus::Active)
        .filter_map(|r| {
            Some(Scored {
                entrant: r.entrant,
                label: r.name.clone(),
                total: r.total?,
                rank: r.rank.map(|n| n.to_string()),
                award: None,
            })
        })
        .collect();
    histogram_of(&scored, pass_mark, entrant)
}

/// The histogram of totals in bins of 5 points (or 1 when they all lie within 10 points);
/// `None` when fewer than two entrants have a total.
pub fn histogram_of(
    scored: &[Scored],
    pass_mark: Option<Decimal>,
    entrant: Option<EntrantId>,
) -> Option<Histogram> {
    if scored.len() < 2 {
        return None;
    }
    let low = scored.iter().map(|s| s.total).min()?;
    let high = scored.iter().map(|s| s.total).max()?;
    let step = if high - low <= Decimal::TEN {
        Decimal::ONE
    } else {
        Decimal::from(5)
    };
    let mut from = (low / step).floor() * step;
    let mut to = (high / step).floor() * step + step;
    if let Some(p) = pass_mark {
        from = from.min((p / step).floor() * step);
        to = to.max((p / step).floor() * step + step);
    }
    let bins = ((to - from) / step)
        .to_string()
        .parse::<usize>()
        .unwrap_or(1)
        .max(1);
    let mut counts = vec![0usize; bins];
    let bin_of = |v: Decimal| {
        let i = ((v - from) / step)
            .floor()
            .to_string()
            .parse::<usize>()
            .unwrap_or(0);
        i.min(bins - 1)
    };
    for s in scored {
        counts[bin_of(s.total)] += 1;
    }
    let mine_row = entrant.and_then(|id| scored.iter().find(|s| s.entrant == id));
    let most = *counts.iter().max().unwrap_or(&1) as i64;
    let span = Decimal::from(RIGHT - LEFT);
    let x_of = |v: Decimal| Decimal::from(LEFT) + (v - from) / (to - from) * span;
    let bar_width = span / Decimal::from(bins);
    let bars = counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let start = from + step * Decimal::from(i);
            let h = Decimal::from(BASE - TOP) * Decimal::from(count as i64) / Decimal::from(most);
            Bar {
                x: fmt(x_of(start) + Decimal::ONE),
                y: fmt(Decimal::from(BASE) - h),
                width: fmt(bar_width - Decimal::TWO),
                height: fmt(h),
                count,
                range: format!("{}–{}", fmt(start), fmt(start + step)),
                mine: mine_row.is_some_and(|s| bin_of(s.total) == i),
            }
        })
        .collect();
    let mut cuts = Vec::new();
    for award in [Award::First, Award::Second, Award::Third, Award::Merit] {
        if let Some(cut) = scored
            .iter()
            .filter(|s| s.award == Some(award))
            .map(|s| s.total)
            .min()
        {
            cuts.push(Cut {
                x: fmt(x_of(cut)),
                label: format!("{} ≥ {}", award.label(), fmt(cut)),
                label_y: if cuts.len() % 2 == 0 { "12" } else { "24" },
                pass: false,
            });
        }
    }
    if let Some(p) = pass_mark {
        cuts.push(Cut {
            x: fmt(x_of(p)),
            label: format!("及格线 {}", fmt(p)),
            label_y: "212",
            pass: true,
        });
    }
    let ticks = (0..=bins)
        .step_by(if bins > 12 { 2 } else { 1 })
        .map(|i| {
            let v = from + step * Decimal::from(i);
            (fmt(x_of(v)), fmt(v))
        })
        .collect();
    let has_awards = cuts.iter().any(|c| !c.pass);
    Some(Histogram {
        width: WIDTH,
        height: HEIGHT,
        base_y: BASE.to_string(),
        bars,
        cuts,
        ticks,
        mine: mine_row.map(|s| {
            format!(
                "{}：{} 分{}",
                s.label,
                fmt(s.total),
                s.rank
                    .as_ref()
                    .map(|r| format!("，第 {r} 名"))
                    .unwrap_or_default()
            )
        }),
        entrants: scored.len(),
        has_pass: pass_mark.is_some(),
        has_awards,
    })
}
