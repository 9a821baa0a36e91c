//! Winners fetch their certificates with entry number and 领取码: an unknown entry and a wrong
//! code answer alike, wrong codes are paced per address and never lock an entry, and the
//! download link works only with the token a correct code gave.

use super::{code_of, issued};
use crate::support::TestApp;

/// A phone at an address of its own.
fn phone(ip: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", ip.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Status and the page's error message.
async fn try_code(
    app: &TestApp,
    ip: &str,
    competition: i64,
    event: i64,
    entry: i32,
    code: &str,
) -> (u16, String, String) {
    let res = phone(ip)
        .post(app.url("/certificates"))
        .form(&[
            ("competition", competition.to_string()),
            ("event", event.to_string()),
            ("entry_no", entry.to_string()),
            ("code", code.to_string()),
        ])
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    let message = body
        .split("class=\"error\" role=\"alert\">")
        .nth(1)
        .and_then(|m| m.split('<').next())
        .unwrap_or_default()
        .to_string();
    (status, message, body)
}

#[tokio::test]
async fn a_flood_of_wrong_codes_from_forty_addresses_never_stops_the_right_one() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let (c, e) = (s.competition, s.event);
    let (entry, code) = code_of(&l, &certs[0]).await;
    assert_eq!(code.len(), 12, "55.7 bits: guessing is hopeless");
    let wrong = if code == "ACDEFHJKLMNP" {
        "ACDEFHJKLMNQ"
    } else {
        "ACDEFHJKLMNP"
    };
    let known = try_code(&s.app, "10.0.0.1", c, e, entry, wrong).await;
    let unknown = try_code(&s.app, "10.0.0.2", c, e, 999, wrong).await;
    assert_eq!(known.0, 422);
    assert_eq!((known.0, &known.1), (unknown.0, &unknown.1));
    assert_eq!(known.1, "参赛证号或领取码不正确");
    // Forty strangers, each from an address of its own, five wrong codes each for entry 1,
    // all at the same instant.
    let mut tries = Vec::new();
    for i in 0..40 {
        for _ in 0..5 {
            let app = &s.app;
            tries.push(async move {
                try_code(app, &format!("10.1.{i}.1"), c, e, entry, wrong)
                    .await
                    .0
            });
        }
    }
    let answers = futures_util::future::join_all(tries).await;
    assert!(answers.iter().all(|&a| a == 422), "{answers:?}");
    // The winner, from their own phone, gets in at once.
    let mine = try_code(&s.app, "10.0.9.9", c, e, entry, &code).await;
    assert_eq!(mine.0, 200, "{}", mine.2);
    assert!(mine.2.contains("/pdf?token="));
    // One address typing wrong codes without pause is paced: thirty an hour are free.
    let mut last = 0;
    for _ in 0..31 {
        last = try_code(&s.app, "10.2.0.1", c, e, entry, wrong).await.0;
    }
    assert_eq!(last, 429, "the 31st wrong code from one address waits");
    // Another winner's right code (typed in lower case with a space) lists their certificates.
    let other = certs
        .iter()
        .find(|x| x.entrant_id != certs[0].entrant_id)
        .expect("two winners");
    let (entry2, code2) = code_of(&l, other).await;
    let typed = format!("{} {}", &code2[..4], &code2[4..]).to_lowercase();
    let ok = try_code(&s.app, "10.0.4.1", c, e, entry2, &typed).await;
    assert_eq!(ok.0, 200, "{}", ok.2);
    let href =
        ok.2.split("href=\"")
            .find(|h| h.starts_with("/certificates/") && h.contains("/pdf?token="))
            .and_then(|h| h.split('"').next())
            .expect("a download link")
            .replace("&amp;", "&");
    assert!(ok.2.contains(&other.number));
    let phone = phone("10.0.4.1");
    let pdf = phone.get(s.app.url(&href)).send().await.unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let disposition = pdf.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("inline"), "{disposition}");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    // A made-up token, or the token on someone else's certificate, finds nothing.
    let forged = format!("{}x", &href[..href.len() - 1]);
    assert_eq!(
        phone.get(s.app.url(&forged)).send().await.unwrap().status(),
        404
    );
    let token = href.split("token=").nth(1).unwrap();
    let foreign = format!("/certificates/{}/pdf?token={token}", certs[0].number);
    assert_eq!(
        phone
            .get(s.app.url(&foreign))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn lookups_are_paced_per_address_and_names_cannot_be_guessed_from_many() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let c = &certs[0];
    // The page shows the first character of the name only, whatever its length.
    let first: String = c.holder.chars().take(1).collect();
    let page = phone("10.3.0.1")
        .get(s.app.url(&format!("/verify/{}", c.number)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("{first}*")), "{page}");
    assert!(!page.contains(&c.holder));
    // A script reading numbers from one address is slowed after a burst; others are not.
    let script = phone("10.3.0.2");
    let mut statuses = Vec::new();
    for n in 0..80 {
        let path = if n % 2 == 0 {
            format!("/verify/{}", c.number)
        } else {
            format!("/api/v1/verify/{}", c.number)
        };
        statuses.push(
            script
                .get(s.app.url(&path))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert!(statuses[..60].iter().all(|&st| st == 200), "{statuses:?}");
    assert_eq!(statuses[79], 429, "{statuses:?}");
    let other = phone("10.3.0.3")
        .get(s.app.url(&format!("/verify/{}", c.number)))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    // Names tried for one number from many addresses: after five wrong ones the check answers
    // for no name that day, the right one included, so the name is never confirmed by guessing.
    let check = |ip: String, name: String| {
        let url = s.app.url("/verify");
        let number = c.number.clone();
        async move {
            let res = phone(&ip)
                .post(url)
                .form(&[("number", number.as_str()), ("name", name.as_str())])
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    for i in 0..5 {
        let (status, page) = check(format!("10.4.{i}.1"), format!("{first}某{i}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("编号与姓名不一致"), "{page}");
    }
    let (status, page) = check("10.4.9.1".into(), c.holder.clone()).await;
    assert_eq!(status, 429, "{page}");
    assert!(!page.contains("编号与姓名一致"));
}

/// A winner whose certificate was revoked (and not reissued) is told so, with the reason and
/// whom to contact, instead of finding nothing.
#[tokio::test]
async fn a_winner_whose_certificate_was_revoked_is_told_so_and_whom_to_contact() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let (c, e) = (s.competition, s.event);
    let (entry, code) = code_of(&l, &certs[0]).await;
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/certificates/{}/revocation", certs[0].number),
            serde_json::json!({"reason_code": "other", "reason": "成绩经复核更正"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, page) = try_code(&s.app, "10.9.0.1", c, e, entry, &code).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("证书 {}", certs[0].number)) && page.contains("已于"),
        "{page}"
    );
    assert!(page.contains("原因：成绩经复核更正"), "{page}");
    assert!(page.contains("如有疑问，请联系"), "{page}");
    assert!(!page.contains("暂无可领取的证书"), "{page}");
    assert!(
        !page.contains(&format!("/certificates/{}/pdf", certs[0].number)),
        "no link to a revoked certificate"
    );
}
