//! 彩排: a rehearsal competition copies a real one's setup so the venue's tablets, screens and
//! Wi-Fi can be tried before the day, and is removed whole afterwards.
//!
//! - `competition.rehearsal_of`: the real competition a rehearsal copies (`NULL` for a real one).
//! - `mark_audit.chain`: which hash chain an entry is on. `0` is the record; a rehearsal's marks
//!   chain on their own (the rehearsal competition's id), so removing a rehearsal leaves the
//!   record's chain whole, entry for entry.
//! - `achievement.source_key` holds up to 400 characters: an entered achievement's key joins
//!   its item, holder, day, series (≤ 80) and description (≤ 200), which could pass 200 and
//!   failed on PostgreSQL. (SQLite keeps any length.)

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Competition::Table)
                .add_column(integer_null(Competition::RehearsalOf))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(MarkAudit::Table)
                .add_column(integer(MarkAudit::Chain).default(0))
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    "ALTER TABLE achievement ALTER COLUMN source_key TYPE varchar(400)",
                )
                .await?;
        }
        // The next entry's predecessor is the last of its chain.
        m.create_index(
            Index::create()
                .name("mark_audit_chain_id")
                .table(MarkAudit::Table)
                .col(MarkAudit::Chain)
                .col(MarkAudit::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("mark_audit_chain_id")
                .table(MarkAudit::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(MarkAudit::Table)
                .drop_column(MarkAudit::Chain)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Competition::Table)
                .drop_column(Competition::RehearsalOf)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Competition {
    Table,
    RehearsalOf,
}

#[derive(DeriveIden)]
enum MarkAudit {
    Table,
    Chain,
    Id,
}
