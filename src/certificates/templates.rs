//! How a competition's certificates read: wording, title, issuer, 文号, seal and date style, for
//! its award certificates and for each honour (a title or honour may be conferred by another
//! body than the competition's organiser), and the 套打 positions.

use super::layout::{self, DateStyle, Position};
use crate::accounts::Actor;
use crate::audit;
use crate::error::{AppError, AppResult};
use crate::time::now;
use crate::typeset::Fonts;
use entity::CompetitionId;
use entity::kinds::AuditAction;
use entity::kinds::CertificateScope;
use entity::{certificate_template, competition, organisation};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// A template as used (stored, or the default).
#[derive(Clone, Debug)]
pub struct Template {
    pub scope: CertificateScope,
    pub title: String,
    pub wording: String,
    pub issuer: String,
    pub doc_number: String,
    pub seal: Option<Vec<u8>>,
    pub date_style: DateStyle,
    pub positions: Vec<Position>,
    /// Whether the organiser saved it (or it is the default).
    pub stored: bool,
}

/// What the organiser may change.
#[derive(Clone, Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct TemplateInput {
    #[schema(min_length = 1, max_length = 10)]
    pub title: String,
    #[schema(min_length = 1, max_length = 300)]
    pub wording: String,
    #[schema(min_length = 1, max_length = 40)]
    pub issuer: String,
    #[serde(default)]
    #[schema(max_length = 30)]
    pub doc_number: String,
    /// `chinese_month` (二〇二六年十二月), `chinese_day` or `arabic`.
    #[serde(default)]
    #[schema(example = "chinese_month")]
    pub date_style: DateStyle,
}

const PLACEHOLDERS: [&str; 6] = ["{姓名}", "{单位}", "{赛事}", "{项目}", "{奖项}", "{队名}"];

async fn stored(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
    scope: &CertificateScope,
) -> AppResult<Option<certificate_template::Model>> {
    Ok(certificate_template::Entity::find()
        .filter(certificate_template::Column::CompetitionId.eq(competition_id))
        .filter(certificate_template::Column::Scope.eq(scope.clone()))
        .one(db)
        .await?)
}

/// The template of `scope` in a competition: the stored one, or the default (issued by the
/// competition's organiser, worded for an award or an honour).
pub async fn template(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
    scope: &CertificateScope,
) -> AppResult<Template> {
    if let Some(t) = stored(db, comp.id, scope).await? {
        let positions = t
            .positions
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_else(layout::default_positions);
        return Ok(Template {
            scope: t.scope,
            title: t.title,
            wording: t.wording,
            issuer: t.issuer,
            doc_number: t.doc_number,
            seal: t.seal,
            date_style: t.date_style,
            positions,
            stored: true,
        });
    }
    let issuer = organisation::Entity::find_by_id(comp.organiser_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    // An honour's certificate without its own template reads as an honour, from the award
    // template's issuer and seal if the organiser set those.
    let base = if scope.is_award() {
        None
    } else {
        stored(db, comp.id, &CertificateScope::Award).await?
    };
    Ok(Template {
        scope: scope.clone(),
        title: "荣誉证书".into(),
        wording: if scope.is_award() {
            layout::AWARD_WORDING
        } else {
            layout::HONOUR_WORDING
        }
        .into(),
        issuer: base.as_ref().map_or(issuer, |b| b.issuer.clone()),
        doc_number: base
            .as_ref()
            .map_or_else(String::new, |b| b.doc_number.clone()),
        seal: base.as_ref().and_then(|b| b.seal.clone()),
        date_style: base
            .as_ref()
            .map_or_else(DateStyle::default, |b| b.date_style),
        positions: layout::default_positions(),
        stored: false,
    })
}

/// Refuses a text with a character no font has, naming the field and the character.
pub(crate) fn check_text(fonts: &Fonts, field: &str, text: &str) -> AppResult<()> {
    match fonts.missing(text) {
        Some(c) => Err(AppError::invalid(
            field,
            format!("字库中没有“{c}”（U+{:04X}）这个字，无法打印", u32::from(c)),
        )),
        None => Ok(()),
    }
}

/// Checks a template: lengths, known placeholders only, and every character printable.
pub fn validate(fonts: &Fonts, input: &TemplateInput) -> AppResult<()> {
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 10 {
        return Err(AppError::invalid(
            "title",
            "证书标题不能为空，且不超过 10 字",
        ));
    }
    let wording = input.wording.trim();
    if wording.is_empty() || wording.chars().count() > 300 {
        return Err(AppError::invalid(
            "wording",
            "证书正文不能为空，且不超过 300 字",
        ));
    }
    if wording.lines().count() > 5 {
        return Err(AppError::invalid("wording", "证书正文不超过 5 段"));
    }
    let mut rest = wording.to_string();
    for p in PLACEHOLDERS {
        rest = rest.replace(p, "");
    }
    if let Some(i) = rest.find('{') {
        let bad: String = rest[i..].chars().take_while(|c| *c != '}').collect();
        return Err(AppError::invalid(
            "wording",
            format!(
                "正文中的“{bad}}}”不是可用的字段；可用：{}",
                PLACEHOLDERS.join(" ")
            ),
        ));
    }
    if !wording.contains("{奖项}") {
        return Err(AppError::invalid("wording", "正文须包含 {奖项}"));
    }
    let issuer = input.issuer.trim();
    if issuer.is_empty() || issuer.chars().count() > 40 {
        return Err(AppError::invalid(
            "issuer",
            "发证单位不能为空，且不超过 40 字",
        ));
    }
    if input.doc_number.trim().chars().count() > 30 {
        return Err(AppError::invalid("doc_number", "文号不超过 30 字"));
    }
    check_text(fonts, "title", title)?;
    check_text(fonts, "wording", &rest)?;
    check_text(fonts, "issuer", issuer)?;
    check_text(fonts, "doc_number", input.doc_number.trim())
}

async fn upsert(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
    scope: &CertificateScope,
    change: impl FnOnce(&mut certificate_template::ActiveModel),
) -> AppResult<()> {
    let current = template(db, comp, scope).await?;
    let row = stored(db, comp.id, scope).await?;
    let mut active = match row {
        Some(r) => r.into(),
        None => certificate_template::ActiveModel {
            competition_id: Set(comp.id),
            scope: Set(scope.clone()),
            title: Set(current.title),
            wording: Set(current.wording),
            issuer: Set(current.issuer),
            doc_number: Set(current.doc_number),
            seal: Set(current.seal),
            date_style: Set(current.date_style),
            positions: Set(None),
            ..Default::default()
        },
    };
    change(&mut active);
    active.updated_at = Set(now());
    active.save(db).await?;
    Ok(())
}

/// Saves the template of `scope` (audited).
pub async fn save(
    db: &impl ConnectionTrait,
    fonts: &Fonts,
    actor: &Actor,
    comp: &competition::Model,
    scope: &CertificateScope,
    input: &TemplateInput,
) -> AppResult<()> {
    validate(fonts, input)?;
    upsert(db, comp, scope, |t| {
        t.title = Set(input.title.trim().to_string());
        t.wording = Set(input.wording.trim().replace("\r\n", "\n"));
        t.issuer = Set(input.issuer.trim().to_string());
        t.doc_number = Set(input.doc_number.trim().to_string());
        t.date_style = Set(input.date_style);
    })
    .await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::CertificateTemplate,
        &format!("competition:{}", comp.id),
        serde_json::json!({"scope": scope.stored(), "title": input.title.trim(), "issuer": input.issuer.trim(),
            "doc_number": input.doc_number.trim()}),
    )
    .await
}

