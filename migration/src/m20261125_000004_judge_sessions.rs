//! Judges sign in on shared tablets with one-time codes; each tablet then holds a judge session
//! that the organiser can end at once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(JudgeCode::Table)
                .col(pk_auto(JudgeCode::Id))
                .col(integer(JudgeCode::JudgeId))
                .col(string_len_uniq(JudgeCode::CodeHash, 64))
                .col(integer_null(JudgeCode::IssuedBy))
                .col(timestamp_with_time_zone(JudgeCode::CreatedAt))
                .col(timestamp_with_time_zone(JudgeCode::ExpiresAt))
                .col(timestamp_with_time_zone_null(JudgeCode::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(JudgeCode::Table, JudgeCode::JudgeId)
                        .to(Judge::Table, Judge::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(JudgeSession::Table)
                .col(string_len(JudgeSession::Id, 64).primary_key())
                .col(integer(JudgeSession::JudgeId))
                .col(string_len_null(JudgeSession::Device, 128))
                .col(timestamp_with_time_zone(JudgeSession::CreatedAt))
                .col(timestamp_with_time_zone(JudgeSession::ExpiresAt))
                .col(timestamp_with_time_zone_null(JudgeSession::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(JudgeSession::Table, JudgeSession::JudgeId)
                        .to(Judge::Table, Judge::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("judge_session_judge_idx")
                .table(JudgeSession::Table)
                .col(JudgeSession::JudgeId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(JudgeSession::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(JudgeCode::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Judge {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum JudgeCode {
    Table,
    Id,
    JudgeId,
    CodeHash,
    IssuedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum JudgeSession {
    Table,
    Id,
    JudgeId,
    Device,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}
