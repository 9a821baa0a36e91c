//! Result rules: the national practice until set, a competition default, an event's own rules
//! checked against its scheme, frozen with the scheme, and who may see and set them.

mod after_final;
mod browser;
mod confirm;
mod histogram;
mod road;

use crate::support::marking::{marking, start};
use crate::support::page_text;
use serde_json::{Value, json};

fn rules(first: Value, honours: Value) -> Value {
    json!({
        "tie_breaks": [{"by": "total"}, {"by": "component", "code": "practical"}, {"by": "module", "code": "A"}],
        "awards": {
            "first": first,
            "second": {"kind": "fraction", "value": "0.20"},
            "third": {"kind": "fraction", "value": "0.30"},
            "rounding": "round",
            "merit_top_half": false,
            "boundary_tie": "all_lower"
        },
        "pass_mark": "60",
        "honours": honours
    })
}

#[tokio::test]
async fn rules_come_from_the_event_the_competition_or_the_national_practice() {
    let m = marking().await;
    let (comp, ev) = (m.s.competition, m.s.event);
    let api = &m.s.organiser;
    let event_path = format!("/api/v1/events/{ev}/result-rules");
    let comp_path = format!("/api/v1/competitions/{comp}/result-rules");

    // Nothing set: the national practice, 10/20/30 % rounded down, 优胜奖 to the top half.
    let (status, body) = api.get(&event_path).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["source"], "national");
    assert_eq!(
        body["rules"]["awards"]["first"],
        json!({"kind": "fraction", "value": "0.10"})
    );
    assert_eq!(body["rules"]["awards"]["rounding"], "floor");
    assert_eq!(body["rules"]["awards"]["merit_top_half"], true);
    assert_eq!(body["frozen"], false);

    // A competition default applies to its events.
    let default = rules(json!({"kind": "count", "value": 1}), json!([]));
    let (status, body) = api.put(&comp_path, default.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["source"], "competition");
    let (_, body) = api.get(&event_path).await;
    assert_eq!(body["source"], "competition");
    assert_eq!(
        body["rules"]["awards"]["first"],
        json!({"kind": "count", "value": 1})
    );

    // An event's own rules override it, honours included.
    let own = rules(
        json!({"kind": "fraction", "value": "0.15"}),
        json!([{"honour": "金华市技术能手（推荐）", "max_rank": 1}]),
    );
    let (status, body) = api.put(&event_path, own).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["source"], "event");
    assert_eq!(
        body["rules"]["honours"][0]["honour"],
        "金华市技术能手（推荐）"
    );
    assert_eq!(body["rules"]["pass_mark"], "60");

    // Dropping them returns the event to the competition default.
    let res = api
        .client
        .delete(m.s.app.url(&event_path))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (_, body) = api.get(&event_path).await;
    assert_eq!(body["source"], "competition");
}

