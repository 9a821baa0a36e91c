//! 报名 by the sending units: an event's eligibility rules, the competition's registration
//! window, and the units' entries with their people, kept apart from `entrant` until the
//! organiser accepts them (资格审核).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EventEligibility {
    Table,
    EventId,
    MinAge,
    MaxAge,
    AgeOn,
    QuotaPerUnit,
    RequiredLevel,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RegistrationWindow {
    Table,
    CompetitionId,
    ClosesAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RegistrationEntry {
    Table,
    Id,
    CompetitionId,
    EventId,
    OrganisationId,
    TeamName,
    DeclaredGroup,
    State,
    ReturnReason,
    ExceptionReason,
    EntrantId,
    SubmittedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RegistrationMember {
    Table,
    Id,
    EntryId,
    CompetitionId,
    PersonId,
    Position,
    QualificationLevel,
    QualificationNo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(EventEligibility::Table)
                .col(integer(EventEligibility::EventId).primary_key())
                .col(integer_null(EventEligibility::MinAge))
                .col(integer_null(EventEligibility::MaxAge))
                .col(date_null(EventEligibility::AgeOn))
                .col(integer_null(EventEligibility::QuotaPerUnit))
                .col(integer_null(EventEligibility::RequiredLevel))
                .col(timestamp_with_time_zone(EventEligibility::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RegistrationWindow::Table)
                .col(integer(RegistrationWindow::CompetitionId).primary_key())
                .col(timestamp_with_time_zone(RegistrationWindow::ClosesAt))
                .col(timestamp_with_time_zone(RegistrationWindow::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RegistrationEntry::Table)
                .col(pk_auto(RegistrationEntry::Id))
                .col(integer(RegistrationEntry::CompetitionId))
                .col(integer(RegistrationEntry::EventId))
                .col(integer(RegistrationEntry::OrganisationId))
                .col(string_null(RegistrationEntry::TeamName))
                .col(string_len(RegistrationEntry::DeclaredGroup, 24))
                .col(string_len(RegistrationEntry::State, 16))
                .col(text_null(RegistrationEntry::ReturnReason))
                .col(text_null(RegistrationEntry::ExceptionReason))
                .col(integer_null(RegistrationEntry::EntrantId))
                .col(timestamp_with_time_zone_null(
                    RegistrationEntry::SubmittedAt,
                ))
                .col(integer(RegistrationEntry::CreatedBy))
                .col(timestamp_with_time_zone(RegistrationEntry::CreatedAt))
                .col(timestamp_with_time_zone(RegistrationEntry::UpdatedAt))
                .to_owned(),
        )
        .await?;
        // A unit's list, and an event's count per unit (the quota), are one index each.
        m.create_index(
            Index::create()
                .name("registration_entry_unit_idx")
                .table(RegistrationEntry::Table)
                .col(RegistrationEntry::CompetitionId)
                .col(RegistrationEntry::OrganisationId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("registration_entry_event_unit_idx")
                .table(RegistrationEntry::Table)
                .col(RegistrationEntry::EventId)
                .col(RegistrationEntry::OrganisationId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RegistrationMember::Table)
                .col(pk_auto(RegistrationMember::Id))
                .col(integer(RegistrationMember::EntryId))
                .col(integer(RegistrationMember::CompetitionId))
                .col(integer(RegistrationMember::PersonId))
                .col(integer(RegistrationMember::Position))
                .col(integer_null(RegistrationMember::QualificationLevel))
                .col(string_null(RegistrationMember::QualificationNo))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("registration_member_entry_idx")
                .table(RegistrationMember::Table)
                .col(RegistrationMember::EntryId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("registration_member_person_idx")
                .table(RegistrationMember::Table)
                .col(RegistrationMember::CompetitionId)
                .col(RegistrationMember::PersonId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RegistrationMember::Table.into_iden(),
            RegistrationEntry::Table.into_iden(),
            RegistrationWindow::Table.into_iden(),
            EventEligibility::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
