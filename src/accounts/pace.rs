//! Pacing of public lookups per address, in memory: a lookup that reads (a certificate's page)
//! must not write to the database to be counted, or a crowd of lookups would queue behind the
//! judges' marks for the write lock. Each process paces its own callers; behind several
//! processes an address gets a little more, never a flood.
//!
//! The rule is the generic cell rate algorithm: `rate` lookups a minute on average, bursts of
//! up to `burst`; one instant per address is all it keeps.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Addresses remembered at most; past it, those that are idle again are forgotten first.
const MAX_ADDRESSES: usize = 100_000;

#[derive(Clone)]
pub struct Pace {
    interval: Duration,
    burst: Duration,
    next: Arc<Mutex<HashMap<IpAddr, Instant>>>,
}

impl Pace {
    /// `per_minute` on average, `burst` at once.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let interval = Duration::from_secs(60) / per_minute.max(1);
        Self {
            interval,
            burst: interval * burst.max(1),
            next: Default::default(),
        }
    }

    /// Lookups of certificates by number: an employer checks a handful, a hall of phones
    /// scanning QR codes at a ceremony behind one address a few hundred over an evening;
    /// 717 a second from one address, as a stranger's script did, is neither.
    pub fn verification() -> Self {
        Self::new(30, 60)
    }

    /// Whether `from` may look up now; if not, how long until it may.
    pub fn check(&self, from: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        if next.len() >= MAX_ADDRESSES {
            next.retain(|_, at| *at > now);
        }
        let at = next.get(&from).copied().unwrap_or(now).max(now);
        let ahead = at - now;
        if ahead + self.interval > self.burst {
            return Err(ahead + self.interval - self.burst);
        }
        next.insert(from, at + self.interval);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_free_then_the_average_holds_per_address() {
        let pace = Pace::new(60, 5);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..5 {
            assert!(pace.check(a).is_ok());
        }
        let wait = pace.check(a).unwrap_err();
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        assert!(pace.check(b).is_ok(), "another address is not held up");
    }
}
