//! The test harness: a running server, a database of its own, and helpers to act as a user.

pub mod binary;
pub mod browser;
pub mod marking;
pub mod results;
pub mod spectators;
pub mod tablet;

use entity::OrganisationId;
use entity::kinds::{OrganisationKind, Role};
use jiangxin::accounts::organisations::{NewOrganisation, create_organisation};
use jiangxin::accounts::users::{NewUser, create_user};
use jiangxin::config::Config;
use jiangxin::{AppState, db};
use reqwest::redirect::Policy;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::net::SocketAddr;
use tempfile::TempDir;

pub const PASSWORD: &str = "correct horse 电池";

/// Where a test's data lives.
pub struct TestDb {
    pub url: String,
    _dir: Option<TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// A fresh, empty database: PostgreSQL when `JIANGXIN_TEST_PG_URL` is set, else SQLite.
    pub async fn fresh() -> Self {
        match std::env::var("JIANGXIN_TEST_PG_URL") {
            Ok(base) if !base.is_empty() => {
                let name = format!("jx_test_{}", &jiangxin::secret::new_secret()[..16]);
                let admin = Database::connect(&base)
                    .await
                    .expect("connect to PostgreSQL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let mut url = url::Url::parse(&base).expect("PostgreSQL URL");
                url.set_path(&name);
                TestDb {
                    url: url.to_string(),
                    _dir: None,
                    pg: Some((base, name)),
                }
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("jiangxin.db").display());
                TestDb {
                    url,
                    _dir: Some(dir),
                    pg: None,
                }
            }
        }
    }

