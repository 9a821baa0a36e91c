//! The one place where an [`AppError`] becomes an HTTP answer: a JSON envelope under `/api`,
//! a Chinese page elsewhere. Internal causes are logged here and never shown.

use crate::error::AppError;
use crate::time::show_minute;
use askama::Template;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection};
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
        AppError::LockedOut { until } => (
            StatusCode::TOO_MANY_REQUESTS,
            "locked_out",
            format!(
                "密码连续错误次数过多，账号已暂时锁定，请于 {} 后再试",
                show_minute(*until)
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
        let p = public(&self.0);
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: p.code.to_owned(),
                message: p.message,
                field: p.field,
            },
        };
        (p.status, axum::Json(body)).into_response()
    }
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
        let p = public(&self.0);
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
}

/// serde's message for a bad body, turned into a Chinese one that names the field.
fn describe_body_error(detail: &str) -> AppError {
    let quoted = detail.split('`').nth(1).map(ToOwned::to_owned);
    if detail.contains("missing field") {
        let field = quoted.unwrap_or_else(|| "body".to_owned());
        return AppError::Invalid {
            message: format!("缺少必填字段 {field}"),
            field,
        };
    }
    if detail.contains("unknown variant") {
        return AppError::invalid("body", format!("取值不在允许范围内（{}）", tail(detail)));
    }
    AppError::invalid("body", format!("请求内容格式错误（{}）", tail(detail)))
}

/// The part of serde's message after the extractor's own preamble.
fn tail(detail: &str) -> &str {
    detail.rsplit(": ").next().unwrap_or(detail)
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
