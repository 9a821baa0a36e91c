//! Reading and writing the two cookies: the session, and the pre-login CSRF token.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

pub const SESSION: &str = "jx_session";
pub const LOGIN_CSRF: &str = "jx_csrf";
/// A judge's tablet session, separate from organisers' sessions.
pub const JUDGE_SESSION: &str = "jx_judge";

/// The value of a cookie the browser sent.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value: never readable by scripts, sent on top-level navigation only.
pub fn set(name: &str, value: &str, max_age_secs: i64, secure: bool, strict: bool) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite={}; Max-Age={max_age_secs}{}",
        if strict { "Strict" } else { "Lax" },
        if secure { "; Secure" } else { "" }
    )
}

/// A `Set-Cookie` value that removes a cookie. It carries `Secure` like the cookie it clears:
/// behind HTTPS a browser may ignore an insecure cookie that tries to overwrite a secure one.
pub fn clear(name: &str, secure: bool) -> String {
    format!(
        "{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}
