//! What anyone holding a certificate may learn about it: whether it is genuine and still valid,
//! what it was for, and the holder's name partly masked. The form "number + name" answers only
//! match or no match.

use super::issue::find_by_number;
use crate::accounts::throttle;
use crate::error::{AppError, AppResult};
use crate::secret;
use entity::certificate;
use sea_orm::{ConnectionTrait, EntityTrait};
use std::net::IpAddr;

/// A name shown only by its first character and one mask (陈*), whatever its length: an
/// employer holding the certificate sees it is the same person's, a stranger learns neither
/// the given name nor its length (陈*怡 left one character to guess, 17 tries from 17 addresses).
pub fn mask(name: &str) -> String {
    match name.chars().next() {
        None => String::new(),
        Some(first) => format!("{first}*"),
    }
}

/// What the public is told about a revocation: the reason from the list, never the text the
/// organiser typed (a telephone or ID number typed there would go public). Certificates
/// revoked before the list existed say only that the issuer revoked them.
pub fn public_revocation_reason(c: &certificate::Model) -> Option<String> {
    c.revoked_at.map(|_| {
        c.revoked_code
            .unwrap_or(entity::kinds::RevocationReason::Other)
            .label()
            .to_owned()
    })
}

/// The public view of a certificate.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Verification {
    pub number: String,
    pub valid: bool,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_reason: Option<String>,
    /// The number of the certificate issued in its place.
    pub replaced_by: Option<String>,
    pub holder: String,
    pub competition: String,
    pub event: String,
    pub award: String,
    pub issuer: String,
    pub issued_on: chrono::NaiveDate,
}

/// What the public is told about the contest certificate with this number; `None` when no
/// contest certificate has it (a craftsman title's may: see [`crate::lifecycle::verification`]).
pub async fn verification(
    db: &impl ConnectionTrait,
    number: &str,
) -> AppResult<Option<Verification>> {
    let Some(c) = find_by_number(db, number).await? else {
        return Ok(None);
    };
    let replaced_by = match c.replaced_by {
        Some(id) => certificate::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|n| n.number),
        None => None,
    };
    let revoked_reason = public_revocation_reason(&c);
    Ok(Some(Verification {
        number: c.number,
        valid: c.revoked_at.is_none(),
        revoked_at: c.revoked_at,
        revoked_reason,
        replaced_by,
        holder: mask(&c.holder),
        competition: c.competition_name,
        event: c.event_name,
        award: c.award_name,
        issuer: c.issuer,
        issued_on: c.issued_on,
    }))
}

/// Whether a certificate with this number was issued to this name (and is still valid). Misses
/// are paced per address, so names cannot be tried at speed.
pub async fn matches(
    db: &impl ConnectionTrait,
    from: IpAddr,
    number: &str,
    name: &str,
) -> AppResult<bool> {
    let subject = throttle::Subject::verify_address(from);
    let target = throttle::Subject::verify_number(&super::number::normalise(number));
    for s in [&subject, &target] {
        if let Some(until) = throttle::attempts(db, s).await?.wait_until {
            return Err(AppError::TooManyAttempts { until });
        }
    }
    let name: String = name.split_whitespace().collect();
    let found = find_by_number(db, number)
        .await?
        .is_some_and(|c| c.revoked_at.is_none() && secret::same(&c.holder, &name));
    if !found {
        throttle::fail(db, &subject).await?;
        throttle::fail(db, &target).await?;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn names_keep_only_their_first_character_and_hide_their_length() {
        assert_eq!(mask("王喆"), "王*");
        assert_eq!(mask("欧阳娜娜"), "欧*");
        assert_eq!(mask("买买提·艾力"), "买*");
        assert_eq!(mask("𪚥"), "𪚥*");
    }
}
