//! End-to-end tests: the Trunk-built app (`dist/`) in headless Chromium,
//! driven through chromedriver with real clicks and key presses.
//!
//! Needs `trunk build --release` first (scripts/test.sh does it) and
//! chromedriver (`$CHROMEDRIVER` or on PATH). Each test has its own static
//! server, chromedriver, browser profile and download directory; at most two
//! browsers run at once. See `e2e/harness.rs`.

use crate::harness::files::assert_schema_valid;
use crate::harness::{with_browser, Page, Snapshot};
use fantoccini::key::Key;
use glossa_core::article::sha256_hex;
use glossa_core::{parse_article, Document};
use serde_json::Value;
use std::path::Path;

const SEED: &str = include_str!("../../assets/voa-counterespionage.txt");
const EXPORT_NAME: &str = "us-voices-concerns-over-chinas-counterespionage-push.glossa.json";

fn seed() -> Document {
    parse_article(SEED)
}

fn doc_key(doc: &Document) -> String {
    format!("glossa:v1:doc:{}", sha256_hex(&doc.text))
}

/// `text[start..end]` counted in code points.
fn slice_cp(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}\n{text}", path.display()))
}

/// The format version this Glossa writes, and its schema in `docs/`.
const FORMAT_VERSION: u32 = glossa_core::format::VERSION;

/// Checks an exported (or saved) file against the seed document: format,
/// fingerprint, and each annotation `(sentence number, tag)` in order, with
/// offsets and `exact` exactly the sentence.
fn assert_export_matches(file: &Value, doc: &Document, expected: &[(usize, &str)], what: &str) {
    assert_schema_valid(file, what);
    assert_eq!(file["format"], "glossa-annotations", "{what}: format");
    assert_eq!(
        file["version"], FORMAT_VERSION,
        "{what}: version is the one the core writes"
    );
    let sha = sha256_hex(&doc.text);
    assert_eq!(
        sha, doc.text_sha256,
        "core's fingerprint is the SHA-256 of the canonical text"
    );
    assert_eq!(
        file["document"]["text_sha256"],
        sha.as_str(),
        "{what}: document.text_sha256"
    );
    assert_eq!(
        file["document"]["length"],
        doc.text.chars().count(),
        "{what}: document.length in code points"
    );
    assert_eq!(
        file["document"]["offset_unit"], "code_point",
        "{what}: offset_unit"
    );
    assert_eq!(
        file["document"]["title"],
        doc.title.as_str(),
        "{what}: title"
    );

    let got = crate::harness::files::tags_in(file).unwrap_or_else(|e| panic!("{what}: {e}"));
    let anns = file["annotations"].as_array().cloned().unwrap_or_default();
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|(n, t)| (format!("s{n}"), t.to_string()))
        .collect();
    assert_eq!(
        got, want,
        "{what}: annotations (sentence, tag) in file order"
    );

    let starts: Vec<u64> = anns
        .iter()
        .map(|a| a["target"]["start"].as_u64().unwrap_or(u64::MAX))
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "{what}: annotations not sorted by start: {starts:?}"
    );

    for (a, (n, _)) in anns.iter().zip(expected) {
        let sentence = &doc.sentences[n - 1];
        assert_eq!(
            sentence.id.to_string(),
            format!("s{n}"),
            "core numbers sentences from s1"
        );
        let t = &a["target"];
        let start = t["start"]
            .as_u64()
            .unwrap_or_else(|| panic!("{what}: s{n} start is not a number"))
            as usize;
        let end = t["end"]
            .as_u64()
            .unwrap_or_else(|| panic!("{what}: s{n} end is not a number"))
            as usize;
        let exact = t["exact"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: s{n} exact is not a string"));
        assert_eq!(
            (start, end),
            (sentence.start, sentence.end),
            "{what}: s{n} offsets are the sentence's"
        );
        assert_eq!(
            exact,
            slice_cp(&doc.text, start, end),
            "{what}: s{n} exact == text[start..end] (code points)"
        );
        assert_eq!(
            exact,
            sentence.text(doc),
            "{what}: s{n} exact is the sentence"
        );
        assert_eq!(t["paragraph"], sentence.paragraph, "{what}: s{n} paragraph");
        if FORMAT_VERSION >= 2 {
            assert_eq!(
                a["scope"], "sentence",
                "{what}: s{n} is a whole-sentence annotation"
            );
        }
    }
}

