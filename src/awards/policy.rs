//! The policy catalogue as data: every version of every item, the shape each one computes by,
//! and an officer's new version from a date. Versions are only ever added, so an achievement
//! keeps the amount of the version in force on its date.

use super::{day, parse_yuan};
use crate::accounts::Actor;
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::time::now;
use chrono::NaiveDate;
use entity::kinds::AuditAction;
use entity::kinds::{FundingSource, PolicyShape, RecipientKind};
use entity::policy_item;
use rust_decimal::Decimal;
use scoring::rewards::{PolicyItem, Shape};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A shape's parameters as stored (JSON, amounts as text so nothing passes through a float).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Params {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9,，]*(\\.[0-9]{1,2})?元?$", max_length = 20)]
    pub amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9,，]*(\\.[0-9]{1,2})?元?$", max_length = 20)]
    pub ceiling: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9]+(\\.[0-9]+)?$", max_length = 30)]
    pub ratio: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9,，]*(\\.[0-9]{1,2})?元?$", max_length = 20)]
    pub cap: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9]+(\\.[0-9]+)?$", max_length = 30)]
    pub percent: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9,，]*(\\.[0-9]{1,2})?元?$", max_length = 20)]
    pub per_head: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9]+(\\.[0-9]+)?$", max_length = 30)]
    pub factor: Option<Decimal>,
    /// Only a school (院校) may receive it (clause 10's provincial selections).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub school_only: bool,
    /// The ceiling is per head or per project (学徒制 每人每年, 订单班 每人, 院校承办 每个项目).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ceiling_per_head: bool,
    /// What the seed requires that the record itself cannot show (制造业企业, 市外引进, 年实训超
    /// 1000 人次 …): an officer ticks each with its evidence before the line can be reviewed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 12)]
    pub conditions: Vec<String>,
}

/// The shape with its parameters, as the computation takes it; what is missing is named.
pub fn shape(shape: PolicyShape, params: &Params) -> Result<Shape, String> {
    let need = |v: Option<Decimal>, what: &str| v.ok_or_else(|| format!("缺少参数“{what}”"));
    let count = |v: Option<u32>, what: &str| v.ok_or_else(|| format!("缺少参数“{what}”"));
    Ok(match shape {
        PolicyShape::Fixed => Shape::Fixed {
            amount: need(params.amount, "金额")?,
        },
        PolicyShape::PerHead => Shape::PerHead {
            amount: need(params.amount, "金额")?,
        },
        PolicyShape::CostCeiling => Shape::CostCeiling {
            ceiling: need(params.ceiling, "上限")?,
            per_head: params.ceiling_per_head,
        },
        PolicyShape::Match => Shape::Match {
            ratio: need(params.ratio, "比例")?,
            cap: params.cap,
        },
        PolicyShape::PercentOfBase => Shape::PercentOfBase {
            percent: need(params.percent, "比例")?,
            years: count(params.years, "年数")?,
            cap: need(params.cap, "上限")?,
        },
        PolicyShape::Monthly => Shape::Monthly {
            amount: need(params.amount, "金额")?,
            months: count(params.months, "月数")?,
        },
        PolicyShape::ThresholdExcess => Shape::ThresholdExcess {
            amount: need(params.amount, "金额")?,
            threshold: count(params.threshold, "人数门槛")?,
            per_head: need(params.per_head, "超出每人金额")?,
        },
        PolicyShape::Uplift => Shape::Uplift {
            ceiling: need(params.ceiling, "上限")?,
            factor: need(params.factor, "上浮系数")?,
        },
        PolicyShape::OfficerSet => Shape::OfficerSet {
            ceiling: params.ceiling,
            per_head: params.ceiling_per_head,
        },
    })
}

/// One version as the computation needs it, with what the pages show beside it.
#[derive(Clone, Debug)]
pub struct Version {
    pub row: policy_item::Model,
    pub params: Params,
    pub item: PolicyItem,
}

impl Version {
    pub fn school_only(&self) -> bool {
        self.params.school_only
    }
}

