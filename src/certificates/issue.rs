//! Issuing certificates from final results, and revoking and reissuing them.

use super::layout::{self, Printed};
use super::number;
use super::templates::{self, Template};
use crate::accounts::Actor;
use crate::audit;
use crate::competitions::events::title;
use crate::error::{AppError, AppResult};
use crate::results::versions;
use crate::time::now;
use crate::typeset::Fonts;
use chrono::NaiveDate;
use entity::CompetitionId;
use entity::EventId;
use entity::kinds::AuditAction;
use entity::kinds::CertificateScope;
use entity::kinds::{self, CompetitionStatus, RevocationReason};
use entity::{EntrantId, certificate, certificate_pickup, competition, entrant, event, person};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

/// What an issue did.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Issued {
    /// Certificates issued now.
    pub issued: usize,
    /// Certificates that were there already (kept with their numbers).
    pub existing: usize,
}

/// A certificate to issue, before it has a number.
struct Draft {
    event: event::Model,
    place: u32,
    entrant: entrant::Model,
    person: i32,
    scope: CertificateScope,
    award: Option<entity::kinds::Award>,
    printed: Printed,
}

/// The competition's events in their order, each with its place (1, 2, …) for numbers.
async fn events_of(
    db: &impl ConnectionTrait,
    comp: CompetitionId,
) -> AppResult<Vec<(u32, event::Model)>> {
    Ok(event::Entity::find()
        .filter(event::Column::CompetitionId.eq(comp))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .enumerate()
        .map(|(i, e)| (i as u32 + 1, e))
        .collect())
}

/// Whom a certificate is for and what for: the fields of one winner.
struct Winner {
    holder: String,
    organisation: String,
    award: String,
    team: Option<String>,
}

/// The printed fields of a certificate from a template.
fn printed(
    t: &Template,
    comp: &competition::Model,
    ev: &event::Model,
    winner: Winner,
    issued_on: NaiveDate,
) -> Printed {
    let mut p = Printed {
        team: winner.team,
        number: String::new(),
        title: t.title.clone(),
        holder: winner.holder,
        organisation: winner.organisation,
        competition: comp.name.clone(),
        event: title(ev),
        award: winner.award,
        wording: String::new(),
        issuer: t.issuer.clone(),
        doc_number: t.doc_number.clone(),
        issued_on,
        date_style: t.date_style,
        verify_url: String::new(),
    };
    p.wording = layout::fill(&t.wording, &p);
    p
}

/// Refuses a certificate with a character no font has, naming the person and the character.
fn check_printable(fonts: &Fonts, d: &Draft) -> AppResult<()> {
    let p = &d.printed;
    let texts = [
        ("姓名", &p.holder),
        ("单位", &p.organisation),
        ("正文", &p.wording),
        ("赛事名称", &p.competition),
        ("项目名称", &p.event),
    ];
    for (what, text) in texts {
        if let Some(c) = fonts.missing(text) {
            return Err(AppError::invalid(
                "certificates",
                format!(
                    "{}（{} 第 {} 号）的{what}中有“{c}”（U+{:04X}），字库中没有这个字，无法打印；\
                     请更正后再颁发，或安装含此字的字体",
                    p.holder,
                    p.event,
                    d.entrant.entry_no,
                    u32::from(c)
                ),
            ));
        }
    }
    Ok(())
}

