//! How figures read on a page.

use entity::kinds::PolicyShape;
use rust_decimal::Decimal;

/// A mark as judges write it: no trailing zeros (9.50 → `9.5`).
pub fn mark(value: Decimal) -> String {
    value.normalize().to_string()
}

/// An event total on a board: as rounded, or "—" before any mark counts.
pub fn total(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), |t| t.to_string())
}

/// An entrant's status on a board: 退赛 or 取消资格, nothing while competing.
pub fn entrant_status(status: entity::kinds::EntrantStatus) -> &'static str {
    match status {
        entity::kinds::EntrantStatus::Active => "",
        other => other.label(),
    }
}

/// Yuan with thousands separators and two places: 1234567.8 → `1,234,567.80` (the same
/// format as the reward notes).
pub fn yuan(amount: Decimal) -> String {
    scoring::rewards::yuan(amount)
}

/// A same-kind group (clause 18's 同类) in Chinese; the stored code never shows.
pub fn group_label(code: Option<&str>) -> &'static str {
    match code {
        None | Some("") => "",
        Some("craftsman_title") => "金华工匠称号",
        Some("worldskills_medal") => "世界技能大赛奖项",
        Some("housing") => "购房补贴",
        Some("skill_allowance") => "技能人才津贴",
        Some(_) => "其他同类项目",
    }
}

/// The rule in words: “定额 2000000 元”, “按成本、最高 50000 元”.
pub fn policy_rule(v: &crate::awards::policy::Version) -> String {
    let p = &v.params;
    let y = |v: Option<Decimal>| v.map(yuan).unwrap_or_default();
    match v.row.shape {
        PolicyShape::Fixed => format!("{} 元", y(p.amount)),
        PolicyShape::PerHead if v.row.recipient == entity::kinds::RecipientKind::Base => {
            format!("每个项目 {} 元", y(p.amount))
        }
        PolicyShape::PerHead => format!("每人 {} 元", y(p.amount)),
        PolicyShape::CostCeiling if p.ceiling_per_head => {
            format!("按成本，每个项目（工种）最高 {} 元", y(p.ceiling))
        }
        PolicyShape::CostCeiling => format!("按成本，最高 {} 元", y(p.ceiling)),
        PolicyShape::Match => match p.cap {
            Some(cap) => format!(
                "上级拨付 × {}，累计不超过 {} 元",
                p.ratio.unwrap_or_default(),
                yuan(cap)
            ),
            None => format!("上级拨付 × {}（按拨付分期）", p.ratio.unwrap_or_default()),
        },
        PolicyShape::PercentOfBase => format!(
            "基数 × {}，连续 {} 年，总额不超过 {} 元",
            p.percent.unwrap_or_default(),
            p.years.unwrap_or_default(),
            y(p.cap)
        ),
        PolicyShape::Monthly => format!(
            "{} 元/月 × {} 个月（按年分期发放）",
            y(p.amount),
            p.months.unwrap_or_default()
        ),
        PolicyShape::ThresholdExcess => format!(
            "达到 {} 人给予 {} 元，超出部分每人 {} 元",
            p.threshold.unwrap_or_default(),
            y(p.amount),
            y(p.per_head)
        ),
        PolicyShape::Uplift => format!(
            "最高 {} 元，紧缺职业（工种）× {}",
            y(p.ceiling),
            p.factor.unwrap_or_default()
        ),
        PolicyShape::OfficerSet => match p.ceiling {
            Some(c) if p.ceiling_per_head => format!("经办人核定，每人最高 {} 元", yuan(c)),
            Some(c) => format!("经办人核定，最高 {} 元", yuan(c)),
            None => "经办人核定（按相关标准）".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::yuan;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn groups_thousands() {
        let y = |s| yuan(Decimal::from_str(s).unwrap());
        assert_eq!(y("1234567.8"), "1,234,567.80");
        assert_eq!(y("48500"), "48,500.00");
        assert_eq!(y("999.999"), "1,000.00");
        assert_eq!(y("-50000"), "-50,000.00");
        assert_eq!(y("0"), "0.00");
        assert_eq!(yuan(Decimal::new(200_000_000, 2)), "2,000,000.00");
        assert_eq!(yuan(Decimal::new(4_999_999, 2)), "49,999.99");
        assert_eq!(yuan(Decimal::new(-60_000, 2)), "-600.00");
    }
}
