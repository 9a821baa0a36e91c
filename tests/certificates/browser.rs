//! In Chromium at a phone's size: a winner picks the competition and event, types the entry
//! number and 领取码, and opens the certificate; the QR code printed on it, read from the
//! rendered page, opens the verification page.

use super::{code_of, issued};
use crate::support::browser::browser;
use std::process::Command;

/// The QR code on a certificate, as a phone's camera reads it off the printed page.
fn qr_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.pdf");
    std::fs::write(&file, pdf).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(&file)
        .arg(dir.path().join("page"))
        .status()
        .expect("this test needs pdftoppm (apt-get install poppler-utils)");
    assert!(status.success());
    let img = image::open(dir.path().join("page.png")).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the certificate");
    grids[0].decode().unwrap().1
}

#[tokio::test]
#[ignore = "needs Chromium and poppler-utils (CI installs them)"]
async fn a_winner_fetches_a_certificate_on_a_phone_and_its_qr_code_opens_the_verification_page() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let base = s.app.url("");
    let base = base.trim_end_matches('/');
    let cert = &certs[0];
    let (entry, code) = code_of(&l, cert).await;
    let b = browser().await;
    b.resize(390, 844).await;
    b.go(&format!("{base}/")).await;
    let link = b.wait("a[href='/certificates']").await;
    b.click(&link).await;
    // The only competition with final results is chosen already; pick the event.
    b.wait("select[name=event]").await;
    b.execute(&format!(
        "document.querySelector('select[name=event]').value = '{}'; return 1",
        s.event
    ))
    .await;
    let entry_box = b.wait("input[name=entry_no]").await;
    b.type_into(&entry_box, &entry.to_string()).await;
    let code_box = b.wait("input[name=code]").await;
    b.type_into(&code_box, &code.to_lowercase()).await;
    let submit = b.wait("form[method=post] button[type=submit]").await;
    b.click(&submit).await;
    b.wait("ul.links a").await;
    b.screenshot("certificates-phone").await;
    let href = b
        .execute("return document.querySelector('ul.links a').getAttribute('href')")
        .await;
    let href = href.as_str().expect("a link").to_string();
    assert!(
        href.starts_with(&format!("/certificates/{}/pdf?token=", cert.number)),
        "{href}"
    );
    // What the phone gets from the link: a PDF to show inline.
    let got = b
        .execute(&format!(
            "return fetch('{href}').then(r => r.status + '|' + r.headers.get('content-type') + '|' + r.headers.get('content-disposition'))"
        ))
        .await;
    let got = got.as_str().unwrap().to_string();
    assert!(got.starts_with("200|application/pdf|inline"), "{got}");
    let pdf = reqwest::get(format!("{base}{href}"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let url = qr_of(&pdf);
    assert_eq!(url, format!("{base}/verify/{}", cert.number));
    b.go(&url).await;
    let page = b.wait_text("main", |t| t.contains("证书有效")).await;
    assert!(page.contains(&cert.number));
    assert!(!page.contains(&cert.holder));
    b.screenshot("verify-phone").await;
}

#[tokio::test]
#[ignore = "needs Chromium (CI runs it)"]
async fn the_organiser_builds_a_batch_and_watches_its_progress_in_the_browser() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let base = s.app.url("");
    let base = base.trim_end_matches('/');
    let b = browser().await;
    b.go(&format!("{base}/login")).await;
    let user = b.wait("input[name=username]").await;
    b.type_into(&user, "organiser").await;
    let password = b.wait("input[name=password]").await;
    b.type_into(&password, crate::support::PASSWORD).await;
    let submit = b.wait("form button[type=submit]").await;
    b.click(&submit).await;
    b.wait("a[href='/logout'], form[action='/logout']").await;
    b.go(&format!("{base}/admin/competitions/{}", s.competition))
        .await;
    let link = b
        .wait(&format!(
            "a[href='/admin/competitions/{}/certificates']",
            s.competition
        ))
        .await;
    b.click(&link).await;
    let list = b.wait_text("main", |t| t.contains("证书列表")).await;
    assert!(list.contains(&certs[0].number));
    b.screenshot("certificates-organiser").await;
    let start = b
        .wait(&format!(
            "form[action='/admin/competitions/{}/certificates/batches'] button[type=submit]",
            s.competition
        ))
        .await;
    b.click(&start).await;
    let status = b.wait_text("#status", |t| t.starts_with("已完成")).await;
    assert!(status.contains(&certs.len().to_string()), "{status}");
    let ready = b
        .execute("return document.getElementById('ready').hidden")
        .await;
    assert_eq!(ready, false);
    b.screenshot("certificates-batch").await;
}