/// The saved entry for the seed document, parsed.
fn saved(snap: &Snapshot, doc: &Document) -> Result<Value, String> {
    let key = doc_key(doc);
    let raw = snap
        .storage
        .get(&key)
        .ok_or_else(|| format!("nothing saved under {key}"))?;
    serde_json::from_str(raw).map_err(|e| format!("{key} is not JSON: {e}"))
}

fn saved_tags(snap: &Snapshot, doc: &Document) -> Result<Vec<(String, String)>, String> {
    crate::harness::files::tags_in(&saved(snap, doc)?)
}

async fn expect(
    page: &Page,
    what: &str,
    tags: &[(usize, &str)],
    selected: &[usize],
    counts: [u32; 4],
) -> Snapshot {
    page.wait_for(what, |s| {
        s.expect_tags(tags)?;
        s.expect_selected(selected)?;
        s.expect_counts(counts[0], counts[1], counts[2], counts[3])
    })
    .await
}

#[tokio::test]
async fn tag_by_mouse_and_keys_export_and_reload() {
    with_browser(
        "tag_by_mouse_and_keys_export_and_reload",
        |page| async move {
            let doc = seed();
            page.open().await;

            // Claim by mouse: select s1, press the Claim button.
            page.click_sentence(1).await;
            expect(&page, "s1 selected", &[], &[1], [0, 0, 0, 0]).await;
            page.click_button("Claim").await;
            expect(
                &page,
                "s1 tagged claim with the button",
                &[(1, "claim")],
                &[1],
                [1, 0, 0, 1],
            )
            .await;

            // Denial by key.
            page.click_sentence(5).await;
            expect(&page, "s5 selected", &[(1, "claim")], &[5], [1, 0, 0, 1]).await;
            page.press("2").await;
            expect(
                &page,
                "s5 tagged denial with 2",
                &[(1, "claim"), (5, "denial")],
                &[5],
                [1, 1, 0, 2],
            )
            .await;

            // Move with j, quote with q.
            page.click_sentence(6).await;
            expect(
                &page,
                "s6 selected",
                &[(1, "claim"), (5, "denial")],
                &[6],
                [1, 1, 0, 2],
            )
            .await;
            page.press("j").await;
            page.wait_for("j moves selection and focus to s7", |s| {
                s.expect_selected(&[7])?;
                s.expect_focus(7)
            })
            .await;
            page.press("q").await;
            let tags = [(1, "claim"), (5, "denial"), (7, "quote")];
            expect(&page, "s7 tagged quote with q", &tags, &[7], [1, 1, 1, 3]).await;

            // Autosaved, the same three.
            page.wait_for("the three tags saved in local storage", |s| {
                let got = saved_tags(s, &doc)?;
                let want: Vec<(String, String)> = tags
                    .iter()
                    .map(|(n, t)| (format!("s{n}"), t.to_string()))
                    .collect();
                if got == want {
                    Ok(())
                } else {
                    Err(format!("saved {got:?}"))
                }
            })
            .await;

            // Export with the mouse; read the file the browser wrote.
            page.click_button_text("Export JSON").await;
            let path = page.wait_for_download(EXPORT_NAME).await;
            let file = read_json(&path);
            assert_export_matches(&file, &doc, &tags, "the exported file");

            // Reload: the work is still there.
            page.reload().await;
            page.wait_for("the three tags restored after reload", |s| {
                s.expect_tags(&tags)?;
                s.expect_counts(1, 1, 1, 3)?;
                if s.alerts.is_empty() {
                    Ok(())
                } else {
                    Err(format!("unexpected alert: {:?}", s.alerts))
                }
            })
            .await;
        },
    )
    .await;
}

