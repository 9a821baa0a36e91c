//! From stored certificates to files: one certificate's PDF, a batch's items, the pickup-code
//! list and the 套打 test page. Setting type is CPU work: it runs off the async threads.

use super::access::{CertificateViewer, viewer};
use super::batch::Item;
use super::bundle::safe_name;
use super::issue::{list, printed_of};
use super::layout::{self, Position};
use super::pickup::CodeLine;
use super::templates;
use crate::accounts::Actor;
use crate::error::{AppError, AppResult};
use crate::typeset::{Align, Doc, Fonts, Page, Text};
use entity::CompetitionId;
use entity::kinds::CertificateScope;
use entity::{certificate, competition};
use sea_orm::{ConnectionTrait, EntityTrait};
use std::collections::HashMap;
use std::sync::Arc;

/// The competition and how the actor stands to its certificates; "not found" for anyone else.
pub async fn part_in(
    db: &impl ConnectionTrait,
    actor: &Actor,
    competition_id: CompetitionId,
) -> AppResult<(competition::Model, CertificateViewer)> {
    let comp = competition::Entity::find_by_id(competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = crate::results::cases::roles_of(db, actor).await?;
    let v = viewer(actor, &comp, &roles).ok_or(AppError::NotFound)?;
    Ok((comp, v))
}

/// The organisation name a viewer's batches and lists are limited to.
pub async fn share_of(
    db: &impl ConnectionTrait,
    v: CertificateViewer,
    asked: Option<String>,
) -> AppResult<Option<String>> {
    match v {
        CertificateViewer::Organiser => Ok(asked.filter(|o| !o.is_empty())),
        CertificateViewer::TeamLeader(org) => Ok(Some(
            entity::organisation::Entity::find_by_id(org)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?
                .name,
        )),
    }
}

/// The seals of a competition's templates, by scope.
async fn seals(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
    scopes: impl Iterator<Item = CertificateScope>,
) -> AppResult<HashMap<CertificateScope, Option<Arc<Vec<u8>>>>> {
    let mut out = HashMap::new();
    for scope in scopes {
        if let std::collections::hash_map::Entry::Vacant(slot) = out.entry(scope) {
            let t = templates::template(db, comp, slot.key()).await?;
            slot.insert(t.seal.map(Arc::new));
        }
    }
    Ok(out)
}

/// One stored certificate as PDF (plain, or the 套打 overlay).
pub async fn certificate_pdf(
    db: &impl ConnectionTrait,
    fonts: Arc<Fonts>,
    cert: &certificate::Model,
    base: &str,
    overlay: bool,
) -> AppResult<Vec<u8>> {
    let comp = competition::Entity::find_by_id(cert.competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = templates::template(db, &comp, &cert.scope).await?;
    let positions: Option<Vec<Position>> = if overlay {
        Some(
            templates::template(db, &comp, &CertificateScope::Award)
                .await?
                .positions,
        )
    } else {
        None
    };
    let printed = printed_of(cert, base);
    let seal = t.seal.map(Arc::new);
    tokio::task::spawn_blocking(move || super::render(&fonts, &printed, seal, positions.as_deref()))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::invalid("certificate", e.to_string()))
}

/// The valid certificates of a competition (or an organisation's share) as batch items, named
/// `单位/编号-姓名-奖项.pdf`, in number order.
pub async fn batch_items(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
    organisation: Option<&str>,
    base: &str,
) -> AppResult<Vec<Item>> {
    let certs: Vec<certificate::Model> = list(db, comp.id, organisation)
        .await?
        .into_iter()
        .filter(|c| c.revoked_at.is_none())
        .collect();
    let seals = seals(db, comp, certs.iter().map(|c| c.scope.clone())).await?;
    Ok(certs
        .iter()
        .map(|c| Item {
            name: format!(
                "{}/{}-{}-{}.pdf",
                safe_name(&c.organisation),
                c.number,
                safe_name(&c.holder),
                safe_name(&c.award_name)
            ),
            printed: printed_of(c, base),
            seal: seals.get(&c.scope).cloned().flatten(),
        })
        .collect())
}

/// The pickup-code list as a printable PDF, one page (or more) per organisation, for the
/// organisation to hand each winner their code.
pub fn code_list_doc(
    comp: &competition::Model,
    lines: &[CodeLine],
    date: chrono::NaiveDate,
) -> Doc {
    let mut pages = Vec::new();
    let mut by_org: Vec<(&str, Vec<&CodeLine>)> = Vec::new();
    for l in lines {
        match by_org.last_mut() {
            Some((o, ls)) if *o == l.organisation => ls.push(l),
            _ => by_org.push((&l.organisation, vec![l])),
        }
    }
    const ROWS: usize = 28;
    for (org, ls) in by_org {
        for chunk in ls.chunks(ROWS) {
            let mut page = Page::a4(false);
            page.text(
                Text::new(
                    105.0,
                    20.0,
                    15.0,
                    Align::Centre,
                    format!("{} 证书领取码", comp.name),
                )
                .fit(180.0),
            );
            page.text(Text::new(20.0, 30.0, 11.0, Align::Left, format!("单位：{org}")).fit(170.0));
            page.text(Text::new(
                20.0,
                37.0,
                9.0,
                Align::Left,
                "请将领取码单独交给本人。凭参赛证号和领取码在“证书领取”页面下载电子证书；领取码请勿外传。",
            ).fit(170.0));
            let header = 46.0;
            for (x, t) in [
                (20.0, "项目"),
                (100.0, "参赛证号"),
                (125.0, "姓名"),
                (160.0, "领取码"),
            ] {
                page.text(Text::new(x, header, 10.0, Align::Left, t));
            }
            page.line((20.0, header + 2.0), (190.0, header + 2.0), 0.6);
            for (i, l) in chunk.iter().enumerate() {
                let y = header + 9.0 + i as f32 * 8.5;
                page.text(Text::new(20.0, y, 10.0, Align::Left, &l.event).fit(76.0));
                page.text(Text::new(
                    100.0,
                    y,
                    10.0,
                    Align::Left,
                    l.entry_no.to_string(),
                ));
                page.text(Text::new(125.0, y, 10.0, Align::Left, &l.holders).fit(33.0));
                page.text(Text::new(158.0, y, 12.0, Align::Left, grouped(&l.code)).fit(42.0));
                page.line((20.0, y + 2.5), (190.0, y + 2.5), 0.2);
            }
            pages.push(page);
        }
    }
    winners_doc(comp, "证书领取码", "codes", pages, date)
}

/// A document of the winners' codes (the list, the slips): its pages, or when no certificate
/// has been issued yet one page that says so.
pub(crate) fn winners_doc(
    comp: &competition::Model,
    what: &str,
    key: &str,
    mut pages: Vec<Page>,
    date: chrono::NaiveDate,
) -> Doc {
    if pages.is_empty() {
        let mut page = Page::a4(false);
        page.text(Text::new(
            105.0,
            30.0,
            14.0,
            Align::Centre,
            format!("尚未颁发证书，暂无{}。", what.trim_start_matches("证书")),
        ));
        pages.push(page);
    }
    Doc {
        title: format!("{} {what}", comp.name),
        date,
        key: format!("{key}-{}", comp.id),
        pages,
        images: Vec::new(),
    }
}

/// The 套打 test page of a competition's positions.
pub async fn alignment_pdf(
    db: &impl ConnectionTrait,
    fonts: Arc<Fonts>,
    comp: &competition::Model,
) -> AppResult<Vec<u8>> {
    let positions = templates::template(db, comp, &CertificateScope::Award)
        .await?
        .positions;
    let date = crate::time::today();
    tokio::task::spawn_blocking(move || {
        crate::typeset::render(&fonts, &layout::alignment_page(&positions, date))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// A 领取码 in groups of four (ACDE FHJK LMNP), as people read and type it; the form takes it
/// with or without the spaces.
pub(super) fn grouped(code: &str) -> String {
    code.chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}
