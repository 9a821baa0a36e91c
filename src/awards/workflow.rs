//! The four-eyes workflow of reward lines: draft → reviewed → publicised → approved → paid.
//!
//! - Whoever entered a line (recorded the achievement it comes from) may not review it; whoever
//!   entered or reviewed it may never approve it.
//! - Publicity (公示) lists names, organisations, items and amounts, nothing else personal;
//!   approval waits until its window has ended.
//! - A paid line never changes: a correction is a new line ([`super::compute`]).
//!
//! Each step takes a set of lines and is all-or-nothing: one refused line refuses the step, and
//! the message names it. Every step is audited, line by line.

use super::today;
use crate::accounts::Actor;
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::time::now;
use chrono::NaiveDate;
use entity::kinds::AuditAction;
use entity::kinds::RewardStatus;
use entity::{reward_line, reward_publicity};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

/// A step of the workflow.
#[derive(Clone, Debug)]
pub enum Step {
    Review,
    /// Publicise under this title and window.
    Publicise {
        title: String,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
    },
    Approve,
    Pay {
        paid_on: NaiveDate,
        voucher: String,
    },
    /// Back to draft from reviewed or publicised (a mistake found), with the reason.
    Return {
        reason: String,
    },
}

impl Step {
    fn audit_action(&self) -> AuditAction {
        match self {
            Step::Review => AuditAction::LineReview,
            Step::Publicise { .. } => AuditAction::LinePublicise,
            Step::Approve => AuditAction::LineApprove,
            Step::Pay { .. } => AuditAction::LinePay,
            Step::Return { .. } => AuditAction::LineReturn,
        }
    }
}

fn refuse(line: &reward_line::Model, why: &str) -> AppError {
    AppError::invalid(
        "lines",
        format!(
            "明细 #{}（{} {}）：{why}",
            line.id, line.recipient_name, line.item_name
        ),
    )
}

/// Why this actor may not take this step for this line, if not.
fn check(actor: &Actor, line: &reward_line::Model, step: &Step) -> Result<(), &'static str> {
    let me = Some(actor.user_id);
    match step {
        Step::Review => {
            if line.status != RewardStatus::Draft {
                return Err("只有待复核的明细可以复核");
            }
            if line.entered_by == me {
                return Err("录入人不能复核自己录入的明细");
            }
        }
        Step::Publicise { .. } => {
            if line.status != RewardStatus::Reviewed {
                return Err("只有已复核的明细可以公示");
            }
            if line.amount.scaled() == 0 {
                return Err("金额为 0 的明细不予公示");
            }
        }
        Step::Approve => {
            if line.status != RewardStatus::Publicised {
                return Err("只有公示后的明细可以审批");
            }
            if line.entered_by == me {
                return Err("录入人不能审批自己录入的明细");
            }
            if line.reviewed_by == me {
                return Err("复核人不能审批自己复核的明细");
            }
        }
        Step::Pay { paid_on, .. } => {
            if line.status != RewardStatus::Approved {
                return Err("只有已审批的明细可以登记支付");
            }
            if line.reviewed_by == me {
                return Err("复核人不能登记自己复核的明细的支付");
            }
            if *paid_on > today() {
                return Err("支付日期不能晚于今天");
            }
        }
        Step::Return { .. } => match line.status {
            RewardStatus::Paid => return Err("已支付的明细不能更改；如需更正，请另立更正明细"),
            RewardStatus::Approved => return Err("已审批的明细不能退回"),
            RewardStatus::Draft => return Err("明细已是待复核状态"),
            _ => {}
        },
    }
    Ok(())
}

