//! String-valued enums shared by the tables. The stored strings are the code names of the
//! vocabulary (DESIGN §2) and never change once written; the Chinese labels are for pages.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What an account may do across the platform (DESIGN §1).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 平台管理员: the city HR bureau; sees and manages everything.
    #[sea_orm(string_value = "admin")]
    Admin,
    /// 赛事组织者: manages the competitions of one organisation only.
    #[sea_orm(string_value = "organiser")]
    Organiser,
    /// 奖补经办人: HR bureau or trade-union officer who handles honours and payouts.
    #[sea_orm(string_value = "award_officer")]
    AwardOfficer,
    /// 领队: speaks for one organisation's entrants in the competitions it is named for
    /// (files on-site appeals, sees their decisions); nothing else.
    #[sea_orm(string_value = "team_leader")]
    TeamLeader,
    /// 仲裁组成员: hears the appeals of the competitions it is named for; nothing else.
    #[sea_orm(string_value = "arbitrator")]
    Arbitrator,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "平台管理员",
            Role::Organiser => "赛事组织者",
            Role::AwardOfficer => "奖补经办人",
            Role::TeamLeader => "领队",
            Role::Arbitrator => "仲裁组成员",
        }
    }
}

/// What kind of body an organisation is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// 主管部门, e.g. 金华市人力资源和社会保障局.
    #[sea_orm(string_value = "bureau")]
    Bureau,
    /// 企业.
    #[sea_orm(string_value = "enterprise")]
    Enterprise,
    /// 院校.
    #[sea_orm(string_value = "school")]
    School,
    /// 社会组织、行业协会等.
    #[sea_orm(string_value = "agency")]
    Agency,
    /// 总工会: with the HR bureau, confers 金华工匠 (clause 17).
    #[sea_orm(string_value = "trade_union")]
    TradeUnion,
}

impl OrganisationKind {
    pub fn label(self) -> &'static str {
        match self {
            OrganisationKind::Bureau => "主管部门",
            OrganisationKind::Enterprise => "企业",
            OrganisationKind::School => "院校",
            OrganisationKind::Agency => "机构",
            OrganisationKind::TradeUnion => "工会",
        }
    }
}

/// 赛事类别: who runs the competition and at what level.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum CompetitionKind {
    #[sea_orm(string_value = "city")]
    City,
    #[sea_orm(string_value = "county")]
    County,
    #[sea_orm(string_value = "industry")]
    Industry,
    #[sea_orm(string_value = "enterprise")]
    Enterprise,
}

impl CompetitionKind {
    pub fn label(self) -> &'static str {
        match self {
            CompetitionKind::City => "市级大赛",
            CompetitionKind::County => "县级赛事",
            CompetitionKind::Industry => "行业赛事",
            CompetitionKind::Enterprise => "企业岗位练兵",
        }
    }
}

/// Where a competition stands. It moves forward step by step; the administrator may step it
/// back with a reason (see the app's `competitions::status`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum CompetitionStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "registration")]
    Registration,
    #[sea_orm(string_value = "running")]
    Running,
    #[sea_orm(string_value = "marking")]
    Marking,
    #[sea_orm(string_value = "publicity")]
    Publicity,
    #[sea_orm(string_value = "final")]
    Final,
    #[sea_orm(string_value = "archived")]
    Archived,
}

impl CompetitionStatus {
    pub fn label(self) -> &'static str {
        match self {
            CompetitionStatus::Draft => "筹备中",
            CompetitionStatus::Registration => "报名中",
            CompetitionStatus::Running => "比赛中",
            CompetitionStatus::Marking => "评分中",
            CompetitionStatus::Publicity => "成绩公示",
            CompetitionStatus::Final => "成绩确认",
            CompetitionStatus::Archived => "已归档",
        }
    }
}

/// 组别 of an event.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum EventGroup {
    #[sea_orm(string_value = "staff")]
    Staff,
    #[sea_orm(string_value = "student")]
    Student,
    #[sea_orm(string_value = "teacher")]
    Teacher,
}

impl EventGroup {
    pub fn label(self) -> &'static str {
        match self {
            EventGroup::Staff => "职工组",
            EventGroup::Student => "学生组",
            EventGroup::Teacher => "教师组",
        }
    }
}

/// Which selection an event feeds into.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum EventTrack {
    #[sea_orm(string_value = "worldskills")]
    Worldskills,
    #[sea_orm(string_value = "national")]
    National,
    #[sea_orm(string_value = "other")]
    Other,
}

impl EventTrack {
    pub fn label(self) -> &'static str {
        match self {
            EventTrack::Worldskills => "世赛选拔",
            EventTrack::National => "国赛",
            EventTrack::Other => "其他",
        }
    }
}

/// Whether an entrant is still in the contest.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum EntrantStatus {
    #[sea_orm(string_value = "active")]
    Active,
    /// 退赛.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
    /// 取消资格.
    #[sea_orm(string_value = "disqualified")]
    Disqualified,
    /// 缺赛: not checked in by the event's start.
    #[sea_orm(string_value = "absent")]
    Absent,
}

impl EntrantStatus {
    pub fn label(self) -> &'static str {
        match self {
            EntrantStatus::Active => "正常",
            EntrantStatus::Withdrawn => "已退赛",
            EntrantStatus::Disqualified => "已取消资格",
            EntrantStatus::Absent => "缺赛",
        }
    }

    /// Whether the entrant competes: not withdrawn and not absent. Judges' lists, the chief's
    /// matrix and the public boards leave the others out (a disqualified entrant stays, shown
    /// as such).
    pub fn competes(self) -> bool {
        !matches!(self, EntrantStatus::Withdrawn | EntrantStatus::Absent)
    }
}

