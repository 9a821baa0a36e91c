//! Result rules (成绩规则): how an event's results are ranked, which awards its placings earn and
//! which honours they bring.
//!
//! - A competition has **default rules**; an event may **override** them. With neither, the
//!   national practice applies ([`national`]): rank by total, 一/二/三等奖 to 10 %/20 %/30 % of
//!   the actual entrants rounded down, 优胜奖 for the rest of the top half, a tied group that
//!   starts inside a quota all get the higher award, no honours.
//! - The rules are set before marking starts and are **frozen with the scheme**: once the
//!   competition is marking, neither an event's rules nor the default its events use may change.
//! - The rules are one JSON document, the same on the page, in the API and in the database.

use crate::accounts::Actor;
use crate::audit;
use crate::competitions::access::{can_manage_competition, can_view_competition};
use crate::competitions::events::{find_event, find_managed_event};
use crate::competitions::find_competition;
use crate::error::{AppError, AppResult};
use crate::judging::scheme::load_doc;
use crate::time::now;
use entity::kinds::AuditAction;
use entity::{CompetitionId, EventId};
use entity::{competition, event, result_rules};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

/// One step of the ranking order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum TieBreakDoc {
    /// Higher total first.
    Total,
    /// Shorter completion time first.
    Time,
    /// Higher score in the scheme component with this code (e.g. `practical`).
    Component { code: String },
    /// Higher total in the scheme module with this code.
    Module { code: String },
}

/// How many places an award has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuotaDoc {
    /// A share of the actual entrants, e.g. `0.10`.
    Fraction {
        #[schema(value_type = String, example = "0.10")]
        value: Decimal,
    },
    /// A fixed number of places.
    Count { value: u32 },
}

/// How a fractional quota becomes a number of places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuotaRounding {
    /// 向下取整.
    Floor,
    /// 四舍五入.
    Round,
    /// 向上取整.
    Ceiling,
}

/// A tied group that straddles a quota boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BoundaryTie {
    /// Everyone in the group gets the higher award (the quota is exceeded).
    AllHigher,
    /// Everyone in the group gets the lower award (the quota is not filled).
    AllLower,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AwardDoc {
    First,
    Second,
    Third,
    Merit,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AwardsDoc {
    pub first: QuotaDoc,
    pub second: QuotaDoc,
    pub third: QuotaDoc,
    pub rounding: QuotaRounding,
    /// 优胜奖 for eligible entrants in the top half not already awarded.
    pub merit_top_half: bool,
    pub boundary_tie: BoundaryTie,
}

/// An honour a placing brings, e.g. first place → 金华市技术能手（推荐）.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HonourDoc {
    /// What it is called on results and certificates.
    #[schema(min_length = 1, max_length = 40)]
    pub honour: String,
    /// Only places up to this rank.
    #[serde(default)]
    pub max_rank: Option<u32>,
    /// Only entrants with at least this award.
    #[serde(default)]
    pub min_award: Option<AwardDoc>,
    /// At most once a year per person (e.g. a skill-level promotion).
    #[serde(default)]
    pub once_a_year: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ResultRulesDoc {
    /// The ranking order: the total first, then what settles a tie.
    pub tie_breaks: Vec<TieBreakDoc>,
    /// Places 1–3 may not be shared: a tie there is settled by the jury's order.
    #[serde(default)]
    pub no_shared_podium: bool,
    pub awards: AwardsDoc,
    /// A total below this earns no award (each component's own pass mark is in the scheme).
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "60")]
    #[schema(pattern = "^[0-9]+(\\.[0-9]+)?$", max_length = 24)]
    pub pass_mark: Option<Decimal>,
    #[serde(default)]
    pub honours: Vec<HonourDoc>,
}

impl From<AwardDoc> for scoring::Award {
    fn from(a: AwardDoc) -> Self {
        match a {
            AwardDoc::First => scoring::Award::First,
            AwardDoc::Second => scoring::Award::Second,
            AwardDoc::Third => scoring::Award::Third,
            AwardDoc::Merit => scoring::Award::Merit,
        }
    }
}

impl From<QuotaDoc> for scoring::Quota {
    fn from(q: QuotaDoc) -> Self {
        match q {
            QuotaDoc::Fraction { value } => scoring::Quota::Fraction(value),
            QuotaDoc::Count { value } => scoring::Quota::Count(value),
        }
    }
}

