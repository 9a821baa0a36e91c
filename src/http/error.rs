//! The one place where an [`AppError`] becomes an HTTP answer: a JSON envelope under `/api`,
//! a Chinese page elsewhere. Internal causes are logged here and never shown.

use crate::error::AppError;
use crate::time::{now, show_second};
use askama::Template;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

/// What a user may be told about an error.
pub(super) struct Public {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

pub(super) fn public(err: &AppError) -> Public {
    let p = describe(err);
    crate::metrics::error_answered(p.code);
    p
}

fn describe(err: &AppError) -> Public {
    let (status, code, message, field) = match err {
        AppError::NotFound => (
            StatusCode::NOT_FOUND,
            "not_found",
            "未找到该资源".to_owned(),
            None,
        ),
        AppError::Unauthenticated => (
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "请先登录".to_owned(),
            None,
        ),
        AppError::Forbidden => (
            StatusCode::FORBIDDEN,
            "forbidden",
            "您无权执行此操作".to_owned(),
            None,
        ),
        AppError::Invalid { field, message } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            message.clone(),
            Some(field.clone()),
        ),
        AppError::Conflict { field, message } => (
            StatusCode::CONFLICT,
            "conflict",
            message.clone(),
            Some(field.clone()),
        ),
        AppError::Csrf => (
            StatusCode::FORBIDDEN,
            "csrf",
            "页面已过期或来源不明，请刷新页面后重试".to_owned(),
            None,
        ),
        AppError::BadCredentials => (
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "用户名或密码错误".to_owned(),
            None,
        ),
        AppError::TooManyAttempts { until } => (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!(
                "尝试次数过多，请在 {}后（北京时间 {}）再试",
                wait_words(seconds_until(*until)),
                show_second(*until)
            ),
            None,
        ),
        AppError::Database(_) | AppError::Internal(_) => {
            tracing::error!(error = %err, "internal error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "服务器内部错误，请稍后再试".to_owned(),
                None,
            )
        }
    };
    Public {
        status,
        code,
        message,
        field,
    }
}

/// Whole seconds until `until`, rounded up, at least one: what `Retry-After` and the message say.
fn seconds_until(until: chrono::DateTime<chrono::Utc>) -> i64 {
    let ms = (until - now()).num_milliseconds();
    ((ms + 999) / 1000).max(1)
}

/// A wait as people say it: whole minutes from one minute on ("15 分钟"), seconds below.
fn wait_words(seconds: i64) -> String {
    if seconds >= 60 {
        format!("{} 分钟", (seconds + 59) / 60)
    } else {
        format!("{seconds} 秒")
    }
}

/// `Retry-After` on every refusal that says when to try again.
pub(super) fn with_retry_after(err: &AppError, mut response: Response) -> Response {
    if let AppError::TooManyAttempts { until } = err
        && let Ok(value) = header::HeaderValue::from_str(&seconds_until(*until).to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// An error answered as JSON: `{"error":{"code","message","field"}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `invalid`, `not_found`.
    pub code: String,
    /// Chinese text fit to show a user.
    pub message: String,
    /// The input field the error is about, if any.
    pub field: Option<String>,
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        ApiError(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        with_retry_after(&self.0, envelope(public(&self.0)))
    }
}

fn envelope(p: Public) -> Response {
    let body = ErrorEnvelope {
        error: ErrorBody {
            code: p.code.to_owned(),
            message: p.message,
            field: p.field,
        },
    };
    (p.status, axum::Json(body)).into_response()
}

/// An error answered as a page; "not signed in" sends the browser to the login page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(err: AppError) -> Self {
        PageError(err)
    }
}

impl From<sea_orm::DbErr> for PageError {
    fn from(err: sea_orm::DbErr) -> Self {
        PageError(err.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, AppError::Unauthenticated) {
            return Redirect::to("/login").into_response();
        }
        with_retry_after(&self.0, error_page(public(&self.0)))
    }
}

fn error_page(p: Public) -> Response {
    let page = ErrorPage {
        title: format!("出错了（{}）", p.status.as_u16()),
        message: p.message,
    };
    match page.render() {
        Ok(html) => (p.status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page did not render");
            (
                p.status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "出错了",
            )
                .into_response()
        }
    }
}

