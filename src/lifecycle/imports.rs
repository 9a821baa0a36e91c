//! Spreadsheet imports held for a preview (导入预览): an uploaded file waits until its uploader
//! has seen what it would do and confirms it. Imports themselves are all-or-nothing (see
//! [`crate::entrants::import`] and [`crate::judging::import`]); this context only keeps the
//! file aside, and only for the one who uploaded it.

use crate::accounts::Actor;
use crate::competitions::{self, access};
use crate::entrants::import::PreviewRow;
use crate::error::{AppError, AppResult};
use crate::judging::import::import_judges;
use crate::spreadsheet::{RowError, read_table};
use crate::time::now;
use entity::CompetitionId;
use entity::kinds::ImportKind;
use entity::pending_import;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionSession, TransactionTrait,
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

/// How long a held file waits for its uploader to confirm it: an organiser looks at a preview
/// and confirms within minutes; two hours covers a meeting in between.
pub const HOLD_FOR: chrono::Duration = chrono::Duration::hours(2);
/// Files one account may hold at once, and their bytes together. A new upload lets go of the
/// account's oldest held files until it fits: uploading the corrected file again is the usual
/// way, and it should never be refused for an older preview nobody will confirm.
pub const HELD_FILES_PER_ACCOUNT: usize = 3;
pub const HELD_BYTES_PER_ACCOUNT: usize = 40 * 1024 * 1024;

/// Keeps an uploaded file aside for its preview; returns the token that names it.
pub async fn hold<C: ConnectionTrait + TransactionTrait>(
    db: &C,
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
    let token = crate::secret::new_secret();
    let txn = crate::db::begin_write(db).await?;
    make_room(&txn, actor, content.len()).await?;
    pending_import::ActiveModel {
        token: Set(token.clone()),
        competition_id: Set(comp.id),
        user_id: Set(actor.user_id),
        kind: Set(kind),
        file_name: Set(file_name),
        content: Set(content),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// Lets go of the account's oldest held files until one more of `incoming` bytes fits.
async fn make_room(db: &impl ConnectionTrait, actor: &Actor, incoming: usize) -> AppResult<()> {
    let held: Vec<(i32, i64)> = pending_import::Entity::find()
        .select_only()
        .column(pending_import::Column::Id)
        .column_as(Expr::cust("CAST(length(content) AS BIGINT)"), "bytes")
        .filter(pending_import::Column::UserId.eq(actor.user_id))
        .order_by_desc(pending_import::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let (mut files, mut bytes) = (1, incoming);
    let mut let_go = Vec::new();
    for (id, size) in held {
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        if files < HELD_FILES_PER_ACCOUNT && bytes.saturating_add(size) <= HELD_BYTES_PER_ACCOUNT {
            files += 1;
            bytes += size;
        } else {
            let_go.push(id);
        }
    }
    if !let_go.is_empty() {
        pending_import::Entity::delete_many()
            .filter(pending_import::Column::Id.is_in(let_go))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Deletes every held file older than [`HOLD_FOR`]; returns how many.
pub async fn expire(db: &impl ConnectionTrait) -> AppResult<u64> {
    Ok(pending_import::Entity::delete_many()
        .filter(pending_import::Column::CreatedAt.lt(now() - HOLD_FOR))
        .exec(db)
        .await?
        .rows_affected)
}

/// Expires held files every ten minutes, for as long as the database is there.
pub fn expire_in_background(db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            match expire(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(files = n, "expired import previews"),
                Err(e) => {
                    tracing::warn!(error = %e, "expiring import previews");
                    if db.ping().await.is_err() {
                        return;
                    }
                }
            }
        }
    });
}

/// A held file, for its uploader only; anyone else is answered "not found".
pub async fn find_held(
    db: &impl ConnectionTrait,
    actor: &Actor,
    token: &str,
) -> AppResult<pending_import::Model> {
    pending_import::Entity::find()
        .filter(pending_import::Column::Token.eq(token))
        .filter(pending_import::Column::UserId.eq(actor.user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
        .and_then(|f| {
            if f.created_at > now() - HOLD_FOR {
                Ok(f)
            } else {
                Err(AppError::invalid(
                    "file",
                    "导入预览已过期（保留 2 小时），请重新上传文件",
                ))
            }
        })
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
    let competition = file.competition_id;
    let kind = match file.kind {
        ImportKind::Judges => "judges",
        ImportKind::Entrants => "entrants",
    };
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
            let checked = crate::entrants::import::check(db, actor, competition, &table).await?;
            let r = if commit {
                checked.commit(db, actor).await?
            } else {
                checked.report
            };
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
    crate::metrics::import_done(
        kind,
        match (commit, outcome.errors.is_empty()) {
            (_, false) => "refused",
            (true, true) => "committed",
            (false, true) => "preview",
        },
    );
    Ok(outcome)
}
