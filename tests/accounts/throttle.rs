//! Guessing is slowed, never punished: wrong passwords and judge codes are paced per client
//! address and per account name; the owner still signs in from an address with no failures;
//! an unknown name and a wrong password get the same answers; an administrator can let an
//! account try again at once, from the page or the command line.

use crate::support::marking::marking;
use crate::support::{PASSWORD, TestApp, csrf_of};
use entity::kinds::Role;

/// A browser at a client address of its own (the tests' server believes `X-Forwarded-For` from
/// loopback, as it would from a reverse proxy).
struct Client {
    browser: reqwest::Client,
    csrf: String,
    ip: String,
    base: String,
}

/// What the server answered: status, the page's message, and `Retry-After`.
#[derive(Debug)]
struct Answer {
    status: u16,
    message: String,
    retry_after: Option<u64>,
}

impl Client {
    async fn at(app: &TestApp, ip: &str) -> Self {
        let browser = app.browser();
        let page = browser
            .get(app.url("/login"))
            .header("x-forwarded-for", ip)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        Client {
            browser,
            csrf: csrf_of(&page),
            ip: ip.to_owned(),
            base: app.url(""),
        }
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        let mut form = form.to_vec();
        form.push(("csrf", &self.csrf));
        let res = self
            .browser
            .post(format!("{}{path}", self.base))
            .header("x-forwarded-for", &self.ip)
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let retry_after = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()?.parse().ok());
        let page = res.text().await.unwrap();
        Answer {
            status,
            message: error_of(&page),
            retry_after,
        }
    }

    async fn login(&self, username: &str, password: &str) -> Answer {
        self.post("/login", &[("username", username), ("password", password)])
            .await
    }
}

/// The text of a page's error paragraph.
fn error_of(page: &str) -> String {
    page.split("class=\"error\"")
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_default()
        .to_owned()
}

/// The message with its figures (seconds, clock times) taken out, to compare two answers.
fn shape(message: &str) -> String {
    message.chars().filter(|c| !c.is_ascii_digit()).collect()
}

#[tokio::test]
async fn a_flood_from_one_address_is_slowed_and_the_owner_signs_in_from_another() {
    let app = TestApp::spawn().await;
    app.user("lisi", Role::Admin, None).await;
    let attacker = Client::at(&app, "198.51.100.7").await;
    for _ in 0..5 {
        let a = attacker.login("lisi", "wrong password").await;
        assert_eq!(a.status, 401, "{a:?}");
        assert_eq!(a.message, "用户名或密码错误");
    }
    // The sixth is slowed, and told when to try again.
    let a = attacker.login("lisi", "wrong password").await;
    assert_eq!(a.status, 429, "{a:?}");
    assert!(a.message.contains("尝试次数过多，请在 5 秒后"), "{a:?}");
    assert_eq!(a.retry_after, Some(5));
    // Until then nothing from that address is even tried, the right password included.
    for password in ["wrong again", PASSWORD] {
        let a = attacker.login("lisi", password).await;
        assert_eq!(a.status, 429, "{a:?}");
        assert!(a.message.contains("秒后（北京时间"), "{a:?}");
        assert!(a.retry_after.is_some_and(|s| (1..=5).contains(&s)));
    }
    // The owner, from where they usually sign in, is not kept out.
    let owner = Client::at(&app, "203.0.113.20").await;
    let a = owner.login("lisi", PASSWORD).await;
    assert_eq!(a.status, 303, "{a:?}");
}

#[tokio::test]
async fn an_account_guessed_from_many_addresses_is_paced_but_its_owner_passes() {
    let app = TestApp::spawn().await;
    app.user("lisi", Role::Admin, None).await;
    let mut statuses = Vec::new();
    for n in 1..=6 {
        let a = Client::at(&app, &format!("10.0.0.{n}"))
            .await
            .login("lisi", "wrong password")
            .await;
        statuses.push(a.status);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429]);
    // From an address that has failed, even the right password waits for the account's pace…
    let a = Client::at(&app, "10.0.0.1")
        .await
        .login("lisi", PASSWORD)
        .await;
    assert_eq!(a.status, 429, "{a:?}");
    // …but from an address with no failures the owner's password goes straight through.
    let a = Client::at(&app, "10.0.0.99")
        .await
        .login("lisi", PASSWORD)
        .await;
    assert_eq!(a.status, 303, "{a:?}");
}

