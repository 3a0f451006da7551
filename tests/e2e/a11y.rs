//! End-to-end accessibility: axe-core (from npm, `node_modules/axe-core`)
//! over every main view and dialog, in light and dark mode; keyboard reach
//! and focus kept inside dialogs; reduced motion; badges readable in both
//! colour schemes; tags told apart without colour.
//!
//! Media features are emulated through chromedriver's Chrome DevTools
//! endpoint. See `e2e/harness.rs` for how the browser is driven.

use crate::harness::{with_browser, Page};
use fantoccini::key::Key;
use fantoccini::Locator;
use glossa_core::parse_article;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/node_modules/axe-core/axe.min.js"
);
const DEFAULT_ARTICLE: &str = include_str!("../../assets/voa-counterespionage.txt");
const IMPORT_INPUT: &str = "input#import-file";
/// WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices.
const RULE_TAGS: [&str; 6] = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

/// Runs axe over the whole document; resolves to the violations.
const AXE_RUN_JS: &str = r#"
return window.axe.run(document, {
  runOnly: { type: 'tag', values: arguments[0] },
  resultTypes: ['violations'],
}).then((r) => r.violations.map((v) => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
})));
"#;

/// Puts axe into the page. It runs through WebDriver's script execution,
/// not as a script element: the page's CSP rightly refuses inline scripts.
async fn inject_axe(page: &Page) {
    let loaded = page.js("return typeof window.axe;", vec![]).await;
    if loaded == json!("object") {
        return;
    }
    let source = std::fs::read_to_string(AXE).unwrap_or_else(|e| {
        panic!("{AXE} is missing ({e}): run scripts/setup.sh (it installs npm packages)")
    });
    page.js(&format!("{source}\nreturn typeof window.axe;"), vec![])
        .await;
    let loaded = page.js("return typeof window.axe;", vec![]).await;
    assert_eq!(loaded, json!("object"), "axe did not load");
}

