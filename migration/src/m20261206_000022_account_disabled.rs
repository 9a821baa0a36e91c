//! An administrator may disable an account (a person who left, a leaked password): the account
//! keeps its history and its name, signs in no more, and its sessions and API tokens stop
//! working at once. `app_user.disabled_at` says since when; empty for an account in use.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    DisabledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(AppUser::Table)
                .add_column(timestamp_with_time_zone_null(AppUser::DisabledAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(AppUser::Table)
                .drop_column(AppUser::DisabledAt)
                .to_owned(),
        )
        .await
    }
}
