//! String-valued enums shared by the tables. The stored strings are the code names of the
//! vocabulary (DESIGN §2) and never change once written; the Chinese labels are for pages.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What an account may do across the platform (DESIGN §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
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
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "平台管理员",
            Role::Organiser => "赛事组织者",
            Role::AwardOfficer => "奖补经办人",
        }
    }
}

/// What kind of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
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
    /// 社会组织、行业协会、工会等.
    #[sea_orm(string_value = "agency")]
    Agency,
}

impl OrganisationKind {
    pub fn label(self) -> &'static str {
        match self {
            OrganisationKind::Bureau => "主管部门",
            OrganisationKind::Enterprise => "企业",
            OrganisationKind::School => "院校",
            OrganisationKind::Agency => "机构",
        }
    }
}

/// 赛事类别: who runs the competition and at what level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
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

/// Where a competition stands; it only moves forward (issue 3 adds the moves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
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
}

impl EntrantStatus {
    pub fn label(self) -> &'static str {
        match self {
            EntrantStatus::Active => "正常",
            EntrantStatus::Withdrawn => "已退赛",
            EntrantStatus::Disqualified => "已取消资格",
        }
    }
}

/// 裁判长 or 裁判.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
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
