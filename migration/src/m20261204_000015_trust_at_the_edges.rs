//! Serial numbers handed out atomically. Case numbers, entry numbers (参赛证号), certificate
//! serials, result version numbers and title certificate numbers were taken by reading the
//! largest so far: on PostgreSQL two filings at the same instant read the same largest and the
//! second failed on the unique index (24 objections filed together: 21 refused).
//!
//! - `serial_counter`: one row per scope (`case:7`, `entry_no:12`, …), the last number handed
//!   out. Taking a number is one upsert that returns it; the row stays locked until the
//!   transaction that took it ends, so takers of one scope queue and none gets the same number.
//!   A number taken by a transaction that rolls back is not handed out again (a gap, as in
//!   any sequence): numbers are never reused, not even after a deletion.
//! - `certificate_pickup.code` holds 16 characters: a 领取码 is now 12 (55.7 bits), long enough
//!   that no entry needs locking against guesses. Codes already handed out keep working.
//! - `certificate.revoked_code`: why a certificate was revoked, from a short list (作废原因);
//!   the public is told this, never the organiser's own words (`revoked_reason`, kept inside).
//! - Organisations named 总工会 recorded as agencies become `trade_union`: clause 17 gives the
//!   federation of trade unions its own part in conferring titles (see `awards::access`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SerialCounter::Table)
                .col(string_len(SerialCounter::Scope, 100).primary_key())
                .col(integer(SerialCounter::Last))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Certificate::Table)
                .add_column(string_len_null(Certificate::RevokedCode, 32))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE organisation SET kind = 'trade_union' \
                 WHERE kind = 'agency' AND name LIKE '%总工会%'",
            )
            .await?;
        if m.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    "ALTER TABLE certificate_pickup ALTER COLUMN code TYPE varchar(16)",
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Certificate::Table)
                .drop_column(Certificate::RevokedCode)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(SerialCounter::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SerialCounter {
    Table,
    Scope,
    Last,
}

#[derive(DeriveIden)]
enum Certificate {
    Table,
    RevokedCode,
}
