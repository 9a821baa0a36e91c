//! The one error type of the application. Contexts return it; `http::error` maps it to a
//! status and a safe Chinese message in one place. Internal causes are logged there, never
//! shown. Its own text (what the command line prints) is Chinese too, with the field's name in
//! brackets, so that no English sits in the middle of a message.

use chrono::{DateTime, Utc};
use sea_orm::{DbErr, SqlErr};

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing does not exist, or the actor may not know that it does. Both answer the same
    /// so that ids cannot be probed across organisations.
    #[error("未找到（或无权查看）")]
    NotFound,
    #[error("未登录")]
    Unauthenticated,
    #[error("无权执行此操作")]
    Forbidden,
    /// Bad input, naming the field it is about.
    #[error("{message}（{field}）")]
    Invalid { field: String, message: String },
    /// The input clashes with what is stored (a name already taken).
    #[error("{message}（{field}）")]
    Conflict { field: String, message: String },
    #[error("页面已过期，请刷新后再试（CSRF）")]
    Csrf,
    #[error("用户名或密码错误")]
    BadCredentials,
    /// Too many failed attempts from here, or for this account name: try again at `until`.
    #[error("尝试次数过多，请于 {until} 之后再试")]
    TooManyAttempts { until: DateTime<Utc> },
    #[error("数据库错误：{0}")]
    Database(DbErr),
    #[error("内部错误：{0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

impl From<DbErr> for AppError {
    /// Constraint violations are the user's to fix, so they become field errors; anything else
    /// is ours.
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => {
                let field = constraint_field(&detail);
                let label = field_label(&field);
                AppError::Conflict {
                    message: format!("{label}已存在，请换一个"),
                    field,
                }
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                AppError::invalid("reference", "所引用的记录不存在，或仍被其他记录引用")
            }
            _ => AppError::Database(err),
        }
    }
}

/// The column a unique-constraint message is about. SQLite says
/// `UNIQUE constraint failed: app_user.username`; PostgreSQL names the constraint, which it
/// calls `app_user_username_key` for a unique column.
fn constraint_field(detail: &str) -> String {
    if let Some(rest) = detail.split("UNIQUE constraint failed: ").nth(1) {
        let first = rest.split(',').next().unwrap_or(rest).trim();
        return first.rsplit('.').next().unwrap_or(first).to_owned();
    }
    if let Some(name) = detail.split('"').nth(1) {
        let name = name.strip_suffix("_key").unwrap_or(name);
        for table in [
            "app_user_",
            "organisation_",
            "api_token_",
            "event_competition_",
        ] {
            if let Some(column) = name.strip_prefix(table) {
                return column.to_owned();
            }
        }
        return name.to_owned();
    }
    "value".to_owned()
}

/// Chinese names of the fields that carry unique constraints.
fn field_label(field: &str) -> &'static str {
    match field {
        "username" => "用户名",
        "name" => "名称",
        "token_hash" => "令牌",
        "trade" | "trade_group" => "同一组别的工种",
        _ => "该值",
    }
}

#[cfg(test)]
mod tests {
    use super::constraint_field;

    #[test]
    fn names_the_column_on_both_backends() {
        assert_eq!(
            constraint_field("UNIQUE constraint failed: app_user.username"),
            "username"
        );
        assert_eq!(
            constraint_field(
                "duplicate key value violates unique constraint \"app_user_username_key\""
            ),
            "username"
        );
        assert_eq!(
            constraint_field(
                "duplicate key value violates unique constraint \"organisation_name_key\""
            ),
            "name"
        );
    }
}
