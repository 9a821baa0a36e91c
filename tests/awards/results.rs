//! Final contest results become achievements by person, as evidence: an award pays nothing.

use super::super::support::results::{locked, to_final};
use entity::achievement;
use entity::kinds::AchievementKind;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

#[tokio::test]
async fn final_results_are_evidence_by_person_and_pay_nothing() {
    let l = locked().await;
    to_final(&l).await;
    let s = &l.m.s;
    let officer = s.app.api(&s.app.token_for("officer").await);
    let (status, body) = officer.post("/api/v1/awards/recompute", json!({})).await;
    assert_eq!(status, 200, "{body}");
    let results = achievement::Entity::find()
        .filter(achievement::Column::Kind.eq(AchievementKind::ContestResult))
        .all(&s.app.db)
        .await
        .unwrap();
    assert!(
        !results.is_empty(),
        "awards of the final results are recorded"
    );
    assert!(
        results
            .iter()
            .all(|a| a.person_id.is_some() && a.item_code.is_none())
    );
    assert!(
        results
            .iter()
            .all(|a| ["一等奖", "二等奖", "三等奖", "优胜奖"]
                .iter()
                .any(|w| a.description.contains(w))),
        "{results:#?}"
    );
    let (_, lines) = officer.get("/api/v1/awards/lines").await;
    assert!(
        lines.as_array().unwrap().is_empty(),
        "a contest placing gives no line: {lines}"
    );
    // Taking them in again adds nothing.
    officer.post("/api/v1/awards/recompute", json!({})).await;
    let again = achievement::Entity::find()
        .filter(achievement::Column::Kind.eq(AchievementKind::ContestResult))
        .all(&s.app.db)
        .await
        .unwrap();
    assert_eq!(again.len(), results.len());
}
