//! 二次加密: an event may have the hall's draw of stations at check-in, separate from the
//! organiser's sealed draw of blind codes. `event.second_draw_seed` is set when it is on: the
//! seed of the hall's draw, recorded (by its hash) when the organiser turns it on and shown in
//! full with the 解密 after the lock.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Event {
    Table,
    SecondDrawSeed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Event::Table)
                .add_column(string_null(Event::SecondDrawSeed))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Event::Table)
                .drop_column(Event::SecondDrawSeed)
                .to_owned(),
        )
        .await
    }
}
