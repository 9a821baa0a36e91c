//! Certificates (获奖证书).
//!
//! - `certificate_template`: per competition, the wording, title, issuer, 文号, seal (PNG) and
//!   date style of its award certificates (`scope` empty) and of each honour (`scope` = the
//!   honour's name, which may have a different issuer); the 套打 positions on the award row.
//! - `certificate`: one issued certificate: its number, whom and what it is for, and everything
//!   it prints, as at issue; revoked with a date, reason and who, and the certificate that
//!   replaced it.
//! - `certificate_pickup`: the 领取码 of each entrant with a certificate, and the short-lived
//!   download token a correct code gives.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CertificateTemplate::Table)
                .col(pk_auto(CertificateTemplate::Id))
                .col(integer(CertificateTemplate::CompetitionId))
                .col(string_len(CertificateTemplate::Scope, 40))
                .col(string_len(CertificateTemplate::Title, 20))
                .col(text(CertificateTemplate::Wording))
                .col(string_len(CertificateTemplate::Issuer, 120))
                .col(string_len(CertificateTemplate::DocNumber, 60))
                .col(blob_null(CertificateTemplate::Seal))
                .col(string_len(CertificateTemplate::DateStyle, 16))
                .col(text_null(CertificateTemplate::Positions))
                .col(timestamp_with_time_zone(CertificateTemplate::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            CertificateTemplate::Table,
                            CertificateTemplate::CompetitionId,
                        )
                        .to(Competition::Table, Competition::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("certificate_template_scope_idx")
                .table(CertificateTemplate::Table)
                .col(CertificateTemplate::CompetitionId)
                .col(CertificateTemplate::Scope)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Certificate::Table)
                .col(pk_auto(Certificate::Id))
                .col(string_len(Certificate::Number, 16))
                .col(integer(Certificate::CompetitionId))
                .col(integer(Certificate::EventId))
                .col(integer(Certificate::EntrantId))
                .col(integer(Certificate::PersonId))
                .col(string_len(Certificate::Scope, 40))
                .col(string_len_null(Certificate::Award, 16))
                .col(integer(Certificate::Serial))
                .col(string_len(Certificate::Title, 20))
                .col(string_len(Certificate::Holder, 60))
                .col(string_len(Certificate::Organisation, 120))
                .col(string_len(Certificate::CompetitionName, 120))
                .col(string_len(Certificate::EventName, 120))
                .col(string_len(Certificate::AwardName, 60))
                .col(text(Certificate::Wording))
                .col(string_len(Certificate::Issuer, 120))
                .col(string_len(Certificate::DocNumber, 60))
                .col(string_len(Certificate::DateStyle, 16))
                .col(date(Certificate::IssuedOn))
                .col(integer_null(Certificate::IssuedBy))
                .col(timestamp_with_time_zone(Certificate::CreatedAt))
                .col(timestamp_with_time_zone_null(Certificate::RevokedAt))
                .col(string_len_null(Certificate::RevokedReason, 200))
                .col(integer_null(Certificate::RevokedBy))
                .col(integer_null(Certificate::ReplacedBy))
                .foreign_key(
                    ForeignKey::create()
                        .from(Certificate::Table, Certificate::EventId)
                        .to(Event::Table, Event::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Certificate::Table, Certificate::PersonId)
                        .to(Person::Table, Person::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("certificate_number_idx")
                .table(Certificate::Table)
                .col(Certificate::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("certificate_event_serial_idx")
                .table(Certificate::Table)
                .col(Certificate::EventId)
                .col(Certificate::Serial)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("certificate_competition_idx")
                .table(Certificate::Table)
                .col(Certificate::CompetitionId)
                .col(Certificate::EntrantId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CertificatePickup::Table)
                .col(integer(CertificatePickup::EntrantId).primary_key())
                .col(string_len(CertificatePickup::Code, 8))
                .col(string_len_null(CertificatePickup::TokenHash, 64))
                .col(timestamp_with_time_zone_null(
                    CertificatePickup::TokenExpires,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(CertificatePickup::Table, CertificatePickup::EntrantId)
                        .to(Entrant::Table, Entrant::Id),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum CertificateTemplate {
    Table,
    Id,
    CompetitionId,
    Scope,
    Title,
    Wording,
    Issuer,
    DocNumber,
    Seal,
    DateStyle,
    Positions,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Certificate {
    Table,
    Id,
    Number,
    CompetitionId,
    EventId,
    EntrantId,
    PersonId,
    Scope,
    Award,
    Serial,
    Title,
    Holder,
    Organisation,
    CompetitionName,
    EventName,
    AwardName,
    Wording,
    Issuer,
    DocNumber,
    DateStyle,
    IssuedOn,
    IssuedBy,
    CreatedAt,
    RevokedAt,
    RevokedReason,
    RevokedBy,
    ReplacedBy,
}

#[derive(DeriveIden)]
enum CertificatePickup {
    Table,
    EntrantId,
    Code,
    TokenHash,
    TokenExpires,
}

#[derive(DeriveIden)]
enum Competition {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Entrant {
    Table,
    Id,
}
