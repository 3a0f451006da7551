//! The Content-Security-Policy: the built page carries a strict one and no
//! inline script, and the app runs under it without a single violation
//! while a person uses it (dialogs, tags, exports, an import, pasted text).
//!
//! Needs `trunk build --release` first (scripts/test.sh does it). See
//! `e2e/harness.rs`.

use crate::harness::{with_browser, Page};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const SLUG: &str = "us-voices-concerns-over-chinas-counterespionage-push";
const IMPORT_INPUT: &str = "input#import-file";

/// One start tag of an HTML page: its name, its attributes (names
/// lowercased, values unquoted) and, for `<script>` and `<style>`, its text.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of `html`, in order. Enough HTML for a page Trunk wrote:
/// comments, doctype, end tags, quoted and bare attribute values.
fn start_tags(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with(['!', '/', '?']) {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = &rest[name_len..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                break;
            }
            if let Some(after) = rest.strip_prefix('>') {
                rest = after;
                break;
            }
            let key_len = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
                .unwrap_or(rest.len())
                .max(1);
            let key = rest[..key_len].to_ascii_lowercase();
            rest = rest[key_len..].trim_start();
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    value = body[..end].to_string();
                    rest = body.get(end + 1..).unwrap_or("");
                } else {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    value = after[..end].to_string();
                    rest = &after[end..];
                }
            }
            attrs.push((key, value));
        }
        let mut text = String::new();
        if name == "script" || name == "style" {
            let end = rest
                .to_ascii_lowercase()
                .find(&format!("</{name}"))
                .unwrap_or(rest.len());
            text = rest[..end].to_string();
            rest = &rest[end..];
        }
        tags.push(Tag { name, attrs, text });
    }
    tags
}

/// The directives of a policy: name → its source list.
fn directives(policy: &str) -> BTreeMap<String, Vec<String>> {
    policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.map(str::to_string).collect()))
        })
        .collect()
}

/// `'sha256-…'` of a text, as a CSP source names it (base64 of the digest).
fn csp_hash(text: &str) -> String {
    let hex = glossa_core::article::sha256_hex(text);
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    format!("'sha256-{out}'")
}

#[test]
fn csp_hash_is_base64_of_sha256() {
    // printf 'abc' | openssl dgst -sha256 -binary | base64
    assert_eq!(
        csp_hash("abc"),
        "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
    );
}

#[test]
fn built_page_has_a_strict_csp_and_no_inline_script() {
    // index.html (a first visit: the first screen prerendered, its
    // stylesheet inline and allowed by its hash) and app.html (the page the
    // service worker serves: the stylesheet a file).
    check_page("index.html", true);
    check_page("app.html", false);
}

