//! Trust at the edges (issue 26): hostile spreadsheets, simultaneous writes, control
//! characters, held previews, who lists which competitions, headers and origins, exported
//! cells, and the publicity window. Each runs on SQLite, and on PostgreSQL in CI.

use crate::support::results::{locked, to_publicity};
use crate::support::{Setup, TestApp, id_number, sex_of};
use chrono::{Duration, Utc};
use sea_orm::EntityTrait;
use serde_json::json;
use std::io::Write;

/// A valid .xlsx of a few kilobytes whose only cells are A1 and XFD1048576: sized by its
/// declared dimension it is 17 billion cells.
fn far_corner_workbook() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// A zip whose sheet unpacks to 100 MB of spaces, from a few hundred kilobytes.
fn deflate_bomb() -> Vec<u8> {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("[Content_Types].xml", deflated).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
        zip.start_file("xl/worksheets/sheet1.xml", deflated)
            .unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..100 {
            zip.write_all(&spaces).unwrap();
        }
        zip.finish().unwrap().into_inner()
    })
    .clone()
}

/// A CSV of one line and sixteen million commas with a value at the end.
fn wide_csv() -> Vec<u8> {
    let mut csv = b"\xe5\xa7\x93\xe5\x90\x8d".to_vec();
    csv.extend(std::iter::repeat_n(b',', 15_000_000));
    csv.extend(b"x\n");
    csv
}

#[tokio::test]
async fn hostile_spreadsheets_are_refused_on_every_import_and_the_server_marks_on() {
    let s = Setup::new().await;
    let comp = s.competition;
    let routes = [
        format!("/api/v1/competitions/{comp}/entrants/import"),
        format!("/api/v1/competitions/{comp}/judges/import"),
        format!("/api/v1/events/{}/scheme/import", s.event),
    ];
    let files = [
        ("far corner", far_corner_workbook()),
        ("deflate bomb", deflate_bomb()),
        ("wide csv", wide_csv()),
    ];
    assert!(files[0].1.len() < 10_000 && files[1].1.len() < 400_000);
    for route in &routes {
        for (what, bytes) in &files {
            let (status, body) = s.organiser.post_bytes(route, bytes.clone()).await;
            assert_eq!(status, 422, "{what} on {route}: {body}");
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(
                message.contains("导入上限") || message.contains("无法读取"),
                "{what} on {route}: {message}"
            );
        }
    }
    // The pages' uploads: the entrants' preview and the officer's achievements.
    let (organiser, csrf) = s.app.sign_in("organiser").await;
    let (officer, officer_csrf) = s.app.sign_in("officer").await;
    for (what, bytes) in &files {
        let preview = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("kind", "entrants")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes.clone()).file_name("名单.xlsx"),
            );
        let res = organiser
            .post(s.app.url(&format!("/admin/competitions/{comp}/imports")))
            .multipart(preview)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{what}: held for its preview");
        let preview_page = res.headers()["location"].to_str().unwrap().to_owned();
        let res = organiser
            .get(s.app.url(&preview_page))
            .send()
            .await
            .unwrap();
        let (status, text) = (res.status().as_u16(), res.text().await.unwrap());
        assert!(
            text.contains("导入上限") || text.contains("无法读取"),
            "{what}: {status}"
        );
        let achievements = reqwest::multipart::Form::new()
            .text("csrf", officer_csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes.clone()).file_name("成果.xlsx"),
            );
        let res = officer
            .post(s.app.url("/awards/achievements/import"))
            .multipart(achievements)
            .send()
            .await
            .unwrap();
        let (status, text) = (res.status().as_u16(), res.text().await.unwrap());
        assert!(
            text.contains("导入上限") || text.contains("无法读取"),
            "{what}: {status}"
        );
    }
    // The process is alive and still takes a real file and a mark-sized write.
    let (status, _) = s.organiser.get("/api/v1/competitions").await;
    assert_eq!(status, 200);
    assert_eq!(s.entrants(1).await.len(), 1);
}

#[tokio::test]
async fn a_far_corner_cell_is_named_by_its_row_and_column() {
    let s = Setup::new().await;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1, 0, "张三").unwrap();
    sheet.write_string(1, 70, "多余").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let (status, body) = s
        .organiser
        .post_bytes(
            &format!("/api/v1/competitions/{}/entrants/import", s.competition),
            bytes,
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("第 2 行 BS 列"), "{message}");
}