#[tokio::test]
async fn bad_rules_are_refused_with_the_field_and_nothing_changes() {
    let m = marking().await;
    let api = &m.s.organiser;
    let path = format!("/api/v1/events/{}/result-rules", m.s.event);
    let path = &path;
    let refused = |body: Value| async move {
        let (status, answer) = api.put(path, body).await;
        assert_eq!(status, 422, "{answer}");
        (
            answer["error"]["field"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            answer["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    };

    let mut unknown_module = rules(json!({"kind": "fraction", "value": "0.10"}), json!([]));
    unknown_module["tie_breaks"][2]["code"] = json!("Z");
    let (field, message) = refused(unknown_module).await;
    assert_eq!(field, "tie_breaks[2].code");
    assert!(message.contains("“Z”"), "{message}");

    let (field, _) = refused(rules(
        json!({"kind": "fraction", "value": "0.60"}),
        json!([]),
    ))
    .await;
    assert_eq!(field, "awards", "60 + 20 + 30 % is more than everyone");

    let mut unknown_word = rules(json!({"kind": "fraction", "value": "0.10"}), json!([]));
    unknown_word["awards"]["rounding"] = json!("nearest");
    let (field, message) = refused(unknown_word).await;
    assert_eq!(field, "awards.rounding");
    assert!(message.contains("floor、round、ceiling"), "{message}");

    let (field, _) = refused(rules(
        json!({"kind": "fraction", "value": "0.10"}),
        json!([{"honour": "晋升一级"}]),
    ))
    .await;
    assert_eq!(field, "honours[0]", "an honour needs a rank or an award");

    let (_, body) = api.get(path).await;
    assert_eq!(body["source"], "national", "nothing was stored");
}

#[tokio::test]
async fn markup_in_an_honour_is_shown_as_text() {
    let m = marking().await;
    let honour = "<script>alert(1)</script>";
    let (status, body) =
        m.s.organiser
            .put(
                &format!("/api/v1/events/{}/result-rules", m.s.event),
                rules(
                    json!({"kind": "fraction", "value": "0.10"}),
                    json!([{"honour": honour, "max_rank": 1}]),
                ),
            )
            .await;
    assert_eq!(status, 200, "{body}");
    let (browser, _) = m.s.app.sign_in("organiser").await;
    let page = page_text(
        &browser,
        &m.s.app.url(&format!("/admin/events/{}", m.s.event)),
    )
    .await;
    assert!(!page.contains(honour), "markup reached the page");
    assert!(
        page.contains("1 &#60;script&#62;alert(1)"),
        "escaped: {page}"
    );
}

#[tokio::test]
async fn rules_freeze_with_the_scheme_and_only_organisers_of_the_competition_set_them() {
    let m = marking().await;
    let (comp, ev) = (m.s.competition, m.s.event);
    let event_path = format!("/api/v1/events/{ev}/result-rules");
    let comp_path = format!("/api/v1/competitions/{comp}/result-rules");
    let body = rules(json!({"kind": "fraction", "value": "0.10"}), json!([]));

    // Another organisation's organiser does not see the competition; the award officer sees
    // but may not set.
    let other = m.s.app.api(&m.s.app.token_for("other-hr").await);
    assert_eq!(other.get(&event_path).await.0, 404);
    assert_eq!(other.put(&event_path, body.clone()).await.0, 404);
    assert_eq!(other.put(&comp_path, body.clone()).await.0, 404);
    let officer = m.s.app.api(&m.s.app.token_for("officer").await);
    assert_eq!(officer.get(&comp_path).await.0, 200);
    assert_eq!(officer.put(&comp_path, body.clone()).await.0, 403);
    assert_eq!(officer.put(&event_path, body.clone()).await.0, 403);

    // Marking starts: the scheme and the rules freeze.
    start(&m).await;
    let (status, answer) =
        m.s.organiser
            .post(
                &format!("/api/v1/competitions/{comp}/status"),
                json!({"to": "marking"}),
            )
            .await;
    assert_eq!(status, 200, "{answer}");
    for path in [&event_path, &comp_path] {
        let (status, answer) = m.s.organiser.put(path, body.clone()).await;
        assert_eq!(status, 422, "{answer}");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains("冻结"),
            "{answer}"
        );
    }
    let (_, now) = m.s.organiser.get(&event_path).await;
    assert_eq!(now["frozen"], true);
    assert_eq!(now["source"], "national");
}

#[tokio::test]
async fn the_organiser_sets_the_rules_on_the_event_page() {
    let m = marking().await;
    let (browser, csrf) = m.s.app.sign_in("organiser").await;
    let page_url = m.s.app.url(&format!("/admin/events/{}", m.s.event));
    let page = page_text(&browser, &page_url).await;
    assert!(page.contains("成绩规则"), "{page}");
    assert!(page.contains("全国通行做法"), "nothing set yet");

    let action =
        m.s.app
            .url(&format!("/admin/events/{}/result-rules", m.s.event));
    let post = |form: Vec<(&'static str, &'static str)>| {
        let (browser, csrf, action) = (&browser, &csrf, &action);
        async move {
            let mut form: Vec<(&str, &str)> = form;
            form.push(("csrf", csrf.as_str()));
            browser.post(action).form(&form).send().await.unwrap()
        }
    };
    let good = vec![
        ("tie_breaks", "practical，模块A"),
        ("first", "2"),
        ("second", "20%"),
        ("third", "30%"),
        ("rounding", "round"),
        ("boundary_tie", "all_lower"),
        ("pass_mark", "60"),
        ("honours", "1 金华市技术能手（推荐）"),
    ];
    let res = post(good.clone()).await;
    assert_eq!(res.status().as_u16(), 303);
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    let page = page_text(&browser, &m.s.app.url(&back)).await;
    assert!(page.contains("成绩规则已保存"), "{page}");
    assert!(page.contains("本项目自定的规则"), "{page}");
    assert!(page.contains("1 金华市技术能手（推荐）"), "{page}");
    let (_, stored) =
        m.s.organiser
            .get(&format!("/api/v1/events/{}/result-rules", m.s.event))
            .await;
    assert_eq!(
        stored["rules"]["awards"]["first"],
        json!({"kind": "count", "value": 2})
    );
    assert_eq!(
        stored["rules"]["tie_breaks"][2],
        json!({"by": "module", "code": "A"})
    );

    // A wrong quota is named, in Chinese, and nothing changes.
    let mut bad = good.clone();
    bad[1] = ("first", "两名");
    let res = post(bad).await;
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("一等奖名额写作比例"), "{page}");
    let (_, after) =
        m.s.organiser
            .get(&format!("/api/v1/events/{}/result-rules", m.s.event))
            .await;
    assert_eq!(after, stored);
}
