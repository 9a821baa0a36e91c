//! Results, publicity and appeals (成绩、公示、申诉仲裁).
//!
//! - `result_version`: each computation of an event's results, numbered per event, with the
//!   fingerprint of what it was computed from (the event's last mark-audit hash, the entrants'
//!   statuses, the rules) and the chief judge's signature; `final_at` once 成绩确认 froze it.
//! - `result_line`: one entrant's result in a version (rank, exact total as text, subtotals,
//!   award, pass, honours, the members' person ids).
//! - `competition`: the publicity window, the contact for objections and the time allowed for
//!   an on-site appeal after an event ends.
//! - `calendar_day`: the holiday and 调休 table the working-day calculator reads.
//! - `competition_role`: accounts that act for one competition only: team leaders (领队, for one
//!   organisation) and arbitration group members (仲裁组).
//! - `appeal_case`: appeals (赛场申诉) and objections (公示期异议), each ending upheld or
//!   dismissed with reasons.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The ledger reads an event's trail entrant by entrant in id order: this index covers
        // every column it reads, in that order, so a computation of 2.1 million marks reads the
        // index alone, never the wide audit rows with their hashes (`benches/results.rs`). It
        // replaces the index on (event, entrant, aspect), whose queries it serves as well.
        m.drop_index(Index::drop().name("mark_audit_event_idx").to_owned())
            .await?;
        m.create_index(
            Index::create()
                .name("mark_audit_event_trail_idx")
                .table(MarkAudit::Table)
                .col(MarkAudit::EventId)
                .col(MarkAudit::EntrantId)
                .col(MarkAudit::Id)
                .col(MarkAudit::AspectId)
                .col(MarkAudit::JudgeId)
                .col(MarkAudit::NewValue)
                .col(MarkAudit::Reason)
                .to_owned(),
        )
        .await?;
        // An event's last entry, where a result version's fingerprint starts.
        m.create_index(
            Index::create()
                .name("mark_audit_event_seq_idx")
                .table(MarkAudit::Table)
                .col(MarkAudit::EventId)
                .col(MarkAudit::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ResultVersion::Table)
                .col(pk_auto(ResultVersion::Id))
                .col(integer(ResultVersion::EventId))
                .col(integer(ResultVersion::Number))
                .col(string_len(ResultVersion::Fingerprint, 64))
                .col(string_len(ResultVersion::AuditHash, 64))
                .col(integer(ResultVersion::AuditSeq))
                .col(text(ResultVersion::Rules))
                .col(string_len(ResultVersion::Cause, 200))
                .col(timestamp_with_time_zone(ResultVersion::ComputedAt))
                .col(integer_null(ResultVersion::SignedBy))
                .col(timestamp_with_time_zone_null(ResultVersion::SignedAt))
                .col(timestamp_with_time_zone_null(ResultVersion::FinalAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ResultVersion::Table, ResultVersion::EventId)
                        .to(Event::Table, Event::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("result_version_event_number_idx")
                .table(ResultVersion::Table)
                .col(ResultVersion::EventId)
                .col(ResultVersion::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ResultLine::Table)
                .col(pk_auto(ResultLine::Id))
                .col(integer(ResultLine::VersionId))
                .col(integer(ResultLine::EntrantId))
                .col(integer(ResultLine::Position))
                .col(integer_null(ResultLine::Rank))
                .col(string_len(ResultLine::Total, 40))
                .col(boolean(ResultLine::Complete))
                .col(boolean(ResultLine::Passed))
                .col(string_len_null(ResultLine::Award, 16))
                .col(string_len(ResultLine::Status, 16))
                .col(boolean(ResultLine::TieUnresolved))
                .col(text(ResultLine::Honours))
                .col(text(ResultLine::Subtotals))
                .col(text(ResultLine::Members))
                .foreign_key(
                    ForeignKey::create()
                        .from(ResultLine::Table, ResultLine::VersionId)
                        .to(ResultVersion::Table, ResultVersion::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("result_line_version_idx")
                .table(ResultLine::Table)
                .col(ResultLine::VersionId)
                .col(ResultLine::Position)
                .to_owned(),
        )
        .await?;
        for col in [
            timestamp_with_time_zone_null(Competition::PublicityStartsAt),
            timestamp_with_time_zone_null(Competition::PublicityEndsAt),
            string_len_null(Competition::PublicityContact, 200),
            integer(Competition::AppealHours).default(2).to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Competition::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(CalendarDay::Table)
                .col(string_len(CalendarDay::Day, 10).primary_key())
                .col(boolean(CalendarDay::Working))
                .col(string_len(CalendarDay::Note, 60))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CompetitionRole::Table)
                .col(pk_auto(CompetitionRole::Id))
                .col(integer(CompetitionRole::CompetitionId))
                .col(integer(CompetitionRole::UserId))
                .col(string_len(CompetitionRole::Role, 24))
                .col(integer_null(CompetitionRole::OrganisationId))
                .col(timestamp_with_time_zone(CompetitionRole::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CompetitionRole::Table, CompetitionRole::CompetitionId)
                        .to(Competition::Table, Competition::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CompetitionRole::Table, CompetitionRole::UserId)
                        .to(AppUser::Table, AppUser::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("competition_role_user_idx")
                .table(CompetitionRole::Table)
                .col(CompetitionRole::UserId)
                .col(CompetitionRole::CompetitionId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AppealCase::Table)
                .col(pk_auto(AppealCase::Id))
                .col(integer(AppealCase::CompetitionId))
                .col(integer(AppealCase::Number))
                .col(string_len(AppealCase::Kind, 16))
                .col(string_len(AppealCase::Channel, 16))
                .col(integer(AppealCase::EventId))
                .col(integer_null(AppealCase::EntrantId))
                .col(integer_null(AppealCase::FiledBy))
                .col(string_len(AppealCase::FilerName, 60))
                .col(string_len(AppealCase::FilerOrganisation, 120))
                .col(integer_null(AppealCase::FilerOrganisationId))
                .col(string_len_null(AppealCase::FilerPhone, 20))
                .col(text(AppealCase::Claim))
                .col(timestamp_with_time_zone(AppealCase::FiledAt))
                .col(string_len(AppealCase::Status, 16))
                .col(timestamp_with_time_zone_null(AppealCase::HearingAt))
                .col(string_len_null(AppealCase::Members, 200))
                .col(text_null(AppealCase::Reasons))
                .col(timestamp_with_time_zone_null(AppealCase::DecidedAt))
                .col(integer_null(AppealCase::DecidedBy))
                .col(integer_null(AppealCase::ResultVersion))
                .foreign_key(
                    ForeignKey::create()
                        .from(AppealCase::Table, AppealCase::CompetitionId)
                        .to(Competition::Table, Competition::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AppealCase::Table, AppealCase::EventId)
                        .to(Event::Table, Event::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("appeal_case_number_idx")
                .table(AppealCase::Table)
                .col(AppealCase::CompetitionId)
                .col(AppealCase::Number)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AppealCase::Table.into_iden(),
            CompetitionRole::Table.into_iden(),
            CalendarDay::Table.into_iden(),
            ResultLine::Table.into_iden(),
            ResultVersion::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.drop_index(Index::drop().name("mark_audit_event_seq_idx").to_owned())
            .await?;
        m.drop_index(Index::drop().name("mark_audit_event_trail_idx").to_owned())
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
        .await?;
        for col in [
            Competition::PublicityStartsAt,
            Competition::PublicityEndsAt,
            Competition::PublicityContact,
            Competition::AppealHours,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Competition::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ResultVersion {
    Table,
    Id,
    EventId,
    Number,
    Fingerprint,
    AuditHash,
    AuditSeq,
    Rules,
    Cause,
    ComputedAt,
    SignedBy,
    SignedAt,
    FinalAt,
}

#[derive(DeriveIden)]
enum ResultLine {
    Table,
    Id,
    VersionId,
    EntrantId,
    Position,
    Rank,
    Total,
    Complete,
    Passed,
    Award,
    Status,
    TieUnresolved,
    Honours,
    Subtotals,
    Members,
}

#[derive(DeriveIden)]
enum Competition {
    Table,
    Id,
    PublicityStartsAt,
    PublicityEndsAt,
    PublicityContact,
    AppealHours,
}

#[derive(DeriveIden)]
enum CalendarDay {
    Table,
    Day,
    Working,
    Note,
}

#[derive(DeriveIden)]
enum CompetitionRole {
    Table,
    Id,
    CompetitionId,
    UserId,
    Role,
    OrganisationId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AppealCase {
    Table,
    Id,
    CompetitionId,
    Number,
    Kind,
    Channel,
    EventId,
    EntrantId,
    FiledBy,
    FilerName,
    FilerOrganisation,
    FilerOrganisationId,
    FilerPhone,
    Claim,
    FiledAt,
    Status,
    HearingAt,
    Members,
    Reasons,
    DecidedAt,
    DecidedBy,
    ResultVersion,
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
}

/// Accounts live in `app_user` (`user` is a reserved word in PostgreSQL).
#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MarkAudit {
    Table,
    Id,
    EventId,
    EntrantId,
    AspectId,
    JudgeId,
    NewValue,
    Reason,
}
