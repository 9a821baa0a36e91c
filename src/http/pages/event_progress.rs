//! The 进度 part of the organiser's event page: check-in, each module's marking and each
//! judge's share, in counts only (no codes, no marks), so it is safe under a sealed draw.

use crate::error::AppResult;
use crate::time::show_minute;
use entity::event;
use entity::kinds::EntrantStatus;
use sea_orm::ConnectionTrait;

/// The 进度 part of the event page: check-in, each module's marking and each judge's share.
pub struct EventProgress {
    pub competing: usize,
    pub absent: usize,
    pub out: usize,
    pub checked_in: usize,
    pub locked: Option<String>,
    /// Why the marking figures are not shown (no scheme yet), or `None` when they are.
    pub unavailable: Option<String>,
    pub modules: Vec<ModuleLine>,
    /// (name, panel, marked, due)
    pub judges: Vec<(String, String, usize, usize)>,
}

pub struct ModuleLine {
    pub label: String,
    pub cells: usize,
    pub missing: usize,
    pub flagged: usize,
    pub signed: String,
}

pub async fn event_progress(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    entrants: &[crate::entrants::EntrantView],
    scheme_ready: bool,
) -> AppResult<EventProgress> {
    let count = |s: EntrantStatus| entrants.iter().filter(|e| e.entrant.status == s).count();
    let mut out = EventProgress {
        competing: count(EntrantStatus::Active),
        absent: count(EntrantStatus::Absent),
        out: count(EntrantStatus::Withdrawn) + count(EntrantStatus::Disqualified),
        checked_in: entrants
            .iter()
            .filter(|e| {
                e.entrant.status == EntrantStatus::Active && e.entrant.checked_in_at.is_some()
            })
            .count(),
        locked: ev.marks_locked_at.map(show_minute),
        unavailable: None,
        modules: Vec::new(),
        judges: Vec::new(),
    };
    if !scheme_ready {
        out.unavailable = Some("评分方案通过检查后在此显示各模块与各裁判的评分进度。".into());
        return Ok(out);
    }
    let p = crate::marking::progress::progress(db, ev).await?;
    out.modules = p
        .modules
        .iter()
        .map(|m| ModuleLine {
            label: format!("{} {}", m.code, m.name),
            cells: m.cells,
            missing: m.missing,
            flagged: m.flagged,
            signed: m.signed_at.map_or_else(
                || "未签字".to_owned(),
                |at| format!("✓ {}", show_minute(at)),
            ),
        })
        .collect();
    out.judges = p
        .judges
        .iter()
        .map(|j| (j.name.clone(), j.panel.clone(), j.marked, j.due))
        .collect();
    Ok(out)
}
