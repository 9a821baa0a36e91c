//! The `jiangxin` binary as a child process.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts `jiangxin serve` on port 0 and returns it, its base URL and a thread collecting its log.
pub fn start_binary(database_url: &str) -> (Child, String, std::thread::JoinHandle<String>) {
    start_binary_with(database_url, &[])
}

/// [`start_binary`] with more environment variables.
pub fn start_binary_with(
    database_url: &str,
    vars: &[(&str, &str)],
) -> (Child, String, std::thread::JoinHandle<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .envs(vars.iter().copied())
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database-url",
            database_url,
        ])
        .env("JIANGXIN_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start jiangxin");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut base = None;
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some(addr) = line.strip_prefix("jiangxin listening on ") {
            base = Some(addr.to_owned());
            break;
        }
    }
    let stderr = child.stderr.take().unwrap();
    let logs = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    (child, base.expect("server printed its address"), logs)
}
