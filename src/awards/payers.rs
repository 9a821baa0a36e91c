//! Who pays for which district (clause 18: 按现行财政体制承担): 市本级 or the district itself.
//! The HR bureau keeps the table, like the policy (clause 17); every change is audited and the
//! lines are recomputed in the same transaction, so draft lines take the new payer at once.
//! Lines already reviewed keep the payer they were reviewed with: a committed line never
//! changes by itself.

use super::{access, compute};
use crate::accounts::Actor;
use crate::accounts::organisations::DISTRICTS;
use crate::audit;
use crate::error::{AppError, AppResult};
use entity::kinds::AuditAction;
use entity::reward_payer;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};

/// The table, in the order of [`DISTRICTS`].
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<reward_payer::Model>> {
    let mut rows = reward_payer::Entity::find()
        .order_by_asc(reward_payer::Column::District)
        .all(db)
        .await?;
    rows.sort_by_key(|r| DISTRICTS.iter().position(|d| *d == r.district));
    Ok(rows)
}

/// Sets who pays for one district and recomputes the lines.
pub async fn set<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    district: &str,
    payer: &str,
) -> AppResult<compute::Recomputed> {
    let body = access::body_of(db, actor).await?;
    access::require(access::can_keep_policy(body), "出资层级")?;
    if !DISTRICTS.contains(&district) {
        return Err(AppError::invalid("district", "请选择金华市的县市区"));
    }
    if payer != "市本级" && payer != district {
        return Err(AppError::invalid(
            "payer",
            format!("{district}的奖补由市本级或{district}承担"),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let before = reward_payer::Entity::find_by_id(district.to_owned())
        .one(&txn)
        .await?;
    let old = before.as_ref().map(|r| r.payer.clone());
    if old.as_deref() == Some(payer) {
        txn.commit().await?;
        return Ok(compute::Recomputed::default());
    }
    match before {
        Some(row) => {
            let mut row: reward_payer::ActiveModel = row.into();
            row.payer = Set(payer.to_owned());
            row.update(&txn).await?;
        }
        None => {
            reward_payer::ActiveModel {
                district: Set(district.to_owned()),
                payer: Set(payer.to_owned()),
            }
            .insert(&txn)
            .await?;
        }
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::Payer,
        &format!("reward_payer:{district}"),
        serde_json::json!({"district": district, "before": old, "after": payer}),
    )
    .await?;
    let done = compute::recompute_within(&txn).await?;
    txn.commit().await?;
    Ok(done)
}
