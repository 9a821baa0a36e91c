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
