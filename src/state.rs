//! What every request handler shares.

use crate::config::Config;
use crate::live::Live;
use crate::marking::writer::MarkWriter;
use crate::shutdown::Shutdown;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub live: Live,
    /// The group-commit writer every judge's socket hands marks to.
    pub marks: MarkWriter,
    /// Set on SIGTERM: every socket sends its close frame.
    pub shutdown: Shutdown,
    /// Public certificate lookups, paced per address.
    pub verify_pace: crate::accounts::pace::Pace,
}

impl AppState {
    /// Builds the state and starts the mark writer; call inside the Tokio runtime.
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        let live = Live::new();
        crate::db::checkpoint_in_background(db.clone());
        crate::lifecycle::imports::expire_in_background(db.clone());
        crate::live::relay_through_postgres(db.clone(), live.clone());
        crate::certificates::batch::take_over_in_background(db.clone(), config.font_dir.clone());
        Self {
            marks: MarkWriter::start(db.clone(), &config.database_url, live.clone()),
            db,
            config: Arc::new(config),
            live,
            shutdown: Shutdown::default(),
            verify_pace: crate::accounts::pace::Pace::verification(),
        }
    }

    /// The fonts PDFs are set in (parsed on first use).
    pub fn fonts(&self) -> std::sync::Arc<crate::typeset::Fonts> {
        crate::typeset::Fonts::shared(&self.config.font_dir)
    }
}