/// 裁判长 or 裁判.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum JudgeRole {
    #[sea_orm(string_value = "chief")]
    Chief,
    #[sea_orm(string_value = "judge")]
    Judge,
}

impl JudgeRole {
    pub fn label(self) -> &'static str {
        match self {
            JudgeRole::Chief => "裁判长",
            JudgeRole::Judge => "裁判",
        }
    }
}

/// An aspect's kind (评分项类型): how a judge marks it (DESIGN §3).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum AspectKind {
    /// 测量: a measured result, in steps of the aspect's step.
    #[sea_orm(string_value = "measurement")]
    Measurement,
    /// 合格/不合格: the whole mark or nothing.
    #[sea_orm(string_value = "pass_fail")]
    PassFail,
    /// 扣分: points taken off the maximum.
    #[sea_orm(string_value = "deduction")]
    Deduction,
    /// 评价 on the 0–3 scale, weighted to the maximum.
    #[sea_orm(string_value = "scale")]
    Scale,
    /// 评价: a mark entered directly.
    #[sea_orm(string_value = "direct")]
    Direct,
}

impl AspectKind {
    pub fn label(self) -> &'static str {
        match self {
            AspectKind::Measurement => "测量",
            AspectKind::PassFail => "合格/不合格（记 1/0）",
            AspectKind::Deduction => "扣分",
            AspectKind::Scale => "评价（0–3）",
            AspectKind::Direct => "评价",
        }
    }
}

/// How an aspect's judges' marks become one (DESIGN §3).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    #[sea_orm(string_value = "mean")]
    Mean,
    /// The aspect's `trim` highest and lowest are dropped first.
    #[sea_orm(string_value = "trimmed_mean")]
    TrimmedMean,
    #[sea_orm(string_value = "median")]
    Median,
    #[sea_orm(string_value = "single")]
    Single,
    /// The panel agrees one mark (合议); every judge enters it.
    #[sea_orm(string_value = "consensus")]
    Consensus,
}

impl Aggregation {
    pub fn label(self) -> &'static str {
        match self {
            Aggregation::Mean => "平均",
            Aggregation::TrimmedMean => "去掉最高、最低后平均",
            Aggregation::Median => "中位数",
            Aggregation::Single => "单人评分",
            Aggregation::Consensus => "合议",
        }
    }
}

/// How marks and totals are rounded to their places.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    #[sea_orm(string_value = "half_up")]
    HalfUp,
    #[sea_orm(string_value = "half_even")]
    HalfEven,
    #[sea_orm(string_value = "down")]
    Down,
    #[sea_orm(string_value = "up")]
    Up,
}

impl Rounding {
    pub fn label(self) -> &'static str {
        match self {
            Rounding::HalfUp => "四舍五入",
            Rounding::HalfEven => "四舍六入五成双",
            Rounding::Down => "舍去",
            Rounding::Up => "进一",
        }
    }
}

/// What counts when recusal leaves a panel short (scoring's `ShortPanel`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum ShortPanel {
    /// Keep dropping the highest and lowest, fewer only if nothing would be left.
    #[sea_orm(string_value = "keep_trim")]
    KeepTrim,
    /// Average a short panel plainly.
    #[sea_orm(string_value = "plain_mean")]
    PlainMean,
}

impl ShortPanel {
    pub fn label(self) -> &'static str {
        match self {
            ShortPanel::KeepTrim => "人数不足时仍去掉最高、最低",
            ShortPanel::PlainMean => "人数不足时直接平均",
        }
    }
}

/// A scheme component's kind: the theory test, the practical task, or something else.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    #[sea_orm(string_value = "theory")]
    Theory,
    #[sea_orm(string_value = "practical")]
    Practical,
    #[sea_orm(string_value = "other")]
    Other,
}

impl ComponentKind {
    pub fn label(self) -> &'static str {
        match self {
            ComponentKind::Theory => "理论",
            ComponentKind::Practical => "实操",
            ComponentKind::Other => "其他",
        }
    }
}

/// Where a correction (更正) stands: asked by the judge, decided by the chief judge.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum CorrectionStatus {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "approved")]
    Approved,
    #[sea_orm(string_value = "rejected")]
    Rejected,
}

impl CorrectionStatus {
    pub fn label(self) -> &'static str {
        match self {
            CorrectionStatus::Pending => "待审核",
            CorrectionStatus::Approved => "已批准",
            CorrectionStatus::Rejected => "已驳回",
        }
    }
}

/// Where a cell of a paper score sheet stands (纸质评分表双人录入).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum PaperState {
    /// Typed once; waits for a second clerk.
    #[sea_orm(string_value = "awaiting_second")]
    AwaitingSecond,
    /// Both entries agreed and the value was stored as the judge's mark.
    #[sea_orm(string_value = "stored")]
    Stored,
    /// Both entries agreed with the mark the judge's tablet had already stored: nothing written.
    #[sea_orm(string_value = "confirmed")]
    Confirmed,
    /// The two entries differ: the chief judge decides against the sheet.
    #[sea_orm(string_value = "disagreed")]
    Disagreed,
    /// The entries agree but the judge's tablet stored another value: the chief judge decides.
    #[sea_orm(string_value = "tablet_differs")]
    TabletDiffers,
    /// The chief judge decided the cell.
    #[sea_orm(string_value = "decided")]
    Decided,
}

impl PaperState {
    pub fn label(self) -> &'static str {
        match self {
            PaperState::AwaitingSecond => "待第二人录入",
            PaperState::Stored => "已入库",
            PaperState::Confirmed => "与平板一致",
            PaperState::Disagreed => "两次录入不一致",
            PaperState::TabletDiffers => "与平板分数不一致",
            PaperState::Decided => "裁判长已核定",
        }
    }

    /// Waiting for the chief judge.
    pub fn is_open(self) -> bool {
        matches!(self, PaperState::Disagreed | PaperState::TabletDiffers)
    }
}