#[tokio::test]
async fn simultaneous_objections_are_all_stored_with_distinct_numbers() {
    let l = locked().await;
    let s = &l.m.s;
    to_publicity(&l).await;
    let path = s.app.url(&format!(
        "/api/v1/competitions/{}/objections",
        s.competition
    ));
    let filings = (0..24).map(|n| {
        let path = path.clone();
        let event = s.event;
        tokio::spawn(async move {
            let res = reqwest::Client::new()
                .post(&path)
                .header("x-forwarded-for", format!("10.9.{n}.1"))
                .json(&json!({"event_id": event, "name": "张某某", "phone": "13900000001", "claim": format!("第 {n} 条异议的理由")}))
                .send()
                .await
                .unwrap();
            res.status().as_u16()
        })
    });
    let statuses: Vec<u16> = futures_util::future::join_all(filings)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(statuses.iter().all(|&s| s == 201), "{statuses:?}");
    let mut numbers: Vec<i32> = entity::appeal_case::Entity::find()
        .all(&s.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.number)
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=24).collect::<Vec<_>>());
}

#[tokio::test]
async fn simultaneous_entrants_are_all_added_with_distinct_entry_numbers() {
    let s = Setup::new().await;
    let adds = (0..16u32).map(|i| {
        let api = s.app.api(&s.organiser.token);
        let path = format!("/api/v1/events/{}/entrants", s.event);
        let org = if i % 2 == 0 { s.firm_a } else { s.firm_b };
        tokio::spawn(async move {
            api.post(
                &path,
                json!({"organisation_id": org.0, "members": [{
                    "name": format!("并发{i}"), "sex": sex_of(i), "id_number": id_number(i), "phone": "13800000000"
                }]}),
            )
            .await
        })
    });
    let answers: Vec<(u16, serde_json::Value)> = futures_util::future::join_all(adds)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    for (status, body) in &answers {
        assert_eq!(*status, 201, "{body}");
    }
    let mut numbers: Vec<i64> = answers
        .iter()
        .map(|(_, b)| b["entry_no"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), 16, "distinct entry numbers");
}

