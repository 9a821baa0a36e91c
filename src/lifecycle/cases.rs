//! A case decided by the arbitration group: an upheld case's corrections change the marks and
//! make the next result version (in [`crate::results::cases::decide`]); the boards are told
//! after it is stored.

use crate::accounts::Actor;
use crate::error::AppResult;
use crate::live::Live;
use crate::results::cases::{self, Decision};
use entity::appeal_case;
use sea_orm::{ConnectionTrait, TransactionTrait};

pub async fn decide<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    live: &Live,
    actor: &Actor,
    case_id: i32,
    decision: Decision,
) -> AppResult<appeal_case::Model> {
    let (case, changed) = cases::decide(db, actor, case_id, decision).await?;
    if let Some(changed) = changed {
        live.publish(changed);
    }
    Ok(case)
}