/// The rules as the scoring engine takes them: the ranking order, the award rules and the
/// honour rules. The jury's order for a podium tie is not a rule set in advance: it comes with
/// the results the jury decides on.
impl From<&ResultRulesDoc> for scoring::ResultRules {
    fn from(doc: &ResultRulesDoc) -> Self {
        scoring::ResultRules {
            ranking: scoring::RankingRules {
                order: doc
                    .tie_breaks
                    .iter()
                    .map(|t| match t {
                        TieBreakDoc::Total => scoring::TieBreak::Total,
                        TieBreakDoc::Time => scoring::TieBreak::Time,
                        TieBreakDoc::Component { code } => {
                            scoring::TieBreak::Component(code.clone())
                        }
                        TieBreakDoc::Module { code } => scoring::TieBreak::Module(code.clone()),
                    })
                    .collect(),
                no_shared_podium: doc.no_shared_podium,
                jury_order: Vec::new(),
            },
            awards: scoring::AwardRules {
                first: doc.awards.first.into(),
                second: doc.awards.second.into(),
                third: doc.awards.third.into(),
                rounding: match doc.awards.rounding {
                    QuotaRounding::Floor => scoring::QuotaRounding::Floor,
                    QuotaRounding::Round => scoring::QuotaRounding::Round,
                    QuotaRounding::Ceiling => scoring::QuotaRounding::Ceiling,
                },
                merit_top_half: doc.awards.merit_top_half,
                boundary_tie: match doc.awards.boundary_tie {
                    BoundaryTie::AllHigher => scoring::BoundaryTie::AllHigher,
                    BoundaryTie::AllLower => scoring::BoundaryTie::AllLower,
                },
                pass_mark: doc.pass_mark,
            },
            honours: doc
                .honours
                .iter()
                .map(|h| scoring::HonourRule {
                    honour: h.honour.clone(),
                    max_rank: h.max_rank,
                    min_award: h.min_award.map(Into::into),
                    once_a_year: h.once_a_year,
                })
                .collect(),
        }
    }
}

/// The national practice: see the module documentation.
pub fn national() -> ResultRulesDoc {
    let share = |percent| QuotaDoc::Fraction {
        value: Decimal::new(percent, 2),
    };
    ResultRulesDoc {
        tie_breaks: vec![TieBreakDoc::Total],
        no_shared_podium: false,
        awards: AwardsDoc {
            first: share(10),
            second: share(20),
            third: share(30),
            rounding: QuotaRounding::Floor,
            merit_top_half: true,
            boundary_tie: BoundaryTie::AllHigher,
        },
        pass_mark: None,
        honours: Vec::new(),
    }
}

/// Where an event's rules come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RulesSource {
    /// Set for this event.
    Event,
    /// The competition's default.
    Competition,
    /// Nothing set: the national practice.
    National,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RulesInForce {
    pub source: RulesSource,
    pub rules: ResultRulesDoc,
    /// Whether they may still change (not once the competition is marking).
    pub frozen: bool,
}

/// Checks the words and numbers of a rules document; `codes` are the event's scheme component
/// and module codes when the rules are an event's (a competition default is checked against
/// each event's scheme when results are computed).
fn check(doc: &ResultRulesDoc, codes: Option<(&[String], &[String])>) -> AppResult<()> {
    if doc.tie_breaks.first() != Some(&TieBreakDoc::Total) {
        return Err(AppError::invalid(
            "tie_breaks",
            "排名须首先按总分，其后才是并列时的比较项",
        ));
    }
    for (i, t) in doc.tie_breaks.iter().enumerate() {
        let field = format!("tie_breaks[{i}].code");
        match (t, codes) {
            (TieBreakDoc::Component { code }, Some((components, _)))
                if !components.contains(code) =>
            {
                return Err(AppError::invalid(
                    &field,
                    format!("评分方案中没有编号为“{code}”的组成部分"),
                ));
            }
            (TieBreakDoc::Module { code }, Some((_, modules))) if !modules.contains(code) => {
                return Err(AppError::invalid(
                    &field,
                    format!("评分方案中没有编号为“{code}”的模块"),
                ));
            }
            (TieBreakDoc::Component { code } | TieBreakDoc::Module { code }, _)
                if code.trim().is_empty() || code.chars().count() > 32 =>
            {
                return Err(AppError::invalid(
                    &field,
                    "请填写组成部分或模块的编号（不超过 32 字符）",
                ));
            }
            _ => {}
        }
    }
    if doc.tie_breaks.len() > 10 {
        return Err(AppError::invalid("tie_breaks", "比较项不超过 10 个"));
    }
    let quotas = [
        ("awards.first", "一等奖", doc.awards.first),
        ("awards.second", "二等奖", doc.awards.second),
        ("awards.third", "三等奖", doc.awards.third),
    ];
    let mut share = Decimal::ZERO;
    for (field, name, quota) in quotas {
        match quota {
            QuotaDoc::Fraction { value } if value < Decimal::ZERO || value > Decimal::ONE => {
                return Err(AppError::invalid(
                    field,
                    format!("{name}比例须在 0 到 1 之间（如 0.10 表示 10%）"),
                ));
            }
            QuotaDoc::Fraction { value } => share += value,
            QuotaDoc::Count { value } if value > 10_000 => {
                return Err(AppError::invalid(field, format!("{name}名额过多")));
            }
            QuotaDoc::Count { .. } => {}
        }
    }
    if share > Decimal::ONE {
        return Err(AppError::invalid(
            "awards",
            "一、二、三等奖的比例合计不能超过 100%",
        ));
    }
    if doc.pass_mark.is_some_and(|p| p < Decimal::ZERO) {
        return Err(AppError::invalid("pass_mark", "及格线不能为负数"));
    }
    if doc.honours.len() > 20 {
        return Err(AppError::invalid("honours", "荣誉规则不超过 20 条"));
    }
    for (i, h) in doc.honours.iter().enumerate() {
        let honour = h.honour.trim();
        if honour.is_empty() || honour.chars().count() > 40 {
            return Err(AppError::invalid(
                &format!("honours[{i}].honour"),
                "荣誉名称不能为空，且不超过 40 字",
            ));
        }
        if h.max_rank == Some(0) {
            return Err(AppError::invalid(
                &format!("honours[{i}].max_rank"),
                "名次须从 1 开始",
            ));
        }
        if h.max_rank.is_none() && h.min_award.is_none() {
            return Err(AppError::invalid(
                &format!("honours[{i}]"),
                format!("“{honour}”须指定名次或奖项条件"),
            ));
        }
    }
    Ok(())
}

