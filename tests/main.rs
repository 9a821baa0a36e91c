//! One integration binary. Every test starts the real server on 127.0.0.1:0 over a fresh,
//! migrated database: a temporary SQLite file, or its own PostgreSQL database when
//! `JIANGXIN_TEST_PG_URL` names a server. Modules mirror the contexts.

mod support;

mod accounts;
mod browser;
mod competitions;
mod entrants;
mod hardening;
mod judge_socket;
mod judging;
mod live;
mod marks;
mod review;
mod shared_tablet;
mod system;
mod throttle;
