//! Event setup: status history, event details, people, entrants, judges, marking schemes, the
//! draw and an audit trail.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column at a time.
        for column in [boolean(Competition::AllowMultipleEvents)
            .default(false)
            .to_owned()]
        {
            m.alter_table(
                Table::alter()
                    .table(Competition::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        for column in [
            integer(Event::Level).default(3).to_owned(),
            string_null(Event::Venue),
            timestamp_with_time_zone_null(Event::StartsAt),
            timestamp_with_time_zone_null(Event::EndsAt),
            integer(Event::TeamSize).default(1).to_owned(),
            string_len(Event::Rounding, 24)
                .default("half_up")
                .to_owned(),
            integer(Event::AspectPlaces).default(2).to_owned(),
            integer(Event::TotalPlaces).default(2).to_owned(),
            string_len(Event::ShortPanel, 24)
                .default("keep_trim")
                .to_owned(),
            boolean(Event::SchemeFrozen).default(false).to_owned(),
            string_null(Event::DrawSeed),
            timestamp_with_time_zone_null(Event::DrawnAt),
            boolean(Event::ResultsPublished).default(false).to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Event::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(CompetitionTransition::Table)
                .col(pk_auto(CompetitionTransition::Id))
                .col(integer(CompetitionTransition::CompetitionId))
                .col(string_len(CompetitionTransition::FromStatus, 24))
                .col(string_len(CompetitionTransition::ToStatus, 24))
                .col(integer_null(CompetitionTransition::ActorId))
                .col(text_null(CompetitionTransition::Reason))
                .col(timestamp_with_time_zone(CompetitionTransition::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            CompetitionTransition::Table,
                            CompetitionTransition::CompetitionId,
                        )
                        .to(Competition::Table, Competition::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CompetitionTransition::Table, CompetitionTransition::ActorId)
                        .to(AppUser::Table, AppUser::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Person::Table)
                .col(pk_auto(Person::Id))
                .col(string_len_uniq(Person::IdNumber, 18))
                .col(string(Person::Name))
                .col(string_len(Person::Sex, 8))
                .col(date(Person::BirthDate))
                .col(string_len_null(Person::Phone, 20))
                .col(timestamp_with_time_zone(Person::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Entrant::Table)
                .col(pk_auto(Entrant::Id))
                .col(integer(Entrant::EventId))
                .col(integer(Entrant::EntryNo))
                .col(integer(Entrant::OrganisationId))
                .col(string_null(Entrant::TeamName))
                .col(string_len(Entrant::Status, 24).default("active"))
                .col(text_null(Entrant::StatusReason))
                .col(integer_null(Entrant::Station))
                .col(string_len_null(Entrant::BlindCode, 16))
                .col(timestamp_with_time_zone(Entrant::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Entrant::Table, Entrant::EventId)
                        .to(Event::Table, Event::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Entrant::Table, Entrant::OrganisationId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "entrant_event_entry_no_key",
                vec![Entrant::EventId, Entrant::EntryNo],
            ),
            (
                "entrant_event_blind_code_key",
                vec![Entrant::EventId, Entrant::BlindCode],
            ),
            (
                "entrant_event_station_key",
                vec![Entrant::EventId, Entrant::Station],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Entrant::Table).unique();
            for c in cols {
                index.col(c);
            }
            m.create_index(index.to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(EntrantMember::Table)
                .col(integer(EntrantMember::EntrantId))
                .col(integer(EntrantMember::PersonId))
                .col(integer(EntrantMember::CompetitionId))
                .primary_key(
                    Index::create()
                        .col(EntrantMember::EntrantId)
                        .col(EntrantMember::PersonId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(EntrantMember::Table, EntrantMember::EntrantId)
                        .to(Entrant::Table, Entrant::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(EntrantMember::Table, EntrantMember::PersonId)
                        .to(Person::Table, Person::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(EntrantMember::Table, EntrantMember::CompetitionId)
                        .to(Competition::Table, Competition::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("entrant_member_competition_person_idx")
                .table(EntrantMember::Table)
                .col(EntrantMember::CompetitionId)
                .col(EntrantMember::PersonId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Judge::Table)
                .col(pk_auto(Judge::Id))
                .col(integer(Judge::EventId))
                .col(integer(Judge::PersonId))
                .col(integer(Judge::OrganisationId))
                .col(string_len(Judge::Role, 16))
                .col(string_len(Judge::Panel, 16))
                .col(timestamp_with_time_zone(Judge::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Judge::Table, Judge::EventId)
                        .to(Event::Table, Event::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Judge::Table, Judge::PersonId)
                        .to(Person::Table, Person::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Judge::Table, Judge::OrganisationId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("judge_event_person_key")
                .table(Judge::Table)
                .col(Judge::EventId)
                .col(Judge::PersonId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(JudgeAssignment::Table)
                .col(integer(JudgeAssignment::JudgeId))
                .col(integer(JudgeAssignment::EntrantId))
                .primary_key(
                    Index::create()
                        .col(JudgeAssignment::JudgeId)
                        .col(JudgeAssignment::EntrantId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(JudgeAssignment::Table, JudgeAssignment::JudgeId)
                        .to(Judge::Table, Judge::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(JudgeAssignment::Table, JudgeAssignment::EntrantId)
                        .to(Entrant::Table, Entrant::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SchemeComponent::Table)
                .col(pk_auto(SchemeComponent::Id))
                .col(integer(SchemeComponent::EventId))
                .col(integer(SchemeComponent::Position))
                .col(string_len(SchemeComponent::Code, 32))
                .col(string(SchemeComponent::Name))
                .col(string_len(SchemeComponent::Kind, 16))
                .col(big_integer(SchemeComponent::Total))
                .col(big_integer(SchemeComponent::Weight))
                .col(big_integer_null(SchemeComponent::PassMark))
                .foreign_key(
                    ForeignKey::create()
                        .from(SchemeComponent::Table, SchemeComponent::EventId)
                        .to(Event::Table, Event::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SchemeModule::Table)
                .col(pk_auto(SchemeModule::Id))
                .col(integer(SchemeModule::ComponentId))
                .col(integer(SchemeModule::Position))
                .col(string_len(SchemeModule::Code, 32))
                .col(string(SchemeModule::Name))
                .foreign_key(
                    ForeignKey::create()
                        .from(SchemeModule::Table, SchemeModule::ComponentId)
                        .to(SchemeComponent::Table, SchemeComponent::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SchemeAspect::Table)
                .col(pk_auto(SchemeAspect::Id))
                .col(integer(SchemeAspect::ModuleId))
                .col(integer(SchemeAspect::EventId))
                .col(integer(SchemeAspect::Position))
                .col(string_len(SchemeAspect::Code, 32))
                .col(string(SchemeAspect::Name))
                .col(string_len(SchemeAspect::Kind, 16))
                .col(big_integer_null(SchemeAspect::Step))
                .col(big_integer(SchemeAspect::MaxMark))
                .col(string_len(SchemeAspect::Aggregation, 16))
                .col(integer(SchemeAspect::Trim).default(0))
                .col(string_len(SchemeAspect::Panel, 16))
                .col(big_integer_null(SchemeAspect::MaxSpread))
                .foreign_key(
                    ForeignKey::create()
                        .from(SchemeAspect::Table, SchemeAspect::ModuleId)
                        .to(SchemeModule::Table, SchemeModule::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SchemeAspect::Table, SchemeAspect::EventId)
                        .to(Event::Table, Event::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("scheme_aspect_event_code_key")
                .table(SchemeAspect::Table)
                .col(SchemeAspect::EventId)
                .col(SchemeAspect::Code)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PendingImport::Table)
                .col(pk_auto(PendingImport::Id))
                .col(string_len_uniq(PendingImport::Token, 64))
                .col(integer(PendingImport::CompetitionId))
                .col(integer(PendingImport::UserId))
                .col(string_len(PendingImport::Kind, 16))
                .col(string(PendingImport::FileName))
                .col(blob(PendingImport::Content))
                .col(timestamp_with_time_zone(PendingImport::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PendingImport::Table, PendingImport::CompetitionId)
                        .to(Competition::Table, Competition::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PendingImport::Table, PendingImport::UserId)
                        .to(AppUser::Table, AppUser::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditEntry::Table)
                .col(pk_auto(AuditEntry::Id))
                .col(timestamp_with_time_zone(AuditEntry::At))
                .col(integer_null(AuditEntry::ActorId))
                .col(string_len(AuditEntry::Action, 64))
                .col(string_len(AuditEntry::Subject, 64))
                .col(text(AuditEntry::Detail))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("audit_entry_subject_idx")
                .table(AuditEntry::Table)
                .col(AuditEntry::Subject)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEntry::Table.into_iden(),
            PendingImport::Table.into_iden(),
            SchemeAspect::Table.into_iden(),
            SchemeModule::Table.into_iden(),
            SchemeComponent::Table.into_iden(),
            JudgeAssignment::Table.into_iden(),
            Judge::Table.into_iden(),
            EntrantMember::Table.into_iden(),
            Entrant::Table.into_iden(),
            Person::Table.into_iden(),
            CompetitionTransition::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Competition {
    Table,
    Id,
    AllowMultipleEvents,
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
    Level,
    Venue,
    StartsAt,
    EndsAt,
    TeamSize,
    Rounding,
    AspectPlaces,
    TotalPlaces,
    ShortPanel,
    SchemeFrozen,
    DrawSeed,
    DrawnAt,
    ResultsPublished,
}

#[derive(DeriveIden)]
enum CompetitionTransition {
    Table,
    Id,
    CompetitionId,
    FromStatus,
    ToStatus,
    ActorId,
    Reason,
    At,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    IdNumber,
    Name,
    Sex,
    BirthDate,
    Phone,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Entrant {
    Table,
    Id,
    EventId,
    EntryNo,
    OrganisationId,
    TeamName,
    Status,
    StatusReason,
    Station,
    BlindCode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EntrantMember {
    Table,
    EntrantId,
    PersonId,
    CompetitionId,
}

#[derive(DeriveIden)]
enum Judge {
    Table,
    Id,
    EventId,
    PersonId,
    OrganisationId,
    Role,
    Panel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum JudgeAssignment {
    Table,
    JudgeId,
    EntrantId,
}

#[derive(DeriveIden)]
enum SchemeComponent {
    Table,
    Id,
    EventId,
    Position,
    Code,
    Name,
    Kind,
    Total,
    Weight,
    PassMark,
}

#[derive(DeriveIden)]
enum SchemeModule {
    Table,
    Id,
    ComponentId,
    Position,
    Code,
    Name,
}

#[derive(DeriveIden)]
enum SchemeAspect {
    Table,
    Id,
    ModuleId,
    EventId,
    Position,
    Code,
    Name,
    Kind,
    Step,
    MaxMark,
    Aggregation,
    Trim,
    Panel,
    MaxSpread,
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    Id,
    At,
    ActorId,
    Action,
    Subject,
    Detail,
}

#[derive(DeriveIden)]
enum PendingImport {
    Table,
    Id,
    Token,
    CompetitionId,
    UserId,
    Kind,
    FileName,
    Content,
    CreatedAt,
}
