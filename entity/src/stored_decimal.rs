//! Exact storage for marks and money.
//!
//! sea-orm creates a `decimal` column as `real` on SQLite, so 95.50 would come back as a float
//! and long values would lose digits. Every mark and every yuan is therefore stored as a
//! whole number of ten-thousandths in a `BIGINT` column, which both SQLite and PostgreSQL keep
//! exactly, sort correctly and can sum. Four places cover every scheme (marks are given to at
//! most two or three places, money to the fen); a value with more places is refused rather than
//! rounded, so nothing is silently changed on the way in.

use rust_decimal::Decimal;
use sea_orm::DeriveValueType;

/// Decimal places kept in storage.
pub const SCALE: u32 = 4;

/// A mark or an amount of money as stored: `value × 10⁴` in a 64-bit integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, DeriveValueType)]
pub struct StoredDecimal(i64);

/// Why a decimal cannot be stored exactly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredDecimalError {
    #[error("最多保留 4 位小数")]
    TooManyPlaces,
    #[error("数值超出可存储范围")]
    OutOfRange,
}

impl StoredDecimal {
    /// The exact decimal this stored value stands for, at four places (95.50 → 95.5000).
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, SCALE)
    }

    /// The raw scaled integer, for SQL sums and comparisons.
    pub fn scaled(self) -> i64 {
        self.0
    }

    /// The stored value from its raw scaled integer, as a query that reads the column as an
    /// integer returns it.
    pub fn from_scaled(scaled: i64) -> Self {
        StoredDecimal(scaled)
    }
}

impl TryFrom<Decimal> for StoredDecimal {
    type Error = StoredDecimalError;

    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        let normal = value.normalize();
        if normal.scale() > SCALE {
            return Err(StoredDecimalError::TooManyPlaces);
        }
        let scaled = normal
            .checked_mul(Decimal::from(10_i64.pow(SCALE)))
            .ok_or(StoredDecimalError::OutOfRange)?;
        let scaled: i64 = scaled
            .try_into()
            .map_err(|_| StoredDecimalError::OutOfRange)?;
        Ok(Self(scaled))
    }
}

impl From<StoredDecimal> for Decimal {
    fn from(value: StoredDecimal) -> Self {
        value.to_decimal()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn keeps_values_exactly() {
        for s in ["95.50", "1234567.8912", "0", "-3.25", "100", "0.0001"] {
            let stored = StoredDecimal::try_from(d(s)).unwrap();
            assert_eq!(stored.to_decimal(), d(s), "{s}");
        }
        assert_eq!(
            StoredDecimal::try_from(d("95.50")).unwrap().scaled(),
            955_000
        );
    }

    #[test]
    fn refuses_rather_than_rounds() {
        assert_eq!(
            StoredDecimal::try_from(d("1.00005")),
            Err(StoredDecimalError::TooManyPlaces)
        );
        assert_eq!(
            StoredDecimal::try_from(d("1000000000000000")),
            Err(StoredDecimalError::OutOfRange)
        );
        // Trailing zeros beyond four places are not extra precision.
        assert!(StoredDecimal::try_from(d("2.500000")).is_ok());
    }
}
