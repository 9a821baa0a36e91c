//! From final results to certificates: who gets one, numbers that hold, verification,
//! revocation and reissue, and the refusals.

use super::issued;
use crate::support::page_text;
use crate::support::results::locked;
use entity::{certificate, person, result_line, result_version};
use jiangxin::certificates::number::is_valid;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::HashSet;

#[tokio::test]
async fn final_results_give_one_numbered_certificate_per_award_and_honour_and_numbers_stay() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let db = &s.app.db;
    // As many as the final version has awards and honours, one per member.
    let version = result_version::Entity::find()
        .filter(result_version::Column::FinalAt.is_not_null())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut expected = 0;
    for line in result_line::Entity::find()
        .filter(result_line::Column::VersionId.eq(version.id))
        .all(db)
        .await
        .unwrap()
    {
        let members: Vec<i32> = serde_json::from_str(&line.members).unwrap();
        let honours: Vec<String> = serde_json::from_str(&line.honours).unwrap();
        expected += members.len() * (usize::from(line.award.is_some()) + honours.len());
    }
    assert_eq!(certs.len(), expected);
    let numbers: HashSet<_> = certs.iter().map(|c| c.number.clone()).collect();
    assert_eq!(numbers.len(), certs.len());
    for c in &certs {
        assert!(is_valid(&c.number), "{}", c.number);
        assert!(c.number.starts_with("2026"));
        assert!(c.wording.contains(&c.award_name));
        assert!(!c.wording.contains('{'));
    }
    // Issuing again issues nothing and keeps every number.
    let path = format!("/api/v1/competitions/{}/certificates", s.competition);
    let (status, body) = s
        .organiser
        .post(&path, json!({"issued_on": "2026-12-05"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["issued"], 0);
    assert_eq!(body["existing"], certs.len());
    let (status, list) = s.organiser.get(&path).await;
    assert_eq!(status, 200);
    let listed: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), certs.len());
    assert!(listed.iter().all(|n| numbers.contains(*n)));
    assert!(!list.to_string().contains("id_number"));
    // The PDF renders the same bytes twice, inline, for the organiser.
    let (browser, _) = s.app.sign_in("organiser").await;
    let url = s
        .app
        .url(&format!("/admin/certificates/{}/pdf", certs[0].number));
    let first = browser.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["content-type"], "application/pdf");
    assert!(
        first.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );
    let first = first.bytes().await.unwrap();
    assert!(first.starts_with(b"%PDF"));
    let second = browser
        .get(&url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(first, second);
    // Another organisation's organiser sees none of it.
    let other = s.app.api(&s.app.token_for("other-hr").await);
    assert_eq!(other.get(&path).await.0, 404);
    let revoke = format!("/api/v1/certificates/{}/revocation", certs[0].number);
    assert_eq!(
        other
            .post(&revoke, json!({"reason_code": "other", "reason": "x"}))
            .await
            .0,
        404
    );
    let (other_browser, _) = s.app.sign_in("other-hr").await;
    let status = other_browser.get(&url).send().await.unwrap().status();
    assert_eq!(status, 404);
    // Nobody signed out gets a certificate from the organiser's address.
    let status = s.app.browser().get(&url).send().await.unwrap().status();
    assert!(status == 303 || status == 401 || status == 404, "{status}");
}

