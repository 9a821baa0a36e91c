//! The web layer itself: connection limits, timeouts and refusals on a public contest day.

mod edges;
mod hardening;
mod metrics;