#[tokio::test]
async fn control_characters_are_refused_at_the_edge_naming_the_field() {
    let s = Setup::new().await;
    let (status, body) = s
        .organiser
        .post(
            "/api/v1/competitions",
            json!({"name": "2027年\u{0}技能大赛", "kind": "enterprise", "year": 2027}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "name", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("控制字符"),
        "{body}"
    );
    // A form (the sign-in page) and a path.
    let client = reqwest::Client::new();
    let res = client
        .post(s.app.url("/login"))
        .form(&[("username", "ad\u{0}min"), ("password", "x"), ("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("控制字符"));
    let res = client.get(s.app.url("/verify/1%00")).send().await.unwrap();
    assert_eq!(res.status(), 422);
    // A spreadsheet cell, named by row and column; nothing stored.
    let csv = "姓名,性别,身份证号,单位,项目\n张\u{7}三,男,1,2,3\n";
    let (status, body) = s
        .organiser
        .post_bytes(
            &format!("/api/v1/competitions/{}/entrants/import", s.competition),
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("第 2 行 A 列"),
        "{body}"
    );
    // Tabs and line breaks are text.
    let (status, body) = s
        .organiser
        .post(
            "/api/v1/competitions",
            json!({"name": "2027年\t技能大赛", "kind": "enterprise", "year": 2027}),
        )
        .await;
    assert!(status == 201 || status == 422, "{body}");
    assert!(!body.to_string().contains("控制字符"), "{body}");
}

#[tokio::test]
async fn team_leaders_and_arbitrators_list_only_the_competitions_they_are_named_for() {
    let s = Setup::new().await;
    s.entrants(2).await;
    // Another tenant's draft.
    let other = s.app.api(&s.app.token_for("other-hr").await);
    let (status, _) = other
        .post(
            "/api/v1/competitions",
            json!({"name": "别家企业岗位练兵", "kind": "enterprise", "year": 2026}),
        )
        .await;
    assert_eq!(status, 201);
    for (username, role, org) in [
        ("leader-a", "team_leader", Some(s.firm_a.0)),
        ("arb-1", "arbitrator", None),
    ] {
        let (status, body) = s
            .organiser
            .post(
                &format!("/api/v1/competitions/{}/members", s.competition),
                json!({"username": username, "display_name": "某某", "password": crate::support::PASSWORD, "role": role, "organisation_id": org}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let api = s.app.api(&s.app.token_for(username).await);
        let (status, list) = api.get("/api/v1/competitions").await;
        assert_eq!(status, 200, "{list}");
        let ids: Vec<i64> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [s.competition], "{username}: {list}");
    }
}

#[tokio::test]
async fn pages_carry_the_usual_headers_and_other_sites_cannot_post_forms() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/login")).await.unwrap();
    let h = res.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert!(h.get("strict-transport-security").is_none());
    // No page has an inline script left for the policy to refuse.
    for t in walk("templates") {
        let text = std::fs::read_to_string(&t).unwrap();
        assert!(!text.contains("<script>"), "{t:?} has an inline script");
        for handler in ["onclick=", "onsubmit=", "onchange="] {
            assert!(!text.contains(handler), "{t:?} has {handler}");
        }
    }
    // A public form posted from another site is refused; from this one it is taken.
    let client = reqwest::Client::new();
    let res = client
        .post(app.url("/verify"))
        .header("origin", "https://evil.example")
        .form(&[("number", "1"), ("name", "张三")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = client
        .post(app.url("/verify"))
        .header("origin", format!("http://{}", app.addr))
        .form(&[("number", "1"), ("name", "张三")])
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), 403);
    let secure = TestApp::spawn_with(crate::support::TestDb::fresh().await, |c| {
        c.cookie_secure = true
    })
    .await;
    let res = reqwest::get(secure.url("/login")).await.unwrap();
    assert!(
        res.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
}

fn walk(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(p.to_str().unwrap()));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn exported_cells_that_look_like_formulas_are_defused() {
    use jiangxin::spreadsheet::defused;
    assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    assert_eq!(defused("+1+2"), "'+1+2");
    assert_eq!(defused("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(defused("-2+3"), "'-2+3");
    assert_eq!(defused("-1.5"), "-1.5", "a number is not a formula");
    assert_eq!(defused("张三"), "张三");
    let bytes =
        jiangxin::spreadsheet::write_xlsx("s", &["姓名"], &[10.0], &[vec!["=1+1".into()]]).unwrap();
    let table = jiangxin::spreadsheet::read_table(&bytes).unwrap();
    assert_eq!(table.rows[0].1[0], "'=1+1");
}

#[tokio::test]
async fn the_publicity_window_cannot_be_cut_short_once_public() {
    let l = locked().await;
    let s = &l.m.s;
    let path = format!("/api/v1/competitions/{}/publicity-window", s.competition);
    let now = Utc::now();
    let put = |api: &crate::support::Api,
               start: chrono::DateTime<Utc>,
               end: chrono::DateTime<Utc>,
               reason: Option<&str>| {
        let body = json!({"starts_at": start, "ends_at": end, "contact": "组委会 0579-82468888", "reason": reason});
        let path = path.clone();
        let api = s.app.api(&api.token);
        async move { api.put(&path, body).await }
    };
    // A window shorter than 5 working days, or wholly in the past, is refused.
    let (status, body) = put(&s.organiser, now, now + Duration::hours(1), None).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("不少于 5 个工作日"), "{body}");
    let (status, body) = put(
        &s.organiser,
        now - Duration::days(20),
        now - Duration::days(5),
        None,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("不能早于设定当日"), "{body}");
    // Publicity begins.
    to_publicity(&l).await;
    let comp = entity::competition::Entity::find_by_id(entity::CompetitionId(s.competition as i32))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let (start, end) = (
        comp.publicity_starts_at.unwrap(),
        comp.publicity_ends_at.unwrap(),
    );
    // The organiser cannot end it 100 seconds from now, nor move it; may extend it.
    let (status, body) = put(
        &s.organiser,
        start,
        Utc::now() + Duration::seconds(100),
        None,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = put(
        &s.organiser,
        start,
        end - Duration::days(1),
        Some("提前结束"),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("只能延长"), "{body}");
    let (status, body) = put(&s.organiser, start, end + Duration::days(2), None).await;
    assert_eq!(status, 200, "{body}");
    // The administrator may shorten it with a reason, never below the minimum; shown publicly.
    s.app
        .user("admin", entity::kinds::Role::Admin, Some(s.bureau))
        .await;
    let admin = s.app.api(&s.app.token_for("admin").await);
    let (status, body) = put(&admin, start, end, None).await;
    assert_eq!(status, 422, "a reason is required: {body}");
    let (status, body) = put(&admin, start, start + Duration::hours(2), Some("误设")).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = put(&admin, start, end, Some("延长期间误设，恢复原公示期")).await;
    assert_eq!(status, 200, "{body}");
    let page = crate::support::page_text(
        &s.app.browser(),
        &s.app.url(&format!("/publicity/{}", s.competition)),
    )
    .await;
    assert!(page.contains("公示期延长"), "{page}");
    assert!(
        page.contains("公示期调整") && page.contains("恢复原公示期"),
        "{page}"
    );
    let entries =
        jiangxin::audit::entries_for(&s.app.db, &format!("competition:{}", s.competition))
            .await
            .unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == entity::kinds::AuditAction::PublicityWindowAdjust)
    );
    // Final waits for the end.
    let (status, body) = l.move_to("final").await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn previews_held_for_import_are_capped_per_account_and_expire() {
    let s = Setup::new().await;
    use sea_orm::{ColumnTrait, QueryFilter};
    let user = entity::user::Entity::find()
        .filter(entity::user::Column::Username.eq("organiser"))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let actor = crate::support::find_actor(&s.app.db, user.id).await;
    let comp = entity::CompetitionId(s.competition as i32);
    let mut tokens = Vec::new();
    for i in 0..5 {
        tokens.push(
            jiangxin::lifecycle::imports::hold(
                &s.app.db,
                &actor,
                comp,
                entity::kinds::ImportKind::Entrants,
                format!("{i}.csv"),
                vec![b'x'; 15 * 1024 * 1024],
            )
            .await
            .unwrap(),
        );
    }
    let held = entity::pending_import::Entity::find()
        .all(&s.app.db)
        .await
        .unwrap();
    assert!(
        held.len() <= jiangxin::lifecycle::imports::HELD_FILES_PER_ACCOUNT,
        "{}",
        held.len()
    );
    let bytes: usize = held.iter().map(|h| h.content.len()).sum();
    assert!(bytes <= jiangxin::lifecycle::imports::HELD_BYTES_PER_ACCOUNT);
    // The newest is kept; the oldest let go.
    assert!(
        jiangxin::lifecycle::imports::find_held(&s.app.db, &actor, &tokens[4])
            .await
            .is_ok()
    );
    assert!(
        jiangxin::lifecycle::imports::find_held(&s.app.db, &actor, &tokens[0])
            .await
            .is_err()
    );
    // Two hours on, the rest expire.
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    for h in entity::pending_import::Entity::find()
        .all(&s.app.db)
        .await
        .unwrap()
    {
        let mut m = h.into_active_model();
        m.created_at = Set(Utc::now() - Duration::hours(3));
        m.update(&s.app.db).await.unwrap();
    }
    assert!(
        jiangxin::lifecycle::imports::find_held(&s.app.db, &actor, &tokens[4])
            .await
            .is_err()
    );
    assert!(
        jiangxin::lifecycle::imports::expire(&s.app.db)
            .await
            .unwrap()
            >= 1
    );
    assert!(
        entity::pending_import::Entity::find()
            .all(&s.app.db)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn simultaneous_reviews_of_reward_lines_all_go_through() {
    let o = crate::awards::officers().await;
    for n in 601..607 {
        let mut body = crate::awards::medal("training_team", n, "金华市技师学院", "2026-03-01");
        body["description"] = json!(format!("入选国家集训队 {n}"));
        o.enter(&o.a, body).await;
    }
    o.recompute().await;
    let lines = o.lines().await;
    assert_eq!(lines.len(), 6);
    let reviews = lines.iter().map(|l| {
        let api = o.s.app.api(&o.b.token);
        let id = l["id"].as_i64().unwrap();
        tokio::spawn(async move {
            api.post("/api/v1/awards/lines/review", json!({"ids": [id]}))
                .await
        })
    });
    for answer in futures_util::future::join_all(reviews).await {
        let (status, body) = answer.unwrap();
        assert_eq!(status, 200, "{body}");
    }
    assert!(o.lines().await.iter().all(|l| l["status"] == "reviewed"));
}
