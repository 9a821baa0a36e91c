//! 彩排 (rehearsals): before the day, an organiser tries the venue's tablets, screens and Wi-Fi
//! on a copy of the competition's setup, with virtual judges marking at a human pace so the
//! boards move. `jiangxin rehearse` makes one ([`copy::create`]), drives it
//! ([`virtual_judges::run`]) and removes it ([`remove`]).
//!
//! The real competition is only read. A rehearsal is a competition of its own, named 【彩排】,
//! with `rehearsal_of` set; its people are made up (names from the demo's list, ID numbers
//! `彩排<id>-<n>`, which no real ID number can be); its marks chain on an audit chain of their
//! own, so the record's chain never holds them and stays whole when they go. Its results never
//! become achievements.

pub mod copy;
pub mod virtual_judges;

use crate::error::{AppError, AppResult};
use entity::CompetitionId;
use entity::{
    achievement, appeal_case, audit_entry, certificate, certificate_pickup, certificate_template,
    competition, competition_role, competition_transition, entrant, entrant_member, event,
    event_eligibility, hosting_proof, judge, judge_assignment, judge_code, judge_session, mark,
    mark_audit, mark_correction, module_sign_off, pending_import, person, registration_entry,
    registration_member, registration_window, result_line, result_rules, result_version,
    scheme_aspect, scheme_component, scheme_module, spread_acceptance,
};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

/// The ID-number prefix of a rehearsal's made-up people.
pub fn person_prefix(rehearsal: CompetitionId) -> String {
    format!("彩排{rehearsal}-")
}

/// Removes a rehearsal and everything it made, in one transaction: its events and their
/// setup, the made-up people, tablet sessions, marks and their chain, sign-offs, results,
/// certificates, and the audit entries about its things. Refuses a real competition.
pub async fn remove(db: &DatabaseConnection, rehearsal: CompetitionId) -> AppResult<RemovalReport> {
    let txn = crate::db::begin_write(db).await?;
    let comp = competition::Entity::find_by_id(rehearsal)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if comp.rehearsal_of.is_none() {
        return Err(AppError::invalid(
            "competition",
            format!(
                "第 {rehearsal} 号赛事“{}”不是彩排，不能用彩排工具删除",
                comp.name
            ),
        ));
    }
    let events: Vec<i32> = event::Entity::find()
        .select_only()
        .column(event::Column::Id)
        .filter(event::Column::CompetitionId.eq(rehearsal))
        .into_tuple()
        .all(&txn)
        .await?;
    let judges: Vec<entity::JudgeId> = judge::Entity::find()
        .select_only()
        .column(judge::Column::Id)
        .filter(judge::Column::EventId.is_in(events.clone()))
        .into_tuple()
        .all(&txn)
        .await?;
    let entrants: Vec<entity::EntrantId> = entrant::Entity::find()
        .select_only()
        .column(entrant::Column::Id)
        .filter(entrant::Column::EventId.is_in(events.clone()))
        .into_tuple()
        .all(&txn)
        .await?;
    let versions: Vec<i32> = result_version::Entity::find()
        .select_only()
        .column(result_version::Column::Id)
        .filter(result_version::Column::EventId.is_in(events.clone()))
        .into_tuple()
        .all(&txn)
        .await?;
    let components: Vec<i32> = scheme_component::Entity::find()
        .select_only()
        .column(scheme_component::Column::Id)
        .filter(scheme_component::Column::EventId.is_in(events.clone()))
        .into_tuple()
        .all(&txn)
        .await?;
    let mut subjects = vec![format!("competition:{rehearsal}")];
    subjects.extend(events.iter().map(|e| format!("event:{e}")));
    subjects.extend(judges.iter().map(|j| format!("judge:{j}")));
    subjects.extend(entrants.iter().map(|e| format!("entrant:{e}")));

    let marks = mark_audit::Entity::delete_many()
        .filter(
            Condition::any()
                .add(mark_audit::Column::Chain.eq(rehearsal))
                .add(mark_audit::Column::EventId.is_in(events.clone())),
        )
        .exec(&txn)
        .await?
        .rows_affected;
    macro_rules! clear {
        ($entity:ident, $condition:expr) => {
            $entity::Entity::delete_many()
                .filter($condition)
                .exec(&txn)
                .await?;
        };
    }
    clear!(
        mark_correction,
        mark_correction::Column::EventId.is_in(events.clone())
    );
    clear!(
        module_sign_off,
        module_sign_off::Column::EventId.is_in(events.clone())
    );
    clear!(
        spread_acceptance,
        spread_acceptance::Column::EventId.is_in(events.clone())
    );
    clear!(mark, mark::Column::EventId.is_in(events.clone()));
    clear!(result_line, result_line::Column::VersionId.is_in(versions));
    clear!(
        result_version,
        result_version::Column::EventId.is_in(events.clone())
    );
    clear!(
        appeal_case,
        appeal_case::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        certificate_pickup,
        certificate_pickup::Column::EntrantId.is_in(entrants.clone())
    );
    clear!(
        certificate,
        certificate::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        certificate_template,
        certificate_template::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        result_rules,
        result_rules::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        pending_import,
        pending_import::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        achievement,
        achievement::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        hosting_proof,
        hosting_proof::Column::EventId.is_in(events.clone())
    );
    clear!(
        judge_session,
        judge_session::Column::JudgeId.is_in(judges.clone())
    );
    clear!(
        judge_code,
        judge_code::Column::JudgeId.is_in(judges.clone())
    );
    clear!(
        judge_assignment,
        judge_assignment::Column::JudgeId.is_in(judges.clone())
    );
    clear!(judge, judge::Column::EventId.is_in(events.clone()));
    clear!(
        registration_member,
        registration_member::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        registration_entry,
        registration_entry::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        registration_window,
        registration_window::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        event_eligibility,
        event_eligibility::Column::EventId.is_in(events.clone())
    );
    clear!(
        entrant_member,
        entrant_member::Column::CompetitionId.eq(rehearsal)
    );
    clear!(entrant, entrant::Column::EventId.is_in(events.clone()));
    clear!(
        scheme_aspect,
        scheme_aspect::Column::EventId.is_in(events.clone())
    );
    clear!(
        scheme_module,
        scheme_module::Column::ComponentId.is_in(components)
    );
    clear!(
        scheme_component,
        scheme_component::Column::EventId.is_in(events.clone())
    );
    clear!(event, event::Column::CompetitionId.eq(rehearsal));
    clear!(
        competition_role,
        competition_role::Column::CompetitionId.eq(rehearsal)
    );
    clear!(
        competition_transition,
        competition_transition::Column::CompetitionId.eq(rehearsal)
    );
    clear!(audit_entry, audit_entry::Column::Subject.is_in(subjects));
    let people = person::Entity::delete_many()
        .filter(person::Column::IdNumber.starts_with(person_prefix(rehearsal)))
        .exec(&txn)
        .await?
        .rows_affected;
    competition::Entity::delete_by_id(rehearsal)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(RemovalReport {
        name: comp.name,
        events: events.len(),
        people,
        marks,
    })
}

/// What [`remove`] took away.
pub struct RemovalReport {
    pub name: String,
    pub events: usize,
    pub people: u64,
    /// Audit entries of its marks.
    pub marks: u64,
}