/// A stored kind's code name (its stored string, as the API and files spell it).
pub fn code<E: ActiveEnum<Value = String>>(kind: E) -> String {
    kind.to_value()
}

impl From<Rounding> for scoring::RoundingMode {
    fn from(r: Rounding) -> Self {
        match r {
            Rounding::HalfUp => scoring::RoundingMode::HalfUp,
            Rounding::HalfEven => scoring::RoundingMode::HalfEven,
            Rounding::Down => scoring::RoundingMode::Down,
            Rounding::Up => scoring::RoundingMode::Up,
        }
    }
}

impl From<ShortPanel> for scoring::ShortPanel {
    fn from(s: ShortPanel) -> Self {
        match s {
            ShortPanel::KeepTrim => scoring::ShortPanel::KeepTrim,
            ShortPanel::PlainMean => scoring::ShortPanel::PlainMean,
        }
    }
}

impl From<ComponentKind> for scoring::ComponentKind {
    fn from(k: ComponentKind) -> Self {
        match k {
            ComponentKind::Theory => scoring::ComponentKind::Theory,
            ComponentKind::Practical => scoring::ComponentKind::Practical,
            ComponentKind::Other => scoring::ComponentKind::Other,
        }
    }
}

impl AspectKind {
    /// The scoring rule of this kind, with the aspect's step (1 when it has none).
    pub fn rule(self, step: Option<rust_decimal::Decimal>) -> scoring::AspectKind {
        let step = step.unwrap_or(rust_decimal::Decimal::ONE);
        match self {
            AspectKind::Measurement => scoring::AspectKind::Measurement { step },
            AspectKind::PassFail => scoring::AspectKind::PassFail,
            AspectKind::Deduction => scoring::AspectKind::Deduction { step },
            AspectKind::Scale => scoring::AspectKind::Scale,
            AspectKind::Direct => scoring::AspectKind::Direct { step },
        }
    }
}

impl Aggregation {
    /// The scoring rule, with the aspect's trim (highest and lowest dropped on each side).
    pub fn rule(self, trim: u8) -> scoring::Aggregation {
        match self {
            Aggregation::Mean => scoring::Aggregation::Mean,
            Aggregation::TrimmedMean => scoring::Aggregation::TrimmedMean { drop: trim },
            Aggregation::Median => scoring::Aggregation::Median,
            Aggregation::Single => scoring::Aggregation::Single,
            Aggregation::Consensus => scoring::Aggregation::Consensus,
        }
    }
}

/// What an uploaded spreadsheet holds.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    #[sea_orm(string_value = "entrants")]
    Entrants,
    #[sea_orm(string_value = "judges")]
    Judges,
}

impl ImportKind {
    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Entrants => "选手",
            ImportKind::Judges => "裁判",
        }
    }
}

/// Which marks count on an event's public live board.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum LiveMarks {
    /// Only marks in modules the chief judge has signed off.
    #[sea_orm(string_value = "confirmed")]
    Confirmed,
    /// Every stored mark.
    #[sea_orm(string_value = "submitted")]
    Submitted,
}

impl LiveMarks {
    pub fn label(self) -> &'static str {
        match self {
            LiveMarks::Confirmed => "仅裁判长签字确认的模块",
            LiveMarks::Submitted => "全部已提交的分数",
        }
    }
}

/// 一等奖 … 优胜奖.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum Award {
    #[sea_orm(string_value = "first")]
    First,
    #[sea_orm(string_value = "second")]
    Second,
    #[sea_orm(string_value = "third")]
    Third,
    #[sea_orm(string_value = "merit")]
    Merit,
}

impl Award {
    pub fn label(self) -> &'static str {
        scoring::Award::from(self).label()
    }
}

impl From<Award> for scoring::Award {
    fn from(a: Award) -> Self {
        match a {
            Award::First => scoring::Award::First,
            Award::Second => scoring::Award::Second,
            Award::Third => scoring::Award::Third,
            Award::Merit => scoring::Award::Merit,
        }
    }
}

impl From<scoring::Award> for Award {
    fn from(a: scoring::Award) -> Self {
        match a {
            scoring::Award::First => Award::First,
            scoring::Award::Second => Award::Second,
            scoring::Award::Third => Award::Third,
            scoring::Award::Merit => Award::Merit,
        }
    }
}

/// 赛场申诉 or 公示期异议.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// 赛场申诉: a team leader, within the set hours after the event ends.
    #[sea_orm(string_value = "on_site")]
    OnSite,
    /// 公示期异议: anyone, real-name, inside the publicity window.
    #[sea_orm(string_value = "objection")]
    Objection,
}

impl CaseKind {
    pub fn label(self) -> &'static str {
        match self {
            CaseKind::OnSite => "赛场申诉",
            CaseKind::Objection => "公示期异议",
        }
    }
}

/// How a case reached the system.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum CaseChannel {
    /// Filed online by the appellant.
    #[sea_orm(string_value = "online")]
    Online,
    /// A paper form the organiser recorded.
    #[sea_orm(string_value = "paper")]
    Paper,
}

impl CaseChannel {
    pub fn label(self) -> &'static str {
        match self {
            CaseChannel::Online => "网上提交",
            CaseChannel::Paper => "书面（组委会录入）",
        }
    }
}

/// Where a case stands: open until the arbitration group decides it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    #[sea_orm(string_value = "open")]
    Open,
    /// 申诉成立.
    #[sea_orm(string_value = "upheld")]
    Upheld,
    /// 申诉不成立 (驳回).
    #[sea_orm(string_value = "dismissed")]
    Dismissed,
}

