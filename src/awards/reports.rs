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

/// Money in JSON: yuan with two places, as text ("115801.50"), whatever places the sum
/// carried from storage.
fn two_places<S: serde::Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&yuan(*value))
}

/// One row of a totals table: all lines (应发) and the paid ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Total {
    pub key: String,
    pub lines: usize,
    #[schema(value_type = String, example = "115801.50")]
    #[serde(serialize_with = "two_places")]
    pub amount: Decimal,
    #[schema(value_type = String, example = "50000.00")]
    #[serde(serialize_with = "two_places")]
    pub paid: Decimal,
}

/// Year × district: what each district is to receive each year (by the year a line is
/// payable), all lines with an amount.
#[derive(Clone, Debug, Default, serde::Serialize, utoipa::ToSchema)]
pub struct YearByDistrict {
    pub years: Vec<i32>,
    pub rows: Vec<DistrictRow>,
}

#[derive(Clone, Debug, Default, serde::Serialize, utoipa::ToSchema)]
pub struct DistrictRow {
    pub district: String,
    /// One amount per year of `years`, in order.
    #[schema(value_type = Vec<String>)]
    #[serde(serialize_with = "two_places_each")]
    pub amounts: Vec<Decimal>,
    #[schema(value_type = String)]
    #[serde(serialize_with = "two_places")]
    pub total: Decimal,
}

fn two_places_each<S: serde::Serializer>(values: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(values.len()))?;
    for v in values {
        seq.serialize_element(&yuan(*v))?;
    }
    seq.end()
}

pub fn year_by_district(lines: &[reward_line::Model]) -> YearByDistrict {
    let mut years: Vec<i32> = lines
        .iter()
        .filter(|l| l.amount.scaled() != 0)
        .map(|l| l.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut by: BTreeMap<&str, Vec<Decimal>> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.amount.scaled() != 0) {
        let at = years.binary_search(&l.year).expect("collected above");
        by.entry(l.district.as_str())
            .or_insert_with(|| vec![Decimal::ZERO; years.len()])[at] += l.amount.to_decimal();
    }
    YearByDistrict {
        rows: by
            .into_iter()
            .map(|(district, amounts)| DistrictRow {
                district: district.to_owned(),
                total: amounts.iter().sum(),
                amounts,
            })
            .collect(),
        years,
    }
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
    pub by_year_and_district: YearByDistrict,
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
                // Sorted as 第01条 … 第18条, shown as 第1条 (never 第1条条).
                t.key = format!(
                    "第{}",
                    t.key.trim_start_matches('第').trim_start_matches('0')
                );
                t
            })
            .collect(),
        by_payer: payer,
        by_status: status,
        by_year_and_district: year_by_district(lines),
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

/// What a line pays for: the achievement, its day, and the person it is about (name and masked
/// ID number; for a training-team line, the person selected).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Purpose {
    pub description: String,
    pub achieved_on: String,
    /// 姓名 and 身份证号 masked, or empty.
    pub person: String,
    pub id_masked: String,
}

