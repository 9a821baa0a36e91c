//! Serial numbers (case numbers, 参赛证号, certificate serials, result versions, title
//! certificates) taken atomically from a counter row per scope, inside the caller's write
//! transaction: see migration `m20261204_000015_serial_counters` for why.

use crate::error::AppResult;
use sea_orm::{ConnectionTrait, Statement};

/// Reserves `count` consecutive numbers in `scope` and returns the first. `floor` is the largest
/// number already used in the table the scope numbers (read by the caller): a scope's first
/// use starts above it, so rows stored before the counter existed are never numbered again.
///
/// One statement on both databases (an upsert with `RETURNING`); on PostgreSQL the counter's
/// row stays locked until the caller's transaction ends, so a second taker waits and then
/// reads the first one's number.
pub async fn reserve(
    txn: &impl ConnectionTrait,
    scope: &str,
    floor: i32,
    count: i32,
) -> AppResult<i32> {
    let count = count.max(1);
    let backend = txn.get_database_backend();
    let sql = "INSERT INTO serial_counter (scope, last) VALUES ($1, $2) \
               ON CONFLICT (scope) DO UPDATE SET last = CASE \
                 WHEN serial_counter.last >= $3 THEN serial_counter.last + $4 \
                 ELSE $2 END \
               RETURNING last";
    // SQLite numbers its parameters ?1, ?2; PostgreSQL $1, $2.
    let sql = match backend {
        sea_orm::DatabaseBackend::Sqlite => sql.replace('$', "?"),
        _ => sql.to_owned(),
    };
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                scope.into(),
                (floor + count).into(),
                floor.into(),
                count.into(),
            ],
        ))
        .await?
        .ok_or_else(|| crate::AppError::Internal("serial counter returned nothing".into()))?;
    let last: i32 = row.try_get("", "last")?;
    Ok(last - count + 1)
}

/// The next number in `scope`.
pub async fn next(txn: &impl ConnectionTrait, scope: &str, floor: i32) -> AppResult<i32> {
    reserve(txn, scope, floor, 1).await
}