impl CaseStatus {
    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Open => "待仲裁",
            CaseStatus::Upheld => "申诉成立",
            CaseStatus::Dismissed => "申诉不成立",
        }
    }
}

/// How a certificate prints its issue date.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum DateStyle {
    /// 二〇二六年十二月
    #[default]
    #[sea_orm(string_value = "chinese_month")]
    ChineseMonth,
    /// 二〇二六年十二月一日
    #[sea_orm(string_value = "chinese_day")]
    ChineseDay,
    /// 2026年12月1日
    #[sea_orm(string_value = "arabic")]
    Arabic,
}

impl DateStyle {
    pub fn label(self) -> &'static str {
        match self {
            DateStyle::ChineseMonth => "二〇二六年十二月",
            DateStyle::ChineseDay => "二〇二六年十二月一日",
            DateStyle::Arabic => "2026年12月1日",
        }
    }
}

/// 经费来源 (clause 18): 人才专项 where the clause says so, else 人力社保和就业资金.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    #[sea_orm(string_value = "talent_fund")]
    TalentFund,
    #[sea_orm(string_value = "hr_employment_fund")]
    HrEmploymentFund,
}

impl FundingSource {
    pub fn label(self) -> &'static str {
        match self {
            FundingSource::TalentFund => "人才专项",
            FundingSource::HrEmploymentFund => "人力社保和就业资金",
        }
    }
}

impl From<FundingSource> for scoring::rewards::Fund {
    fn from(f: FundingSource) -> Self {
        match f {
            FundingSource::TalentFund => scoring::rewards::Fund::Talent,
            FundingSource::HrEmploymentFund => scoring::rewards::Fund::HrEmployment,
        }
    }
}

impl From<scoring::rewards::Fund> for FundingSource {
    fn from(f: scoring::rewards::Fund) -> Self {
        match f {
            scoring::rewards::Fund::Talent => FundingSource::TalentFund,
            scoring::rewards::Fund::HrEmployment => FundingSource::HrEmploymentFund,
        }
    }
}

/// Who a policy item pays.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    #[sea_orm(string_value = "person")]
    Person,
    /// 选送单位 (clause 2's training team).
    #[sea_orm(string_value = "sending_organisation")]
    SendingOrganisation,
    /// 承办单位 (clause 10).
    #[sea_orm(string_value = "host")]
    Host,
    #[sea_orm(string_value = "enterprise")]
    Enterprise,
    /// A designated base, studio or centre (by the organisation that runs it).
    #[sea_orm(string_value = "base")]
    Base,
}

impl RecipientKind {
    pub fn label(self) -> &'static str {
        match self {
            RecipientKind::Person => "个人",
            RecipientKind::SendingOrganisation => "选送单位",
            RecipientKind::Host => "承办单位",
            RecipientKind::Enterprise => "企业",
            RecipientKind::Base => "基地（工作室）",
        }
    }

    /// Whether the money goes to a person rather than an organisation.
    pub fn is_person(self) -> bool {
        self == RecipientKind::Person
    }
}

/// Where a reward line is in the four-eyes workflow.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum RewardStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "reviewed")]
    Reviewed,
    #[sea_orm(string_value = "publicised")]
    Publicised,
    #[sea_orm(string_value = "approved")]
    Approved,
    #[sea_orm(string_value = "paid")]
    Paid,
    /// 0.00 and nothing to decide: closed by the computation itself, never waiting for a
    /// review; it opens again as a draft if a later computation gives it money.
    #[sea_orm(string_value = "closed")]
    Closed,
}

impl RewardStatus {
    pub fn label(self) -> &'static str {
        match self {
            RewardStatus::Closed => "无需发放",
            RewardStatus::Draft => "待复核",
            RewardStatus::Reviewed => "已复核",
            RewardStatus::Publicised => "公示中",
            RewardStatus::Approved => "已审批",
            RewardStatus::Paid => "已支付",
        }
    }
}

/// 金华大工匠 … 金华市技术能手, and the older titles recorded as legacy members.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum Title {
    #[sea_orm(string_value = "grand_craftsman")]
    GrandCraftsman,
    #[sea_orm(string_value = "outstanding_craftsman")]
    OutstandingCraftsman,
    #[sea_orm(string_value = "craftsman")]
    Craftsman,
    #[sea_orm(string_value = "technical_expert")]
    TechnicalExpert,
    /// 技能大师 (legacy, clause 17).
    #[sea_orm(string_value = "skill_master")]
    SkillMaster,
    /// 首席技师 (legacy).
    #[sea_orm(string_value = "chief_technician")]
    ChiefTechnician,
    /// 八婺工匠 (legacy).
    #[sea_orm(string_value = "bawu_craftsman")]
    BawuCraftsman,
}