/// The purposes of these lines' achievements, by achievement id.
pub async fn purposes(
    db: &impl ConnectionTrait,
    lines: &[reward_line::Model],
) -> AppResult<HashMap<i32, Purpose>> {
    use entity::{achievement, person};
    let mut wanted: Vec<i32> = lines.iter().map(|l| l.achievement_id).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut rows = Vec::with_capacity(wanted.len());
    // In chunks: SQLite binds at most 32,766 values in one statement.
    for chunk in wanted.chunks(1000) {
        rows.extend(
            achievement::Entity::find()
                .filter(achievement::Column::Id.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    let mut people_ids: Vec<i32> = rows.iter().filter_map(|a| a.person_id).collect();
    people_ids.sort_unstable();
    people_ids.dedup();
    let mut people: HashMap<i32, person::Model> = HashMap::new();
    for chunk in people_ids.chunks(1000) {
        for p in person::Entity::find()
            .filter(person::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            people.insert(p.id, p);
        }
    }
    Ok(rows
        .into_iter()
        .map(|a| {
            let who = a.person_id.and_then(|p| people.get(&p));
            let id_masked = who
                .map(|p| crate::entrants::id_card::mask(&p.id_number))
                .unwrap_or_default();
            let purpose = Purpose {
                description: a.description.clone(),
                achieved_on: a.achieved_on.to_string(),
                person: who
                    .map(|p| format!("{} {id_masked}", p.name))
                    .unwrap_or_default(),
                id_masked,
            };
            (a.id, purpose)
        })
        .collect())
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

/// A payout list as .xlsx: a summary sheet of subtotals per payer (出资层级, clause 18's
/// 按现行财政体制), then a sheet per payer, one row a line with whom it pays (ID masked) and
/// what for, and the payer's subtotal. Amounts are numbers to the fen (Excel keeps numbers as
/// doubles; every amount here has at most two places and is far below 2⁵³ fen, so it shows
/// exactly); the sums are computed exactly here, not by Excel.
pub fn payout_xlsx(
    fund: FundingSource,
    lines: &[reward_line::Model],
    purposes: &HashMap<i32, Purpose>,
) -> AppResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let money_bold = Format::new().set_num_format("#,##0.00").set_bold();
    let number = |d: Decimal| d.round_dp(2).to_f64().unwrap_or_default();

    let mut by_payer: BTreeMap<&str, Vec<&reward_line::Model>> = BTreeMap::new();
    for l in lines {
        by_payer.entry(l.payer.as_str()).or_default().push(l);
    }
    let summary = workbook.add_worksheet();
    summary.set_name("汇总").map_err(fail)?;
    for (c, (h, w)) in ["出资层级", "笔数", "金额（元）"]
        .iter()
        .zip([20.0, 8.0, 16.0])
        .enumerate()
    {
        summary.set_column_width(c as u16, w).map_err(fail)?;
        summary
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    let mut total = Decimal::ZERO;
    for (i, (payer, rows)) in by_payer.iter().enumerate() {
        let r = i as u32 + 1;
        let sum: Decimal = rows.iter().map(|l| l.amount.to_decimal().round_dp(2)).sum();
        total += sum;
        summary.write_string(r, 0, *payer).map_err(fail)?;
        summary
            .write_number(r, 1, rows.len() as f64)
            .map_err(fail)?;
        summary
            .write_number_with_format(r, 2, number(sum), &money)
            .map_err(fail)?;
    }
    let r = by_payer.len() as u32 + 1;
    summary
        .write_string_with_format(r, 0, format!("{} 合计", fund.label()), &bold)
        .map_err(fail)?;
    summary
        .write_number(r, 1, lines.len() as f64)
        .map_err(fail)?;
    summary
        .write_number_with_format(r, 2, number(total), &money_bold)
        .map_err(fail)?;

    let headers = [
        "序号",
        "明细号",
        "收款人",
        "身份证号（脱敏）",
        "单位",
        "县市区",
        "条款",
        "政策条目",
        "所奖事项",
        "取得日期",
        "金额（元）",
        "状态",
        "支付日期",
        "凭证号",
        "说明",
    ];
    let widths = [
        6.0, 8.0, 22.0, 20.0, 28.0, 10.0, 8.0, 34.0, 36.0, 12.0, 14.0, 8.0, 12.0, 16.0, 40.0,
    ];
    let mut names: Vec<String> = Vec::new();
    for (payer, rows) in &by_payer {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(payer, &names)).map_err(fail)?;
        names.push(sheet.name());
        for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
            sheet.set_column_width(c as u16, w).map_err(fail)?;
            sheet
                .write_string_with_format(0, c as u16, *h, &bold)
                .map_err(fail)?;
        }
        let mut subtotal = Decimal::ZERO;
        for (i, l) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            let amount = l.amount.to_decimal().round_dp(2);
            subtotal += amount;
            let purpose = purposes.get(&l.achievement_id).cloned().unwrap_or_default();
            let cells: [(u16, String); 12] = [
                (2, l.recipient_name.clone()),
                (3, purpose.id_masked),
                (4, l.organisation_name.clone()),
                (5, l.district.clone()),
                (6, format!("第{}条", l.clause)),
                (7, l.item_name.clone()),
                (8, purpose.description),
                (9, purpose.achieved_on),
                (11, l.status.label().to_owned()),
                (12, l.paid_on.map(|d| d.to_string()).unwrap_or_default()),
                (13, l.voucher.clone().unwrap_or_default()),
                (14, l.note.clone()),
            ];
            sheet.write_number(r, 0, (i + 1) as f64).map_err(fail)?;
            sheet.write_number(r, 1, f64::from(l.id)).map_err(fail)?;
            for (c, text) in cells {
                sheet
                    .write_string(r, c, crate::spreadsheet::defused(&text))
                    .map_err(fail)?;
            }
            sheet
                .write_number_with_format(r, 10, number(amount), &money)
                .map_err(fail)?;
        }
        let r = rows.len() as u32 + 1;
        sheet
            .write_string_with_format(r, 2, "小计", &bold)
            .map_err(fail)?;
        sheet
            .write_number_with_format(r, 10, number(subtotal), &money_bold)
            .map_err(fail)?;
        sheet
            .write_string(
                r,
                14,
                format!(
                    "{} 元（{} 笔）",
                    scoring::rewards::yuan(subtotal),
                    rows.len()
                ),
            )
            .map_err(fail)?;
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

/// A sheet name Excel accepts (at most 31 characters, none of []:*?/\), unique in the book.
fn sheet_name(payer: &str, taken: &[String]) -> String {
    let clean: String = payer
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let clean = if clean.trim().is_empty() || clean == "汇总" {
        "出资层级".to_owned()
    } else {
        clean
    };
    let mut name = clean.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{clean}{n}");
        n += 1;
    }
    name
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
    let me = Some(actor.user_id);
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
