//! What anyone holding a certificate may learn about it: whether it is genuine and still valid,
//! what it was for, and the holder's name partly masked. The form "number + name" answers only
//! match or no match.

use super::issue::find_by_number;
use crate::accounts::{secret, throttle};
use crate::error::{AppError, AppResult};
use entity::certificate;
use sea_orm::{ConnectionTrait, EntityTrait};
use std::net::IpAddr;

/// A name with all but its first and last characters masked (王* for two characters).
pub fn mask(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
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

pub async fn verification(db: &impl ConnectionTrait, number: &str) -> AppResult<Verification> {
    let Some(c) = find_by_number(db, number).await? else {
        // A craftsman title's certificate (kind 6) is numbered the same way.
        let (t, name) =
            crate::awards::titles::by_certificate(db, &super::number::normalise(number))
                .await?
                .ok_or(AppError::NotFound)?;
        return Ok(Verification {
            number: t.certificate_number.unwrap_or_default(),
            valid: true,
            revoked_at: None,
            revoked_reason: None,
            replaced_by: None,
            holder: mask(&name),
            competition: "新时代金华工匠培育工程".into(),
            event: String::new(),
            award: t.title.label().into(),
            issuer: t.title.issuer().into(),
            issued_on: t.conferred_on.unwrap_or_default(),
        });
    };
    let replaced_by = match c.replaced_by {
        Some(id) => certificate::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|n| n.number),
        None => None,
    };
    Ok(Verification {
        number: c.number,
        valid: c.revoked_at.is_none(),
        revoked_at: c.revoked_at,
        revoked_reason: c.revoked_reason,
        replaced_by,
        holder: mask(&c.holder),
        competition: c.competition_name,
        event: c.event_name,
        award: c.award_name,
        issuer: c.issuer,
        issued_on: c.issued_on,
    })
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
    if let Some(until) = throttle::standing(db, &subject).await?.wait_until {
        return Err(AppError::TooManyAttempts { until });
    }
    let name: String = name.split_whitespace().collect();
    let found = find_by_number(db, number)
        .await?
        .is_some_and(|c| c.revoked_at.is_none() && secret::same(&c.holder, &name));
    if !found {
        throttle::fail(db, &subject).await?;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn names_keep_only_their_first_and_last_characters() {
        assert_eq!(mask("王喆"), "王*");
        assert_eq!(mask("欧阳娜娜"), "欧**娜");
        assert_eq!(mask("买买提·艾力"), "买****力");
        assert_eq!(mask("𪚥"), "*");
    }
}
