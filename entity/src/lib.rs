//! Database entities of jiangxin, one module a table, in sea-orm's compact format.
//!
//! Hand-written code lives only in [`stored_decimal`] (the exact number type every mark and
//! every yuan is stored as) and in [`kinds`] (the string-valued enums the tables share).

pub mod achievement;
pub mod api_token;
pub mod appeal_case;
pub mod attempt_throttle;
pub mod audit_entry;
pub mod calendar_day;
pub mod certificate;
pub mod certificate_batch;
pub mod certificate_pickup;
pub mod certificate_template;
pub mod competition;
pub mod competition_role;
pub mod competition_transition;
pub mod entrant;
pub mod entrant_member;
pub mod event;
pub mod event_eligibility;
pub mod hosting_proof;
pub mod ids;
pub mod judge;
pub mod judge_assignment;
pub mod judge_code;
pub mod judge_session;
pub mod kinds;
pub mod mark;
pub mod mark_audit;
pub mod mark_correction;
pub mod module_sign_off;
pub mod organisation;
pub mod paper_entry;
pub mod pending_import;
pub mod person;
pub mod policy_item;
pub mod registration_entry;
pub mod registration_member;
pub mod registration_window;
pub mod result_line;
pub mod result_rules;
pub mod result_version;
pub mod reward_line;
pub mod reward_payer;
pub mod reward_publicity;
pub mod scheme_aspect;
pub mod scheme_component;
pub mod scheme_module;
pub mod session;
pub mod spread_acceptance;
pub mod stored_decimal;
pub mod title_award;
pub mod title_target;
pub mod user;

pub use ids::{
    ApiTokenId, AspectId, CompetitionId, EntrantId, EventId, JudgeId, OrganisationId,
    RegistrationEntryId, UserId,
};
pub use stored_decimal::StoredDecimal;

/// Where a mark sits: one judge's mark for one aspect of one entrant. A judge has at most one
/// mark per entrant and aspect, so this names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MarkKey {
    pub entrant: EntrantId,
    pub aspect: AspectId,
    pub judge: JudgeId,
}
