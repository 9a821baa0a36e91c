//! The edge rule for text: every request's path, query string and JSON or form body is read
//! for control characters before any handler sees it (see [`crate::limits::plain_text`]), so
//! no field can forget the check. Multipart text fields are checked where they are read
//! ([`super::pages::Upload`]), spreadsheet cells in [`crate::spreadsheet`], judges' socket
//! messages in [`super::ws::protocol`].

use crate::error::{AppError, AppResult};
use crate::limits::plain_text;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest body read here: the router's own limit.
const BODY_LIMIT: usize = 16 * 1024 * 1024;

pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let refuse = |err: AppError| {
        if api {
            super::ApiError(err).into_response()
        } else {
            super::PageError(err).into_response()
        }
    };
    if let Err(err) = check_uri(request.uri()) {
        return refuse(err);
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let kind = if content_type.starts_with("application/json") {
        Kind::Json
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        Kind::Form
    } else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        // Too large or broken: let the extractor give its own answer on an empty body.
        Err(_) => {
            return refuse(AppError::invalid(
                "body",
                "提交的内容过大（上传文件不超过 16 MB）",
            ));
        }
    };
    let checked = match kind {
        Kind::Json => check_json(&bytes),
        Kind::Form => check_form(&bytes),
    };
    if let Err(err) = checked {
        return refuse(err);
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

enum Kind {
    Json,
    Form,
}

fn check_uri(uri: &axum::http::Uri) -> AppResult<()> {
    let path = percent_decode(uri.path().as_bytes());
    plain_text(&path, "网址")?;
    if let Some(query) = uri.query() {
        check_pairs(query.as_bytes())?;
    }
    Ok(())
}

fn check_form(bytes: &[u8]) -> AppResult<()> {
    check_pairs(bytes)
}

fn check_pairs(bytes: &[u8]) -> AppResult<()> {
    for (name, value) in url::form_urlencoded::parse(bytes) {
        plain_text(&name, "参数名")?;
        plain_text(&value, &name)?;
    }
    Ok(())
}

/// A body that is not JSON is left to the extractor, which names the mistake.
fn check_json(bytes: &[u8]) -> AppResult<()> {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => check_value(&value, ""),
        Err(_) => Ok(()),
    }
}

/// Walks the document; a bad string is named by its path (`members.1.name`), as the
/// extractors name fields.
fn check_value(value: &serde_json::Value, path: &str) -> AppResult<()> {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        serde_json::Value::String(s) => plain_text(s, if path.is_empty() { "body" } else { path }),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_value(v, &join(&i.to_string()))),
        serde_json::Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            plain_text(k, "参数名")?;
            check_value(v, &join(k))
        }),
        _ => Ok(()),
    }
}

/// Whether JSON text carries a control character other than tab and line breaks, raw or
/// escaped (`\u0000`): a quick scan for the judges' socket, whose messages are many and small.
pub(crate) fn json_has_control(text: &str) -> bool {
    if text.chars().any(crate::limits::is_forbidden_control) {
        return true;
    }
    text.match_indices("\\u").any(|(i, _)| {
        text.get(i + 2..i + 6)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
            .is_some_and(crate::limits::is_forbidden_control)
    })
}

fn percent_decode(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&percent_encoding_decode(bytes)).into_owned()
}

/// `%XX` decoded; anything else as it is. (A `+` in a path is a plus.)
fn percent_encoding_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_control_characters_where_they_hide() {
        assert!(check_json(br#"{"name":"a\u0000b"}"#).is_err());
        let err = check_json(br#"{"members":[{"name":"ok"},{"name":"x\u0007"}]}"#).unwrap_err();
        assert!(matches!(err, AppError::Invalid { ref field, .. } if field == "members.1.name"));
        assert!(check_json("{\"note\":\"第一行\\n第二行\\t制表\"}".as_bytes()).is_ok());
        assert!(check_form(b"name=a%00b").is_err());
        assert!(check_form(b"name=%E5%BC%A0%E4%B8%89&note=a%0D%0Ab").is_ok());
        assert!(check_uri(&"/verify/1%00".parse().unwrap()).is_err());
        assert!(check_uri(&"/x?q=%7F".parse().unwrap()).is_err());
        assert!(check_uri(&"/x?q=%E5%BC%A0".parse().unwrap()).is_ok());
        assert!(json_has_control(r#"{"reason":"a\u0000b"}"#));
        assert!(json_has_control(r#"{"reason":"a\u001Bb"}"#));
        assert!(!json_has_control(r#"{"reason":"第一行\n第二行\u4e2d"}"#));
    }
}
