//! A team award's certificate names the team: `certificate.team_name` keeps the team's name as
//! it was printed (a team renamed later does not change a certificate already given).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Certificate {
    Table,
    TeamName,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Certificate::Table)
                .add_column(string_null(Certificate::TeamName))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Certificate::Table)
                .drop_column(Certificate::TeamName)
                .to_owned(),
        )
        .await
    }
}
