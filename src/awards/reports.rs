//! What an officer reads: totals by fund, year, district, clause and payer; payout lists per
//! fund as .xlsx; and the dashboard of what waits for them. Sums are of exact decimals.

use super::{today, yuan};
use crate::accounts::Actor;
use crate::error::{AppError, AppResult};
use entity::kinds::{FundingSource, RewardStatus, TitleStatus};
use entity::{reward_line, reward_publicity, title_award};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

/// One row of a totals table: all lines (应发) and the paid ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Total {
    pub key: String,
    pub lines: usize,
    #[schema(value_type = String)]
    pub amount: Decimal,
    #[schema(value_type = String)]
    pub paid: Decimal,
}

/// Totals of every line with an amount, by each dimension.
#[derive(Clone, Debug, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Totals {
    pub by_fund: Vec<Total>,
    pub by_year: Vec<Total>,
    pub by_district: Vec<Total>,
    pub by_clause: Vec<Total>,
    pub by_payer: Vec<Total>,
    pub by_status: Vec<Total>,
    pub all: Total,
}

pub fn totals(lines: &[reward_line::Model]) -> Totals {
    fn add(map: &mut BTreeMap<String, Total>, key: String, line: &reward_line::Model) {
        let t = map.entry(key.clone()).or_insert_with(|| Total {
            key,
            ..Default::default()
        });
        t.lines += 1;
        t.amount += line.amount.to_decimal();
        if line.status == RewardStatus::Paid {
            t.paid += line.amount.to_decimal();
        }
    }
    let mut maps: [BTreeMap<String, Total>; 6] = Default::default();
    let mut all = BTreeMap::new();
    for l in lines.iter().filter(|l| l.amount.scaled() != 0) {
        add(&mut maps[0], l.fund.label().to_owned(), l);
        add(&mut maps[1], l.year.to_string(), l);
        add(&mut maps[2], l.district.clone(), l);
        add(&mut maps[3], format!("第{:0>2}条", l.clause), l);
        add(&mut maps[4], l.payer.clone(), l);
        add(&mut maps[5], l.status.label().to_owned(), l);
        add(&mut all, "合计".into(), l);
    }
    let [fund, year, district, clause, payer, status] = maps.map(|m| m.into_values().collect());
    Totals {
        by_fund: fund,
        by_year: year,
        by_district: district,
        by_clause: clause
            .into_iter()
            .map(|mut t: Total| {
                t.key = format!(
                    "第{}条",
                    t.key.trim_start_matches("第").trim_start_matches('0')
                );
                t
            })
            .collect(),
        by_payer: payer,
        by_status: status,
        all: all.into_values().next().unwrap_or(Total {
            key: "合计".into(),
            ..Default::default()
        }),
    }
}

/// Every line, in id order.
pub async fn all_lines(db: &impl ConnectionTrait) -> AppResult<Vec<reward_line::Model>> {
    Ok(reward_line::Entity::find()
        .order_by_asc(reward_line::Column::Id)
        .all(db)
        .await?)
}

/// The lines of a payout list: approved (to pay) and paid, of one fund, with an amount.
pub async fn payout_lines(
    db: &impl ConnectionTrait,
    fund: FundingSource,
) -> AppResult<Vec<reward_line::Model>> {
    Ok(reward_line::Entity::find()
        .filter(reward_line::Column::Fund.eq(fund))
        .filter(reward_line::Column::Status.is_in([RewardStatus::Approved, RewardStatus::Paid]))
        .filter(reward_line::Column::Amount.ne(0))
        .order_by_asc(reward_line::Column::Payer)
        .order_by_asc(reward_line::Column::Id)
        .all(db)
        .await?)
}

