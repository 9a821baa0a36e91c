//! Judging: the people who mark and what they mark by — judges and their panels, recusal,
//! sign-in on tablets, and marking schemes. The marks themselves are [`crate::marking`].
//!
//! - A **judge** (裁判) or **chief judge** (裁判长) belongs to one event and one **panel**
//!   (裁判组), named by a short label such as `A`; each aspect of the scheme is marked by one
//!   panel, so a panel's size is the number of judges in it.
//! - **Recusal** (回避): a judge never marks an entrant of their own organisation. It is
//!   automatic — such entrants are left off the judge's list — and an explicit assignment
//!   that would break it is refused.

pub mod access;
pub mod import;
pub mod judges;
pub mod paper;
pub mod scheme;
pub mod scheme_import;
pub mod sign_in;
pub mod tablets;
