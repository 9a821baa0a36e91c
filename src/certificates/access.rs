//! Who may do what with a competition's certificates.
//!
//! - Its **organisers** (and the administrator) set the wording and seal, issue, revoke,
//!   reissue, download any certificate, the pickup lists and batches.
//! - A **team leader** named for the competition and an organisation downloads that
//!   organisation's batch and pickup list, nothing else.
//! - Winners fetch their own with a 领取码; anyone verifies a number.

use crate::accounts::Actor;
use crate::competitions::access::can_manage_competition;
use entity::OrganisationId;
use entity::kinds::Role;
use entity::{competition, competition_role};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertificateViewer {
    Organiser,
    /// For this organisation.
    TeamLeader(OrganisationId),
}

pub fn viewer(
    actor: &Actor,
    comp: &competition::Model,
    roles: &[competition_role::Model],
) -> Option<CertificateViewer> {
    if can_manage_competition(actor, comp) {
        return Some(CertificateViewer::Organiser);
    }
    roles
        .iter()
        .find(|r| {
            r.competition_id == comp.id
                && r.user_id == actor.user_id
                && r.role == Role::TeamLeader
                && actor.role == Role::TeamLeader
        })
        .and_then(|r| r.organisation_id)
        .map(CertificateViewer::TeamLeader)
}
