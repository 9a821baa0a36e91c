//! The organiser's certificate page: wording, seal and 套打 positions set through forms, the
//! PDFs it links to, and a batch built in the background with its progress, the same bytes each
//! time; a team leader gets only its organisation's share.

use super::issued;
use crate::support::{PASSWORD, csrf_of};
use serde_json::json;
use std::io::Read;

async fn pdf_at(client: &reqwest::Client, url: &str) -> Vec<u8> {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    assert_eq!(res.headers()["content-type"], "application/pdf", "{url}");
    let bytes = res.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"%PDF"), "{url}");
    bytes
}

/// Starts a batch and waits for it; answers the zip's bytes.
async fn batch(
    client: &reqwest::Client,
    base: &str,
    competition: i64,
    csrf: &str,
    org: &str,
) -> Vec<u8> {
    let res = client
        .post(format!(
            "{base}/admin/competitions/{competition}/certificates/batches"
        ))
        .form(&[("csrf", csrf), ("organisation", org)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let job = res.headers()["location"].to_str().unwrap().to_string();
    assert!(job.starts_with("/admin/certificate-batches/"), "{job}");
    let page = client
        .get(format!("{base}{job}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<progress"), "{page}");
    super::finished(client, base, &job).await
}

fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

#[tokio::test]
async fn organiser_sets_wording_seal_and_positions_and_a_batch_zips_every_certificate_alike() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let c = s.competition;
    let base = s.app.url("");
    let base = base.trim_end_matches('/').to_string();
    let (org, csrf) = s.app.sign_in("organiser").await;
    let page_url = format!("{base}/admin/competitions/{c}/certificates");
    let page = org
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&certs[0].number) && page.contains("证书样式") && page.contains("套打"));
    let csrf = {
        let c2 = csrf_of(&page);
        if c2.is_empty() { csrf } else { c2 }
    };
    // The wording of the award certificates, from another issuer.
    let res = org
        .post(format!("{page_url}/template"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("scope", ""),
            ("title", "获奖证书"),
            ("wording", "在{赛事}{项目}比赛中荣获{奖项}。\n特发此证。"),
            ("issuer", "金华市总工会"),
            ("doc_number", "金工〔2026〕7号"),
            ("date_style", "chinese_day"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = org
        .post(format!("{page_url}/template"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("scope", ""),
            ("title", "获奖证书"),
            ("wording", "没有奖项字段"),
            ("issuer", "金华市总工会"),
            ("date_style", "chinese_day"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("正文须包含 {奖项}"));
    // The seal: a PNG, and anything else refused.
    let seal = jiangxin::certificates::sample::DEMO_SEAL.to_vec();
    for (bytes, status) in [(b"not a png".to_vec(), 422), (seal, 303)] {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("scope", "")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("seal.png"),
            );
        let res = org
            .post(format!("{page_url}/seal"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status);
        if status == 422 {
            assert!(res.text().await.unwrap().contains("印章须为 PNG"));
        }
    }
    // 套打 positions: a field moved, and one off the paper refused.
    let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf.clone())];
    for p in jiangxin::certificates::layout::default_positions() {
        let code = serde_json::to_value(p.field)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        let x = if code == "holder" { 75.0 } else { p.x };
        form.push((format!("{code}_x"), x.to_string()));
        form.push((format!("{code}_y"), p.y.to_string()));
        form.push((format!("{code}_size"), p.size.to_string()));
        form.push((format!("{code}_width"), p.width.to_string()));
    }
    let res = org
        .post(format!("{page_url}/positions"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    form[1].1 = "400".into();
    let res = org
        .post(format!("{page_url}/positions"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = org
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("value=\"75\""), "the holder's x is kept");
    // The PDFs the page links to (kept for a person to look at when JIANGXIN_SCREENSHOTS names
    // a folder).
    let keep = |name: &str, bytes: &[u8]| {
        if let Ok(dir) = std::env::var("JIANGXIN_SCREENSHOTS") {
            std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
        }
    };
    keep(
        "alignment.pdf",
        &pdf_at(&org, &format!("{page_url}/alignment")).await,
    );
    keep(
        "codes.pdf",
        &pdf_at(&org, &format!("{page_url}/codes")).await,
    );
    let sheet = pdf_at(
        &org,
        &format!("{base}/admin/events/{}/results/pdf", s.event),
    )
    .await;
    keep("results.pdf", &sheet);
    let number = &certs[0].number;
    let overlay = pdf_at(
        &org,
        &format!("{base}/admin/certificates/{number}/pdf?overlay=1"),
    )
    .await;
    keep("overlay.pdf", &overlay);
    let plain = pdf_at(&org, &format!("{base}/admin/certificates/{number}/pdf")).await;
    keep("certificate.pdf", &plain);
    assert_ne!(overlay, plain);
    // A batch of every certificate: one entry each, under its organisation, the same bytes twice.
    let zip = batch(&org, &base, c, &csrf, "").await;
    let files = entries(&zip);
    assert_eq!(files.len(), certs.len());
    for (name, bytes) in &files {
        let cert = certs
            .iter()
            .find(|c| name.contains(&c.number))
            .expect("named by number");
        assert!(
            name.starts_with(&format!("{}/", cert.organisation)),
            "{name}"
        );
        assert!(name.contains(&cert.holder));
        assert!(bytes.starts_with(b"%PDF"));
    }
    let plain_in_zip = &files
        .iter()
        .find(|(n, _)| n.contains(&certs[0].number))
        .unwrap()
        .1;
    assert_eq!(
        plain_in_zip, &plain,
        "the batch's PDF is the one the page gives"
    );
    assert_eq!(batch(&org, &base, c, &csrf, "").await, zip);
    // A team leader of firm B: only firm B's share, and nothing of the others'.
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{c}/members"),
            json!({"username": "leader-b", "display_name": "领队乙", "password": PASSWORD, "role": "team_leader", "organisation_id": s.firm_b.0}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (leader, leader_csrf) = s.app.sign_in("leader-b").await;
    let firm_b = "义乌市双江电气有限公司";
    let share = entries(&batch(&leader, &base, c, &leader_csrf, "").await);
    let expected = certs.iter().filter(|c| c.organisation == firm_b).count();
    assert_eq!(share.len(), expected);
    assert!(share.iter().all(|(n, _)| n.starts_with(firm_b)));
    let foreign = certs.iter().find(|c| c.organisation != firm_b).unwrap();
    let status = leader
        .get(format!("{base}/admin/certificates/{}/pdf", foreign.number))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
    let res = leader
        .post(format!(
            "{base}/admin/certificates/{}/revoke",
            foreign.number
        ))
        .form(&[("csrf", leader_csrf.as_str()), ("reason", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = leader
        .post(format!("{page_url}/template"))
        .form(&[
            ("csrf", leader_csrf.as_str()),
            ("scope", ""),
            ("title", "x"),
            ("wording", "{奖项}"),
            ("issuer", "x"),
            ("date_style", "arabic"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // Another organisation's organiser sees neither the page nor the batches.
    let (other, _) = s.app.sign_in("other-hr").await;
    assert_eq!(other.get(&page_url).send().await.unwrap().status(), 404);
    assert_eq!(
        other
            .get(format!("{base}/admin/certificate-batches/1/progress"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}