/// A payout list as .xlsx: one row a line, amounts as numbers to the fen (Excel keeps
/// numbers as doubles; every amount here has at most two places and is far below 2⁵³ fen, so
/// it shows exactly), and the total computed exactly.
pub fn payout_xlsx(fund: FundingSource, lines: &[reward_line::Model]) -> AppResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let money_bold = Format::new().set_num_format("#,##0.00").set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(fund.label()).map_err(fail)?;
    let headers = [
        "序号",
        "明细号",
        "收款人",
        "单位",
        "县市区",
        "出资层级",
        "条款",
        "政策条目",
        "金额（元）",
        "状态",
        "支付日期",
        "凭证号",
        "说明",
    ];
    let widths = [
        6.0, 8.0, 24.0, 28.0, 10.0, 10.0, 8.0, 36.0, 14.0, 8.0, 12.0, 16.0, 40.0,
    ];
    for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
        sheet.set_column_width(c as u16, w).map_err(fail)?;
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    let mut total = Decimal::ZERO;
    for (i, l) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        let amount = l.amount.to_decimal().round_dp(2);
        total += amount;
        sheet.write_number(r, 0, (i + 1) as f64).map_err(fail)?;
        sheet.write_number(r, 1, f64::from(l.id)).map_err(fail)?;
        sheet.write_string(r, 2, &l.recipient_name).map_err(fail)?;
        sheet
            .write_string(r, 3, &l.organisation_name)
            .map_err(fail)?;
        sheet.write_string(r, 4, &l.district).map_err(fail)?;
        sheet.write_string(r, 5, &l.payer).map_err(fail)?;
        sheet
            .write_string(r, 6, format!("第{}条", l.clause))
            .map_err(fail)?;
        sheet.write_string(r, 7, &l.item_name).map_err(fail)?;
        sheet
            .write_number_with_format(r, 8, amount.to_f64().unwrap_or_default(), &money)
            .map_err(fail)?;
        sheet.write_string(r, 9, l.status.label()).map_err(fail)?;
        sheet
            .write_string(r, 10, l.paid_on.map(|d| d.to_string()).unwrap_or_default())
            .map_err(fail)?;
        sheet
            .write_string(r, 11, l.voucher.as_deref().unwrap_or(""))
            .map_err(fail)?;
        sheet.write_string(r, 12, &l.note).map_err(fail)?;
    }
    let r = lines.len() as u32 + 1;
    sheet
        .write_string_with_format(r, 2, "合计", &bold)
        .map_err(fail)?;
    sheet
        .write_number_with_format(r, 8, total.to_f64().unwrap_or_default(), &money_bold)
        .map_err(fail)?;
    sheet
        .write_string(r, 12, format!("{} 元（{} 笔）", yuan(total), lines.len()))
        .map_err(fail)?;
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}

/// What waits for this officer.
#[derive(Clone, Debug, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// Drafts someone else entered, that this officer may review.
    pub to_review: usize,
    /// Reviewed lines with an amount, waiting for publicity.
    pub to_publicise: usize,
    /// Publicised lines whose window has ended, that this officer may approve.
    pub to_approve: usize,
    /// Publicised lines still in their window.
    pub in_publicity: usize,
    /// Approved lines waiting for payment.
    pub to_pay: usize,
    /// Nominations someone else made, waiting for review.
    pub nominations_to_review: usize,
    /// Reviewed nominations waiting for conferment.
    pub to_confer: usize,
}

pub async fn dashboard(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Dashboard> {
    let me = Some(actor.user_id.0);
    let lines = reward_line::Entity::find()
        .filter(reward_line::Column::Status.ne(RewardStatus::Paid))
        .all(db)
        .await?;
    let ends: HashMap<i32, chrono::NaiveDate> = reward_publicity::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.ends_on))
        .collect();
    let today = today();
    let mut d = Dashboard::default();
    for l in &lines {
        match l.status {
            RewardStatus::Draft if l.entered_by != me => d.to_review += 1,
            RewardStatus::Reviewed if l.amount.scaled() != 0 => d.to_publicise += 1,
            RewardStatus::Publicised => {
                let ended = l
                    .publicity_id
                    .and_then(|p| ends.get(&p))
                    .is_some_and(|e| *e < today);
                if !ended {
                    d.in_publicity += 1;
                } else if l.entered_by != me && l.reviewed_by != me {
                    d.to_approve += 1;
                }
            }
            RewardStatus::Approved => d.to_pay += 1,
            _ => {}
        }
    }
    for t in title_award::Entity::find()
        .filter(title_award::Column::Status.is_in([TitleStatus::Nominated, TitleStatus::Reviewed]))
        .all(db)
        .await?
    {
        match t.status {
            TitleStatus::Nominated if t.nominated_by != me => d.nominations_to_review += 1,
            TitleStatus::Reviewed => d.to_confer += 1,
            _ => {}
        }
    }
    Ok(d)
}