/// Stores the issuer's seal of `scope`: a PNG up to 512 KB that decodes.
pub async fn save_seal(
    db: &impl ConnectionTrait,
    actor: &Actor,
    comp: &competition::Model,
    scope: &CertificateScope,
    png: Vec<u8>,
) -> AppResult<()> {
    if png.len() > 512 * 1024 {
        return Err(AppError::invalid("seal", "印章图片不超过 512 KB"));
    }
    if !png.starts_with(b"\x89PNG\r\n\x1a\n")
        || printpdf::RawImage::decode_from_bytes(&png, &mut Vec::new()).is_err()
    {
        return Err(AppError::invalid(
            "seal",
            "印章须为 PNG 图片（建议透明背景）",
        ));
    }
    let digest = crate::secret::digest_bytes(&png);
    upsert(db, comp, scope, |t| t.seal = Set(Some(png))).await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::CertificateSeal,
        &format!("competition:{}", comp.id),
        serde_json::json!({"scope": scope.stored(), "sha256": digest}),
    )
    .await
}

/// Stores the 套打 positions (millimetres on A4 landscape).
pub async fn save_positions(
    db: &impl ConnectionTrait,
    actor: &Actor,
    comp: &competition::Model,
    positions: &[Position],
) -> AppResult<()> {
    for p in positions {
        let name = p.field.label();
        if !(0.0..=297.0).contains(&p.x) || !(0.0..=210.0).contains(&p.y) {
            return Err(AppError::invalid(
                "positions",
                format!("“{name}”的位置须在纸面内（横向 0–297 毫米，纵向 0–210 毫米）"),
            ));
        }
        if !(5.0..=60.0).contains(&p.size) || !(5.0..=297.0).contains(&p.width) {
            return Err(AppError::invalid(
                "positions",
                format!("“{name}”的字号须在 5–60 之间，宽度在 5–297 毫米之间"),
            ));
        }
    }
    let json = serde_json::to_string(positions).map_err(|e| AppError::Internal(e.to_string()))?;
    upsert(db, comp, &CertificateScope::Award, |t| {
        t.positions = Set(Some(json.clone()))
    })
    .await?;
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::CertificatePositions,
        &format!("competition:{}", comp.id),
        serde_json::json!({"positions": positions}),
    )
    .await
}
