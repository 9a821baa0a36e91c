//! A team award reads the same on the public list and on each member's certificate (团体三等奖),
//! and the certificate names the team; the default wording says "在…大赛…项目中".

use crate::support::page_text;
use crate::support::results::locked_teams;
use entity::certificate;

async fn issued_teams() -> (crate::support::results::Locked, Vec<certificate::Model>) {
    super::issued_in(locked_teams().await).await
}

#[tokio::test]
async fn a_team_certificate_names_the_team_and_words_the_award_as_the_public_list() {
    let (l, certs) = issued_teams().await;
    let s = &l.m.s;
    let award: Vec<&certificate::Model> = certs.iter().filter(|c| c.award.is_some()).collect();
    assert!(!award.is_empty());
    for c in &award {
        assert!(c.award_name.starts_with("团体"), "{}", c.award_name);
        let team = c
            .team_name
            .as_deref()
            .expect("the team on a team certificate");
        assert!(["甲队", "乙队", "丙队", "丁队"].contains(&team), "{team}");
        assert!(
            c.wording.contains("技能大赛数控车工（职工组）项目中"),
            "{}",
            c.wording
        );
        assert!(
            c.wording.contains(&format!("荣获{}", c.award_name)),
            "{}",
            c.wording
        );
    }
    // Both members of a team have one each, with the same team and award.
    let first = award[0];
    let mates: Vec<_> = award
        .iter()
        .filter(|c| c.entrant_id == first.entrant_id)
        .collect();
    assert_eq!(mates.len(), 2);
    assert!(mates.iter().all(|c| c.team_name == first.team_name));
    // The public list words each award the same way.
    let page = page_text(
        &s.app.browser(),
        &s.app.url(&format!("/publicity/{}", s.competition)),
    )
    .await;
    for c in &award {
        assert!(
            page.contains(&format!("<td>{}</td>", c.award_name)),
            "{} not on the list: {page}",
            c.award_name
        );
    }
    assert!(!page.contains("<td>三等奖</td>"), "{page}");
}

#[tokio::test]
#[ignore = "needs poppler-utils (CI installs them)"]
async fn the_team_is_printed_on_the_certificate() {
    let (l, certs) = issued_teams().await;
    let s = &l.m.s;
    let cert = certs.iter().find(|c| c.award.is_some()).unwrap();
    let (client, _) = s.app.sign_in("organiser").await;
    let res = client
        .get(
            s.app
                .url(&format!("/admin/certificates/{}/pdf", cert.number)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.pdf");
    std::fs::write(&file, res.bytes().await.unwrap()).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("this test needs pdftotext (apt-get install poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    let team = cert.team_name.as_deref().unwrap();
    assert!(
        text.lines().any(|l| l.trim() == format!("参赛队：{team}")),
        "{text}"
    );
    assert!(text.contains(&cert.award_name), "{text}");
    // No line of the wording ends inside 大赛, 项目 or 团体.
    for word in ["大赛", "项目", "团体"] {
        let (a, b) = word.split_at(3);
        assert!(
            !text
                .lines()
                .zip(text.lines().skip(1))
                .any(|(x, y)| x.trim_end().ends_with(a) && y.trim_start().starts_with(b)),
            "{word} broken across lines: {text}"
        );
    }
    if let Ok(dir) = std::env::var("JIANGXIN_SCREENSHOTS") {
        std::fs::copy(&file, format!("{dir}/team-certificate.pdf")).unwrap();
    }
}
