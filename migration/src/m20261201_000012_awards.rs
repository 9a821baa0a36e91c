//! Awards, talent titles and subsidies (奖补) by the craftsman policy.
//!
//! - `policy_item`: one row per version of one item of the policy (the seed's money clauses 1,
//!   2, 3–10 and 12): clause, recipient kind, rule shape and its parameters (JSON), fund,
//!   same-kind group, effective date and document number. An officer changes an item by adding
//!   a version from a date; rows are never edited.
//! - `achievement` (成果记录): what a reward is for: a contest placing (pays nothing), a hosted
//!   event, a WorldSkills medal, a training-team selection, a conferred title, a designation…
//!   `source_key` refuses the same achievement twice.
//! - `reward_line` (奖补明细): what one achievement pays one recipient, with its fund, payer,
//!   clause and policy version, and where it is in the four-eyes workflow.
//! - `reward_publicity`: a published list of lines (公示) with its window.
//! - `reward_payer`: which level pays for a district (按现行财政体制承担).
//! - `title_award`: nominations and conferments of the craftsman titles, legacy holders too;
//!   a conferred title's certificate number.
//! - `title_target`: the five-year targets (力争) per title, soft or hard.
//! - `hosting_proof`: the host's proof of its hosting cost, per event.
//! - `competition.city_level_approved` / `city_level_doc`: the HR bureau's approval of a contest
//!   as 市一级 (clause 10), never inferred from the competition's kind.

use sea_orm::prelude::{ChronoDate, ChronoDateTimeUtc};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn day(y: i32, m: u32, d: u32) -> ChronoDate {
    ChronoDate::from_ymd_opt(y, m, d).expect("a calendar day")
}

fn seeded_at() -> ChronoDateTimeUtc {
    seed_from()
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
}

/// The seed has no effective date (it is a 征求意见稿): its items are in force from the start of
/// the period it plans for (“到2025年”), under its own name until an officer records the final
/// document's number and date as a new version.
fn seed_from() -> ChronoDate {
    day(2021, 1, 1)
}
const SEED_DOC: &str = "关于实施新时代金华工匠培育工程的意见（征求意见稿）";

/// (code, clause, name, recipient, fund, group, shape, params)
///
/// Funds: `talent_fund` where the clause says “相关经费从/由人才专项列支” (1, 3, 5, and clause 7's
/// last sentence: the allowance and the housing of transferred technicians; clause 12's
/// partner bases); `hr_employment_fund` for everything else (clause 18).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

