//! The shapes the seed states, exactly, and what an auditor asks of the awards module.
//!
//! - Clause 10's national training base is paid 500,000 **per project**: `per_head`, the heads
//!   being the projects (工种); a school hosting provincial selections is paid up to 200,000
//!   per project (`ceiling_per_head`).
//! - Clause 12: 学徒制 up to 6,000 per person (one record per year), 订单班 up to 2,000 per
//!   person (`ceiling_per_head`).
//! - Conditions the seed names that no field of a record shows (制造业企业, 市外引进, 年实训超
//!   1000 人次 …) are listed per item (`conditions`); an officer ticks each with its evidence
//!   (`achievement.conditions_met`) before its lines can be reviewed.
//! - `reward_line.payable_from`: the day from which a line of a multi-year item may be
//!   publicised, approved and paid (引才补贴's three years, 津贴 by year); none for the rest.
//! - `achievement.withdrawn_*`: a record entered by mistake is withdrawn with its reason, never
//!   deleted: its drafts go, what was committed gets a reversing draft.
//! - `app_user.created_by`: an account made by the administrator may not review or approve
//!   lines the administrator entered (four eyes that are really two people).
//!
//! The seeded rows are corrected in place: they are the seed misread, not a new document.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (code, params as the seed states them)
const CORRECTED: &[(&str, Option<&str>, &str)] = &[
    (
        "recruit_bonus",
        None,
        r#"{"percent":"0.5","years":3,"cap":"500000","conditions":["引进单位为制造业企业","人才为市外引进（全职）","人才经市级以上政府或人才部门认定为高技能领军人才（含引进后三年内入选）","基数为申报年上一年的人才薪酬"]}"#,
    ),
    (
        "recruit_housing",
        None,
        r#"{"conditions":["人才为引进的市级以上高技能领军人才（含引进后三年内入选）","购房补贴按企业新引进博士标准核定"]}"#,
    ),
    (
        "innovation_studio",
        None,
        r#"{"ceiling":"10000","conditions":["依托制造业 8+N 重点细分行业龙头企业建设"]}"#,
    ),
    (
        "refresher_training",
        None,
        r#"{"conditions":["企业安排技能人才脱产研修培训 1 个月以上"]}"#,
    ),
    (
        "new_trade_housing",
        None,
        r#"{"conditions":["制造业企业市外全职引进","属新职业（工种）高级技师、技师"]}"#,
    ),
    (
        "certification",
        None,
        r#"{"amount":"600","conditions":["人数仅计本次新认定的高技能人才（高级工、技师、高级技师）"]}"#,
    ),
    (
        "senior_technician_allowance",
        None,
        r#"{"amount":"1000","months":24,"conditions":["企业实施高技能人才津贴","职业（工种）列入金华紧缺职业（工种）目录","津贴期为认定后两年内"]}"#,
    ),
    (
        "technician_allowance",
        None,
        r#"{"amount":"600","months":24,"conditions":["企业实施高技能人才津贴","职业（工种）列入金华紧缺职业（工种）目录","津贴期为认定后两年内"]}"#,
    ),
    (
        "technician_housing",
        None,
        r#"{"conditions":["制造业企业市外全职引进","购房补贴参照本科标准核定"]}"#,
    ),
    (
        "public_training_base",
        None,
        r#"{"amount":"200000","conditions":["基地对社会开放","年实训超过 1000 人次"]}"#,
    ),
    (
        "provincial_base_match",
        None,
        r#"{"ratio":"1","conditions":["首次列入省级及以上高技能人才公共实训基地建设项目"]}"#,
    ),
    (
        "training_centre",
        None,
        r#"{"amount":"50000","conditions":["重点规上企业","年培训 500 人次以上","20% 以上人次晋升高级工以上技能等级"]}"#,
    ),
    (
        "hosting_school_provincial",
        None,
        r#"{"ceiling":"200000","school_only":true,"ceiling_per_head":true}"#,
    ),
    (
        "ws_training_base",
        Some("per_head"),
        r#"{"amount":"500000"}"#,
    ),
    (
        "apprenticeship",
        None,
        r#"{"ceiling":"6000","ceiling_per_head":true,"conditions":["通过校企合作开展新型学徒制","学徒在 2 年培训期内（每条记录为一年）"]}"#,
    ),
    (
        "order_class",
        None,
        r#"{"ceiling":"2000","ceiling_per_head":true,"conditions":["企业与院校合作开设订单班、冠名班"]}"#,
    ),
    (
        "partner_base",
        None,
        r#"{"amount":"50000","threshold":20,"per_head":"3000","conditions":["基地设在中西部省份技工（职业）院校","输送的是高技能人才","输送至我市民营企业就业"]}"#,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RewardLine::Table)
                .add_column(date_null(RewardLine::PayableFrom))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Achievement::Table)
                .add_column(timestamp_with_time_zone_null(Achievement::WithdrawnAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Achievement::Table)
                .add_column(integer_null(Achievement::WithdrawnBy))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Achievement::Table)
                .add_column(text_null(Achievement::WithdrawnReason))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Achievement::Table)
                .add_column(text_null(Achievement::ConditionsMet))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(AppUser::Table)
                .add_column(integer_null(AppUser::CreatedBy))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        for (code, shape, params) in CORRECTED {
            let mut update = Query::update();
            update
                .table(PolicyItem::Table)
                .value(PolicyItem::Params, *params)
                .and_where(Expr::col(PolicyItem::Code).eq(*code))
                .and_where(Expr::col(PolicyItem::CreatedBy).is_null());
            if let Some(shape) = shape {
                update.value(PolicyItem::Shape, *shape);
            }
            db.execute(&update).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (
                RewardLine::Table.into_iden(),
                RewardLine::PayableFrom.into_iden(),
            ),
            (
                Achievement::Table.into_iden(),
                Achievement::WithdrawnAt.into_iden(),
            ),
            (
                Achievement::Table.into_iden(),
                Achievement::WithdrawnBy.into_iden(),
            ),
            (
                Achievement::Table.into_iden(),
                Achievement::WithdrawnReason.into_iden(),
            ),
            (
                Achievement::Table.into_iden(),
                Achievement::ConditionsMet.into_iden(),
            ),
            (AppUser::Table.into_iden(), AppUser::CreatedBy.into_iden()),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum RewardLine {
    Table,
    PayableFrom,
}

#[derive(DeriveIden)]
enum Achievement {
    Table,
    WithdrawnAt,
    WithdrawnBy,
    WithdrawnReason,
    ConditionsMet,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    CreatedBy,
}

#[derive(DeriveIden)]
enum PolicyItem {
    Table,
    Code,
    Shape,
    Params,
    CreatedBy,
}
