//! A tiny WebDriver client over reqwest (no browser downloader: it drives Debian's `chromium`
//! through `chromedriver`), and a proxy that can cut a tablet's WebSocket like venue Wi-Fi does.

use serde_json::{Value, json};
use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

/// Chromium and its driver. A test that needs them is `#[ignore]`d in the README's command and
/// run by CI with `--include-ignored`: without them it fails, it never passes silently.
pub async fn browser() -> Browser {
    let (chromium, driver) = ("/usr/bin/chromium", "/usr/bin/chromedriver");
    assert!(
        std::path::Path::new(chromium).exists() && std::path::Path::new(driver).exists(),
        "this browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
    );
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    // In a process group of its own, so that Chromium, which chromedriver starts, goes with it.
    let child = Command::new(driver)
        .process_group(0)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    for _ in 0..100 {
        if http.get(format!("{base}/status")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let profile = tempfile::tempdir().unwrap();
    let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
        "binary": chromium,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--window-size=1280,900",
                 format!("--user-data-dir={}", profile.path().display())]
    }}}});
    let created: Value = http
        .post(format!("{base}/session"))
        .json(&caps)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = created["value"]["sessionId"]
        .as_str()
        .expect("a WebDriver session")
        .to_owned();
    Browser {
        http,
        base: format!("{base}/session/{session}"),
        child,
        _profile: profile,
    }
}

pub struct Browser {
    http: reqwest::Client,
    base: String,
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    /// Ends chromedriver and every Chromium process it started: killing the driver alone would
    /// leave the browser running after the test, one more with every run.
    fn drop(&mut self) {
        match i32::try_from(self.child.id()) {
            // SAFETY: a signal to the process group this test started.
            Ok(group) => unsafe {
                libc::kill(-group, libc::SIGKILL);
            },
            Err(_) => {
                let _ = self.child.kill();
            }
        }
        let _ = self.child.wait();
    }
}

