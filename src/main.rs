//! The `jiangxin` command: config → connect → migrate → serve, plus a few chores.

use clap::{Parser, Subcommand};
use entity::OrganisationId;
use entity::kinds::Role;
use jiangxin::accounts::users;
use jiangxin::config::{Config, DEFAULT_DATABASE_URL};
use jiangxin::secret;
use jiangxin::{AppState, db, demo};
use std::io::{BufRead, Write};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// See `Cargo.toml`: the judges' write path frees on one thread what another allocated.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "jiangxin",
    version,
    about = "匠心：金华技能竞赛管理与评分系统\njiangxin: management and scoring for Jinhua's skills competitions"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DatabaseArgs {
    /// 数据库地址 (database URL): sqlite://路径 或 postgres://…
    #[arg(long, env = "JIANGXIN_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
}

#[derive(Subcommand)]
enum Command {
    /// 启动服务 (run the web server)
    Serve(Box<ServeArgs>),
    /// 升级数据库结构 (apply database migrations)
    Migrate {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// 账号管理 (account chores)
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// 输出 OpenAPI 接口文档 (print the OpenAPI document of the JSON API)
    Openapi,
    /// 证书 (certificates)
    Certificates {
        #[command(subcommand)]
        command: CertificatesCommand,
    },
    /// 彩排：复制赛事的设置，虚拟裁判经真实的评分连接按人的节奏打分，让大屏与排名动起来；
    /// 正式赛事不受任何影响。--remove 删除彩排及其产生的一切
    /// (rehearse: copy a competition's setup, let virtual judges mark it over the real judge
    /// socket of a running server; --remove takes the rehearsal away with all it made)
    Rehearse(RehearseArgs),
    /// 评分审计 (the audit trail of marks)
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// 备份：评分进行中也可执行，复制出某一时刻完整一致的数据库并检查（仅 SQLite；PostgreSQL 用
    /// pg_dump）(back up a live SQLite database to a checked copy)
    Backup {
        /// 备份文件（不得已存在）(the copy to write; must not exist)
        #[arg(long)]
        out: std::path::PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// 恢复：先停止服务；原数据库文件改名保留，不删除 (bring the database back from a copy;
    /// stop the server first; the file in the way is kept aside)
    Restore {
        /// 备份文件 (the copy made by `backup`)
        #[arg(long)]
        from: std::path::PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    /// 监听地址 (address and port to listen on)
    #[arg(long, env = "JIANGXIN_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    #[command(flatten)]
    database: DatabaseArgs,
    /// 空库时写入演示数据并打印演示账号密码 (fill an empty database with a demo)
    #[arg(long)]
    demo: bool,
    /// 仅通过 HTTPS 发送 Cookie (mark cookies Secure, behind HTTPS)
    #[arg(long, env = "JIANGXIN_COOKIE_SECURE")]
    cookie_secure: bool,
    /// 反向代理传递客户端地址的请求头，如 X-Forwarded-For 或 X-Real-IP；只采信来自
    /// --trusted-proxy 的连接 (header carrying the client address behind a reverse proxy)
    #[arg(long, env = "JIANGXIN_PROXY_HEADER")]
    proxy_header: Option<String>,
    /// 可信反向代理的地址，逗号分隔 (addresses of trusted reverse proxies)
    #[arg(
        long,
        env = "JIANGXIN_TRUSTED_PROXIES",
        value_delimiter = ',',
        default_value = "127.0.0.1,::1"
    )]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// 读取请求头与空闲长连接的超时秒数 (seconds to send request headers; idle keep-alive)
    #[arg(long, env = "JIANGXIN_HEADER_TIMEOUT_SECS", default_value_t = 15)]
    header_timeout_secs: u64,
    /// 每个客户端地址同时保持的普通 HTTP 连接数上限，不含 WebSocket
    /// (plain HTTP connections one client address may hold; WebSockets not counted)
    #[arg(
        long,
        env = "JIANGXIN_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 256
    )]
    max_connections_per_address: usize,
    /// 生僻字备用字体目录，含 HanaMinA.ttf、HanaMinB.ttf (folder of the fallback fonts)
    #[arg(long, env = "JIANGXIN_FONT_DIR", default_value = jiangxin::typeset::fonts::DEFAULT_FONT_DIR)]
    font_dir: std::path::PathBuf,
    /// 对外访问地址，证书二维码指向此地址，如 https://jiangxin.example.cn
    /// (public address the certificates' QR codes lead to)
    #[arg(long, env = "JIANGXIN_PUBLIC_URL")]
    public_url: Option<String>,
    /// 公示期（成绩公示与奖补公示）最少工作日数 (shortest publicity, in working days)
    #[arg(long, env = "JIANGXIN_PUBLICITY_WORKING_DAYS", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=30))]
    publicity_working_days: u32,
}

