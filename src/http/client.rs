//! The client's address, for pacing guesses per address. It is the connection's own address,
//! or — only when the connection comes from a configured reverse proxy — what the proxy's
//! header says. A header from anyone else is ignored: otherwise every guess could claim a new
//! address.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Where a request comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        let config = &state.config;
        let from_proxy = config
            .proxy_header
            .as_deref()
            .filter(|_| config.trusted_proxies.contains(&peer))
            .and_then(|name| parts.headers.get(name))
            .and_then(|v| v.to_str().ok())
            .and_then(proxied_address);
        Ok(ClientAddr(from_proxy.unwrap_or(peer)))
    }
}

/// The client a proxy names. `X-Forwarded-For` lists every hop; the last one was added by our
/// own proxy, the ones before it by whoever sent the request and cannot be believed.
fn proxied_address(value: &str) -> Option<IpAddr> {
    let last = value.rsplit(',').next()?.trim();
    last.parse::<IpAddr>()
        .ok()
        .or_else(|| last.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::proxied_address;

    #[test]
    fn the_last_hop_is_the_one_our_proxy_saw() {
        assert_eq!(
            proxied_address("198.51.100.9, 203.0.113.7"),
            Some("203.0.113.7".parse().unwrap())
        );
        assert_eq!(
            proxied_address("203.0.113.7:5555"),
            Some("203.0.113.7".parse().unwrap())
        );
        assert_eq!(proxied_address("not an address"), None);
    }
}
