//! Certificates: issuing from final results, numbers, verification, revocation and reissue, the
//! winners' pickup, the typesetting checked from outside (pdftotext, pdffonts, two processes),
//! and a winner on a phone in Chromium.

mod batch;
mod browser;
mod pdf;
mod pickup;
mod road;
mod shared_batch;
mod slips;
mod team;

use crate::support::results::{Locked, locked, to_final};
use entity::{certificate, certificate_pickup, entrant};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

/// A competition in 成绩确认 with its certificates issued (dated 2026-12-01).
pub async fn issued() -> (Locked, Vec<certificate::Model>) {
    issued_in(locked().await).await
}

/// The same for a locked world the test made (a team event, say).
pub async fn issued_in(l: Locked) -> (Locked, Vec<certificate::Model>) {
    to_final(&l).await;
    let (status, body) =
        l.m.s
            .organiser
            .post(
                &format!("/api/v1/competitions/{}/certificates", l.m.s.competition),
                json!({"issued_on": "2026-12-01"}),
            )
            .await;
    assert_eq!(status, 200, "{body}");
    let certs = certificate::Entity::find()
        .order_by_asc(certificate::Column::Number)
        .all(&l.m.s.app.db)
        .await
        .unwrap();
    assert!(!certs.is_empty());
    (l, certs)
}

/// An entrant's entry number and 领取码.
pub async fn code_of(l: &Locked, cert: &certificate::Model) -> (i32, String) {
    let db = &l.m.s.app.db;
    let en = entrant::Entity::find_by_id(cert.entrant_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let code = certificate_pickup::Entity::find()
        .filter(certificate_pickup::Column::EntrantId.eq(cert.entrant_id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .code;
    (en.entry_no, code)
}

/// Polls a certificate batch's progress at `base` until it is done; answers its zip.
pub async fn finished(client: &reqwest::Client, base: &str, job: &str) -> Vec<u8> {
    for _ in 0..600 {
        let p: serde_json::Value = client
            .get(format!("{base}{job}/progress"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_ne!(p["state"], "failed", "{p}");
        if p["state"] == "done" {
            assert_eq!(p["done"], p["total"]);
            let res = client.get(format!("{base}{job}/zip")).send().await.unwrap();
            assert_eq!(res.status(), 200);
            assert_eq!(res.headers()["content-type"], "application/zip");
            return res.bytes().await.unwrap().to_vec();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("batch {job} did not finish at {base}");
}