#[tokio::test]
async fn range_toggle_clear_undo_redo() {
    with_browser("range_toggle_clear_undo_redo", |page| async move {
        page.open().await;
        let range = [2, 3, 4];
        let quotes = [(2, "quote"), (3, "quote"), (4, "quote")];
        let claims = [(2, "claim"), (3, "claim"), (4, "claim")];

        page.click_sentence(2).await;
        expect(&page, "s2 selected", &[], &[2], [0, 0, 0, 0]).await;
        page.shift_click_sentence(4).await;
        expect(
            &page,
            "shift-click selects s2..s4",
            &[],
            &range,
            [0, 0, 0, 0],
        )
        .await;

        page.press("3").await;
        expect(&page, "3 quotes the range", &quotes, &range, [0, 0, 3, 3]).await;
        page.press("3").await;
        expect(
            &page,
            "3 again removes the quotes",
            &[],
            &range,
            [0, 0, 0, 0],
        )
        .await;
        page.press("1").await;
        expect(&page, "1 claims the range", &claims, &range, [3, 0, 0, 3]).await;
        page.press("0").await;
        expect(&page, "0 clears the range", &[], &range, [0, 0, 0, 0]).await;
        page.press("u").await;
        expect(&page, "u undoes the clear", &claims, &range, [3, 0, 0, 3]).await;
        page.chord(&[Key::Control], 'y').await;
        expect(&page, "Ctrl+Y redoes the clear", &[], &range, [0, 0, 0, 0]).await;
        page.chord(&[Key::Control], 'z').await;
        expect(
            &page,
            "Ctrl+Z undoes it again",
            &claims,
            &range,
            [3, 0, 0, 3],
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn corrupt_saved_work_is_reported_and_kept() {
    with_browser(
        "corrupt_saved_work_is_reported_and_kept",
        |page| async move {
            let doc = seed();
            let key = doc_key(&doc);
            let truncated = r#"{"format":"glossa-annotations","version":1,"#;
            page.open().await;
            page.set_storage(&key, truncated).await;
            page.reload().await;

            let snap = page
                .wait_for("a banner saying saved work could not be read", |s| {
                    if s.alerts.iter().any(|a| a.contains("could not be read")) {
                        Ok(())
                    } else {
                        Err(format!("alerts: {:?}", s.alerts))
                    }
                })
                .await;
            snap.expect_tags(&[])
                .expect("the app starts with no annotations");
            snap.expect_counts(0, 0, 0, 0).expect("the counts are zero");
            let backups = snap.storage_with_prefix("glossa:v1:backup:");
            assert_eq!(backups.len(), 1, "one backup key: {backups:?}");
            let (backup_key, backup) = backups[0];
            assert_eq!(
                backup, truncated,
                "the backup holds exactly the unreadable data"
            );
            assert_eq!(
                snap.storage.get(&key).map(String::as_str),
                Some(truncated),
                "nothing is overwritten before the next change"
            );

            // New work saves over it, and comes back after a reload.
            page.click_sentence(3).await;
            page.press("c").await;
            expect(
                &page,
                "s3 tagged claim with c",
                &[(3, "claim")],
                &[3],
                [1, 0, 0, 1],
            )
            .await;
            page.wait_for("the new work saved", |s| {
                let got = saved_tags(s, &doc)?;
                if got == [("s3".to_string(), "claim".to_string())] {
                    Ok(())
                } else {
                    Err(format!("saved {got:?}"))
                }
            })
            .await;
            page.reload().await;
            let snap = page
                .wait_for("the new tag restored, no banner", |s| {
                    s.expect_tags(&[(3, "claim")])?;
                    s.expect_counts(1, 0, 0, 1)?;
                    if s.alerts.is_empty() {
                        Ok(())
                    } else {
                        Err(format!("alerts: {:?}", s.alerts))
                    }
                })
                .await;
            let backups = snap.storage_with_prefix("glossa:v1:backup:");
            assert_eq!(
                backups,
                [(backup_key, truncated)],
                "the backup is kept as it was"
            );
        },
    )
    .await;
}

#[tokio::test]
async fn keyboard_navigation_focus_and_export_key() {
    with_browser(
        "keyboard_navigation_focus_and_export_key",
        |page| async move {
            let doc = seed();
            page.open().await;

            // The page shows exactly the core's sentences, in order.
            let snap = page.snapshot().await.expect("snapshot");
            let want: Vec<(String, &str)> = doc
                .sentences
                .iter()
                .map(|s| (s.id.to_string(), s.text(&doc)))
                .collect();
            let got: Vec<(String, &str)> = snap
                .sentences
                .iter()
                .map(|s| (s.id.clone(), s.text.as_str()))
                .collect();
            assert_eq!(got.len(), want.len(), "one span per sentence of the core");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g, w, "sentence id and text");
            }
            snap.expect_selected(&[])
                .expect("nothing selected at first");
            snap.expect_counts(0, 0, 0, 0).expect("no counts at first");
            let total = doc.sentences.len();
            assert!(total >= 8, "the seed article has at least 8 sentences");
            for (label, enabled) in &snap.buttons {
                assert_eq!(
                    *enabled,
                    Some(false),
                    "{label} is disabled with nothing selected"
                );
            }

            page.click_sentence(1).await;
            page.wait_for("s1 selected and focused, buttons enabled", |s| {
                s.expect_selected(&[1])?;
                s.expect_focus(1)?;
                match s.buttons.values().all(|b| *b == Some(true)) {
                    true => Ok(()),
                    false => Err(format!("buttons: {:?}", s.buttons)),
                }
            })
            .await;

            page.press_key(Key::Down).await;
            page.press_key(Key::Down).await;
            page.wait_for("ArrowDown twice: s3", |s| {
                s.expect_selected(&[3])?;
                s.expect_focus(3)
            })
            .await;
            page.chord(&[Key::Shift], Key::Down.into()).await;
            page.wait_for("Shift+ArrowDown extends to s4", |s| {
                s.expect_selected(&[3, 4])?;
                s.expect_focus(4)
            })
            .await;
            page.chord(&[Key::Shift], 'J').await;
            page.wait_for("Shift+J extends to s5", |s| s.expect_selected(&[3, 4, 5]))
                .await;
            page.chord(&[Key::Shift], 'K').await;
            page.wait_for("Shift+K shrinks back to s4", |s| s.expect_selected(&[3, 4]))
                .await;
            page.press("d").await;
            expect(
                &page,
                "d: denial on s3, s4",
                &[(3, "denial"), (4, "denial")],
                &[3, 4],
                [0, 2, 0, 2],
            )
            .await;

            page.press_key(Key::Up).await;
            page.wait_for("ArrowUp collapses onto s3", |s| {
                s.expect_selected(&[3])?;
                s.expect_focus(3)
            })
            .await;
            page.press_key(Key::Backspace).await;
            expect(
                &page,
                "Backspace clears s3",
                &[(4, "denial")],
                &[3],
                [0, 1, 0, 1],
            )
            .await;
            page.chord(&[Key::Control], 'z').await;
            expect(
                &page,
                "Ctrl+Z brings s3 back",
                &[(3, "denial"), (4, "denial")],
                &[3],
                [0, 2, 0, 2],
            )
            .await;
            page.chord(&[Key::Control, Key::Shift], 'Z').await;
            expect(
                &page,
                "Ctrl+Shift+Z clears it again",
                &[(4, "denial")],
                &[3],
                [0, 1, 0, 1],
            )
            .await;

            // j on the last sentence stays there (no wrap-around), and 3 tags it.
            page.click_sentence(total).await;
            page.press("j3").await;
            let tags = [(4, "denial"), (total, "quote")];
            expect(
                &page,
                "j then 3 on the last sentence",
                &tags,
                &[total],
                [0, 1, 1, 2],
            )
            .await;
            page.wait_for("focus stays on the last sentence", |s| {
                s.expect_focus(total)
            })
            .await;

            // e exports.
            page.press("e").await;
            let path = page.wait_for_download(EXPORT_NAME).await;
            assert_export_matches(&read_json(&path), &doc, &tags, "the file exported with e");
        },
    )
    .await;
}

/// The value of the Export menu's name field (the menu must be open).
async fn name_field(page: &Page) -> String {
    page.js(
        "return document.querySelector('#f-own-name')?.value ?? '(no field)';",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Opens "Export ▾" and puts the keyboard in its name field (Tab from the
/// first item, as a keyboard user would).
async fn tab_to_name_field(page: &Page) {
    page.click_css(r#"button[aria-haspopup="menu"]"#).await;
    page.wait_for_text("the export menu", "[role=menu]").await;
    page.wait_js(
        "the first format focused",
        "const a = document.activeElement; \
         return a && a.getAttribute('role') === 'menuitem' ? null : 'focus on ' + (a && a.outerHTML);",
    )
    .await;
    page.press_key(Key::Tab).await;
    page.wait_for_focus_on("#f-own-name").await;
}

/// Signed out, a person names themselves once for their exports: the
/// Glossa JSON export carries the name (trimmed) as its `annotator`, the
/// name is still there after a reload and exported by the `e` key, and a
/// blank field names nobody.
#[tokio::test]
async fn the_name_for_exports_is_exported_and_kept_after_a_reload() {
    with_browser(
        "the_name_for_exports_is_exported_and_kept_after_a_reload",
        |page| async move {
            page.open().await;
            page.click_sentence(1).await;
            page.press("1").await;

            // Typed in the Export menu's field: j and k are letters here,
            // not the menu's moves.
            tab_to_name_field(&page).await;
            page.press("  Katja Jokinen ").await;
            page.wait_for_focus_on("#f-own-name").await;
            assert_eq!(name_field(&page).await, "  Katja Jokinen ");
            page.press_key(Key::Escape).await;
            page.wait_js(
                "the export menu closed",
                "return document.querySelector('[role=menu]') ? 'open' : null;",
            )
            .await;

            page.export_as("Glossa JSON").await;
            let path = page.wait_for_download(EXPORT_NAME).await;
            let file = read_json(&path);
            assert_eq!(file["annotator"], "Katja Jokinen", "the name, trimmed");
            std::fs::remove_file(&path)
                .unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));

            // After a reload the field shows it and `e` exports it.
            page.reload().await;
            page.click_css(r#"button[aria-haspopup="menu"]"#).await;
            page.wait_for_text("the export menu", "[role=menu]").await;
            assert_eq!(name_field(&page).await, "Katja Jokinen");
            page.press_key(Key::Escape).await;
            page.click_sentence(2).await;
            page.press("e").await;
            let path = page.wait_for_download(EXPORT_NAME).await;
            assert_eq!(
                read_json(&path)["annotator"],
                "Katja Jokinen",
                "the name kept after a reload"
            );
            std::fs::remove_file(&path)
                .unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));

            // Emptied: nobody is named, and nothing is kept.
            tab_to_name_field(&page).await;
            page.js(
                "const f = document.querySelector('#f-own-name'); f.select();",
                vec![],
            )
            .await;
            page.press_key(Key::Backspace).await;
            assert_eq!(name_field(&page).await, "");
            page.press_key(Key::Escape).await;
            page.export_as("Glossa JSON").await;
            let file = read_json(&page.wait_for_download(EXPORT_NAME).await);
            assert!(file.get("annotator").is_none(), "nobody named: {file}");
            let kept = page
                .js("return localStorage.getItem('glossa:v1:own-name');", vec![])
                .await;
            assert!(kept.is_null(), "a blank name is not kept: {kept}");
        },
    )
    .await;
}

/// The harness's static server: right types, GET only, nothing outside
/// `dist/`. (No browser.)
#[tokio::test]
async fn static_server_types_and_confinement() {
    let dist = crate::harness::dist_dir();
    let server = crate::harness::serve(dist.clone()).await;
    let get = |path: &'static str| crate::harness::http(server.port, "GET", path, None);

    let (status, head, body) = get("/").await.expect("GET /");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert_eq!(
        body,
        std::fs::read(dist.join("index.html")).expect("read dist/index.html")
    );

    let entries: Vec<String> = std::fs::read_dir(&dist)
        .expect("list dist/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for (ext, want) in [
        (".wasm", "application/wasm"),
        (".js", "text/javascript"),
        (".css", "text/css"),
    ] {
        let name = entries
            .iter()
            .find(|n| n.ends_with(ext))
            .unwrap_or_else(|| panic!("no *{ext} in dist/: {entries:?}"));
        let (status, head, body) =
            crate::harness::http(server.port, "GET", &format!("/{name}"), None)
                .await
                .expect("GET a dist file");
        assert_eq!(status, 200, "/{name}");
        assert!(
            head.contains(&format!("content-type: {want}")),
            "/{name}: {head}"
        );
        assert_eq!(
            body.len() as u64,
            std::fs::metadata(dist.join(name)).expect("stat").len(),
            "/{name}"
        );
    }

    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/./index.html",
        "//etc/passwd",
        "/nope.js",
        "/..\\Cargo.toml",
    ] {
        let (status, _, _) = crate::harness::http(server.port, "GET", path, None)
            .await
            .expect("GET");
        assert_eq!(status, 404, "{path} must not be served");
    }
    let (status, head, _) = crate::harness::http(server.port, "POST", "/", Some("{}"))
        .await
        .expect("POST /");
    assert_eq!(status, 405, "POST is refused");
    assert!(head.contains("allow: get"), "{head}");
}

#[tokio::test]
async fn a_drag_across_sentences_selects_them() {
    with_browser("drag_across_sentences", |page| async move {
        page.open().await;
        page.drag_sentences(2, 4).await;
        page.wait_for("s2 to s4 selected, no span", |s| {
            s.expect_selected(&[2, 3, 4])
        })
        .await;
        let spans = page
            .js(
                "return document.querySelectorAll('.seg.insel').length;",
                vec![],
            )
            .await;
        assert_eq!(spans, serde_json::json!(0), "no word span was made");
        // And they are tagged together.
        page.press("1").await;
        page.wait_for("the three tagged claim", |s| {
            s.expect_tags(&[(2, "claim"), (3, "claim"), (4, "claim")])
        })
        .await;
    })
    .await;
}

/// Selecting an annotation whose card is below the fold of the sidebar
/// brings the card into view (the list scrolls, the page does not), and a
/// link mark in the text goes to the other end of the link.
#[tokio::test]
async fn the_selected_card_comes_into_view_and_link_marks_go_there() {
    with_browser("card_in_view", |page| async move {
        page.open().await;
        // Many cards: every claim and quote suggestion accepted.
        for tag in ["claim", "quote"] {
            page.click_xpath(&format!(
                "//div[contains(@class,'accept-all')]//button[starts-with(normalize-space(.),'Accept all {tag}')]"
            ))
            .await;
        }
        page.js("document.querySelector('.sidebar').scrollTop = 0;", vec![])
            .await;
        let last = page
            .js(
                "const c = [...document.querySelectorAll('.ann-list .ann')]; const l = c[c.length - 1]; \
                 const r = l.getBoundingClientRect(), o = document.querySelector('.sidebar').getBoundingClientRect(); \
                 return [c.length, l.querySelector('.ann-where').textContent, r.top > o.bottom];",
                vec![],
            )
            .await;
        assert_eq!(last[2], serde_json::json!(true), "the last card starts out of view: {last}");
        let n: usize = last[1]
            .as_str()
            .and_then(|w| w.strip_prefix('s'))
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("the last card's sentence: {last}"));
        let page_top = page.js("return scrollY;", vec![]).await;
        page.click_sentence(n).await;
        page.wait_js(
            "the selected card inside the sidebar's view",
            "const a = document.querySelector('.ann.active'); if (!a) return 'no active card'; \
             const r = a.getBoundingClientRect(), o = document.querySelector('.sidebar').getBoundingClientRect(); \
             return r.top >= o.top && r.bottom <= o.bottom ? null : 'card at ' + r.top + '–' + r.bottom + ', sidebar ' + o.top + '–' + o.bottom;",
        )
        .await;
        // Only the list scrolled for it: the sentence clicked is where it was.
        let sentence_visible = page
            .js(
                "const r = document.querySelector('[data-sentence-id=s' + arguments[0] + ']').getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight;",
                vec![serde_json::json!(n)],
            )
            .await;
        assert_eq!(sentence_visible, serde_json::json!(true), "page was at {page_top}");

        // A denial linked to the claim of s2; its mark in the text goes there.
        let claim = page
            .js("return [...document.querySelectorAll('.s.tag-claim')].map(e => e.dataset.sentenceId);", vec![])
            .await;
        let claim_n: usize = claim[0]
            .as_str()
            .and_then(|w| w.strip_prefix('s'))
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("a claim: {claim}"));
        let denial_n = claim_n + 1;
        page.click_sentence(denial_n).await;
        page.press("2").await;
        page.press_key(Key::Enter).await;
        page.wait_for_focus_on("#f-denies").await;
        page.press_key(Key::Down).await;
        page.press_key(Key::Enter).await;
        page.press_key(Key::Escape).await;
        let mark = format!("[data-sentence-id=s{denial_n}] .link-mark.denies");
        let said = page
            .js(
                "const m = document.querySelector(arguments[0]); return m ? [m.dataset.link, getComputedStyle(m, '::after').content] : null;",
                vec![serde_json::json!(mark)],
            )
            .await;
        assert_eq!(
            said,
            serde_json::json!([format!("→ s{claim_n}"), format!("\"→ s{claim_n}\"")]),
            "the denial's mark is drawn"
        );
        page.click_css(&mark).await;
        page.wait_for(&format!("s{claim_n} selected by the mark"), |s| {
            s.expect_selected(&[claim_n])
        })
        .await;
        page.press("l").await;
        page.wait_for(&format!("l back to s{denial_n}"), |s| s.expect_selected(&[denial_n]))
            .await;
    })
    .await;
}
