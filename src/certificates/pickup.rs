//! Winners fetch their own certificates with their entry number and the 领取码 their
//! organisation handed them. An unknown entry and a wrong code get the same answer; five wrong
//! tries lock the entry number for 15 minutes whether or not it exists (so the lock tells
//! nothing either), and one address is paced across entries.

use crate::accounts::throttle;
use crate::error::{AppError, AppResult};
use crate::secret;
use crate::time::now;
use chrono::Duration;
use entity::CompetitionId;
use entity::EventId;
use entity::kinds::CompetitionStatus;
use entity::{certificate, certificate_pickup, competition, entrant, event};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::net::IpAddr;

/// How long a download link from a correct code works.
pub const TOKEN_MINUTES: i64 = 60;

/// The one answer for an unknown entry and a wrong code.
pub fn no_match() -> AppError {
    AppError::invalid("code", "参赛证号或领取码不正确")
}

/// A correct pickup: the entrant's valid certificates and the token their links carry.
pub struct Picked {
    pub certificates: Vec<certificate::Model>,
    pub token: String,
    /// Certificates of this entrant that were revoked and not replaced: the winner is told so,
    /// with the reason and whom to contact, rather than finding an empty list.
    pub revoked: Vec<certificate::Model>,
    /// Whom to ask: the competition's stated contact, else the organising body.
    pub contact: String,
}

/// A 领取码's length: 12 characters of 25 (`ACDEFHJKLMNPQRTUVWXY34679`, nothing that reads as
/// another) are 25¹² ≈ 6 × 10¹⁶ codes, 55.7 bits. With every address paced to about 30 wrong
/// codes an hour, ten thousand addresses guessing for a year would try 2.6 × 10⁹ codes: one
/// chance in 23 million of finding any one winner's. The right code always works.
pub const PICKUP_CODE_LENGTH: usize = 12;

/// A new 领取码.
pub fn new_pickup_code() -> String {
    crate::judging::sign_in::code_of_length(PICKUP_CODE_LENGTH)
}

