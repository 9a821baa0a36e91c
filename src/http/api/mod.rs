//! The JSON API under `/api/v1`, documented as it is routed: every handler is registered
//! through [`OpenApiRouter`], so the OpenAPI document cannot miss a route.

mod awards;
mod awards_office;
mod boards;
mod cases;
mod certificates;
mod check_in;
mod chief;
mod competitions;
mod entrants;
mod events;
pub(crate) mod files;
mod health;
mod judges;
mod me;
mod organisations;
pub(crate) mod paper;
mod progress;
mod registration;
mod results;
mod schemes;
mod sign_in;
mod theory;
mod tokens;
mod users;
mod versions;

use super::error::{ApiError, ErrorBody, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "匠心 jiangxin API",
        description = "金华市技能大赛与企业岗位练兵的赛事管理与评分接口。\
                       Authenticate with `Authorization: Bearer jx_…` (issue a token at /admin/tokens). \
                       A browser signed in with the `jx_session` cookie may call the API too; every \
                       request that changes something (POST, PUT, DELETE) must then carry the page's \
                       CSRF token in the `X-CSRF-Token` header, or it is refused with 403. \
                       Errors always come as `{\"error\": {\"code\", \"message\", \"field\"}}` with a \
                       Chinese message naming the field, a bad query string included.",
    ),
    components(schemas(ErrorEnvelope, ErrorBody)),
    modifiers(&BearerAuth),
    security(("bearer" = []), ("session" = [], "csrf" = [])),
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        // A signed-in browser: the session cookie, and the CSRF token in `X-CSRF-Token` on
        // every request that changes something.
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::http::cookies::SESSION,
                "会话 Cookie；修改数据的请求须同时带 X-CSRF-Token 请求头（页面中的 CSRF 令牌）",
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "以会话 Cookie 调用时，POST、PUT、DELETE 请求须带此请求头",
            ))),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(awards_office::router())
        .merge(me::router())
        .merge(organisations::router())
        .merge(users::router())
        .merge(competitions::router())
        .merge(tokens::router())
        .merge(events::router())
        .merge(entrants::router())
        .merge(judges::router())
        .merge(schemes::router())
        .merge(results::router())
        .merge(versions::router())
        .merge(cases::router())
        .merge(certificates::router())
        .merge(awards::router())
        .merge(sign_in::router())
        .merge(progress::router())
        .merge(chief::router())
        .merge(theory::router())
        .merge(paper::router())
        .merge(check_in::router())
        .merge(boards::router())
        .merge(files::router())
        .merge(registration::router())
}

/// `Json` whose rejections answer in the API's error envelope, in Chinese, naming the field.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `Query` whose rejections answer in the API's error envelope, in Chinese, naming the parameter.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `Path` whose rejections answer "not found" in the API's error envelope.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);
