//! No step that cannot be undone without a summary first: a status move shows what it will do
//! (counts, awards, what stops) on a page of its own, and 颁发证书 says how many certificates of
//! which awards before it goes.

use crate::support::page_text;
use crate::support::results::{let_window_pass, locked, open_window, to_publicity};
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn a_status_move_is_shown_with_its_consequences_before_it_is_made() {
    let l = locked().await;
    let s = &l.m.s;
    let comp = s.competition;
    assert_eq!(l.move_to("marking").await.0, 200);
    let (client, _) = s.app.sign_in("organiser").await;
    let confirm = |to: &str| {
        s.app.url(&format!(
            "/admin/competitions/{comp}/status/confirm?to={to}"
        ))
    };
    // The competition page's button leads to the summary, not to the move.
    let page = page_text(&client, &s.app.url(&format!("/admin/competitions/{comp}"))).await;
    assert!(
        page.contains(&format!(
            "action=\"/admin/competitions/{comp}/status/confirm\""
        )),
        "{page}"
    );

    // Into 成绩公示 before the version is signed and the window set: said, and the button off.
    let page = page_text(&client, &confirm("publicity")).await;
    assert!(page.contains("现在还不能推进"), "{page}");
    assert!(page.contains("尚未经裁判长签署"), "{page}");
    assert!(page.contains("尚未设定公示期"), "{page}");
    assert!(
        page.contains("disabled aria-describedby=\"why-not\""),
        "{page}"
    );
    jiangxin::results::versions::sign(&s.app.db, &l.chief, 1)
        .await
        .unwrap();
    assert_eq!(open_window(s).await.0, 200);
    let page = page_text(&client, &confirm("publicity")).await;
    assert!(!page.contains("现在还不能推进"), "{page}");
    // What will be public, how many, and the awards by event.
    assert!(
        page.contains("4 名选手的成绩和拟获奖名单（2 人次获奖）"),
        "{page}"
    );
    assert!(page.contains("三等奖 1、优胜奖 1"), "{page}");
    assert!(page.contains("此步不能自行撤回"), "{page}");
    assert!(page.contains("确认推进到“成绩公示”"), "{page}");
    // Looking changes nothing.
    let comp_row = entity::competition::Entity::find_by_id(entity::CompetitionId(comp as i32))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(comp_row.status, entity::kinds::CompetitionStatus::Marking);

    // A skipped step, a step back and an unknown status are refused, saying so.
    let res = client.get(confirm("final")).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("须逐步推进"));
    let res = client.get(confirm("running")).send().await.unwrap();
    assert_eq!(res.status(), 422);
    let res = client.get(confirm("nonsense")).send().await.unwrap();
    assert_eq!(res.status(), 422);
    // Another organisation sees nothing; the award officer may not move it.
    let (other, _) = s.app.sign_in("other-hr").await;
    let res = other.get(confirm("publicity")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let (officer, _) = s.app.sign_in("officer").await;
    let res = officer.get(confirm("publicity")).send().await.unwrap();
    assert!(
        matches!(res.status().as_u16(), 403 | 404),
        "{}",
        res.status()
    );

    // Into 成绩确认: the tablets and codes that stop, the certificates that may begin.
    assert_eq!(l.move_to("publicity").await.0, 200);
    let_window_pass(s).await;
    let page = page_text(&client, &confirm("final")).await;
    assert!(page.contains("所有裁判平板退出登录"), "{page}");
    assert!(page.contains("可以颁发证书"), "{page}");
    assert!(page.contains("2 人次获奖"), "{page}");
}

#[tokio::test]
#[ignore = "needs Debian's chromium and chromium-driver; CI runs it with --include-ignored"]
async fn in_chromium_issuing_certificates_says_how_many_of_which_before_it_goes() {
    let l = locked().await;
    let s = &l.m.s;
    to_publicity(&l).await;
    let_window_pass(s).await;
    assert_eq!(l.move_to("final").await.0, 200);
    let b = crate::support::browser::browser().await;
    let base = s.app.url("");
    let base = base.trim_end_matches('/');
    b.resize(1366, 768).await;
    b.sign_in_as(base, "organiser").await;
    b.go(&format!(
        "{base}/admin/competitions/{}/certificates",
        s.competition
    ))
    .await;
    let summary = b.wait_text("main", |t| t.contains("待颁发")).await;
    assert!(
        summary.contains("待颁发 2 张：三等奖 1 张、优胜奖 1 张"),
        "{summary}"
    );
    let issue = format!(
        "form[action='/admin/competitions/{}/certificates/issue'] button[type=submit]",
        s.competition
    );
    let button = b.wait(&issue).await;
    b.click(&button).await;
    let question = b.alert_text().await;
    assert!(
        question.starts_with("颁发 2 张证书：三等奖 1 张、优胜奖 1 张。"),
        "{question}"
    );
    assert!(question.contains("只能作废"), "{question}");
    // Declined: nothing issued.
    b.dismiss_alert().await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let count = || async {
        entity::certificate::Entity::find()
            .count(&s.app.db)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 0);
    // Accepted: issued, and the button says there is nothing left to issue.
    let button = b.wait(&issue).await;
    b.click(&button).await;
    b.alert_text().await;
    b.accept_alert().await;
    b.wait_text("main", |t| t.contains("没有待颁发的证书"))
        .await;
    assert_eq!(count().await, 2);
    b.screenshot("certificates-issued-confirmed").await;
}