fn check_page(name: &str, inline_style: bool) {
    let dist = crate::harness::dist_dir();
    let html = std::fs::read_to_string(dist.join(name))
        .unwrap_or_else(|e| panic!("read dist/{name}: {e}"));
    let tags = start_tags(&html);
    let styles: Vec<&Tag> = tags.iter().filter(|t| t.name == "style").collect();
    assert_eq!(
        styles.len(),
        usize::from(inline_style),
        "{name}: inline <style> elements"
    );
    let mut style_src = "'self'".to_string();
    for style in &styles {
        assert!(
            style.attrs.is_empty(),
            "{name}: <style> with attributes {style:?}"
        );
        style_src.push(' ');
        style_src.push_str(&csp_hash(&style.text));
    }

    let csp: Vec<(usize, &Tag)> = tags
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.name == "meta"
                && t.attr("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
        })
        .collect();
    assert_eq!(csp.len(), 1, "one CSP <meta> in dist/{name}:\n{html}");
    let (at, meta) = csp[0];
    // A CSP <meta> guards only what comes after it.
    if let Some(before) = tags[..at].iter().find(|t| {
        matches!(
            t.name.as_str(),
            "script" | "link" | "style" | "img" | "base"
        )
    }) {
        panic!("<{}> comes before the CSP <meta>: {before:?}", before.name);
    }
    let policy = directives(meta.attr("content").unwrap_or_default());
    let want: BTreeMap<String, Vec<String>> = [
        ("default-src", "'self'"),
        ("script-src", "'self' 'wasm-unsafe-eval'"),
        ("style-src", style_src.as_str()),
        ("img-src", "'self' data: blob:"),
        ("connect-src", "'self'"),
        ("worker-src", "'self'"),
        ("manifest-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'none'"),
        ("form-action", "'none'"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.split(' ').map(str::to_string).collect()))
    .collect();
    assert_eq!(policy, want, "the CSP of dist/{name}");

    let mut scripts = 0;
    for tag in &tags {
        for (name, value) in &tag.attrs {
            assert!(
                !name.starts_with("on"),
                "an event handler attribute {name}={value:?} on <{}>",
                tag.name
            );
            assert!(
                !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                "a javascript: URL in <{} {name}>",
                tag.name
            );
            assert_ne!(name, "style", "a style attribute on <{}>", tag.name);
        }
        if tag.name == "script" {
            scripts += 1;
            let src = tag.attr("src").unwrap_or_default();
            assert!(!src.is_empty(), "a <script> without src: {tag:?}");
            assert!(
                tag.text.trim().is_empty(),
                "a <script> with inline text: {tag:?}"
            );
            let file = dist.join(src.trim_start_matches('/'));
            assert!(
                file.is_file(),
                "<script src={src}>: {} is missing",
                file.display()
            );
        }
    }
    assert!(scripts >= 1, "no <script> at all in dist/{name}:\n{html}");
    assert!(
        !html.to_ascii_lowercase().contains("javascript:"),
        "javascript: in dist/{name}"
    );
}

#[test]
fn tag_reader_sees_what_the_policy_check_needs() {
    let tags = start_tags(
        "<!doctype html><!-- <script>x</script> --><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\">\
         <script type=module>go()</script><a href='javascript:x' onclick=y>z</a><p hidden>",
    );
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["meta", "script", "a", "p"]);
    assert_eq!(tags[0].attr("content"), Some("script-src 'self'"));
    assert_eq!(tags[1].text, "go()");
    assert_eq!(tags[1].attr("src"), None);
    assert_eq!(tags[2].attr("href"), Some("javascript:x"));
    assert_eq!(tags[2].attr("onclick"), Some("y"));
    assert_eq!(tags[3].attr("hidden"), Some(""));
}

/// Runs in every document before its own scripts: records each
/// `securitypolicyviolation` the page raises.
const RECORDER: &str = r#"
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const t = e.target;
  window.__cspViolations.push({
    directive: e.effectiveDirective,
    blocked: e.blockedURI,
    source: `${e.sourceFile}:${e.lineNumber}`,
    sample: e.sample,
    element: t && t.tagName ? `${t.tagName.toLowerCase()}#${t.id || ''}.${t.className || ''}` : String(t),
  });
}, true);
"#;

async fn violations(page: &Page) -> Vec<Value> {
    let v = page
        .js(
            "return Array.isArray(window.__cspViolations) ? window.__cspViolations : null;",
            vec![],
        )
        .await;
    match v {
        Value::Array(list) => list,
        other => panic!("the violation recorder is not installed in the page: {other}"),
    }
}

async fn wait_for_dialog(page: &Page, what: &str, css: &str) {
    page.wait_for_text(what, css).await;
}

async fn no_dialog(page: &Page, what: &str) {
    page.wait_js(
        what,
        "return document.querySelector('[role=dialog]') ? 'a dialog is open' : null;",
    )
    .await;
}

