//! Server-rendered pages in Chinese: the public front page, sign-in, and the admin pages.

mod admin;
mod awards;
pub(crate) mod bars;
mod cases;
mod certificates;
mod check_in;
mod competition;
mod consistency;
mod entrants;
mod event;
mod event_progress;
mod event_rows;
mod histogram;
mod home;
mod imports;
pub(crate) mod judge;
mod judges;
mod live;
mod login;
mod notice;
mod organisations;
mod paper;
mod paper_entry;
mod pickup;
mod theory;
pub(crate) use pickup::paced;
mod publicity;
mod registration;
mod result_sheets;
mod results;
mod review;
mod schemes;
mod standings;
mod status_confirm;
mod tokens;
mod unblinding;
mod users;

use super::auth::PageActor;
use crate::state::AppState;
use axum::Router;
use entity::kinds::Role;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(entrants::router())
        .merge(judges::router())
        .merge(schemes::router())
        .merge(paper::router())
        .merge(paper_entry::router())
        .merge(unblinding::router())
        .merge(consistency::router())
        .merge(publicity::router())
        .merge(registration::router())
        .merge(results::router())
        .merge(result_sheets::router())
        .merge(cases::router())
        .merge(certificates::router())
        .merge(awards::router())
        .merge(pickup::router())
        .merge(home::router())
        .merge(login::router())
        .merge(admin::router())
        .merge(organisations::router())
        .merge(competition::router())
        .merge(status_confirm::router())
        .merge(event::router())
        .merge(imports::router())
        .merge(check_in::router())
        .merge(theory::router())
        .merge(judge::router())
        .merge(review::router())
        .merge(standings::router())
        .merge(live::router())
        .merge(tokens::router())
        .merge(users::router())
}

/// What every page's frame needs: the title, who is signed in, and the CSRF token for the
/// sign-out form.
pub struct Layout {
    pub title: String,
    pub user: Option<String>,
    pub role: String,
    pub csrf: String,
    pub is_admin: bool,
    /// A team leader or an arbitrator: only the cases are theirs.
    pub case_only: bool,
    /// An award officer or the administrator: the awards module.
    pub awards: bool,
    /// A 领队: registers the unit's people.
    pub leader: bool,
}

impl Layout {
    pub fn public(title: impl Into<String>) -> Self {
        Layout {
            title: title.into(),
            user: None,
            role: String::new(),
            csrf: String::new(),
            is_admin: false,
            case_only: false,
            awards: false,
            leader: false,
        }
    }

    pub fn signed_in(title: impl Into<String>, page: &PageActor) -> Self {
        Layout {
            title: title.into(),
            user: Some(page.actor.display_name.clone()),
            role: page.actor.role.label().to_owned(),
            csrf: page.csrf.clone(),
            is_admin: page.actor.role == Role::Admin,
            case_only: matches!(page.actor.role, Role::TeamLeader | Role::Arbitrator),
            awards: crate::awards::access::can_use_awards(&page.actor),
            leader: page.actor.role == Role::TeamLeader,
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
            crate::limits::plain_text(&name, "参数名")?;
            if name == "file" {
                upload.file_name = field.file_name().unwrap_or("upload").to_owned();
                crate::limits::plain_text(&upload.file_name, "文件名")?;
                upload.content = field.bytes().await.map_err(|_| failed())?.to_vec();
            } else {
                let text = field.text().await.unwrap_or_default();
                crate::limits::plain_text(&text, &name)?;
                upload.fields.insert(name, text);
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
