//! The result rules form (成绩规则) on the event page and the competition page: the rules as a
//! few lines of text an organiser can read and type, turned into the rules document.

use super::login::CsrfForm;
use crate::error::AppError;
use crate::http::auth::PageActor;
use crate::http::error::PageError;
use crate::results::rules::{
    self, AwardDoc, AwardsDoc, BoundaryTie, HonourDoc, QuotaDoc, QuotaRounding, ResultRulesDoc,
    RulesInForce, RulesSource, TieBreakDoc,
};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use entity::{CompetitionId, EventId};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;

/// The routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/events/{id}/result-rules", post(save_event_rules))
        .route(
            "/admin/events/{id}/result-rules/clear",
            post(clear_event_rules),
        )
        .route(
            "/admin/competitions/{id}/result-rules",
            post(save_competition_rules),
        )
}

/// The form as the page shows it.
pub struct RulesForm {
    pub action: String,
    /// Where "follow the competition's default" posts, on an event's form.
    pub clear_action: Option<String>,
    pub source: &'static str,
    pub frozen: bool,
    pub can_edit: bool,
    pub tie_breaks: String,
    pub first: String,
    pub second: String,
    pub third: String,
    pub rounding: &'static str,
    pub merit_top_half: bool,
    pub boundary_tie: &'static str,
    pub pass_mark: String,
    pub honours: String,
}

const TIME: &str = "用时";
const MODULE: &str = "模块";
const ONCE_A_YEAR: &str = "每年一次";

fn award_word(a: AwardDoc) -> &'static str {
    match a {
        AwardDoc::First => "一等奖",
        AwardDoc::Second => "二等奖",
        AwardDoc::Third => "三等奖",
        AwardDoc::Merit => "优胜奖",
    }
}

fn quota_text(q: QuotaDoc) -> String {
    match q {
        QuotaDoc::Fraction { value } => format!("{}%", (value * Decimal::ONE_HUNDRED).normalize()),
        QuotaDoc::Count { value } => value.to_string(),
    }
}

