//! Files sent to a browser: the content type, whether it opens (`inline`) or saves
//! (`attachment`), and the Chinese file name (RFC 6266 `filename*`, with an ASCII stand-in for
//! clients that read only `filename`).

use axum::http::header;
use axum::response::{IntoResponse, Response};

pub enum Show {
    /// Opens in the browser (a PDF in WeChat's viewer).
    Inline,
    /// Saves as a file.
    Attachment,
}

/// A file named `name` (any characters), `fallback` its ASCII name; `private` files are never
/// kept by a cache on the way.
pub fn file(
    content_type: &str,
    show: Show,
    fallback: &str,
    name: &str,
    private: bool,
    bytes: impl IntoResponse,
) -> Response {
    let show = match show {
        Show::Inline => "inline",
        Show::Attachment => "attachment",
    };
    let disposition = format!(
        "{show}; filename=\"{fallback}\"; filename*=UTF-8''{}",
        encoded(name)
    );
    let mut response = (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response();
    if private {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// RFC 5987 `value-chars`: every byte but the attribute characters as `%XX` (a space is `%20`,
/// not the form encoding's `+`, which a browser would keep in the name).
fn encoded(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_encoded_for_filename_star() {
        assert_eq!(
            super::encoded("成绩 2026.xlsx"),
            "%E6%88%90%E7%BB%A9%202026.xlsx"
        );
    }
}