#[tokio::test]
async fn verification_shows_a_masked_name_and_revocation_and_a_reissue_carries_a_new_number() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let public = s.app.browser();
    let c = &certs[0];
    let page = page_text(&public, &s.app.url(&format!("/verify/{}", c.number))).await;
    assert!(page.contains("证书有效"), "{page}");
    assert!(page.contains(&c.award_name));
    assert!(page.contains(&jiangxin::certificates::verify::mask(&c.holder)));
    assert!(!page.contains(&c.holder), "the full name is never shown");
    // A typo in the number is not found.
    let mut typo = c.number.clone();
    typo.replace_range(5..6, if &c.number[5..6] == "1" { "2" } else { "1" });
    let res = public
        .get(s.app.url(&format!("/verify/{typo}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // Number + name: match, and no match for another name.
    let check = |name: &str| {
        let form = [("number", c.number.clone()), ("name", name.to_string())];
        let public = public.clone();
        let url = s.app.url("/verify");
        async move {
            public
                .post(url)
                .form(&form)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    assert!(check(&c.holder).await.contains("编号与姓名一致"));
    assert!(check("张三").await.contains("编号与姓名不一致"));
    // Revoked with a reason, audited; the page says so.
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/certificates/{}/revocation", c.number),
            json!({"reason_code": "award_withdrawn", "reason": "获奖资格经复核取消，联系 13800138000"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let page = page_text(&public, &s.app.url(&format!("/verify/{}", c.number))).await;
    assert!(page.contains("该证书已作废"), "{page}");
    // The public is told a reason from the list, never what the organiser typed.
    assert!(page.contains("获奖资格撤销"), "{page}");
    assert!(
        !page.contains("13800138000") && !page.contains("复核取消"),
        "{page}"
    );
    assert!(check(&c.holder).await.contains("编号与姓名不一致"));
    let entries = jiangxin::audit::entries_for(&s.app.db, &format!("certificate:{}", c.number))
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].action,
        entity::kinds::AuditAction::CertificateRevoke
    );
    // Revoked twice is refused; issuing again does not bring it back.
    let again = s
        .organiser
        .post(
            &format!("/api/v1/certificates/{}/revocation", c.number),
            json!({"reason_code": "duplicate", "reason": "again"}),
        )
        .await;
    assert_eq!(again.0, 409);
    let (_, body) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{}/certificates", s.competition),
            json!({"issued_on": "2026-12-02"}),
        )
        .await;
    assert_eq!(body["issued"], 0, "{body}");
    // A reissue with the name corrected: a new number, the old one revoked and pointing to it.
    let d = &certs[1];
    let (status, new) = s
        .organiser
        .post(
            &format!("/api/v1/certificates/{}/reissue", d.number),
            json!({"holder": "欧阳娜娜", "organisation": d.organisation, "reason": "姓名录入有误"}),
        )
        .await;
    assert_eq!(status, 200, "{new}");
    let new_number = new["number"].as_str().unwrap();
    assert_ne!(new_number, d.number);
    assert!(is_valid(new_number));
    assert_eq!(new["holder"], "欧阳娜娜");
    let (status, old) = s
        .app
        .api("")
        .get(&format!("/api/v1/verify/{}", d.number))
        .await;
    assert_eq!(status, 200, "{old}");
    assert_eq!(old["valid"], false);
    assert_eq!(old["replaced_by"], new_number);
    let page = page_text(&public, &s.app.url(&format!("/verify/{new_number}"))).await;
    assert!(
        page.contains("证书有效") && page.contains("欧*") && !page.contains("欧阳"),
        "{page}"
    );
    let stored = certificate::Entity::find()
        .filter(certificate::Column::Number.eq(new_number))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.wording.contains(&d.award_name));
}

#[tokio::test]
async fn certificates_wait_for_final_results_and_a_character_no_font_has_is_refused_by_name() {
    let l = locked().await;
    let s = &l.m.s;
    let path = format!("/api/v1/competitions/{}/certificates", s.competition);
    let (status, body) = s
        .organiser
        .post(&path, json!({"issued_on": "2026-12-01"}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("成绩确认"), "{body}");
    crate::support::results::to_final(&l).await;
    // 𱍐 (U+31350, CJK Extension H, 2022) is in none of the fonts: give it to a winner.
    let winner = result_line::Entity::find()
        .all(&s.app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.award.is_some())
        .expect("a winner");
    let members: Vec<i32> = serde_json::from_str(&winner.members).unwrap();
    let someone = person::Entity::find_by_id(members[0])
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let mut p: person::ActiveModel = someone.into();
    p.name = Set("张𱍐".into());
    p.update(&s.app.db).await.unwrap();
    let (status, body) = s
        .organiser
        .post(&path, json!({"issued_on": "2026-12-01"}))
        .await;
    assert_eq!(status, 422, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("“𱍐”") && message.contains("U+31350"),
        "{message}"
    );
    assert!(message.contains("张𱍐"), "{message}");
    assert!(
        certificate::Entity::find()
            .all(&s.app.db)
            .await
            .unwrap()
            .is_empty()
    );
    // A reissue and a template with such a character are refused too.
    let (status, body) = s
        .organiser
        .put(
            &format!("/api/v1/competitions/{}/certificate-template", s.competition),
            json!({"title": "荣誉证书", "wording": "在{赛事}中荣获{奖项}。𱍐", "issuer": "金华市总工会"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("𱍐"));
    let (status, body) = s
        .organiser
        .put(
            &format!("/api/v1/competitions/{}/certificate-template", s.competition),
            json!({"title": "荣誉证书", "wording": "在{赛事}中荣获{奖金}。", "issuer": "金华市总工会"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("{奖金}"), "{body}");
}
