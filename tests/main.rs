//! One integration binary. Every test starts the real server on 127.0.0.1:0 over a fresh,
//! migrated database: a temporary SQLite file, or its own PostgreSQL database when
//! `JIANGXIN_TEST_PG_URL` names a server. Modules mirror the contexts; fixtures (a running
//! event, a tablet, spectators, the binary, Chromium) live in `support/`.
//!
//! Tests that need Chromium or PostgreSQL are `#[ignore]`d in the README's command; CI runs
//! them with `--include-ignored`, where a missing tool fails the test.

mod support;

mod accounts;
mod awards;
mod backup;
mod certificates;
mod competitions;
mod entrants;
mod event_page;
mod floors;
mod http;
mod judging;
mod leaderboard;
mod marking;
mod registration;
mod rehearsal;
mod results;
mod system;