impl Title {
    pub fn label(self) -> &'static str {
        match self {
            Title::GrandCraftsman => "金华大工匠",
            Title::OutstandingCraftsman => "金华杰出工匠",
            Title::Craftsman => "金华工匠",
            Title::TechnicalExpert => "金华市技术能手",
            Title::SkillMaster => "技能大师",
            Title::ChiefTechnician => "首席技师",
            Title::BawuCraftsman => "八婺工匠",
        }
    }

    /// Holders of older titles are served as 金华工匠 members (clause 17) but neither counted
    /// against the targets nor paid.
    pub fn is_legacy(self) -> bool {
        matches!(
            self,
            Title::SkillMaster | Title::ChiefTechnician | Title::BawuCraftsman
        )
    }

    /// Who the title certificate names as its issuer (clause 17).
    pub fn issuer(self) -> &'static str {
        match self {
            Title::GrandCraftsman | Title::OutstandingCraftsman => "金华市人民政府",
            Title::Craftsman => "金华市人力资源和社会保障局　金华市总工会",
            _ => "金华市人力资源和社会保障局",
        }
    }

    /// Its place in certificate numbers (01 大工匠 … 04 技术能手; legacy titles have none).
    pub fn place(self) -> u32 {
        match self {
            Title::GrandCraftsman => 1,
            Title::OutstandingCraftsman => 2,
            Title::Craftsman => 3,
            Title::TechnicalExpert => 4,
            _ => 9,
        }
    }

    /// Who confers it (clause 17).
    pub fn body(self) -> &'static str {
        match self {
            Title::GrandCraftsman | Title::OutstandingCraftsman => {
                "金华市人民政府（市人力社保局具体实施）"
            }
            Title::Craftsman => "市人力社保局、市总工会（市总工会具体实施）",
            Title::TechnicalExpert => "市人力社保局",
            Title::SkillMaster | Title::ChiefTechnician | Title::BawuCraftsman => "原授予机关",
        }
    }
}

/// Where a nomination is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum TitleStatus {
    #[sea_orm(string_value = "nominated")]
    Nominated,
    #[sea_orm(string_value = "reviewed")]
    Reviewed,
    #[sea_orm(string_value = "conferred")]
    Conferred,
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// An older title recorded as it was.
    #[sea_orm(string_value = "legacy")]
    Legacy,
}

impl TitleStatus {
    pub fn label(self) -> &'static str {
        match self {
            TitleStatus::Nominated => "已推荐",
            TitleStatus::Reviewed => "已评审",
            TitleStatus::Conferred => "已授予",
            TitleStatus::Rejected => "未通过",
            TitleStatus::Legacy => "原有称号",
        }
    }
}

/// What a title target does when it is reached: warn, or refuse another conferment.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
#[serde(rename_all = "snake_case")]
pub enum TargetMode {
    #[sea_orm(string_value = "soft")]
    Soft,
    #[sea_orm(string_value = "hard")]
    Hard,
}

/// What an achievement (成果记录) is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum AchievementKind {
    /// An award or honour of a final contest result: evidence, never money by itself.
    #[sea_orm(string_value = "contest_result")]
    ContestResult,
    /// An event of this system hosted by an organisation (clause 10).
    #[sea_orm(string_value = "hosting")]
    Hosting,
    /// From outside: a medal, a selection, a designation, a tranche… (per policy item).
    #[sea_orm(string_value = "external")]
    External,
    /// A conferred title.
    #[sea_orm(string_value = "title")]
    Title,
}

impl AchievementKind {
    pub fn label(self) -> &'static str {
        match self {
            AchievementKind::ContestResult => "竞赛成绩",
            AchievementKind::Hosting => "承办竞赛",
            AchievementKind::External => "外部成果",
            AchievementKind::Title => "授予称号",
        }
    }
}

/// How an achievement came in.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum AchievementSource {
    /// Taken from this system's final results, hosted events or conferred titles.
    #[sea_orm(string_value = "system")]
    System,
    #[sea_orm(string_value = "entered")]
    Entered,
    #[sea_orm(string_value = "imported")]
    Imported,
}

/// Why a certificate was revoked (作废原因), from a list: what the public verification page
/// says. The organiser's own words stay inside (`certificate.revoked_reason`).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum RevocationReason {
    /// 证书信息有误 (a wrong name, organisation or award on it).
    #[sea_orm(string_value = "wrong_details")]
    WrongDetails,
    /// 已重新颁发: a corrected certificate replaces it.
    #[sea_orm(string_value = "reissued")]
    Reissued,
    /// 获奖资格撤销 (after arbitration or a later finding).
    #[sea_orm(string_value = "award_withdrawn")]
    AwardWithdrawn,
    /// 重复颁发.
    #[sea_orm(string_value = "duplicate")]
    Duplicate,
    /// 其他原因（经发证单位核实）.
    #[sea_orm(string_value = "other")]
    Other,
}

impl RevocationReason {
    pub fn label(self) -> &'static str {
        match self {
            RevocationReason::WrongDetails => "证书信息有误",
            RevocationReason::Reissued => "已重新颁发，请以新编号证书为准",
            RevocationReason::AwardWithdrawn => "获奖资格撤销",
            RevocationReason::Duplicate => "重复颁发",
            RevocationReason::Other => "经发证单位核实作废",
        }
    }

    /// The reasons an organiser chooses from (a reissue gives its own).
    pub const CHOSEN: [RevocationReason; 4] = [
        RevocationReason::WrongDetails,
        RevocationReason::AwardWithdrawn,
        RevocationReason::Duplicate,
        RevocationReason::Other,
    ];
}

/// What a certificate (and its template) is for: the award a placing brings (一等奖…), or an
/// honour by name (金华市技术能手…). Stored as the honour's name, and as the empty string for
/// the award — an honour's name is never empty — so that one unique index keeps one
/// certificate per person, event and scope on SQLite and PostgreSQL alike (a NULL would not).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, DeriveValueType)]
#[sea_orm(
    value_type = "String",
    from_str = "CertificateScope::from_stored",
    to_str = "CertificateScope::stored"
)]
pub enum CertificateScope {
    Award,
    Honour(String),
}

impl CertificateScope {
    /// As stored (and as the API's `scope` field reads): the honour's name, or empty.
    pub fn stored(&self) -> String {
        match self {
            CertificateScope::Award => String::new(),
            CertificateScope::Honour(name) => name.clone(),
        }
    }

