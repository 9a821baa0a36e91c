//! Slowing down guessing without locking anyone out.
//!
//! Failed sign-ins and judge-code attempts are counted per **subject** — a client address, or
//! an account name — in a window. A few failures are free; after them each further failure
//! makes the subject wait before its next attempt, twice as long each time up to a ceiling.
//! Nothing is locked for good, and every refusal says when to try again.
//!
//! - Per **address**: a flood from one place is slowed to a trickle.
//! - Per **account name**: guessing one account from many places is paced too, but the owner is
//!   never kept out by strangers: the right password from an address with no failures of its
//!   own passes the account's wait (see [`super::users::sign_in`]). Names are counted whether or
//!   not such an account exists, so the answers never tell which usernames are real.
//!
//! Counts live in the database, so every server process sees them and an administrator can
//! clear them from a page or with `jiangxin admin unlock`.

use crate::error::AppResult;
use crate::time::now;
use chrono::{DateTime, Duration, Utc};
use entity::attempt_throttle;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::net::IpAddr;

/// How a kind of attempt is paced.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Failures allowed in the window before any wait.
    pub free: i32,
    /// How long failures are remembered, counted from the first.
    pub window: Duration,
    /// The wait after the first failure beyond the free ones; it doubles with each further one.
    pub first_wait: Duration,
    pub max_wait: Duration,
}

/// Passwords from one address: five free, then 5 s, 10 s, … up to 15 minutes.
pub const LOGIN_ADDRESS: Rule = Rule {
    free: 5,
    window: Duration::minutes(15),
    first_wait: Duration::seconds(5),
    max_wait: Duration::minutes(15),
};

/// Passwords for one account name from anywhere: five free, then 5 s, 10 s, … up to a minute.
/// A pace, not a lock: its owner signs in at once from an address with no failures.
pub const LOGIN_ACCOUNT: Rule = Rule {
    free: 5,
    window: Duration::minutes(15),
    first_wait: Duration::seconds(5),
    max_wait: Duration::minutes(1),
};

/// One-time judge codes from one address. A venue's tablets may share one address, and
/// judges mistype codes: twenty are free, and a code that works clears the count.
pub const JUDGE_CODE_ADDRESS: Rule = Rule {
    free: 20,
    window: Duration::minutes(15),
    first_wait: Duration::seconds(5),
    max_wait: Duration::minutes(15),
};

/// Objections to a publicity list from one address: anyone may object without an account, so
/// the tenth in an hour makes the next wait 1 minute, then 2, … up to an hour.
pub const OBJECTION_ADDRESS: Rule = Rule {
    free: 9,
    window: Duration::hours(1),
    first_wait: Duration::minutes(1),
    max_wait: Duration::hours(1),
};

/// Certificate pickups from one address, across entries: thirty free an hour, then 5 s, 10 s, …
/// up to 15 minutes.
pub const PICKUP_ADDRESS: Rule = Rule {
    free: 30,
    window: Duration::hours(1),
    first_wait: Duration::seconds(5),
    max_wait: Duration::minutes(15),
};

/// Wrong names typed for one certificate number, from anywhere: names are few and guessable,
/// so the number + name check is the one place where the target itself is counted. After five
/// wrong names in a day the check answers for no name (the right one included) until the day
/// is over; the certificate's page still shows whether it is valid.
pub const VERIFY_NUMBER: Rule = Rule {
    free: 4,
    window: Duration::hours(24),
    first_wait: Duration::hours(24),
    max_wait: Duration::hours(24),
};

/// Certificate checks by number and name from one address: thirty misses an hour are free.
pub const VERIFY_ADDRESS: Rule = Rule {
    free: 30,
    window: Duration::hours(1),
    first_wait: Duration::seconds(5),
    max_wait: Duration::minutes(15),
};

/// Who the failures are counted against.
#[derive(Clone, Debug)]
pub struct Subject {
    key: String,
    rule: Rule,
}

impl Subject {
    pub fn login_address(ip: IpAddr) -> Self {
        Self {
            key: format!("login-address:{}", canonical(ip)),
            rule: LOGIN_ADDRESS,
        }
    }

    /// Account names compare as the login form does: trimmed, and case does not matter.
    pub fn login_account(username: &str) -> Self {
        let name: String = username.trim().to_lowercase().chars().take(64).collect();
        Self {
            key: format!("login-account:{name}"),
            rule: LOGIN_ACCOUNT,
        }
    }

    /// Every objection counts, not only refused ones: it is the volume that is paced.
    pub fn objection_address(ip: IpAddr) -> Self {
        Self {
            key: format!("objection-address:{}", canonical(ip)),
            rule: OBJECTION_ADDRESS,
        }
    }

    pub fn pickup_address(ip: IpAddr) -> Self {
        Subject {
            key: format!("pickup-ip:{}", canonical(ip)),
            rule: PICKUP_ADDRESS,
        }
    }

    pub fn verify_number(number: &str) -> Self {
        Subject {
            key: format!(
                "verify-number:{}",
                number.chars().take(32).collect::<String>()
            ),
            rule: VERIFY_NUMBER,
        }
    }

    pub fn verify_address(ip: IpAddr) -> Self {
        Subject {
            key: format!("verify-ip:{}", canonical(ip)),
            rule: VERIFY_ADDRESS,
        }
    }

