//! An event's standings (排名): every entrant scored and ranked, and kept up to date mark by
//! mark.
//!
//! [`Standings::new`] scores every sheet (on every core for a very large event, with scoped
//! threads: a caller on an async runtime runs it on a blocking thread). [`Standings::record_mark`]
//! aggregates again only the one aspect of the one entrant and re-totals that entrant; the
//! ranking is a sort of the cached totals, so a 500-entrant event recomputes in microseconds
//! (see `benches/standings.rs`). The server today rebuilds the standings from its ledger on
//! each board refresh; `record_mark` is for callers that hold them between marks.

use crate::aggregate::{JudgeMark, JudgeRef, aggregate_prepared};
use crate::mark::Prepared;
use crate::mark::{MarkError, check_mark};
use crate::ranking::{RankingRules, Standing, rank};
use crate::scheme::{AspectId, Scheme, SchemeError};
use crate::totals::{
    EntrantRef, EntrantResult, EntrantSheet, prepare, score_entrant_prepared, total_entrant,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StandingsError {
    #[error("评分方案有误：{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))]
    Scheme(Vec<SchemeError>),
    #[error("选手不在本项目中")]
    UnknownEntrant,
    #[error("评分项不在本评分方案中")]
    UnknownAspect,
    #[error("选手重复")]
    DuplicateEntrant,
    #[error("{0}")]
    Mark(#[from] MarkError),
}

/// Below this many entrants one thread is quicker than starting others.
const PARALLEL_FROM: usize = 2_000;

/// Scores every entrant, on every core for a large event. Threads are plain `std` scoped
/// threads over disjoint slices: no shared state, so the result is the same as one thread's.
fn score_all(
    scheme: &Scheme,
    prepared: &[Prepared],
    sheets: &[EntrantSheet],
) -> Vec<EntrantResult> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if sheets.len() < PARALLEL_FROM || cores < 2 {
        return sheets
            .iter()
            .map(|s| score_entrant_prepared(scheme, prepared, s))
            .collect();
    }
    let chunk = sheets.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let parts: Vec<_> = sheets
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| score_entrant_prepared(scheme, prepared, s))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[derive(Clone, Debug)]
pub struct Standings {
    scheme: Scheme,
    prepared: Vec<Prepared>,
    ranking: RankingRules,
    aspect_index: HashMap<AspectId, usize>,
    entrant_index: HashMap<EntrantRef, usize>,
    sheets: Vec<EntrantSheet>,
    results: Vec<EntrantResult>,
}

impl Standings {
    /// Checks the scheme and scores every entrant.
    pub fn new(
        scheme: Scheme,
        ranking: RankingRules,
        sheets: Vec<EntrantSheet>,
    ) -> Result<Self, StandingsError> {
        let errors = scheme.check();
        if !errors.is_empty() {
            return Err(StandingsError::Scheme(errors));
        }
        let aspect_index = scheme
            .aspects()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        let mut entrant_index = HashMap::with_capacity(sheets.len());
        for (i, s) in sheets.iter().enumerate() {
            if entrant_index.insert(s.entrant, i).is_some() {
                return Err(StandingsError::DuplicateEntrant);
            }
        }
        let prepared = prepare(&scheme);
        let results = score_all(&scheme, &prepared, &sheets);
        Ok(Standings {
            scheme,
            prepared,
            ranking,
            aspect_index,
            entrant_index,
            sheets,
            results,
        })
    }

    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    pub fn results(&self) -> &[EntrantResult] {
        &self.results
    }

    pub fn result(&self, entrant: EntrantRef) -> Option<&EntrantResult> {
        self.entrant_index.get(&entrant).map(|&i| &self.results[i])
    }

    pub fn sheet(&self, entrant: EntrantRef) -> Option<&EntrantSheet> {
        self.entrant_index.get(&entrant).map(|&i| &self.sheets[i])
    }

    /// Records (or replaces) one judge's mark. A refused mark changes nothing.
    pub fn record_mark(
        &mut self,
        entrant: EntrantRef,
        aspect: AspectId,
        judge: JudgeRef,
        value: Decimal,
    ) -> Result<(), StandingsError> {
        let (e, a) = self.locate(entrant, aspect)?;
        let spec = self
            .scheme
            .aspects()
            .nth(a)
            .ok_or(StandingsError::UnknownAspect)?;
        check_mark(spec, value)?;
        let marks = &mut self.sheets[e].aspects[a].marks;
        match marks.iter_mut().find(|m| m.judge == judge) {
            Some(existing) => existing.value = value,
            None => marks.push(JudgeMark { judge, value }),
        }
        self.rescore(e, a);
        Ok(())
    }

    /// Withdraws one judge's mark (a correction before re-marking).
    pub fn remove_mark(
        &mut self,
        entrant: EntrantRef,
        aspect: AspectId,
        judge: JudgeRef,
    ) -> Result<(), StandingsError> {
        let (e, a) = self.locate(entrant, aspect)?;
        self.sheets[e].aspects[a].marks.retain(|m| m.judge != judge);
        self.rescore(e, a);
        Ok(())
    }

    /// Replaces an entrant's whole sheet (participation, time, penalties, recusals).
    pub fn replace_sheet(&mut self, sheet: EntrantSheet) -> Result<(), StandingsError> {
        let &e = self
            .entrant_index
            .get(&sheet.entrant)
            .ok_or(StandingsError::UnknownEntrant)?;
        self.results[e] = score_entrant_prepared(&self.scheme, &self.prepared, &sheet);
        self.sheets[e] = sheet;
        Ok(())
    }

    /// The current standings, best first.
    pub fn standings(&self) -> Vec<Standing> {
        rank(&self.scheme, &self.results, &self.ranking)
    }

    fn locate(
        &mut self,
        entrant: EntrantRef,
        aspect: AspectId,
    ) -> Result<(usize, usize), StandingsError> {
        let &e = self
            .entrant_index
            .get(&entrant)
            .ok_or(StandingsError::UnknownEntrant)?;
        let &a = self
            .aspect_index
            .get(&aspect)
            .ok_or(StandingsError::UnknownAspect)?;
        let aspects = &mut self.sheets[e].aspects;
        if aspects.len() <= a {
            aspects.resize_with(self.aspect_index.len(), Default::default);
        }
        Ok((e, a))
    }

    fn rescore(&mut self, e: usize, a: usize) {
        let Some(spec) = self.scheme.aspects().nth(a) else {
            return;
        };
        let sheet = &self.sheets[e];
        let mut aspects = std::mem::take(&mut self.results[e].aspects);
        aspects[a] = aggregate_prepared(
            spec,
            &self.prepared[a],
            &sheet.aspects[a],
            self.scheme.short_panel,
            self.scheme.aspect_rounding,
        );
        self.results[e] = total_entrant(&self.scheme, sheet, aspects);
    }
}
