//! Organisations, accounts, sessions, API tokens, competitions and events.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Organisation::Table)
                .col(pk_auto(Organisation::Id))
                .col(string_uniq(Organisation::Name))
                .col(string_len(Organisation::Kind, 24))
                .col(string_len(Organisation::District, 24))
                .col(timestamp_with_time_zone(Organisation::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AppUser::Table)
                .col(pk_auto(AppUser::Id))
                .col(string_uniq(AppUser::Username))
                .col(string(AppUser::DisplayName))
                .col(string(AppUser::PasswordHash))
                .col(string_len(AppUser::Role, 24))
                .col(integer_null(AppUser::OrganisationId))
                .col(integer(AppUser::FailedLogins).default(0))
                .col(timestamp_with_time_zone_null(AppUser::LockedUntil))
                .col(timestamp_with_time_zone(AppUser::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(AppUser::Table, AppUser::OrganisationId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Session::Table)
                .col(string_len(Session::Id, 64).primary_key())
                .col(integer(Session::UserId))
                .col(timestamp_with_time_zone(Session::CreatedAt))
                .col(timestamp_with_time_zone(Session::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Session::Table, Session::UserId)
                        .to(AppUser::Table, AppUser::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ApiToken::Table)
                .col(pk_auto(ApiToken::Id))
                .col(integer(ApiToken::UserId))
                .col(string(ApiToken::Name))
                .col(string_len_uniq(ApiToken::TokenHash, 64))
                .col(string_len(ApiToken::Prefix, 16))
                .col(timestamp_with_time_zone(ApiToken::CreatedAt))
                .col(timestamp_with_time_zone_null(ApiToken::LastUsedAt))
                .col(timestamp_with_time_zone_null(ApiToken::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiToken::Table, ApiToken::UserId)
                        .to(AppUser::Table, AppUser::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Competition::Table)
                .col(pk_auto(Competition::Id))
                .col(string(Competition::Name))
                .col(string_len(Competition::Kind, 24))
                .col(integer(Competition::Year))
                .col(integer(Competition::OrganiserId))
                .col(string_len(Competition::Status, 24))
                .col(integer_null(Competition::CreatedBy))
                .col(timestamp_with_time_zone(Competition::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Competition::Table, Competition::OrganiserId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Competition::Table, Competition::CreatedBy)
                        .to(AppUser::Table, AppUser::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("competition_organiser_idx")
                .table(Competition::Table)
                .col(Competition::OrganiserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Event::Table)
                .col(pk_auto(Event::Id))
                .col(integer(Event::CompetitionId))
                .col(string(Event::Trade))
                .col(string_len(Event::Group, 24))
                .col(string_len(Event::Track, 24))
                .col(integer_null(Event::HostId))
                .col(big_integer_null(Event::HostingCost))
                .col(timestamp_with_time_zone(Event::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Event::Table, Event::CompetitionId)
                        .to(Competition::Table, Competition::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Event::Table, Event::HostId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("event_competition_trade_group_key")
                .table(Event::Table)
                .col(Event::CompetitionId)
                .col(Event::Trade)
                .col(Event::Group)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Event::Table.into_iden(),
            Competition::Table.into_iden(),
            ApiToken::Table.into_iden(),
            Session::Table.into_iden(),
            AppUser::Table.into_iden(),
            Organisation::Table.into_iden(),
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
    Name,
    Kind,
    District,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    Role,
    OrganisationId,
    FailedLogins,
    LockedUntil,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    Prefix,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Competition {
    Table,
    Id,
    Name,
    Kind,
    Year,
    OrganiserId,
    Status,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
    CompetitionId,
    Trade,
    Group,
    Track,
    HostId,
    HostingCost,
    CreatedAt,
}
