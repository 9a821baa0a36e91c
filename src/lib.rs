//! 匠心 jiangxin: management and scoring for Jinhua's city skills competition and for
//! enterprises' job-skills contests.
//!
//! The crate is laid out by domain context (`accounts`, `competitions`, …): plain async
//! functions over a database connection, each with an `access` module that says who may do
//! what. Only [`http`] knows about axum and askama; it fetches, authorises, calls a context
//! and renders.

pub mod accounts;
pub mod audit;
pub mod awards;
pub mod certificates;
pub mod competitions;
pub mod config;
pub mod db;
pub mod demo;
pub mod entrants;
pub mod error;
pub mod http;
pub mod judging;
pub mod leaderboard;
pub mod lifecycle;
pub mod limits;
pub mod live;
pub mod marking;
pub mod metrics;
pub mod registration;
pub mod rehearsal;
pub mod results;
pub mod secret;
pub mod serials;
pub mod shutdown;
pub mod spreadsheet;
pub mod state;
pub mod time;
pub mod typeset;

pub use error::{AppError, AppResult};
pub use http::{app, serve};
pub use state::AppState;