    /// From the stored text (or the API's `scope` field).
    pub fn from_stored(text: &str) -> Result<Self, std::convert::Infallible> {
        Ok(match text.trim() {
            "" => CertificateScope::Award,
            name => CertificateScope::Honour(name.to_owned()),
        })
    }

    /// The scope a page or the API names (empty: the award certificates).
    pub fn named(text: &str) -> Self {
        match Self::from_stored(text) {
            Ok(scope) => scope,
        }
    }

    pub fn is_award(&self) -> bool {
        matches!(self, CertificateScope::Award)
    }

    /// How a page names it.
    pub fn label(&self) -> &str {
        match self {
            CertificateScope::Award => "奖项证书",
            CertificateScope::Honour(name) => name,
        }
    }
}

/// How a policy item computes its amount (the rule's shape); each shape's parameters are in
/// the item's `params`. The codes are the ones the catalogue migration wrote.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum PolicyShape {
    /// 定额
    #[sea_orm(string_value = "fixed")]
    Fixed,
    /// 按人数 (or per project for a base)
    #[sea_orm(string_value = "per_head")]
    PerHead,
    /// 按成本、不超过上限
    #[sea_orm(string_value = "cost_ceiling")]
    CostCeiling,
    /// 按上级拨付配套（比例、上限、分期）
    #[sea_orm(string_value = "match")]
    Match,
    /// 按基数比例、连续多年、总额上限
    #[sea_orm(string_value = "percent_of_base")]
    PercentOfBase,
    /// 按月 × 月数
    #[sea_orm(string_value = "monthly")]
    Monthly,
    /// 达到人数门槛另按超出人数
    #[sea_orm(string_value = "threshold_excess")]
    ThresholdExcess,
    /// 上限内、符合条件上浮
    #[sea_orm(string_value = "uplift")]
    Uplift,
    /// 经办人核定（可设上限）
    #[sea_orm(string_value = "officer_set")]
    OfficerSet,
}

impl PolicyShape {
    pub fn label(self) -> &'static str {
        match self {
            PolicyShape::Fixed => "定额",
            PolicyShape::PerHead => "按人数",
            PolicyShape::CostCeiling => "按成本、不超过上限",
            PolicyShape::Match => "按上级拨付配套（比例、上限、分期）",
            PolicyShape::PercentOfBase => "按基数比例、连续多年、总额上限",
            PolicyShape::Monthly => "按月 × 月数",
            PolicyShape::ThresholdExcess => "达到人数门槛另按超出人数",
            PolicyShape::Uplift => "上限内、符合条件上浮",
            PolicyShape::OfficerSet => "经办人核定（可设上限）",
        }
    }

    /// Whether the amount comes from a base the officer enters (a cost, a grant from above,
    /// a salary).
    pub fn needs_base(self) -> bool {
        matches!(
            self,
            PolicyShape::Match
                | PolicyShape::PercentOfBase
                | PolicyShape::Uplift
                | PolicyShape::CostCeiling
        )
    }
}