fn version_of(row: policy_item::Model) -> AppResult<Version> {
    let params: Params = serde_json::from_str(&row.params)
        .map_err(|e| AppError::Internal(format!("policy item {} params: {e}", row.id)))?;
    let shape = shape(row.shape, &params)
        .map_err(|e| AppError::Internal(format!("policy item {}: {e}", row.id)))?;
    let item = PolicyItem {
        version_id: i64::from(row.id),
        code: row.code.clone(),
        clause: row.clause.clone(),
        name: row.name.clone(),
        fund: row.fund.into(),
        group: row.same_kind_group.clone(),
        shape,
        effective_from: day(row.effective_from),
    };
    Ok(Version { row, params, item })
}

/// Every version of every item, by code and then date.
pub async fn all_versions(db: &impl ConnectionTrait) -> AppResult<Vec<Version>> {
    policy_item::Entity::find()
        .order_by_asc(policy_item::Column::Code)
        .order_by_asc(policy_item::Column::EffectiveFrom)
        .all(db)
        .await?
        .into_iter()
        .map(version_of)
        .collect()
}

/// The catalogue: per item code its versions, oldest first, in clause order.
pub fn catalogue(versions: &[Version]) -> Vec<(&str, Vec<&Version>)> {
    let mut by_code: BTreeMap<&str, Vec<&Version>> = BTreeMap::new();
    for v in versions {
        by_code.entry(v.row.code.as_str()).or_default().push(v);
    }
    let mut items: Vec<(&str, Vec<&Version>)> = by_code.into_iter().collect();
    items.sort_by_key(|(_, vs)| {
        let first = vs[0];
        (first.row.clause.parse::<u32>().unwrap_or(99), first.row.id)
    });
    items
}

/// The version of `code` in force on `date`.
pub fn in_force<'a>(versions: &'a [Version], code: &str, date: NaiveDate) -> Option<&'a Version> {
    versions
        .iter()
        .filter(|v| v.row.code == code && v.row.effective_from <= date)
        .max_by_key(|v| (v.row.effective_from, v.row.id))
}

/// The latest version of `code` (its name, recipient and clause as they now stand).
pub fn latest<'a>(versions: &'a [Version], code: &str) -> Option<&'a Version> {
    versions
        .iter()
        .filter(|v| v.row.code == code)
        .max_by_key(|v| (v.row.effective_from, v.row.id))
}

/// A new version of an item, from a date, as an officer fills it in.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct NewVersion {
    pub effective_from: NaiveDate,
    /// 文号 of the document that changes it.
    #[schema(min_length = 1, max_length = 120)]
    pub doc_number: String,
    pub shape: PolicyShape,
    pub params: Params,
    /// `talent_fund` (人才专项) or `hr_employment_fund` (人力社保和就业资金).
    #[schema(example = "hr_employment_fund")]
    pub fund: FundingSource,
    #[schema(max_length = 40)]
    pub same_kind_group: Option<String>,
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Every number of a version within what a policy can mean, for the page and the API alike:
/// a ratio of −1 was saved and shown as "上级拨付 × -1".
pub fn check_ranges(p: &Params) -> AppResult<()> {
    use rust_decimal::Decimal;
    let within = |value: Option<Decimal>,
                  field: &str,
                  low: Decimal,
                  low_open: bool,
                  high: Decimal,
                  what: &str| {
        match value {
            Some(v) if (low_open && v <= low) || (!low_open && v < low) || v > high => {
                Err(AppError::invalid(field, what.to_owned()))
            }
            _ => Ok(()),
        }
    };
    within(
        p.ratio,
        "ratio",
        Decimal::ZERO,
        true,
        Decimal::TEN,
        "配套比例应大于 0、不超过 10（1 即 1:1）",
    )?;
    within(
        p.percent,
        "percent",
        Decimal::ZERO,
        true,
        Decimal::ONE,
        "比例应大于 0、不超过 1（0.5 即 50%）",
    )?;
    within(
        p.factor,
        "factor",
        Decimal::ONE,
        false,
        Decimal::TEN,
        "上浮系数应不小于 1、不超过 10（1.3 即上浮 30%）",
    )?;
    let count = |value: Option<u32>, field: &str, most: u32, what: &str| match value {
        Some(v) if v == 0 || v > most => {
            Err(AppError::invalid(field, format!("{what}应为 1 到 {most}")))
        }
        _ => Ok(()),
    };
    count(p.years, "years", 10, "年数")?;
    count(p.months, "months", 120, "月数")?;
    count(p.threshold, "threshold", 100_000, "人数门槛")?;
    if p.conditions.len() > 12 {
        return Err(AppError::invalid("conditions", "核实条件不超过 12 条"));
    }
    for c in &p.conditions {
        if c.trim().is_empty() {
            return Err(AppError::invalid("conditions", "核实条件不能为空"));
        }
        crate::limits::at_most(c, 120, "conditions", "核实条件")?;
    }
    for (value, field) in [
        (p.amount, "amount"),
        (p.ceiling, "ceiling"),
        (p.cap, "cap"),
        (p.per_head, "per_head"),
    ] {
        if let Some(v) = value {
            parse_yuan(&v.to_string()).map_err(|e| AppError::invalid(field, e))?;
        }
    }
    Ok(())
}

