//! Password hashing with Argon2id. Hashing is slow on purpose, so it runs off the async threads.

use crate::error::{AppError, AppResult};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::OnceLock;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest (hashing a megabyte is work nobody should be able to ask for).
pub const MAX_PASSWORD_CHARS: usize = 128;

pub fn check_strength(password: &str) -> AppResult<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            format!("密码至少需要 {MIN_PASSWORD_CHARS} 个字符"),
        ));
    }
    // Not trimmed: spaces count in a password.
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            format!("密码不超过 {MAX_PASSWORD_CHARS} 个字符"),
        ));
    }
    Ok(())
}

pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2 hash: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("hash task: {e}")))?
}

/// Whether the password matches the stored hash. With no hash (an unknown user) it still does
/// the same work against a dummy hash, so timing does not tell which usernames exist.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let ok = PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        known && ok
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        Argon2::default()
            .hash_password(b"not a real password")
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn verifies_what_it_hashed() {
        let h = hash("正确的密码horse".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("正确的密码horse".into(), Some(h.clone())).await);
        assert!(!verify("wrong".into(), Some(h)).await);
        assert!(!verify("not a real password".into(), None).await);
    }
}
