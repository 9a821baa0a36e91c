//! `GET /metrics` for Prometheus: the platform administrator's API token (a scrape job's
//! `authorization` bearer), or an administrator's session; anyone else is refused.

use super::auth::ApiActor;
use super::error::ApiError;
use crate::error::AppError;
use axum::http::header;
use axum::response::IntoResponse;
use entity::kinds::Role;

pub async fn metrics(ApiActor(actor): ApiActor) -> Result<impl IntoResponse, ApiError> {
    if actor.role != Role::Admin {
        return Err(AppError::Forbidden.into());
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::render(),
    ))
}
