//! 纸质评分表录入: each cell of a judge's filled paper sheet as two clerks typed it. The first
//! entry waits for the second; agreeing values go into the marks (channel `paper`), the rest wait
//! for the chief judge, who decides them against the sheet.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PaperEntry {
    Table,
    Id,
    EventId,
    JudgeId,
    EntrantId,
    AspectId,
    FirstValue,
    FirstBy,
    FirstAt,
    SecondValue,
    SecondBy,
    SecondAt,
    State,
    DecidedValue,
    DecidedBy,
    DecidedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PaperEntry::Table)
                .if_not_exists()
                .col(pk_auto(PaperEntry::Id))
                .col(integer(PaperEntry::EventId))
                .col(integer(PaperEntry::JudgeId))
                .col(integer(PaperEntry::EntrantId))
                .col(integer(PaperEntry::AspectId))
                .col(big_integer(PaperEntry::FirstValue))
                .col(integer(PaperEntry::FirstBy))
                .col(timestamp_with_time_zone(PaperEntry::FirstAt))
                .col(big_integer_null(PaperEntry::SecondValue))
                .col(integer_null(PaperEntry::SecondBy))
                .col(timestamp_with_time_zone_null(PaperEntry::SecondAt))
                .col(string_len(PaperEntry::State, 16))
                .col(big_integer_null(PaperEntry::DecidedValue))
                .col(integer_null(PaperEntry::DecidedBy))
                .col(timestamp_with_time_zone_null(PaperEntry::DecidedAt))
                .to_owned(),
        )
        .await?;
        // One row per cell of a judge's sheet: a second clerk's entry completes it.
        m.create_index(
            Index::create()
                .name("paper_entry_cell_idx")
                .table(PaperEntry::Table)
                .col(PaperEntry::JudgeId)
                .col(PaperEntry::EntrantId)
                .col(PaperEntry::AspectId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("paper_entry_event_idx")
                .table(PaperEntry::Table)
                .col(PaperEntry::EventId)
                .col(PaperEntry::State)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PaperEntry::Table).to_owned())
            .await
    }
}
