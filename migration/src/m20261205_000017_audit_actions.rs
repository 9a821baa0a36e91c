//! Stored codes the enums read:
//!
//! - Audit actions in one style, `context.verb`: entries written under the older names are
//!   renamed, so that the action column reads as the `AuditAction` enum.
//! - `person.sex` is `male` or `female`; a rehearsal's copied people were stored as 男/女, which
//!   the `Sex` enum would not read.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (old, new)
const RENAMED: &[(&str, &str)] = &[
    ("unlock_account", "accounts.unlock"),
    ("update_competition", "competitions.update"),
    ("add_competition_member", "competitions.add_member"),
    ("competition_status", "competitions.move_status"),
    ("create_event", "events.create"),
    ("update_event", "events.update"),
    ("add_entrant", "entrants.add"),
    ("remove_entrant", "entrants.remove"),
    ("entrant_status", "entrants.set_status"),
    ("import_entrants", "entrants.import"),
    ("draw", "entrants.draw"),
    ("import_judges", "judging.import_judges"),
    ("add_judge", "judging.add_judge"),
    ("add_substitute_judge", "judging.add_substitute"),
    ("assign_judge", "judging.assign"),
    ("set_scheme", "judging.set_scheme"),
    ("issue_judge_code", "judging.issue_code"),
    ("end_judge_sessions", "judging.end_sessions"),
    ("sign_off_module", "marking.sign_off"),
    ("withdraw_module_sign_off", "marking.withdraw_sign_off"),
    ("accept_spread", "marking.accept_spread"),
    ("lock_marks", "marking.lock"),
    ("set_live_settings", "boards.live_settings"),
    ("publish_results", "boards.publish_results"),
    ("set_result_rules", "results.set_rules"),
    ("clear_result_rules", "results.clear_rules"),
    ("sign_results", "results.sign"),
    ("set_calendar", "results.calendar"),
    ("set_publicity_window", "results.publicity_window"),
    ("adjust_publicity_window", "results.adjust_publicity_window"),
    ("extend_publicity_window", "results.extend_publicity_window"),
    ("file_case", "cases.file"),
    ("decide_case", "cases.decide"),
];

#[derive(DeriveIden)]
enum Person {
    Table,
    Sex,
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    Action,
}

async fn rename(
    m: &SchemaManager<'_>,
    pairs: impl Iterator<Item = (&str, &str)>,
) -> Result<(), DbErr> {
    let db = m.get_connection();
    for (from, to) in pairs {
        db.execute(
            Query::update()
                .table(AuditEntry::Table)
                .value(AuditEntry::Action, to)
                .and_where(Expr::col(AuditEntry::Action).eq(from)),
        )
        .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rename(m, RENAMED.iter().copied()).await?;
        let db = m.get_connection();
        for (from, to) in [("男", "male"), ("女", "female")] {
            db.execute(
                Query::update()
                    .table(Person::Table)
                    .value(Person::Sex, to)
                    .and_where(Expr::col(Person::Sex).eq(from)),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rename(m, RENAMED.iter().map(|(old, new)| (*new, *old))).await
    }
}
