//! The house's floors hold (docs/architecture.md): a context calls only its own floor or
//! below, there is no circle between contexts, and `http/` holds no entity query and no
//! publish by hand. Read from the source, so a change that breaks a floor fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The floors from the bottom up; a context may use its own floor's modules and those below.
const FLOORS: &[&str] = &[
    "accounts",
    "competitions",
    "entrants",
    "registration",
    "judging",
    "marking",
    "leaderboard",
    "results",
    "certificates",
    "awards",
    "lifecycle",
    "http",
];

/// Tools every floor may use; they use no context.
const TOOLS: &[&str] = &[
    "audit",
    "db",
    "live",
    "metrics",
    "time",
    "limits",
    "spreadsheet",
    "typeset",
    "serials",
    "secret",
    "error",
    "config",
    "shutdown",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without `//` comments, so doc links to other floors do not count as calls.
fn code_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file belongs to (`src/results/cases.rs` → `results`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// module → the other top-level modules it names as `crate::x`, with a file that does.
fn uses() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let from = module_of(&file);
        let code = code_of(&file);
        for (i, _) in code.match_indices("crate::") {
            let to: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !to.is_empty() && to != from {
                let rel = file.strip_prefix(src()).unwrap().display().to_string();
                edges
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert(rel);
            }
        }
    }
    edges
}

#[test]
fn no_context_calls_a_higher_floor_and_tools_call_no_context() {
    let floor = |m: &str| FLOORS.iter().position(|f| *f == m);
    let mut wrong = Vec::new();
    for (from, tos) in uses() {
        for (to, file) in tos {
            let upward = matches!((floor(&from), floor(&to)), (Some(a), Some(b)) if b > a);
            let tool_to_context = TOOLS.contains(&from.as_str()) && floor(&to).is_some();
            if upward || tool_to_context {
                wrong.push(format!("{from} → {to} ({file})"));
            }
        }
    }
    assert!(wrong.is_empty(), "calls that go up a floor: {wrong:#?}");
}

#[test]
fn no_circle_between_modules() {
    let edges = uses();
    let next = |m: &str| -> Vec<String> {
        edges
            .get(m)
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default()
    };
    // Depth-first search with colours; a grey module met again closes a circle.
    fn visit(
        m: &str,
        next: &dyn Fn(&str) -> Vec<String>,
        grey: &mut Vec<String>,
        black: &mut BTreeSet<String>,
        circles: &mut Vec<String>,
    ) {
        if black.contains(m) {
            return;
        }
        if let Some(at) = grey.iter().position(|g| g == m) {
            circles.push(format!("{} → {m}", grey[at..].join(" → ")));
            return;
        }
        grey.push(m.to_owned());
        for n in next(m) {
            visit(&n, next, grey, black, circles);
        }
        grey.pop();
        black.insert(m.to_owned());
    }
    let mut circles = Vec::new();
    let mut black = BTreeSet::new();
    for m in edges.keys() {
        visit(m, &next, &mut Vec::new(), &mut black, &mut circles);
    }
    assert!(circles.is_empty(), "circles between modules: {circles:#?}");
}

#[test]
fn handlers_hold_no_entity_query_and_no_publish() {
    let mut files = Vec::new();
    rust_files(&src().join("http"), &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let code = code_of(&file);
        for needle in ["Entity::", "Column::", "publish("] {
            if code.contains(needle) {
                wrong.push(format!("{} holds {needle}", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
