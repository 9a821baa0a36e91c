//! The chief judge's review: the progress matrix with agreement flags, sign-off per module, the
//! lock, and corrections after it (asked over the judge's socket, decided on the chief's tablet).

use crate::support::marking::{Marking, marking, start};
use crate::support::tablet::{connect, mark, receive, send, tablet_token_for};
use crate::support::{csrf_of, id_number, sex_of};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;
use std::str::FromStr;

pub(super) struct Review {
    pub(super) m: Marking,
    /// Panel A: 601 (firm A), 602, 603; panel T: 604.
    pub(super) judges: Vec<entity::judge::Model>,
    pub(super) chief: entity::JudgeId,
    pub(super) module_a: i32,
    pub(super) module_t: i32,
}

/// The marking world with A1 averaged and a spread limit of 2, a chief judge, and the contest
/// running.
pub(super) async fn review() -> Review {
    review_with(false).await
}

/// The same, with blind codes drawn before the start (as a paper sheet needs them).
pub(super) async fn review_drawn() -> Review {
    review_with(true).await
}

async fn review_with(draw: bool) -> Review {
    let m = marking().await;
    let ev = m.s.event;
    let scheme = json!({"components": [
        {"code": "theory", "name": "理论", "kind": "theory", "total": "100", "weight": "30",
         "modules": [{"code": "T", "name": "理论", "aspects": [{"code": "T1", "name": "理论成绩", "kind": "measurement", "step": "0.5", "max": "100", "aggregation": "single", "panel": "T"}]}]},
        {"code": "practical", "name": "实操", "kind": "practical", "total": "10", "weight": "70",
         "modules": [{"code": "A", "name": "加工", "aspects": [{"code": "A1", "name": "尺寸", "kind": "measurement", "step": "0.5", "max": "10", "aggregation": "mean", "panel": "A", "max_spread": "2"}]}]}
    ]});
    let (status, _) =
        m.s.organiser
            .put(&format!("/api/v1/events/{ev}/scheme"), scheme)
            .await;
    assert_eq!(status, 200);
    let (status, body) = m
        .s
        .organiser
        .post(
            &format!("/api/v1/events/{ev}/judges"),
            json!({"name": "裁判长王", "sex": sex_of(605), "id_number": id_number(605), "organisation_id": m.s.other.0, "role": "chief", "panel": "A"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let chief = entity::JudgeId(body["id"].as_i64().unwrap() as i32);
    if draw {
        let (status, body) =
            m.s.organiser
                .post(
                    &format!("/api/v1/events/{ev}/draw"),
                    json!({"seed": "paper"}),
                )
                .await;
        assert_eq!(status, 200, "{body}");
    }
    start(&m).await;
    let judges = entity::judge::Entity::find()
        .filter(entity::judge::Column::EventId.eq(entity::EventId(ev as i32)))
        .filter(entity::judge::Column::Role.eq(entity::kinds::JudgeRole::Judge))
        .order_by_asc(entity::judge::Column::Id)
        .all(&m.s.app.db)
        .await
        .unwrap();
    let db = &m.s.app.db;
    let module_of = |aspect: i32| async move {
        entity::scheme_aspect::Entity::find_by_id(entity::AspectId(aspect))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .module_id
    };
    let aspects = entity::scheme_aspect::Entity::find()
        .filter(entity::scheme_aspect::Column::EventId.eq(entity::EventId(ev as i32)))
        .order_by_asc(entity::scheme_aspect::Column::Id)
        .all(&m.s.app.db)
        .await
        .unwrap();
    let (t1, a1) = (aspects[0].id.0, aspects[1].id.0);
    let module_t = module_of(t1).await;
    let module_a = module_of(a1).await;
    let mut m = m;
    m.aspect_t1 = t1;
    m.aspect_a1 = a1;
    Review {
        m,
        judges,
        chief,
        module_a,
        module_t,
    }
}

impl Review {
    /// Panel A's marks of A1 for the four entrants: entrant 1's are 4.5 apart (flagged); the
    /// firm-A judge (0) stays away from entrants 0 and 2.
    pub(super) async fn mark_panel_a(&self) {
        for (judge, entrant, value) in [
            (1, 0, "8"),
            (2, 0, "8.5"),
            (0, 1, "9"),
            (1, 1, "9.5"),
            (2, 1, "5"),
            (1, 2, "7"),
            (2, 2, "7"),
            (0, 3, "6"),
            (1, 3, "6.5"),
            (2, 3, "6"),
        ] {
            self.mark(judge, entrant, self.m.aspect_a1, value).await;
        }
    }

    pub(super) async fn mark(&self, judge: usize, entrant: usize, aspect: i32, value: &str) {
        let op = format!("op-{judge}-{entrant}-{aspect}-{}", value.replace('.', "_"));
        self.m
            .record(&self.judges[judge], entrant, aspect, value, op)
            .await;
    }

    /// GET a page on the chief's tablet: (status, body).
    pub(super) async fn tablet_get(&self, token: &str, path: &str) -> (u16, String) {
        let res = self
            .m
            .s
            .app
            .browser()
            .get(self.m.s.app.url(path))
            .header("cookie", format!("jx_judge={token}"))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// POSTs a form from the chief's tablet; a redirect is followed to show the page.
    async fn tablet_post(&self, token: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let res = self
            .m
            .s
            .app
            .browser()
            .post(self.m.s.app.url(path))
            .header("cookie", format!("jx_judge={token}"))
            .form(form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        if status == 303 {
            let to = res.headers()["location"].to_str().unwrap().to_owned();
            return self.tablet_get(token, &to).await;
        }
        (status, res.text().await.unwrap())
    }

    /// The chief's page as it is now, and the `seq` its form for `action` carries (the latest
    /// change the chief is shown).
    async fn seen(&self, token: &str, action: &str, cell: Option<(i64, i32)>) -> String {
        let (_, page) = self.tablet_get(token, "/judge/chief").await;
        let mut rest = &page[page.find(&format!("action=\"{action}\"")).expect(action)..];
        if let Some((entrant, aspect)) = cell {
            let at = rest
                .find(&format!(
                    "name=\"entrant_id\" value=\"{entrant}\"><input type=\"hidden\" name=\"aspect_id\" value=\"{aspect}\">"
                ))
                .expect("the cell's form");
            rest = &rest[at..];
        }
        let start =
            rest.find("name=\"seq\" value=\"").expect("a seq") + "name=\"seq\" value=\"".len();
        rest[start..].split('"').next().unwrap().to_owned()
    }

    async fn signed_off(&self) -> u64 {
        entity::module_sign_off::Entity::find()
            .count(&self.m.s.app.db)
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn the_chief_judge_reviews_signs_off_locks_and_approves_corrections() {
    let r = review().await;
    let (a1, t1) = (r.m.aspect_a1, r.m.aspect_t1);
    r.mark_panel_a().await;
    for (entrant, value) in [(0, "80"), (1, "85"), (2, "90")] {
        r.mark(3, entrant, t1, value).await; // entrant 3's theory mark still missing
    }

    // Only the chief judge's tablet opens the review.
    let chief = tablet_token_for(&r.m, r.chief).await;
    let judge = tablet_token_for(&r.m, r.judges[1].id).await;
    let (status, _) = r.tablet_get(&judge, "/judge/chief").await;
    assert_eq!(status, 403, "a judge is not the chief");
    let res =
        r.m.s
            .app
            .browser()
            .get(r.m.s.app.url("/judge/chief"))
            .send()
            .await
            .unwrap();
    assert_eq!(
        res.status().as_u16(),
        303,
        "no tablet session: sign in first"
    );
    let (status, page) = r.tablet_get(&chief, "/judge/chief").await;
    assert_eq!(status, 200);
    assert!(page.contains("分差 4.5 超过 2"), "{page}");
    assert!(page.contains("回避"), "recused judges are shown as such");
    assert!(
        page.contains("未评完"),
        "entrant 3's theory mark is missing"
    );
    assert!(!page.contains(&id_number(601)[..10]), "no ID numbers");
    let csrf = csrf_of(&page);
    let (status, _) = r
        .tablet_post(&judge, "/judge/chief/lock", &[("csrf", &csrf)])
        .await;
    assert_eq!(status, 403, "a judge cannot lock");

    // Sign-off is refused while a cell is flagged; a forged form changes nothing either.
    let sign_a = format!("/judge/chief/modules/{}/sign-off", r.module_a);
    let (status, _) = r.tablet_post(&chief, &sign_a, &[("csrf", "forged")]).await;
    assert_eq!(status, 403);
    let seen_a = r.seen(&chief, &sign_a, None).await;
    let (status, page) = r
        .tablet_post(&chief, &sign_a, &[("csrf", &csrf), ("seq", &seen_a)])
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("1 项分差超限未处理"), "{page}");
    let (status, page) = r.tablet_post(&chief, &sign_a, &[("csrf", &csrf)]).await;
    assert_eq!(status, 422, "a sign-off names the marks it saw: {page}");
    assert!(page.contains("页面已过期"), "{page}");
    assert_eq!(r.signed_off().await, 0);

    // The chief accepts the spread; a later change to those marks needs a new look.
    let entrant_1 = r.m.entrants[1].to_string();
    let a1_text = a1.to_string();
    let cell = Some((r.m.entrants[1], a1));
    let seen_cell = r.seen(&chief, "/judge/chief/spreads", cell).await;
    let accept = |seq: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("entrant_id", entrant_1.clone()),
            ("aspect_id", a1_text.clone()),
            ("seq", seq.to_owned()),
        ]
    };
    let post = async |f: Vec<(&'static str, String)>| {
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        r.tablet_post(&chief, "/judge/chief/spreads", &f).await
    };
    let (status, page) = post(accept(&seen_cell)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已接受分差"), "{page}");
    r.mark(2, 1, a1, "5.5").await;
    let seen_a = r.seen(&chief, &sign_a, None).await;
    let (status, page) = r
        .tablet_post(&chief, &sign_a, &[("csrf", &csrf), ("seq", &seen_a)])
        .await;
    assert_eq!(status, 422, "the accepted marks changed: {page}");
    // Accepting again from the page shown before that change is refused: the chief looks first.
    let (status, page) = post(accept(&seen_cell)).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("有变化"), "{page}");
    let seen_cell = r.seen(&chief, "/judge/chief/spreads", cell).await;
    let (status, page) = post(accept(&seen_cell)).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已接受分差"), "{page}");
    // A mark that changes between the chief's look and the sign-off sends the chief back.
    let seen_a = r.seen(&chief, &sign_a, None).await;
    r.mark(2, 2, a1, "7.5").await;
    let (status, page) = r
        .tablet_post(&chief, &sign_a, &[("csrf", &csrf), ("seq", &seen_a)])
        .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("有变化"), "{page}");
    assert_eq!(r.signed_off().await, 0);
    let seen_a = r.seen(&chief, &sign_a, None).await;
    let (status, page) = r
        .tablet_post(&chief, &sign_a, &[("csrf", &csrf), ("seq", &seen_a)])
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("模块已签字确认"), "{page}");
    assert_eq!(r.signed_off().await, 1);

    // The module's marks are final: over the socket a plain mark is refused, a correction
    // needs a reason and waits for the chief.
    let token = tablet_token_for(&r.m, r.judges[1].id).await;
    let mut socket = connect(&r.m, Some(&token)).await.unwrap();
    send(&mut socket, json!({"type": "hello", "last_seq": null})).await;
    let snapshot = receive(&mut socket).await;
    assert_eq!(snapshot["aspects"][0]["final"], json!(true), "{snapshot}");
    let e1 = r.m.entrants[1];
    send(
        &mut socket,
        mark(r.judges[1].id, "op-late-0001", e1, a1, "8"),
    )
    .await;
    let refused = receive(&mut socket).await;
    assert_eq!(refused["type"], "error");
    assert!(
        refused["message"].as_str().unwrap().contains("签字确认"),
        "{refused}"
    );
    let correction = |op: &str, value: &str, reason: &str| json!({"type": "correction", "judge_id": r.judges[1].id, "op_id": op, "entrant_id": e1, "aspect_id": a1, "value": value, "reason": reason});
    send(&mut socket, correction("op-corr-0001", "7.5", " ")).await;
    let refused = receive(&mut socket).await;
    assert_eq!(refused["field"], "reason", "{refused}");
    send(
        &mut socket,
        correction("op-corr-0001", "7.5", "看错了量具读数"),
    )
    .await;
    let asked = receive(&mut socket).await;
    assert_eq!(asked["type"], "correction", "{asked}");
    assert_eq!(asked["status"], "pending");
    send(
        &mut socket,
        correction("op-corr-0001", "7.5", "看错了量具读数"),
    )
    .await;
    let again = receive(&mut socket).await;
    assert_eq!(again["correction_id"], asked["correction_id"], "asked once");
    // The op_id names that request forever: another value under it is a conflict, not the
    // old request answered again; another judge's correction is refused outright.
    send(
        &mut socket,
        correction("op-corr-0001", "7", "看错了量具读数"),
    )
    .await;
    let reused = receive(&mut socket).await;
    assert_eq!(reused["code"], "conflict", "{reused}");
    assert_eq!(reused["field"], "op_id", "{reused}");
    send(
        &mut socket,
        json!({"type": "correction", "judge_id": r.judges[2].id, "op_id": "op-corr-0003", "entrant_id": e1, "aspect_id": a1, "value": "7", "reason": "另一位裁判的更正"}),
    )
    .await;
    let foreign = receive(&mut socket).await;
    assert_eq!(foreign["code"], "wrong_judge", "{foreign}");
    // A mark may not take an op_id a correction already has.
    send(
        &mut socket,
        mark(r.judges[1].id, "op-corr-0001", e1, a1, "7.5"),
    )
    .await;
    assert_eq!(receive(&mut socket).await["code"], "conflict");
    assert_eq!(
        entity::mark_correction::Entity::find()
            .count(&r.m.s.app.db)
            .await
            .unwrap(),
        1
    );
    let db = &r.m.s.app.db;
    let stored = |judge: entity::JudgeId| async move {
        entity::mark::Entity::find()
            .filter(entity::mark::Column::EntrantId.eq(e1 as i32))
            .filter(entity::mark::Column::AspectId.eq(a1))
            .filter(entity::mark::Column::JudgeId.eq(judge))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .value
            .to_decimal()
    };
    assert_eq!(
        stored(r.judges[1].id).await,
        Decimal::from_str("9.5").unwrap()
    );

    // The lock needs every module signed off; theory is not complete yet.
    let (status, page) = r
        .tablet_post(&chief, "/judge/chief/lock", &[("csrf", &csrf)])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("“理论”"), "{page}");
    let sign_t = format!("/judge/chief/modules/{}/sign-off", r.module_t);
    let seen_t = r.seen(&chief, &sign_t, None).await;
    let (status, page) = r
        .tablet_post(&chief, &sign_t, &[("csrf", &csrf), ("seq", &seen_t)])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("1 项未评完"), "{page}");
    r.mark(3, 3, t1, "77.5").await;
    let seen_t = r.seen(&chief, &sign_t, None).await;
    let (status, _) = r
        .tablet_post(&chief, &sign_t, &[("csrf", &csrf), ("seq", &seen_t)])
        .await;
    assert_eq!(status, 200);
    let (status, page) = r
        .tablet_post(&chief, "/judge/chief/lock", &[("csrf", &csrf)])
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("已锁定"), "{page}");

    // Approved: the mark changes, the trail says who approved it and why, the chain holds.
    let id = asked["correction_id"].as_i64().unwrap();
    let decide = format!("/judge/chief/corrections/{id}");
    let (status, _) = r
        .tablet_post(&judge, &decide, &[("csrf", &csrf), ("decision", "approve")])
        .await;
    assert_eq!(status, 403, "only the chief approves");
    let (status, page) = r
        .tablet_post(&chief, &decide, &[("csrf", &csrf), ("decision", "approve")])
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("更正已批准"), "{page}");
    assert!(
        page.contains("class=\"corrected\""),
        "shown as a correction"
    );
    assert_eq!(
        stored(r.judges[1].id).await,
        Decimal::from_str("7.5").unwrap()
    );
    let last = entity::mark_audit::Entity::find()
        .order_by_desc(entity::mark_audit::Column::Id)
        .one(&r.m.s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.actor, format!("chief:{}", r.chief));
    assert!(last.reason.unwrap().contains("看错了量具读数"));
    assert_eq!(
        last.old_value.unwrap().to_decimal(),
        Decimal::from_str("9.5").unwrap()
    );
    let (status, _) = r
        .tablet_post(&chief, &decide, &[("csrf", &csrf), ("decision", "approve")])
        .await;
    assert_eq!(status, 409, "decided once");
    let verified = jiangxin::marking::audit_chain::verify(&r.m.s.app.db)
        .await
        .unwrap();
    assert_eq!(verified.first_break, None);

    // The tablet catches up: the mark shows as corrected, the request as approved.
    send(
        &mut socket,
        json!({"type": "hello", "last_seq": snapshot["seq"]}),
    )
    .await;
    let caught_up = receive(&mut socket).await;
    let changed = &caught_up["marks"][0];
    assert_eq!(changed["value"], "7.5", "{caught_up}");
    assert_eq!(changed["corrected"], json!(true));
    assert_eq!(caught_up["locked"], json!(true));
    assert_eq!(caught_up["corrections"][0]["status"], "approved");

    // After the lock a plain mark is refused; a rejection needs a note and changes nothing.
    send(
        &mut socket,
        mark(r.judges[1].id, "op-late-0002", r.m.entrants[3], a1, "7"),
    )
    .await;
    let refused = receive(&mut socket).await;
    assert_eq!(refused["field"], "event", "{refused}");
    send(
        &mut socket,
        json!({"type": "correction", "judge_id": r.judges[1].id, "op_id": "op-corr-0002", "entrant_id": r.m.entrants[3], "aspect_id": a1, "value": "7", "reason": "漏计一处倒角"}),
    )
    .await;
    let asked = receive(&mut socket).await;
    let decide = format!("/judge/chief/corrections/{}", asked["correction_id"]);
    let (status, page) = r
        .tablet_post(&chief, &decide, &[("csrf", &csrf), ("decision", "reject")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("驳回更正须写明理由"), "{page}");
    let (status, _) = r
        .tablet_post(
            &chief,
            &decide,
            &[
                ("csrf", &csrf),
                ("decision", "reject"),
                ("note", "图纸未要求倒角"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let e3 = r.m.entrants[3] as i32;
    let unchanged = entity::mark::Entity::find()
        .filter(entity::mark::Column::EntrantId.eq(e3))
        .filter(entity::mark::Column::AspectId.eq(a1))
        .filter(entity::mark::Column::JudgeId.eq(r.judges[1].id))
        .one(&r.m.s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        unchanged.value.to_decimal(),
        Decimal::from_str("6.5").unwrap()
    );
}

#[tokio::test]
async fn organisers_watch_progress_of_their_own_events_only() {
    let r = review().await;
    r.mark(1, 0, r.m.aspect_a1, "8").await;
    let ev = r.m.s.event;
    let (client, _) = r.m.s.app.sign_in("organiser").await;
    let res = client
        .get(r.m.s.app.url(&format!("/admin/events/{ev}/progress")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("评分进度"));
    assert!(page.contains("裁判长王"), "the judges' progress is listed");
    assert!(
        !page.contains("/judge/chief/lock"),
        "the organiser only watches"
    );
    let (other, _) = r.m.s.app.sign_in("other-hr").await;
    let res = other
        .get(r.m.s.app.url(&format!("/admin/events/{ev}/progress")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);
}
