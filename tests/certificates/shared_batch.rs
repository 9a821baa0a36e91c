//! Certificate batches live in the database: a batch whose server stopped halfway is taken
//! over and finished, and on PostgreSQL two servers share one batch (started on one, followed
//! and downloaded on the other).

use super::{finished, issued};
use crate::support::csrf_of;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::io::Read;

fn names(zip: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            assert!(bytes.starts_with(b"%PDF"));
            f.name().unwrap().to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_batch_whose_server_stopped_is_taken_over_and_finished() {
    let (l, certs) = issued().await;
    let s = &l.m.s;
    let organiser = entity::user::Entity::find()
        .filter(entity::user::Column::Username.eq("organiser"))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    // As a server leaves it when it stops halfway: running, its lease run out.
    let now = chrono::Utc::now();
    let row = entity::certificate_batch::ActiveModel {
        competition_id: Set(entity::CompetitionId(s.competition as i32)),
        organisation: Set(None),
        started_by: Set(organiser.id),
        file_name: Set("中断的证书包.zip".into()),
        batch_date: Set(certs[0].issued_on),
        base_url: Set(s.app.url("")),
        total: Set(certs.len() as i32),
        done: Set(1),
        state: Set("running".into()),
        error: Set(None),
        zip: Set(None),
        lease_until: Set(Some(now - chrono::Duration::seconds(5))),
        created_at: Set(now - chrono::Duration::minutes(1)),
        ..Default::default()
    }
    .insert(&s.app.db)
    .await
    .unwrap();
    let (client, _) = s.app.sign_in("organiser").await;
    let base = s.app.url("");
    let zip = finished(
        &client,
        base.trim_end_matches('/'),
        &format!("/admin/certificate-batches/{}", row.id),
    )
    .await;
    let valid = certs.iter().filter(|c| c.revoked_at.is_none()).count();
    assert_eq!(names(&zip).len(), valid);
    // Another organisation's organiser finds no such batch.
    let (other, _) = s.app.sign_in("other-hr").await;
    let res = other
        .get(
            s.app
                .url(&format!("/admin/certificate-batches/{}/zip", row.id)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
#[ignore = "needs PostgreSQL: CI runs it with JIANGXIN_TEST_PG_URL and --include-ignored"]
async fn two_servers_on_one_postgres_database_share_a_batch() {
    let database = crate::support::TestDb::fresh().await;
    assert!(
        database.is_postgres(),
        "two servers share one database only on PostgreSQL: set JIANGXIN_TEST_PG_URL"
    );
    let url = database.url.clone();
    let app = crate::support::TestApp::spawn_on(database).await;
    let m = crate::support::marking::marking_in(crate::support::Setup::on(app).await, 4).await;
    let (l, certs) = super::issued_in(crate::support::results::locked_from(m).await).await;
    let (mut a, base_a, _) = crate::support::binary::start_binary(&url);
    let (mut b, base_b, _) = crate::support::binary::start_binary(&url);
    // One browser: the session is in the database, so it holds on either server.
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = client
        .get(format!("{base_a}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let res = client
        .post(format!("{base_a}/login"))
        .form(&[
            ("username", "organiser"),
            ("password", crate::support::PASSWORD),
            ("csrf", &csrf_of(&login)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = client
        .get(format!("{base_a}/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let res = client
        .post(format!(
            "{base_a}/admin/competitions/{}/certificates/batches",
            l.m.s.competition
        ))
        .form(&[("csrf", csrf_of(&page).as_str()), ("organisation", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let job = res.headers()["location"].to_str().unwrap().to_string();
    // Followed and downloaded on the other server.
    let zip = finished(&client, &base_b, &job).await;
    let valid = certs.iter().filter(|c| c.revoked_at.is_none()).count();
    assert_eq!(names(&zip).len(), valid);
    // And the first serves the same bytes.
    let same = client
        .get(format!("{base_a}{job}/zip"))
        .send()
        .await
        .unwrap();
    assert_eq!(same.bytes().await.unwrap().to_vec(), zip);
    let _ = a.kill();
    let _ = b.kill();
    let _ = a.wait();
    let _ = b.wait();
}