    /// A fresh SQLite file, whatever `JIANGXIN_TEST_PG_URL` says: for what only SQLite has
    /// (its online backup).
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("jiangxin.db").display());
        TestDb {
            url,
            _dir: Some(dir),
            pg: None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, name)) = self.pg.take() {
            // Best effort, on a thread of its own: a test's runtime may be gone already.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(rt) = rt {
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(&base).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: DatabaseConnection,
    pub database: TestDb,
    /// The server's live hub, to watch what it announces.
    pub live: jiangxin::live::Live,
    /// Stops the server as SIGTERM would (see [`TestApp::stop`]).
    stop: std::sync::Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    /// Resolves when the server has finished stopping.
    stopped: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(TestDb::fresh().await).await
    }

    pub async fn spawn_on(database: TestDb) -> Self {
        Self::spawn_with(database, |_| {}).await
    }

    /// A server whose settings the test changes first.
    pub async fn spawn_with(database: TestDb, configure: impl FnOnce(&mut Config)) -> Self {
        let db = db::connect(&database.url).await.expect("connect");
        db::migrate(&db).await.expect("migrate");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = Config::new(database.url.clone());
        // Tests speak for many clients from one machine: the address comes from
        // `X-Forwarded-For` (believed from loopback only, as from a reverse proxy).
        config.proxy_header = Some("x-forwarded-for".into());
        configure(&mut config);
        let state = AppState::new(db.clone(), config);
        let live = state.live.clone();
        let (stop, stopping) = tokio::sync::oneshot::channel::<()>();
        let stopped = tokio::spawn(async move {
            let _ = jiangxin::http::serve_until(listener, state, async {
                let _ = stopping.await;
            })
            .await;
        });
        TestApp {
            addr,
            db,
            database,
            live,
            stop: std::sync::Mutex::new(Some(stop)),
            stopped: std::sync::Mutex::new(Some(stopped)),
        }
    }

    /// Stops the server the way SIGTERM does, and waits until it has.
    pub async fn stop(&self) {
        if let Some(stop) = self.stop.lock().unwrap().take() {
            let _ = stop.send(());
        }
        let stopped = self.stopped.lock().unwrap().take();
        if let Some(stopped) = stopped {
            let _ = stopped.await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A browser: keeps cookies, does not follow redirects (tests look at them).
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    pub async fn organisation(&self, name: &str, kind: OrganisationKind) -> OrganisationId {
        let org = create_organisation(
            &self.db,
            NewOrganisation {
                name: name.into(),
                kind,
                district: "婺城区".into(),
            },
        )
        .await
        .expect("create organisation");
        org.id
    }

    pub async fn user(&self, username: &str, role: Role, org: Option<OrganisationId>) {
        create_user(
            &self.db,
            NewUser {
                username: username.into(),
                display_name: format!("{username} 测试"),
                password: PASSWORD.into(),
                role,
                organisation_id: org,
                created_by: None,
            },
        )
        .await
        .expect("create user");
    }

    /// Signs in through the login form and returns the browser and its CSRF token.
    pub async fn sign_in(&self, username: &str) -> (reqwest::Client, String) {
        let browser = self.browser();
        let login_csrf = csrf_of(
            &browser
                .get(self.url("/login"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        let res = browser
            .post(self.url("/login"))
            .form(&[
                ("username", username),
                ("password", PASSWORD),
                ("csrf", &login_csrf),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "sign-in of {username} failed");
        let page = browser
            .get(self.url("/admin"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        (browser, csrf_of(&page))
    }

    /// Issues an API token for a user through the tokens page and returns its secret.
    pub async fn token_for(&self, username: &str) -> String {
        let (browser, csrf) = self.sign_in(username).await;
        let page = browser
            .post(self.url("/admin/tokens"))
            .form(&[("name", "测试脚本"), ("csrf", &csrf)])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let start = page.find("jx_").expect("token shown once");
        page[start..start + 67].to_owned()
    }

    /// A JSON client acting with a bearer token.
    pub fn api(&self, token: &str) -> Api {
        Api {
            client: reqwest::Client::new(),
            base: self.url(""),
            token: token.to_owned(),
        }
    }
}

pub struct Api {
    pub client: reqwest::Client,
    base: String,
    pub token: String,
}

impl Api {
    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        split(res).await
    }

    pub async fn post(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        split(res).await
    }

    pub async fn delete(&self, path: &str) -> u16 {
        self.client
            .delete(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

pub async fn split(res: reqwest::Response) -> (u16, serde_json::Value) {
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    (status, json)
}

/// A page's text, fetched with `client` (whose cookies say who is asking).
pub async fn page_text(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// The CSRF token a page's forms carry.
pub fn csrf_of(page: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).expect("page has a CSRF field") + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// A valid ID-card number: region 330702, a birth date from `n`, a sequence from `n`, female
/// when `n` is even (the 17th digit is even).
pub fn id_number(n: u32) -> String {
    let year = 1970 + n % 30;
    let month = 1 + n % 12;
    let day = 1 + n % 28;
    let sequence = format!("{:03}", n % 1000);
    let first17 = format!("330702{year:04}{month:02}{day:02}{sequence}");
    let check = jiangxin::entrants::id_card::check_character(&first17).unwrap();
    format!("{first17}{check}")
}

/// 男 or 女, as `id_number(n)` says.
pub fn sex_of(n: u32) -> &'static str {
    if n % 2 == 1 { "男" } else { "女" }
}

/// An event set-up world: the bureau runs the city contest with one event (数控车工, 职工组);
/// two enterprises send entrants; another enterprise runs its own contest.
pub struct Setup {
    pub app: TestApp,
    pub bureau: OrganisationId,
    pub firm_a: OrganisationId,
    pub firm_b: OrganisationId,
    pub other: OrganisationId,
    pub competition: i64,
    pub event: i64,
    pub organiser: Api,
}

impl Setup {
    pub fn organiser_token(&self) -> &str {
        &self.organiser.token
    }

    pub async fn new() -> Self {
        Self::on(TestApp::spawn().await).await
    }

    /// The same world on a server the test has set up.
    pub async fn on(app: TestApp) -> Self {
        let bureau = app
            .organisation("金华市人力资源和社会保障局", OrganisationKind::Bureau)
            .await;
        let firm_a = app
            .organisation("浙江金婺精工机械有限公司", OrganisationKind::Enterprise)
            .await;
        let firm_b = app
            .organisation("义乌市双江电气有限公司", OrganisationKind::Enterprise)
            .await;
        let other = app
            .organisation("永康市五金智造有限公司", OrganisationKind::Enterprise)
            .await;
        app.user("organiser", Role::Organiser, Some(bureau)).await;
        app.user("other-hr", Role::Organiser, Some(other)).await;
        app.user("officer", Role::AwardOfficer, Some(bureau)).await;
        let organiser = app.api(&app.token_for("organiser").await);
        let (status, comp) = organiser
            .post(
                "/api/v1/competitions",
                serde_json::json!({"name": "2026年金华市技能大赛", "kind": "city", "year": 2026}),
            )
            .await;
        assert_eq!(status, 201, "{comp}");
        let competition = comp["id"].as_i64().unwrap();
        let (status, _) = organiser
            .post(
                &format!("/api/v1/competitions/{competition}/status"),
                serde_json::json!({"to": "registration"}),
            )
            .await;
        assert_eq!(status, 200);
        let (status, ev) = organiser
            .post(
                &format!("/api/v1/competitions/{competition}/events"),
                serde_json::json!({"trade": "数控车工", "group": "staff", "track": "national", "level": 3, "host_id": firm_a.0, "hosting_cost": "48500.00"}),
            )
            .await;
        assert_eq!(status, 201, "{ev}");
        Setup {
            event: ev["id"].as_i64().unwrap(),
            app,
            bureau,
            firm_a,
            firm_b,
            other,
            competition,
            organiser,
        }
    }

    /// Enters `n` entrants alternately from firm A and firm B; returns their ids.
    pub async fn entrants(&self, n: u32) -> Vec<i64> {
        let mut ids = Vec::new();
        for i in 0..n {
            let org = if i % 2 == 0 { self.firm_a } else { self.firm_b };
            let (status, body) = self
                .organiser
                .post(
                    &format!("/api/v1/events/{}/entrants", self.event),
                    serde_json::json!({"organisation_id": org.0, "members": [{
                        "name": format!("选手{i}"), "sex": sex_of(i), "id_number": id_number(i), "phone": "13800000000"
                    }]}),
                )
                .await;
            assert_eq!(status, 201, "{body}");
            ids.push(body["id"].as_i64().unwrap());
        }
        ids
    }
}

impl Api {
    pub async fn put(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let res = self
            .client
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        split(res).await
    }

    pub async fn put_bytes(&self, path: &str, body: Vec<u8>) -> (u16, serde_json::Value) {
        let res = self
            .client
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .body(body)
            .send()
            .await
            .unwrap();
        split(res).await
    }

    /// The raw answer: status, content type and bytes (a spreadsheet, a file).
    pub async fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let kind = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        (status, kind, res.bytes().await.unwrap().to_vec())
    }

    pub async fn post_bytes(&self, path: &str, body: Vec<u8>) -> (u16, serde_json::Value) {
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .body(body)
            .send()
            .await
            .unwrap();
        split(res).await
    }
}

/// Records one mark in a transaction of its own (the server takes batches; tests often want
/// one mark and its receipt or refusal).
pub async fn record_mark(
    db: &sea_orm::DatabaseConnection,
    judge: &entity::judge::Model,
    input: jiangxin::marking::marks::MarkInput,
) -> jiangxin::AppResult<jiangxin::marking::marks::Receipt> {
    jiangxin::marking::marks::record_marks(db, vec![(judge.clone(), input)])
        .await?
        .pop()
        .expect("one receipt for one mark")
}

/// The signed-in actor of an account, as the session layer builds it.
pub async fn find_actor(
    db: &sea_orm::DatabaseConnection,
    id: entity::UserId,
) -> jiangxin::accounts::Actor {
    use sea_orm::EntityTrait;
    entity::user::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .map(jiangxin::accounts::Actor::from)
        .expect("the account exists")
}
