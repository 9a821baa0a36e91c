//! Marks and their audit trail.
//!
//! `mark` holds each judge's current mark per entrant and aspect. `mark_audit` is append-only:
//! every change (who, which device, when, old value, new value, reason) with a hash chain, so an
//! altered or removed entry is found by `jiangxin audit verify`. A client-made `op_id` is unique
//! in the trail, so a mark sent twice is stored once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Event::Table)
                .add_column(timestamp_with_time_zone_null(Event::MarksLockedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Mark::Table)
                .col(pk_auto(Mark::Id))
                .col(integer(Mark::EventId))
                .col(integer(Mark::EntrantId))
                .col(integer(Mark::AspectId))
                .col(integer(Mark::JudgeId))
                .col(big_integer(Mark::Value))
                .col(string_len(Mark::OpId, 64))
                .col(timestamp_with_time_zone(Mark::CreatedAt))
                .col(timestamp_with_time_zone(Mark::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Mark::Table, Mark::EventId)
                        .to(Event::Table, Event::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Mark::Table, Mark::EntrantId)
                        .to(Entrant::Table, Entrant::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Mark::Table, Mark::AspectId)
                        .to(SchemeAspect::Table, SchemeAspect::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Mark::Table, Mark::JudgeId)
                        .to(Judge::Table, Judge::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("mark_entrant_aspect_judge_key")
                .table(Mark::Table)
                .col(Mark::EntrantId)
                .col(Mark::AspectId)
                .col(Mark::JudgeId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("mark_event_idx")
                .table(Mark::Table)
                .col(Mark::EventId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MarkAudit::Table)
                .col(pk_auto(MarkAudit::Id))
                .col(integer(MarkAudit::EventId))
                .col(integer(MarkAudit::EntrantId))
                .col(integer(MarkAudit::AspectId))
                .col(integer(MarkAudit::JudgeId))
                .col(string_len(MarkAudit::Actor, 32))
                .col(string_len_null(MarkAudit::Device, 64))
                .col(timestamp_with_time_zone(MarkAudit::At))
                .col(big_integer_null(MarkAudit::OldValue))
                .col(big_integer_null(MarkAudit::NewValue))
                .col(text_null(MarkAudit::Reason))
                .col(string_len_null(MarkAudit::OpId, 64))
                .col(string_len(MarkAudit::PrevHash, 64))
                .col(string_len(MarkAudit::Hash, 64))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("mark_audit_op_id_key")
                .table(MarkAudit::Table)
                .col(MarkAudit::OpId)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MarkAudit::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Mark::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
    MarksLockedAt,
}

#[derive(DeriveIden)]
enum Entrant {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Judge {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SchemeAspect {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Mark {
    Table,
    Id,
    EventId,
    EntrantId,
    AspectId,
    JudgeId,
    Value,
    OpId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MarkAudit {
    Table,
    Id,
    EventId,
    EntrantId,
    AspectId,
    JudgeId,
    Actor,
    Device,
    At,
    OldValue,
    NewValue,
    Reason,
    OpId,
    PrevHash,
    Hash,
}
