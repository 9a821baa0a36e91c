//! Spreadsheet imports held for a preview (导入预览): an uploaded file waits until its uploader
//! has seen what it would do and confirms it. Imports themselves are all-or-nothing (see
//! [`crate::entrants::import`] and [`crate::judging::import`]); this context only keeps the
//! file aside, and only for the one who uploaded it.

use crate::accounts::Actor;
use crate::competitions::{self, access};
use crate::entrants::import::{PreviewRow, import_entrants};
use crate::error::{AppError, AppResult};
use crate::ids::CompetitionId;
use crate::judging::import::import_judges;
use crate::spreadsheet::{RowError, read_table};
use crate::time::now;
use entity::kinds::ImportKind;
use entity::pending_import;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};

/// What a held file would do (or, confirmed, did).
pub struct Outcome {
    pub kind: ImportKind,
    /// Data rows read.
    pub rows: usize,
    /// Entrants or judges the file makes.
    pub units: usize,
    /// Every wrong row with its row and column; nothing is stored while there is one.
    pub errors: Vec<RowError>,
    /// Entrants only: what each row becomes.
    pub preview: Vec<PreviewRow>,
}

/// Keeps an uploaded file aside for its preview; returns the token that names it.
pub async fn hold(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
    kind: ImportKind,
    file_name: String,
    content: Vec<u8>,
) -> AppResult<String> {
    let comp = competitions::find_competition(db, actor, competition_id).await?;
    if !access::can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    if content.is_empty() {
        return Err(AppError::invalid("file", "请选择要导入的文件"));
    }
    let token = crate::accounts::secret::new_secret();
    pending_import::ActiveModel {
        token: Set(token.clone()),
        competition_id: Set(comp.id),
        user_id: Set(actor.user_id.0),
        kind: Set(kind),
        file_name: Set(file_name),
        content: Set(content),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// A held file, for its uploader only; anyone else is answered "not found".
pub async fn find_held(
    db: &impl ConnectionTrait,
    actor: &Actor,
    token: &str,
) -> AppResult<pending_import::Model> {
    pending_import::Entity::find()
        .filter(pending_import::Column::Token.eq(token))
        .filter(pending_import::Column::UserId.eq(actor.user_id.0))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Reads a held file: a preview, or with `commit` the import itself, after which the file is
/// let go (kept while it has errors, so the preview can still be shown).
pub async fn run<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    file: &pending_import::Model,
    commit: bool,
) -> AppResult<Outcome> {
    if commit {
        crate::competitions::status::refuse_if_final(db, file.competition_id, "导入名单").await?;
    }
    let table = read_table(&file.content)?;
    let competition = CompetitionId(file.competition_id);
    let outcome = match file.kind {
        ImportKind::Judges => {
            let r = import_judges(db, actor, competition, &table, commit).await?;
            Outcome {
                kind: file.kind,
                rows: r.rows,
                units: r.judges,
                errors: r.errors,
                preview: Vec::new(),
            }
        }
        ImportKind::Entrants => {
            let r = import_entrants(db, actor, competition, &table, commit).await?;
            Outcome {
                kind: file.kind,
                rows: r.rows,
                units: r.entrants,
                errors: r.errors,
                preview: r.preview,
            }
        }
    };
    if commit && outcome.errors.is_empty() {
        pending_import::Entity::delete_by_id(file.id)
            .exec(db)
            .await?;
    }
    Ok(outcome)
}