#[tokio::test]
async fn unknown_users_get_the_same_answers_as_wrong_passwords() {
    let app = TestApp::spawn().await;
    app.user("lisi", Role::Admin, None).await;
    let mut answers = Vec::new();
    for (net, name) in [(1, "lisi"), (2, "nobody")] {
        let mut seen = Vec::new();
        // From one address (its pace), then from fresh ones (the account name's pace).
        let one = Client::at(&app, &format!("172.16.{net}.1")).await;
        for _ in 0..7 {
            let a = one.login(name, "wrong password").await;
            seen.push((a.status, shape(&a.message), a.retry_after.is_some()));
        }
        for n in 2..=4 {
            let a = Client::at(&app, &format!("172.16.{net}.{n}"))
                .await
                .login(name, "wrong password")
                .await;
            seen.push((a.status, shape(&a.message), a.retry_after.is_some()));
        }
        answers.push(seen);
    }
    assert_eq!(answers[0], answers[1]);
    assert!(answers[0].iter().any(|(status, _, _)| *status == 429));
}

#[tokio::test]
async fn an_administrator_lets_an_account_try_again_from_the_command_line_and_the_page() {
    let app = TestApp::spawn().await;
    app.user("root", Role::Admin, None).await;
    app.user("zhaoliu", Role::Admin, None).await;
    let pace = async |name: &str, net: u8| {
        for n in 1..=6 {
            Client::at(&app, &format!("192.0.2.{}", net * 10 + n))
                .await
                .login(name, "wrong password")
                .await;
        }
        let a = Client::at(&app, &format!("192.0.2.{}", net * 10 + 1))
            .await
            .login(name, PASSWORD)
            .await;
        assert_eq!(a.status, 429, "{name} waits: {a:?}");
    };

    // The command line.
    pace("zhaoliu", 1).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .args(["admin", "unlock", "--username", "zhaoliu", "--database-url"])
        .arg(&app.database.url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("已解除"),
        "{out:?}"
    );
    let a = Client::at(&app, "192.0.2.11")
        .await
        .login("zhaoliu", PASSWORD)
        .await;
    assert_eq!(a.status, 303, "{a:?}");

    // The accounts page shows who waits, and an administrator ends the wait.
    pace("root", 2).await;
    let (admin, csrf) = app.sign_in("zhaoliu").await;
    let page = crate::support::page_text(&admin, &app.url("/admin/users")).await;
    assert!(page.contains("近期输错 6 次"), "{page}");
    let res = admin
        .post(app.url("/admin/users/unlock"))
        .form(&[("username", "root"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let a = Client::at(&app, "192.0.2.21")
        .await
        .login("root", PASSWORD)
        .await;
    assert_eq!(a.status, 303, "{a:?}");
}

#[tokio::test]
async fn judge_codes_guessed_from_one_address_are_slowed_and_a_real_code_elsewhere_works() {
    let m = marking().await;
    let app = &m.s.app;
    let guesser = Client::at(app, "198.51.100.50").await;
    let mut wrong = Vec::new();
    for i in 0..21 {
        let code = format!("AAAA{i:04}");
        wrong.push(guesser.post("/judge", &[("code", &code)]).await);
    }
    assert!(wrong[..20].iter().all(|a| a.status == 422), "{wrong:?}");
    assert_eq!(wrong[20].status, 429, "{:?}", wrong[20]);
    // The wait is said as people say it: minutes from one minute on.
    let wait = wrong[20].retry_after.unwrap();
    let words = if wait >= 60 {
        format!("请在 {} 分钟后", wait.div_ceil(60))
    } else {
        format!("请在 {wait} 秒后")
    };
    assert!(wrong[20].message.contains(&words), "{:?}", wrong[20]);

    let organiser = jiangxin::accounts::users::authenticate(&app.db, "organiser", PASSWORD)
        .await
        .unwrap();
    let issue = async || {
        jiangxin::judging::sign_in::issue_code(&app.db, &organiser, m.judge_a.id)
            .await
            .unwrap()
            .code
    };
    // A real code from the guessing address waits like everything else from there…
    let code = issue().await;
    assert_eq!(guesser.post("/judge", &[("code", &code)]).await.status, 429);
    // …and works at once from the venue's own address.
    let tablet = Client::at(app, "203.0.113.80").await;
    let a = tablet.post("/judge", &[("code", &code)]).await;
    assert_eq!(a.status, 303, "{a:?}");
}
