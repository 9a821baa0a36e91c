//! Which reward lines an officer looks at: filters (state, fund, clause, district, year, payer,
//! name) and pages of a hundred, so that a year's 50,000 lines stay workable on one screen.
//!
//! The counts and sums per state are taken over the same filters, from two narrow columns, so
//! the tabs tell the officer how much money waits at each step without loading every line.

use crate::AppResult;
use entity::kinds::{FundingSource, RewardStatus};
use entity::{StoredDecimal, reward_line};
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Lines on one page.
pub const PAGE_SIZE: u64 = 100;

/// What the officer filters by; every field is optional. The API takes it as its query; the
/// page reads its form's text fields (empty ones included) and builds it.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LineFilter {
    /// 办理状态: draft, reviewed, publicised, approved, paid, closed.
    pub status: Option<RewardStatus>,
    /// 经费: the fund's code.
    pub fund: Option<FundingSource>,
    /// 条款, such as "1" or "7".
    #[serde(default)]
    pub clause: String,
    /// 县市区 of the recipient.
    #[serde(default)]
    pub district: String,
    /// The year the line is payable in.
    pub year: Option<i32>,
    /// 出资: 市本级 or a district.
    #[serde(default)]
    pub payer: String,
    /// Part of the recipient's or the organisation's name.
    #[serde(default)]
    pub name: String,
    /// Page number, from 1.
    pub page: Option<u64>,
}

/// Count and sum of the filtered lines in one state.
#[derive(Clone, Debug)]
pub struct StateTotal {
    pub status: RewardStatus,
    pub count: usize,
    pub amount: Decimal,
}

/// One page of filtered lines.
#[derive(Debug)]
pub struct LinePage {
    pub lines: Vec<reward_line::Model>,
    /// Per state, over every filter but the state.
    pub states: Vec<StateTotal>,
    /// Lines matching every filter, on all pages.
    pub count: usize,
    /// Their sum.
    pub amount: Decimal,
    pub page: u64,
    pub pages: u64,
}

impl LineFilter {
    /// Every filter but the state and the page.
    fn condition(&self) -> Condition {
        let mut c = Condition::all();
        if let Some(fund) = self.fund {
            c = c.add(reward_line::Column::Fund.eq(fund));
        }
        let clause = self
            .clause
            .trim()
            .trim_start_matches('第')
            .trim_end_matches('条');
        if !clause.is_empty() {
            c = c.add(reward_line::Column::Clause.eq(clause));
        }
        if !self.district.trim().is_empty() {
            c = c.add(reward_line::Column::District.eq(self.district.trim()));
        }
        if let Some(year) = self.year {
            c = c.add(reward_line::Column::Year.eq(year));
        }
        if !self.payer.trim().is_empty() {
            c = c.add(reward_line::Column::Payer.eq(self.payer.trim()));
        }
        let name = self.name.trim();
        if !name.is_empty() {
            c = c.add(
                Condition::any()
                    .add(reward_line::Column::RecipientName.contains(name))
                    .add(reward_line::Column::OrganisationName.contains(name)),
            );
        }
        c
    }
}

/// Every line the filter asks for, the state included, in order (for the API without a page).
pub async fn all(
    db: &impl ConnectionTrait,
    filter: &LineFilter,
) -> AppResult<Vec<reward_line::Model>> {
    let mut query = reward_line::Entity::find().filter(filter.condition());
    if let Some(s) = filter.status {
        query = query.filter(reward_line::Column::Status.eq(s));
    }
    Ok(query.order_by_asc(reward_line::Column::Id).all(db).await?)
}

/// The page of lines the filter asks for, with the counts and sums per state.
pub async fn find(db: &impl ConnectionTrait, filter: &LineFilter) -> AppResult<LinePage> {
    let cond = filter.condition();
    let amounts: Vec<(RewardStatus, StoredDecimal)> = reward_line::Entity::find()
        .select_only()
        .column(reward_line::Column::Status)
        .column(reward_line::Column::Amount)
        .filter(cond.clone())
        .into_tuple()
        .all(db)
        .await?;
    let states: Vec<StateTotal> = <RewardStatus as sea_orm::Iterable>::iter()
        .map(|status| {
            let of: Vec<Decimal> = amounts
                .iter()
                .filter(|(s, _)| *s == status)
                .map(|(_, a)| a.to_decimal())
                .collect();
            StateTotal {
                status,
                count: of.len(),
                amount: of.into_iter().sum(),
            }
        })
        .collect();
    let (count, amount) = match filter.status {
        Some(s) => states
            .iter()
            .find(|t| t.status == s)
            .map_or((0, Decimal::ZERO), |t| (t.count, t.amount)),
        None => (
            amounts.len(),
            amounts.iter().map(|(_, a)| a.to_decimal()).sum(),
        ),
    };
    let pages = (count as u64).div_ceil(PAGE_SIZE).max(1);
    let page = filter.page.unwrap_or(1).clamp(1, pages);
    let mut query = reward_line::Entity::find().filter(cond);
    if let Some(s) = filter.status {
        query = query.filter(reward_line::Column::Status.eq(s));
    }
    let lines = query
        .order_by_asc(reward_line::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok(LinePage {
        lines,
        states,
        count,
        amount,
        page,
        pages,
    })
}
