//! 领取凭条: one slip per winner with the pickup address written out and a QR code that opens
//! the pickup page with the competition, event and entry number filled in (never the code).

use super::{code_of, issued};
use crate::support::page_text;
use std::process::Command;

#[tokio::test]
async fn slips_are_a_pdf_for_the_organiser_and_their_qr_link_fills_in_the_pickup_form() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let url = s.app.url(&format!(
        "/admin/competitions/{}/certificates/slips",
        s.competition
    ));
    let (client, _) = s.app.sign_in("organiser").await;
    let res = client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF"));
    let (other, _) = s.app.sign_in("other-hr").await;
    assert_eq!(other.get(&url).send().await.unwrap().status(), 404);
    // The link a slip's QR code holds: the form comes filled in but for the code.
    let (entry, code) = code_of(&l, &certs[0]).await;
    let page = page_text(
        &s.app.browser(),
        &s.app.url(&format!(
            "/certificates?competition={}&event={}&entry={entry}",
            s.competition, s.event
        )),
    )
    .await;
    assert!(
        page.contains(&format!("name=\"entry_no\" value=\"{entry}\"")),
        "{page}"
    );
    assert!(!page.contains(&code), "the code is never filled in");
    // Anything but digits is dropped.
    let page = page_text(
        &s.app.browser(),
        &s.app.url(&format!(
            "/certificates?competition={}&entry=%3Cb%3E12",
            s.competition
        )),
    )
    .await;
    assert!(page.contains("name=\"entry_no\" value=\"12\""), "{page}");
}

#[tokio::test]
#[ignore = "needs poppler-utils (CI installs them)"]
async fn each_winner_has_a_slip_with_the_address_the_code_and_a_qr_code_to_the_pickup_page() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let (client, _) = s.app.sign_in("organiser").await;
    let pdf = client
        .get(s.app.url(&format!(
            "/admin/competitions/{}/certificates/slips",
            s.competition
        )))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("slips.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("this test needs pdftotext (apt-get install poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let base = s.app.url("");
    let base = base.trim_end_matches('/');
    assert!(
        text.contains(&format!("领取地址：{base}/certificates")),
        "{text}"
    );
    let mut winners: Vec<i64> = certs.iter().map(|c| i64::from(c.entrant_id.0)).collect();
    winners.sort();
    winners.dedup();
    let mut expected = Vec::new();
    for cert in &certs {
        let (entry, code) = code_of(&l, cert).await;
        let grouped: Vec<String> = code
            .chars()
            .collect::<Vec<_>>()
            .chunks(4)
            .map(|c| c.iter().collect())
            .collect();
        assert!(text.contains(&grouped.join(" ")), "{code}: {text}");
        expected.push(format!(
            "{base}/certificates?competition={}&event={}&entry={entry}",
            s.competition, s.event
        ));
    }
    expected.sort();
    expected.dedup();
    assert_eq!(
        text.matches("证书领取凭条").count(),
        winners.len(),
        "{text}"
    );
    // The QR codes as a phone reads them off the printed page.
    let status = Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-singlefile"])
        .arg(&file)
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let img = image::open(dir.path().join("page.png")).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let mut read: Vec<String> = prepared
        .detect_grids()
        .iter()
        .map(|g| g.decode().unwrap().1)
        .collect();
    read.sort();
    assert_eq!(read, expected);
    if let Ok(dir) = std::env::var("JIANGXIN_SCREENSHOTS") {
        std::fs::copy(&file, format!("{dir}/slips.pdf")).unwrap();
    }
}
