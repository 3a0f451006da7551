//! Offline and installable: after one visit the service worker (`web/sw.js`,
//! its file list written by `scripts/trunk-post-build.mjs`) has every file
//! of the build, so the app loads, keeps the saved work, tags and exports
//! with the network cut for real: Chromium emulating offline and the static
//! server stopped. The web app manifest makes it installable.
//!
//! Needs `trunk build --release` first (scripts/test.sh does it). See
//! `e2e/harness.rs`.

use crate::harness::files::{read_json, tags_in};
use crate::harness::{with_browser, Snapshot};
use glossa_core::article::sha256_hex;
use glossa_core::{parse_article, Document};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;

const ARTICLE: &str = include_str!("../../assets/voa-counterespionage.txt");
const EXPORT_NAME: &str = "us-voices-concerns-over-chinas-counterespionage-push.glossa.json";

fn want(tags: &[(usize, &str)]) -> Vec<(String, String)> {
    tags.iter()
        .map(|(n, t)| (format!("s{n}"), t.to_string()))
        .collect()
}

/// The tags saved in local storage for `doc` must be exactly `tags`.
fn expect_saved(snap: &Snapshot, doc: &Document, tags: &[(usize, &str)]) -> Result<(), String> {
    let key = format!("glossa:v1:doc:{}", sha256_hex(&doc.text));
    let raw = snap
        .storage
        .get(&key)
        .ok_or_else(|| format!("nothing saved under {key}"))?;
    let file: Value = serde_json::from_str(raw).map_err(|e| format!("{key}: {e}"))?;
    let got = tags_in(&file)?;
    if got == want(tags) {
        Ok(())
    } else {
        Err(format!("saved {got:?}, want {:?}", want(tags)))
    }
}

#[tokio::test]
async fn works_offline_after_the_first_visit() {
    with_browser("works_offline_after_the_first_visit", |page| async move {
        let doc = parse_article(ARTICLE);
        page.open().await;
        page.wait_for_service_worker().await;

        page.click_sentence(2).await;
        page.press("1").await;
        let first = [(2, "claim")];
        page.wait_for("s2 tagged claim and saved", |s| {
            s.expect_tags(&first)?;
            expect_saved(s, &doc, &first)
        })
        .await;

        // Cut the network twice over: the page is offline, and the server
        // that served it is gone.
        page.emulate_offline().await;
        page.stop_server().await;
        let port: u16 = page
            .base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("the server address ends in its port");
        assert!(
            crate::harness::http(port, "GET", "/index.html", None).await.is_err(),
            "the static server still answers after being stopped"
        );

        page.reload().await;
        page.wait_for("the saved tag after the offline reload", |s| {
            s.expect_tags(&first)?;
            s.expect_counts(1, 0, 0, 1)
        })
        .await;
        assert_eq!(
            page.js("return navigator.onLine;", vec![]).await,
            json!(false),
            "the page must see itself offline"
        );
        assert_eq!(
            page.js(
                "return document.querySelector('h1.title') ? document.querySelector('h1.title').textContent : null;",
                vec![]
            )
            .await,
            json!(doc.title),
            "the article's title"
        );

        // A tag key works offline, and the work is saved.
        page.click_sentence(4).await;
        page.press("3").await;
        let both = [(2, "claim"), (4, "quote")];
        page.wait_for("s4 tagged quote offline and saved", |s| {
            s.expect_tags(&both)?;
            s.expect_counts(1, 0, 1, 2)?;
            expect_saved(s, &doc, &both)
        })
        .await;

        // An export downloads offline.
        page.export_as("Glossa JSON").await;
        let path = page.wait_for_download(EXPORT_NAME).await;
        let file = read_json(&path);
        assert_eq!(
            tags_in(&file).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            want(&both),
            "the file exported offline"
        );
    })
    .await;
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(
        bytes.len() > 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR",
        "{} is not a PNG",
        path.display()
    );
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (be(16), be(20))
}

/// The value of a custom property in the light theme of styles/main.css.
fn css_var(name: &str) -> String {
    let css = std::fs::read_to_string(Path::new(crate::harness::ROOT).join("styles/main.css"))
        .expect("read styles/main.css");
    css.lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{name}:")))
        .map(|v| v.trim().trim_end_matches(';').trim().to_string())
        .unwrap_or_else(|| panic!("styles/main.css has no {name}"))
}

