//! Marking: what judges enter and what the chief judge makes of it.
//!
//! - A **mark** (分数) is one judge's value for one aspect of one entrant; the [`writer`]
//!   commits marks in groups and answers each only after its commit.
//! - Every change of a mark is an entry of the **audit chain** (评分记录), hash-linked so that
//!   an edit behind the system's back shows ([`audit_chain::verify`]). An entry's id is the
//!   change's **seq**.
//! - A **correction** (更正) is a change after the module was signed off: the judge asks, the
//!   chief judge decides.
//! - The **ledger** ([`ledger::load`]) is the one read model of an event's marks: the cells,
//!   who is expected to mark them, the accepted spreads and the signed modules. The review,
//!   the leaderboard and the judge's tablet all read it.
//! - The **progress** is the read model the chief judge and the organiser look at; the
//!   **review** is the chief judge's commands: accepting a spread, sign-off, the lock.

pub mod access;
pub mod audit_chain;
pub mod consistency;
pub mod corrections;
pub mod judge_view;
pub mod ledger;
pub(crate) mod mark_rules;
pub mod marks;
pub mod paper_entry;
pub mod progress;
pub(crate) mod remembered;
pub mod review;
pub mod writer;
