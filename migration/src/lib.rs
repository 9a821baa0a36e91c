//! Schema migrations, run at start-up and in every test. Timestamp-named; a migration that has
//! landed is never edited: a change is a new migration.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_foundation;
mod m20261125_000002_event_setup;
mod m20261125_000003_marks;
mod m20261125_000004_judge_sessions;
mod m20261126_000005_chief_review;
mod m20261126_000006_live_boards;
mod m20261201_000007_tablet_held_marks;
mod m20261201_000008_attempt_throttle;
mod m20261201_000009_result_rules;
mod m20261201_000010_results;
mod m20261201_000011_certificates;
mod m20261201_000012_awards;
mod m20261201_000013_substitute_judges;
mod m20261201_000014_rehearsals;
mod m20261204_000015_trust_at_the_edges;
mod m20261204_000016_money_shapes;
mod m20261205_000017_audit_actions;
mod m20261205_000018_check_in;
mod m20261205_000019_paper_entry;
mod m20261205_000020_second_draw;
mod m20261206_000021_certificate_team;
mod m20261206_000022_account_disabled;
mod m20261206_000023_certificate_batch;
mod m20261206_000024_judge_trail_index;
mod m20261207_000025_registration;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_foundation::Migration),
            Box::new(m20261125_000002_event_setup::Migration),
            Box::new(m20261125_000003_marks::Migration),
            Box::new(m20261125_000004_judge_sessions::Migration),
            Box::new(m20261126_000005_chief_review::Migration),
            Box::new(m20261126_000006_live_boards::Migration),
            Box::new(m20261201_000007_tablet_held_marks::Migration),
            Box::new(m20261201_000008_attempt_throttle::Migration),
            Box::new(m20261201_000009_result_rules::Migration),
            Box::new(m20261201_000010_results::Migration),
            Box::new(m20261201_000011_certificates::Migration),
            Box::new(m20261201_000012_awards::Migration),
            Box::new(m20261201_000013_substitute_judges::Migration),
            Box::new(m20261201_000014_rehearsals::Migration),
            Box::new(m20261204_000015_trust_at_the_edges::Migration),
            Box::new(m20261204_000016_money_shapes::Migration),
            Box::new(m20261205_000017_audit_actions::Migration),
            Box::new(m20261205_000018_check_in::Migration),
            Box::new(m20261205_000019_paper_entry::Migration),
            Box::new(m20261205_000020_second_draw::Migration),
            Box::new(m20261206_000021_certificate_team::Migration),
            Box::new(m20261206_000022_account_disabled::Migration),
            Box::new(m20261206_000023_certificate_batch::Migration),
            Box::new(m20261206_000024_judge_trail_index::Migration),
            Box::new(m20261207_000025_registration::Migration),
        ]
    }
}
