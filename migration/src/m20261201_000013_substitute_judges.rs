//! 替补裁判: a judge who marks only the entrants a whole panel had to stay away from (回避),
//! in that panel's place. A substitute is not counted in the panel's size, so the scheme's
//! aggregation (a single judge, a trimmed mean of five) stays as it was.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Judge::Table)
                .add_column(boolean(Judge::Substitute).default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Judge::Table)
                .drop_column(Judge::Substitute)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Judge {
    Table,
    Substitute,
}
