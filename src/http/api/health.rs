use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use std::time::Duration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    status: HealthStatus,
}

/// `ok`, or `unavailable` when the database does not answer.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Ok,
    Unavailable,
}

/// Whether the server and its database answer. Load balancers poll it.
#[utoipa::path(get, path = "/healthz", tag = "system", security(()),
    responses(
        (status = 200, description = "服务与数据库正常", body = Health),
        (status = 503, description = "数据库无响应", body = Health),
    ))]
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    match tokio::time::timeout(Duration::from_secs(3), state.db.ping()).await {
        Ok(Ok(())) => (
            StatusCode::OK,
            Json(Health {
                status: HealthStatus::Ok,
            }),
        ),
        failure => {
            tracing::warn!(?failure, "health check: database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: HealthStatus::Unavailable,
                }),
            )
        }
    }
}
