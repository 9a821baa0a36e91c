//! Backup and restore of the embedded SQLite database, while judges mark.
//!
//! The copy is SQLite's own `VACUUM INTO`: one read transaction, so the copy is the database
//! as of one instant (every mark acknowledged before it began is in it, none half-written),
//! and in WAL mode a reader never blocks the writer: marks keep being acknowledged while it
//! runs. The copy is then checked as a restore would need it: `integrity_check`, the marks'
//! audit chain walked end to end, and the rows counted.
//!
//! PostgreSQL has its own tools: `pg_dump -Fc` for the copy and `pg_restore` to bring it back
//! (README, 备份与恢复).

use crate::db::{Backend, sqlite_path};
use crate::error::{AppError, AppResult};
use crate::marking::audit_chain;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The tables counted in a report: what an organiser would miss first.
const COUNTED: [(&str, &str); 8] = [
    ("mark", "分数"),
    ("mark_audit", "评分审计"),
    ("entrant", "选手"),
    ("judge", "裁判"),
    ("result_version", "成绩版本"),
    ("certificate", "证书"),
    ("reward_line", "奖补明细"),
    ("audit_entry", "操作审计"),
];

/// What a checked copy holds.
#[derive(Clone, Debug)]
pub struct Checked {
    /// (table, label, rows)
    pub rows: Vec<(&'static str, &'static str, i64)>,
    pub audit_entries: usize,
    pub bytes: u64,
}

/// A backup made and checked.
#[derive(Clone, Debug)]
pub struct Made {
    pub path: PathBuf,
    /// How long the copy's read transaction lasted (writers are not held up by it in WAL mode).
    pub copy: Duration,
    pub checked: Checked,
}

fn sqlite_file(url: &str) -> AppResult<PathBuf> {
    match Backend::of(url) {
        Some(Backend::Sqlite) => sqlite_path(url).ok_or_else(|| {
            AppError::invalid(
                "database_url",
                "须是 SQLite 数据库文件，如 sqlite://data/jiangxin.db",
            )
        }),
        Some(Backend::Postgres) => Err(AppError::invalid(
            "database_url",
            "PostgreSQL 请用 pg_dump -Fc 备份、pg_restore 恢复（见 README“备份与恢复”）",
        )),
        None => Err(AppError::invalid(
            "database_url",
            "数据库地址应以 sqlite: 或 postgres:// 开头",
        )),
    }
}

fn text(path: &Path) -> String {
    path.display().to_string().replace('\'', "''")
}

/// Copies the live database at `database_url` to `out` (which must not exist) and checks the
/// copy. The server may be running and judges marking.
pub async fn backup(db: &DatabaseConnection, database_url: &str, out: &Path) -> AppResult<Made> {
    sqlite_file(database_url)?;
    if out.exists() {
        return Err(AppError::invalid(
            "out",
            format!(
                "{} 已存在：备份不覆盖已有文件，请换一个文件名",
                out.display()
            ),
        ));
    }
    if let Some(folder) = out.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|e| AppError::invalid("out", format!("无法创建 {}: {e}", folder.display())))?;
    }
    let started = Instant::now();
    db.execute_unprepared(&format!("VACUUM INTO '{}'", text(out)))
        .await?;
    let copy = started.elapsed();
    let checked = check(out).await?;
    Ok(Made {
        path: out.to_owned(),
        copy,
        checked,
    })
}

/// Opens a copy read-only and checks it: SQLite's integrity check, the audit chain of marks,
/// the rows of the main tables. A copy that fails is refused, naming why.
pub async fn check(file: &Path) -> AppResult<Checked> {
    if !file.is_file() {
        return Err(AppError::invalid(
            "from",
            format!("找不到备份文件 {}", file.display()),
        ));
    }
    let url = format!("sqlite://{}?mode=ro", file.display());
    let copy = sea_orm::Database::connect(&url).await?;
    let backend = copy.get_database_backend();
    let ok = copy
        .query_one_raw(Statement::from_string(backend, "PRAGMA integrity_check"))
        .await?
        .and_then(|row| row.try_get_by_index::<String>(0).ok())
        .unwrap_or_default();
    if ok != "ok" {
        return Err(AppError::invalid(
            "from",
            format!("备份文件已损坏（integrity_check: {ok}）"),
        ));
    }
    let verified = audit_chain::verify(&copy).await?;
    if let Some(b) = verified.first_break {
        return Err(AppError::invalid(
            "from",
            format!("备份中的评分审计链不完整：{b:?}"),
        ));
    }
    let mut rows = Vec::new();
    for (table, label) in COUNTED {
        let n = copy
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) FROM {table}"),
            ))
            .await?
            .and_then(|row| row.try_get_by_index::<i64>(0).ok())
            .unwrap_or_default();
        rows.push((table, label, n));
    }
    copy.close().await?;
    Ok(Checked {
        rows,
        audit_entries: verified.entries,
        bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or_default(),
    })
}

/// Brings a server's database back from a checked copy. The server must be stopped. The file
/// in the way is never deleted: it (and its WAL) is moved aside as `….before-restore-<time>`.
/// Answers where the old file went, if there was one, and what the restored database holds.
pub async fn restore(from: &Path, database_url: &str) -> AppResult<(Option<PathBuf>, Checked)> {
    let target = sqlite_file(database_url)?;
    check(from).await?;
    let mut kept = None;
    if target.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S");
        let aside = PathBuf::from(format!("{}.before-restore-{stamp}", target.display()));
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", target.display()));
            if file.exists() {
                std::fs::rename(&file, format!("{}{suffix}", aside.display())).map_err(|e| {
                    AppError::invalid("database_url", format!("无法移开 {}: {e}", file.display()))
                })?;
            }
        }
        kept = Some(aside);
    }
    if let Some(folder) = target.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| {
            AppError::invalid(
                "database_url",
                format!("无法创建 {}: {e}", folder.display()),
            )
        })?;
    }
    // Copied beside, then renamed into place: a restore cut short leaves no half a database.
    let partial = PathBuf::from(format!("{}.restoring", target.display()));
    std::fs::copy(from, &partial)
        .map_err(|e| AppError::invalid("from", format!("无法读取 {}: {e}", from.display())))?;
    std::fs::rename(&partial, &target).map_err(|e| {
        AppError::invalid(
            "database_url",
            format!("无法写入 {}: {e}", target.display()),
        )
    })?;
    // A copy from an older version gets the newer tables and columns now, not at first use.
    let db = crate::db::connect(database_url).await?;
    crate::db::migrate(&db).await?;
    db.close().await?;
    let checked = check(&target).await?;
    Ok((kept, checked))
}