/// What an audit entry records, one code per action, `context.verb` (DESIGN §2's names).
/// Entries written before the codes had one style were renamed by a migration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(64))")]
pub enum AuditAction {
    /// An administrator unlocked an account.
    #[sea_orm(string_value = "accounts.unlock")]
    #[serde(rename = "accounts.unlock")]
    AccountUnlock,
    /// The administrator set a new password for an account.
    #[sea_orm(string_value = "accounts.password_reset")]
    #[serde(rename = "accounts.password_reset")]
    AccountPasswordReset,
    /// The administrator disabled an account.
    #[sea_orm(string_value = "accounts.disable")]
    #[serde(rename = "accounts.disable")]
    AccountDisable,
    /// The administrator enabled a disabled account again.
    #[sea_orm(string_value = "accounts.enable")]
    #[serde(rename = "accounts.enable")]
    AccountEnable,
    /// A competition's details changed.
    #[sea_orm(string_value = "competitions.update")]
    #[serde(rename = "competitions.update")]
    CompetitionUpdate,
    /// Someone was given a role in a competition.
    #[sea_orm(string_value = "competitions.add_member")]
    #[serde(rename = "competitions.add_member")]
    CompetitionMemberAdd,
    /// A competition moved to another stage.
    #[sea_orm(string_value = "competitions.move_status")]
    #[serde(rename = "competitions.move_status")]
    CompetitionStatus,
    /// An event was created.
    #[sea_orm(string_value = "events.create")]
    #[serde(rename = "events.create")]
    EventCreate,
    /// An event's details changed.
    #[sea_orm(string_value = "events.update")]
    #[serde(rename = "events.update")]
    EventUpdate,
    /// An entrant was added.
    #[sea_orm(string_value = "entrants.add")]
    #[serde(rename = "entrants.add")]
    EntrantAdd,
    /// An entrant was removed (before the draw).
    #[sea_orm(string_value = "entrants.remove")]
    #[serde(rename = "entrants.remove")]
    EntrantRemove,
    /// An entrant withdrew or was disqualified, or came back.
    #[sea_orm(string_value = "entrants.set_status")]
    #[serde(rename = "entrants.set_status")]
    EntrantStatus,
    /// A sending unit was invited to register (its 领队 account made or named).
    #[sea_orm(string_value = "registration.invite")]
    #[serde(rename = "registration.invite")]
    RegistrationInvite,
    /// A unit's 领队 (or the organiser) added, changed or withdrew a registration entry.
    #[sea_orm(string_value = "registration.change")]
    #[serde(rename = "registration.change")]
    RegistrationChange,
    /// A unit submitted its list (提交报名).
    #[sea_orm(string_value = "registration.submit")]
    #[serde(rename = "registration.submit")]
    RegistrationSubmit,
    /// The organiser accepted or returned an entry (资格审核).
    #[sea_orm(string_value = "registration.review")]
    #[serde(rename = "registration.review")]
    RegistrationReview,
    /// The organiser granted an exception to an event's eligibility rules.
    #[sea_orm(string_value = "registration.exception")]
    #[serde(rename = "registration.exception")]
    RegistrationException,
    /// The organiser set the registration window or an event's eligibility rules.
    #[sea_orm(string_value = "registration.rules")]
    #[serde(rename = "registration.rules")]
    RegistrationRules,
    /// An entrant was checked in at the hall door (检录).
    #[sea_orm(string_value = "entrants.check_in")]
    #[serde(rename = "entrants.check_in")]
    EntrantCheckIn,
    /// Entrants not checked in by the start were marked 缺赛.
    #[sea_orm(string_value = "entrants.mark_absent")]
    #[serde(rename = "entrants.mark_absent")]
    EntrantAbsent,
    /// The chief judge brought an entrant marked 缺赛 back, with a reason.
    #[sea_orm(string_value = "entrants.undo_absence")]
    #[serde(rename = "entrants.undo_absence")]
    EntrantAbsenceUndo,
    /// Entrants were imported from a workbook.
    #[sea_orm(string_value = "entrants.import")]
    #[serde(rename = "entrants.import")]
    EntrantImport,
    /// The blind codes were drawn.
    #[sea_orm(string_value = "entrants.draw")]
    #[serde(rename = "entrants.draw")]
    Draw,
    /// 二次加密 was turned on or off for an event (the hall seed recorded by its hash).
    #[sea_orm(string_value = "entrants.second_draw")]
    #[serde(rename = "entrants.second_draw")]
    SecondDraw,
    /// Someone looked at the 解密 (blind code → entrant) after the lock.
    #[sea_orm(string_value = "entrants.unblind")]
    #[serde(rename = "entrants.unblind")]
    Unblinding,
    /// Judges were imported from a workbook.
    #[sea_orm(string_value = "judging.import_judges")]
    #[serde(rename = "judging.import_judges")]
    JudgeImport,
    /// A judge was added to an event.
    #[sea_orm(string_value = "judging.add_judge")]
    #[serde(rename = "judging.add_judge")]
    JudgeAdd,
    /// A substitute judge took a cell over.
    #[sea_orm(string_value = "judging.add_substitute")]
    #[serde(rename = "judging.add_substitute")]
    SubstituteJudgeAdd,
    /// A judge's assignment changed.
    #[sea_orm(string_value = "judging.assign")]
    #[serde(rename = "judging.assign")]
    JudgeAssign,
    /// An event's scheme was set.
    #[sea_orm(string_value = "judging.set_scheme")]
    #[serde(rename = "judging.set_scheme")]
    SchemeSet,
    /// A judge's login code was issued.
    #[sea_orm(string_value = "judging.issue_code")]
    #[serde(rename = "judging.issue_code")]
    JudgeCodeIssue,
    /// A judge's tablet sessions were ended.
    #[sea_orm(string_value = "judging.end_sessions")]
    #[serde(rename = "judging.end_sessions")]
    JudgeSessionsEnd,
    /// The chief judge signed a module off.
    #[sea_orm(string_value = "marking.sign_off")]
    #[serde(rename = "marking.sign_off")]
    ModuleSignOff,
    /// The chief judge withdrew a module's sign-off.
    #[sea_orm(string_value = "marking.withdraw_sign_off")]
    #[serde(rename = "marking.withdraw_sign_off")]
    ModuleSignOffWithdraw,
    /// The chief judge accepted a spread beyond tolerance.
    #[sea_orm(string_value = "marking.accept_spread")]
    #[serde(rename = "marking.accept_spread")]
    SpreadAccept,
    /// The chief judge locked an event's marks.
    #[sea_orm(string_value = "marking.lock")]
    #[serde(rename = "marking.lock")]
    MarksLock,
    /// The organiser imported the theory exam's scores (as marks, or as corrections).
    #[sea_orm(string_value = "marking.theory_import")]
    #[serde(rename = "marking.theory_import")]
    TheoryImport,
    /// A clerk typed a judge's paper score sheet (纸质评分表录入, first or second entry).
    #[sea_orm(string_value = "marking.paper_entry")]
    #[serde(rename = "marking.paper_entry")]
    PaperEntry,
    /// The chief judge decided a paper sheet's cell the entries disagreed on.
    #[sea_orm(string_value = "marking.paper_decide")]
    #[serde(rename = "marking.paper_decide")]
    PaperDecide,
    /// What the live boards show changed.
    #[sea_orm(string_value = "boards.live_settings")]
    #[serde(rename = "boards.live_settings")]
    LiveSettings,
    /// The results were shown on the boards.
    #[sea_orm(string_value = "boards.publish_results")]
    #[serde(rename = "boards.publish_results")]
    ResultsPublish,
    /// Result rules were set.
    #[sea_orm(string_value = "results.set_rules")]
    #[serde(rename = "results.set_rules")]
    ResultRulesSet,
    /// An event's own result rules were cleared.
    #[sea_orm(string_value = "results.clear_rules")]
    #[serde(rename = "results.clear_rules")]
    ResultRulesClear,
    /// The chief judge signed a result version.
    #[sea_orm(string_value = "results.sign")]
    #[serde(rename = "results.sign")]
    ResultsSign,
    /// The working-day calendar changed.
    #[sea_orm(string_value = "results.calendar")]
    #[serde(rename = "results.calendar")]
    CalendarSet,
    /// The publicity window was set.
    #[sea_orm(string_value = "results.publicity_window")]
    #[serde(rename = "results.publicity_window")]
    PublicityWindowSet,
    /// The publicity window was moved (with a reason).
    #[sea_orm(string_value = "results.adjust_publicity_window")]
    #[serde(rename = "results.adjust_publicity_window")]
    PublicityWindowAdjust,
    /// The publicity window was extended.
    #[sea_orm(string_value = "results.extend_publicity_window")]
    #[serde(rename = "results.extend_publicity_window")]
    PublicityWindowExtend,
    /// An appeal or objection was filed.
    #[sea_orm(string_value = "cases.file")]
    #[serde(rename = "cases.file")]
    CaseFile,
    /// The arbitration group decided a case.
    #[sea_orm(string_value = "cases.decide")]
    #[serde(rename = "cases.decide")]
    CaseDecide,
    /// Certificates were issued.
    #[sea_orm(string_value = "certificates.issue")]
    #[serde(rename = "certificates.issue")]
    CertificatesIssue,
    /// A certificate was revoked.
    #[sea_orm(string_value = "certificates.revoke")]
    #[serde(rename = "certificates.revoke")]
    CertificateRevoke,
    /// A certificate template was saved.
    #[sea_orm(string_value = "certificates.template")]
    #[serde(rename = "certificates.template")]
    CertificateTemplate,
    /// A template's seal was stored.
    #[sea_orm(string_value = "certificates.seal")]
    #[serde(rename = "certificates.seal")]
    CertificateSeal,
    /// The printed positions (套打) were set.
    #[sea_orm(string_value = "certificates.positions")]
    #[serde(rename = "certificates.positions")]
    CertificatePositions,
    /// An achievement was recorded.
    #[sea_orm(string_value = "awards.achievement")]
    #[serde(rename = "awards.achievement")]
    Achievement,
    /// An achievement was withdrawn.
    #[sea_orm(string_value = "awards.withdraw_achievement")]
    #[serde(rename = "awards.withdraw_achievement")]
    AchievementWithdraw,
    /// A competition was approved as 市一级 (or not).
    #[sea_orm(string_value = "awards.city_level")]
    #[serde(rename = "awards.city_level")]
    CityLevel,
    /// A hosting cost's proof was uploaded.
    #[sea_orm(string_value = "awards.hosting_proof")]
    #[serde(rename = "awards.hosting_proof")]
    HostingProof,
    /// An officer set an amount.
    #[sea_orm(string_value = "awards.officer_amount")]
    #[serde(rename = "awards.officer_amount")]
    OfficerAmount,
    /// An officer ticked a policy item's conditions.
    #[sea_orm(string_value = "awards.conditions")]
    #[serde(rename = "awards.conditions")]
    Conditions,
    /// The payers' table changed.
    #[sea_orm(string_value = "awards.payer")]
    #[serde(rename = "awards.payer")]
    Payer,
    /// A policy item got a new version.
    #[sea_orm(string_value = "awards.policy_version")]
    #[serde(rename = "awards.policy_version")]
    PolicyVersion,
    /// Reward lines were reviewed.
    #[sea_orm(string_value = "awards.review")]
    #[serde(rename = "awards.review")]
    LineReview,
    /// Reward lines were put on a publicity list.
    #[sea_orm(string_value = "awards.publicise")]
    #[serde(rename = "awards.publicise")]
    LinePublicise,
    /// Reward lines were approved.
    #[sea_orm(string_value = "awards.approve")]
    #[serde(rename = "awards.approve")]
    LineApprove,
    /// Reward lines were paid.
    #[sea_orm(string_value = "awards.pay")]
    #[serde(rename = "awards.pay")]
    LinePay,
    /// Reward lines were returned.
    #[sea_orm(string_value = "awards.return")]
    #[serde(rename = "awards.return")]
    LineReturn,
    /// A talent title was nominated.
    #[sea_orm(string_value = "titles.nominate")]
    #[serde(rename = "titles.nominate")]
    TitleNominate,
    /// A title conferred before the system was recorded.
    #[sea_orm(string_value = "titles.legacy")]
    #[serde(rename = "titles.legacy")]
    TitleLegacy,
    /// A nomination was reviewed.
    #[sea_orm(string_value = "titles.review")]
    #[serde(rename = "titles.review")]
    TitleReview,
    /// A title was conferred.
    #[sea_orm(string_value = "titles.confer")]
    #[serde(rename = "titles.confer")]
    TitleConfer,
    /// A unit's title target was set.
    #[sea_orm(string_value = "titles.target")]
    #[serde(rename = "titles.target")]
    TitleTarget,
}

/// 性别, as the ID-card number states it (the 17th digit: odd for male, even for female).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    #[sea_orm(string_value = "male")]
    Male,
    #[sea_orm(string_value = "female")]
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    /// `男`/`女` (or male/female, M/F) as typed in a form or a spreadsheet.
    pub fn parse(text: &str) -> Option<Sex> {
        match text.trim() {
            "男" | "male" | "M" | "m" => Some(Sex::Male),
            "女" | "female" | "F" | "f" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// Where a registration entry stands in 资格审核.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    /// 填报中: the unit is still working on it.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// 已提交: waiting for the organiser.
    #[sea_orm(string_value = "submitted")]
    Submitted,
    /// 已退回: the organiser sent it back with a reason.
    #[sea_orm(string_value = "returned")]
    Returned,
    /// 已通过: an entrant of the event.
    #[sea_orm(string_value = "accepted")]
    Accepted,
}

impl RegistrationState {
    pub fn label(self) -> &'static str {
        match self {
            RegistrationState::Draft => "填报中",
            RegistrationState::Submitted => "已提交",
            RegistrationState::Returned => "已退回",
            RegistrationState::Accepted => "已通过",
        }
    }
}