/// What needs the database: the account's maker, the conditions ticked, the year a line is
/// payable from.
async fn check_more(
    db: &impl ConnectionTrait,
    actor: &Actor,
    lines: &[reward_line::Model],
    step: &Step,
) -> AppResult<()> {
    // Four eyes that are two people: an account the administrator made is not a second pair
    // of eyes on what the administrator entered.
    if matches!(step, Step::Review | Step::Approve) {
        let maker = entity::user::Entity::find_by_id(actor.user_id)
            .one(db)
            .await?
            .and_then(|u| u.created_by);
        if let Some(line) = lines
            .iter()
            .find(|l| maker.is_some() && l.entered_by == maker)
        {
            return Err(refuse(
                line,
                "本账号由该明细的录入人创建，不能复核或审批其录入的明细",
            ));
        }
    }
    if matches!(step, Step::Review) {
        let versions = super::policy::all_versions(db).await?;
        let ids: Vec<i32> = lines.iter().map(|l| l.achievement_id).collect();
        let achievements: std::collections::HashMap<i32, entity::achievement::Model> =
            entity::achievement::Entity::find()
                .filter(entity::achievement::Column::Id.is_in(ids))
                .all(db)
                .await?
                .into_iter()
                .map(|a| (a.id, a))
                .collect();
        for line in lines.iter().filter(|l| l.amount.scaled() > 0) {
            let Some(a) = achievements.get(&line.achievement_id) else {
                continue;
            };
            let missing = super::conditions::missing(&versions, a);
            if !missing.is_empty() {
                return Err(refuse(
                    line,
                    &format!(
                        "条件由经办人核实，尚未核实：{}（请在成果记录中逐条勾选并写明依据）",
                        missing.join("；")
                    ),
                ));
            }
        }
    }
    if matches!(
        step,
        Step::Publicise { .. } | Step::Approve | Step::Pay { .. }
    ) {
        let today = today();
        if let Some(line) = lines
            .iter()
            .find(|l| l.payable_from.is_some_and(|d| d > today))
        {
            return Err(refuse(
                line,
                &format!(
                    "本明细为第 {} 年的资金，{} 起方可公示、审批和支付",
                    line.part,
                    line.payable_from.expect("checked")
                ),
            ));
        }
    }
    Ok(())
}

