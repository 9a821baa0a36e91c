//! What a tablet says it holds for other judges: marks entered by a judge who has since left the
//! tablet, waiting in the browser until that judge signs in on it again. The tablet reports them
//! with each `hello` (judge ids and counts only, never values), so that the organiser's list of
//! tablet sessions can show which tablet must go back to which judge.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column at a time.
        m.alter_table(
            Table::alter()
                .table(JudgeSession::Table)
                .add_column(text_null(JudgeSession::HeldMarks))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(JudgeSession::Table)
                .add_column(timestamp_with_time_zone_null(JudgeSession::HeldReportedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [JudgeSession::HeldReportedAt, JudgeSession::HeldMarks] {
            m.alter_table(
                Table::alter()
                    .table(JudgeSession::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum JudgeSession {
    Table,
    HeldMarks,
    HeldReportedAt,
}