async fn stored(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
    event_id: Option<EventId>,
) -> AppResult<Option<result_rules::Model>> {
    let query =
        result_rules::Entity::find().filter(result_rules::Column::CompetitionId.eq(competition_id));
    let query = match event_id {
        Some(id) => query.filter(result_rules::Column::EventId.eq(id)),
        None => query.filter(result_rules::Column::EventId.is_null()),
    };
    Ok(query.one(db).await?)
}

fn parse(row: &result_rules::Model) -> AppResult<ResultRulesDoc> {
    serde_json::from_str(&row.doc)
        .map_err(|e| AppError::Internal(format!("result rules {}: {e}", row.id)))
}

/// Whether the competition is marking or past it: its schemes, and so its rules, are frozen.
async fn frozen(db: &impl ConnectionTrait, comp: &competition::Model) -> AppResult<bool> {
    Ok(event::Entity::find()
        .filter(event::Column::CompetitionId.eq(comp.id))
        .filter(event::Column::SchemeFrozen.eq(true))
        .one(db)
        .await?
        .is_some())
}

/// The rules an event's results follow, and where they come from. Needs no actor: the
/// results computation reads them.
pub async fn rules_of_event(
    db: &impl ConnectionTrait,
    ev: &event::Model,
) -> AppResult<RulesInForce> {
    let (source, rules) = if let Some(row) = stored(db, ev.competition_id, Some(ev.id)).await? {
        (RulesSource::Event, parse(&row)?)
    } else if let Some(row) = stored(db, ev.competition_id, None).await? {
        (RulesSource::Competition, parse(&row)?)
    } else {
        (RulesSource::National, national())
    };
    Ok(RulesInForce {
        source,
        rules,
        frozen: ev.scheme_frozen,
    })
}

