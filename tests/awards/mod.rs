//! The awards module: the seed's cases, the road from achievements to paid lines with four
//! eyes, hosting, titles, imports, contest results as evidence, and who may see what.

mod auditor;
mod browser;
mod cases;
mod import;
mod office;
mod results;
mod road;
mod roles;
mod shapes;

use crate::support::{Api, Setup, id_number};
use entity::OrganisationId;
use entity::kinds::{OrganisationKind, Role};
use serde_json::{Value, json};

/// The set-up world plus a school, three people who may handle awards (two officers and the
/// administrator) and their API clients.
pub struct Officers {
    pub s: Setup,
    pub school: OrganisationId,
    /// `officer` (bureau).
    pub a: Api,
    /// `union` (federation of trade unions).
    pub b: Api,
    /// `admin`.
    pub c: Api,
}

pub async fn officers() -> Officers {
    let s = Setup::new().await;
    let school = s
        .app
        .organisation("金华市技师学院", OrganisationKind::School)
        .await;
    s.app
        .user("union", Role::AwardOfficer, Some(s.bureau))
        .await;
    s.app.user("admin", Role::Admin, Some(s.bureau)).await;
    let a = s.app.api(&s.app.token_for("officer").await);
    let b = s.app.api(&s.app.token_for("union").await);
    let c = s.app.api(&s.app.token_for("admin").await);
    Officers { s, school, a, b, c }
}

impl Officers {
    /// Records an achievement through the API; answers its id.
    pub async fn enter(&self, by: &Api, body: Value) -> i64 {
        let (status, id) = by.post("/api/v1/awards/achievements", body).await;
        assert_eq!(status, 200, "{id}");
        id.as_i64().unwrap()
    }

    pub async fn recompute(&self) -> Value {
        let (status, body) = self.a.post("/api/v1/awards/recompute", json!({})).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    pub async fn lines(&self) -> Vec<Value> {
        let (status, body) = self.a.get("/api/v1/awards/lines").await;
        assert_eq!(status, 200, "{body}");
        body.as_array().unwrap().clone()
    }

    pub async fn step(&self, by: &Api, step: &str, body: Value) -> (u16, Value) {
        by.post(&format!("/api/v1/awards/lines/{step}"), body).await
    }
}

/// A medal for person `n`.
pub fn medal(item: &str, n: u32, org: &str, on: &str) -> Value {
    json!({"item": item, "id_number": id_number(n), "name": format!("选手{n}"), "organisation": org,
           "achieved_on": on, "description": format!("第48届世界技能大赛 {item} {n}")})
}

/// The ids of lines.
pub fn ids(lines: &[&Value]) -> Vec<i64> {
    lines.iter().map(|l| l["id"].as_i64().unwrap()).collect()
}

/// The reward lines' publicity passes: a test cannot wait five working days, so the windows of
/// these lines are moved into the past as the calendar would have moved the clock past them.
pub async fn let_publicity_pass(o: &Officers, line_ids: &[i64]) {
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
    let db = &o.s.app.db;
    let ids: Vec<i32> = line_ids.iter().map(|&i| i as i32).collect();
    let lines = entity::reward_line::Entity::find()
        .filter(entity::reward_line::Column::Id.is_in(ids))
        .all(db)
        .await
        .unwrap();
    let today = jiangxin::time::today();
    for p in lines.iter().filter_map(|l| l.publicity_id) {
        let publicity = entity::reward_publicity::Entity::find_by_id(p)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut model = publicity.into_active_model();
        model.starts_on = Set(today - chrono::Duration::days(8));
        model.ends_on = Set(today - chrono::Duration::days(1));
        model.update(db).await.unwrap();
    }
}