    pub fn judge_code_address(ip: IpAddr) -> Self {
        Self {
            key: format!("judge-code-address:{}", canonical(ip)),
            rule: JUDGE_CODE_ADDRESS,
        }
    }
}

/// An IPv4 client seen through an IPv6 socket is the same client.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// A subject's failed attempts now, and how long it must wait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    /// Failures in the current window.
    pub failures: i32,
    /// No attempt is taken before this time.
    pub wait_until: Option<DateTime<Utc>>,
}

/// The subject's failures in its window, and how long it must wait (if it must).
pub async fn attempts(db: &impl ConnectionTrait, subject: &Subject) -> AppResult<Attempts> {
    let at = now();
    let Some(row) = attempt_throttle::Entity::find_by_id(subject.key.clone())
        .one(db)
        .await?
    else {
        return Ok(Attempts::default());
    };
    if row.first_failure_at + subject.rule.window <= at && row.wait_until.is_none_or(|w| w <= at) {
        return Ok(Attempts::default());
    }
    Ok(Attempts {
        failures: row.failures,
        wait_until: row.wait_until.filter(|w| *w > at),
    })
}

/// Counts a failure. Returns when the subject may try again if it must now wait.
pub async fn fail(
    db: &impl ConnectionTrait,
    subject: &Subject,
) -> AppResult<Option<DateTime<Utc>>> {
    let at = now();
    let rule = subject.rule;
    // The row exists from the first failure on; later steps change it atomically, so that
    // guesses racing each other are all counted.
    attempt_throttle::Entity::insert(attempt_throttle::ActiveModel {
        key: Set(subject.key.clone()),
        failures: Set(0),
        first_failure_at: Set(at),
        last_failure_at: Set(at),
        wait_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(attempt_throttle::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .try_insert()
    .exec(db)
    .await?;
    // A window that is over starts again.
    attempt_throttle::Entity::update_many()
        .col_expr(attempt_throttle::Column::Failures, Expr::value(0))
        .col_expr(attempt_throttle::Column::FirstFailureAt, Expr::value(at))
        .filter(attempt_throttle::Column::Key.eq(&subject.key))
        .filter(attempt_throttle::Column::FirstFailureAt.lte(at - rule.window))
        .exec(db)
        .await?;
    attempt_throttle::Entity::update_many()
        .col_expr(
            attempt_throttle::Column::Failures,
            Expr::col(attempt_throttle::Column::Failures).add(1),
        )
        .col_expr(attempt_throttle::Column::LastFailureAt, Expr::value(at))
        .filter(attempt_throttle::Column::Key.eq(&subject.key))
        .exec(db)
        .await?;
    let failures = attempt_throttle::Entity::find_by_id(subject.key.clone())
        .one(db)
        .await?
        .map_or(1, |r| r.failures);
    // Old rows of subjects that stopped failing long ago go, so that a spray of made-up names
    // does not grow the table for ever.
    attempt_throttle::Entity::delete_many()
        .filter(attempt_throttle::Column::LastFailureAt.lt(at - Duration::days(1)))
        .exec(db)
        .await?;
    let Some(wait) = wait_after(rule, failures) else {
        return Ok(None);
    };
    let until = at + wait;
    attempt_throttle::Entity::update_many()
        .col_expr(
            attempt_throttle::Column::WaitUntil,
            Expr::value(Some(until)),
        )
        .filter(attempt_throttle::Column::Key.eq(&subject.key))
        .exec(db)
        .await?;
    Ok(Some(until))
}

/// The wait after the `failures`-th failure in a window, if any.
pub fn wait_after(rule: Rule, failures: i32) -> Option<Duration> {
    let beyond = failures - rule.free;
    if beyond <= 0 {
        return None;
    }
    // 2^(beyond-1) × first wait, without overflow for long floods.
    let doublings = std::cmp::Ord::min(u32::try_from(beyond - 1).unwrap_or(u32::MAX), 30);
    let wait = rule
        .first_wait
        .checked_mul(1_i32 << doublings)
        .unwrap_or(rule.max_wait);
    Some(wait.min(rule.max_wait))
}

/// Forgets a subject's failures (a success, or an administrator's unlock).
pub async fn clear(db: &impl ConnectionTrait, subject: &Subject) -> AppResult<bool> {
    Ok(attempt_throttle::Entity::delete_by_id(subject.key.clone())
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_the_first_failure_beyond_the_free_ones_up_to_the_ceiling() {
        let r = LOGIN_ADDRESS;
        assert_eq!(wait_after(r, 5), None);
        assert_eq!(wait_after(r, 6), Some(Duration::seconds(5)));
        assert_eq!(wait_after(r, 7), Some(Duration::seconds(10)));
        assert_eq!(wait_after(r, 12), Some(Duration::seconds(320)));
        assert_eq!(wait_after(r, 13), Some(Duration::seconds(640)));
        assert_eq!(wait_after(r, 14), Some(Duration::minutes(15)));
        assert_eq!(wait_after(r, 10_000), Some(Duration::minutes(15)));
        assert_eq!(wait_after(LOGIN_ACCOUNT, 100), Some(Duration::minutes(1)));
    }

    #[test]
    fn account_names_compare_as_typed_and_addresses_as_clients() {
        assert_eq!(
            Subject::login_account(" Admin ").key,
            Subject::login_account("admin").key
        );
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        let plain: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(
            Subject::login_address(mapped).key,
            Subject::login_address(plain).key
        );
    }
}
