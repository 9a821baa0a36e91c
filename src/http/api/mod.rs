//! The JSON API under `/api/v1`, documented as it is routed: every handler is registered
//! through [`OpenApiRouter`], so the OpenAPI document cannot miss a route.

mod competitions;
mod entrants;
mod events;
pub(crate) mod files;
mod health;
mod judges;
mod me;
mod organisations;
mod schemes;
mod tokens;
mod users;

use super::error::{ApiError, ErrorBody, ErrorEnvelope};
use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "匠心 jiangxin API",
        description = "金华市技能大赛与企业岗位练兵的赛事管理与评分接口。\
                       Authenticate with `Authorization: Bearer jx_…` (issue a token at /admin/tokens).",
    ),
    components(schemas(ErrorEnvelope, ErrorBody)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
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
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(me::find_me))
        .routes(routes!(
            organisations::list_organisations,
            organisations::create_organisation
        ))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(
            competitions::list_competitions,
            competitions::create_competition
        ))
        .routes(routes!(
            competitions::find_competition,
            events::update_competition
        ))
        .routes(routes!(tokens::list_tokens, tokens::issue_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(events::move_status))
        .routes(routes!(events::create_event))
        .routes(routes!(events::find_event, events::update_event))
        .routes(routes!(entrants::list_entrants, entrants::add_entrant))
        .routes(routes!(entrants::change_status))
        .routes(routes!(entrants::remove_entrant))
        .routes(routes!(entrants::import_entrants))
        .routes(routes!(entrants::draw_event, entrants::find_draw))
        .routes(routes!(judges::list_judges, judges::add_judge))
        .routes(routes!(judges::assign_entrant))
        .routes(routes!(judges::markable_entrants))
        .routes(routes!(schemes::find_scheme, schemes::replace_scheme))
        .routes(routes!(schemes::copy_scheme))
        .routes(routes!(schemes::check_scheme))
        .routes(routes!(files::import_judges_file))
        .routes(routes!(files::import_scheme))
        .routes(routes!(files::sign_in_sheet))
        .routes(routes!(files::score_sheets))
        .routes(routes!(files::download_template))
}

/// `Json` whose rejections answer in the API's error envelope, in Chinese, naming the field.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `Path` whose rejections answer "not found" in the API's error envelope.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);
