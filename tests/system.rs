//! Health, the OpenAPI document, exact storage, and surviving `kill -9`.

use crate::support::binary::start_binary;
use crate::support::{PASSWORD, TestApp, TestDb};
use entity::kinds::{
    CompetitionKind, CompetitionStatus, EventGroup, EventTrack, OrganisationKind, Role,
};
use entity::{StoredDecimal, competition, event};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;
use std::process::{Command, Stdio};
use std::str::FromStr;

#[tokio::test]
async fn healthz_says_ok_only_while_the_database_answers() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap(),
        json!({"status": "ok"})
    );

    app.db.close_by_ref().await.unwrap();
    let res = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["status"],
        "unavailable"
    );
}

/// Every coded field (a status, kind, group, track, role, fund …) declares its values, so a
/// script's author reads them from the document instead of guessing.
#[tokio::test]
async fn the_openapi_document_declares_the_values_of_every_coded_field() {
    let doc = serde_json::to_value(jiangxin::http::openapi()).unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let has_values = |prop: &serde_json::Value| -> bool {
        let resolve = |v: &serde_json::Value| -> Option<serde_json::Value> {
            let r = v.get("$ref")?.as_str()?;
            schemas.get(r.rsplit('/').next()?).cloned()
        };
        let candidates: Vec<serde_json::Value> = std::iter::once(prop.clone())
            .chain(prop["oneOf"].as_array().cloned().unwrap_or_default())
            .chain(prop["allOf"].as_array().cloned().unwrap_or_default())
            .chain(prop["anyOf"].as_array().cloned().unwrap_or_default())
            .collect();
        candidates
            .iter()
            .any(|c| c.get("enum").is_some() || resolve(c).is_some_and(|s| s.get("enum").is_some()))
    };
    let coded = [
        "status",
        "kind",
        "group",
        "track",
        "role",
        "fund",
        "recipient",
        "live_marks",
        "channel",
        "award",
        "to",
        "title",
    ];
    let mut missing = Vec::new();
    for (name, schema) in schemas {
        let Some(props) = schema["properties"].as_object() else {
            continue;
        };
        for (field, prop) in props {
            let is_text = prop["type"] == "string"
                || prop["type"]
                    .as_array()
                    .is_some_and(|t| t.contains(&json!("string")));
            if coded.contains(&field.as_str())
                && (is_text || prop.get("$ref").is_some() || prop.get("oneOf").is_some())
                && !has_values(prop)
            {
                missing.push(format!("{name}.{field}"));
            }
        }
    }
    // Free text by nature: titles, and an award's printed name (一等奖, 团体二等奖), whose code is
    // beside it (`award_code`) where a script needs it.
    missing.retain(|m| {
        !m.ends_with(".title")
            && !m.starts_with("CertificateDoc.")
            && !["ResultRow.award", "Verification.award"].contains(&m.as_str())
    });
    assert!(
        missing.is_empty(),
        "coded fields without their values: {missing:?}"
    );
}