impl Browser {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.unwrap().json::<Value>().await.unwrap()["value"].clone()
    }

    /// Signs in through the login form at `base` as `username` (the test password) and waits
    /// until the browser has left the login page.
    pub async fn sign_in_as(&self, base: &str, username: &str) {
        self.go(&format!("{base}/login")).await;
        let user = self.wait("input[name=username]").await;
        self.type_into(&user, username).await;
        let password = self.wait("input[name=password]").await;
        self.type_into(&password, super::PASSWORD).await;
        let submit = self.wait("form button[type=submit]").await;
        self.click(&submit).await;
        self.wait_script("return location.pathname", |p| p != "/login")
            .await;
    }

    /// Signs a judge's tablet in as a judge does: with a code the organiser issued (here in the
    /// address, as its QR code gives it) and 登录; waits until the browser has left sign-in.
    pub async fn sign_in_judge(&self, app: &super::TestApp, judge: entity::JudgeId) {
        let organiser =
            jiangxin::accounts::users::authenticate(&app.db, "organiser", super::PASSWORD)
                .await
                .unwrap();
        let issued = jiangxin::judging::sign_in::issue_code(&app.db, &organiser, judge)
            .await
            .unwrap();
        let base = app.url("");
        self.go(&format!(
            "{}/judge?code={}",
            base.trim_end_matches('/'),
            issued.code
        ))
        .await;
        let submit = self.wait("button[type=submit]").await;
        self.click(&submit).await;
        self.wait_script("return location.pathname", |p| p != "/judge")
            .await;
    }

    /// Signs out every account this browser holds.
    pub async fn delete_cookies(&self) {
        self.call(reqwest::Method::DELETE, "/cookie", None).await;
    }

    /// Sets the window's size, e.g. a phone's 390 × 844.
    pub async fn resize(&self, width: u32, height: u32) {
        self.call(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        )
        .await;
    }

    pub async fn go(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    /// Every element matching `css`, as WebDriver ids.
    pub async fn all(&self, css: &str) -> Vec<String> {
        let found = self
            .call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| {
                        e.as_object()?
                            .values()
                            .next()?
                            .as_str()
                            .map(ToOwned::to_owned)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits up to 10 s for an element, then returns it.
    pub async fn wait(&self, css: &str) -> String {
        for _ in 0..100 {
            if let Some(e) = self.all(css).await.into_iter().next() {
                return e;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no element {css} within 10 s; page: {}",
            self.text("body").await
        );
    }

    pub async fn click(&self, element: &str) {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await;
    }

    pub async fn type_into(&self, element: &str, text: &str) {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/clear"),
            Some(json!({})),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    pub async fn text(&self, css: &str) -> String {
        let Some(e) = self.all(css).await.into_iter().next() else {
            return String::new();
        };
        self.call(reqwest::Method::GET, &format!("/element/{e}/text"), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The text of the dialog the page opened (a `confirm`), waiting up to 5 s for it.
    pub async fn alert_text(&self) -> String {
        for _ in 0..50 {
            if let Some(text) = self
                .call(reqwest::Method::GET, "/alert/text", None)
                .await
                .as_str()
            {
                return text.to_owned();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no dialog within 5 s");
    }

    /// Answers the open dialog with OK.
    pub async fn accept_alert(&self) {
        self.call(reqwest::Method::POST, "/alert/accept", Some(json!({})))
            .await;
    }

    /// Answers the open dialog with Cancel.
    pub async fn dismiss_alert(&self) {
        self.call(reqwest::Method::POST, "/alert/dismiss", Some(json!({})))
            .await;
    }

    /// Runs a script in the page and returns its value.
    pub async fn execute(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// Saves what the page looks like as `<name>.png` in the folder `JIANGXIN_SCREENSHOTS`
    /// names, when it names one: for a person to look at, never for an assertion.
    pub async fn screenshot(&self, name: &str) {
        let Ok(dir) = std::env::var("JIANGXIN_SCREENSHOTS") else {
            return;
        };
        use base64::Engine;
        let shot = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot.as_str().unwrap_or_default())
            .expect("a PNG screenshot");
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }

    /// Waits up to 15 s until `css`'s text satisfies `ok`.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..150 {
            last = self.text(css).await;
            if ok(&last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never matched; last text: {last:?}");
    }

    /// Waits up to 15 s until the text a script returns satisfies `ok`.
    pub async fn wait_script(&self, script: &str, ok: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..150 {
            last = self
                .execute(script)
                .await
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if ok(&last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{script} never matched; last: {last:?}");
    }
}

/// A TCP proxy in front of the server. `cut()` drops every WebSocket through it and refuses new
/// ones (plain HTTP still passes, so the page can be reloaded); `down()` drops and refuses
/// everything, as a server out of reach; `restore()` lets them in again.
pub struct WifiProxy {
    pub addr: SocketAddr,
    offline: Arc<AtomicBool>,
    unreachable: Arc<AtomicBool>,
    sockets: Arc<Mutex<Vec<JoinHandle<()>>>>,
    pipes: Arc<Mutex<Vec<JoinHandle<()>>>>,
    upstream: Arc<std::sync::Mutex<SocketAddr>>,
}

impl WifiProxy {
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let offline = Arc::new(AtomicBool::new(false));
        let unreachable = Arc::new(AtomicBool::new(false));
        let sockets: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let pipes: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let upstream = Arc::new(std::sync::Mutex::new(upstream));
        let (off, gone, socks, all, to) = (
            offline.clone(),
            unreachable.clone(),
            sockets.clone(),
            pipes.clone(),
            upstream.clone(),
        );
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if gone.load(Ordering::SeqCst) {
                    continue; // nobody answers
                }
                let (off, gone, socks, all) =
                    (off.clone(), gone.clone(), socks.clone(), all.clone());
                let upstream = *to.lock().unwrap();
                tokio::spawn(async move {
                    let mut head = vec![0_u8; 8192];
                    let n = client.read(&mut head).await.unwrap_or(0);
                    // A connection the browser opened ahead, used after the server went away.
                    if gone.load(Ordering::SeqCst) {
                        return;
                    }
                    let is_socket = String::from_utf8_lossy(&head[..n])
                        .to_ascii_lowercase()
                        .contains("upgrade: websocket");
                    if is_socket && off.load(Ordering::SeqCst) {
                        return; // the Wi-Fi is down: the connection just dies
                    }
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    if server.write_all(&head[..n]).await.is_err() {
                        return;
                    }
                    let pipe = tokio::spawn(async move {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    });
                    if is_socket {
                        socks.lock().await.push(pipe);
                    } else {
                        all.lock().await.push(pipe);
                    }
                });
            }
        });
        WifiProxy {
            addr,
            offline,
            unreachable,
            sockets,
            pipes,
            upstream,
        }
    }

    /// From now on, connections go to another server (a new release at the same address).
    pub fn switch_to(&self, server: SocketAddr) {
        *self.upstream.lock().unwrap() = server;
    }

    /// The server is out of reach: every connection through the proxy ends, and new ones die.
    pub async fn down(&self) {
        self.unreachable.store(true, Ordering::SeqCst);
        self.cut().await;
        for pipe in self.pipes.lock().await.drain(..) {
            pipe.abort();
        }
    }

    pub async fn cut(&self) {
        self.offline.store(true, Ordering::SeqCst);
        for pipe in self.sockets.lock().await.drain(..) {
            pipe.abort();
        }
    }

    pub fn restore(&self) {
        self.offline.store(false, Ordering::SeqCst);
        self.unreachable.store(false, Ordering::SeqCst);
    }
}
