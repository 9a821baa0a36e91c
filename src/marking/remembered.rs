//! What the mark writer remembers from one batch to the next: the rows marks are checked
//! against (sessions, events, competitions, aspects, entrants, assignments, sign-offs), which
//! change seldom while marks pour in, and the last hash of each audit chain it appended to.
//!
//! Every batch is one SQLite transaction on the writer's own connection. At its start (the
//! write lock already held, so nobody can commit until it ends) the writer asks
//! `PRAGMA data_version`, which changes exactly when *another* connection — of this process or
//! any other — has committed since the last time this connection asked. The writer's own
//! commits touch only marks and their audit entries, never the remembered rows. So when the
//! version is unchanged the remembered rows are still the database's; when it has changed
//! (an organiser locked an event, a session was ended, a chief judge signed a module off), they
//! are forgotten and read again in that same transaction.
//!
//! The answer is only meaningful on one and the same connection: a temporary table (which lives
//! and dies with its connection) marks the connection the version was read on. Should the pool
//! ever replace the connection, the table is missing, and everything is forgotten.
//!
//! On PostgreSQL, or with no connection of its own, nothing is remembered: every batch reads
//! its rows, as [`super::marks::record_marks`] does for every other caller.

use super::mark_rules::BatchRows;
use crate::error::AppResult;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use std::collections::HashMap;

/// The rows, and the database version they were read at.
#[derive(Default)]
pub(crate) struct Remembered {
    pub rows: BatchRows,
    /// The hash of the last entry of each audit chain this writer appended to: the next entry
    /// points at it. Anyone else appending (a correction decided, a paper sheet typed) commits
    /// on another connection, and it is forgotten.
    pub last_hash: HashMap<i32, String>,
    /// `data_version` when the rows were last known current; `None` until the first batch.
    version: Option<i64>,
    /// Whether to remember at all (the writer has a SQLite connection of its own).
    enabled: bool,
}

/// The temporary table that marks the writer's connection.
const MARKER: &str = "jx_mark_writer";

impl Remembered {
    /// Rows remembered across batches on a SQLite connection used by nobody else.
    pub fn on_own_connection() -> Self {
        Remembered {
            enabled: true,
            ..Default::default()
        }
    }

    /// Nothing remembered: every batch reads its rows.
    pub fn nothing() -> Self {
        Remembered::default()
    }

    /// Called first thing in each batch's transaction: forgets the rows unless nothing but
    /// this connection has written since they were read. Answers whether they were kept.
    pub async fn check(&mut self, txn: &impl ConnectionTrait) -> AppResult<bool> {
        if !self.enabled || txn.get_database_backend() != DatabaseBackend::Sqlite {
            self.forget();
            return Ok(false);
        }
        let row = txn
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Sqlite,
                format!(
                    "SELECT (SELECT count(*) FROM sqlite_temp_master WHERE name = '{MARKER}'), \
                     data_version FROM pragma_data_version()"
                ),
            ))
            .await?;
        let (marked, version) = match row {
            Some(r) => (r.try_get_by_index::<i64>(0)?, r.try_get_by_index::<i64>(1)?),
            None => (0, -1),
        };
        let kept = marked > 0 && self.version == Some(version);
        if marked == 0 {
            // A connection the writer has not used before: whatever it remembers was read on
            // another, whose versions say nothing about this one.
            txn.execute_unprepared(&format!("CREATE TEMP TABLE {MARKER} (x INTEGER)"))
                .await?;
        }
        if !kept {
            self.forget();
        }
        self.version = Some(version);
        Ok(kept)
    }

    /// Forgets every row (after a failed batch, too: nothing is assumed about it).
    pub fn forget(&mut self) {
        self.rows = BatchRows::default();
        self.last_hash.clear();
        self.version = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{begin_write, connect, connect_own};
    use sea_orm::TransactionTrait;

    /// Runs one batch's opening on `own` and answers whether the rows were kept.
    async fn batch(own: &sea_orm::DatabaseConnection, remembered: &mut Remembered) -> bool {
        let txn = begin_write(own).await.unwrap();
        let kept = remembered.check(&txn).await.unwrap();
        txn.commit().await.unwrap();
        kept
    }

    async fn write(db: &sea_orm::DatabaseConnection, name: &str) {
        let txn = db.begin().await.unwrap();
        txn.execute_unprepared(&format!("INSERT INTO scratch (x) VALUES ('{name}')"))
            .await
            .unwrap();
        txn.commit().await.unwrap();
    }

    /// A database file with a table to write to, and a connection of the shared pool.
    async fn database() -> (tempfile::TempDir, String, sea_orm::DatabaseConnection) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("r.db").display());
        let shared = connect(&url).await.unwrap();
        shared
            .execute_unprepared("CREATE TABLE scratch (x TEXT)")
            .await
            .unwrap();
        (dir, url, shared)
    }

    #[tokio::test]
    async fn rows_are_kept_only_while_nobody_else_writes() {
        let (_dir, url, shared) = database().await;
        let own = connect_own(&url).await.unwrap().expect("a SQLite file");
        let mut remembered = Remembered::on_own_connection();

        assert!(
            !batch(&own, &mut remembered).await,
            "nothing to keep at first"
        );
        assert!(batch(&own, &mut remembered).await, "nobody wrote");
        // The writer's own writes do not count: it knows what it wrote.
        write(&own, "本连接").await;
        assert!(batch(&own, &mut remembered).await);
        // Another connection of the process commits: forgotten, then kept again.
        write(&shared, "他人").await;
        assert!(!batch(&own, &mut remembered).await);
        assert!(batch(&own, &mut remembered).await);
        // Another process (a connection of its own on the same file) commits.
        let other = connect_own(&url).await.unwrap().unwrap();
        write(&other, "另一进程").await;
        assert!(!batch(&own, &mut remembered).await);
        // A failed batch forgets.
        remembered.forget();
        assert!(!batch(&own, &mut remembered).await);
        assert!(batch(&own, &mut remembered).await);

        // Without a connection of its own nothing is remembered.
        let mut nothing = Remembered::nothing();
        assert!(!batch(&own, &mut nothing).await);
        assert!(!batch(&own, &mut nothing).await);
    }

    #[tokio::test]
    async fn a_replaced_connection_forgets() {
        let (_dir, url, _shared) = database().await;
        let mut remembered = Remembered::on_own_connection();
        let first = connect_own(&url).await.unwrap().unwrap();
        assert!(!batch(&first, &mut remembered).await);
        assert!(batch(&first, &mut remembered).await);
        // A new connection starts its own count: its version may equal the old one's, and says
        // nothing about it. The missing marker table tells.
        let second = connect_own(&url).await.unwrap().unwrap();
        assert!(!batch(&second, &mut remembered).await);
        assert!(batch(&second, &mut remembered).await);
    }
}