#[test]
fn manifest_names_the_app_and_real_icons() {
    let dist = crate::harness::dist_dir();
    let manifest = read_json(&dist.join("manifest.webmanifest"));
    for field in ["name", "short_name", "description", "start_url", "scope"] {
        assert!(
            manifest[field].as_str().is_some_and(|s| !s.is_empty()),
            "manifest.{field} must be a non-empty string: {manifest:#}"
        );
    }
    assert_eq!(manifest["display"], "standalone");
    let bg = css_var("--bg");
    assert_eq!(manifest["background_color"], bg.as_str(), "the page's --bg");
    assert_eq!(manifest["theme_color"], bg.as_str(), "the page's --bg");

    let index = std::fs::read_to_string(dist.join("index.html")).expect("read dist/index.html");
    assert!(
        index.contains(r#"<link rel="manifest" href="manifest.webmanifest""#),
        "index.html links the manifest"
    );
    assert!(
        index.contains(&format!(r#"<meta name="theme-color" content="{bg}""#)),
        "index.html has a theme-color meta of {bg}"
    );

    let icons = manifest["icons"].as_array().expect("manifest.icons");
    let mut kinds = BTreeSet::new();
    for icon in icons {
        let src = icon["src"].as_str().expect("icon src");
        let sizes = icon["sizes"].as_str().expect("icon sizes");
        assert_eq!(icon["type"], "image/png", "{src}");
        let (w, h) = png_size(&dist.join(src));
        assert_eq!(format!("{w}x{h}"), sizes, "{src}: real size");
        kinds.insert((w, icon["purpose"].as_str().unwrap_or("any").to_string()));
    }
    for kind in [(192, "any"), (512, "any"), (512, "maskable")] {
        assert!(
            kinds.contains(&(kind.0, kind.1.to_string())),
            "no {}px {} icon: {kinds:?}",
            kind.0,
            kind.1
        );
    }
}

#[tokio::test]
async fn chromium_finds_it_installable() {
    with_browser("chromium_finds_it_installable", |page| async move {
        page.open().await;
        let manifest = page.cdp("Page.getAppManifest", json!({})).await;
        assert_eq!(
            manifest["errors"],
            json!([]),
            "Chromium's manifest parser: {manifest:#}"
        );
        assert!(
            manifest["url"]
                .as_str()
                .is_some_and(|u| u.ends_with("/manifest.webmanifest")),
            "{manifest:#}"
        );
        let result = page.cdp("Page.getInstallabilityErrors", json!({})).await;
        assert_eq!(
            result["installabilityErrors"],
            json!([]),
            "Chromium's installability check: {result:#}"
        );
    })
    .await;
}

#[test]
fn service_worker_caches_every_built_file() {
    let dist = crate::harness::dist_dir();
    let sw = std::fs::read_to_string(dist.join("sw.js")).expect("read dist/sw.js");
    let line = sw
        .lines()
        .find_map(|l| l.strip_prefix("const BUILD = "))
        .expect("dist/sw.js has its BUILD line");
    let build: Value = serde_json::from_str(line.trim_end_matches(';'))
        .unwrap_or_else(|e| panic!("BUILD is not JSON ({e}): {line}"));
    let version = build["version"].as_str().expect("BUILD.version");
    assert!(
        version.len() == 16 && version.chars().all(|c| c.is_ascii_hexdigit()),
        "BUILD.version is a hash of the files, not {version:?}"
    );
    let listed: BTreeSet<String> = build["files"]
        .as_array()
        .expect("BUILD.files")
        .iter()
        .map(|f| f.as_str().expect("a file name").to_string())
        .collect();

    fn walk(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("list dist/").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut built = BTreeSet::new();
    walk(&dist, &dist, &mut built);
    built.remove("sw.js");
    assert_eq!(
        listed, built,
        "sw.js must list every file of dist/ but itself"
    );
    for needed in ["index.html", "manifest.webmanifest", "icons/icon-192.png"] {
        assert!(listed.contains(needed), "{needed} is not cached");
    }
    for ext in [".wasm", ".css"] {
        assert!(
            listed.iter().any(|f| f.ends_with(ext)),
            "no {ext} file is cached: {listed:?}"
        );
    }
}

/// The service worker leaves requests that are not the app's own files to
/// the network, so the page's own deadline really ends them: requests the
/// worker made for the page would outlive the page's abort and, after six,
/// hold every connection the browser allows to the server (a team server
/// that ignores a longpoll's timeout would stop all syncing).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborted_requests_free_their_connection_under_the_service_worker() {
    with_browser(
        "aborted_requests_free_their_connection",
        |page| async move {
            page.open().await;
            page.wait_for_service_worker().await;
            let outcome = page
                .js_async(
                    "(async () => {
                   for (let i = 0; i < 8; i++) {
                     const c = new AbortController();
                     const t = setTimeout(() => c.abort(), 200);
                     try { await fetch('/__hang/' + i, { signal: c.signal }); } catch (e) {}
                     clearTimeout(t);
                   }
                   const c = new AbortController();
                   const t = setTimeout(() => c.abort(), 5000);
                   const start = performance.now();
                   try {
                     const r = await fetch('/__not-there', { signal: c.signal });
                     done({ status: r.status, ms: performance.now() - start });
                   } catch (e) {
                     done({ error: String(e), ms: performance.now() - start });
                   } finally { clearTimeout(t); }
                 })();",
                    vec![],
                )
                .await;
            assert_eq!(
                outcome["status"],
                serde_json::json!(404),
                "a request after eight aborted ones: {outcome}"
            );
        },
    )
    .await;
}
