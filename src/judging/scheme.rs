//! An event's marking scheme (评分方案), stored as rows and exchanged as one JSON document.
//!
//! The document mirrors [`scoring::Scheme`]: components → modules → aspects. It may be replaced
//! freely until marking starts; from then on it is frozen. [`check_scheme`] runs the scoring
//! crate's checks with the real panel sizes (the number of judges in each panel), so "a 1+1
//! trim needs at least three judges" is caught before contest day.

use crate::accounts::Actor;
use crate::audit;
use crate::competitions::events::{find_event, find_managed_event};
use crate::error::{AppError, AppResult};
use crate::limits::at_most;
use entity::EventId;
use entity::kinds::AuditAction;
use entity::kinds::{Aggregation, AspectKind, ComponentKind, JudgeRole, Rounding, ShortPanel};
use entity::{
    AspectId, StoredDecimal, event, judge, scheme_aspect, scheme_component, scheme_module,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionSession, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SchemeDoc {
    /// `half_up` (四舍五入), `half_even`, `down` or `up`.
    #[serde(default = "default_rounding")]
    #[schema(example = "half_up")]
    pub rounding: Rounding,
    /// Decimal places of aspect marks.
    #[serde(default = "default_places")]
    pub aspect_places: u32,
    /// Decimal places of the final total.
    #[serde(default = "default_places")]
    pub total_places: u32,
    /// `keep_trim` or `plain_mean`: what counts when a recusal shortens a panel.
    #[serde(default = "default_short_panel")]
    #[schema(example = "keep_trim")]
    pub short_panel: ShortPanel,
    pub components: Vec<ComponentDoc>,
}

impl SchemeDoc {
    /// A scheme with the house settings: 四舍五入, two decimal places for aspects and the total,
    /// and the trim kept when a recusal shortens a panel.
    pub fn new(components: Vec<ComponentDoc>) -> Self {
        SchemeDoc {
            rounding: default_rounding(),
            aspect_places: default_places(),
            total_places: default_places(),
            short_panel: default_short_panel(),
            components,
        }
    }

    /// One practical component counting 100%, out of the sum of its aspects' maxima: what a
    /// WorldSkills-style marking sheet describes.
    pub fn practical(modules: Vec<ModuleDoc>) -> Self {
        let total = modules
            .iter()
            .flat_map(|m| m.aspects.iter())
            .map(|a| a.max)
            .sum();
        SchemeDoc::new(vec![ComponentDoc {
            code: "practical".into(),
            name: "实操".into(),
            kind: ComponentKind::Practical,
            total,
            weight: Decimal::ONE_HUNDRED,
            pass_mark: None,
            modules,
        }])
    }
}

fn default_rounding() -> Rounding {
    Rounding::HalfUp
}
fn default_places() -> u32 {
    2
}
fn default_short_panel() -> ShortPanel {
    ShortPanel::KeepTrim
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ComponentDoc {
    #[schema(min_length = 1, max_length = 32)]
    pub code: String,
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// `theory`, `practical` or `other`.
    #[schema(example = "practical")]
    pub kind: ComponentKind,
    #[schema(value_type = String, example = "100", pattern = "^-?[0-9]+(\\.[0-9]{1,4})?$", max_length = 24)]
    pub total: Decimal,
    /// Percent of the final total.
    #[schema(value_type = String, example = "70", pattern = "^-?[0-9]+(\\.[0-9]{1,4})?$", max_length = 24)]
    pub weight: Decimal,
    #[schema(value_type = Option<String>, example = "60", pattern = "^-?[0-9]+(\\.[0-9]{1,4})?$", max_length = 24)]
    pub pass_mark: Option<Decimal>,
    pub modules: Vec<ModuleDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ModuleDoc {
    #[schema(max_length = 32)]
    pub code: String,
    #[schema(max_length = 100)]
    pub name: String,
    pub aspects: Vec<AspectDoc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AspectDoc {
    /// Assigned by the server; ignored on input.
    #[serde(default)]
    #[schema(value_type = Option<i32>, minimum = 1)]
    pub id: Option<AspectId>,
    #[schema(min_length = 1, max_length = 32)]
    pub code: String,
    #[schema(max_length = 100)]
    pub name: String,
    /// `measurement`, `pass_fail`, `deduction`, `scale` (0–3) or `direct`.
    #[schema(example = "measurement")]
    pub kind: AspectKind,
    /// For measurement, deduction and direct marks.
    #[schema(value_type = Option<String>, example = "0.5", pattern = "^-?[0-9]+(\\.[0-9]{1,4})?$", max_length = 24)]
    #[serde(default)]
    pub step: Option<Decimal>,
    #[schema(value_type = String, example = "10", pattern = "^-?[0-9]+(\\.[0-9]{1,4})?$", max_length = 24)]
    pub max: Decimal,
    /// `mean`, `trimmed_mean`, `median`, `single` or `consensus`.
    #[schema(example = "trimmed_mean")]
    pub aggregation: Aggregation,
    /// For `trimmed_mean`: highest and lowest marks dropped on each side.
    #[serde(default)]
    pub trim: u8,
    /// The judges' panel that marks it, e.g. `A`.
    #[schema(min_length = 1, max_length = 16, pattern = "^[A-Za-z0-9]{1,16}$")]
    pub panel: String,
    #[schema(value_type = Option<String>, example = "1", pattern = "^-?[0-9]+(\\.[0-9]{1,4})?$", max_length = 24)]
    #[serde(default)]
    pub max_spread: Option<Decimal>,
}

fn stored(field: &str, value: Decimal) -> AppResult<StoredDecimal> {
    StoredDecimal::try_from(value).map_err(|e| AppError::invalid(field, e.to_string()))
}

/// Codes of components, modules and aspects: what their columns hold.
const CODE_CHARS: usize = 32;
/// Names of components, modules and aspects.
const NAME_CHARS: usize = 100;

/// Checks the document's words (names, numbers, panels; serde has checked the kinds); the arithmetic is checked by
/// [`check_scheme`].
fn check_doc(doc: &SchemeDoc) -> AppResult<()> {
    if doc.aspect_places > 4 || doc.total_places > 4 {
        return Err(AppError::invalid(
            "aspect_places",
            "保留小数位数须在 0–4 之间",
        ));
    }
    if doc.components.is_empty() {
        return Err(AppError::invalid(
            "components",
            "评分方案至少需要一个组成部分",
        ));
    }
    for (ci, c) in doc.components.iter().enumerate() {
        let at = |f: &str| format!("components[{ci}].{f}");
        if c.code.trim().is_empty() || c.name.trim().is_empty() {
            return Err(AppError::invalid(&at("code"), "组成部分须有编号与名称"));
        }
        at_most(&c.code, CODE_CHARS, &at("code"), "组成部分编号")?;
        at_most(&c.name, NAME_CHARS, &at("name"), "组成部分名称")?;
        for (mi, m) in c.modules.iter().enumerate() {
            let at = |f: &str| format!("components[{ci}].modules[{mi}].{f}");
            at_most(&m.code, CODE_CHARS, &at("code"), "模块编号")?;
            at_most(&m.name, NAME_CHARS, &at("name"), "模块名称")?;
            for (ai, a) in m.aspects.iter().enumerate() {
                let at = |f: &str| format!("components[{ci}].modules[{mi}].aspects[{ai}].{f}");
                if a.code.trim().is_empty() || a.code.chars().count() > CODE_CHARS {
                    return Err(AppError::invalid(
                        &at("code"),
                        "评分项编号不能为空，且不超过 32 字符",
                    ));
                }
                at_most(&a.name, NAME_CHARS, &at("name"), "评分项名称")?;
                super::judges::check_panel(&a.panel)
                    .map_err(|m| AppError::invalid(&at("panel"), m))?;
            }
        }
    }
    Ok(())
}

/// Replaces an event's scheme. Refused once marking has started.
pub async fn set_scheme<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    event_id: EventId,
    doc: SchemeDoc,
) -> AppResult<SchemeDoc> {
    let (ev, _comp) = find_managed_event(db, actor, event_id).await?;
    if ev.scheme_frozen {
        return Err(AppError::invalid(
            "scheme",
            "评分已开始，评分方案已冻结，不能修改",
        ));
    }
    check_doc(&doc)?;
    let txn = crate::db::begin_write(db).await?;
    store(&txn, &ev, &doc).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::SchemeSet,
        &format!("event:{}", ev.id),
        serde_json::to_value(&doc).unwrap_or_default(),
    )
    .await?;
    txn.commit().await?;
    load_doc(db, &ev).await
}

async fn store(db: &impl ConnectionTrait, ev: &event::Model, doc: &SchemeDoc) -> AppResult<()> {
    // Aspects first (they point at modules and the event), then modules with their components.
    scheme_aspect::Entity::delete_many()
        .filter(scheme_aspect::Column::EventId.eq(ev.id))
        .exec(db)
        .await?;
    scheme_component::Entity::delete_many()
        .filter(scheme_component::Column::EventId.eq(ev.id))
        .exec(db)
        .await?;
    let mut model = ev.clone().into_active_model();
    model.rounding = Set(doc.rounding);
    model.aspect_places = Set(doc.aspect_places as i32);
    model.total_places = Set(doc.total_places as i32);
    model.short_panel = Set(doc.short_panel);
    model.update(db).await?;
    for (ci, c) in doc.components.iter().enumerate() {
        let component = scheme_component::ActiveModel {
            event_id: Set(ev.id),
            position: Set(ci as i32),
            code: Set(c.code.trim().to_owned()),
            name: Set(c.name.trim().to_owned()),
            kind: Set(c.kind),
            total: Set(stored("total", c.total)?),
            weight: Set(stored("weight", c.weight)?),
            pass_mark: Set(c.pass_mark.map(|p| stored("pass_mark", p)).transpose()?),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (mi, m) in c.modules.iter().enumerate() {
            let module = scheme_module::ActiveModel {
                component_id: Set(component.id),
                position: Set(mi as i32),
                code: Set(m.code.trim().to_owned()),
                name: Set(m.name.trim().to_owned()),
                ..Default::default()
            }
            .insert(db)
            .await?;
            let rows = m
                .aspects
                .iter()
                .enumerate()
                .map(|(ai, a)| {
                    Ok(scheme_aspect::ActiveModel {
                        module_id: Set(module.id),
                        event_id: Set(ev.id),
                        position: Set(ai as i32),
                        code: Set(a.code.trim().to_owned()),
                        name: Set(a.name.trim().to_owned()),
                        kind: Set(a.kind),
                        step: Set(a.step.map(|s| stored("step", s)).transpose()?),
                        max_mark: Set(stored("max", a.max)?),
                        aggregation: Set(a.aggregation),
                        trim: Set(i32::from(a.trim)),
                        panel: Set(a.panel.trim().to_uppercase()),
                        max_spread: Set(a
                            .max_spread
                            .map(|s| stored("max_spread", s))
                            .transpose()?),
                        ..Default::default()
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            if !rows.is_empty() {
                scheme_aspect::Entity::insert_many(rows).exec(db).await?;
            }
        }
    }
    Ok(())
}

pub async fn get_scheme(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<SchemeDoc> {
    let (ev, _comp) = find_event(db, actor, event_id).await?;
    load_doc(db, &ev).await
}

pub(crate) async fn load_doc(db: &impl ConnectionTrait, ev: &event::Model) -> AppResult<SchemeDoc> {
    let components = scheme_component::Entity::find()
        .filter(scheme_component::Column::EventId.eq(ev.id))
        .order_by_asc(scheme_component::Column::Position)
        .all(db)
        .await?;
    let modules = scheme_module::Entity::find()
        .filter(
            scheme_module::Column::ComponentId
                .is_in(components.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .order_by_asc(scheme_module::Column::Position)
        .all(db)
        .await?;
    let aspects = scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::EventId.eq(ev.id))
        .order_by_asc(scheme_aspect::Column::Position)
        .all(db)
        .await?;
    Ok(SchemeDoc {
        rounding: ev.rounding,
        aspect_places: ev.aspect_places.max(0) as u32,
        total_places: ev.total_places.max(0) as u32,
        short_panel: ev.short_panel,
        components: components
            .iter()
            .map(|c| ComponentDoc {
                code: c.code.clone(),
                name: c.name.clone(),
                kind: c.kind,
                total: c.total.to_decimal().normalize(),
                weight: c.weight.to_decimal().normalize(),
                pass_mark: c.pass_mark.map(|p| p.to_decimal().normalize()),
                modules: modules
                    .iter()
                    .filter(|m| m.component_id == c.id)
                    .map(|m| ModuleDoc {
                        code: m.code.clone(),
                        name: m.name.clone(),
                        aspects: aspects
                            .iter()
                            .filter(|a| a.module_id == m.id)
                            .map(|a| AspectDoc {
                                id: Some(a.id),
                                code: a.code.clone(),
                                name: a.name.clone(),
                                kind: a.kind,
                                step: a.step.map(|s| s.to_decimal().normalize()),
                                max: a.max_mark.to_decimal().normalize(),
                                aggregation: a.aggregation,
                                trim: a.trim.clamp(0, 255) as u8,
                                panel: a.panel.clone(),
                                max_spread: a.max_spread.map(|s| s.to_decimal().normalize()),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// The scheme as the scoring crate sees it, with each aspect's panel sized by the judges in it.
pub fn to_scoring(doc: &SchemeDoc, panel_sizes: &HashMap<String, u8>) -> scoring::Scheme {
    let mode = doc.rounding.into();
    scoring::Scheme {
        components: doc
            .components
            .iter()
            .map(|c| scoring::Component {
                code: c.code.clone(),
                name: c.name.clone(),
                kind: c.kind.into(),
                total: c.total,
                weight: c.weight,
                pass_mark: c.pass_mark,
                modules: c
                    .modules
                    .iter()
                    .map(|m| scoring::Module {
                        code: m.code.clone(),
                        name: m.name.clone(),
                        aspects: m
                            .aspects
                            .iter()
                            .map(|a| scoring::Aspect {
                                id: a.id.map_or(scoring::AspectId(0), Into::into),
                                code: a.code.clone(),
                                name: a.name.clone(),
                                kind: a.kind.rule(a.step),
                                max: a.max,
                                aggregation: a.aggregation.rule(a.trim),
                                panel: panel_sizes.get(&a.panel).copied().unwrap_or(0),
                                max_spread: a.max_spread,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        aspect_rounding: scoring::Rounding::new(doc.aspect_places, mode),
        total_rounding: scoring::Rounding::new(doc.total_places, mode),
        short_panel: doc.short_panel.into(),
    }
}

/// Judges per panel (chief judges supervise and do not count).
pub async fn panel_sizes(
    db: &impl ConnectionTrait,
    event_id: EventId,
) -> AppResult<HashMap<String, u8>> {
    let mut sizes = HashMap::new();
    for j in judge::Entity::find()
        .filter(judge::Column::EventId.eq(event_id))
        .filter(judge::Column::Role.eq(JudgeRole::Judge))
        .filter(judge::Column::Substitute.eq(false))
        .all(db)
        .await?
    {
        let n: &mut u8 = sizes.entry(j.panel).or_default();
        *n = n.saturating_add(1);
    }
    Ok(sizes)
}

/// Everything wrong with an event's scheme, in Chinese; empty when it may be used.
pub async fn check_scheme(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event_id: EventId,
) -> AppResult<Vec<String>> {
    let (ev, _comp) = find_event(db, actor, event_id).await?;
    problems(db, &ev).await
}

pub(crate) async fn problems(
    db: &impl ConnectionTrait,
    ev: &event::Model,
) -> AppResult<Vec<String>> {
    let doc = load_doc(db, ev).await?;
    if doc.components.is_empty() {
        return Ok(vec!["尚未设置评分方案".to_owned()]);
    }
    let sizes = panel_sizes(db, ev.id).await?;
    let mut out: Vec<String> = Vec::new();
    let mut panels: Vec<&str> = doc
        .components
        .iter()
        .flat_map(|c| c.modules.iter())
        .flat_map(|m| m.aspects.iter())
        .map(|a| a.panel.as_str())
        .collect();
    panels.sort_unstable();
    panels.dedup();
    for p in panels {
        if !sizes.contains_key(p) {
            out.push(format!("裁判组 {p} 还没有裁判"));
        }
    }
    out.extend(
        to_scoring(&doc, &sizes)
            .check()
            .iter()
            .map(ToString::to_string),
    );
    Ok(out)
}

/// Copies another event's scheme (one the actor may see) onto this one.
pub async fn copy_scheme<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    from: EventId,
    to: EventId,
) -> AppResult<SchemeDoc> {
    let mut doc = get_scheme(db, actor, from).await?;
    for a in doc
        .components
        .iter_mut()
        .flat_map(|c| c.modules.iter_mut())
        .flat_map(|m| m.aspects.iter_mut())
    {
        a.id = None;
    }
    set_scheme(db, actor, to, doc).await
}
