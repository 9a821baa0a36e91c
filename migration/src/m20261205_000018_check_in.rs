//! 检录: when and by whom each entrant was checked in at the hall door. An entrant not checked
//! in by the event's start may be marked 缺赛 (`entrant.status = 'absent'`, a stored code the
//! `EntrantStatus` enum reads; the column is text, so no schema change for it).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Entrant {
    Table,
    CheckedInAt,
    CheckedInBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        m.alter_table(
            Table::alter()
                .table(Entrant::Table)
                .add_column(timestamp_with_time_zone_null(Entrant::CheckedInAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Entrant::Table)
                .add_column(integer_null(Entrant::CheckedInBy))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Entrant::CheckedInBy, Entrant::CheckedInAt] {
            m.alter_table(
                Table::alter()
                    .table(Entrant::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