const CATALOGUE: &[Row] = &[
    // Clause 1.
    (
        "china_skills_award",
        "1",
        "中华技能大奖",
        "person",
        "talent_fund",
        None,
        "fixed",
        r#"{"amount":"1000000"}"#,
    ),
    (
        "special_allowance",
        "1",
        "新入围享受政府特殊津贴的高技能人才",
        "person",
        "talent_fund",
        None,
        "fixed",
        r#"{"amount":"100000"}"#,
    ),
    (
        "leading_talent_match",
        "1",
        "省级以上技能领军人才奖励配套（按上级拨付1:1）",
        "person",
        "talent_fund",
        None,
        "match",
        r#"{"ratio":"1"}"#,
    ),
    (
        "grand_craftsman",
        "1",
        "金华大工匠",
        "person",
        "talent_fund",
        Some("craftsman_title"),
        "fixed",
        r#"{"amount":"50000"}"#,
    ),
    (
        "outstanding_craftsman",
        "1",
        "金华杰出工匠",
        "person",
        "talent_fund",
        Some("craftsman_title"),
        "fixed",
        r#"{"amount":"30000"}"#,
    ),
    (
        "craftsman",
        "1",
        "金华工匠",
        "person",
        "talent_fund",
        Some("craftsman_title"),
        "fixed",
        r#"{"amount":"10000"}"#,
    ),
    // Clause 2.
    (
        "ws_gold",
        "2",
        "世界技能大赛金奖",
        "person",
        "hr_employment_fund",
        Some("worldskills_medal"),
        "fixed",
        r#"{"amount":"2000000"}"#,
    ),
    (
        "ws_silver",
        "2",
        "世界技能大赛银奖",
        "person",
        "hr_employment_fund",
        Some("worldskills_medal"),
        "fixed",
        r#"{"amount":"1000000"}"#,
    ),
    (
        "ws_bronze",
        "2",
        "世界技能大赛铜奖",
        "person",
        "hr_employment_fund",
        Some("worldskills_medal"),
        "fixed",
        r#"{"amount":"500000"}"#,
    ),
    (
        "ws_excellence",
        "2",
        "世界技能大赛优胜奖",
        "person",
        "hr_employment_fund",
        Some("worldskills_medal"),
        "fixed",
        r#"{"amount":"300000"}"#,
    ),
    (
        "training_team",
        "2",
        "入选世界技能大赛国家集训队（选送单位）",
        "sending_organisation",
        "hr_employment_fund",
        None,
        "per_head",
        r#"{"amount":"100000"}"#,
    ),
    // Clause 3.
    (
        "recruit_bonus",
        "3",
        "市外引进高技能领军人才引才补贴",
        "enterprise",
        "talent_fund",
        None,
        "percent_of_base",
        r#"{"percent":"0.5","years":3,"cap":"500000"}"#,
    ),
    (
        "recruit_housing",
        "3",
        "引进高技能领军人才购房补贴（按新引进博士标准）",
        "person",
        "talent_fund",
        Some("housing"),
        "officer_set",
        r#"{}"#,
    ),
    // Clause 4.
    (
        "innovation_studio",
        "4",
        "高技能人才（劳模）创新工作室",
        "base",
        "hr_employment_fund",
        None,
        "officer_set",
        r#"{"ceiling":"10000"}"#,
    ),
    (
        "master_studio",
        "4",
        "技能大师工作室",
        "base",
        "hr_employment_fund",
        None,
        "officer_set",
        r#"{"ceiling":"150000"}"#,
    ),
    // Clause 5.
    (
        "training_abroad",
        "5",
        "赴国（境）外技能提升培训",
        "person",
        "talent_fund",
        None,
        "officer_set",
        r#"{"ceiling":"30000"}"#,
    ),
    (
        "advanced_class",
        "5",
        "国内高研班",
        "person",
        "talent_fund",
        None,
        "officer_set",
        r#"{"ceiling":"10000"}"#,
    ),
    (
        "refresher_training",
        "5",
        "脱产技能研修培训扶持",
        "enterprise",
        "hr_employment_fund",
        None,
        "officer_set",
        r#"{}"#,
    ),
    // Clause 6.
    (
        "new_trade_housing",
        "6",
        "新职业高级技师、技师购房补贴（按硕士标准）",
        "person",
        "hr_employment_fund",
        Some("housing"),
        "officer_set",
        r#"{}"#,
    ),
    // Clause 7.
    (
        "certification",
        "7",
        "企业技能等级认定补贴（按认定高技能人才数）",
        "enterprise",
        "hr_employment_fund",
        None,
        "per_head",
        r#"{"amount":"600"}"#,
    ),
    (
        "training_subsidy",
        "7",
        "新认定技能人才培训补贴",
        "person",
        "hr_employment_fund",
        None,
        "uplift",
        r#"{"ceiling":"3000","factor":"1.3"}"#,
    ),
    (
        "senior_technician_allowance",
        "7",
        "紧缺职业高级技师政府津贴",
        "person",
        "talent_fund",
        Some("skill_allowance"),
        "monthly",
        r#"{"amount":"1000","months":24}"#,
    ),
    (
        "technician_allowance",
        "7",
        "紧缺职业技师政府津贴",
        "person",
        "talent_fund",
        Some("skill_allowance"),
        "monthly",
        r#"{"amount":"600","months":24}"#,
    ),
    (
        "technician_housing",
        "7",
        "市外引进高级技师、技师购房补贴（参照本科标准）",
        "person",
        "talent_fund",
        Some("housing"),
        "officer_set",
        r#"{}"#,
    ),
    // Clause 8.
    (
        "public_training_base",
        "8",
        "市级高技能人才公共实训基地",
        "base",
        "hr_employment_fund",
        None,
        "fixed",
        r#"{"amount":"200000"}"#,
    ),
    (
        "provincial_base_match",
        "8",
        "首次列入省级以上公共实训基地建设项目（1:1配套）",
        "base",
        "hr_employment_fund",
        None,
        "match",
        r#"{"ratio":"1"}"#,
    ),
    (
        "base_expansion_match",
        "8",
        "国、省级公共实训基地扩建（省拨资金20%）",
        "base",
        "hr_employment_fund",
        None,
        "match",
        r#"{"ratio":"0.2","cap":"1000000"}"#,
    ),
    // Clause 9.
    (
        "training_centre",
        "9",
        "重点规上企业培训中心",
        "enterprise",
        "hr_employment_fund",
        None,
        "fixed",
        r#"{"amount":"50000"}"#,
    ),
    // Clause 10.
    (
        "hosting_city",
        "10",
        "承办市一级技能竞赛（每个项目）",
        "host",
        "hr_employment_fund",
        None,
        "cost_ceiling",
        r#"{"ceiling":"50000"}"#,
    ),
    (
        "hosting_school_provincial",
        "10",
        "院校承办省级以上地方选拔赛（每个项目）",
        "host",
        "hr_employment_fund",
        None,
        "cost_ceiling",
        r#"{"ceiling":"200000","school_only":true}"#,
    ),
    (
        "ws_training_base",
        "10",
        "世界技能大赛国家级集训基地（每个项目）",
        "base",
        "hr_employment_fund",
        None,
        "fixed",
        r#"{"amount":"500000"}"#,
    ),
    // Clause 12.
    (
        "apprenticeship",
        "12",
        "新型学徒制培训补贴（每人每年）",
        "enterprise",
        "hr_employment_fund",
        None,
        "officer_set",
        r#"{"ceiling":"6000"}"#,
    ),
    (
        "order_class",
        "12",
        "订单班、冠名班补贴（每人）",
        "enterprise",
        "hr_employment_fund",
        None,
        "officer_set",
        r#"{"ceiling":"2000"}"#,
    ),
    (
        "partner_base",
        "12",
        "技能人才协作基地（年输送20名以上）",
        "base",
        "talent_fund",
        None,
        "threshold_excess",
        r#"{"amount":"50000","threshold":20,"per_head":"3000"}"#,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Competition::Table)
                .add_column(boolean(Competition::CityLevelApproved).default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Competition::Table)
                .add_column(string_len_null(Competition::CityLevelDoc, 60))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PolicyItem::Table)
                .col(pk_auto(PolicyItem::Id))
                .col(string_len(PolicyItem::Code, 40))
                .col(date(PolicyItem::EffectiveFrom))
                .col(string_len(PolicyItem::DocNumber, 120))
                .col(string_len(PolicyItem::Clause, 8))
                .col(string_len(PolicyItem::Name, 80))
                .col(string_len(PolicyItem::Recipient, 24))
                .col(string_len(PolicyItem::Fund, 24))
                .col(string_len_null(PolicyItem::SameKindGroup, 40))
                .col(string_len(PolicyItem::Shape, 24))
                .col(text(PolicyItem::Params))
                .col(text(PolicyItem::Reason))
                .col(integer_null(PolicyItem::CreatedBy))
                .col(timestamp_with_time_zone(PolicyItem::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("policy_item_version_idx")
                .table(PolicyItem::Table)
                .col(PolicyItem::Code)
                .col(PolicyItem::EffectiveFrom)
                .unique()
                .to_owned(),
        )
        .await?;
        let mut insert = Query::insert();
        insert.into_table(PolicyItem::Table).columns([
            PolicyItem::Code,
            PolicyItem::EffectiveFrom,
            PolicyItem::DocNumber,
            PolicyItem::Clause,
            PolicyItem::Name,
            PolicyItem::Recipient,
            PolicyItem::Fund,
            PolicyItem::SameKindGroup,
            PolicyItem::Shape,
            PolicyItem::Params,
            PolicyItem::Reason,
            PolicyItem::CreatedAt,
        ]);
        for (code, clause, name, recipient, fund, group, shape, params) in CATALOGUE {
            insert.values_panic([
                (*code).into(),
                seed_from().into(),
                SEED_DOC.into(),
                (*clause).into(),
                (*name).into(),
                (*recipient).into(),
                (*fund).into(),
                group.map(str::to_owned).into(),
                (*shape).into(),
                (*params).into(),
                "初始政策目录".into(),
                seeded_at().into(),
            ]);
        }
        m.exec_stmt(insert).await?;

        m.create_table(
            Table::create()
                .table(RewardPayer::Table)
                .col(string_len(RewardPayer::District, 20).primary_key())
                .col(string_len(RewardPayer::Payer, 20))
                .to_owned(),
        )
        .await?;
        let mut payers = Query::insert();
        payers
            .into_table(RewardPayer::Table)
            .columns([RewardPayer::District, RewardPayer::Payer]);
        for district in [
            "市本级",
            "婺城区",
            "金东区",
            "兰溪市",
            "东阳市",
            "义乌市",
            "永康市",
            "浦江县",
            "武义县",
            "磐安县",
        ] {
            payers.values_panic([district.into(), district.into()]);
        }
        m.exec_stmt(payers).await?;

        m.create_table(
            Table::create()
                .table(Achievement::Table)
                .col(pk_auto(Achievement::Id))
                .col(string_len(Achievement::Kind, 24))
                .col(string_len_null(Achievement::ItemCode, 40))
                .col(date(Achievement::AchievedOn))
                .col(integer_null(Achievement::PersonId))
                .col(integer_null(Achievement::OrganisationId))
                .col(string_len(Achievement::Description, 200))
                .col(integer(Achievement::Heads).default(1))
                .col(big_integer_null(Achievement::Base))
                .col(boolean(Achievement::Proof).default(false))
                .col(boolean(Achievement::Flagged).default(false))
                .col(big_integer_null(Achievement::OfficerAmount))
                .col(text_null(Achievement::OfficerReason))
                .col(string_len_null(Achievement::Series, 80))
                .col(string_len(Achievement::Source, 16))
                .col(string_len(Achievement::SourceKey, 200))
                .col(integer_null(Achievement::CompetitionId))
                .col(integer_null(Achievement::EventId))
                .col(text_null(Achievement::Details))
                .col(integer_null(Achievement::CreatedBy))
                .col(timestamp_with_time_zone(Achievement::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("achievement_source_key_idx")
                .table(Achievement::Table)
                .col(Achievement::SourceKey)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RewardPublicity::Table)
                .col(pk_auto(RewardPublicity::Id))
                .col(string_len(RewardPublicity::Title, 120))
                .col(date(RewardPublicity::StartsOn))
                .col(date(RewardPublicity::EndsOn))
                .col(integer_null(RewardPublicity::CreatedBy))
                .col(timestamp_with_time_zone(RewardPublicity::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RewardLine::Table)
                .col(pk_auto(RewardLine::Id))
                .col(integer(RewardLine::AchievementId))
                .col(integer(RewardLine::Part))
                .col(integer(RewardLine::PolicyItemId))
                .col(string_len(RewardLine::ItemCode, 40))
                .col(string_len(RewardLine::ItemName, 80))
                .col(string_len(RewardLine::Clause, 8))
                .col(string_len(RewardLine::Fund, 24))
                .col(integer_null(RewardLine::PersonId))
                .col(integer_null(RewardLine::OrganisationId))
                .col(string_len(RewardLine::RecipientName, 120))
                .col(string_len(RewardLine::OrganisationName, 120))
                .col(string_len(RewardLine::District, 20))
                .col(string_len(RewardLine::Payer, 20))
                .col(integer(RewardLine::Year))
                .col(big_integer(RewardLine::Amount))
                .col(big_integer(RewardLine::Computed))
                .col(big_integer_null(RewardLine::Ceiling))
                .col(text(RewardLine::Note))
                .col(string_len(RewardLine::Status, 16))
                .col(integer_null(RewardLine::EnteredBy))
                .col(integer_null(RewardLine::ReviewedBy))
                .col(integer_null(RewardLine::ApprovedBy))
                .col(integer_null(RewardLine::PublicityId))
                .col(date_null(RewardLine::PaidOn))
                .col(string_len_null(RewardLine::Voucher, 60))
                .col(timestamp_with_time_zone(RewardLine::CreatedAt))
                .col(timestamp_with_time_zone(RewardLine::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RewardLine::Table, RewardLine::AchievementId)
                        .to(Achievement::Table, Achievement::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("reward_line_achievement_idx", RewardLine::AchievementId),
            ("reward_line_status_idx", RewardLine::Status),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(RewardLine::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(TitleAward::Table)
                .col(pk_auto(TitleAward::Id))
                .col(integer(TitleAward::PersonId))
                .col(integer_null(TitleAward::OrganisationId))
                .col(string_len(TitleAward::Title, 32))
                .col(string_len(TitleAward::Status, 16))
                .col(text(TitleAward::Evidence))
                .col(integer_null(TitleAward::NominatedBy))
                .col(integer_null(TitleAward::ReviewedBy))
                .col(integer_null(TitleAward::ConferredBy))
                .col(date_null(TitleAward::ConferredOn))
                .col(string_len(TitleAward::Body, 120))
                .col(string_len_null(TitleAward::DocNumber, 60))
                .col(text_null(TitleAward::Note))
                .col(string_len_null(TitleAward::CertificateNumber, 16))
                .col(timestamp_with_time_zone(TitleAward::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("title_award_certificate_idx")
                .table(TitleAward::Table)
                .col(TitleAward::CertificateNumber)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TitleTarget::Table)
                .col(pk_auto(TitleTarget::Id))
                .col(string_len(TitleTarget::Title, 32))
                .col(date(TitleTarget::StartsOn))
                .col(date(TitleTarget::EndsOn))
                .col(integer(TitleTarget::Target))
                .col(string_len(TitleTarget::Mode, 8))
                .to_owned(),
        )
        .await?;
        let mut targets = Query::insert();
        targets.into_table(TitleTarget::Table).columns([
            TitleTarget::Title,
            TitleTarget::StartsOn,
            TitleTarget::EndsOn,
            TitleTarget::Target,
            TitleTarget::Mode,
        ]);
        // “力争用五年时间，培育100名金华大工匠、500名金华杰出工匠、2000名金华工匠”: a goal, so soft.
        // The draft names no start; the window is five years from the system's first year of
        // use (2026–2030), which an officer sets to the real one when the document is issued.
        for (title, target) in [
            ("grand_craftsman", 100),
            ("outstanding_craftsman", 500),
            ("craftsman", 2000),
        ] {
            targets.values_panic([
                title.into(),
                day(2026, 1, 1).into(),
                day(2030, 12, 31).into(),
                target.into(),
                "soft".into(),
            ]);
        }
        m.exec_stmt(targets).await?;

        m.create_table(
            Table::create()
                .table(HostingProof::Table)
                .col(integer(HostingProof::EventId).primary_key())
                .col(string_len(HostingProof::FileName, 200))
                .col(blob(HostingProof::Content))
                .col(integer_null(HostingProof::UploadedBy))
                .col(timestamp_with_time_zone(HostingProof::UploadedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            HostingProof::Table.into_iden(),
            TitleTarget::Table.into_iden(),
            TitleAward::Table.into_iden(),
            RewardLine::Table.into_iden(),
            RewardPublicity::Table.into_iden(),
            Achievement::Table.into_iden(),
            RewardPayer::Table.into_iden(),
            PolicyItem::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for column in [Competition::CityLevelDoc, Competition::CityLevelApproved] {
            m.alter_table(
                Table::alter()
                    .table(Competition::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Competition {
    Table,
    CityLevelApproved,
    CityLevelDoc,
}

#[derive(DeriveIden)]
enum PolicyItem {
    Table,
    Id,
    Code,
    EffectiveFrom,
    DocNumber,
    Clause,
    Name,
    Recipient,
    Fund,
    SameKindGroup,
    Shape,
    Params,
    Reason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RewardPayer {
    Table,
    District,
    Payer,
}

#[derive(DeriveIden)]
enum Achievement {
    Table,
    Id,
    Kind,
    ItemCode,
    AchievedOn,
    PersonId,
    OrganisationId,
    Description,
    Heads,
    Base,
    Proof,
    Flagged,
    OfficerAmount,
    OfficerReason,
    Series,
    Source,
    SourceKey,
    CompetitionId,
    EventId,
    Details,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RewardPublicity {
    Table,
    Id,
    Title,
    StartsOn,
    EndsOn,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RewardLine {
    Table,
    Id,
    AchievementId,
    Part,
    PolicyItemId,
    ItemCode,
    ItemName,
    Clause,
    Fund,
    PersonId,
    OrganisationId,
    RecipientName,
    OrganisationName,
    District,
    Payer,
    Year,
    Amount,
    Computed,
    Ceiling,
    Note,
    Status,
    EnteredBy,
    ReviewedBy,
    ApprovedBy,
    PublicityId,
    PaidOn,
    Voucher,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TitleAward {
    Table,
    Id,
    PersonId,
    OrganisationId,
    Title,
    Status,
    Evidence,
    NominatedBy,
    ReviewedBy,
    ConferredBy,
    ConferredOn,
    Body,
    DocNumber,
    Note,
    CertificateNumber,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TitleTarget {
    Table,
    Id,
    Title,
    StartsOn,
    EndsOn,
    Target,
    Mode,
}

#[derive(DeriveIden)]
enum HostingProof {
    Table,
    EventId,
    FileName,
    Content,
    UploadedBy,
    UploadedAt,
}
