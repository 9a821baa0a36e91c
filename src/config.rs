//! Settings read from the command line and the environment.

/// Where the data lives when nothing else is said: a SQLite file beside the working folder.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/jiangxin.db";

use std::net::IpAddr;
use std::time::Duration;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    /// Mark cookies `Secure`; set when the server sits behind HTTPS.
    pub cookie_secure: bool,
    /// How long a browser session lasts.
    pub session_hours: i64,
    /// Behind a reverse proxy: the header that carries the client's address (`X-Forwarded-For`,
    /// `X-Real-IP`). Believed only from [`Config::trusted_proxies`]; without it, the address is
    /// the connection's own.
    pub proxy_header: Option<String>,
    /// The addresses of the reverse proxies whose header is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// How long a client may take to send a request's headers, and how long an idle
    /// keep-alive connection stays open waiting for the next request.
    pub header_timeout: Duration,
    /// Connections one client address may hold open at once, not counting WebSockets (a hall
    /// full of phones behind one address watches the live board freely).
    pub max_connections_per_address: usize,
    /// Where the fallback fonts for rare characters are (HanaMinA.ttf, HanaMinB.ttf).
    pub font_dir: std::path::PathBuf,
    /// The address people reach this server at (`https://jiangxin.example.cn`): what the QR
    /// code on a certificate leads to. Without it, the address of the request that makes it.
    pub public_url: Option<String>,
    /// The shortest publicity, results' or reward lines', in working days (see
    /// [`crate::results::publicity`]): 5 by default, as the bureau's notices set it.
    pub publicity_working_days: u32,
}

impl Config {
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            cookie_secure: false,
            session_hours: 12,
            proxy_header: None,
            trusted_proxies: vec![
                IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
                IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            ],
            header_timeout: Duration::from_secs(15),
            max_connections_per_address: 256,
            font_dir: crate::typeset::fonts::DEFAULT_FONT_DIR.into(),
            public_url: None,
            publicity_working_days: 5,
        }
    }
}
