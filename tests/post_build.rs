#![cfg(not(target_arch = "wasm32"))]
//! The Trunk post-build hook (`scripts/trunk-post-build.mjs`) lets the page
//! connect to the team server named at build time, and only to it; it
//! refuses anything that is not a bare origin. Run with Node on a staged
//! copy of `index.html`.

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs the hook with `GLOSSA_SERVER=server`; the staged page's
/// `connect-src`, or the hook's complaint.
fn build_with(server: &str, case: usize) -> Result<String, String> {
    let staging = Path::new(ROOT)
        .join("target/tmp")
        .join(format!("post-build-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(staging.join("web")).expect("staging folder");
    std::fs::copy(
        Path::new(ROOT).join("index.html"),
        staging.join("index.html"),
    )
    .expect("page");
    std::fs::copy(Path::new(ROOT).join("web/sw.js"), staging.join("web/sw.js")).expect("sw");
    let out = Command::new("node")
        .arg(Path::new(ROOT).join("scripts/trunk-post-build.mjs"))
        .env("TRUNK_STAGING_DIR", &staging)
        .env("TRUNK_SOURCE_DIR", &staging)
        .env("GLOSSA_SERVER", server)
        .output()
        .expect("node runs the post-build hook (scripts/setup.sh installs Node)");
    let html = std::fs::read_to_string(staging.join("index.html")).expect("page");
    let _ = std::fs::remove_dir_all(&staging);
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).to_string());
    }
    let csp = html
        .split("connect-src")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .ok_or("no connect-src")?;
    Ok(csp.trim().to_string())
}

#[test]
fn the_team_server_joins_connect_src_only_when_it_is_another_origin() {
    let cases = [
        ("", Ok("'self'")),
        ("/couchdb", Ok("'self'")),
        (
            "https://couch.example.org",
            Ok("'self' https://couch.example.org"),
        ),
        (
            "HTTPS://Couch.Example.org:6984/",
            Ok("'self' https://couch.example.org:6984"),
        ),
        ("http://127.0.0.1:5984", Ok("'self' http://127.0.0.1:5984")),
        ("https://couch.example.org/db", Err("not an origin")),
        ("https://*.example.org", Err("not an origin")),
        ("https://a.org; script-src *", Err("not an origin")),
        ("https://a.org 'unsafe-inline'", Err("not an origin")),
        ("ftp://a.org", Err("not an origin")),
    ];
    for (i, (server, want)) in cases.into_iter().enumerate() {
        match (build_with(server, i), want) {
            (Ok(got), Ok(want)) => assert_eq!(got, want, "GLOSSA_SERVER={server:?}"),
            (Err(got), Err(want)) => assert!(got.contains(want), "GLOSSA_SERVER={server:?}: {got}"),
            (got, want) => panic!("GLOSSA_SERVER={server:?}: got {got:?}, want {want:?}"),
        }
    }
}

/// Runs scripts/size-budget.mjs on the built dist/ with `env`.
fn budget(env: &[(&str, &str)]) -> (bool, String) {
    let mut cmd = Command::new("node");
    cmd.arg(Path::new(ROOT).join("scripts/size-budget.mjs"))
        .arg(Path::new(ROOT).join("dist"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("node runs the size budget");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// The release build (dist/, from `trunk build --release`) is within its
/// size budget, and the budget fails a build over it, naming the files.
#[test]
fn the_built_app_keeps_its_size_budget_and_the_budget_can_fail() {
    let (ok, text) = budget(&[]);
    assert!(ok, "dist/ is over its size budget: {text}");
    assert!(
        text.contains("first screen ") && text.contains("app "),
        "{text}"
    );
    let (ok, text) = budget(&[("GLOSSA_BUDGET_FIRST_SCREEN", "1000")]);
    assert!(!ok, "a 1 kB first-screen budget passed: {text}");
    assert!(
        text.contains("first screen's code") && text.contains("first-"),
        "{text}"
    );
    let (ok, text) = budget(&[("GLOSSA_BUDGET_APP", "100000")]);
    assert!(!ok, "a 100 kB app budget passed: {text}");
    assert!(
        text.contains("the app's wasm + JS") && text.contains("_bg.wasm"),
        "{text}"
    );
}