/// axe finds nothing in `view`; otherwise every violation is printed.
async fn assert_axe_clean(page: &Page, view: &str) {
    inject_axe(page).await;
    let violations = page.js(AXE_RUN_JS, vec![json!(RULE_TAGS)]).await;
    let list = violations.as_array().cloned().unwrap_or_default();
    let report: Vec<String> = list
        .iter()
        .map(|v| {
            let nodes: Vec<String> = v["nodes"]
                .as_array()
                .map(|n| {
                    n.iter()
                        .take(5)
                        .map(|n| {
                            format!(
                                "    {}\n      {}",
                                n["target"].as_str().unwrap_or("?"),
                                n["summary"]
                                    .as_str()
                                    .unwrap_or("?")
                                    .replace('\n', "\n      ")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "  {} ({}): {}\n{}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or("?"),
                nodes.join("\n")
            )
        })
        .collect();
    assert!(violations.is_array(), "{view}: axe returned {violations}");
    assert!(
        list.is_empty(),
        "{view}: {} axe violation(s):\n{}",
        list.len(),
        report.join("\n")
    );
    println!("axe: {view}: no violations");
}

// ---------------------------------------------------------------------------
// Chrome DevTools commands through chromedriver
// ---------------------------------------------------------------------------

/// Emulates media features (`prefers-color-scheme`, `prefers-reduced-motion`)
/// and checks the page sees them.
async fn emulate(page: &Page, features: &[(&str, &str)]) {
    let list: Vec<Value> = features
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    page.cdp("Emulation.setEmulatedMedia", json!({ "features": list }))
        .await;
    for (name, value) in features {
        let query = format!("({name}: {value})");
        let matches = page
            .js(
                "return matchMedia(arguments[0]).matches;",
                vec![json!(query)],
            )
            .await;
        assert_eq!(matches, json!(true), "the page does not see {query}");
    }
}

// ---------------------------------------------------------------------------
// Getting the page into each view
// ---------------------------------------------------------------------------

/// A scratch directory under target/tmp.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(crate::harness::ROOT)
        .join("target/tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    dir
}

async fn wait_gone(page: &Page, css: &str, what: &str) {
    page.wait_js(
        what,
        &format!(
            "return document.querySelector({}) ? 'still there' : null;",
            json!(css)
        ),
    )
    .await;
}

/// A fresh start (no saved work) in colour scheme `scheme`; then s1 a
/// claim, s2 a denial, s3 a quote, a quote span of two words in s4, and s5
/// selected; suggestions are shown.
async fn annotate(page: &Page, scheme: &str) {
    // Saved work lives in IndexedDB (and, from older versions, local
    // storage): clear both for this origin, then start.
    let origin = page.base.trim_end_matches('/').to_string();
    page.cdp(
        "Storage.clearDataForOrigin",
        json!({ "origin": origin, "storageTypes": "indexeddb,local_storage" }),
    )
    .await;
    page.open().await;
    emulate(page, &[("prefers-color-scheme", scheme)]).await;
    for (n, key) in [(1, "1"), (2, "2"), (3, "3")] {
        page.click_sentence(n).await;
        page.press(key).await;
    }
    page.click_sentence(4).await;
    page.chord(&[Key::Shift], Key::Right.into()).await;
    page.chord(&[Key::Shift], Key::Right.into()).await;
    page.press("3").await;
    page.click_sentence(5).await;
    page.wait_for("three tags, a span, s5 selected", |s| {
        s.expect_tags(&[(1, "claim"), (2, "denial"), (3, "quote")])?;
        s.expect_selected(&[5])
    })
    .await;
    page.wait_js(
        "a quote span and suggestions on the page",
        "if (!document.querySelector('span.seg.t-quote')) return 'no span'; \
         if (!document.querySelector('.s.suggest')) return 'no suggestion shown'; \
         return null;",
    )
    .await;
}

/// Every view and dialog through axe, in the scheme now emulated.
async fn check_views(page: &Page, scheme: &str) {
    annotate(page, scheme).await;
    assert_axe_clean(
        page,
        &format!(
            "{scheme}: article with selection, tags, a span and suggestions; toolbar; sidebar"
        ),
    )
    .await;

    // The sidebar filtered and searched.
    page.click_xpath(
        "//div[contains(@class,'filters')]//button[starts-with(normalize-space(.),'Claim')]",
    )
    .await;
    let search = page
        .client
        .find(Locator::Css("input[type=search]"))
        .await
        .unwrap_or_else(|e| panic!("the search field: {e}"));
    search.send_keys("the").await.expect("type a search");
    assert_axe_clean(
        page,
        &format!("{scheme}: sidebar filtered by Claim and searched"),
    )
    .await;
    search.clear().await.expect("clear the search");
    page.click_xpath(
        "//div[contains(@class,'filters')]//button[starts-with(normalize-space(.),'All')]",
    )
    .await;

    // The export menu, open.
    page.click_css(r#"button[aria-haspopup="menu"]"#).await;
    page.wait_for_text("the export menu", "[role=menu]").await;
    assert_axe_clean(page, &format!("{scheme}: export menu open")).await;
    page.press_key(Key::Escape).await;
    wait_gone(page, "[role=menu]", "the export menu closed").await;

    // Details of the claim.
    page.click_sentence(1).await;
    page.press_key(Key::Enter).await;
    page.wait_for_text("the details", "#details-title").await;
    assert_axe_clean(page, &format!("{scheme}: details docked")).await;
    page.press_key(Key::Escape).await;
    wait_gone(page, ".details-pane", "the details closed").await;

    // The denial's details with the claim list open, then linked: the
    // link marks in the text.
    page.click_sentence(2).await;
    page.press_key(Key::Enter).await;
    page.wait_for_focus_on("#f-denies").await;
    page.press_key(Key::Down).await;
    page.wait_for_text(
        "the claims offered",
        "#denies-list:not([hidden]) [role=option]",
    )
    .await;
    assert_axe_clean(page, &format!("{scheme}: the claim picker open")).await;
    page.press_key(Key::Enter).await;
    page.wait_for_text(
        "the link marked in the text",
        "[data-sentence-id=s1] .link-mark",
    )
    .await;
    page.press_key(Key::Escape).await;
    wait_gone(page, ".details-pane", "the details closed").await;
    assert_axe_clean(page, &format!("{scheme}: link marks in the text")).await;

    // Keyboard help.
    page.press("?").await;
    page.wait_for_text("the help dialog", "#help-title").await;
    assert_axe_clean(page, &format!("{scheme}: help dialog")).await;
    page.press_key(Key::Escape).await;
    wait_gone(page, "[role=dialog]", "the help closed").await;

    // Open, with text in the paste box.
    page.press("o").await;
    page.wait_for_text("the open dialog", "#open-title").await;
    let paste = page
        .client
        .find(Locator::Css("#f-paste"))
        .await
        .unwrap_or_else(|e| panic!("the paste box: {e}"));
    paste
        .send_keys("A pasted title\n\nOne sentence. Another one.")
        .await
        .expect("type into the paste box");
    page.wait_js(
        "the library listed",
        "return document.querySelector('.library .lib-item.muted') ? 'loading' : null;",
    )
    .await;
    assert_axe_clean(page, &format!("{scheme}: open dialog with pasted text")).await;
    page.press_key(Key::Escape).await;
    wait_gone(page, "[role=dialog]", "the open dialog closed").await;

    // The import summary, for the app's own export.
    let slug = parse_article(DEFAULT_ARTICLE).slug();
    page.press("e").await;
    let export = page.wait_for_download(&format!("{slug}.glossa.json")).await;
    page.choose_file(IMPORT_INPUT, &export).await;
    page.wait_for_text("the import summary", ".import-summary")
        .await;
    assert_axe_clean(page, &format!("{scheme}: import dialog")).await;
    page.click_button_text("Cancel").await;
    wait_gone(page, "[role=dialog]", "the import dialog closed").await;

    // A banner: a file that is not JSON.
    let dir = scratch(&format!("e2e-a11y-{scheme}"));
    let bad = dir.join("not-json.json");
    std::fs::write(&bad, "not JSON {").unwrap_or_else(|e| panic!("write {}: {e}", bad.display()));
    page.choose_file(IMPORT_INPUT, &bad).await;
    page.wait_for_text("the banner", r#".banner[role="alert"] p"#)
        .await;
    assert_axe_clean(page, &format!("{scheme}: banner")).await;
    page.click_css(r#".banner[role="alert"] button"#).await;
    wait_gone(page, ".banner", "the banner dismissed").await;

    // The Open dialog saying why a file was refused (a binary file).
    let binary = dir.join("not-text.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 1, 2])
        .unwrap_or_else(|e| panic!("write {}: {e}", binary.display()));
    page.press("o").await;
    page.wait_for_text("the open dialog", "#open-title").await;
    page.choose_file("#f-file", &binary).await;
    page.wait_for_text(
        "the refusal inside the dialog",
        r#"[role=dialog] .banner[role="alert"] p"#,
    )
    .await;
    assert_axe_clean(page, &format!("{scheme}: open dialog with a refusal")).await;
    page.press_key(Key::Escape).await;
    wait_gone(page, "[role=dialog]", "the open dialog closed").await;

    // The Open dialog with a library document ticked for a joint export.
    page.press("o").await;
    page.wait_for_text("the open dialog", "#open-title").await;
    let paste = page
        .client
        .find(Locator::Css("#f-paste"))
        .await
        .unwrap_or_else(|e| panic!("the paste box: {e}"));
    paste
        .send_keys("A pasted title\n\nOne sentence. Another one.")
        .await
        .expect("type into the paste box");
    page.click_button_text("Open pasted text").await;
    page.wait_for_document("A pasted title", 2).await;
    page.press("o").await;
    page.wait_for_text("the open dialog", "#open-title").await;
    page.wait_for_text("the library's checkbox", ".library input.lib-choose")
        .await;
    page.click_css(".library input.lib-choose").await;
    page.wait_js(
        "one document chosen",
        "const t = document.querySelector('label[for=f-chosen-format]')?.textContent || ''; \
         return t.includes('Export the 1 chosen as') ? null : t;",
    )
    .await;
    assert_axe_clean(
        page,
        &format!("{scheme}: open dialog with a document chosen"),
    )
    .await;
    page.press_key(Key::Escape).await;
    wait_gone(page, "[role=dialog]", "the open dialog closed").await;
    let _ = std::fs::remove_dir_all(&dir);
    // The downloaded export must not be found by the next scheme's run.
    let _ = std::fs::remove_file(&export);
}

#[tokio::test]
async fn axe_finds_nothing_in_any_view_light_or_dark() {
    with_browser("axe_views", |page| async move {
        check_views(&page, "light").await;
        check_views(&page, "dark").await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Keyboard
// ---------------------------------------------------------------------------

/// Which part of the page the focused element is in.
const REGION_JS: &str = r#"
const a = document.activeElement;
if (!a || a === document.body) return 'body';
if (a.closest('[role=dialog]')) return 'dialog';
if (a.closest('.topbar')) return 'topbar';
if (a.closest('.toolbar')) return 'toolbar';
if (a.closest('[role=listbox]')) return 'article';
if (a.closest('.sidebar')) return 'sidebar';
return 'other:' + a.tagName.toLowerCase() + '.' + a.className;
"#;

async fn region(page: &Page) -> String {
    page.js(REGION_JS, vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Presses Tab (or Shift+Tab) up to `max` times and returns the regions in
/// the order focus first entered them.
async fn tab_through(page: &Page, back: bool, max: usize) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..max {
        if back {
            page.chord(&[Key::Shift], Key::Tab.into()).await;
        } else {
            page.press_key(Key::Tab).await;
        }
        let r = region(page).await;
        if seen.last() != Some(&r) && !seen.contains(&r) {
            seen.push(r);
        }
    }
    seen
}

/// Tab and Shift+Tab inside the open dialog, twice round: focus never
/// leaves it. Then Esc closes it and focus is back on sentence `back_to`.
async fn dialog_keeps_focus(page: &Page, what: &str, back_to: usize) {
    let count = page
        .js(
            "return document.querySelectorAll('[role=dialog] button:not([disabled]), [role=dialog] input, \
             [role=dialog] textarea, [role=dialog] select').length;",
            vec![],
        )
        .await
        .as_u64()
        .unwrap_or(0) as usize;
    assert!(count > 0, "{what}: nothing focusable in the dialog");
    for back in [false, true] {
        for i in 0..count * 2 + 1 {
            if back {
                page.chord(&[Key::Shift], Key::Tab.into()).await;
            } else {
                page.press_key(Key::Tab).await;
            }
            let r = region(page).await;
            assert_eq!(
                r,
                "dialog",
                "{what}: after {} {} press(es) focus left the dialog",
                i + 1,
                if back { "Shift+Tab" } else { "Tab" }
            );
        }
    }
    page.press_key(Key::Escape).await;
    wait_gone(page, "[role=dialog]", &format!("{what} closed by Esc")).await;
    page.wait_for(&format!("focus back on s{back_to} after {what}"), |s| {
        s.expect_focus(back_to)
    })
    .await;
}

#[tokio::test]
async fn keyboard_reaches_every_region_and_dialogs_keep_focus() {
    with_browser("a11y_keyboard", |page| async move {
        page.open().await;
        page.click_sentence(1).await;
        page.press("1").await;
        page.wait_for("s1 a claim", |s| s.expect_tags(&[(1, "claim")]))
            .await;
        // From the top of the page, forwards: Tab starts after a marker
        // focused at the start of the body.
        let start_at = "const m = document.createElement('span'); m.tabIndex = -1; m.id = 'tab-start'; \
             if (arguments[0]) document.body.prepend(m); else document.body.append(m); m.focus();";
        page.js(start_at, vec![json!(true)]).await;
        let forward = tab_through(&page, false, 40).await;
        let order = |seen: &[String], want: &[&str]| -> bool {
            let pos: Vec<Option<usize>> = want
                .iter()
                .map(|w| seen.iter().position(|s| s == w))
                .collect();
            pos.iter().all(Option::is_some) && pos.windows(2).all(|p| p[0] < p[1])
        };
        assert!(
            order(&forward, &["topbar", "toolbar", "article", "sidebar"]),
            "Tab reaches top bar, toolbar, article and sidebar in that order; it went {forward:?}"
        );
        // From the end of the page, backwards.
        page.js("document.getElementById('tab-start').remove();", vec![])
            .await;
        page.js(start_at, vec![json!(false)]).await;
        let backward = tab_through(&page, true, 150).await;
        assert!(
            order(&backward, &["sidebar", "article", "toolbar", "topbar"]),
            "Shift+Tab reaches sidebar, article, toolbar and top bar in that order; it went {backward:?}"
        );

        page.click_sentence(1).await;
        page.press_key(Key::Enter).await;
        page.wait_for_text("the details", "#details-title").await;
        // Docked beside the text, not modal: Enter puts the keyboard in
        // the details, Esc brings it back to the sentence.
        page.wait_for_focus_on("#f-note").await;
        page.press_key(Key::Escape).await;
        wait_gone(&page, ".details-pane", "the details closed by Esc").await;
        page.wait_for("focus back on s1 after the details", |s| s.expect_focus(1))
            .await;

        page.press("?").await;
        page.wait_for_text("the help dialog", "#help-title").await;
        dialog_keeps_focus(&page, "the help dialog", 1).await;

        page.press("o").await;
        page.wait_for_text("the open dialog", "#open-title").await;
        dialog_keeps_focus(&page, "the open dialog", 1).await;

        let slug = parse_article(DEFAULT_ARTICLE).slug();
        page.press("e").await;
        let export = page
            .wait_for_download(&format!("{slug}.glossa.json"))
            .await;
        page.choose_file(IMPORT_INPUT, &export).await;
        page.wait_for_text("the import dialog", ".import-summary")
            .await;
        dialog_keeps_focus(&page, "the import dialog", 1).await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Preferences: reduced motion, readable badges, tags without colour
// ---------------------------------------------------------------------------

/// Every element's and pseudo-element's running motion, plus a spinner
/// probe (the spinner only shows while a document opens).
const MOTION_JS: &str = r#"
const probe = document.createElement('div');
probe.className = 'progress-line';
probe.innerHTML = '<span class="spinner"></span>';
document.body.appendChild(probe);
const moving = [];
const nonzero = (v) => v.split(',').some((d) => parseFloat(d) > 0);
for (const el of document.querySelectorAll('*')) {
  for (const pseudo of [null, '::before', '::after']) {
    const cs = getComputedStyle(el, pseudo);
    const anim = cs.animationName !== 'none' && nonzero(cs.animationDuration);
    if (nonzero(cs.transitionDuration) || anim) {
      moving.push(el.tagName.toLowerCase() + '.' + el.className + (pseudo || '') +
        ' transition ' + cs.transitionDuration + ' animation ' + cs.animationName + ' ' + cs.animationDuration);
    }
  }
}
const spinner = getComputedStyle(probe.firstChild);
const result = {
  moving: moving.slice(0, 20),
  spinner: spinner.animationName + ' ' + spinner.animationDuration,
  scroll: getComputedStyle(document.documentElement).scrollBehavior,
};
probe.remove();
return result;
"#;

#[tokio::test]
async fn reduced_motion_stops_every_animation() {
    // Smooth scrolling from code would ignore the CSS below: keep it out.
    let src = Path::new(crate::harness::ROOT).join("src");
    let mut stack = vec![src];
    let mut scanned = 0;
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let code = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                scanned += 1;
                assert!(
                    !code.contains("ScrollBehavior::Smooth")
                        || code.contains("prefers-reduced-motion"),
                    "{} scrolls smoothly without asking prefers-reduced-motion",
                    path.display()
                );
            }
        }
    }
    assert!(scanned > 10, "only {scanned} source files were scanned");
    with_browser("a11y_reduced_motion", |page| async move {
        page.open().await;
        emulate(&page, &[("prefers-reduced-motion", "no-preference")]).await;
        let normal = page.js(MOTION_JS, vec![]).await;
        assert_eq!(
            normal["spinner"],
            json!("spin 0.8s"),
            "without the preference the spinner turns: {normal}"
        );
        emulate(&page, &[("prefers-reduced-motion", "reduce")]).await;
        let reduced = page.js(MOTION_JS, vec![]).await;
        println!("reduced motion: {reduced}");
        assert_eq!(reduced["moving"], json!([]), "still moving: {reduced}");
        assert_eq!(
            reduced["spinner"],
            json!("none 0s"),
            "the spinner stands still: {reduced}"
        );
        assert_eq!(reduced["scroll"], json!("auto"), "no smooth scrolling");
    })
    .await;
}

/// Contrast of every tag and suggestion badge (the `::before` letters) and
/// of the toolbar's badges against their own background.
const BADGES_JS: &str = r#"
const rgb = (c) => { const m = c.match(/[\d.]+/g); return m ? m.slice(0, 4).map(Number) : null; };
const lum = ([r, g, b]) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const out = [];
const check = (el, pseudo, label) => {
  const cs = getComputedStyle(el, pseudo);
  const fg = rgb(cs.color), bg = rgb(cs.backgroundColor);
  if (!fg || !bg || (bg.length === 4 && bg[3] === 0)) { out.push({ label, problem: 'no background ' + cs.backgroundColor }); return; }
  out.push({ label, ratio: Math.round(ratio(fg, bg) * 100) / 100, size: parseFloat(cs.fontSize), content: cs.content });
};
for (const cls of ['tag-claim', 'tag-denial', 'tag-quote']) {
  const s = document.querySelector('.s.' + cls); if (s) check(s, '::before', '.s.' + cls + '::before');
  const b = document.querySelector('.tag-btn.' + cls + ' .badge'); if (b) check(b, null, '.tag-btn.' + cls + ' .badge');
}
for (const cls of ['suggest-claim', 'suggest-denial', 'suggest-quote']) {
  const s = document.querySelector('.s.' + cls); if (s) check(s, '::before', '.s.' + cls + '::before');
}
for (const cls of ['start-claim', 'start-denial', 'start-quote']) {
  const s = document.querySelector('.seg.' + cls);
  if (s) check(s, '::before', '.seg.' + cls + '::before'); else out.push({ label: '.seg.' + cls, problem: 'no span starts here' });
}
return out;
"#;

/// Each tagged sentence's badge: the room between the sentence's first box
/// and its first letter, and how far the box starts below its paragraph's
/// top.
const BADGE_BOXES_JS: &str = r#"
const out = [];
for (const s of document.querySelectorAll('.s[data-tag]')) {
  const para = s.closest('.para');
  const first = s.getClientRects()[0];
  const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && !node.data.trim()) node = walker.nextNode();
  if (!para || !first || !node) { out.push({ id: s.dataset.sentenceId, problem: 'no paragraph, box or text' }); continue; }
  const r = document.createRange();
  r.setStart(node, 0); r.setEnd(node, 1);
  const ch = r.getBoundingClientRect();
  const sameLine = Math.abs(ch.top - first.top) < first.height;
  out.push({
    id: s.dataset.sentenceId,
    room: sameLine ? ch.left - first.left : first.width,
    above: first.top - para.getBoundingClientRect().top,
  });
}
return out;
"#;

/// Suggested sentences of each tag: their line's shape, the badge's visible
/// content, and the tagged sentence's shape for the same tag.
const SUGGESTION_SHAPES_JS: &str = r#"
const shape = (el) => {
  const cs = getComputedStyle(el);
  return ['text-decoration-style', 'text-decoration-line', 'text-decoration-thickness', 'background-color'].map((p) => cs.getPropertyValue(p)).join(' | ');
};
const out = {};
for (const tag of ['claim', 'denial', 'quote']) {
  const s = document.querySelector('.s.suggest-' + tag + ':not(.selected)');
  if (!s) continue;
  const t = document.querySelector('.s.tag-' + tag);
  const before = getComputedStyle(s, '::before');
  const visible = before.display === 'none' ? '' : (before.content.split('/')[0].trim().replace(/^"|"$/g, '').replace(/^none$/, ''));
  out[tag] = { shape: shape(s), badge: visible, tagShape: t ? shape(t) : null };
}
return out;
"#;

/// What tells the three tags apart besides colour, for sentences, spans,
/// counts and sidebar entries.
const SHAPES_JS: &str = r#"
const sig = (sel, pseudo, props) => {
  const el = document.querySelector(sel);
  if (!el) return null;
  const cs = getComputedStyle(el, pseudo);
  return props.map((p) => cs.getPropertyValue(p)).join(' | ');
};
const groups = {
  sentence: ['.s.tag-claim', '.s.tag-denial', '.s.tag-quote'].map((s) => sig(s, null, ['text-decoration-style', 'text-decoration-line'])),
  badge: ['.s.tag-claim', '.s.tag-denial', '.s.tag-quote'].map((s) => sig(s, '::before', ['content'])),
  span: ['.seg.t-claim', '.seg.t-denial', '.seg.t-quote'].map((s) => sig(s, null, ['border-bottom-style', 'text-decoration-style', 'text-decoration-line', 'background-image'])),
  count: ['.count.tag-claim', '.count.tag-denial', '.count.tag-quote'].map((s) => sig(s, null, ['border-bottom-style'])),
  sidebar: ['.ann.tag-claim', '.ann.tag-denial', '.ann.tag-quote'].map((s) => sig(s, null, ['border-left-style'])),
};
return groups;
"#;

#[tokio::test]
async fn badges_readable_in_both_schemes_and_tags_differ_without_colour() {
    with_browser("a11y_badges_shapes", |page| async move {
        page.open().await;
        for (n, key) in [(1, "1"), (2, "2"), (3, "3")] {
            page.click_sentence(n).await;
            page.press(key).await;
        }
        // A span of each tag, in three more sentences.
        for (n, key) in [(4, "1"), (5, "2"), (6, "3")] {
            page.click_sentence(n).await;
            page.chord(&[Key::Shift], Key::Right.into()).await;
            page.press(key).await;
        }
        page.wait_for("three tagged sentences", |s| {
            s.expect_tags(&[(1, "claim"), (2, "denial"), (3, "quote")])
        })
        .await;
        for scheme in ["light", "dark"] {
            emulate(&page, &[("prefers-color-scheme", scheme)]).await;
            let badges = page.js(BADGES_JS, vec![]).await;
            println!("{scheme} badges: {badges}");
            let list: Vec<_> = badges
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|b| !b["label"].as_str().is_some_and(|l| l.contains("suggest")))
                .collect();
            assert!(
                list.len() >= 9,
                "{scheme}: want the 3 tag badges, 3 toolbar badges and 3 span letters: {badges}"
            );
            for b in &list {
                let ratio = b["ratio"].as_f64().unwrap_or(0.0);
                assert!(
                    ratio >= 4.5,
                    "{scheme}: {} has contrast {ratio} (< 4.5:1): {b}",
                    b["label"]
                );
            }
            // The fills of tagged sentences are quiet, read for hours: a
            // little colour (spread between the strongest and weakest
            // channel at most 40 of 255), not a saturated block.
            let fills = page
                .js(
                    "return ['claim', 'denial', 'quote'].map((t) => { const e = document.querySelector('.s.tag-' + t); \
                       const c = (getComputedStyle(e).backgroundColor.match(/[\\d.]+/g) || []).slice(0, 3).map(Number); \
                       return [t, Math.max(...c) - Math.min(...c)]; });",
                    vec![],
                )
                .await;
            println!("{scheme} fills: {fills}");
            for f in fills.as_array().cloned().unwrap_or_default() {
                let spread = f[1].as_f64().unwrap_or(255.0);
                assert!(spread <= 40.0, "{scheme}: the {} fill is heavy (channel spread {spread}): {fills}", f[0]);
            }
        }
        // Every tag badge on screen is whole: it has its own room in the
        // line before the sentence's first letter (so it covers no text)
        // and lies inside its paragraph's box (which clips what is drawn
        // outside it).
        let boxes = page.js(BADGE_BOXES_JS, vec![]).await;
        println!("badge boxes: {boxes}");
        let list = boxes.as_array().cloned().unwrap_or_default();
        assert!(list.len() >= 3, "the three tagged sentences: {boxes}");
        for b in &list {
            let room = b["room"].as_f64().unwrap_or(0.0);
            let above = b["above"].as_f64().unwrap_or(-1.0);
            assert!(
                room >= 6.0,
                "{}: the badge has {room}px of its own before the text: {b}",
                b["id"]
            );
            assert!(
                above >= -0.5,
                "{}: the badge starts {above}px inside its paragraph's box: {b}",
                b["id"]
            );
        }
        // Quiet suggestions (the default): no badge, and still told apart
        // from tags and from each other without colour.
        let quiet = page.js(SUGGESTION_SHAPES_JS, vec![]).await;
        println!("quiet suggestions: {quiet}");
        let kinds = quiet.as_object().cloned().unwrap_or_default();
        assert!(!kinds.is_empty(), "some suggestion on the page: {quiet}");
        let mut seen = std::collections::HashSet::new();
        for (tag, v) in &kinds {
            let sig = v["shape"].as_str().unwrap_or("missing").to_string();
            assert_eq!(
                v["badge"],
                json!(""),
                "{tag}: a quiet suggestion has no visible badge: {v}"
            );
            assert_ne!(
                Some(sig.as_str()),
                v["tagShape"].as_str(),
                "{tag}: suggestion and tag look alike: {v}"
            );
            assert!(
                seen.insert(sig.clone()),
                "{tag}: same pattern as another suggestion: {quiet}"
            );
        }
        // Marked in full, the suggestion badges must be readable too.
        page.click_xpath("//label[contains(., 'Mark them in full')]/input")
            .await;
        page.wait_for_text("suggestions marked in full", ".app.suggestions-marked")
            .await;
        for scheme in ["light", "dark"] {
            emulate(&page, &[("prefers-color-scheme", scheme)]).await;
            let badges = page.js(BADGES_JS, vec![]).await;
            let list = badges.as_array().cloned().unwrap_or_default();
            let suggested: Vec<_> = list
                .iter()
                .filter(|b| b["label"].as_str().is_some_and(|l| l.contains("suggest")))
                .collect();
            assert!(
                !suggested.is_empty(),
                "{scheme}: a suggestion badge: {badges}"
            );
            for b in suggested {
                let ratio = b["ratio"].as_f64().unwrap_or(0.0);
                assert!(
                    ratio >= 4.5,
                    "{scheme}: {} has contrast {ratio}: {b}",
                    b["label"]
                );
            }
        }
        let shapes = page.js(SHAPES_JS, vec![]).await;
        println!("tag shapes: {shapes}");
        for group in ["sentence", "badge", "span", "count", "sidebar"] {
            let sigs: Vec<String> = shapes[group]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().unwrap_or("missing").to_string())
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(sigs.len(), 3, "{group}: {shapes}");
            assert!(
                sigs[0] != sigs[1]
                    && sigs[1] != sigs[2]
                    && sigs[0] != sigs[2]
                    && !sigs.iter().any(|s| s == "missing"),
                "{group}: claim, denial and quote must differ by more than colour: {sigs:?}"
            );
        }
    })
    .await;
}

/// The top bar at the current width: its height, and any of its buttons
/// shown outside it or the window; the article's width; whether the side
/// panel (sidebar or drawer) is visible, and where.
const NARROW_JS: &str = r#"
const bar = document.querySelector('.topbar').getBoundingClientRect();
const outside = [...document.querySelectorAll('.topbar button')]
  .filter((b) => getComputedStyle(b).display !== 'none')
  .map((b) => [b.textContent.trim(), b.getBoundingClientRect()])
  .filter(([, r]) => r.top < bar.top - 0.5 || r.bottom > bar.bottom + 0.5 || r.right > innerWidth + 0.5 || r.left < -0.5)
  .map(([t]) => t);
const panel = document.querySelector('.side-panel');
const p = panel.getBoundingClientRect();
const toggle = document.querySelector('.drawer-toggle');
return {
  width: innerWidth,
  bar: bar.height,
  outside,
  article: document.querySelector('.article').getBoundingClientRect().width,
  panel: getComputedStyle(panel).visibility === 'visible' && p.width > 0 && p.left < innerWidth,
  panelLeft: p.left,
  toggle: getComputedStyle(toggle).display !== 'none',
  expanded: toggle.getAttribute('aria-expanded'),
};
"#;

#[tokio::test]
async fn narrow_windows_keep_the_top_bar_on_one_line_and_the_text_wide() {
    with_browser("a11y_narrow", |page| async move {
        page.open().await;
        for width in [1440u32, 900, 600] {
            page.client
                .set_window_size(width, 900)
                .await
                .expect("set the window's size");
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let m = page.js(NARROW_JS, vec![]).await;
            println!("{width}px: {m}");
            assert_eq!(m["outside"], json!([]), "{width}px: buttons out of the top bar: {m}");
            assert!(m["bar"].as_f64().unwrap_or(99.0) <= 49.0, "{width}px: the top bar wrapped: {m}");
            let inner = m["width"].as_f64().unwrap_or(0.0);
            if width > 1000 {
                assert_eq!(m["panel"], json!(true), "{width}px: the sidebar is beside the text: {m}");
                assert_eq!(m["toggle"], json!(false), "{width}px: no drawer button: {m}");
            } else {
                assert_eq!(m["panel"], json!(false), "{width}px: the drawer starts closed: {m}");
                // The whole reading measure where it fits, else the window
                // less its margins and the strip.
                assert!(
                    m["article"].as_f64().unwrap_or(0.0) >= (inner - 80.0).min(680.0),
                    "{width}px: the article keeps the window's width: {m}"
                );
            }
        }
        // At 600 px the sidebar opens as a drawer, and a jump from it
        // closes it so the text is in view.
        page.click_sentence(2).await;
        page.press("1").await;
        page.click_css("button.drawer-toggle").await;
        page.wait_js(
            "the drawer open",
            "const p = document.querySelector('.side-panel').getBoundingClientRect(); \
             return getComputedStyle(document.querySelector('.side-panel')).visibility === 'visible' && p.right <= innerWidth + 0.5 && p.left >= 0 ? null : 'at ' + p.left;",
        )
        .await;
        page.click_css(".side-panel .ann.tag-claim").await;
        page.wait_js(
            "the drawer closed after the jump",
            "return document.querySelector('.drawer-toggle').getAttribute('aria-expanded') === 'false' ? null : 'still open';",
        )
        .await;
        page.client
            .set_window_size(1280, 900)
            .await
            .expect("set the window's size back");
    })
    .await;
}
