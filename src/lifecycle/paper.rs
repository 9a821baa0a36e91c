//! 纸质评分表录入 and the chief judge's decision on a cell, each announced to the boards once
//! stored ([`crate::marking::paper_entry`] has the rules).

use crate::accounts::Actor;
use crate::error::AppResult;
use crate::live::Live;
use crate::marking::paper_entry::{self, EntryOutcome, TypedCell};
use crate::spreadsheet::RowError;
use entity::{EventId, JudgeId, judge};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, TransactionTrait};

/// One clerk's entry of a judge's sheet; the boards refresh when marks were stored.
pub async fn enter<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    live: &Live,
    actor: &Actor,
    event_id: EventId,
    judge_id: JudgeId,
    typed: Vec<TypedCell>,
) -> AppResult<Result<EntryOutcome, Vec<RowError>>> {
    Ok(
        match paper_entry::enter(db, actor, event_id, judge_id, typed).await? {
            Ok((outcome, changed)) => {
                if let Some(changed) = changed {
                    live.publish(changed);
                }
                Ok(outcome)
            }
            Err(errors) => Err(errors),
        },
    )
}

/// The chief judge decides a paper cell; the boards refresh when the mark changed.
pub async fn decide<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    live: &Live,
    chief: &judge::Model,
    paper_id: i32,
    value: Decimal,
) -> AppResult<()> {
    if let Some(changed) = paper_entry::decide(db, chief, paper_id, value).await? {
        live.publish(changed);
    }
    Ok(())
}
