//! A running event ready for marking: two panels, a theory judge, entrants, and a scheme.

use super::record_mark;
use super::{Setup, id_number, sex_of};
use entity::{AspectId, EntrantId, JudgeId};
use jiangxin::marking::marks::MarkInput;
use rust_decimal::Decimal;
use sea_orm::EntityTrait;
use serde_json::json;
use std::str::FromStr;

pub struct Marking {
    pub s: Setup,
    pub entrants: Vec<i64>,
    pub judge_a: entity::judge::Model,
    pub aspect_a1: i32,
    pub aspect_t1: i32,
}

impl Marking {
    /// Stores `judge`'s mark for entrant number `entrant` straight through the marks module
    /// (not over a socket), failing the test if it is refused.
    pub async fn record(
        &self,
        judge: &entity::judge::Model,
        entrant: usize,
        aspect: i32,
        value: &str,
        op_id: String,
    ) {
        record_mark(
            &self.s.app.db,
            judge,
            MarkInput {
                op_id,
                entrant_id: EntrantId(self.entrants[entrant] as i32),
                aspect_id: AspectId(aspect),
                value: Decimal::from_str(value).unwrap(),
                device: None,
                session: None,
            },
        )
        .await
        .unwrap();
    }
}

/// Four entrants (firms A, B, A, B); panel A of three judges (one from firm A), panel T of one;
/// a two-component scheme; the competition running.
pub async fn marking() -> Marking {
    marking_in(Setup::new().await, 4).await
}

/// The same, in a world the test has set up, with `n` entrants.
pub async fn marking_in(s: Setup, n: u32) -> Marking {
    let entrants = s.entrants(n).await;
    marking_of(s, entrants).await
}

/// The same, with entrants the test has entered (firms A, B, A, B …).
pub async fn marking_of(s: Setup, entrants: Vec<i64>) -> Marking {
    let ev = s.event;
    let mut ids = Vec::new();
    for (n, org, panel) in [
        (601, s.firm_a.0, "A"),
        (602, s.bureau.0, "A"),
        (603, s.other.0, "A"),
        (604, s.bureau.0, "T"),
    ] {
        let (status, body) = s
            .organiser
            .post(
                &format!("/api/v1/events/{ev}/judges"),
                json!({"name": format!("裁判{n}"), "sex": sex_of(n), "id_number": id_number(n), "organisation_id": org, "role": "judge", "panel": panel}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        ids.push(body["id"].as_i64().unwrap() as i32);
    }
    let scheme = json!({"components": [
        {"code": "theory", "name": "理论", "kind": "theory", "total": "100", "weight": "30",
         "modules": [{"code": "T", "name": "理论", "aspects": [{"code": "T1", "name": "理论成绩", "kind": "measurement", "step": "0.5", "max": "100", "aggregation": "single", "panel": "T"}]}]},
        {"code": "practical", "name": "实操", "kind": "practical", "total": "10", "weight": "70",
         "modules": [{"code": "A", "name": "加工", "aspects": [{"code": "A1", "name": "尺寸", "kind": "measurement", "step": "0.5", "max": "10", "aggregation": "trimmed_mean", "trim": 1, "panel": "A"}]}]}
    ]});
    let (status, doc) = s
        .organiser
        .put(&format!("/api/v1/events/{ev}/scheme"), scheme)
        .await;
    assert_eq!(status, 200, "{doc}");
    let aspect_t1 = doc["components"][0]["modules"][0]["aspects"][0]["id"]
        .as_i64()
        .unwrap() as i32;
    let aspect_a1 = doc["components"][1]["modules"][0]["aspects"][0]["id"]
        .as_i64()
        .unwrap() as i32;
    let judge_a = entity::judge::Entity::find_by_id(JudgeId(ids[0]))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    Marking {
        s,
        entrants,
        judge_a,
        aspect_a1,
        aspect_t1,
    }
}

pub async fn start(m: &Marking) {
    let (status, body) =
        m.s.organiser
            .post(
                &format!("/api/v1/competitions/{}/status", m.s.competition),
                json!({"to": "running"}),
            )
            .await;
    assert_eq!(status, 200, "{body}");
}
