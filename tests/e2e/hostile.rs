//! End-to-end: hostile input runs nothing and is shown literally.
//!
//! Every payload of `tests/data/hostile/` (see its README) goes in the ways a
//! person brings text in: a `.txt`, `.html` and `.md` file through the Open
//! dialog's file input, the paste box, a dropped file; hostile notes,
//! speakers and cues inside imported Glossa JSON and W3C files (made by
//! editing the app's own exports); hostile file names; a hostile rename in
//! the library. After each: no alert is open, `window.__glossa_pwned` is
//! undefined, no element from a payload is in the DOM, and the page shows
//! exactly the text the core makes of the input (computed here by calling
//! the core).
//!
//! See `e2e/harness.rs` for how the browser is driven.

use crate::harness::files::read_json;
use crate::harness::{with_browser, Page, WorkDir};
use fantoccini::Locator;
use glossa_core::open::text_from_bytes;
use glossa_core::{parse_article, Document};
use serde_json::{json, Value};
use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hostile");
const DEFAULT_ARTICLE: &str = include_str!("../../assets/voa-counterespionage.txt");
/// The top bar's hidden import input.
const IMPORT_INPUT: &str = "input#import-file";
/// Names a file can really have on Linux, each a payload.
const HOSTILE_NAME: &str = "<img src=x onerror=\"window.__glossa_pwned=1;alert(1)\">";
const HOSTILE_TITLE: &str =
    "<img src=x onerror=\"window.__glossa_pwned=1;alert(1)\"> Title \u{202e}<svg onload=alert(1)>";
const HOSTILE_NOTE: &str =
    "<img src=x onerror=\"window.__glossa_pwned=1;alert(1)\"><script>window.__glossa_pwned=1;alert(1)</script> &lt;b&gt;";
const HOSTILE_SPEAKER: &str =
    "<svg onload=\"window.__glossa_pwned=1;alert(1)\">\u{202e}Eve\u{200b}";
const HOSTILE_CUE: &str = "<math><mtext><script>window.__glossa_pwned=1;alert(1)</script>";

/// What the page holds before any payload: its scripts, the head's children
/// and the style sheets. Anything added later came from a payload.
const BASELINE_JS: &str = r#"
return {
  scripts: Array.from(document.scripts).map((s) => s.outerHTML.slice(0, 300)),
  head: document.head.children.length,
  sheets: document.styleSheets.length,
};
"#;

/// Lists every sign that a payload became markup or ran; empty when inert.
const INERT_JS: &str = r#"
const base = arguments[0];
const bad = [];
if (typeof window.__glossa_pwned !== 'undefined') {
  bad.push('window.__glossa_pwned is ' + String(window.__glossa_pwned));
}
for (const s of Array.from(document.scripts)) {
  const sig = s.outerHTML.slice(0, 300);
  if (!base.scripts.includes(sig)) bad.push('a script that is not the app\'s: ' + sig);
}
if (document.head.children.length !== base.head) bad.push('the head changed: ' + document.head.innerHTML.slice(0, 300));
if (document.styleSheets.length !== base.sheets) bad.push('style sheets: ' + document.styleSheets.length + ', was ' + base.sheets);
if (document.body.hasAttribute('onload')) bad.push('body[onload]');
const app = document.querySelector('.app');
if (!app) bad.push('no .app');
// The app's own overview strip is an SVG of plain rectangles with
// geometry attributes only; anything else in an svg is a payload.
function ownStrip(el) {
  const plain = new Set(['class', 'x', 'y', 'width', 'height']);
  return el.parentElement?.classList.contains('overview') &&
    [...el.attributes].every((a) => a.name === 'viewBox' || a.name === 'preserveAspectRatio') &&
    [...el.children].every((c) => c.tagName === 'rect' && c.children.length === 0 &&
      [...c.attributes].every((a) => plain.has(a.name)));
}
const selectors = ['script', 'style', 'svg', 'math', 'iframe', 'object', 'embed', 'img', 'a',
  '[onerror]', '[onload]', '[onclick]', '[srcdoc]', '[href]', '[src]'];
for (const sel of selectors) {
  for (const el of (app ? app.querySelectorAll(sel) : [])) {
    if (sel === 'svg' && ownStrip(el)) continue;
    bad.push(sel + ': ' + el.outerHTML.slice(0, 160));
  }
}
return bad;
"#;

