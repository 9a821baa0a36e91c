//! What the public may see of an event's live board, set per event by the organiser: which
//! marks count (`confirmed`: in modules the chief judge signed off; `submitted`: all), anonymous
//! mode (blind codes only until results are published), and a freeze time after which the
//! public board stops changing until results are published.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column at a time.
        m.alter_table(
            Table::alter()
                .table(Event::Table)
                .add_column(string_len(Event::LiveMarks, 16).default("confirmed"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Event::Table)
                .add_column(boolean(Event::LiveAnonymous).default(true))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Event::Table)
                .add_column(timestamp_with_time_zone_null(Event::LiveFreezeAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Event::LiveFreezeAt, Event::LiveAnonymous, Event::LiveMarks] {
            m.alter_table(
                Table::alter()
                    .table(Event::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Event {
    Table,
    LiveMarks,
    LiveAnonymous,
    LiveFreezeAt,
}
