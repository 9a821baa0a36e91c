//! A tablet's snapshot reads one judge's share of an event's audit trail. With only the
//! event's trail index to go by, SQLite walked the whole event's trail for it: 16 ms for a
//! judge at 44,000 entries, and 200 tablets reconnecting at once (the hall's Wi-Fi comes back)
//! kept both cores busy for seconds while marks waited (`benches/judge_load.rs`: CPU per mark
//! grew from 283 to 484 µs over six runs, acks stalled up to 180 ms). This index holds every
//! column that query reads, the judge second: the share is read from the index alone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MarkAudit {
    Table,
    Id,
    EventId,
    EntrantId,
    AspectId,
    JudgeId,
    NewValue,
    Device,
    Reason,
}

const NAME: &str = "mark_audit_event_judge_trail_idx";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(NAME)
                .table(MarkAudit::Table)
                .col(MarkAudit::EventId)
                .col(MarkAudit::JudgeId)
                .col(MarkAudit::EntrantId)
                .col(MarkAudit::Id)
                .col(MarkAudit::AspectId)
                .col(MarkAudit::NewValue)
                .col(MarkAudit::Device)
                .col(MarkAudit::Reason)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(NAME).to_owned()).await
    }
}
