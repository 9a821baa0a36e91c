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
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession,
    TransactionTrait,
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

/// What a draw gave. Under 二次加密 the draw is sealed: no seed and no lots come back, only how
/// many blind codes were drawn.
#[derive(Clone, Debug)]
pub struct Drawn {
    pub seed: Option<String>,
    pub lots: Vec<Lot>,
    pub sealed: bool,
    pub entrants: usize,
}

/// Draws an event. Allowed until marking begins; a new draw replaces the old one, and both
/// stay in the audit trail.
///
/// Under 二次加密 (`event.second_draw_seed` set) the draw is sealed: it gives blind codes
/// only (stations come from the hall's draw at check-in), a seed given by the organiser is
/// refused (whoever knows the seed knows the codes), and the audit trail keeps the seed's
/// SHA-256 rather than the seed and the lots, so that nobody can read who has which code
/// before the 解密; the seed is shown there, after the lock, and the hash proves it unchanged.
pub async fn draw<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    seed: Option<String>,
) -> AppResult<Drawn> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    if status::marking_started(comp.status) {
        return Err(AppError::invalid("event", "评分已开始，不能重新抽签"));
    }
    let sealed = ev.second_draw_seed.is_some();
    let given = seed.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let seed = match given {
        Some(_) if sealed => {
            return Err(AppError::invalid(
                "seed",
                "本项目启用了二次加密，加密号由系统随机抽取，不能指定抽签种子",
            ));
        }
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
    if sealed && entrants.iter().any(|e| e.checked_in_at.is_some()) {
        return Err(AppError::invalid(
            "event",
            "检录已开始，二次加密的项目不能重新抽取加密号",
        ));
    }
    let order: Vec<(EntrantId, i32)> = entrants.iter().map(|e| (e.id, e.entry_no)).collect();
    let lots = compute_draw(&seed, &order);

    let txn = crate::db::begin_write(db).await?;
    // Clear first, so that swapping stations never collides with the unique index.
    clear_draw(&txn, ev.id).await?;
    for lot in &lots {
        // Sealed: the hall's draw gives the stations at check-in.
        let station = (!sealed).then_some(lot.station);
        entrant::Entity::update_many()
            .col_expr(entrant::Column::Station, Expr::value(station))
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
    let detail = if sealed {
        serde_json::json!({"sealed": true, "seed_sha256": seed_hash(&seed),
                           "entrants": lots.len()})
    } else {
        serde_json::json!({"seed": seed, "lots": lots})
    };
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::Draw,
        &format!("event:{}", ev.id),
        detail,
    )
    .await?;
    txn.commit().await?;
    let entrants = lots.len();
    Ok(if sealed {
        Drawn {
            seed: None,
            lots: Vec::new(),
            sealed,
            entrants,
        }
    } else {
        Drawn {
            seed: Some(seed),
            lots,
            sealed,
            entrants,
        }
    })
}

/// A seed's SHA-256 in hex: recorded when a seed must stay secret for a while, so that the
/// seed shown later can be checked against the record.
pub fn seed_hash(seed: &str) -> String {
    Sha256::digest(seed.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hall's draw (二次加密): the station of the next entrant checked in, from the hall seed,
/// the number of stations and those already held. Pure and reproducible: the k-th check-in
/// draws from a generator seeded by the hall seed and k, among the free stations in order, so
/// replaying the check-ins in their order with the seed shown at the 解密 gives the same
/// stations. `None` when every station is held.
pub fn hall_station(seed: &str, stations: i32, held: &[i32]) -> Option<i32> {
    let free: Vec<i32> = (1..=stations).filter(|s| !held.contains(s)).collect();
    if free.is_empty() {
        return None;
    }
    let mut rng = ChaCha20Rng::from_seed(Sha256::digest(format!("{seed}#{}", held.len())).into());
    Some(free[rng.random_range(0..free.len())])
}

/// Turns 二次加密 on or off for an event, before check-in begins and before marking. Either
/// way the draw is cleared (an open draw the organiser has seen cannot be sealed afterwards;
/// a sealed one has no stations) and must be made again. The hall seed, given or made at
/// random, is recorded by its hash and shown at the 解密.
pub async fn set_second_draw<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    enabled: bool,
    seed: Option<String>,
) -> AppResult<event::Model> {
    let (ev, comp) = find_managed_event(db, actor, event_id).await?;
    if status::marking_started(comp.status) {
        return Err(AppError::invalid(
            "event",
            "评分已开始，不能更改二次加密设置",
        ));
    }
    let checked_in = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .filter(entrant::Column::CheckedInAt.is_not_null())
        .count(db)
        .await?;
    if checked_in > 0 {
        return Err(AppError::invalid(
            "event",
            "检录已开始，不能更改二次加密设置",
        ));
    }
    let hall_seed = match seed.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
        _ if !enabled => None,
        Some(s) if s.chars().count() > 64 => {
            return Err(AppError::invalid("seed", "检录抽签种子不超过 64 个字符"));
        }
        Some(s) => Some(s),
        None => Some(crate::secret::new_secret()[..16].to_owned()),
    };
    let txn = crate::db::begin_write(db).await?;
    clear_draw(&txn, ev.id).await?;
    let mut model = ev.into_active_model();
    model.second_draw_seed = Set(hall_seed.clone());
    model.draw_seed = Set(None);
    model.drawn_at = Set(None);
    let ev = model.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::SecondDraw,
        &format!("event:{}", ev.id),
        serde_json::json!({"enabled": enabled,
                           "hall_seed_sha256": hall_seed.as_deref().map(seed_hash)}),
    )
    .await?;
    txn.commit().await?;
    Ok(ev)
}

