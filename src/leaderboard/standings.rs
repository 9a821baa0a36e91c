//! One event's standings as a board: what the public may see, or the organiser's live truth.

use super::settings::{LiveMarks, LiveSettings};
use crate::error::AppResult;
use crate::marking::ledger::{self, Ledger, Selection};
use chrono::{DateTime, Utc};
use entity::kinds::EntrantStatus;
use entity::{
    EntrantId, OrganisationId, competition, entrant, entrant_member, event, organisation, person,
};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Spectators: the event's live settings decide what they see.
    Public,
    /// Organisers: every stored mark, every name, never frozen.
    Organiser,
}

/// One line of a board. Nothing personal beyond a name: never an ID or phone number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BoardRow {
    pub entrant: EntrantId,
    /// `None` for an entrant who withdrew or was disqualified, or has no counted mark yet.
    pub rank: Option<u32>,
    /// The name (a team's name, or its members'), or the blind code in anonymous mode.
    pub name: String,
    /// Empty in anonymous mode.
    pub organisation: String,
    /// The total as the scheme rounds it (to its places, e.g. 87.90); `None` before any mark
    /// counts. Spectators are sent it as text, "—" for none.
    #[serde(serialize_with = "super::live::wire_total")]
    pub total: Option<Decimal>,
    /// Still being marked: the total and rank may change.
    pub marking: bool,
    /// Spectators are sent 退赛 or 取消资格, or nothing while competing.
    #[serde(serialize_with = "super::live::wire_status")]
    pub status: EntrantStatus,
    /// Once the results are final: the award as the results word it (团体三等奖 in a team
    /// event); the place is then the official one ([`crate::lifecycle::boards::board`] sets
    /// both). Absent from the wire before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub award: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Board {
    pub event: entity::EventId,
    /// 数控车工（职工组）
    pub title: String,
    pub competition: String,
    /// Names are hidden (public board, anonymous mode, results not published).
    pub anonymous: bool,
    /// The freeze time, when the public board is frozen.
    #[serde(serialize_with = "super::live::wire_minute")]
    pub frozen_at: Option<DateTime<Utc>>,
    /// The competition's results are final (成绩确认 or later): the official places apply.
    /// Not on the wire: the rows' places and awards say it.
    #[serde(skip)]
    pub results_final: bool,
    /// Only confirmed marks count (public board).
    pub confirmed_only: bool,
    pub rows: Vec<BoardRow>,
    /// Why there is no ranking yet (e.g. the scheme is not complete).
    pub note: Option<String>,
}

/// What a board is computed from, read once: the ledger under the audience's settings, the
/// competition, and the names. Kept by a live board so that a new mark costs one read of the
/// new marks ([`Ledger::catch_up`]) rather than all of this again.
#[derive(Clone, Debug)]
pub struct Inputs {
    pub audience: Audience,
    pub ledger: Ledger,
    pub competition: String,
    pub results_final: bool,
    pub anonymous: bool,
    pub frozen_at: Option<DateTime<Utc>>,
    pub confirmed_only: bool,
    names: HashMap<EntrantId, String>,
    organisations: HashMap<OrganisationId, String>,
}

/// Which marks an audience sees of an event at `now`: the ledger's selection, and whether
/// names are hidden. A live board reads its inputs again when this changes (the freeze time
/// has come).
pub fn selection(ev: &event::Model, audience: Audience, now: DateTime<Utc>) -> (Selection, bool) {
    let settings = LiveSettings::of(ev);
    let public = audience == Audience::Public && !ev.results_published;
    let selection = Selection {
        signed_only: audience == Audience::Public && settings.marks == LiveMarks::Confirmed,
        as_of: settings.freeze_at.filter(|at| public && *at <= now),
        judge: None,
    };
    (selection, public && settings.anonymous)
}

/// Reads a board's inputs.
pub async fn inputs(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    audience: Audience,
    now: DateTime<Utc>,
) -> AppResult<Inputs> {
    let (selection, anonymous) = selection(ev, audience, now);
    let (competition, results_final) = competition::Entity::find_by_id(ev.competition_id)
        .one(db)
        .await?
        .map(|c| {
            let is_final = crate::competitions::status::results_final(c.status);
            (c.name, is_final)
        })
        .unwrap_or_default();
    let ledger = ledger::load(db, ev, selection).await?;
    let (names, organisations) = if anonymous {
        (HashMap::new(), HashMap::new())
    } else {
        names_of(db, &ledger.entrants).await?
    };
    Ok(Inputs {
        audience,
        ledger,
        competition,
        results_final,
        anonymous,
        frozen_at: selection.as_of,
        confirmed_only: selection.signed_only,
        names,
        organisations,
    })
}