#[derive(clap::Args)]
struct RehearseArgs {
    /// 要彩排的正式赛事编号 (the competition to rehearse)
    #[arg(long, required_unless_present = "remove", conflicts_with = "remove")]
    competition: Option<entity::CompetitionId>,
    /// 虚拟裁判人数，默认除裁判长外的全部裁判 (how many judges are virtual)
    #[arg(long)]
    judges: Option<usize>,
    /// 每名虚拟裁判每分钟的评分条数 (marks per minute per judge)
    #[arg(long, default_value_t = 4)]
    rate: u32,
    /// 持续时间，如 90s、10m、1h (how long they mark)
    #[arg(long, default_value = "10m", value_parser = parse_duration)]
    duration: std::time::Duration,
    /// 正在运行的服务器地址 (the running server)
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    server: String,
    /// 删除这场彩排及其产生的一切 (remove this rehearsal and all it made)
    #[arg(long)]
    remove: Option<entity::CompetitionId>,
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(Subcommand)]
enum CertificatesCommand {
    /// 输出样张与压缩包，用于检查字体与排版 (write sample certificates and their zip)
    Sample {
        /// 输出目录 (folder to write into)
        #[arg(long)]
        out: std::path::PathBuf,
        /// 备用字体目录 (folder with HanaMinA.ttf and HanaMinB.ttf)
        #[arg(long, env = "JIANGXIN_FONT_DIR", default_value = jiangxin::typeset::fonts::DEFAULT_FONT_DIR)]
        font_dir: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// 校验评分审计链，报告第一条被改动或删除的记录
    /// (check the hash chain of mark changes; report the first altered or removed entry)
    Verify {
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// 解除账号（或客户端地址）因多次输错密码、登录码而须等待的状态
    /// (let an account, or a client address, try again at once after failed attempts)
    Unlock {
        /// 用户名 (login name)
        #[arg(long, required_unless_present = "address")]
        username: Option<String>,
        /// 客户端地址 (client address)
        #[arg(long)]
        address: Option<std::net::IpAddr>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// 创建账号，密码从标准输入读取；留空则随机生成并打印一次
    /// (create an account; the password is read from stdin, or generated and printed once)
    CreateUser(CreateUserArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colour only for a person at a terminal; a log file or journal gets plain text.
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            EnvFilter::try_from_env("JIANGXIN_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误 (error): {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Serve(args) => serve(*args).await,
        Command::Migrate { database } => {
            open(&database.database_url).await?;
            println!("数据库已是最新结构 (migrations applied)");
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::Unlock {
                    username,
                    address,
                    database,
                },
        } => unlock(&database, username, address).await,
        Command::Admin {
            command: AdminCommand::CreateUser(args),
        } => create_user(args).await,
        Command::Rehearse(args) => rehearse_command(args).await,
        Command::Audit {
            command: AuditCommand::Verify { database },
        } => verify_audit(&database).await,
        Command::Certificates {
            command: CertificatesCommand::Sample { out, font_dir },
        } => write_samples(&out, &font_dir),
        Command::Backup { out, database } => backup(&out, &database.database_url).await,
        Command::Restore { from, database } => restore(&from, &database.database_url).await,
        Command::Openapi => {
            let doc = jiangxin::http::openapi();
            println!(
                "{}",
                serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
            );
            Ok(())
        }
    }
}

impl ServeArgs {
    /// The server's settings from the command line and environment; out-of-range values are
    /// raised to their least sensible value.
    fn config(self) -> Config {
        let mut config = Config::new(self.database.database_url);
        config.cookie_secure = self.cookie_secure;
        config.proxy_header = self.proxy_header.filter(|h| !h.trim().is_empty());
        config.trusted_proxies = self.trusted_proxy;
        config.header_timeout = std::time::Duration::from_secs(self.header_timeout_secs.max(1));
        config.max_connections_per_address = self.max_connections_per_address.max(1);
        config.font_dir = self.font_dir;
        config.public_url = self.public_url.filter(|u| !u.trim().is_empty());
        config.publicity_working_days = self.publicity_working_days;
        config
    }
}

/// `serve`: open files, connect and migrate, the demo if asked, listen, serve until stopped.
async fn serve(args: ServeArgs) -> Result<(), String> {
    // Every spectator is an open socket: take all the system allows.
    match jiangxin::http::raise_open_files_limit() {
        Ok(limit) => tracing::info!(
            open_files = limit,
            "open-files limit (each spectator takes one; raise LimitNOFILE under systemd)"
        ),
        Err(e) => tracing::warn!(error = %e, "open-files limit unknown"),
    }
    let db = open(&args.database.database_url).await?;
    if args.demo {
        seed_demo(&db).await?;
    }
    let bind = args.bind.clone();
    let listener = tokio::net::TcpListener::bind(&bind)
        .await
        .map_err(|e| format!("无法监听 {bind}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let config = args.config();
    tracing::info!(%addr, "serving");
    println!("jiangxin listening on http://{addr}");
    let _ = std::io::stdout().flush();
    jiangxin::serve(listener, AppState::new(db, config))
        .await
        .map_err(|e| e.to_string())
}

/// `admin unlock`: clears the waits after failed attempts of an account or an address.
async fn unlock(
    database: &DatabaseArgs,
    username: Option<String>,
    address: Option<std::net::IpAddr>,
) -> Result<(), String> {
    let db = open(&database.database_url).await?;
    let cleared = users::unlock(&db, username.as_deref(), address)
        .await
        .map_err(|e| e.to_string())?;
    let who = username
        .iter()
        .cloned()
        .chain(address.map(|a| a.to_string()))
        .collect::<Vec<_>>()
        .join("、");
    if cleared {
        println!("已解除 {who} 的等待，可立即重试 (unlocked)");
    } else {
        println!("{who} 没有须等待的记录 (nothing was waiting)");
    }
    Ok(())
}

/// `admin create-user`: the password from stdin, or a generated one printed once.
async fn create_user(args: CreateUserArgs) -> Result<(), String> {
    let role = match args.role.as_str() {
        "admin" => Role::Admin,
        "organiser" => Role::Organiser,
        "award_officer" => Role::AwardOfficer,
        other => {
            return Err(format!(
                "未知角色 {other}（可选 admin、organiser、award_officer）"
            ));
        }
    };
    let db = open(&args.database.database_url).await?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let typed = line.trim_end_matches(['\r', '\n']).to_owned();
    let generated = typed.is_empty();
    let password = if generated {
        secret::new_secret()[..16].to_owned()
    } else {
        typed
    };
    let created = users::create_user(
        &db,
        users::NewUser {
            username: args.username,
            display_name: args.display_name,
            password: password.clone(),
            role,
            organisation_id: args.organisation_id,
            created_by: None,
        },
    )
    .await
    .map_err(message)?;
    println!(
        "已创建账号 {}（{}）",
        created.username,
        created.role.label()
    );
    if generated {
        println!("初始密码（只显示这一次）: {password}");
    }
    Ok(())
}

/// `rehearse`: either removes a rehearsal or makes one and runs its virtual judges.
async fn rehearse_command(args: RehearseArgs) -> Result<(), String> {
    let db = open(&args.database.database_url).await?;
    match (args.competition, args.remove) {
        (_, Some(rehearsal)) => {
            let gone = jiangxin::rehearsal::remove(&db, rehearsal)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "已删除彩排“{}”：{} 个项目、{} 名虚构人员、{} 条评分记录 (rehearsal removed)",
                gone.name, gone.events, gone.people, gone.marks
            );
            Ok(())
        }
        (Some(real), None) => {
            let pace = jiangxin::rehearsal::virtual_judges::Pace {
                judges: args.judges,
                rate: args.rate,
                duration: args.duration,
            };
            rehearse(&db, real, &args.server, &pace).await
        }
        (None, None) => Err("须给出 --competition 或 --remove".into()),
    }
}

/// `audit verify`: walks the hash chain of marks and names the first break.
async fn verify_audit(database: &DatabaseArgs) -> Result<(), String> {
    use jiangxin::marking::audit_chain::{Break, verify};
    let db = open(&database.database_url).await?;
    let report = verify(&db).await.map_err(|e| e.to_string())?;
    match report.first_break {
        None => {
            println!(
                "评分审计链完整，共 {} 条记录 (audit chain intact)",
                report.entries
            );
            Ok(())
        }
        Some(Break::Altered { id }) => Err(format!(
            "审计记录 #{id} 的内容已被改动 (entry {id} was altered)"
        )),
        Some(Break::Unlinked { id }) => Err(format!(
            "审计记录 #{id} 之前的记录被删除或替换 (the entry before {id} was removed or replaced)"
        )),
    }
}

/// An error as the command line says it: the Chinese message alone for a refusal.
fn message(e: jiangxin::AppError) -> String {
    match e {
        jiangxin::AppError::Invalid { message, .. }
        | jiangxin::AppError::Conflict { message, .. } => message,
        other => other.to_string(),
    }
}

fn print_checked(checked: &jiangxin::lifecycle::backup::Checked) {
    for (table, label, rows) in &checked.rows {
        println!("  {label}（{table}）：{rows} 行");
    }
    println!(
        "  评分审计链完整，共 {} 条记录；文件 {:.1} MB (integrity ok, audit chain intact)",
        checked.audit_entries,
        checked.bytes as f64 / 1_048_576.0
    );
}

/// `backup`: a consistent copy of the live SQLite database, checked.
async fn backup(out: &std::path::Path, url: &str) -> Result<(), String> {
    let db = db::connect(url)
        .await
        .map_err(|e| format!("无法连接数据库 {}: {e}", db::redact(url)))?;
    let made = jiangxin::lifecycle::backup::backup(&db, url, out)
        .await
        .map_err(message)?;
    println!(
        "已备份到 {}，复制用时 {} 毫秒（评分照常进行）(backed up)",
        made.path.display(),
        made.copy.as_millis()
    );
    print_checked(&made.checked);
    Ok(())
}

/// `restore`: the database back from a checked copy; the old file is kept aside.
async fn restore(from: &std::path::Path, url: &str) -> Result<(), String> {
    let (kept, checked) = jiangxin::lifecycle::backup::restore(from, url)
        .await
        .map_err(message)?;
    if let Some(old) = kept {
        println!("原数据库已改名保留为 {}", old.display());
    }
    println!("已从 {} 恢复 (restored)", from.display());
    print_checked(&checked);
    Ok(())
}

/// `certificates sample`: the same certificates and zip from any process (checked by
/// comparing two runs).
fn write_samples(out: &std::path::Path, font_dir: &std::path::Path) -> Result<(), String> {
    let fonts = jiangxin::typeset::Fonts::new(font_dir);
    let (files, zip) =
        jiangxin::certificates::sample::render_all(&fonts).map_err(|e| e.to_string())?;
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes).map_err(|e| format!("{}: {e}", out.display()))
    };
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, pdf) in &files {
        write(name, pdf)?;
    }
    write("certificates.zip", &zip)?;
    println!(
        "{} 张样张与 certificates.zip 已写入 {}",
        files.len(),
        out.display()
    );
    Ok(())
}

async fn open(url: &str) -> Result<sea_orm::DatabaseConnection, String> {
    let db = db::connect(url)
        .await
        .map_err(|e| format!("无法连接数据库 {}: {e}", db::redact(url)))?;
    db::migrate(&db)
        .await
        .map_err(|e| format!("数据库迁移失败: {e}"))?;
    Ok(db)
}

/// `rehearse --competition`: makes the rehearsal, says where to watch it, runs the virtual
/// judges, and says how to remove it.
async fn rehearse(
    db: &sea_orm::DatabaseConnection,
    real: entity::CompetitionId,
    server: &str,
    pace: &jiangxin::rehearsal::virtual_judges::Pace,
) -> Result<(), String> {
    use jiangxin::rehearsal::{copy, virtual_judges};
    let made = copy::create(db, real).await.map_err(|e| e.to_string())?;
    let id = made.competition.id;
    let base = server.trim_end_matches('/');
    println!(
        "彩排已建立：第 {id} 号赛事“{}”，{} 个项目 (rehearsal made)",
        made.competition.name,
        made.events.len()
    );
    println!("  大屏 (hall screen)：{base}/screen/{id}");
    for ev in &made.events {
        println!(
            "  {}：{base}/live/{}",
            jiangxin::competitions::events::title(ev),
            ev.id
        );
    }
    println!("  组织者 (organisers)：{base}/admin/competitions/{id}");
    println!(
        "虚拟裁判开始评分：每人每分钟 {} 条，至多 {} 秒…",
        pace.rate,
        pace.duration.as_secs()
    );
    let tally = virtual_judges::run(db, server, id, pace)
        .await
        .map_err(|e| format!("{e}（删除彩排：jiangxin rehearse --remove {id}）"))?;
    println!(
        "完成：{} 名虚拟裁判，发送 {} 条，保存 {} 条，拒绝 {} 条",
        tally.judges,
        tally.sent,
        tally.stored,
        tally.refused.len()
    );
    for r in tally.refused.iter().take(10) {
        println!("  拒绝：{r}");
    }
    println!("彩排保留到删除为止；删除它与它产生的一切：jiangxin rehearse --remove {id}");
    Ok(())
}

/// "90s", "10m", "1h", or a number of minutes.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = text
        .find(|c: char| !c.is_ascii_digit())
        .map_or((text, "m"), |i| text.split_at(i));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("时长“{text}”应写作 90s、10m 或 1h"))?;
    let seconds = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("时长“{text}”应写作 90s、10m 或 1h")),
    };
    Ok(std::time::Duration::from_secs(seconds))
}

async fn seed_demo(db: &sea_orm::DatabaseConnection) -> Result<(), String> {
    match demo::seed(db).await.map_err(|e| e.to_string())? {
        None => println!("数据库已有数据，未写入演示数据 (database in use; demo not seeded)"),
        Some(accounts) => {
            println!("已写入演示数据。演示账号（密码只显示这一次）:");
            for a in accounts {
                println!("  {:<10} {:<8} 密码: {}", a.username, a.role, a.password);
            }
        }
    }
    Ok(())
}

#[derive(clap::Args)]
struct CreateUserArgs {
    /// 用户名 (login name)
    #[arg(long)]
    username: String,
    /// 姓名 (name shown on pages)
    #[arg(long)]
    display_name: String,
    /// 角色 (role): admin | organiser | award_officer
    #[arg(long, default_value = "admin")]
    role: String,
    /// 所属单位编号 (organisation id; required for organisers)
    #[arg(long)]
    organisation_id: Option<OrganisationId>,
    #[command(flatten)]
    database: DatabaseArgs,
}
