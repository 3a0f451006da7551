#![cfg(not(target_arch = "wasm32"))]
//! End-to-end on a book-length article: the deterministic 2 MB article
//! (`glossa_core::generate::long_article`, what `glossa-cli generate --bytes
//! 2000000` prints) opened through the Open dialog's file input like a
//! person would, every sentence shown, and a sentence near the end tagged
//! and found in the exported Glossa JSON. No timing is checked here (the
//! browser benchmark, `scripts/bench.sh browser`, measures speed).
//!
//! See `e2e/harness.rs` for how the browser is driven.

#[path = "e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use glossa_core::parse_article;
use harness::files::read_json;
use harness::{with_browser, Page};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const SEED: &str = include_str!("../assets/voa-counterespionage.txt");
const BYTES: usize = 2_000_000;
/// Opening 2 MB on a busy two-core machine may take longer than the
/// harness's usual ten seconds; this is a deadline, not a measurement.
const OPEN_WAIT: Duration = Duration::from_secs(90);

/// Polls `js` (a function body returning `null` when done, or why not)
/// until it returns `null`, for up to `wait`.
async fn wait_long(page: &Page, what: &str, js: &str, args: Vec<Value>, wait: Duration) {
    let deadline = Instant::now() + wait;
    loop {
        let why = match page.client.execute(js, args.clone()).await {
            Ok(Value::Null) => return,
            Ok(Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(e) => format!("execute: {e}"),
        };
        if Instant::now() >= deadline {
            panic!("timed out after {wait:?} waiting for {what}: {why}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// How many sentences the article shows, the toolbar's total, and the id and
/// text of the last sentence element.
const SHOWN_JS: &str = r#"
const all = document.querySelectorAll('div.sentences[role="listbox"] span.s[data-sentence-id]');
const total = document.querySelector('[data-count="tagged"]');
const last = all.length ? all[all.length - 1] : null;
return {
  count: all.length,
  toolbar: total ? total.textContent : null,
  last_id: last ? last.getAttribute('data-sentence-id') : null,
  last_text: last ? last.textContent : null,
  dialog_open: !!document.querySelector('#open-title'),
};
"#;

#[tokio::test]
async fn a_two_megabyte_article_opens_whole_and_can_be_tagged_near_its_end() {
    let text = glossa_core::generate::long_article(SEED, BYTES);
    let doc = parse_article(&text);
    let n = doc.sentences.len();
    assert!(n > 15_000, "the 2 MB article has only {n} sentences");

    let dir =
        PathBuf::from(harness::ROOT).join(format!("target/tmp/e2e-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the test's directory");
    let file = dir.join("long-article.txt");
    std::fs::write(&file, &text).expect("write the article");

    // A sentence near the end, and what it says.
    let target = &doc.sentences[n - 3];
    let target_id = target.id.to_string();
    let target_text = target.text(&doc).to_string();
    let (target_start, target_end) = (target.start, target.end);
    let last_id = doc.sentences[n - 1].id.to_string();
    let last_text = doc.sentences[n - 1].text(&doc).to_string();
    let slug = doc.slug();
    let sha = doc.text_sha256.clone();

    with_browser("large-article", move |page: Page| async move {
        page.open().await;
        page.click_css(r#"button[aria-keyshortcuts="o"]"#).await;
        page.wait_for_text("the Open dialog", "[role=dialog] #open-title")
            .await;
        page.choose_file("#f-file", &file).await;

        let total = format!("/{n}");
        wait_long(
            &page,
            "the 2 MB article to be shown whole",
            &format!(
                "const r = (() => {{ {SHOWN_JS} }})(); \
                 return (r.count === {n} && !r.dialog_open && r.toolbar && r.toolbar.includes('{total}')) \
                   ? null : JSON.stringify(r).slice(0, 300);"
            ),
            vec![],
            OPEN_WAIT,
        )
        .await;
        // The same sentences as the core makes of the same text: the count,
        // and the last one by id and text.
        let shown = page.js(SHOWN_JS, vec![]).await;
        assert_eq!(shown["count"], json!(n), "{shown}");
        assert_eq!(shown["last_id"], json!(last_id), "{shown}");
        assert_eq!(shown["last_text"], json!(last_text), "{shown}");

        // Tag a sentence near the end: a click (WebDriver scrolls it into
        // view first), then the Quote key.
        let css = format!(r#"div.sentences[role="listbox"] span.s[data-sentence-id="{target_id}"]"#);
        page.click_css(&css).await;
        page.wait_js(
            "the sentence near the end to be selected",
            &format!(
                "const e = document.querySelector('{css}'); \
                 return e && e.getAttribute('aria-selected') === 'true' ? null : 'not selected';"
            ),
        )
        .await;
        page.press("3").await;
        page.wait_js(
            "the sentence near the end to be tagged Quote",
            &format!(
                "const e = document.querySelector('{css}'); \
                 return e && e.getAttribute('data-tag') === 'quote' ? null : 'data-tag is ' + (e && e.getAttribute('data-tag'));"
            ),
        )
        .await;
        let counts = page.text_of(r#"[data-count="quote"] .n"#).await;
        assert_eq!(counts.as_deref(), Some("1"));

        // Export Glossa JSON and find that annotation in the file.
        page.click_css(r#"button[aria-keyshortcuts="e"]"#).await;
        let name = format!("{slug}.glossa.json");
        let path = page.wait_for_download(&name).await;
        let exported = read_json(&path);
        assert_eq!(exported["document"]["text_sha256"], json!(sha));
        let annotations = exported["annotations"]
            .as_array()
            .unwrap_or_else(|| panic!("no annotations array in {}", path.display()));
        assert_eq!(annotations.len(), 1, "{exported:#}");
        let a = &annotations[0];
        assert_eq!(a["tag"], json!("quote"));
        assert_eq!(a["target"]["sentence_id"], json!(target_id));
        assert_eq!(a["target"]["start"], json!(target_start));
        assert_eq!(a["target"]["end"], json!(target_end));
        assert_eq!(a["target"]["exact"], json!(target_text));
        let _ = std::fs::remove_dir_all(&dir);
    })
    .await;
}
