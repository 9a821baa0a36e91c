//! Failed sign-in and judge-code attempts, counted per client address and per account name, so
//! that guessing is slowed down without locking the owner out. Kept in the database (not in
//! memory) so that every server process sees the same counts and `jiangxin admin unlock` can
//! clear them from the command line.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AttemptThrottle::Table)
                // `login-address:203.0.113.7`, `login-account:admin`, `judge-code-address:…`
                .col(string_len(AttemptThrottle::Key, 200).primary_key())
                .col(integer(AttemptThrottle::Failures))
                .col(timestamp_with_time_zone(AttemptThrottle::FirstFailureAt))
                .col(timestamp_with_time_zone(AttemptThrottle::LastFailureAt))
                .col(timestamp_with_time_zone_null(AttemptThrottle::WaitUntil))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("attempt_throttle_last_failure_idx")
                .table(AttemptThrottle::Table)
                .col(AttemptThrottle::LastFailureAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AttemptThrottle::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AttemptThrottle {
    Table,
    Key,
    Failures,
    FirstFailureAt,
    LastFailureAt,
    WaitUntil,
}