/// Adds a version of an existing item from a date. Name, clause and recipient stay the item's;
/// the amount, shape, fund and group may change. Audited.
pub async fn add_version(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
    new: NewVersion,
) -> AppResult<policy_item::Model> {
    use crate::awards::access::{body_of, can_keep_policy, require};
    require(can_keep_policy(body_of(db, actor).await?), "调整政策条目")?;
    let versions = all_versions(db).await?;
    let current = latest(&versions, code).ok_or(AppError::NotFound)?;
    let doc_number = new.doc_number.trim().to_owned();
    if doc_number.is_empty() || doc_number.chars().count() > 120 {
        return Err(AppError::invalid("doc_number", "请填写文号（120 字以内）"));
    }
    let reason = new.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "请写明调整原因"));
    }
    crate::limits::at_most(&reason, crate::limits::TEXT, "reason", "调整原因")?;
    if let Some(group) = &new.same_kind_group {
        crate::limits::at_most(group, 40, "same_kind_group", "同类从高分组")?;
    }
    let mut new = new;
    // A new version never drops what the seed requires to be checked: conditions left out
    // are those of the version before (an officer adds to them, or a new document states them
    // again).
    if new.params.conditions.is_empty() {
        new.params.conditions = current.params.conditions.clone();
    }
    shape(new.shape, &new.params).map_err(|e| AppError::invalid("params", e))?;
    check_ranges(&new.params)?;
    if versions
        .iter()
        .any(|v| v.row.code == code && v.row.effective_from == new.effective_from)
    {
        return Err(AppError::conflict(
            "effective_from",
            "该条目在这一天已有版本，请换一个生效日期",
        ));
    }
    let group = new
        .same_kind_group
        .map(|g| g.trim().to_owned())
        .filter(|g| !g.is_empty());
    let params = serde_json::to_string(&new.params)
        .map_err(|e| AppError::Internal(format!("params: {e}")))?;
    let row = policy_item::ActiveModel {
        code: Set(code.to_owned()),
        effective_from: Set(new.effective_from),
        doc_number: Set(doc_number),
        clause: Set(current.row.clause.clone()),
        name: Set(current.row.name.clone()),
        recipient: Set(current.row.recipient),
        fund: Set(new.fund),
        same_kind_group: Set(group),
        shape: Set(new.shape),
        params: Set(params),
        reason: Set(reason.clone()),
        created_by: Set(Some(actor.user_id)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::PolicyVersion,
        &format!("policy_item:{code}"),
        serde_json::json!({
            "version": row.id,
            "effective_from": row.effective_from.to_string(),
            "doc_number": row.doc_number,
            "shape": row.shape,
            "params": row.params,
            "reason": reason,
        }),
    )
    .await?;
    Ok(row)
}

/// The recipient kind of an item.
pub fn recipient(versions: &[Version], code: &str) -> Option<RecipientKind> {
    latest(versions, code).map(|v| v.row.recipient)
}
