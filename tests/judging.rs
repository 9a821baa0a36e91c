//! Judges, recusal, schemes and the start gate.

use crate::support::{Setup, id_number};
use serde_json::json;

async fn add_judge(s: &Setup, n: u32, org: i32, panel: &str, role: &str) -> i64 {
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/events/{}/judges", s.event),
            json!({"name": format!("裁判{n}"), "sex": crate::support::sex_of(n), "id_number": id_number(n),
                   "organisation_id": org, "role": role, "panel": panel}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().unwrap()
}

fn scheme(panel: &str) -> serde_json::Value {
    json!({
        "components": [
            {"code": "theory", "name": "理论", "kind": "theory", "total": "100", "weight": "30", "pass_mark": "60",
             "modules": [{"code": "T", "name": "理论考试", "aspects": [
                 {"code": "T1", "name": "理论成绩", "kind": "measurement", "step": "0.5", "max": "100", "aggregation": "single", "panel": "T"}]}]},
            {"code": "practical", "name": "实操", "kind": "practical", "total": "100", "weight": "70", "pass_mark": "60",
             "modules": [{"code": "A", "name": "零件加工", "aspects": [
                 {"code": "A1", "name": "外圆尺寸", "kind": "measurement", "step": "0.5", "max": "40", "aggregation": "trimmed_mean", "trim": 1, "panel": panel},
                 {"code": "A2", "name": "表面质量", "kind": "scale", "max": "30", "aggregation": "mean", "panel": panel, "max_spread": "1"},
                 {"code": "A3", "name": "安全文明", "kind": "deduction", "step": "1", "max": "30", "aggregation": "trimmed_mean", "trim": 1, "panel": panel}]}]}
        ]
    })
}

#[tokio::test]
async fn a_judge_never_gets_an_entrant_of_their_own_organisation() {
    let s = Setup::new().await;
    let entrants = s.entrants(4).await; // A, B, A, B
    let judge_a = add_judge(&s, 101, s.firm_a.0, "A", "judge").await;
    // By API: refused, saying why, and nothing stored.
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/judges/{judge_a}/assignments"),
            json!({"entrant_id": entrants[0]}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("回避"),
        "{body}"
    );
    // Without assignments, the judge's list leaves out their own organisation's entrants.
    let (_, list) = s
        .organiser
        .get(&format!("/api/v1/judges/{judge_a}/entrants"))
        .await;
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [entrants[1], entrants[3]]);
    // An allowed assignment narrows the list to it.
    let (status, _) = s
        .organiser
        .post(
            &format!("/api/v1/judges/{judge_a}/assignments"),
            json!({"entrant_id": entrants[1]}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, list) = s
        .organiser
        .get(&format!("/api/v1/judges/{judge_a}/entrants"))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    // A judge cannot also compete in the same event.
    let (status, _) = s
        .organiser
        .post(
            &format!("/api/v1/events/{}/judges", s.event),
            json!({"name": "选手0", "sex": "女", "id_number": id_number(0), "organisation_id": s.bureau.0, "role": "judge", "panel": "A"}),
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn schemes_are_checked_against_the_panels_and_gate_the_start() {
    let s = Setup::new().await;
    s.entrants(2).await;
    let ev = s.event;
    let (status, doc) = s
        .organiser
        .put(&format!("/api/v1/events/{ev}/scheme"), scheme("B"))
        .await;
    assert_eq!(status, 200, "{doc}");
    assert!(doc["components"][1]["modules"][0]["aspects"][0]["id"].is_i64());
    let (_, check) = s
        .organiser
        .get(&format!("/api/v1/events/{ev}/scheme/check"))
        .await;
    assert_eq!(check["ready"], false);
    let problems = check["problems"].to_string();
    assert!(
        problems.contains("裁判组 B 还没有裁判") && problems.contains("裁判组 T"),
        "{problems}"
    );

    // The start is refused while any scheme is not ready.
    let comp = s.competition;
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{comp}/status"),
            json!({"to": "running"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("数控车工")
    );

    // Two judges are too few for a 1+1 trim; three are enough.
    add_judge(&s, 201, s.bureau.0, "T", "judge").await;
    add_judge(&s, 202, s.other.0, "B", "judge").await;
    add_judge(&s, 203, s.other.0, "B", "judge").await;
    let (_, check) = s
        .organiser
        .get(&format!("/api/v1/events/{ev}/scheme/check"))
        .await;
    assert!(
        check["problems"].to_string().contains("至少需要 3 人"),
        "{check}"
    );
    add_judge(&s, 204, s.bureau.0, "B", "judge").await;
    add_judge(&s, 205, s.bureau.0, "B", "chief").await;
    let (_, check) = s
        .organiser
        .get(&format!("/api/v1/events/{ev}/scheme/check"))
        .await;
    assert_eq!(check["ready"], true, "{check}");

    // A bad document names the field.
    let mut bad = scheme("B");
    bad["components"][1]["modules"][0]["aspects"][1]["kind"] = json!("guess");
    let (status, body) = s
        .organiser
        .put(&format!("/api/v1/events/{ev}/scheme"), bad)
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["error"]["field"],
        "components[1].modules[0].aspects[1].kind"
    );

    // Copying a scheme to a new event.
    let (_, other_ev) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{comp}/events"),
            json!({"trade": "电工", "group": "staff", "track": "other"}),
        )
        .await;
    let other_id = other_ev["id"].as_i64().unwrap();
    let (status, copied) = s
        .organiser
        .post(
            &format!("/api/v1/events/{other_id}/scheme/copy"),
            json!({"from_event": ev}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        copied["components"][1]["modules"][0]["aspects"][2]["code"],
        "A3"
    );

    // Moving on: registration → running (the copy's event has no judges, so it blocks) …
    let (status, _) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{comp}/status"),
            json!({"to": "running"}),
        )
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn status_moves_forward_and_back_only_with_the_administrator() {
    let s = Setup::new().await;
    let comp = s.competition;
    // Skipping a step is refused.
    let (status, body) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{comp}/status"),
            json!({"to": "marking"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("逐步推进")
    );
    // Back to draft: not for an organiser.
    let (status, _) = s
        .organiser
        .post(
            &format!("/api/v1/competitions/{comp}/status"),
            json!({"to": "draft", "reason": "x"}),
        )
        .await;
    assert_eq!(status, 422);
    s.app.user("admin", entity::kinds::Role::Admin, None).await;
    let admin = s.app.api(&s.app.token_for("admin").await);
    let (status, body) = admin
        .post(
            &format!("/api/v1/competitions/{comp}/status"),
            json!({"to": "draft"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "reason");
    let (status, _) = admin
        .post(
            &format!("/api/v1/competitions/{comp}/status"),
            json!({"to": "draft", "reason": "项目设置有误，重新发布"}),
        )
        .await;
    assert_eq!(status, 200);
    let history =
        jiangxin::competitions::status::history(&s.app.db, entity::CompetitionId(comp as i32))
            .await
            .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].reason.as_deref(), Some("项目设置有误，重新发布"));
}

#[tokio::test]
async fn judges_and_schemes_come_from_spreadsheets_and_paper_sheets_respect_recusal() {
    let s = Setup::new().await;
    s.entrants(4).await; // firm A, B, A, B
    let comp = s.competition;
    let ev = s.event;
    let row = |n: u32, org: &str, role: &str, panel: &str| {
        format!(
            "裁判{n},{},{},{org},数控车工,职工组,{role},{panel},\n",
            crate::support::sex_of(n),
            id_number(n)
        )
    };
    let header = "姓名,性别,身份证号,单位,项目,组别,角色,裁判组,手机号\n";
    // One bad role: nothing stored.
    let bad = format!(
        "{header}{}{}",
        row(301, "浙江金婺精工机械有限公司", "裁判", "A"),
        row(302, "义乌市双江电气有限公司", "评委", "A")
    );
    let (status, body) = s
        .organiser
        .post_bytes(
            &format!("/api/v1/competitions/{comp}/judges/import?commit=true"),
            bad.into_bytes(),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["row"], 3);
    assert_eq!(body["errors"][0]["column"], "角色");
    let (_, judges) = s
        .organiser
        .get(&format!("/api/v1/events/{ev}/judges"))
        .await;
    assert_eq!(judges.as_array().unwrap().len(), 0);
    let good = format!(
        "{header}{}{}{}",
        row(301, "浙江金婺精工机械有限公司", "裁判", "A"),
        row(302, "义乌市双江电气有限公司", "裁判", "A"),
        row(303, "金华市人力资源和社会保障局", "裁判长", "A")
    );
    let (status, body) = s
        .organiser
        .post_bytes(
            &format!("/api/v1/competitions/{comp}/judges/import?commit=true"),
            good.into_bytes(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["judges"], 3);

    let sheet = "模块,模块名称,评分项,评分项描述,类型,满分,步长,汇总方式,裁判组\n\
                 A,零件加工,A1,外圆尺寸,M,60,0.5,平均,A\n\
                 A,零件加工,A2,表面质量,J,40,,平均,A\n";
    let (status, doc) = s
        .organiser
        .post_bytes(
            &format!("/api/v1/events/{ev}/scheme/import"),
            sheet.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["components"][0]["total"], "100");
    let (_, check) = s
        .organiser
        .get(&format!("/api/v1/events/{ev}/scheme/check"))
        .await;
    assert_eq!(check["ready"], true, "{check}");
    s.organiser
        .post(
            &format!("/api/v1/events/{ev}/draw"),
            json!({"seed": "纸质备份"}),
        )
        .await;

    // The score sheets: the judge from firm A gets only firm B's two blind codes.
    let res = s
        .organiser
        .client
        .get(s.app.url(&format!("/api/v1/events/{ev}/score-sheets")))
        .bearer_auth(s.organiser_token())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''")
    );
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let names = workbook.sheet_names();
    assert_eq!(names.len(), 3, "{names:?}");
    let (_, lots) = s.organiser.get(&format!("/api/v1/events/{ev}/draw")).await;
    let (_, entrants) = s
        .organiser
        .get(&format!("/api/v1/events/{ev}/entrants"))
        .await;
    let code_of = |i: usize| entrants[i]["blind_code"].as_str().unwrap().to_owned();
    let first = workbook.worksheet_range(&names[0]).unwrap();
    let codes: Vec<String> = first
        .rows()
        .skip(2)
        .map(|r| r[0].to_string())
        .filter(|c| c.len() == 4)
        .collect();
    assert_eq!(codes.len(), 2, "{codes:?} {lots}");
    assert!(codes.contains(&code_of(1)) && codes.contains(&code_of(3)));
    assert!(!codes.contains(&code_of(0)));
    // The sign-in sheet opens too.
    let (status, _) = s
        .organiser
        .get(&format!("/api/v1/events/{ev}/sign-in-sheet"))
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_recused_assignment_is_refused_on_the_page_too() {
    let s = Setup::new().await;
    let entrants = s.entrants(2).await; // firm A, firm B
    let judge = add_judge(&s, 401, s.firm_a.0, "A", "judge").await;
    let (browser, csrf) = s.app.sign_in("organiser").await;
    let page = browser
        .get(s.app.url(&format!("/admin/events/{}", s.event)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The judge's select offers firm B's entrant only.
    let form_start = page
        .find(&format!("/admin/judges/{judge}/assignments"))
        .unwrap();
    let form = &page[form_start..form_start + page[form_start..].find("</form>").unwrap()];
    assert!(form.contains(&format!("<option value=\"{}\"", entrants[1])));
    assert!(!form.contains(&format!("<option value=\"{}\"", entrants[0])));
    // A crafted post for firm A's entrant is refused and changes nothing.
    let res = browser
        .post(s.app.url(&format!("/admin/judges/{judge}/assignments")))
        .form(&[
            ("entrant_id", entrants[0].to_string()),
            ("event_id", s.event.to_string()),
            ("csrf", csrf.clone()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("回避"));
    let (_, list) = s
        .organiser
        .get(&format!("/api/v1/judges/{judge}/entrants"))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], entrants[1]);
}

/// A single-judge panel whose judge shares an organisation with some entrants: the event page
/// says what to do, a substitute from another organisation is added for just those entrants
/// (audited, not counted in the panel), and the module can be signed off.
#[tokio::test]
async fn a_substitute_judge_marks_the_entrants_a_whole_panel_stays_away_from() {
    use entity::{event, judge};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let m = crate::support::marking::marking().await;
    let s = &m.s;
    // The theory judge (panel T, alone) now works for firm A, like entrants 0 and 2.
    let theory = judge::Entity::find()
        .filter(judge::Column::EventId.eq(entity::EventId(s.event as i32)))
        .filter(judge::Column::Panel.eq("T"))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: judge::ActiveModel = theory.clone().into();
    row.organisation_id = Set(s.firm_a);
    let theory = row.update(&s.app.db).await.unwrap();
    crate::support::marking::start(&m).await;
    let ev = event::Entity::find_by_id(entity::EventId(s.event as i32))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let module_t = |p: &jiangxin::marking::progress::Progress| {
        p.modules.iter().find(|x| x.code == "T").unwrap().clone()
    };
    let before = jiangxin::marking::progress::progress(&s.app.db, &ev)
        .await
        .unwrap();
    assert_eq!(module_t(&before).problems, 2, "two cells nobody may mark");

    // The organiser's page says what to do.
    let (browser, _) = s.app.sign_in("organiser").await;
    let page = browser
        .get(s.app.url(&format!("/admin/events/{}", s.event)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("替补裁判：裁判组 T 全组回避 2 名选手"),
        "{page}"
    );

    let path = format!("/api/v1/events/{}/substitutes", s.event);
    let body = |org: i32, entrants: Vec<i64>| {
        json!({"name": "替补裁判", "sex": crate::support::sex_of(650), "id_number": id_number(650),
               "organisation_id": org, "panel": "T", "entrants": entrants})
    };
    // Refusals: another organisation's organiser; an entrant the panel already marks; the
    // entrants' own organisation; no entrants.
    let other = s.app.api(&s.app.token_for("other-hr").await);
    assert_eq!(
        other
            .post(&path, body(s.other.0, vec![m.entrants[0]]))
            .await
            .0,
        404
    );
    let (status, b) = s
        .organiser
        .post(&path, body(s.other.0, vec![m.entrants[1]]))
        .await;
    assert_eq!(status, 422, "{b}");
    assert!(
        b["error"]["message"].as_str().unwrap().contains("无需替补"),
        "{b}"
    );
    let (status, b) = s
        .organiser
        .post(&path, body(s.firm_a.0, vec![m.entrants[0]]))
        .await;
    assert_eq!(status, 422, "{b}");
    assert!(
        b["error"]["message"].as_str().unwrap().contains("回避"),
        "{b}"
    );
    assert_eq!(
        s.organiser.post(&path, body(s.other.0, vec![])).await.0,
        422
    );
    let judges_before = judge::Entity::find()
        .filter(judge::Column::EventId.eq(entity::EventId(s.event as i32)))
        .all(&s.app.db)
        .await
        .unwrap()
        .len();
    assert_eq!(judges_before, 4, "refusals change nothing");

    let (status, created) = s
        .organiser
        .post(&path, body(s.other.0, vec![m.entrants[0], m.entrants[2]]))
        .await;
    assert_eq!(status, 201, "{created}");
    let substitute =
        judge::Entity::find_by_id(entity::JudgeId(created["id"].as_i64().unwrap() as i32))
            .one(&s.app.db)
            .await
            .unwrap()
            .unwrap();
    assert!(substitute.substitute);
    let markable = jiangxin::judging::judges::markable_entrants(&s.app.db, &substitute)
        .await
        .unwrap();
    let ids: Vec<i64> = markable.iter().map(|e| i64::from(e.id.0)).collect();
    assert_eq!(ids, [m.entrants[0], m.entrants[2]]);
    // The panel's size, and so its single-judge aggregation, is unchanged.
    let sizes = jiangxin::judging::scheme::panel_sizes(&s.app.db, entity::EventId(s.event as i32))
        .await
        .unwrap();
    assert_eq!(sizes.get("T"), Some(&1));
    let trail = jiangxin::audit::entries_for(&s.app.db, &format!("event:{}", s.event))
        .await
        .unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == entity::kinds::AuditAction::SubstituteJudgeAdd)
    );

    // Marks: the theory judge for firm B's entrants, the substitute for firm A's.
    m.record(&theory, 1, m.aspect_t1, "80", "theory-1".into())
        .await;
    m.record(&theory, 3, m.aspect_t1, "70", "theory-3".into())
        .await;
    m.record(&substitute, 0, m.aspect_t1, "90", "substitute-0".into())
        .await;
    m.record(&substitute, 2, m.aspect_t1, "60", "substitute-2".into())
        .await;
    let refused = crate::support::record_mark(
        &s.app.db,
        &substitute,
        jiangxin::marking::marks::MarkInput {
            op_id: "substitute-1".into(),
            entrant_id: entity::EntrantId(m.entrants[1] as i32),
            aspect_id: entity::AspectId(m.aspect_t1),
            value: "50".parse().unwrap(),
            device: None,
            session: None,
        },
    )
    .await;
    assert!(
        refused.is_err(),
        "a substitute marks only the entrants given"
    );
    let after = jiangxin::marking::progress::progress(&s.app.db, &ev)
        .await
        .unwrap();
    let t = module_t(&after);
    assert_eq!((t.missing, t.problems, t.flagged), (0, 0, 0));
    assert!(t.ready(), "the module can be signed off");
}

/// The demo's first event, marked to the lock as a contest would be: the organiser starts it,
/// every judge marks every entrant they may, the chief signs every module off and locks. The
/// theory judge is moved to a sending unit first, so a substitute is needed for that unit's
/// entrants, and the path through it works.
#[tokio::test]
async fn the_demos_first_event_runs_from_marking_to_lock_with_a_substitute() {
    use entity::kinds::{AspectKind, CompetitionKind, JudgeRole};
    use entity::{competition, entrant, event, judge, scheme_aspect};
    use jiangxin::marking::{marks, progress, review};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
    let app = crate::support::TestApp::spawn().await;
    jiangxin::demo::seed(&app.db)
        .await
        .unwrap()
        .expect("seeded");
    let admin = crate::support::find_actor(&app.db, entity::UserId(1)).await;
    let city = competition::Entity::find()
        .filter(competition::Column::Kind.eq(CompetitionKind::City))
        .filter(competition::Column::Year.eq(2026))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let ev = event::Entity::find()
        .filter(event::Column::CompetitionId.eq(city.id))
        .order_by_asc(event::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let judges = judge::Entity::find()
        .filter(judge::Column::EventId.eq(ev.id))
        .all(&app.db)
        .await
        .unwrap();
    // Move the theory judge to the unit of the first entrant: its entrants lose their marker.
    let first = entrant::Entity::find()
        .filter(entrant::Column::EventId.eq(ev.id))
        .order_by_asc(entrant::Column::EntryNo)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let theory = judges.iter().find(|j| j.panel == "T").unwrap().clone();
    let mut row: judge::ActiveModel = theory.into();
    row.organisation_id = Set(first.organisation_id);
    row.update(&app.db).await.unwrap();
    assert_eq!(
        city.status,
        entity::kinds::CompetitionStatus::Running,
        "the demo's contest is on"
    );
    let open = jiangxin::judging::judges::uncovered(&app.db, ev.id, "T")
        .await
        .unwrap();
    assert!(!open.is_empty());
    let union = entity::organisation::Entity::find()
        .filter(entity::organisation::Column::Name.eq("金华市总工会"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    jiangxin::judging::judges::add_substitute(
        &app.db,
        &admin,
        ev.id,
        jiangxin::judging::judges::NewJudge {
            name: "替补理论裁判".into(),
            sex: "男".into(),
            id_number: id_number(777),
            phone: None,
            organisation_id: union.id,
            role: JudgeRole::Judge,
            panel: "T".into(),
        },
        &open.iter().map(|e| e.id).collect::<Vec<_>>(),
    )
    .await
    .unwrap();

    // Every judge marks every entrant they may, each aspect at its maximum (no spread).
    let aspects = scheme_aspect::Entity::find()
        .filter(scheme_aspect::Column::EventId.eq(ev.id))
        .all(&app.db)
        .await
        .unwrap();
    let judges = judge::Entity::find()
        .filter(judge::Column::EventId.eq(ev.id))
        .all(&app.db)
        .await
        .unwrap();
    let mut n = 0;
    for j in judges.iter().filter(|j| j.role == JudgeRole::Judge) {
        let entrants = jiangxin::judging::judges::markable_entrants(&app.db, j)
            .await
            .unwrap();
        for e in &entrants {
            for a in aspects.iter().filter(|a| a.panel == j.panel) {
                let value = match a.kind {
                    AspectKind::Scale => rust_decimal::Decimal::from(3),
                    AspectKind::PassFail => rust_decimal::Decimal::ONE,
                    AspectKind::Deduction => rust_decimal::Decimal::ZERO,
                    _ => a.max_mark.to_decimal(),
                };
                n += 1;
                crate::support::record_mark(
                    &app.db,
                    j,
                    marks::MarkInput {
                        op_id: format!("demo-mark-{n:06}"),
                        entrant_id: e.id,
                        aspect_id: a.id,
                        value,
                        device: None,
                        session: None,
                    },
                )
                .await
                .unwrap();
            }
        }
    }
    let chief = judges.iter().find(|j| j.role == JudgeRole::Chief).unwrap();
    let picture = progress::progress(&app.db, &ev).await.unwrap();
    for m in &picture.modules {
        assert!(
            m.ready(),
            "{}: {} missing, {} flagged, {} problems",
            m.name,
            m.missing,
            m.flagged,
            m.problems
        );
        review::sign_off(&app.db, chief, m.id, m.seq).await.unwrap();
    }
    app.live
        .publish(review::lock(&app.db, chief).await.unwrap());
    let ev = event::Entity::find_by_id(ev.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(ev.marks_locked_at.is_some(), "locked after {n} marks");
}