/// Takes a step for these lines, all or none. Returns the lines as they now are.
pub async fn take<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    ids: &[i32],
    step: Step,
    min_publicity_days: u32,
) -> AppResult<Vec<reward_line::Model>> {
    if ids.is_empty() {
        return Err(AppError::invalid("lines", "请选择明细"));
    }
    let txn = crate::db::begin_write(db).await?;
    let lines = reward_line::Entity::find()
        .filter(reward_line::Column::Id.is_in(ids.to_vec()))
        .order_by_asc(reward_line::Column::Id)
        .all(&txn)
        .await?;
    if lines.len() != ids.len() {
        return Err(AppError::NotFound);
    }
    for line in &lines {
        check(actor, line, &step).map_err(|why| refuse(line, why))?;
    }
    check_more(&txn, actor, &lines, &step).await?;
    // A line now computed lower (a 核减 draft beside it) moves no further until it is returned
    // and reviewed again: a correction and what it corrects never go apart.
    if matches!(
        step,
        Step::Publicise { .. } | Step::Approve | Step::Pay { .. }
    ) {
        for line in &lines {
            let reduced = reward_line::Entity::find()
                .filter(reward_line::Column::AchievementId.eq(line.achievement_id))
                .filter(reward_line::Column::Part.eq(line.part))
                .filter(reward_line::Column::Status.eq(RewardStatus::Draft))
                .filter(reward_line::Column::Note.starts_with(super::compute::REDUCTION))
                .one(&txn)
                .await?;
            if reduced.is_some() {
                return Err(refuse(line, "按现行计算应核减，请先退回并重新复核"));
            }
        }
    }
    let publicity = match &step {
        Step::Publicise {
            title,
            starts_on,
            ends_on,
        } => {
            let title = title.trim();
            if title.is_empty() || title.chars().count() > 120 {
                return Err(AppError::invalid("title", "请填写公示标题（120 字以内）"));
            }
            if ends_on < starts_on {
                return Err(AppError::invalid("ends_on", "公示结束日期不能早于开始日期"));
            }
            // As for results (see `results::publicity::set_window`): never back-dated, and at
            // least the shortest publicity in working days, or approval would follow at once.
            if *starts_on < today() {
                return Err(AppError::invalid(
                    "starts_on",
                    "公示开始日期不能早于设定当日",
                ));
            }
            let calendar = crate::results::publicity::calendar_map(&txn).await?;
            let shortest = crate::results::publicity::working_days_end(
                *starts_on,
                min_publicity_days,
                &calendar,
            );
            if *ends_on < shortest {
                return Err(AppError::invalid(
                    "ends_on",
                    format!(
                        "公示期不少于 {min_publicity_days} 个工作日：自 {starts_on} 起，结束日期不得早于 {shortest}"
                    ),
                ));
            }
            Some(
                reward_publicity::ActiveModel {
                    title: Set(title.to_owned()),
                    starts_on: Set(*starts_on),
                    ends_on: Set(*ends_on),
                    created_by: Set(Some(actor.user_id)),
                    created_at: Set(now()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?,
            )
        }
        Step::Approve => {
            let today = today();
            for line in &lines {
                let Some(p) = line.publicity_id else { continue };
                let publicity = reward_publicity::Entity::find_by_id(p)
                    .one(&txn)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if publicity.ends_on >= today {
                    return Err(refuse(
                        line,
                        &format!("公示期至 {} 结束，期满后方可审批", publicity.ends_on),
                    ));
                }
            }
            None
        }
        Step::Pay { voucher, .. } => {
            let v = voucher.trim();
            if v.is_empty() || v.chars().count() > 60 {
                return Err(AppError::invalid(
                    "voucher",
                    "请填写支付凭证号（60 字以内）",
                ));
            }
            None
        }
        Step::Return { reason } if reason.trim().is_empty() => {
            return Err(AppError::invalid("reason", "请写明退回原因"));
        }
        Step::Return { reason } => {
            crate::limits::at_most(reason, crate::limits::TEXT, "reason", "退回原因")?;
            None
        }
        _ => None,
    };
    let stamp = now();
    let mut done = Vec::with_capacity(lines.len());
    for line in lines {
        let id = line.id;
        let from = line.status;
        let mut row: reward_line::ActiveModel = line.into();
        let me = Some(actor.user_id);
        let detail = match &step {
            Step::Review => {
                row.status = Set(RewardStatus::Reviewed);
                row.reviewed_by = Set(me);
                serde_json::json!({})
            }
            Step::Publicise { .. } => {
                let p = publicity.as_ref().expect("created above");
                row.status = Set(RewardStatus::Publicised);
                row.publicity_id = Set(Some(p.id));
                serde_json::json!({"publicity": p.id})
            }
            Step::Approve => {
                row.status = Set(RewardStatus::Approved);
                row.approved_by = Set(me);
                serde_json::json!({})
            }
            Step::Pay { paid_on, voucher } => {
                row.status = Set(RewardStatus::Paid);
                row.paid_on = Set(Some(*paid_on));
                row.voucher = Set(Some(voucher.trim().to_owned()));
                serde_json::json!({"paid_on": paid_on.to_string(), "voucher": voucher.trim()})
            }
            Step::Return { reason } => {
                row.status = Set(RewardStatus::Draft);
                row.reviewed_by = Set(None);
                row.publicity_id = Set(None);
                serde_json::json!({"reason": reason.trim()})
            }
        };
        row.updated_at = Set(stamp);
        let line = row.update(&txn).await?;
        audit::record(
            &txn,
            Some(actor.user_id),
            step.audit_action(),
            &format!("reward_line:{id}"),
            serde_json::json!({"from": from, "to": line.status, "detail": detail}),
        )
        .await?;
        done.push(line);
    }
    txn.commit().await?;
    Ok(done)
}

/// A publicity and its lines (amounts above zero), for the public page.
pub async fn publicity(
    db: &impl ConnectionTrait,
    id: i32,
) -> AppResult<(reward_publicity::Model, Vec<reward_line::Model>)> {
    let p = reward_publicity::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let lines = reward_line::Entity::find()
        .filter(reward_line::Column::PublicityId.eq(id))
        .order_by_asc(reward_line::Column::Id)
        .all(db)
        .await?;
    Ok((p, lines))
}

/// Every publicity, newest first.
pub async fn publicities(db: &impl ConnectionTrait) -> AppResult<Vec<reward_publicity::Model>> {
    Ok(reward_publicity::Entity::find()
        .order_by_desc(reward_publicity::Column::Id)
        .all(db)
        .await?)
}