/// Every field a request may carry declares its limits: a length (or its values, or its
/// format) for text, a range for numbers. The limits are the ones the server enforces (each
/// from the check beside it, `jiangxin::limits`); a sample is compared here, and a value one
/// character too long is refused with the field named.
#[tokio::test]
async fn the_openapi_document_declares_the_limits_the_server_enforces() {
    let doc = serde_json::to_value(jiangxin::http::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    // The schemas requests use, and the ones those refer to.
    fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(|r| r.as_str()) {
                    out.push(r.rsplit('/').next().unwrap().to_owned());
                }
                m.values().for_each(|v| refs(v, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    for ops in doc["paths"].as_object().unwrap().values() {
        for op in ops.as_object().unwrap().values() {
            refs(&op["requestBody"], &mut todo);
        }
    }
    let mut requests = std::collections::BTreeSet::new();
    while let Some(name) = todo.pop() {
        if requests.insert(name.clone()) {
            refs(&schemas[&name], &mut todo);
        }
    }
    assert!(requests.len() > 50, "{requests:?}");
    let mut missing = Vec::new();
    for name in &requests {
        for (field, prop) in schemas[name]["properties"]
            .as_object()
            .into_iter()
            .flatten()
        {
            let kind = match &prop["type"] {
                serde_json::Value::String(t) => t.clone(),
                serde_json::Value::Array(ts) => ts
                    .iter()
                    .filter_map(|t| t.as_str())
                    .find(|t| *t != "null")
                    .unwrap_or_default()
                    .to_owned(),
                _ => continue,
            };
            let has = |k: &str| prop.get(k).is_some();
            let bounded = match kind.as_str() {
                "string" => has("maxLength") || has("enum") || has("format"),
                "integer" | "number" => has("minimum") || has("maximum"),
                _ => true,
            };
            if !bounded {
                missing.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "request fields without limits: {missing:?}"
    );
    let declared = [
        ("NewCompetition", "name", "minLength", 2),
        ("NewCompetition", "name", "maxLength", 100),
        ("NewCompetition", "year", "minimum", 2000),
        ("NewCompetition", "year", "maximum", 2100),
        ("NewEvent", "trade", "maxLength", 50),
        ("NewEvent", "venue", "maxLength", 100),
        ("NewEvent", "level", "maximum", 5),
        ("NewJudgeIn", "name", "maxLength", 50),
        ("NewMemberIn", "id_number", "maxLength", 18),
        ("ModuleDoc", "code", "maxLength", 32),
        ("TemplateInput", "title", "maxLength", 10),
        ("NewUser", "password", "maxLength", 128),
        ("WindowBody", "appeal_hours", "maximum", 72),
    ];
    for (schema, field, limit, value) in declared {
        assert_eq!(
            schemas[schema]["properties"][field][limit],
            json!(value),
            "{schema}.{field} {limit}"
        );
    }
    let s = crate::support::Setup::new().await;
    let long = "赛".repeat(101);
    let (status, body) = s
        .organiser
        .post(
            "/api/v1/competitions",
            json!({"name": long, "kind": "city", "year": 2026}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("name")),
        "{body}"
    );
    let (status, body) = s
        .organiser
        .post(
            "/api/v1/competitions",
            json!({"name": "赛".repeat(100), "kind": "city", "year": 2026}),
        )
        .await;
    assert_eq!(status, 201, "100 characters are allowed: {body}");
    // Limits new to the server, one character over: refused, the field named, nothing made.
    let comp = s.competition;
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{comp}/events"),
            json!({"trade": "电工", "group": "staff", "track": "other", "venue": "地".repeat(101)}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("venue")),
        "{body}"
    );
    let (_, events) = s
        .organiser
        .get(&format!("/api/v1/competitions/{comp}/events"))
        .await;
    assert!(!events.to_string().contains("地地地"), "nothing made");
    let (status, body) = s
        .organiser
        .put(
            &format!("/api/v1/events/{}/scheme", s.event),
            json!({"components": [{"code": "P", "name": "实操", "kind": "practical", "total": "10",
                "weight": "100", "modules": [{"code": "M".repeat(33), "name": "模块",
                "aspects": [{"code": "A1", "name": "尺寸", "kind": "measurement", "step": "1",
                "max": "10", "aggregation": "mean", "panel": "A"}]}]}]}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("components[0].modules[0].code")),
        "{body}"
    );
}

#[tokio::test]
async fn the_openapi_document_lists_every_json_route() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["info"]["title"].as_str().unwrap().contains("jiangxin"));
    let paths = doc["paths"].as_object().unwrap();
    let mut listed: Vec<&str> = paths.keys().map(String::as_str).collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        [
            "/api/v1/awards/achievements",
            "/api/v1/awards/achievements/import",
            "/api/v1/awards/achievements/{id}/amount",
            "/api/v1/awards/achievements/{id}/conditions",
            "/api/v1/awards/achievements/{id}/withdraw",
            "/api/v1/awards/competitions/{id}/city-level",
            "/api/v1/awards/dashboard",
            "/api/v1/awards/events/{id}/hosting-proof",
            "/api/v1/awards/lines",
            "/api/v1/awards/lines/{step}",
            "/api/v1/awards/payers",
            "/api/v1/awards/payers/{district}",
            "/api/v1/awards/payout/{fund}",
            "/api/v1/awards/policy",
            "/api/v1/awards/policy/{code}/versions",
            "/api/v1/awards/publicities",
            "/api/v1/awards/recompute",
            "/api/v1/awards/targets",
            "/api/v1/awards/titles",
            "/api/v1/awards/titles/{id}/confer",
            "/api/v1/awards/titles/{id}/review",
            "/api/v1/awards/totals",
            "/api/v1/cases/{id}",
            "/api/v1/cases/{id}/decision",
            "/api/v1/certificates/{number}/reissue",
            "/api/v1/certificates/{number}/revocation",
            "/api/v1/chief/consistency",
            "/api/v1/chief/corrections/{id}",
            "/api/v1/chief/entrants/{id}/absence/undo",
            "/api/v1/chief/lock",
            "/api/v1/chief/modules/{id}/sign-off",
            "/api/v1/chief/modules/{id}/sign-off/withdraw",
            "/api/v1/chief/paper/{id}",
            "/api/v1/chief/results",
            "/api/v1/chief/results/versions/{number}/sign",
            "/api/v1/chief/review",
            "/api/v1/chief/spreads",
            "/api/v1/competitions",
            "/api/v1/competitions/{id}",
            "/api/v1/competitions/{id}/cases",
            "/api/v1/competitions/{id}/certificate-template",
            "/api/v1/competitions/{id}/certificates",
            "/api/v1/competitions/{id}/entrant-list",
            "/api/v1/competitions/{id}/entrants/import",
            "/api/v1/competitions/{id}/events",
            "/api/v1/competitions/{id}/judges/import",
            "/api/v1/competitions/{id}/members",
            "/api/v1/competitions/{id}/objections",
            "/api/v1/competitions/{id}/publicity",
            "/api/v1/competitions/{id}/publicity-window",
            "/api/v1/competitions/{id}/registration/accept",
            "/api/v1/competitions/{id}/registration/entries",
            "/api/v1/competitions/{id}/registration/import",
            "/api/v1/competitions/{id}/registration/submit",
            "/api/v1/competitions/{id}/registration/units",
            "/api/v1/competitions/{id}/registration/window",
            "/api/v1/competitions/{id}/result-rules",
            "/api/v1/competitions/{id}/status",
            "/api/v1/entrants/{id}",
            "/api/v1/entrants/{id}/status",
            "/api/v1/events/{id}",
            "/api/v1/events/{id}/absences",
            "/api/v1/events/{id}/check-in",
            "/api/v1/events/{id}/consistency",
            "/api/v1/events/{id}/draw",
            "/api/v1/events/{id}/eligibility",
            "/api/v1/events/{id}/entrants",
            "/api/v1/events/{id}/judges",
            "/api/v1/events/{id}/live-settings",
            "/api/v1/events/{id}/paper-sheets",
            "/api/v1/events/{id}/paper-sheets/{judge_id}",
            "/api/v1/events/{id}/paper-sheets/{judge_id}/xlsx",
            "/api/v1/events/{id}/progress",
            "/api/v1/events/{id}/publication",
            "/api/v1/events/{id}/result-rules",
            "/api/v1/events/{id}/results",
            "/api/v1/events/{id}/results/recompute",
            "/api/v1/events/{id}/results/versions",
            "/api/v1/events/{id}/results/versions/{number}",
            "/api/v1/events/{id}/scheme",
            "/api/v1/events/{id}/scheme/check",
            "/api/v1/events/{id}/scheme/copy",
            "/api/v1/events/{id}/scheme/import",
            "/api/v1/events/{id}/score-sheets",
            "/api/v1/events/{id}/second-draw",
            "/api/v1/events/{id}/sign-in-sheet",
            "/api/v1/events/{id}/standings",
            "/api/v1/events/{id}/substitutes",
            "/api/v1/events/{id}/theory-scores/import",
            "/api/v1/events/{id}/unblinding",
            "/api/v1/judges/{id}/assignments",
            "/api/v1/judges/{id}/code",
            "/api/v1/judges/{id}/entrants",
            "/api/v1/judges/{id}/sessions/end",
            "/api/v1/me",
            "/api/v1/organisations",
            "/api/v1/registration/entries/{id}",
            "/api/v1/registration/entries/{id}/accept",
            "/api/v1/registration/entries/{id}/exception",
            "/api/v1/registration/entries/{id}/return",
            "/api/v1/templates/{kind}",
            "/api/v1/tokens",
            "/api/v1/tokens/{id}",
            "/api/v1/users",
            "/api/v1/users/{id}/disabled",
            "/api/v1/users/{id}/password",
            "/api/v1/verify/{number}",
            "/healthz",
        ]
    );
    // Every documented operation is really served (401 without a token, never the fallback 404).
    let client = reqwest::Client::new();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let url = app.url(&path.replace("{id}", "1"));
            let req = match method.as_str() {
                "get" => client.get(url),
                "post" => client.post(url).json(&json!({})),
                "delete" => client.delete(url),
                "put" => client.put(url).json(&json!({})),
                other => panic!("unexpected method {other}"),
            };
            let status = req.send().await.unwrap().status().as_u16();
            // Public operations (declared without security) answer for themselves: no such
            // competition, or a body that is wrong.
            let public = item[method]["security"].as_array().is_some_and(|s| {
                s.iter()
                    .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            assert!(
                matches!(status, 200 | 401) || (public && matches!(status, 404 | 422)),
                "{method} {path} answered {status}"
            );
            assert!(
                item[method]["responses"]
                    .as_object()
                    .is_some_and(|r| !r.is_empty())
            );
        }
    }
}

#[tokio::test]
async fn marks_and_money_come_back_exactly() {
    let app = TestApp::spawn().await;
    let host = app
        .organisation("金华市技师学院", OrganisationKind::School)
        .await;
    let bureau = app
        .organisation("金华市人力资源和社会保障局", OrganisationKind::Bureau)
        .await;
    let c = competition::ActiveModel {
        name: Set("2026年金华市技能大赛".into()),
        kind: Set(CompetitionKind::City),
        year: Set(2026),
        organiser_id: Set(bureau),
        status: Set(CompetitionStatus::Draft),
        created_by: Set(None),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    for (i, text) in ["95.50", "1234567.8912", "0.0001", "99999999999.9999"]
        .iter()
        .enumerate()
    {
        let value = Decimal::from_str(text).unwrap();
        let saved = event::ActiveModel {
            competition_id: Set(c.id),
            trade: Set(format!("工种{i}")),
            group: Set(EventGroup::Staff),
            track: Set(EventTrack::Other),
            host_id: Set(Some(host)),
            hosting_cost: Set(Some(StoredDecimal::try_from(value).unwrap())),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        let back = event::Entity::find_by_id(saved.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let back = back.hosting_cost.unwrap().to_decimal();
        assert_eq!(
            back,
            value,
            "{text} on {}",
            if app.database.is_postgres() {
                "PostgreSQL"
            } else {
                "SQLite"
            }
        );
        assert_eq!(back.normalize().to_string(), value.normalize().to_string());
    }
    // And through the API, as an exact decimal string.
    app.user("admin", Role::Admin, None).await;
    let api = app.api(&app.token_for("admin").await);
    let (_, detail) = api.get(&format!("/api/v1/competitions/{}", c.id)).await;
    assert_eq!(detail["events"][0]["hosting_cost"], "95.50");
}

/// The real binary, killed with SIGKILL mid-work, keeps everything it acknowledged.
#[tokio::test]
async fn kill_dash_nine_loses_nothing_that_was_acknowledged() {
    let database = TestDb::fresh().await;
    let app = TestApp::spawn_on(database).await;
    let bureau = app
        .organisation("金华市人力资源和社会保障局", OrganisationKind::Bureau)
        .await;
    app.user("admin", Role::Admin, Some(bureau)).await;

    let (mut server, base, logs) = start_binary(&app.database.url);
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    // Sign in through the binary (its log must not show the password) and issue a token.
    let login = client
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::support::csrf_of(&login);
    let res = client
        .post(format!("{base}/login"))
        .form(&[
            ("username", "admin"),
            ("password", PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let page = client
        .get(format!("{base}/admin/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let page = client
        .post(format!("{base}/admin/tokens"))
        .form(&[("name", "压测"), ("csrf", &crate::support::csrf_of(&page))])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = page.find("jx_").unwrap();
    let token = page[start..start + 67].to_owned();

    // A burst of concurrent writes; every acknowledged one must survive the kill.
    let api = reqwest::Client::new();
    let mut acknowledged = Vec::new();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..60 {
        let (api, base, token) = (api.clone(), base.clone(), token.clone());
        tasks.spawn(async move {
            let res = api
                .post(format!("{base}/api/v1/competitions"))
                .bearer_auth(&token)
                .json(&json!({"name": format!("压测赛事{i:02}"), "kind": "city", "year": 2026}))
                .send()
                .await
                .ok()?;
            (res.status() == 201).then_some(i)
        });
    }
    while let Some(done) = tasks.join_next().await {
        if let Some(i) = done.unwrap() {
            acknowledged.push(i);
        }
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    assert_eq!(acknowledged.len(), 60);

    let (mut again, base, logs_again) = start_binary(&app.database.url);
    let (status, listed) = crate::support::split(
        api.get(format!("{base}/api/v1/competitions"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    let mut names: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(
        names.len(),
        60,
        "every acknowledged competition is there, once"
    );
    // Paths can carry a certificate number or a name: the log names the route only.
    let personal_path = "/verify/20269999%E9%99%88%E6%80%A1";
    let _ = api
        .get(format!("{base}{personal_path}"))
        .send()
        .await
        .unwrap();
    again.kill().unwrap();
    again.wait().unwrap();
    let second_log = logs_again.join().unwrap();
    assert!(second_log.contains("/verify/{number}"), "{second_log}");
    assert!(
        !second_log.contains("20269999") && !second_log.contains("%E9%99%88"),
        "{second_log}"
    );

    // Nothing secret reached the logs.
    for log in [logs.join().unwrap(), second_log] {
        assert!(log.contains("served"), "the server logs its requests");
        assert!(
            !log.contains(PASSWORD) && !log.contains(&token) && !log.contains("argon2"),
            "{log}"
        );
        // Plain text when stderr is not a terminal, and figures rounded (ms=0.03): a scan for
        // long numbers (ID numbers) finds none of our own making.
        assert!(!log.contains('\u{1b}'), "no colour codes: {log}");
        assert!(log.contains(" ms="), "{log}");
        let longest = log
            .split(|c: char| !c.is_ascii_digit())
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(longest < 15, "a {longest}-digit number in the log: {log}");
    }
}

/// `jiangxin admin create-user` makes the first administrator without a web page, and the
/// server stops cleanly on SIGTERM.
#[tokio::test]
async fn the_first_administrator_comes_from_the_command_line() {
    let app = TestApp::spawn().await;
    let mut create = Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .args([
            "admin",
            "create-user",
            "--username",
            "chief",
            "--display-name",
            "市人社局管理员",
            "--database-url",
            &app.database.url,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    writeln!(create.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    let out = create.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("已创建账号 chief（平台管理员）"));
    let (browser, _) = app.sign_in("chief").await;
    assert_eq!(
        browser
            .get(app.url("/admin/users"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // A duplicate is refused with a Chinese message and a failing exit code.
    let again = Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .args([
            "admin",
            "create-user",
            "--username",
            "chief",
            "--display-name",
            "x",
            "--database-url",
            &app.database.url,
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("用户名已存在"));

    let (server, base, _logs) = start_binary(&app.database.url);
    assert_eq!(
        reqwest::get(format!("{base}/healthz"))
            .await
            .unwrap()
            .status(),
        200
    );
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || {
        let mut server = server;
        server.wait().unwrap()
    })
    .await
    .unwrap();
    assert!(exit.success(), "graceful shutdown exits 0, got {exit:?}");
}

/// `serve --demo` gives three ready events: 30 entrants each, judges, complete schemes, a draw.
#[tokio::test]
async fn the_demo_holds_three_ready_events() {
    let app = TestApp::spawn().await;
    let accounts = jiangxin::demo::seed(&app.db)
        .await
        .unwrap()
        .expect("seeded");
    assert_eq!(accounts.len(), 5);
    assert!(
        jiangxin::demo::seed(&app.db).await.unwrap().is_none(),
        "never twice"
    );
    let admin = crate::support::find_actor(&app.db, entity::UserId(1)).await;
    let competitions = jiangxin::competitions::list_competitions(&app.db, &admin)
        .await
        .unwrap();
    let city = competitions
        .iter()
        .find(|c| c.kind == CompetitionKind::City && c.year == 2026)
        .unwrap();
    let events = jiangxin::competitions::list_events(&app.db, city.id)
        .await
        .unwrap();
    assert_eq!(events.len(), 3);
    // The contest is on and the first event's board already ranks entrants, for anyone.
    assert_eq!(city.status, entity::kinds::CompetitionStatus::Running);
    let board = reqwest::get(format!("http://{}/live/{}", app.addr, events[0].id))
        .await
        .unwrap();
    assert_eq!(board.status(), 200);
    let board = board.text().await.unwrap();
    let ranked = board.matches("<td class=\"rank\">").count()
        - board.matches("<td class=\"rank\"></td>").count();
    assert!(ranked >= 10, "{ranked} ranked entrants on the demo's board");
    for ev in events {
        let id = ev.id;
        let problems = jiangxin::judging::scheme::check_scheme(&app.db, &admin, id)
            .await
            .unwrap();
        assert!(problems.is_empty(), "{}: {problems:?}", ev.trade);
        let entrants = jiangxin::entrants::list_entrants(&app.db, &admin, id)
            .await
            .unwrap();
        assert_eq!(entrants.len(), 30);
        assert!(
            entrants
                .iter()
                .all(|e| e.entrant.blind_code.is_some() && e.entrant.station.is_some())
        );
        let judges = jiangxin::judging::judges::list_judges(&app.db, &admin, id)
            .await
            .unwrap();
        assert!(judges.len() >= 5);
        // Every entrant has a judge in every panel: the demo can be marked to its end.
        for panel in ["A", "T"] {
            let open = jiangxin::judging::judges::uncovered(&app.db, ev.id, panel)
                .await
                .unwrap();
            assert!(
                open.is_empty(),
                "{} panel {panel}: {} uncovered",
                ev.trade,
                open.len()
            );
        }
    }
    // The awards module has something to show: a medal, a school's training-team selections,
    // a conferred 金华工匠 and the 2024 edition's hosts, computed and waiting for review.
    let lines = jiangxin::awards::reports::all_lines(&app.db).await.unwrap();
    let mut amounts: Vec<(String, String)> = lines
        .iter()
        .map(|l| (l.item_code.clone(), jiangxin::awards::stored_yuan(l.amount)))
        .collect();
    amounts.sort();
    assert_eq!(
        amounts,
        [
            ("craftsman", "10000.00"),
            ("hosting_city", "0.00"),
            ("hosting_city", "50000.00"),
            ("hosting_city", "50000.00"),
            ("training_team", "100000.00"),
            ("training_team", "100000.00"),
            ("ws_silver", "1000000.00"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    // Lines with money wait for review; the 0.00 one closed itself.
    for l in &lines {
        let expected = if l.amount.scaled() == 0 {
            entity::kinds::RewardStatus::Closed
        } else {
            entity::kinds::RewardStatus::Draft
        };
        assert_eq!(l.status, expected, "{} {}", l.item_code, l.note);
    }
}
