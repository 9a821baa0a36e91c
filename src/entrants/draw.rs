//! The draw (抽签): station numbers (工位号) and blind codes (加密号) for an event's entrants.
//!
//! The draw is reproducible: a seed (given, or made at random and then recorded) drives a
//! ChaCha20 generator, so the same seed over the same entrants gives the same stations and
//! codes, and anyone can re-run it to check. The seed and the result go into the audit trail.
//! Blind codes are random letters and digits (no look-alikes such as 0/O or 1/I), unique in the
//! event, and say nothing about entry numbers or order. Who has which code is visible only to
//! the organiser (and, later, the chief judge) until results are published.

use crate::accounts::Actor;
use crate::audit;
use crate::competitions::events::{find_event, find_managed_event};
use crate::competitions::{access, status};
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::EntrantId;
use entity::EventId;
use entity::kinds::AuditAction;
use entity::kinds::EntrantStatus;
use entity::{entrant, event};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionSession, TransactionTrait,
};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Letters and digits that cannot be mistaken for one another on paper.
const ALPHABET: &[u8] = b"ACDEFHJKLMNPQRTUVWXY34679";
const CODE_LENGTH: usize = 4;

/// One entrant's lot.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Lot {
    pub entrant_id: EntrantId,
    pub entry_no: i32,
    pub station: i32,
    pub blind_code: String,
}

/// Stations 1..=n and blind codes for entrants given in entry-number order. Pure: the same
/// seed and entrants always give the same lots.
pub fn compute_draw(seed: &str, entrants: &[(EntrantId, i32)]) -> Vec<Lot> {
    let mut rng = ChaCha20Rng::from_seed(Sha256::digest(seed.as_bytes()).into());
    let mut stations: Vec<i32> = (1..=entrants.len() as i32).collect();
    stations.shuffle(&mut rng);
    let mut used = HashSet::new();
    entrants
        .iter()
        .zip(stations)
        .map(|(&(entrant_id, entry_no), station)| {
            let blind_code = loop {
                let code: String = (0..CODE_LENGTH)
                    .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                    .collect();
                if used.insert(code.clone()) {
                    break code;
                }
            };
            Lot {
                entrant_id,
                entry_no,
                station,
                blind_code,
            }
        })
        .collect()
}

/// Draws an event. Allowed until marking begins; a new draw replaces the old one, and both
/// stay in the audit trail.
pub async fn draw<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    seed: Option<String>,
) -> AppResult<(String, Vec<Lot>)> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    if status::marking_started(comp.status) {
        return Err(AppError::invalid("event", "评分已开始，不能重新抽签"));
    }
    let seed = match seed.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
        Some(s) if s.chars().count() > 64 => {
            return Err(AppError::invalid("seed", "抽签种子不超过 64 个字符"));
        }
        Some(s) => s,
        None => crate::secret::new_secret()[..16].to_owned(),
    };
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .filter(entrant::Column::Status.eq(EntrantStatus::Active))
        .order_by_asc(entrant::Column::EntryNo)
        .all(db)
        .await?;
    if entrants.is_empty() {
        return Err(AppError::invalid("event", "本项目还没有选手，无法抽签"));
    }
    let order: Vec<(EntrantId, i32)> = entrants.iter().map(|e| (e.id, e.entry_no)).collect();
    let lots = compute_draw(&seed, &order);

    let txn = crate::db::begin_write(db).await?;
    // Clear first, so that swapping stations never collides with the unique index.
    entrant::Entity::update_many()
        .col_expr(entrant::Column::Station, Expr::value(Option::<i32>::None))
        .col_expr(
            entrant::Column::BlindCode,
            Expr::value(Option::<String>::None),
        )
        .filter(entrant::Column::EventId.eq(ev.id))
        .exec(&txn)
        .await?;
    for lot in &lots {
        entrant::Entity::update_many()
            .col_expr(entrant::Column::Station, Expr::value(Some(lot.station)))
            .col_expr(
                entrant::Column::BlindCode,
                Expr::value(Some(lot.blind_code.clone())),
            )
            .filter(entrant::Column::Id.eq(lot.entrant_id))
            .exec(&txn)
            .await?;
    }
    let mut model = ev.into_active_model();
    model.draw_seed = Set(Some(seed.clone()));
    model.drawn_at = Set(Some(now()));
    let ev = model.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::Draw,
        &format!("event:{}", ev.id),
        serde_json::json!({"seed": seed, "lots": lots}),
    )
    .await?;
    txn.commit().await?;
    Ok((seed, lots))
}

/// Who has which station and code. Until results are published only those who manage the
/// competition may see it.
pub async fn draw_table(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<(event::Model, Vec<Lot>)> {
    let (ev, comp) = find_event(db, actor, event_id).await?;
    if !access::can_see_draw(actor, &comp, &ev) {
        return Err(AppError::Forbidden);
    }
    let lots = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .order_by_asc(entrant::Column::Station)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|e| {
            Some(Lot {
                entrant_id: e.id,
                entry_no: e.entry_no,
                station: e.station?,
                blind_code: e.blind_code?,
            })
        })
        .collect();
    Ok((ev, lots))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_draw() {
        let entrants: Vec<(EntrantId, i32)> = (1..=30).map(|i| (EntrantId(100 + i), i)).collect();
        let a = compute_draw("2026-数控车工", &entrants);
        assert_eq!(a, compute_draw("2026-数控车工", &entrants));
        assert_ne!(a, compute_draw("2026-数控车工 ", &entrants));
        let mut stations: Vec<i32> = a.iter().map(|l| l.station).collect();
        stations.sort_unstable();
        assert_eq!(stations, (1..=30).collect::<Vec<_>>());
        let codes: HashSet<&str> = a.iter().map(|l| l.blind_code.as_str()).collect();
        assert_eq!(codes.len(), 30);
        assert!(a.iter().all(
            |l| l.blind_code.len() == 4 && l.blind_code.bytes().all(|b| ALPHABET.contains(&b))
        ));
    }
}
