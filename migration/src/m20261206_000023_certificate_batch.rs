//! Certificate batches live in the database, not in one server's memory: any server behind
//! the load balancer shows a batch's progress and serves its zip, and a server that stops
//! halfway loses nothing (another, or itself on restart, takes the batch over once its lease
//! has run out).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CertificateBatch {
    Table,
    Id,
    CompetitionId,
    Organisation,
    StartedBy,
    FileName,
    BatchDate,
    BaseUrl,
    Total,
    Done,
    State,
    Error,
    Zip,
    LeaseUntil,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CertificateBatch::Table)
                .col(pk_auto(CertificateBatch::Id))
                .col(integer(CertificateBatch::CompetitionId))
                .col(string_null(CertificateBatch::Organisation))
                .col(integer(CertificateBatch::StartedBy))
                .col(string(CertificateBatch::FileName))
                .col(date(CertificateBatch::BatchDate))
                .col(string(CertificateBatch::BaseUrl))
                .col(integer(CertificateBatch::Total))
                .col(integer(CertificateBatch::Done))
                .col(string_len(CertificateBatch::State, 16))
                .col(text_null(CertificateBatch::Error))
                .col(blob_null(CertificateBatch::Zip))
                .col(timestamp_with_time_zone_null(CertificateBatch::LeaseUntil))
                .col(timestamp_with_time_zone(CertificateBatch::CreatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CertificateBatch::Table).to_owned())
            .await
    }
}
