//! Server-rendered pages in Chinese: the public front page, sign-in, and the admin pages.

mod admin;
mod competition;
mod event;
mod home;
mod imports;
mod judge;
mod live;
mod login;
mod notice;
mod organisations;
mod review;
mod standings;
mod tokens;
mod users;

use super::auth::PageActor;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use entity::kinds::Role;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show_home))
        .route("/login", get(login::show_login).post(login::submit_login))
        .route("/logout", post(login::submit_logout))
        .route("/admin", get(admin::show_dashboard))
        .route(
            "/admin/organisations",
            get(organisations::show_organisations).post(organisations::create_organisation),
        )
        .route("/admin/competitions", post(admin::create_competition))
        .route(
            "/admin/competitions/{id}",
            get(competition::show_competition),
        )
        .route(
            "/admin/competitions/{id}/status",
            post(competition::move_status),
        )
        .route(
            "/admin/competitions/{id}/settings",
            post(competition::update_settings),
        )
        .route("/admin/events/{id}/edit", post(event::edit_event))
        .route("/admin/entrants/{id}/delete", post(event::remove_entrant))
        .route(
            "/admin/competitions/{id}/events",
            post(competition::add_event),
        )
        .route(
            "/admin/competitions/{id}/imports",
            post(competition::upload_import),
        )
        .route(
            "/admin/imports/{token}",
            get(imports::show_import).post(imports::confirm_import),
        )
        .route("/admin/events/{id}", get(event::show_event))
        .route("/admin/events/{id}/entrants", post(event::add_entrant))
        .route(
            "/admin/entrants/{id}/status",
            post(event::change_entrant_status),
        )
        .route("/admin/events/{id}/judges", post(event::add_judge))
        .route("/admin/judges/{id}/assignments", post(event::assign))
        .route("/admin/events/{id}/draw", post(event::run_draw))
        .route("/admin/events/{id}/scheme/copy", post(event::copy_scheme))
        .route(
            "/admin/events/{id}/scheme/import",
            post(event::import_scheme),
        )
        .route(
            "/admin/events/{id}/sign-in-sheet.xlsx",
            get(event::sign_in_sheet),
        )
        .route(
            "/admin/events/{id}/score-sheets.xlsx",
            get(event::score_sheets),
        )
        .route("/admin/templates/{kind}", get(event::template))
        .route("/admin/judges/{id}/code", post(judge::issue_code))
        .route("/admin/judges/{id}/sessions/end", post(judge::end_sessions))
        .route(
            "/judge",
            get(judge::show_sign_in).post(judge::submit_sign_in),
        )
        .route("/judge/mark", get(judge::show_marking))
        .route("/judge/chief", get(review::show_chief))
        .route(
            "/judge/chief/modules/{id}/sign-off",
            post(review::sign_off_module),
        )
        .route(
            "/judge/chief/modules/{id}/withdraw",
            post(review::withdraw_sign_off),
        )
        .route("/judge/chief/spreads", post(review::accept_spread))
        .route("/judge/chief/lock", post(review::lock_marks))
        .route(
            "/judge/chief/corrections/{id}",
            post(review::decide_correction),
        )
        .route("/admin/events/{id}/progress", get(review::show_progress))
        .route(
            "/admin/events/{id}/standings",
            get(standings::show_standings),
        )
        .route(
            "/admin/events/{id}/standings.xlsx",
            get(standings::standings_xlsx),
        )
        .route(
            "/admin/events/{id}/live-settings",
            post(standings::save_live_settings),
        )
        .route(
            "/admin/events/{id}/publish",
            post(standings::publish_results),
        )
        .route("/live/{id}", get(live::show_live))
        .route("/screen/{id}", get(live::show_screen))
        .route(
            "/admin/tokens",
            get(tokens::show_tokens).post(tokens::issue_token),
        )
        .route("/admin/tokens/{id}/revoke", post(tokens::revoke_token))
        .route(
            "/admin/users",
            get(users::show_users).post(users::create_user),
        )
        .route(
            "/admin/users/unlock",
            axum::routing::post(users::unlock_user),
        )
}

/// What every page's frame needs: the title, who is signed in, and the CSRF token for the
/// sign-out form.
pub struct Layout {
    pub title: String,
    pub user: Option<String>,
    pub role: String,
    pub csrf: String,
    pub is_admin: bool,
}

impl Layout {
    pub fn public(title: impl Into<String>) -> Self {
        Layout {
            title: title.into(),
            user: None,
            role: String::new(),
            csrf: String::new(),
            is_admin: false,
        }
    }

    pub fn signed_in(title: impl Into<String>, page: &PageActor) -> Self {
        Layout {
            title: title.into(),
            user: Some(page.actor.display_name.clone()),
            role: page.actor.role.label().to_owned(),
            csrf: page.csrf.clone(),
            is_admin: page.actor.role == Role::Admin,
        }
    }
}

/// The fields of a multipart form: its text fields, and the uploaded file's name and bytes.
pub struct Upload {
    pub fields: std::collections::HashMap<String, String>,
    pub file_name: String,
    pub content: Vec<u8>,
}

impl Upload {
    pub async fn read(mut multipart: axum::extract::Multipart) -> Result<Self, crate::AppError> {
        let failed = || crate::AppError::invalid("file", "上传失败，请重试");
        let mut upload = Upload {
            fields: std::collections::HashMap::new(),
            file_name: String::new(),
            content: Vec::new(),
        };
        while let Some(field) = multipart.next_field().await.map_err(|_| failed())? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "file" {
                upload.file_name = field.file_name().unwrap_or("upload").to_owned();
                upload.content = field.bytes().await.map_err(|_| failed())?.to_vec();
            } else {
                upload
                    .fields
                    .insert(name, field.text().await.unwrap_or_default());
            }
        }
        Ok(upload)
    }

    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

/// After a form: a redirect to `back` with a fixed notice, or — for a mistake the user can
/// fix — the page again with the message (rendered by `render`).
pub async fn answer_form<P, F>(
    back: &str,
    result: Result<&'static str, crate::AppError>,
    render: F,
) -> Result<axum::response::Response, crate::http::error::PageError>
where
    P: axum::response::IntoResponse,
    F: AsyncFnOnce(String) -> Result<P, crate::http::error::PageError>,
{
    use crate::AppError;
    use axum::response::IntoResponse;
    match result {
        Ok(code) => {
            Ok(axum::response::Redirect::to(&format!("{back}?notice={code}")).into_response())
        }
        Err(err @ (AppError::Invalid { .. } | AppError::Conflict { .. } | AppError::Forbidden)) => {
            let p = crate::http::error::public(&err);
            Ok((p.status, render(p.message).await?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
