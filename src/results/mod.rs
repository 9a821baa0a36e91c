//! Results (成绩): from locked marks to final results.
//!
//! - **Result rules** ([`rules`]): the ranking order, award quotas, the pass mark and the honours
//!   a placing brings, per competition with a per-event override, frozen with the scheme.

pub mod rules;
