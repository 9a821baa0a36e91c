//! Results (成绩): from locked marks to final results.
//!
//! - **Result rules** ([`rules`]): the ranking order, award quotas, the pass mark and the honours
//!   a placing brings, per competition with a per-event override, frozen with the scheme.
//! - **Result versions** ([`versions`]): each computation from the locked marks, numbered, with
//!   the fingerprint it came from; the chief judge signs one; 成绩确认 freezes it.
//! - **Result lines** ([`lines`]): one entrant's line of a version, decoded once for every
//!   reader.
//! - **Publicity** ([`publicity`]): the window, the working-day calendar and the public list of
//!   proposed awards.
//! - **Cases** ([`cases`]): appeals and objections, decided by the arbitration group; who may
//!   see and do what is [`access`].
//! - **Exports** ([`export`]): the results as a workbook.

pub mod access;
pub mod case_labels;
pub mod cases;
pub mod export;
pub mod lines;
pub mod publicity;
pub mod rules;
pub mod sheet_pdf;
pub mod versions;

use entity::kinds::Award;

/// Whether an event is competed in teams (its awards are 团体 awards).
pub fn team_event(ev: &entity::event::Model) -> bool {
    ev.team_size > 1
}

/// An award as the public list and the certificate both word it: 三等奖, or 团体三等奖 in a team
/// event.
pub fn award_name(award: Award, ev: &entity::event::Model) -> String {
    if team_event(ev) {
        format!("团体{}", award.label())
    } else {
        award.label().to_owned()
    }
}
