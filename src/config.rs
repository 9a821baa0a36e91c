//! Settings read from the command line and the environment.

/// Where the data lives when nothing else is said: a SQLite file beside the working folder.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/jiangxin.db";

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    /// Mark cookies `Secure`; set when the server sits behind HTTPS.
    pub cookie_secure: bool,
    /// How long a browser session lasts.
    pub session_hours: i64,
}

impl Config {
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            cookie_secure: false,
            session_hours: 12,
        }
    }
}
