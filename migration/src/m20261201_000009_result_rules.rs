//! Result rules (成绩规则): how an event's results are ranked, which awards its placings earn and
//! which honours they bring. One row per competition holds the competition's default (no event);
//! a row with an event overrides it for that event. The rules are one JSON document, checked by
//! the application, like the marking scheme's exchange format.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ResultRules::Table)
                .col(pk_auto(ResultRules::Id))
                .col(integer(ResultRules::CompetitionId))
                .col(integer_null(ResultRules::EventId))
                .col(text(ResultRules::Doc))
                .col(timestamp_with_time_zone(ResultRules::UpdatedAt))
                .col(integer_null(ResultRules::UpdatedBy))
                .foreign_key(
                    ForeignKey::create()
                        .from(ResultRules::Table, ResultRules::CompetitionId)
                        .to(Competition::Table, Competition::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ResultRules::Table, ResultRules::EventId)
                        .to(Event::Table, Event::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("result_rules_competition_idx")
                .table(ResultRules::Table)
                .col(ResultRules::CompetitionId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ResultRules::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ResultRules {
    Table,
    Id,
    CompetitionId,
    EventId,
    Doc,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum Competition {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
}
