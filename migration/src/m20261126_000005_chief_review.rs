//! The chief judge's review: module sign-offs, accepted spreads, and corrections after lock.
//!
//! Also two indexes the audit trail lacked: a tablet's snapshot reads one judge's entries, and
//! the progress matrix reads one event's.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ModuleSignOff::Table)
                .col(pk_auto(ModuleSignOff::Id))
                .col(integer(ModuleSignOff::EventId))
                .col(integer_uniq(ModuleSignOff::ModuleId))
                .col(integer(ModuleSignOff::JudgeId))
                .col(timestamp_with_time_zone(ModuleSignOff::SignedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ModuleSignOff::Table, ModuleSignOff::EventId)
                        .to(Event::Table, Event::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ModuleSignOff::Table, ModuleSignOff::ModuleId)
                        .to(SchemeModule::Table, SchemeModule::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ModuleSignOff::Table, ModuleSignOff::JudgeId)
                        .to(Judge::Table, Judge::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SpreadAcceptance::Table)
                .col(pk_auto(SpreadAcceptance::Id))
                .col(integer(SpreadAcceptance::EventId))
                .col(integer(SpreadAcceptance::EntrantId))
                .col(integer(SpreadAcceptance::AspectId))
                .col(integer(SpreadAcceptance::JudgeId))
                .col(integer(SpreadAcceptance::Seq))
                .col(timestamp_with_time_zone(SpreadAcceptance::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(SpreadAcceptance::Table, SpreadAcceptance::EventId)
                        .to(Event::Table, Event::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("spread_acceptance_key")
                .table(SpreadAcceptance::Table)
                .col(SpreadAcceptance::EntrantId)
                .col(SpreadAcceptance::AspectId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MarkCorrection::Table)
                .col(pk_auto(MarkCorrection::Id))
                .col(integer(MarkCorrection::EventId))
                .col(integer(MarkCorrection::EntrantId))
                .col(integer(MarkCorrection::AspectId))
                .col(integer(MarkCorrection::JudgeId))
                .col(string_len_uniq(MarkCorrection::OpId, 64))
                .col(big_integer_null(MarkCorrection::OldValue))
                .col(big_integer(MarkCorrection::NewValue))
                .col(text(MarkCorrection::Reason))
                .col(string_len_null(MarkCorrection::Device, 64))
                .col(timestamp_with_time_zone(MarkCorrection::RequestedAt))
                .col(string_len(MarkCorrection::Status, 16))
                .col(integer_null(MarkCorrection::DecidedBy))
                .col(timestamp_with_time_zone_null(MarkCorrection::DecidedAt))
                .col(text_null(MarkCorrection::DecisionNote))
                .col(integer_null(MarkCorrection::AuditId))
                .foreign_key(
                    ForeignKey::create()
                        .from(MarkCorrection::Table, MarkCorrection::EventId)
                        .to(Event::Table, Event::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(MarkCorrection::Table, MarkCorrection::JudgeId)
                        .to(Judge::Table, Judge::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("mark_correction_event_idx")
                .table(MarkCorrection::Table)
                .col(MarkCorrection::EventId)
                .col(MarkCorrection::Status)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("mark_audit_judge_idx")
                .table(MarkAudit::Table)
                .col(MarkAudit::JudgeId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("mark_audit_event_idx")
                .table(MarkAudit::Table)
                .col(MarkAudit::EventId)
                .col(MarkAudit::EntrantId)
                .col(MarkAudit::AspectId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("mark_audit_event_idx").to_owned())
            .await?;
        m.drop_index(Index::drop().name("mark_audit_judge_idx").to_owned())
            .await?;
        m.drop_table(Table::drop().table(MarkCorrection::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SpreadAcceptance::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ModuleSignOff::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Judge {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SchemeModule {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MarkAudit {
    Table,
    EventId,
    EntrantId,
    AspectId,
    JudgeId,
}

#[derive(DeriveIden)]
enum ModuleSignOff {
    Table,
    Id,
    EventId,
    ModuleId,
    JudgeId,
    SignedAt,
}

#[derive(DeriveIden)]
enum SpreadAcceptance {
    Table,
    Id,
    EventId,
    EntrantId,
    AspectId,
    JudgeId,
    Seq,
    At,
}

#[derive(DeriveIden)]
enum MarkCorrection {
    Table,
    Id,
    EventId,
    EntrantId,
    AspectId,
    JudgeId,
    OpId,
    OldValue,
    NewValue,
    Reason,
    Device,
    RequestedAt,
    Status,
    DecidedBy,
    DecidedAt,
    DecisionNote,
    AuditId,
}