/// The certificates an issue on `issued_on` would make now (every award and honour of the final
/// results, a team award to each member, that has never had one), and how many exist already.
async fn drafts(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
    issued_on: NaiveDate,
) -> AppResult<(Vec<Draft>, usize)> {
    // Revoked certificates count too: a revoked one is not issued again by itself (a reissue is
    // the organiser's explicit act).
    let existing: HashSet<(EventId, i32, CertificateScope)> = certificate::Entity::find()
        .filter(certificate::Column::CompetitionId.eq(comp.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.event_id, c.person_id, c.scope))
        .collect();
    let mut templates: HashMap<CertificateScope, Template> = HashMap::new();
    let mut drafts = Vec::new();
    let mut kept = 0;
    for (place, ev) in events_of(db, comp.id).await? {
        let Some(version) = versions::final_version(db, ev.id).await? else {
            continue;
        };
        let lines = crate::results::lines::of_version(db, version.id).await?;
        let entrants: HashMap<EntrantId, entrant::Model> = entrant::Entity::find()
            .filter(entrant::Column::EventId.eq(ev.id))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let orgs = crate::accounts::organisations::names(db).await?;
        let members: Vec<(EntrantId, Vec<i32>)> = lines
            .iter()
            .map(|l| (l.entrant_id, l.members.clone()))
            .collect();
        let people: HashMap<i32, String> = person::Entity::find()
            .filter(
                person::Column::Id.is_in(
                    members
                        .iter()
                        .flat_map(|(_, m)| m.clone())
                        .collect::<Vec<_>>(),
                ),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        for (line, (_, member_ids)) in lines.iter().zip(&members) {
            let Some(en) = entrants.get(&line.entrant_id) else {
                continue;
            };
            let team =
                crate::results::team_event(&ev).then(|| en.team_name.clone().unwrap_or_default());
            let mut scopes: Vec<(CertificateScope, Option<entity::kinds::Award>, String)> =
                Vec::new();
            if let Some(a) = line.award {
                // Worded as the public list words it.
                scopes.push((
                    CertificateScope::Award,
                    Some(a),
                    crate::results::award_name(a, &ev),
                ));
            }
            for h in &line.honours {
                scopes.push((CertificateScope::Honour(h.clone()), None, h.clone()));
            }
            for (scope, award, award_name) in scopes {
                if !templates.contains_key(&scope) {
                    templates.insert(scope.clone(), templates::template(db, comp, &scope).await?);
                }
                let t = &templates[&scope];
                for person in member_ids {
                    if existing.contains(&(ev.id, *person, scope.clone())) {
                        kept += 1;
                        continue;
                    }
                    let holder = people.get(person).cloned().unwrap_or_default();
                    let org = orgs.get(&en.organisation_id).cloned().unwrap_or_default();
                    drafts.push(Draft {
                        event: ev.clone(),
                        place,
                        entrant: en.clone(),
                        person: *person,
                        scope: scope.clone(),
                        award,
                        printed: printed(
                            t,
                            comp,
                            &ev,
                            Winner {
                                holder,
                                organisation: org,
                                award: award_name.clone(),
                                team: team.clone(),
                            },
                            issued_on,
                        ),
                    });
                }
            }
        }
    }
    Ok((drafts, kept))
}

/// What the next issue would make, shown before the organiser confirms it: how many, of which
/// awards, and how many exist already (kept with their numbers).
#[derive(Clone, Debug, Default)]
pub struct IssuePreview {
    pub to_issue: usize,
    pub existing: usize,
    /// `(award as printed, count)`, in the order of the results.
    pub by_award: Vec<(String, usize)>,
}

pub async fn preview(
    db: &impl ConnectionTrait,
    comp: &competition::Model,
) -> AppResult<IssuePreview> {
    if comp.status != CompetitionStatus::Final {
        return Ok(IssuePreview::default());
    }
    let (drafts, existing) = drafts(db, comp, crate::time::today()).await?;
    let mut by_award: Vec<(String, usize)> = Vec::new();
    for d in &drafts {
        match by_award.iter_mut().find(|(a, _)| *a == d.printed.award) {
            Some((_, n)) => *n += 1,
            None => by_award.push((d.printed.award.clone(), 1)),
        }
    }
    Ok(IssuePreview {
        to_issue: drafts.len(),
        existing,
        by_award,
    })
}

/// Issues a certificate for every award and honour of the competition's final results (a team
/// award to each member) that has never had one, dated `issued_on`. Nothing is issued if any
/// certificate could not be printed. Existing certificates keep their numbers.
pub async fn issue<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    fonts: &Fonts,
    actor: &Actor,
    comp: &competition::Model,
    issued_on: NaiveDate,
) -> AppResult<Issued> {
    if comp.status != CompetitionStatus::Final {
        return Err(AppError::invalid(
            "status",
            "赛事进入“成绩确认”状态后才能颁发证书",
        ));
    }
    let (drafts, kept) = drafts(db, comp, issued_on).await?;
    for d in &drafts {
        check_printable(fonts, d)?;
    }
    let txn = crate::db::begin_write(db).await?;
    let mut serials: HashMap<EventId, i32> = HashMap::new();
    let mut per_event: HashMap<EventId, i32> = HashMap::new();
    for d in &drafts {
        *per_event.entry(d.event.id).or_default() += 1;
    }
    let at = now();
    for d in &drafts {
        let serial = match serials.get(&d.event.id) {
            Some(s) => s + 1,
            None => reserve_serials(&txn, d.event.id, per_event[&d.event.id]).await?,
        };
        serials.insert(d.event.id, serial);
        let p = &d.printed;
        certificate::ActiveModel {
            number: Set(number::number(
                comp.year,
                comp.id.0,
                d.place,
                number::award_code(d.award),
                serial as u32,
            )),
            competition_id: Set(comp.id),
            event_id: Set(d.event.id),
            entrant_id: Set(d.entrant.id),
            person_id: Set(d.person),
            scope: Set(d.scope.clone()),
            award: Set(d.award),
            serial: Set(serial),
            title: Set(p.title.clone()),
            holder: Set(p.holder.clone()),
            organisation: Set(p.organisation.clone()),
            team_name: Set(p.team.clone()),
            competition_name: Set(p.competition.clone()),
            event_name: Set(p.event.clone()),
            award_name: Set(p.award.clone()),
            wording: Set(p.wording.clone()),
            issuer: Set(p.issuer.clone()),
            doc_number: Set(p.doc_number.clone()),
            date_style: Set(p.date_style),
            issued_on: Set(issued_on),
            issued_by: Set(Some(actor.user_id)),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ensure_pickup(&txn, d.entrant.id).await?;
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::CertificatesIssue,
        &format!("competition:{}", comp.id),
        serde_json::json!({"issued": drafts.len(), "existing": kept, "issued_on": issued_on}),
    )
    .await?;
    txn.commit().await?;
    Ok(Issued {
        issued: drafts.len(),
        existing: kept,
    })
}

/// `count` consecutive certificate serials of an event, taken atomically (see
/// [`crate::serials`]); returns the first.
async fn reserve_serials(
    db: &impl ConnectionTrait,
    event_id: EventId,
    count: i32,
) -> AppResult<i32> {
    let last = certificate::Entity::find()
        .filter(certificate::Column::EventId.eq(event_id))
        .order_by_desc(certificate::Column::Serial)
        .one(db)
        .await?
        .map_or(0, |c| c.serial);
    crate::serials::reserve(db, &format!("certificate:{event_id}"), last, count).await
}

/// Gives an entrant a 领取码 if it has none.
async fn ensure_pickup(db: &impl ConnectionTrait, entrant: EntrantId) -> AppResult<()> {
    if certificate_pickup::Entity::find_by_id(entrant)
        .one(db)
        .await?
        .is_none()
    {
        certificate_pickup::ActiveModel {
            entrant_id: Set(entrant),
            code: Set(crate::certificates::pickup::new_pickup_code()),
            token_hash: Set(None),
            token_expires: Set(None),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A competition's certificates, in number order (optionally one organisation's share).
pub async fn list(
    db: &impl ConnectionTrait,
    competition_id: CompetitionId,
    organisation: Option<&str>,
) -> AppResult<Vec<certificate::Model>> {
    let mut q = certificate::Entity::find()
        .filter(certificate::Column::CompetitionId.eq(competition_id))
        .order_by_asc(certificate::Column::Number);
    if let Some(org) = organisation {
        q = q.filter(certificate::Column::Organisation.eq(org));
    }
    Ok(q.all(db).await?)
}

/// A certificate by its number as typed.
pub async fn find_by_number(
    db: &impl ConnectionTrait,
    typed: &str,
) -> AppResult<Option<certificate::Model>> {
    let n = number::normalise(typed);
    if !number::is_valid(&n) {
        return Ok(None);
    }
    Ok(certificate::Entity::find()
        .filter(certificate::Column::Number.eq(n))
        .one(db)
        .await?)
}

fn reason_of(reason: &str) -> AppResult<String> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 100 {
        return Err(AppError::invalid("reason", "请填写原因（不超过 100 字）"));
    }
    Ok(reason.to_string())
}

/// Revokes a certificate (audited) for a reason from the list, which the verification page
/// shows from now on, and the organiser's own note, which only organisers see.
pub async fn revoke(
    db: &impl ConnectionTrait,
    actor: &Actor,
    cert: &certificate::Model,
    code: RevocationReason,
    note: &str,
) -> AppResult<()> {
    let note = note.trim();
    if note.chars().count() > 200 {
        return Err(AppError::invalid("reason", "说明不超过 200 字"));
    }
    let reason = if note.is_empty() {
        code.label().to_owned()
    } else {
        note.to_owned()
    };
    if cert.revoked_at.is_some() {
        return Err(AppError::conflict("certificate", "该证书已作废"));
    }
    let done = certificate::Entity::update_many()
        .col_expr(certificate::Column::RevokedAt, Expr::value(Some(now())))
        .col_expr(
            certificate::Column::RevokedReason,
            Expr::value(Some(reason.clone())),
        )
        .col_expr(
            certificate::Column::RevokedCode,
            Expr::value(Some(kinds::code(code))),
        )
        .col_expr(
            certificate::Column::RevokedBy,
            Expr::value(Some(actor.user_id)),
        )
        .filter(certificate::Column::Id.eq(cert.id))
        .filter(certificate::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::conflict("certificate", "该证书已作废"));
    }
    audit::record(
        db,
        Some(actor.user_id),
        AuditAction::CertificateRevoke,
        &format!("certificate:{}", cert.number),
        serde_json::json!({"code": kinds::code(code), "reason": reason}),
    )
    .await
}

/// What a reissue corrects.
pub struct Correction {
    pub holder: String,
    pub organisation: String,
    pub reason: String,
    pub issued_on: NaiveDate,
}

/// Reissues a certificate with a corrected name or organisation: a new certificate with a new
/// number (the next serial of its event), dated `issued_on`; the old one is revoked, pointing to
/// the new one. Returns the new certificate.
pub async fn reissue<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    fonts: &Fonts,
    actor: &Actor,
    cert: &certificate::Model,
    correction: &Correction,
) -> AppResult<certificate::Model> {
    let reason = reason_of(&correction.reason)?;
    let holder = correction.holder.trim();
    let organisation = correction.organisation.trim();
    let issued_on = correction.issued_on;
    if holder.is_empty() || holder.chars().count() > 30 {
        return Err(AppError::invalid("holder", "姓名不能为空，且不超过 30 字"));
    }
    if organisation.is_empty() || organisation.chars().count() > 60 {
        return Err(AppError::invalid(
            "organisation",
            "单位不能为空，且不超过 60 字",
        ));
    }
    templates::check_text(fonts, "holder", holder)?;
    templates::check_text(fonts, "organisation", organisation)?;
    if cert.revoked_at.is_some() {
        return Err(AppError::conflict(
            "certificate",
            "该证书已作废，不能再重新颁发",
        ));
    }
    let comp = competition::Entity::find_by_id(cert.competition_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let place = events_of(db, comp.id)
        .await?
        .into_iter()
        .find(|(_, e)| e.id == cert.event_id)
        .map_or(0, |(p, _)| p);
    let txn = crate::db::begin_write(db).await?;
    let serial = reserve_serials(&txn, cert.event_id, 1).await?;
    let wording = cert
        .wording
        .replace(&cert.holder, holder)
        .replace(&cert.organisation, organisation);
    let new = certificate::ActiveModel {
        number: Set(number::number(
            comp.year,
            comp.id.0,
            place,
            number::award_code(cert.award),
            serial as u32,
        )),
        competition_id: Set(cert.competition_id),
        event_id: Set(cert.event_id),
        entrant_id: Set(cert.entrant_id),
        person_id: Set(cert.person_id),
        scope: Set(cert.scope.clone()),
        award: Set(cert.award),
        serial: Set(serial),
        title: Set(cert.title.clone()),
        holder: Set(holder.to_string()),
        organisation: Set(organisation.to_string()),
        team_name: Set(cert.team_name.clone()),
        competition_name: Set(cert.competition_name.clone()),
        event_name: Set(cert.event_name.clone()),
        award_name: Set(cert.award_name.clone()),
        wording: Set(wording),
        issuer: Set(cert.issuer.clone()),
        doc_number: Set(cert.doc_number.clone()),
        date_style: Set(cert.date_style),
        issued_on: Set(issued_on),
        issued_by: Set(Some(actor.user_id)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    revoke(
        &txn,
        actor,
        cert,
        RevocationReason::Reissued,
        &format!("已重新颁发（新编号 {}）：{reason}", new.number),
    )
    .await?;
    certificate::Entity::update_many()
        .col_expr(certificate::Column::ReplacedBy, Expr::value(Some(new.id)))
        .filter(certificate::Column::Id.eq(cert.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(new)
}

/// What a stored certificate prints; `base` is the public address the QR code leads to.
pub fn printed_of(cert: &certificate::Model, base: &str) -> Printed {
    Printed {
        number: cert.number.clone(),
        title: cert.title.clone(),
        holder: cert.holder.clone(),
        organisation: cert.organisation.clone(),
        competition: cert.competition_name.clone(),
        event: cert.event_name.clone(),
        award: cert.award_name.clone(),
        team: cert.team_name.clone(),
        wording: cert.wording.clone(),
        issuer: cert.issuer.clone(),
        doc_number: cert.doc_number.clone(),
        issued_on: cert.issued_on,
        date_style: cert.date_style,
        verify_url: format!("{}/verify/{}", base.trim_end_matches('/'), cert.number),
    }
}