/// Checks an entry number and code for an event; on success gives a download token for an hour.
pub async fn pick_up(
    db: &impl ConnectionTrait,
    from: IpAddr,
    event_id: EventId,
    entry_no: i32,
    code: &str,
) -> AppResult<Picked> {
    let ev = event::Entity::find_by_id(event_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let comp = competition::Entity::find_by_id(ev.competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if comp.status != CompetitionStatus::Final {
        return Err(AppError::invalid(
            "competition",
            "该赛事成绩确认后才能领取证书",
        ));
    }
    // Only the address is paced. The code is long enough that guessing it is hopeless (see
    // `PICKUP_CODE_LENGTH`), so no entry is ever locked: strangers typing wrong codes for
    // someone's entry number cannot keep its winner out.
    let address = throttle::Subject::pickup_address(from);
    if let Some(until) = throttle::attempts(db, &address).await?.wait_until {
        return Err(AppError::TooManyAttempts { until });
    }
    let found = match entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(event_id))
        .filter(entrant::Column::EntryNo.eq(entry_no))
        .one(db)
        .await?
    {
        Some(en) => {
            certificate_pickup::Entity::find_by_id(en.id)
                .one(db)
                .await?
        }
        None => None,
    };
    let typed = crate::judging::sign_in::normalise(code);
    let Some(pickup) = found.filter(|p| secret::same(&p.code, &typed)) else {
        if let Some(until) = throttle::fail(db, &address).await? {
            return Err(AppError::TooManyAttempts { until });
        }
        return Err(no_match());
    };
    let token = secret::new_secret();
    certificate_pickup::Entity::update_many()
        .col_expr(
            certificate_pickup::Column::TokenHash,
            Expr::value(Some(secret::digest(&token))),
        )
        .col_expr(
            certificate_pickup::Column::TokenExpires,
            Expr::value(Some(now() + Duration::minutes(TOKEN_MINUTES))),
        )
        .filter(certificate_pickup::Column::EntrantId.eq(pickup.entrant_id))
        .exec(db)
        .await?;
    let (certificates, revoked): (Vec<_>, Vec<_>) = certificate::Entity::find()
        .filter(certificate::Column::EntrantId.eq(pickup.entrant_id))
        .order_by_asc(certificate::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| c.revoked_at.is_none() || c.replaced_by.is_none())
        .partition(|c| c.revoked_at.is_none());
    let contact = match comp
        .publicity_contact
        .clone()
        .filter(|c| !c.trim().is_empty())
    {
        Some(c) => c,
        None => entity::organisation::Entity::find_by_id(comp.organiser_id)
            .one(db)
            .await?
            .map(|o| format!("组委会（{}）", o.name))
            .unwrap_or_else(|| "组委会".into()),
    };
    Ok(Picked {
        certificates,
        token,
        revoked,
        contact,
    })
}

/// The certificate a download link names, if its token is the entrant's current one.
pub async fn by_token(
    db: &impl ConnectionTrait,
    number: &str,
    token: &str,
) -> AppResult<certificate::Model> {
    let cert = super::issue::find_by_number(db, number)
        .await?
        .filter(|c| c.revoked_at.is_none())
        .ok_or(AppError::NotFound)?;
    let pickup = certificate_pickup::Entity::find_by_id(cert.entrant_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let valid = pickup.token_expires.is_some_and(|t| t > now())
        && pickup
            .token_hash
            .is_some_and(|h| secret::same(&h, &secret::digest(token)));
    if valid {
        Ok(cert)
    } else {
        Err(AppError::NotFound)
    }
}

/// One line of an organisation's pickup list.
#[derive(Clone, Debug)]
pub struct CodeLine {
    pub organisation: String,
    pub event_id: entity::EventId,
    pub event: String,
    pub entry_no: i32,
    pub holders: String,
    pub code: String,
}

/// The pickup codes of a competition's entrants with certificates, by organisation, event and
/// entry number (optionally one organisation's).
pub async fn code_list(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
    organisation: Option<&str>,
) -> AppResult<Vec<CodeLine>> {
    let certs = super::issue::list(db, competition_id, organisation).await?;
    let mut by_entrant: std::collections::BTreeMap<
        entity::EntrantId,
        (String, entity::EventId, String, Vec<String>),
    > = std::collections::BTreeMap::new();
    for c in certs.iter().filter(|c| c.revoked_at.is_none()) {
        let e = by_entrant.entry(c.entrant_id).or_insert_with(|| {
            (
                c.organisation.clone(),
                c.event_id,
                c.event_name.clone(),
                Vec::new(),
            )
        });
        if !e.3.contains(&c.holder) {
            e.3.push(c.holder.clone());
        }
    }
    let ids: Vec<entity::EntrantId> = by_entrant.keys().copied().collect();
    let entrants: std::collections::HashMap<entity::EntrantId, i32> = entrant::Entity::find()
        .filter(entrant::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.entry_no))
        .collect();
    let codes: std::collections::HashMap<entity::EntrantId, String> =
        certificate_pickup::Entity::find()
            .filter(certificate_pickup::Column::EntrantId.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.entrant_id, p.code))
            .collect();
    let mut lines: Vec<CodeLine> = by_entrant
        .into_iter()
        .map(|(id, (organisation, event_id, event, holders))| CodeLine {
            organisation,
            event_id,
            event,
            entry_no: entrants.get(&id).copied().unwrap_or_default(),
            holders: holders.join("、"),
            code: codes.get(&id).cloned().unwrap_or_default(),
        })
        .collect();
    lines.sort_by(|a, b| {
        (&a.organisation, &a.event, a.entry_no).cmp(&(&b.organisation, &b.event, b.entry_no))
    });
    Ok(lines)
}
