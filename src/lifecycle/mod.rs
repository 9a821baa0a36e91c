//! 流程: the steps that cross contexts, on one floor above the contexts and below `http`.
//!
//! A context (competitions, judging, marking, leaderboard, results) keeps its own rules and
//! never calls a context on a higher floor. A step that combines several — a status move that
//! asks judging and results, the chief judge's lock that makes the first result version, an
//! approved correction that makes the next one, a decided case that corrects marks — lives
//! here, once, and the page and the API both call it: one path for both.
//!
//! Each step commits before it announces: the spectators' boards are told through
//! [`crate::live::Live`] only after the change is stored, as the mark writer does, and handlers
//! never publish by hand.

pub mod backup;
pub mod boards;
pub mod cases;
pub mod check_in;
pub mod chief;
pub mod imports;
pub mod paper;
pub mod status;
pub mod theory;
pub mod verification;