impl RulesForm {
    pub fn of(
        view: &RulesInForce,
        action: String,
        clear_action: Option<String>,
        can_manage: bool,
    ) -> Self {
        let r = &view.rules;
        RulesForm {
            action,
            clear_action: clear_action.filter(|_| view.source == RulesSource::Event),
            source: match view.source {
                RulesSource::Event => "本项目自定的规则",
                RulesSource::Competition => "赛事默认规则",
                RulesSource::National => "全国通行做法（尚未设置）",
            },
            frozen: view.frozen,
            can_edit: can_manage && !view.frozen,
            tie_breaks: r
                .tie_breaks
                .iter()
                .filter_map(|t| match t {
                    TieBreakDoc::Total => None,
                    TieBreakDoc::Time => Some(TIME.to_owned()),
                    TieBreakDoc::Component { code } => Some(code.clone()),
                    TieBreakDoc::Module { code } => Some(format!("{MODULE}{code}")),
                })
                .collect::<Vec<_>>()
                .join("，"),
            first: quota_text(r.awards.first),
            second: quota_text(r.awards.second),
            third: quota_text(r.awards.third),
            rounding: match r.awards.rounding {
                QuotaRounding::Floor => "floor",
                QuotaRounding::Round => "round",
                QuotaRounding::Ceiling => "ceiling",
            },
            merit_top_half: r.awards.merit_top_half,
            boundary_tie: match r.awards.boundary_tie {
                BoundaryTie::AllHigher => "all_higher",
                BoundaryTie::AllLower => "all_lower",
            },
            pass_mark: r
                .pass_mark
                .map(|p| p.normalize().to_string())
                .unwrap_or_default(),
            honours: r
                .honours
                .iter()
                .map(|h| {
                    let when = match (h.max_rank, h.min_award) {
                        (Some(n), _) => n.to_string(),
                        (None, Some(a)) => award_word(a).to_owned(),
                        (None, None) => String::new(),
                    };
                    let yearly = if h.once_a_year { " 每年一次" } else { "" };
                    format!("{when} {}{yearly}", h.honour)
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

#[derive(Deserialize)]
pub struct RulesInput {
    csrf: String,
    #[serde(default)]
    tie_breaks: String,
    first: String,
    second: String,
    third: String,
    rounding: String,
    #[serde(default)]
    merit_top_half: Option<String>,
    boundary_tie: String,
    #[serde(default)]
    pass_mark: String,
    #[serde(default)]
    honours: String,
}

fn quota(field: &str, name: &str, text: &str) -> Result<QuotaDoc, AppError> {
    let text = text.trim();
    let wrong = || AppError::invalid(field, format!("{name}名额写作比例（如 10%）或人数（如 3）"));
    if let Some(percent) = text.strip_suffix('%').or_else(|| text.strip_suffix('％')) {
        let value = Decimal::from_str(percent.trim()).map_err(|_| wrong())?;
        return Ok(QuotaDoc::Fraction {
            value: value / Decimal::ONE_HUNDRED,
        });
    }
    text.trim_end_matches(['人', '名'])
        .parse()
        .map(|value| QuotaDoc::Count { value })
        .map_err(|_| wrong())
}

fn award_of(word: &str) -> Option<AwardDoc> {
    [
        AwardDoc::First,
        AwardDoc::Second,
        AwardDoc::Third,
        AwardDoc::Merit,
    ]
    .into_iter()
    .find(|a| award_word(*a) == word)
}

/// The form's text as a rules document; the document's own checks follow in the context.
fn parse(input: &RulesInput) -> Result<ResultRulesDoc, AppError> {
    let mut tie_breaks = vec![TieBreakDoc::Total];
    for word in input
        .tie_breaks
        .split([',', '，', '、', '→'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        tie_breaks.push(if word == TIME {
            TieBreakDoc::Time
        } else if let Some(code) = word.strip_prefix(MODULE) {
            TieBreakDoc::Module {
                code: code.trim().to_owned(),
            }
        } else {
            TieBreakDoc::Component {
                code: word.to_owned(),
            }
        });
    }
    let mut honours = Vec::new();
    for (i, line) in input.honours.lines().map(str::trim).enumerate() {
        if line.is_empty() {
            continue;
        }
        let wrong = || {
            AppError::invalid(
                "honours",
                format!(
                    "荣誉第 {} 行应写作“名次 荣誉”或“奖项 荣誉”，如“1 金华市技术能手（推荐）”",
                    i + 1
                ),
            )
        };
        let (when, rest) = line.split_once(char::is_whitespace).ok_or_else(wrong)?;
        let (rest, once_a_year) = match rest.trim().strip_suffix(ONCE_A_YEAR) {
            Some(r) => (r.trim(), true),
            None => (rest.trim(), false),
        };
        let (max_rank, min_award) = match (when.parse::<u32>(), award_of(when)) {
            (Ok(n), _) => (Some(n), None),
            (Err(_), Some(a)) => (None, Some(a)),
            _ => return Err(wrong()),
        };
        honours.push(HonourDoc {
            honour: rest.to_owned(),
            max_rank,
            min_award,
            once_a_year,
        });
    }
    Ok(ResultRulesDoc {
        tie_breaks,
        no_shared_podium: false,
        awards: AwardsDoc {
            first: quota("first", "一等奖", &input.first)?,
            second: quota("second", "二等奖", &input.second)?,
            third: quota("third", "三等奖", &input.third)?,
            rounding: match input.rounding.as_str() {
                "floor" => QuotaRounding::Floor,
                "round" => QuotaRounding::Round,
                "ceiling" => QuotaRounding::Ceiling,
                _ => return Err(AppError::invalid("rounding", "请选择名额的取整方式")),
            },
            merit_top_half: input.merit_top_half.is_some(),
            boundary_tie: match input.boundary_tie.as_str() {
                "all_higher" => BoundaryTie::AllHigher,
                "all_lower" => BoundaryTie::AllLower,
                _ => {
                    return Err(AppError::invalid(
                        "boundary_tie",
                        "请选择名额边界并列时的处理",
                    ));
                }
            },
        },
        pass_mark: match input.pass_mark.trim() {
            "" => None,
            text => Some(
                Decimal::from_str(text)
                    .map_err(|_| AppError::invalid("pass_mark", "及格线须为数字"))?,
            ),
        },
        honours,
    })
}

pub async fn save_event_rules(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(input): Form<RulesInput>,
) -> Result<Response, PageError> {
    page.check_csrf(&input.csrf)?;
    let result = match parse(&input) {
        Ok(doc) => rules::set_event_rules(&state.db, &page.actor, id, doc)
            .await
            .map(|_| "result_rules"),
        Err(e) => Err(e),
    };
    super::event::answer(&state, &page, id, result).await
}

pub async fn clear_event_rules(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<EventId>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    page.check_csrf(&form.csrf)?;
    let result = rules::clear_event_rules(&state.db, &page.actor, id)
        .await
        .map(|_| "result_rules_cleared");
    super::event::answer(&state, &page, id, result).await
}

pub async fn save_competition_rules(
    State(state): State<AppState>,
    page: PageActor,
    Path(id): Path<CompetitionId>,
    Form(input): Form<RulesInput>,
) -> Result<Response, PageError> {
    page.check_csrf(&input.csrf)?;
    let result = match parse(&input) {
        Ok(doc) => rules::set_competition_rules(&state.db, &page.actor, id, doc)
            .await
            .map(|_| "result_rules"),
        Err(e) => Err(e),
    };
    super::competition::answer(&state, &page, id, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(tie_breaks: &str, first: &str, honours: &str) -> RulesInput {
        RulesInput {
            csrf: String::new(),
            tie_breaks: tie_breaks.into(),
            first: first.into(),
            second: "20%".into(),
            third: "30%".into(),
            rounding: "floor".into(),
            merit_top_half: Some("on".into()),
            boundary_tie: "all_higher".into(),
            pass_mark: String::new(),
            honours: honours.into(),
        }
    }

    #[test]
    fn the_form_reads_back_what_it_shows() {
        let doc = parse(&input(
            "practical，模块A，用时",
            "2",
            "1 金华市技术能手（推荐）\n一等奖 晋升一级 每年一次",
        ))
        .unwrap();
        assert_eq!(
            doc.tie_breaks,
            vec![
                TieBreakDoc::Total,
                TieBreakDoc::Component {
                    code: "practical".into()
                },
                TieBreakDoc::Module { code: "A".into() },
                TieBreakDoc::Time,
            ]
        );
        assert_eq!(doc.awards.first, QuotaDoc::Count { value: 2 });
        assert_eq!(
            doc.awards.second,
            QuotaDoc::Fraction {
                value: Decimal::new(20, 2)
            }
        );
        assert_eq!(doc.honours[1].min_award, Some(AwardDoc::First));
        assert!(doc.honours[1].once_a_year);
        let view = RulesInForce {
            source: RulesSource::Event,
            rules: doc.clone(),
            frozen: false,
        };
        let shown = RulesForm::of(&view, String::new(), None, true);
        let again = parse(&RulesInput {
            tie_breaks: shown.tie_breaks,
            first: shown.first,
            second: shown.second,
            third: shown.third,
            honours: shown.honours,
            ..input("", "", "")
        })
        .unwrap();
        assert_eq!(again, doc);
    }

    #[test]
    fn a_wrong_line_is_named() {
        let Err(AppError::Invalid { field, message }) = parse(&input("", "十个", "")) else {
            panic!("accepted");
        };
        assert_eq!(field, "first");
        assert!(message.contains("10%"), "{message}");
        let Err(AppError::Invalid { field, message }) =
            parse(&input("", "10%", "1 技术能手\n前三 晋升一级"))
        else {
            panic!("accepted");
        };
        assert_eq!(field, "honours");
        assert!(message.contains("第 2 行"), "{message}");
    }
}