#[tokio::test]
async fn app_runs_under_the_csp_without_violations() {
    with_browser("app_runs_under_the_csp_without_violations", |page| async move {
        page.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": RECORDER }),
        )
        .await;
        page.open().await;
        let live = page
            .js(
                "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m ? m.content : null;",
                vec![],
            )
            .await;
        assert_eq!(
            directives(live.as_str().unwrap_or_default())
                .get("script-src")
                .map(Vec::as_slice),
            Some(["'self'".to_string(), "'wasm-unsafe-eval'".to_string()].as_slice()),
            "the page the browser runs has the policy: {live}"
        );

        // Help, and closing it.
        page.press("?").await;
        wait_for_dialog(&page, "the help dialog", "#help-title").await;
        page.press_key(Key::Escape).await;
        no_dialog(&page, "Esc closes the help").await;

        // Tags of all three kinds: the sidebar and the overview strip show them.
        for (n, key) in [(1, "1"), (3, "2"), (5, "3")] {
            page.click_sentence(n).await;
            page.press(key).await;
        }
        page.wait_for("three tags", |s| {
            s.expect_tags(&[(1, "claim"), (3, "denial"), (5, "quote")])
        })
        .await;

        // The details of the quote.
        page.press_key(Key::Enter).await;
        wait_for_dialog(&page, "the details dialog", "#details-title").await;
        page.press_key(Key::Escape).await;
        no_dialog(&page, "Esc closes the details").await;

        // Every export format, each a blob: download.
        for (label, ext) in [
            ("Glossa JSON", "glossa.json"),
            ("W3C Web Annotation", "w3c.jsonld"),
            ("JSONL", "jsonl"),
            ("CSV", "csv"),
            ("brat", "brat.zip"),
        ] {
            page.export_as(label).await;
            page.wait_for_download(&format!("{SLUG}.{ext}")).await;
        }

        // Import the Glossa file just exported.
        let exported = page.downloads.join(format!("{SLUG}.glossa.json"));
        page.choose_file(IMPORT_INPUT, &exported).await;
        page.wait_for_text("the import dialog's summary", ".import-summary")
            .await;
        page.click_button_text("Cancel").await;
        no_dialog(&page, "Cancel closes the import dialog").await;

        // The Open dialog: paste an article and open it.
        page.click_css(r#"button[aria-keyshortcuts="o"]"#).await;
        wait_for_dialog(&page, "the Open dialog", "[role=dialog] #open-title").await;
        page.client
            .find(Locator::Css("#f-paste"))
            .await
            .expect("the paste box")
            .send_keys("Pasted Under Policy\n\nThe mayor said the bridge will open in May. Officials denied it.")
            .await
            .expect("type into the paste box");
        page.click_button_text("Open pasted text").await;
        page.wait_for_document("Pasted Under Policy", 2).await;

        // A probe the policy must refuse: an inline script. Its violation
        // comes after any the steps above raised, so once it is recorded
        // the list is complete.
        page.js(
            "const s = document.createElement('script'); s.id = 'csp-probe'; \
             s.textContent = 'window.__probeRan = true;'; document.body.append(s);",
            vec![],
        )
        .await;
        page.wait_js(
            "the probe's violation to be recorded",
            "return (window.__cspViolations || []).some((v) => v.element.startsWith('script#csp-probe')) ? null : 'not yet';",
        )
        .await;
        assert_eq!(
            page.js("return window.__probeRan === undefined;", vec![]).await,
            json!(true),
            "an inline script ran: the policy is not enforced"
        );
        let seen = violations(&page).await;
        let others: Vec<&Value> = seen
            .iter()
            .filter(|v| !v["element"].as_str().unwrap_or("").starts_with("script#csp-probe"))
            .collect();
        assert!(
            others.is_empty(),
            "the app broke its own Content-Security-Policy {} times:\n{:#?}",
            others.len(),
            others
        );
        let probe = &seen[seen.len() - 1];
        assert_eq!(probe["directive"], "script-src-elem", "{probe}");
        assert_eq!(probe["blocked"], "inline", "{probe}");
    })
    .await;
}
