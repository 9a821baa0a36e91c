//! 条件由经办人核实: what the seed requires that no field of a record shows (制造业企业, 市外
//! 引进, 年实训超 1000 人次, 首次列入 …). Each policy version lists its conditions; an officer
//! ticks each one on the achievement and names the evidence (文件、证明、名单). A line whose
//! conditions are not all ticked cannot be reviewed, so it can never reach payment.

use super::policy::{self, Version};
use crate::accounts::Actor;
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::time::now;
use entity::achievement;
use entity::kinds::AuditAction;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use serde::{Deserialize, Serialize};

/// One condition ticked, with its evidence, by whom and when.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Met {
    pub condition: String,
    /// The evidence named: 营业执照、引进协议、实训台账 ….
    pub evidence: String,
    #[serde(default)]
    pub by: Option<entity::UserId>,
    #[serde(default)]
    pub at: Option<String>,
}

/// The conditions ticked on an achievement (none when never ticked or unreadable).
pub fn met(a: &achievement::Model) -> Vec<Met> {
    a.conditions_met
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default()
}

/// The conditions of the version in force for this achievement.
pub fn required<'a>(versions: &'a [Version], a: &achievement::Model) -> &'a [String] {
    a.item_code
        .as_deref()
        .and_then(|code| policy::in_force(versions, code, a.achieved_on))
        .map_or(&[], |v| v.params.conditions.as_slice())
}

/// The conditions still to be ticked.
pub fn missing(versions: &[Version], a: &achievement::Model) -> Vec<String> {
    let ticked = met(a);
    required(versions, a)
        .iter()
        .filter(|c| !ticked.iter().any(|m| &m.condition == *c))
        .cloned()
        .collect()
}

/// Ticks conditions of an achievement, each with its evidence. Every condition named must be
/// one of the item's, every evidence written; ticks already made stay (a new tick of the same
/// condition replaces its evidence). Audited.
pub async fn confirm(
    db: &impl ConnectionTrait,
    actor: &Actor,
    achievement_id: i32,
    ticks: &[(String, String)],
) -> AppResult<achievement::Model> {
    let a = achievement::Entity::find_by_id(achievement_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.withdrawn_at.is_some() {
        return Err(AppError::invalid("conditions", "该成果记录已撤回"));
    }
    let versions = policy::all_versions(db).await?;
    let required = required(&versions, &a);
    if ticks.is_empty() {
        return Err(AppError::invalid("conditions", "请勾选要核实的条件"));
    }
    let mut list = met(&a);
    let stamp = now().to_rfc3339();
    for (condition, evidence) in ticks {
        let condition = condition.trim();
        if !required.iter().any(|c| c == condition) {
            return Err(AppError::invalid(
                "conditions",
                format!("“{condition}”不是该项政策要求核实的条件"),
            ));
        }
        let evidence = evidence.trim();
        if evidence.is_empty() {
            return Err(AppError::invalid(
                "evidence",
                format!("请写明“{condition}”的核实依据（文件、证明或名单）"),
            ));
        }
        crate::limits::at_most(evidence, 200, "evidence", "核实依据")?;
        list.retain(|m| m.condition != condition);
        list.push(Met {
            condition: condition.to_owned(),
            evidence: evidence.to_owned(),
            by: Some(actor.user_id),
            at: Some(stamp.clone()),
        });
    }
    let text =
        serde_json::to_string(&list).map_err(|e| AppError::Internal(format!("conditions: {e}")))?;
    let mut row: achievement::ActiveModel = a.into();
    row.conditions_met = Set(Some(text));
    let row = row.update(db).await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::Conditions,
        &format!("achievement:{}", row.id),
        serde_json::json!({"ticked": ticks
            .iter()
            .map(|(c, e)| serde_json::json!({"condition": c.trim(), "evidence": e.trim()}))
            .collect::<Vec<_>>()}),
    )
    .await?;
    Ok(row)
}
