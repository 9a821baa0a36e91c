//! Judges' sign-in on shared tablets. The organiser issues a one-time code (also as a QR code)
//! that expires in minutes; typing or scanning it at `/judge` turns the tablet into a session
//! for that judge and event only. The organiser can end a judge's sessions at once.

use crate::accounts::Actor;
use crate::accounts::throttle::{self, Subject};
use crate::audit;
use crate::competitions::events::find_managed_event;
use crate::error::{AppError, AppResult};
use crate::secret;
use crate::time::now;
use chrono::Duration;
use entity::kinds::AuditAction;
use entity::{EventId, JudgeId, judge, judge_code, judge_session};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::net::IpAddr;

/// How long a code may wait before it is used.
pub const CODE_MINUTES: i64 = 10;
/// How long a tablet stays signed in: a long contest day.
pub const SESSION_HOURS: i64 = 16;
/// Letters and digits that read unambiguously off a screen.
const ALPHABET: &[u8] = b"ACDEFHJKLMNPQRTUVWXY34679";

/// A code just issued: shown once.
pub struct IssuedCode {
    pub code: String,
    pub judge: judge::Model,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Eight characters from [`ALPHABET`]: about 1.5 × 10¹¹ codes, each valid for minutes and once.
pub(crate) fn new_code() -> String {
    code_of_length(8)
}

/// `n` characters from [`ALPHABET`], from the operating system's generator (`rand::rng`).
pub(crate) fn code_of_length(n: usize) -> String {
    let mut rng = rand::rng();
    (0..n)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Normalises what a judge typed: upper case, no spaces or dashes.
pub(crate) fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

pub async fn issue_code(
    db: &impl ConnectionTrait,
    actor: &Actor,
    judge_id: JudgeId,
) -> AppResult<IssuedCode> {
    let j = judge::Entity::find_by_id(judge_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, comp) = find_managed_event(db, actor, j.event_id).await?;
    // After 成绩确认 no mark can change: a code would open a tablet with nothing to do.
    crate::competitions::status::refuse_if_final(db, comp.id, "发放裁判登录码").await?;
    let code = new_code();
    let at = now();
    let expires_at = at + Duration::minutes(CODE_MINUTES);
    judge_code::ActiveModel {
        judge_id: Set(j.id),
        code_hash: Set(secret::digest(&code)),
        issued_by: Set(Some(actor.user_id)),
        created_at: Set(at),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::JudgeCodeIssue,
        &format!("event:{}", j.event_id),
        serde_json::json!({"judge": j.id}),
    )
    .await?;
    Ok(IssuedCode {
        code,
        judge: j,
        expires_at,
    })
}

/// Exchanges a code for a session token (for the tablet's cookie). A code works once.
pub async fn redeem_code(
    db: &impl ConnectionTrait,
    code: &str,
    device: Option<&str>,
) -> AppResult<(String, judge::Model)> {
    let invalid = || AppError::invalid("code", "登录码无效、已使用或已过期，请向组织者重新领取");
    let found = judge_code::Entity::find()
        .filter(judge_code::Column::CodeHash.eq(secret::digest(&normalise(code))))
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    let at = now();
    if found.used_at.is_some() || found.expires_at <= at {
        return Err(invalid());
    }
    let j = judge::Entity::find_by_id(found.judge_id)
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if competition_is_final(db, j.event_id).await? {
        return Err(AppError::invalid(
            "code",
            "赛事成绩已确认，评分已结束，评分平板不再登录",
        ));
    }
    // Claim the code atomically: of two tablets racing, only one gets it.
    let claimed = judge_code::Entity::update_many()
        .col_expr(judge_code::Column::UsedAt, Expr::value(Some(at)))
        .filter(judge_code::Column::Id.eq(found.id))
        .filter(judge_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid());
    }
    let token = secret::new_secret();
    judge_session::ActiveModel {
        id: Set(secret::digest(&token)),
        judge_id: Set(j.id),
        device: Set(device.map(|d| d.chars().take(128).collect())),
        created_at: Set(at),
        expires_at: Set(at + Duration::hours(SESSION_HOURS)),
        revoked_at: Set(None),
        held_marks: Set(None),
        held_reported_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok((token, j))
}

/// [`redeem_code`] from the judge sign-in page, paced per client address: wrong codes from one
/// place soon wait (and are told until when), while a right code from anywhere else works at
/// once. A code that works clears its address's count (a venue's tablets may share one).
pub async fn redeem_code_from(
    db: &impl ConnectionTrait,
    code: &str,
    device: Option<&str>,
    from: IpAddr,
) -> AppResult<(String, judge::Model)> {
    let address = Subject::judge_code_address(from);
    if let Some(until) = throttle::attempts(db, &address).await?.wait_until {
        return Err(AppError::TooManyAttempts { until });
    }
    match redeem_code(db, code, device).await {
        Ok(signed_in) => {
            throttle::clear(db, &address).await?;
            Ok(signed_in)
        }
        Err(err @ AppError::Invalid { .. }) => match throttle::fail(db, &address).await? {
            Some(until) => Err(AppError::TooManyAttempts { until }),
            None => Err(err),
        },
        Err(other) => Err(other),
    }
}

/// Whether the event's competition has reached 成绩确认 (or was archived after it).
async fn competition_is_final(db: &impl ConnectionTrait, event_id: EventId) -> AppResult<bool> {
    let Some(ev) = crate::competitions::events::by_id(db, event_id).await? else {
        return Ok(false);
    };
    Ok(entity::competition::Entity::find_by_id(ev.competition_id)
        .one(db)
        .await?
        .is_some_and(|c| crate::competitions::status::results_final(c.status)))
}

/// Ends every tablet session of the competition's events, in the caller's transaction: at
/// 成绩确认 nothing is left for a tablet to do, and a signed-in tablet would still offer 保存.
pub async fn end_sessions_of_events(
    db: &impl ConnectionTrait,
    event_ids: &[EventId],
) -> AppResult<u64> {
    let judges: Vec<JudgeId> = judge::Entity::find()
        .filter(judge::Column::EventId.is_in(event_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|j| j.id)
        .collect();
    if judges.is_empty() {
        return Ok(0);
    }
    Ok(judge_session::Entity::update_many()
        .col_expr(judge_session::Column::RevokedAt, Expr::value(Some(now())))
        .filter(judge_session::Column::JudgeId.is_in(judges))
        .filter(judge_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// The judge a tablet's token stands for, unless the session ended.
pub async fn judge_for_session(
    db: &impl ConnectionTrait,
    token: &str,
) -> AppResult<Option<(judge::Model, judge_session::Model)>> {
    let Some(session) = judge_session::Entity::find_by_id(secret::digest(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if session.revoked_at.is_some() || session.expires_at <= now() {
        return Ok(None);
    }
    Ok(judge::Entity::find_by_id(session.judge_id)
        .one(db)
        .await?
        .map(|j| (j, session)))
}

/// Ends the session a tablet held before another judge signed in on it: a tablet holds one
/// judge at a time, and the organiser's list of tablets should not show the one it replaced.
pub async fn end_replaced_session(db: &impl ConnectionTrait, token: &str) -> AppResult<()> {
    judge_session::Entity::update_many()
        .col_expr(judge_session::Column::RevokedAt, Expr::value(Some(now())))
        .filter(judge_session::Column::Id.eq(secret::digest(token)))
        .filter(judge_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a judge at once (a lost or stolen tablet).
pub async fn end_sessions(
    db: &impl ConnectionTrait,
    actor: &Actor,
    judge_id: JudgeId,
) -> AppResult<u64> {
    let j = judge::Entity::find_by_id(judge_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    find_managed_event(db, actor, j.event_id).await?;
    let ended = judge_session::Entity::update_many()
        .col_expr(judge_session::Column::RevokedAt, Expr::value(Some(now())))
        .filter(judge_session::Column::JudgeId.eq(j.id))
        .filter(judge_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::JudgeSessionsEnd,
        &format!("event:{}", j.event_id),
        serde_json::json!({"judge": j.id, "sessions": ended}),
    )
    .await?;
    Ok(ended)
}