/// serde's message for a bad body, turned into a Chinese one that names the field. axum reports
/// the field's path before the detail (`components[0].kind: unknown variant …`).
fn describe_body_error(detail: &str) -> AppError {
    let quoted = detail.split('`').nth(1).map(ToOwned::to_owned);
    if detail.contains("missing field") {
        let field = quoted.unwrap_or_else(|| "body".to_owned());
        return AppError::Invalid {
            message: format!("缺少必填字段 {field}"),
            field,
        };
    }
    // The English detail goes to the log.
    tracing::debug!(detail, "body did not parse");
    let path = detail
        .split_once("target type: ")
        .and_then(|(_, rest)| rest.split_once(": "))
        .map(|(path, _)| path)
        .filter(|p| !p.is_empty() && !p.contains(' ') && *p != ".");
    if let Some((_, allowed)) = detail.split_once("expected one of ") {
        let allowed: Vec<&str> = allowed.split('`').skip(1).step_by(2).collect();
        let field = path.unwrap_or("body");
        return AppError::invalid(
            field,
            format!("字段 {field} 的取值须为 {} 之一", allowed.join("、")),
        );
    }
    if detail.contains("unknown variant") {
        return AppError::invalid(path.unwrap_or("body"), "有字段的取值不在允许范围内");
    }
    if detail.contains("invalid") {
        return match path {
            Some(field) => AppError::invalid(field, format!("字段 {field} 的值格式不正确")),
            None => AppError::invalid("body", "有字段的值格式不正确（例如应为数字）"),
        };
    }
    AppError::invalid("body", "请求内容格式不正确")
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError(AppError::invalid(
                "body",
                "请以 Content-Type: application/json 提交",
            )),
            other => ApiError(describe_body_error(&other.body_text())),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        ApiError(AppError::NotFound)
    }
}

/// A query string that does not parse gets the JSON error envelope with a Chinese message
/// naming the parameter, like a bad body.
impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        // e.g. "Failed to deserialize query string: status: unknown variant `bogus`, …"
        let text = rejection.body_text();
        let field = text
            .split_once("query string: ")
            .and_then(|(_, rest)| rest.split_once(": "))
            .map(|(field, _)| field)
            .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or("query")
            .to_owned();
        ApiError(AppError::invalid(
            &field,
            format!("查询参数“{field}”的值不正确"),
        ))
    }
}

impl From<FormRejection> for PageError {
    fn from(rejection: FormRejection) -> Self {
        PageError(describe_body_error(&rejection.body_text()))
    }
}

impl From<PathRejection> for PageError {
    fn from(_: PathRejection) -> Self {
        PageError(AppError::NotFound)
    }
}

/// The framework's own refusals (a path, query string or form that does not parse, a wrong
/// method, a body too large, a missing CSRF field) come as English plain text. This turns each
/// into the same answer as ours: the Chinese page, or the JSON envelope under `/api`. Our own
/// plain-text answers are Chinese and pass through untouched.
pub async fn localise_framework_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if !(content_type.is_empty() || content_type.starts_with("text/plain")) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024).await else {
        return (parts.status, "").into_response();
    };
    let text = String::from_utf8_lossy(&bytes);
    if !text.is_ascii() {
        return Response::from_parts(parts, axum::body::Body::from(bytes));
    }
    tracing::debug!(status = status.as_u16(), detail = %text, "framework refusal");
    let p = framework_refusal(status, &text);
    if api { envelope(p) } else { error_page(p) }
}

/// What to tell a user about one of the framework's refusals.
fn framework_refusal(status: StatusCode, detail: &str) -> Public {
    let with = |status: StatusCode, code: &'static str, message: &str| Public {
        status,
        code,
        message: message.to_owned(),
        field: None,
    };
    match status {
        StatusCode::METHOD_NOT_ALLOWED => with(status, "method_not_allowed", "不支持该请求方法"),
        StatusCode::PAYLOAD_TOO_LARGE => with(
            status,
            "too_large",
            "提交的内容过大（上传文件不超过 16 MB）",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => with(
            status,
            "unsupported_media_type",
            "提交的内容类型不正确，请从页面上的表单提交",
        ),
        StatusCode::NOT_FOUND => public(&AppError::NotFound),
        _ if detail.contains("missing field `csrf`") => public(&AppError::Csrf),
        // A path segment that is not a number, say: nothing is there.
        _ if detail.starts_with("Invalid URL") => public(&AppError::NotFound),
        _ if detail.contains("query string") => {
            let mut p = public(&describe_body_error(detail));
            p.message = format!("网址参数有误：{}", p.message);
            p
        }
        _ if detail.contains("deserialize") || detail.contains("missing field") => {
            public(&describe_body_error(detail))
        }
        _ if status.is_client_error() => with(status, "bad_request", "请求格式不正确"),
        _ => public(&AppError::Internal(detail.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_outside_the_vocabulary_names_its_field_and_the_allowed_words() {
        let detail = "Failed to deserialize the JSON body into the target type: \
            components[0].modules[0].aspects[1].kind: unknown variant `measure`, expected one of \
            `measurement`, `pass_fail`, `deduction`, `scale`, `direct` at line 1 column 210";
        let AppError::Invalid { field, message } = describe_body_error(detail) else {
            panic!("not invalid");
        };
        assert_eq!(field, "components[0].modules[0].aspects[1].kind");
        assert!(
            message.contains("measurement、pass_fail、deduction、scale、direct"),
            "{message}"
        );
    }
}
