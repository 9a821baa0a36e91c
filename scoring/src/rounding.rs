//! How a figure is rounded: to how many places, and which way at the half.

use rust_decimal::{Decimal, RoundingStrategy};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoundingMode {
    /// 四舍五入: halves away from zero (2.345 → 2.35). The usual rule in Chinese contests.
    HalfUp,
    /// Banker's rounding: halves to the even neighbour (2.345 → 2.34).
    HalfEven,
    /// 截尾: toward zero (2.349 → 2.34).
    Down,
    /// 进一: away from zero (2.341 → 2.35).
    Up,
}

/// Places and mode; every figure the engine produces is rounded by one of these, once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rounding {
    pub places: u32,
    pub mode: RoundingMode,
}

impl Rounding {
    /// Two places, half up: the common rule for marks.
    pub const MARKS: Rounding = Rounding {
        places: 2,
        mode: RoundingMode::HalfUp,
    };

    pub const fn new(places: u32, mode: RoundingMode) -> Self {
        Rounding { places, mode }
    }

    pub fn round(&self, value: Decimal) -> Decimal {
        let strategy = match self.mode {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
        };
        let mut rounded = value.round_dp_with_strategy(self.places, strategy);
        rounded.rescale(self.places);
        rounded
    }
}