/// The station for an entrant being checked in under 二次加密, inside the check-in's write
/// transaction: the one the entrant drew from the box when the door typed it (`drawn`), else
/// the hall seed's. The event's row is locked first on PostgreSQL so that two doors never
/// draw against the same set of held stations (SQLite's write lock does that already).
pub(crate) async fn hall_station_for(
    txn: &impl ConnectionTrait,
    ev: &event::Model,
    drawn: Option<i32>,
) -> AppResult<Option<i32>> {
    let Some(seed) = ev.second_draw_seed.as_deref() else {
        return match drawn {
            Some(_) => Err(AppError::invalid(
                "station",
                "本项目没有启用二次加密，工位号由抽签确定",
            )),
            None => Ok(None),
        };
    };
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        event::Entity::find_by_id(ev.id)
            .lock_exclusive()
            .one(txn)
            .await?;
    }
    let entrants = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .filter(entrant::Column::BlindCode.is_not_null())
        .all(txn)
        .await?;
    if entrants.is_empty() {
        return Err(AppError::invalid(
            "event",
            "本项目启用了二次加密，请先抽取加密号再检录",
        ));
    }
    let stations = entrants.len() as i32;
    let held: Vec<i32> = entrants.iter().filter_map(|e| e.station).collect();
    match drawn {
        Some(s) if !(1..=stations).contains(&s) => Err(AppError::invalid(
            "station",
            format!("工位号应在 1 到 {stations} 之间"),
        )),
        Some(s) if held.contains(&s) => Err(AppError::invalid(
            "station",
            format!("{s} 号工位已有选手，请核对抽到的签"),
        )),
        Some(s) => Ok(Some(s)),
        None => hall_station(seed, stations, &held)
            .map(Some)
            .ok_or_else(|| AppError::invalid("station", "工位已全部抽完")),
    }
}

/// Takes every station and code of an event away (inside the caller's transaction).
async fn clear_draw(txn: &impl ConnectionTrait, event_id: EventId) -> AppResult<()> {
    entrant::Entity::update_many()
        .col_expr(entrant::Column::Station, Expr::value(Option::<i32>::None))
        .col_expr(
            entrant::Column::BlindCode,
            Expr::value(Option::<String>::None),
        )
        .filter(entrant::Column::EventId.eq(event_id))
        .exec(txn)
        .await?;
    Ok(())
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

    #[test]
    fn the_hall_draw_gives_every_station_once_and_replays() {
        let mut held = Vec::new();
        while let Some(s) = hall_station("门口-2026", 12, &held) {
            assert!(!held.contains(&s));
            held.push(s);
        }
        let mut sorted = held.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (1..=12).collect::<Vec<_>>());
        assert_ne!(held, sorted, "the order should not be the check-in order");
        let mut again = Vec::new();
        while let Some(s) = hall_station("门口-2026", 12, &again) {
            again.push(s);
        }
        assert_eq!(held, again);
        // A station taken from the box by hand is simply held: the seed draws around it.
        assert_ne!(hall_station("门口-2026", 12, &[5]), Some(5));
    }
}
