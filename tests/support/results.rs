//! An event whose marks are locked: the marking world with A1 averaged, a chief judge, every
//! mark given, both modules signed off, the lock, and result version 1 computed.

use super::Setup;
use super::marking::{Marking, marking, marking_of, start};
use super::{id_number, sex_of};
use chrono::{Duration, Utc};
use entity::kinds::JudgeRole;
use entity::{JudgeId, event, judge};
use jiangxin::marking::{progress, review};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

pub struct Locked {
    pub m: Marking,
    pub chief: judge::Model,
    /// The marking judges by id: A (firm A), A (bureau), A (other), T (bureau).
    pub judges: Vec<judge::Model>,
}

impl Locked {
    /// Moves the competition one step, answering the status and body.
    pub async fn move_to(&self, to: &str) -> (u16, serde_json::Value) {
        self.m
            .s
            .organiser
            .post(
                &format!("/api/v1/competitions/{}/status", self.m.s.competition),
                json!({"to": to}),
            )
            .await
    }
}

/// A publicity window from now, two weeks long: more than the shortest (5 working days) from
/// any day of the week.
pub async fn open_window(s: &Setup) -> (u16, serde_json::Value) {
    let now = Utc::now();
    s.organiser
        .put(
            &format!("/api/v1/competitions/{}/publicity-window", s.competition),
            json!({"starts_at": now, "ends_at": now + Duration::days(14), "contact": "组委会 0579-82468888"}),
        )
        .await
}

/// The publicity's days pass: a test cannot wait five working days, so the stored window is
/// moved into the past as the calendar would have moved the clock past it.
pub async fn let_window_pass(s: &Setup) {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let comp = entity::competition::Entity::find_by_id(entity::CompetitionId(s.competition as i32))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let mut model = comp.into_active_model();
    model.publicity_starts_at = Set(Some(Utc::now() - Duration::days(15)));
    model.publicity_ends_at = Set(Some(Utc::now() - Duration::minutes(1)));
    model.update(&s.app.db).await.unwrap();
}

/// From the lock to 成绩公示: version 1 signed, a two-week window from now.
pub async fn to_publicity(l: &Locked) {
    let s = &l.m.s;
    assert_eq!(l.move_to("marking").await.0, 200);
    jiangxin::results::versions::sign(&s.app.db, &l.chief, 1)
        .await
        .unwrap();
    let (status, body) = open_window(s).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(l.move_to("publicity").await.0, 200);
}

/// From the lock to 成绩确认 with no case: version 1 signed, a window that has ended.
pub async fn to_final(l: &Locked) {
    let s = &l.m.s;
    to_publicity(l).await;
    let_window_pass(s).await;
    let (status, body) = l.move_to("final").await;
    assert_eq!(status, 200, "{body}");
}

/// Practical marks per entrant (A1, out of 10, mean of the panel) and theory (T1, out of 100):
/// totals 30% theory + 70% practical.
pub const PRACTICAL: [&str; 4] = ["9", "8", "7", "6"];
pub const THEORY: [&str; 4] = ["90", "80", "70", "60"];

pub async fn locked() -> Locked {
    locked_from(marking().await).await
}

/// The same for a team event: four teams of two (firms A, B, A, B), named 甲队 … 丁队.
pub async fn locked_teams() -> Locked {
    let s = Setup::new().await;
    let (status, body) = s
        .organiser
        .put(
            &format!("/api/v1/events/{}", s.event),
            json!({"trade": "数控车工", "group": "staff", "track": "national", "team_size": 2}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let mut ids = Vec::new();
    for (i, team) in ["甲队", "乙队", "丙队", "丁队"].iter().enumerate() {
        let org = if i % 2 == 0 { s.firm_a } else { s.firm_b };
        let members: Vec<_> = (0..2)
            .map(|k| {
                let n = 300 + (i * 2 + k) as u32;
                json!({"name": format!("队员{n}"), "sex": sex_of(n), "id_number": id_number(n)})
            })
            .collect();
        let (status, body) = s
            .organiser
            .post(
                &format!("/api/v1/events/{}/entrants", s.event),
                json!({"organisation_id": org.0, "team_name": team, "members": members}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        ids.push(body["id"].as_i64().unwrap());
    }
    locked_from(marking_of(s, ids).await).await
}

pub async fn locked_from(m: Marking) -> Locked {
    let ev = m.s.event;
    let scheme = json!({"components": [
        {"code": "theory", "name": "理论", "kind": "theory", "total": "100", "weight": "30",
         "modules": [{"code": "T", "name": "理论", "aspects": [{"code": "T1", "name": "理论成绩", "kind": "measurement", "step": "0.5", "max": "100", "aggregation": "single", "panel": "T"}]}]},
        {"code": "practical", "name": "实操", "kind": "practical", "total": "10", "weight": "70",
         "modules": [{"code": "A", "name": "加工", "aspects": [{"code": "A1", "name": "尺寸", "kind": "measurement", "step": "0.5", "max": "10", "aggregation": "mean", "panel": "A"}]}]}
    ]});
    let (status, doc) =
        m.s.organiser
            .put(&format!("/api/v1/events/{ev}/scheme"), scheme)
            .await;
    assert_eq!(status, 200, "{doc}");
    let (status, body) = m
        .s
        .organiser
        .post(
            &format!("/api/v1/events/{ev}/judges"),
            json!({"name": "裁判长王", "sex": sex_of(605), "id_number": id_number(605), "organisation_id": m.s.other.0, "role": "chief", "panel": "A"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let db = &m.s.app.db.clone();
    let chief = judge::Entity::find_by_id(JudgeId(body["id"].as_i64().unwrap() as i32))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    start(&m).await;
    let judges = judge::Entity::find()
        .filter(judge::Column::EventId.eq(entity::EventId(ev as i32)))
        .filter(judge::Column::Role.eq(JudgeRole::Judge))
        .order_by_asc(judge::Column::Id)
        .all(db)
        .await
        .unwrap();
    let t1 = doc["components"][0]["modules"][0]["aspects"][0]["id"]
        .as_i64()
        .unwrap() as i32;
    let a1 = doc["components"][1]["modules"][0]["aspects"][0]["id"]
        .as_i64()
        .unwrap() as i32;
    let mut m = m;
    m.aspect_t1 = t1;
    m.aspect_a1 = a1;
    for entrant in 0..4 {
        // The firm-A judge is recused from firm A's entrants (0 and 2).
        for (judge, who) in judges.iter().take(3).enumerate() {
            if judge == 0 && entrant % 2 == 0 {
                continue;
            }
            m.record(
                who,
                entrant,
                a1,
                PRACTICAL[entrant],
                format!("mark-a-{judge}-{entrant}"),
            )
            .await;
        }
        m.record(
            &judges[3],
            entrant,
            t1,
            THEORY[entrant],
            format!("mark-t-{entrant}"),
        )
        .await;
    }
    let ev_model = event::Entity::find_by_id(entity::EventId(ev as i32))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let picture = progress::progress(db, &ev_model).await.unwrap();
    for module in &picture.modules {
        review::sign_off(db, &chief, module.id, module.seq)
            .await
            .unwrap();
    }
    // Nobody watches this board: the change need not be published.
    let _changed = review::lock(db, &chief).await.unwrap();
    let v = jiangxin::results::versions::after_change(db, entity::EventId(ev as i32), "锁定评分")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.number, 1);
    Locked { m, chief, judges }
}