/// An event's rules in force, for whoever may see the event.
pub async fn event_rules(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<RulesInForce> {
    let (ev, _comp) = find_event(db, actor, event_id).await?;
    rules_of_event(db, &ev).await
}

/// A competition's default rules (the national practice until set).
pub async fn competition_rules(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
) -> AppResult<RulesInForce> {
    let comp = find_competition(db, actor, competition_id).await?;
    if !can_view_competition(actor, &comp) {
        return Err(AppError::NotFound);
    }
    let (source, rules) = match stored(db, comp.id, None).await? {
        Some(row) => (RulesSource::Competition, parse(&row)?),
        None => (RulesSource::National, national()),
    };
    Ok(RulesInForce {
        source,
        rules,
        frozen: frozen(db, &comp).await?,
    })
}

async fn save(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
    event_id: Option<EventId>,
    doc: &ResultRulesDoc,
) -> AppResult<()> {
    let text = serde_json::to_string(doc).map_err(|e| AppError::Internal(e.to_string()))?;
    match stored(db, competition_id, event_id).await? {
        Some(row) => {
            let mut row = row.into_active_model();
            row.doc = Set(text);
            row.updated_at = Set(now());
            row.updated_by = Set(Some(actor.user_id));
            row.update(db).await?;
        }
        None => {
            result_rules::ActiveModel {
                competition_id: Set(competition_id),
                event_id: Set(event_id),
                doc: Set(text),
                updated_at: Set(now()),
                updated_by: Set(Some(actor.user_id)),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    let subject = match event_id {
        Some(id) => format!("event:{id}"),
        None => format!("competition:{competition_id}"),
    };
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::ResultRulesSet,
        &subject,
        serde_json::to_value(doc).unwrap_or_default(),
    )
    .await
}

const FROZEN: &str = "评分已开始，成绩规则已随评分方案冻结，不能修改";

/// Sets a competition's default rules. Refused once the competition is marking.
pub async fn set_competition_rules(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
    doc: ResultRulesDoc,
) -> AppResult<RulesInForce> {
    let comp = find_competition(db, actor, competition_id).await?;
    if !can_view_competition(actor, &comp) {
        return Err(AppError::NotFound);
    }
    if !can_manage_competition(actor, &comp) {
        return Err(AppError::Forbidden);
    }
    if frozen(db, &comp).await? {
        return Err(AppError::invalid("rules", FROZEN));
    }
    check(&doc, None)?;
    save(db, actor, comp.id, None, &doc).await?;
    competition_rules(db, actor, competition_id).await
}

/// Sets an event's own rules, checked against its scheme. Refused once marking has started.
pub async fn set_event_rules(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
    doc: ResultRulesDoc,
) -> AppResult<RulesInForce> {
    let (ev, _comp) = find_managed_event(db, actor, event_id).await?;
    if ev.scheme_frozen {
        return Err(AppError::invalid("rules", FROZEN));
    }
    let scheme = load_doc(db, &ev).await?;
    let components: Vec<String> = scheme.components.iter().map(|c| c.code.clone()).collect();
    let modules: Vec<String> = scheme
        .components
        .iter()
        .flat_map(|c| c.modules.iter().map(|m| m.code.clone()))
        .collect();
    check(&doc, Some((&components, &modules)))?;
    save(db, actor, ev.competition_id, Some(ev.id), &doc).await?;
    rules_of_event(db, &ev).await
}

/// Drops an event's own rules: it follows the competition's default again.
pub async fn clear_event_rules(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<RulesInForce> {
    let (ev, _comp) = find_managed_event(db, actor, event_id).await?;
    if ev.scheme_frozen {
        return Err(AppError::invalid("rules", FROZEN));
    }
    let removed = result_rules::Entity::delete_many()
        .filter(result_rules::Column::EventId.eq(ev.id))
        .exec(db)
        .await?
        .rows_affected;
    if removed > 0 {
        audit::record(
            db,
            Some(actor.user_id),
            AuditAction::ResultRulesClear,
            &format!("event:{}", ev.id),
            serde_json::Value::Null,
        )
        .await?;
    }
    rules_of_event(db, &ev).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_national_practice_passes_its_own_check_and_is_the_engines() {
        assert!(check(&national(), None).is_ok());
        let rules = scoring::ResultRules::from(&national());
        assert_eq!(rules.ranking, scoring::RankingRules::default());
        assert_eq!(
            rules.awards,
            scoring::AwardRules::national(scoring::QuotaRounding::Floor)
        );
        assert!(rules.honours.is_empty());
    }

    #[test]
    fn bad_rules_are_refused_naming_the_field() {
        let field_of = |doc: &ResultRulesDoc, codes| match check(doc, codes) {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("not refused: {other:?}"),
        };
        let mut doc = national();
        doc.tie_breaks = vec![TieBreakDoc::Time, TieBreakDoc::Total];
        assert_eq!(field_of(&doc, None), "tie_breaks");

        let mut doc = national();
        doc.tie_breaks
            .push(TieBreakDoc::Module { code: "Z".into() });
        let components = vec!["practical".to_owned()];
        let modules = vec!["A".to_owned()];
        assert_eq!(
            field_of(&doc, Some((&components, &modules))),
            "tie_breaks[1].code"
        );

        let mut doc = national();
        doc.tie_breaks.push(TieBreakDoc::Component {
            code: "x".repeat(33),
        });
        assert_eq!(
            field_of(&doc, None),
            "tie_breaks[1].code",
            "a default's codes too"
        );

        let mut doc = national();
        doc.awards.third = QuotaDoc::Fraction {
            value: Decimal::new(80, 2),
        };
        assert_eq!(field_of(&doc, None), "awards", "10% + 20% + 80% > 100%");

        let mut doc = national();
        doc.awards.first = QuotaDoc::Fraction {
            value: Decimal::new(15, 1),
        };
        assert_eq!(field_of(&doc, None), "awards.first");

        let mut doc = national();
        doc.honours.push(HonourDoc {
            honour: "金华市技术能手（推荐）".into(),
            max_rank: None,
            min_award: None,
            once_a_year: false,
        });
        assert_eq!(field_of(&doc, None), "honours[0]");
    }
}
