//! 证书查验: one public lookup for every certificate the city issues — a contest certificate
//! (certificates) or a craftsman title's certificate (awards), numbered the same way.

use crate::certificates::number::normalise;
use crate::certificates::verify::{self, Verification};
use crate::error::{AppError, AppResult};
use sea_orm::ConnectionTrait;

/// The public view of the certificate with this number, whichever context issued it.
pub async fn verify(db: &impl ConnectionTrait, number: &str) -> AppResult<Verification> {
    if let Some(found) = verify::verification(db, number).await? {
        return Ok(found);
    }
    crate::awards::titles::verification(db, &normalise(number))
        .await?
        .ok_or(AppError::NotFound)
}