/// The board of an event for an audience, at `now`.
pub async fn board(
    db: &impl ConnectionTrait,
    ev: &event::Model,
    audience: Audience,
    now: DateTime<Utc>,
) -> AppResult<Board> {
    standings(&inputs(db, ev, audience, now).await?).await
}

/// The board its inputs make: the standings scored, in rank order.
pub async fn standings(inputs: &Inputs) -> AppResult<Board> {
    let Inputs {
        audience,
        ref ledger,
        anonymous,
        ref names,
        ref organisations,
        ..
    } = *inputs;
    let ev = &ledger.event;
    let mut board = Board {
        event: ev.id,
        title: crate::competitions::events::title(ev),
        competition: inputs.competition.clone(),
        results_final: inputs.results_final,
        anonymous,
        frozen_at: inputs.frozen_at,
        confirmed_only: inputs.confirmed_only,
        rows: Vec::new(),
        note: None,
    };
    let places = ledger.scheme()?.total_rounding.places;
    let sheets = ledger.sheets()?;
    // Scoring a large event uses every core: off the async workers.
    let scheme = ledger.scheme()?.clone();
    let scored = tokio::task::spawn_blocking(move || {
        scoring::Standings::new(scheme, scoring::RankingRules::default(), sheets)
    })
    .await
    .map_err(|e| crate::error::AppError::Internal(format!("standings: {e}")))?;
    let scored = match scored {
        Ok(scored) => scored,
        Err(_) => {
            board.note = Some("评分方案尚未完成，暂无排名".into());
            return Ok(board);
        }
    };
    let entrants: HashMap<EntrantId, &entrant::Model> =
        ledger.entrants.iter().map(|e| (e.id, e)).collect();
    for standing in scored.standings() {
        let id = EntrantId::from(standing.entrant);
        let Some(e) = entrants.get(&id) else { continue };
        if !e.status.competes() && audience == Audience::Public {
            continue;
        }
        let name = if anonymous {
            e.blind_code
                .clone()
                .unwrap_or_else(|| format!("{} 号", e.entry_no))
        } else {
            names.get(&id).cloned().unwrap_or_default()
        };
        // Nothing counted yet: no total to show and no place to hold.
        let started = scored
            .result(standing.entrant)
            .is_some_and(|r| r.aspects.iter().any(|a| a.counts()));
        board.rows.push(BoardRow {
            entrant: id,
            rank: standing.rank.filter(|_| started),
            name,
            organisation: organisations
                .get(&e.organisation_id)
                .cloned()
                .unwrap_or_default(),
            total: started.then(|| {
                let mut total = standing.total;
                total.rescale(places);
                total
            }),
            marking: standing.provisional,
            status: e.status,
            award: None,
        });
    }
    // Ranked entrants first (a stable sort keeps their order), then those without a place.
    board.rows.sort_by_key(|r| r.rank.is_none());
    Ok(board)
}

/// Entrants' display names (a team's name, or its members' names) and organisation names.
pub(crate) async fn names_of(
    db: &impl ConnectionTrait,
    entrants: &[entrant::Model],
) -> AppResult<(HashMap<EntrantId, String>, HashMap<OrganisationId, String>)> {
    let ids: Vec<EntrantId> = entrants.iter().map(|e| e.id).collect();
    let members = entrant_member::Entity::find()
        .filter(entrant_member::Column::EntrantId.is_in(ids))
        .all(db)
        .await?;
    let people: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(members.iter().map(|m| m.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut names: HashMap<EntrantId, Vec<String>> = HashMap::new();
    for m in &members {
        if let Some(n) = people.get(&m.person_id) {
            names.entry(m.entrant_id).or_default().push(n.clone());
        }
    }
    let shown = entrants
        .iter()
        .map(|e| {
            let members = names.remove(&e.id).unwrap_or_default().join("、");
            let name = match &e.team_name {
                Some(team) if !team.is_empty() => format!("{team}（{members}）"),
                _ => members,
            };
            (e.id, name)
        })
        .collect();
    let organisations = organisation::Entity::find()
        .filter(
            organisation::Column::Id.is_in(
                entrants
                    .iter()
                    .map(|e| e.organisation_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok((shown, organisations))
}
