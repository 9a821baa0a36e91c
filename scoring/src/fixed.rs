//! Exact arithmetic inside the engine.
//!
//! Marks arrive as [`Decimal`]s with at most four places. Inside, they are whole numbers of
//! ten-thousandths (`i64`), sums are exact integer sums, and a mean or a conversion is a
//! fraction `numerator / denominator` that is rounded exactly once, by the scheme's rounding.
//! So `(2 + 2 + 3) ÷ 3 ÷ 3 × 10` gives 7.78 with no intermediate 0.33333… creeping in, and it
//! is fast: no decimal division happens until the very end.

use crate::rounding::{Rounding, RoundingMode};
use rust_decimal::Decimal;

/// Ten-thousandths.
pub(crate) const SCALE: u32 = 4;
pub(crate) const ONE: i64 = 10_000;

/// A decimal as ten-thousandths, or `None` if it has more than four places or is too large.
pub(crate) fn to_fixed(d: Decimal) -> Option<i64> {
    const POW10: [i128; 5] = [10_000, 1_000, 100, 10, 1];
    let scale = d.scale();
    let mantissa = d.mantissa();
    let scaled = if scale <= SCALE {
        mantissa.checked_mul(POW10[scale as usize])?
    } else {
        let divisor = 10_i128.pow(scale - SCALE);
        if mantissa % divisor != 0 {
            return None;
        }
        mantissa / divisor
    };
    i64::try_from(scaled).ok()
}

pub(crate) fn from_fixed(v: i64) -> Decimal {
    Decimal::new(v, SCALE)
}

/// `numerator / denominator` ten-thousandths, rounded once to `rounding.places` places.
pub(crate) fn round_ratio(numerator: i128, denominator: i128, rounding: Rounding) -> Decimal {
    debug_assert!(denominator != 0);
    let (n, d) = if denominator < 0 {
        (-numerator, -denominator)
    } else {
        (numerator, denominator)
    };
    // value = n / (d · 10⁴); wanted: q = value · 10^places, rounded.
    let (n, d) = if rounding.places >= SCALE {
        (n * 10_i128.pow(rounding.places - SCALE), d)
    } else {
        (n, d * 10_i128.pow(SCALE - rounding.places))
    };
    // Almost every mark fits in 64 bits, where division is several times cheaper.
    if let (Ok(n64), Ok(d64)) = (i64::try_from(n), i64::try_from(d)) {
        let q = div_round64(n64, d64, rounding.mode);
        return Decimal::new(q, rounding.places);
    }
    let q = div_round(n, d, rounding.mode);
    Decimal::from_i128_with_scale(q, rounding.places)
}

/// Integer division rounded by `mode` (`d > 0`), for 64 and 128 bits alike.
macro_rules! div_round {
    ($name:ident, $t:ty) => {
        fn $name(n: $t, d: $t, mode: RoundingMode) -> $t {
            let q = n.div_euclid(d);
            let r = n.rem_euclid(d);
            if r == 0 {
                return q;
            }
            let twice = 2 * r;
            let up = match mode {
                RoundingMode::Down => n < 0,
                RoundingMode::Up => n > 0,
                RoundingMode::HalfUp => twice > d || (twice == d && n > 0),
                RoundingMode::HalfEven => twice > d || (twice == d && q % 2 != 0),
            };
            if up { q + 1 } else { q }
        }
    };
}

div_round!(div_round64, i64);
div_round!(div_round, i128);

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn converts_exactly() {
        assert_eq!(to_fixed(d("95.50")), Some(955_000));
        assert_eq!(to_fixed(d("0.0001")), Some(1));
        assert_eq!(to_fixed(d("1.000000")), Some(10_000));
        assert_eq!(to_fixed(d("1.00001")), None);
        assert_eq!(from_fixed(955_000), d("95.5"));
    }

    #[test]
    fn rounds_once_by_the_stated_mode() {
        let two = |mode| Rounding { places: 2, mode };
        // 7/3 = 2.3333…
        assert_eq!(round_ratio(70_000, 3, two(RoundingMode::HalfUp)), d("2.33"));
        // 0.125 at two places
        assert_eq!(round_ratio(1_250, 1, two(RoundingMode::HalfUp)), d("0.13"));
        assert_eq!(
            round_ratio(1_250, 1, two(RoundingMode::HalfEven)),
            d("0.12")
        );
        assert_eq!(round_ratio(1_250, 1, two(RoundingMode::Down)), d("0.12"));
        assert_eq!(round_ratio(1_201, 1, two(RoundingMode::Up)), d("0.13"));
        assert_eq!(
            round_ratio(-1_250, 1, two(RoundingMode::HalfUp)),
            d("-0.13")
        );
        assert_eq!(round_ratio(-1_250, 1, two(RoundingMode::Down)), d("-0.12"));
        assert_eq!(
            round_ratio(
                5,
                1,
                Rounding {
                    places: 6,
                    mode: RoundingMode::HalfUp
                }
            ),
            d("0.000500")
        );
    }
}