fn corpus() -> Vec<(String, Vec<u8>)> {
    crate::hostile_corpus::read(Path::new(CORPUS))
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// What opening a file must show: the core's document, or the banner the
/// app shows when the core refuses the file.
enum Expect {
    Doc(Box<Document>),
    Refused(String),
}

fn expect_file(name: &str, bytes: &[u8]) -> Expect {
    match text_from_bytes(name, bytes) {
        Ok(text) => Expect::Doc(Box::new(parse_article(&text))),
        Err(e) => Expect::Refused(format!("“{name}”: {e} Nothing was changed.")),
    }
}

/// The browser and what it showed last.
struct Run {
    page: Page,
    baseline: Value,
    /// SHA-256 of the document on screen.
    shown: String,
}

impl Run {
    async fn new(page: Page) -> Run {
        page.open().await;
        let baseline = page.js(BASELINE_JS, vec![]).await;
        let shown = parse_article(DEFAULT_ARTICLE).text_sha256;
        let run = Run {
            page,
            baseline,
            shown,
        };
        run.assert_inert("the app as it starts").await;
        run
    }

    /// No alert, no sentinel, nothing from a payload in the DOM.
    async fn assert_inert(&self, what: &str) {
        match self.page.client.get_alert_text().await {
            Ok(text) => panic!("{what}: an alert is open, saying {text:?}"),
            Err(e) => assert!(
                e.to_string().contains("no such alert"),
                "{what}: asking for an alert gave {e}, not \"no such alert\""
            ),
        }
        let bad = self.page.js(INERT_JS, vec![self.baseline.clone()]).await;
        assert_eq!(bad, json!([]), "{what}: a payload became markup or ran");
    }

    /// Opens the Open dialog and waits until its library is listed (the
    /// list is read from IndexedDB after the dialog shows).
    async fn open_dialog(&self) {
        self.page
            .click_css(r#"button[aria-keyshortcuts="o"]"#)
            .await;
        self.page
            .wait_for_text("the Open dialog", "[role=dialog] #open-title")
            .await;
        self.page
            .wait_js(
                "the library listed",
                "return document.querySelector('.library .lib-item.muted') ? 'loading' : null;",
            )
            .await;
    }

    /// Shows the built-in article when `doc` is the one on screen already,
    /// so that opening `doc` visibly changes the page.
    async fn make_room_for(&mut self, doc: &Document) {
        if doc.text_sha256 != self.shown {
            return;
        }
        let builtin = parse_article(DEFAULT_ARTICLE);
        self.open_dialog().await;
        self.page
            .click_css(r#"button[aria-label="Open the built-in article"]"#)
            .await;
        self.wait_for_doc(&builtin, "the built-in article").await;
    }

    /// Waits until the page shows exactly `doc`: title (article and top
    /// bar) and every sentence's text, as text.
    async fn wait_for_doc(&mut self, doc: &Document, what: &str) {
        let want: Vec<String> = doc
            .sentences
            .iter()
            .map(|s| s.text(doc).to_string())
            .collect();
        let title = doc.title.clone();
        let page = self.page.clone();
        // First the opening must be over (no "Opening…" or "Loading saved
        // work…" line): otherwise the previous document, with the same
        // sentences or title, could pass the checks below.
        let want_title = serde_json::to_string(&title).unwrap_or_default();
        self.page
            .wait_js(
                &format!("{what}: opened"),
                &format!(
                    "if (document.querySelector('.progress-line')) return 'still opening'; \
                     const t = document.querySelector('h1.title'); \
                     return t && t.textContent === {want_title} ? null : 'h1.title is ' + (t && JSON.stringify(t.textContent));"
                ),
            )
            .await;
        self.page
            .wait_for(what, move |s| {
                let got: Vec<&str> = s.sentences.iter().map(|x| x.text.as_str()).collect();
                if got != want {
                    let first_diff = got.iter().zip(&want).position(|(g, w)| g != w);
                    return Err(format!(
                        "page shows {} sentences, want {}; first difference at {first_diff:?}",
                        got.len(),
                        want.len()
                    ));
                }
                Ok(())
            })
            .await;
        assert_eq!(page.title().await, Some(title.clone()), "{what}: h1.title");
        assert_eq!(
            page.text_of(".topbar .doc-title").await,
            Some(title),
            "{what}: the top bar's title"
        );
        self.shown = doc.text_sha256.clone();
    }

    /// Waits for `want` in the banner inside `scope` (a CSS selector:
    /// `[role=dialog]` for the Open dialog's own message, `.app` for the page).
    async fn wait_for_banner(&self, scope: &str, want: &str, what: &str) {
        let want = want.to_string();
        self.page
            .wait_js(
                what,
                &format!(
                    "const p = document.querySelector('{scope} .banner[role=\"alert\"] p'); \
                     const want = {}; \
                     if (!p) return 'no banner'; \
                     return p.textContent === want ? null : 'the banner says ' + JSON.stringify(p.textContent);",
                    json!(want)
                ),
            )
            .await;
    }

    async fn dismiss_banner(&self) {
        self.page.click_css(r#".banner[role="alert"] button"#).await;
        self.page
            .wait_js(
                "the banner dismissed",
                r#"return document.querySelector('.banner[role="alert"]') ? 'still shown' : null;"#,
            )
            .await;
    }

    /// Closes a dialog left open.
    async fn close_dialogs(&self) {
        let open = self
            .page
            .js("return !!document.querySelector('[role=dialog]');", vec![])
            .await;
        if open == json!(true) {
            self.page
                .click_xpath("//*[@role='dialog']//button[normalize-space(.)='Close']")
                .await;
        }
    }

    /// After an opening: the expected document, or the refusal with the
    /// document unchanged. Then nothing ran. A refusal from the Open dialog
    /// is said inside the dialog, which stays open for another try (a
    /// banner behind it would be out of sight); a refused drop, in the
    /// page's banner.
    async fn expect_shown(&mut self, expect: &Expect, what: &str, from_dialog: bool) {
        match expect {
            Expect::Doc(doc) => self.wait_for_doc(doc, what).await,
            Expect::Refused(message) if from_dialog => {
                self.wait_for_banner("[role=dialog]", message, what).await;
                self.assert_inert(what).await;
                self.close_dialogs().await;
                self.page
                    .wait_js(
                        "the dialog and its message closed",
                        r#"return document.querySelector('[role=dialog], .banner[role="alert"]') ? 'still shown' : null;"#,
                    )
                    .await;
            }
            Expect::Refused(message) => {
                self.wait_for_banner(".app", message, what).await;
                self.assert_inert(what).await;
                self.dismiss_banner().await;
            }
        }
        self.assert_inert(what).await;
    }

    async fn open_file(&mut self, path: &Path, expect: &Expect) {
        if let Expect::Doc(doc) = expect {
            self.make_room_for(doc).await;
        }
        self.open_dialog().await;
        self.page.choose_file("#f-file", path).await;
        let what = format!("{} opened", path.display());
        self.expect_shown(expect, &what, true).await;
    }

    /// Pastes `text` into the paste box (set as one value, as a paste
    /// does) and opens it.
    async fn paste(&mut self, text: &str, what: &str) {
        let doc = parse_article(text);
        self.make_room_for(&doc).await;
        self.open_dialog().await;
        self.page
            .js(
                "const t = document.querySelector('#f-paste'); t.focus(); t.value = arguments[0]; \
                 t.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));",
                vec![json!(text)],
            )
            .await;
        self.page.click_button_text("Open pasted text").await;
        self.expect_shown(&Expect::Doc(Box::new(doc)), what, true)
            .await;
    }

    /// Drops a file named `name` holding `bytes` on the page, as dragging
    /// it from a file manager does (a synthetic drop: WebDriver cannot drag
    /// from outside the browser).
    async fn drop_file(&mut self, name: &str, bytes: &[u8]) {
        let expect = expect_file(name, bytes);
        if let Expect::Doc(doc) = &expect {
            self.make_room_for(doc).await;
        }
        self.page
            .js(
                "const file = new File([new Uint8Array(arguments[1])], arguments[0]); \
                 const data = new DataTransfer(); data.items.add(file); \
                 document.querySelector('.app').dispatchEvent(new DragEvent('drop', \
                   {dataTransfer: data, bubbles: true, cancelable: true}));",
                vec![json!(name), json!(bytes)],
            )
            .await;
        self.expect_shown(&expect, &format!("{name} dropped"), false)
            .await;
    }
}

/// Every payload as a `.txt`, `.html` and `.md` file and as pasted text.
#[tokio::test]
async fn every_payload_opened_or_pasted_runs_nothing_and_shows_literally() {
    with_browser("hostile_open_and_paste", |page| async move {
        let work = WorkDir::new("e2e-hostile-open");
        let mut run = Run::new(page).await;
        for (name, bytes) in corpus() {
            for ext in ["txt", "html", "md"] {
                let file = format!("{}.{ext}", stem(&name));
                let path = work.write(&file, &bytes);
                let expect = expect_file(&file, &bytes);
                run.open_file(&path, &expect).await;
                println!(
                    "{file}: {}",
                    match &expect {
                        Expect::Doc(d) =>
                            format!("{} sentences shown literally", d.sentences.len()),
                        Expect::Refused(m) => format!("refused: {m}"),
                    }
                );
            }
            // A clipboard holds text, so invalid bytes arrive replaced.
            let pasted = String::from_utf8_lossy(&bytes).into_owned();
            run.paste(&pasted, &format!("{name} pasted")).await;
            println!("{name}: pasted and shown literally");
        }
    })
    .await;
}

/// Dropped files, hostile file names and titles, and a hostile rename.
#[tokio::test]
async fn hostile_names_drops_and_renames_stay_text() {
    with_browser("hostile_names", |page| async move {
        let work = WorkDir::new("e2e-hostile-names");
        let mut run = Run::new(page).await;

        for file in ["script-tag.txt", "mixed.html", "mixed.md", "invalid-utf8.txt"] {
            let bytes = std::fs::read(Path::new(CORPUS).join(file))
                .unwrap_or_else(|e| panic!("read {file}: {e}"));
            run.drop_file(&format!("{HOSTILE_NAME}{file}"), &bytes)
                .await;
        }

        // A file whose name and title are payloads: the title shows literally
        // in the article, the top bar and the library.
        let text = format!("{HOSTILE_TITLE}\n\nThe title above is text. Nothing ran.\n");
        let named = format!("{HOSTILE_NAME}.txt");
        let path = work.write(&named, text.as_bytes());
        let expect = expect_file(&named, text.as_bytes());
        let Expect::Doc(doc) = &expect else {
            panic!("{named} is refused")
        };
        assert_eq!(doc.title, HOSTILE_TITLE, "the core keeps the title");
        run.open_file(&path, &expect).await;
        run.open_dialog().await;
        let title = json!(HOSTILE_TITLE);
        run.page
            .wait_js(
                "the library to list the hostile title",
                &format!(
                    "const names = Array.from(document.querySelectorAll('.library .lib-name')).map((e) => e.textContent); \
                     return names.includes({title}) ? null : 'names: ' + JSON.stringify(names);"
                ),
            )
            .await;
        let names = run.page.texts_of(".library .lib-name").await;
        assert!(
            names.iter().any(|n| n == HOSTILE_TITLE),
            "the library lists the title literally: {names:?}"
        );
        run.assert_inert("the library with a hostile title").await;

        // A refused file with a hostile name: the banner names it literally.
        let refused = format!("{HOSTILE_NAME}<svg onload=alert(1)>.txt");
        let bad = std::fs::read(Path::new(CORPUS).join("invalid-utf8.txt"))
            .unwrap_or_else(|e| panic!("read invalid-utf8.txt: {e}"));
        let path = work.write(&refused, &bad);
        run.close_dialogs().await;
        run.open_file(&path, &expect_file(&refused, &bad)).await;

        // Rename the hostile entry to another payload.
        run.open_dialog().await;
        let rename = r#"button[aria-label^="Rename <img"]"#;
        run.page
            .wait_for_text("the hostile entry's Rename button", rename)
            .await;
        run.page.click_css(rename).await;
        let input = run
            .page
            .client
            .find(Locator::Css("input.rename"))
            .await
            .unwrap_or_else(|e| panic!("the rename field: {e}"));
        input.clear().await.expect("clear the rename field");
        let new_name = "<script>window.__glossa_pwned=1;alert(1)</script><b onmouseover=alert(1)>x</b>";
        input
            .send_keys(&format!("{new_name}\u{E007}"))
            .await
            .expect("type the new name and Enter");
        let want = json!(new_name);
        run.page
            .wait_js(
                "the library shows the new name",
                &format!(
                    "const names = Array.from(document.querySelectorAll('.library .lib-name')).map((e) => e.textContent); \
                     return names.includes({want}) ? null : 'names: ' + JSON.stringify(names);"
                ),
            )
            .await;
        let buttons = run.page.js(
            "return Array.from(document.querySelectorAll('.library button')).map((b) => b.getAttribute('aria-label'));",
            vec![],
        ).await;
        assert!(
            buttons.as_array().is_some_and(|b| b.contains(&json!(format!("Open {new_name}")))),
            "the Open button's label names it literally: {buttons}"
        );
        run.assert_inert("a hostile rename").await;
    })
    .await;
}

/// The first object with a `body` array, anywhere in a W3C export.
fn first_body(v: &mut Value) -> Option<&mut Vec<Value>> {
    match v {
        Value::Object(map) => {
            if map.get("body").is_some_and(Value::is_array) {
                return map.get_mut("body").and_then(Value::as_array_mut);
            }
            map.values_mut().find_map(first_body)
        }
        Value::Array(items) => items.iter_mut().find_map(first_body),
        _ => None,
    }
}

/// Notes, speakers and cues from imported files are shown as text: in the
/// import dialog, the sidebar and the details dialog.
#[tokio::test]
async fn hostile_notes_speakers_and_cues_in_imports_stay_text() {
    with_browser("hostile_imports", |page| async move {
        let work = WorkDir::new("e2e-hostile-imports");
        let run = Run::new(page).await;
        let page = run.page.clone();
        let slug = parse_article(DEFAULT_ARTICLE).slug();

        page.click_sentence(1).await;
        page.press("3").await;
        page.wait_for("s1 tagged Quote", |s| s.expect_tags(&[(1, "quote")]))
            .await;
        page.press("e").await;
        let glossa = page
            .wait_for_download(&format!("{slug}.glossa.json"))
            .await;
        page.export_as("W3C Web Annotation").await;
        let w3c = page.wait_for_download(&format!("{slug}.w3c.jsonld")).await;

        // The Glossa file: payloads in note, speaker and cue.
        let mut file = read_json(&glossa);
        let ann = file["annotations"]
            .get_mut(0)
            .unwrap_or_else(|| panic!("no annotation in the Glossa export"));
        ann["note"] = json!(HOSTILE_NOTE);
        ann["speaker"] = json!(HOSTILE_SPEAKER);
        ann["cue"] = json!(HOSTILE_CUE);
        let name = format!("{HOSTILE_NAME}.glossa.json");
        let path = work.write(&name, file.to_string().as_bytes());
        import_and_check(&run, &path, &name, HOSTILE_NOTE, HOSTILE_SPEAKER, HOSTILE_CUE).await;

        // The W3C file: the same kinds of payload as textual bodies.
        let mut file = read_json(&w3c);
        let note = "W3C <iframe srcdoc=\"<script>alert(1)</script>\"></iframe>";
        let speaker = "<body onload=alert(1)>W3C";
        let cue = "javascript:alert(1)";
        let body = first_body(&mut file).unwrap_or_else(|| panic!("no body in the W3C export"));
        for (purpose, value) in [
            ("commenting", note.to_string()),
            ("identifying", format!("speaker: {speaker}")),
            ("describing", format!("cue: {cue}")),
        ] {
            body.push(json!({"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}));
        }
        let name = format!("{HOSTILE_NAME}.w3c.jsonld");
        let path = work.write(&name, file.to_string().as_bytes());
        import_and_check(&run, &path, &name, note, speaker, cue).await;
    })
    .await;
}

async fn import_and_check(
    run: &Run,
    path: &Path,
    name: &str,
    note: &str,
    speaker: &str,
    cue: &str,
) {
    let page = &run.page;
    page.choose_file(IMPORT_INPUT, path).await;
    let title = page
        .wait_for_text("the import dialog", "#import-title")
        .await;
    assert_eq!(title, format!("Import “{name}”"), "the file name is text");
    run.assert_inert(&format!("the import dialog for {name}"))
        .await;
    page.click_button_text("Replace my annotations").await;
    let want = json!({"speaker": format!("— {speaker}"), "note": note});
    page.wait_js(
        "the sidebar shows the imported speaker and note",
        &format!(
            "const want = {want}; \
             const sp = document.querySelector('.sidebar .ann:not(.suggested) .ann-speaker'); \
             const no = document.querySelector('.sidebar .ann:not(.suggested) .ann-note'); \
             const got = {{speaker: sp && sp.textContent, note: no && no.textContent}}; \
             return got.speaker === want.speaker && got.note === want.note ? null : JSON.stringify(got);"
        ),
    )
    .await;
    run.assert_inert(&format!("the sidebar after importing {name}"))
        .await;

    page.click_sentence(1).await;
    page.press_key(fantoccini::key::Key::Enter).await;
    page.wait_for_text("the details dialog", "#details-title")
        .await;
    let fields = page
        .js(
            "const v = (s) => { const e = document.querySelector(s); return e ? e.value : null; }; \
             return [v('#f-note'), v('#f-speaker'), v('#f-cue')];",
            vec![],
        )
        .await;
    assert_eq!(fields, json!([note, speaker, cue]), "the details of {name}");
    run.assert_inert(&format!("the details after importing {name}"))
        .await;
    page.press_key(fantoccini::key::Key::Escape).await;
    page.wait_js(
        "the details dialog closed",
        "return document.querySelector('[role=dialog]') ? 'still open' : null;",
    )
    .await;
}
