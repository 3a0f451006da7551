//! End-to-end: documents opened from files, every export format read back
//! from the download directory and checked, and exports imported into an
//! edited copy of the text (re-anchoring), plus malformed imports.
//!
//! See `e2e/harness.rs` for how the browser is driven.

use crate::harness::files::{
    assert_schema_valid, assert_w3c_valid, parse_csv, read_json, read_text, slice_cp,
};
use crate::harness::{with_browser, Page, WorkDir};
use fantoccini::key::Key;
use glossa_core::article::sha256_hex;
use glossa_core::{parse_article, Document};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A news-like article of our own: categories, title, paragraphs, source.
/// s2 holds a typo ("reclamed") that the edited copy fixes.
const ARTICLE: &str = include_str!("fixtures/rotterdam-terminal.txt");
const TITLE: &str = "Rotterdam Port Says New Terminal Will Cut Shipping Delays";
const SLUG: &str = "rotterdam-port-says-new-terminal-will-cut-shipping-delays";
/// The top bar's hidden import input.
const IMPORT_INPUT: &str = "input#import-file";

/// Whole sentences tagged by keys in the original (sentence number, tag).
const TAGS: [(usize, &str); 7] = [
    (1, "claim"),
    (2, "claim"),
    (3, "quote"),
    (5, "claim"),
    (6, "denial"),
    (9, "quote"),
    (10, "claim"),
];
/// Three words at the start of this claim sentence are tagged Quote.
const SPAN_SENTENCE: usize = 5;
const SPAN_WORDS: &str = "A report published";
const TYPO_SENTENCE: usize = 2;
/// Every exported annotation: the sentences and the span.
const EXPORTED: usize = TAGS.len() + 1;

const CSV_HEADER: [&str; 18] = [
    "id",
    "tag",
    "scope",
    "sentence",
    "paragraph",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "speaker",
    "cue",
    "direct",
    "note",
    "denies",
    "created_at",
    "updated_at",
    "annotator",
];

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} occurs once in the fixture"
    );
    text.replacen(from, to, 1)
}

/// The edited copy: a sentence inserted after s1 (same paragraph), the
/// typo in s2 fixed, a word deleted in s4 (before the tagged s5).
fn edited(text: &str) -> String {
    let t = replace_once(
        text,
        "by a third. The terminal",
        "by a third. Construction began in 2021 after years of planning. The terminal",
    );
    let t = replace_once(&t, "reclamed", "reclaimed");
    replace_once(&t, "damage fragile wetlands", "damage wetlands")
}

/// Another copy for the W3C import: the original with one more paragraph
/// at the end (a different text, so a fresh document).
fn appended(text: &str) -> String {
    replace_once(
        text,
        "\n\nSource : ",
        "\n\nPort officials will publish a full timetable next week.\n\nSource : ",
    )
}

/// Original sentence number → its number in the edited copy.
fn in_edited(n: usize) -> usize {
    if n == 1 {
        1
    } else {
        n + 1
    }
}

/// Waits until the page shows exactly `doc`: its title and its sentences.
async fn wait_for_doc(page: &Page, doc: &Document, what: &str) {
    let want: Vec<String> = doc
        .sentences
        .iter()
        .map(|s| s.text(doc).to_string())
        .collect();
    page.wait_for(what, |s| {
        let got: Vec<&str> = s.sentences.iter().map(|x| x.text.as_str()).collect();
        if got == want {
            Ok(())
        } else {
            Err(format!(
                "page shows {} sentences, first {:?}, want {} sentences, first {:?}",
                got.len(),
                got.first(),
                want.len(),
                want.first()
            ))
        }
    })
    .await;
    assert_eq!(
        page.title().await.as_deref(),
        Some(doc.title.as_str()),
        "{what}: title"
    );
}

/// Opens `path` with the Open dialog's file picker.
async fn open_through_dialog(page: &Page, path: &Path, doc: &Document) {
    page.click_css(r#"button[aria-keyshortcuts="o"]"#).await;
    page.wait_for_text("the Open dialog", "[role=dialog] #open-title")
        .await;
    page.choose_file("#f-file", path).await;
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    wait_for_doc(page, doc, &format!("{name} opened")).await;
    page.wait_js(
        "the Open dialog closed",
        "return document.querySelector('#open-title') ? 'the Open dialog is still open' : null;",
    )
    .await;
    page.wait_for("a fresh document: no tags, no alert", |s| {
        s.expect_tags(&[])?;
        s.expect_counts(0, 0, 0, 0)?;
        if s.alerts.is_empty() {
            Ok(())
        } else {
            Err(format!("alerts: {:?}", s.alerts))
        }
    })
    .await;
}

/// The three numbers of "A placed exactly, B re-anchored, C could not be placed."
fn summary_numbers(summary: &str) -> (usize, usize, usize) {
    let num = |label: &str| -> usize {
        summary
            .split(',')
            .find(|part| part.contains(label))
            .and_then(|part| part.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no number for {label:?} in the summary {summary:?}"))
    };
    (
        num("placed exactly"),
        num("re-anchored"),
        num("could not be placed"),
    )
}

/// Imports `path` through the top bar's input and returns the dialog's summary.
async fn import_file(page: &Page, path: &Path) -> String {
    page.choose_file(IMPORT_INPUT, path).await;
    let summary = page
        .wait_for_text("the import dialog's summary", ".import-summary")
        .await;
    println!(
        "import {} → {summary}",
        path.file_name().unwrap().to_string_lossy()
    );
    summary
}

async fn no_dialog(page: &Page, what: &str) {
    page.wait_js(
        what,
        "return document.querySelector('[role=dialog]') ? 'a dialog is open: ' + document.querySelector('[role=dialog]').textContent.slice(0, 200) : null;",
    )
    .await;
}

/// The quote span's text in sentence `n`, as the page shows it.
async fn quote_span_text(page: &Page, n: usize) -> String {
    page.texts_of(&format!(r#"[data-sentence-id="s{n}"] span.seg.t-quote"#))
        .await
        .concat()
}

/// One annotation of the exported Glossa file, the reference for the others.
#[derive(Debug, Clone)]
struct Ann {
    id: String,
    tag: String,
    scope: String,
    start: usize,
    end: usize,
    exact: String,
}

fn check_glossa(file: &Value, doc: &Document) -> Vec<Ann> {
    assert_schema_valid(file, "the Glossa JSON export");
    assert_eq!(
        file["document"]["text_sha256"],
        sha256_hex(&doc.text).as_str()
    );
    assert_eq!(file["document"]["title"], TITLE);
    let anns: Vec<Ann> = file["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .map(|a| Ann {
            id: a["id"].as_str().expect("id").to_string(),
            tag: a["tag"].as_str().expect("tag").to_string(),
            scope: a["scope"].as_str().expect("scope").to_string(),
            start: a["target"]["start"].as_u64().expect("start") as usize,
            end: a["target"]["end"].as_u64().expect("end") as usize,
            exact: a["target"]["exact"].as_str().expect("exact").to_string(),
        })
        .collect();
    assert_eq!(anns.len(), EXPORTED, "Glossa JSON: the annotations made");
    for a in &anns {
        assert_eq!(
            a.exact,
            slice_cp(&doc.text, a.start, a.end),
            "Glossa JSON: exact == text[start..end] for {a:?}"
        );
    }
    let mut sentences: Vec<(usize, &str)> = Vec::new();
    for a in anns.iter().filter(|a| a.scope == "sentence") {
        let s = doc
            .sentences
            .iter()
            .find(|s| (s.start, s.end) == (a.start, a.end))
            .unwrap_or_else(|| panic!("a sentence annotation that is no sentence: {a:?}"));
        sentences.push((s.id.number() as usize, a.tag.as_str()));
    }
    assert_eq!(sentences, TAGS, "Glossa JSON: sentence tags");
    let spans: Vec<&Ann> = anns.iter().filter(|a| a.scope == "span").collect();
    assert_eq!(spans.len(), 1, "Glossa JSON: one span");
    assert_eq!(spans[0].tag, "quote");
    assert_eq!(spans[0].exact, SPAN_WORDS);
    assert_eq!(spans[0].start, doc.sentences[SPAN_SENTENCE - 1].start);
    let starts: Vec<usize> = anns.iter().map(|a| a.start).collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "document order: {starts:?}"
    );
    anns
}

fn check_w3c(path: &Path, doc: &Document, anns: &[Ann]) {
    assert_w3c_valid(path);
    let file = read_json(path);
    assert_eq!(file["type"], "AnnotationCollection");
    assert_eq!(file["total"], anns.len());
    let items = file["first"]["items"].as_array().expect("first.items");
    assert_eq!(items.len(), anns.len(), "W3C: one annotation each");
    for (item, a) in items.iter().zip(anns) {
        assert_eq!(item["id"], format!("urn:uuid:{}", a.id), "W3C: ids kept");
        assert_eq!(item["body"][0]["purpose"], "tagging");
        assert_eq!(item["body"][0]["value"], a.tag.as_str());
        assert_eq!(
            item["target"]["source"],
            format!("urn:sha256:{}", sha256_hex(&doc.text))
        );
        let selectors = item["target"]["selector"].as_array().expect("selectors");
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("a TextQuoteSelector");
        let pos = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("a TextPositionSelector");
        let (s, e) = (
            pos["start"].as_u64().unwrap() as usize,
            pos["end"].as_u64().unwrap() as usize,
        );
        assert_eq!((s, e), (a.start, a.end), "W3C: positions");
        assert_eq!(quote["exact"], slice_cp(&doc.text, s, e).as_str());
        assert_eq!(quote["exact"], a.exact.as_str());
    }
}

fn check_jsonl(path: &Path, doc: &Document, anns: &[Ann]) {
    let text = read_text(path);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "JSONL: one line for the document");
    let obj: Value = serde_json::from_str(lines[0])
        .unwrap_or_else(|e| panic!("JSONL line is not JSON: {e}\n{}", lines[0]));
    assert_eq!(obj["text"], doc.text.as_str(), "JSONL: the canonical text");
    assert_eq!(obj["text_sha256"], sha256_hex(&doc.text).as_str());
    let labels = obj["label"].as_array().expect("label");
    assert_eq!(labels.len(), anns.len(), "JSONL: one label each");
    for (l, a) in labels.iter().zip(anns) {
        let (s, e) = (
            l[0].as_u64().unwrap() as usize,
            l[1].as_u64().unwrap() as usize,
        );
        assert_eq!(
            (s, e, l[2].as_str()),
            (a.start, a.end, Some(a.tag.as_str()))
        );
        assert_eq!(
            slice_cp(&doc.text, s, e),
            a.exact,
            "JSONL: offsets slice the exact text"
        );
    }
}

fn check_csv(path: &Path, doc: &Document, anns: &[Ann]) {
    let text = read_text(path);
    let body = text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a UTF-8 byte-order mark");
    assert!(body.contains("\r\n"), "CSV lines end in CRLF");
    let rows = parse_csv(body).unwrap_or_else(|e| panic!("CSV does not parse: {e}\n{body}"));
    assert_eq!(rows[0], CSV_HEADER, "CSV header");
    assert_eq!(rows.len() - 1, anns.len(), "CSV: one row per annotation");
    let col = |name: &str| CSV_HEADER.iter().position(|c| *c == name).unwrap();
    // A leading ' guards a field a spreadsheet would evaluate.
    let unguard = |f: &str| -> String {
        match f.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
            _ => f.to_string(),
        }
    };
    for (row, a) in rows[1..].iter().zip(anns) {
        assert_eq!(row.len(), CSV_HEADER.len(), "CSV row width: {row:?}");
        assert_eq!(row[col("id")], a.id);
        assert_eq!(row[col("tag")], a.tag);
        assert_eq!(row[col("scope")], a.scope);
        let s: usize = row[col("start")].parse().expect("start");
        let e: usize = row[col("end")].parse().expect("end");
        assert_eq!((s, e), (a.start, a.end), "CSV offsets");
        let exact = unguard(&row[col("exact")]);
        assert_eq!(exact, slice_cp(&doc.text, s, e), "CSV: exact round-trips");
        assert_eq!(exact, a.exact);
    }
}

fn check_brat(txt: &Path, ann: &Path, doc: &Document, anns: &[Ann]) {
    let text = read_text(txt);
    assert_eq!(text, doc.text, "brat .txt is the canonical text");
    let ann_text = read_text(ann);
    let t_lines: Vec<&str> = ann_text.lines().filter(|l| l.starts_with('T')).collect();
    assert_eq!(
        t_lines.len(),
        anns.len(),
        "brat: one T line each:\n{ann_text}"
    );
    for (line, a) in t_lines.iter().zip(anns) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "brat T line has 3 columns: {line:?}");
        let (kind, ranges) = cols[1].split_once(' ').expect("type and offsets");
        let mut want_kind = a.tag.clone();
        want_kind[..1].make_ascii_uppercase();
        assert_eq!(kind, want_kind, "brat type");
        let frags: Vec<(usize, usize)> = ranges
            .split(';')
            .map(|r| {
                let (s, e) = r.split_once(' ').expect("start end");
                (s.parse().unwrap(), e.parse().unwrap())
            })
            .collect();
        let joined: Vec<String> = frags.iter().map(|&(s, e)| slice_cp(&text, s, e)).collect();
        assert_eq!(
            cols[2],
            joined.join(" "),
            "brat: offsets slice .txt to the text column"
        );
        assert_eq!(
            (frags[0].0, frags[frags.len() - 1].1),
            (a.start, a.end),
            "brat offsets"
        );
        assert_eq!(
            cols[2], a.exact,
            "brat text (no line breaks inside sentences)"
        );
    }
}

/// Waits for a download; says precisely which one of a pair did not come.
async fn downloaded(page: &Page, name: &str, what: &str) -> PathBuf {
    let path = page.downloads.join(name);
    let task = {
        let page = page.clone();
        let name = name.to_string();
        tokio::spawn(async move { page.wait_for_download(&name).await })
    };
    match task.await {
        Ok(p) => p,
        Err(_) => panic!(
            "{what}: {} never arrived in the download directory (it holds {:?})",
            path.display(),
            page.downloaded()
        ),
    }
}

#[tokio::test]
async fn open_file_annotate_export_every_format_and_reimport_into_edited_text() {
    with_browser(
        "open_file_annotate_export_every_format_and_reimport_into_edited_text",
        |page| async move {
            let work = WorkDir::new("e2e-documents");
            let doc = parse_article(ARTICLE);
            assert_eq!(doc.title, TITLE);
            assert_eq!(doc.slug(), SLUG);
            assert_eq!(doc.sentences.len(), 10, "the fixture has 10 sentences");
            assert!(doc.sentences[TYPO_SENTENCE - 1]
                .text(&doc)
                .contains("reclamed"));
            assert!(doc.sentences[SPAN_SENTENCE - 1]
                .text(&doc)
                .starts_with(SPAN_WORDS));
            let original = work.write("rotterdam-terminal.txt", ARTICLE);

            page.open().await;
            open_through_dialog(&page, &original, &doc).await;

            // Tag by keys: j moves (the first j selects s1), 1/q/d tag,
            // Shift+→ three times selects the span's words.
            page.press("j1j1jqjj1").await;
            for _ in 0..3 {
                page.chord(&[Key::Shift], Key::Right.into()).await;
            }
            page.press("q").await;
            page.press("jdjjjqj1").await;
            page.wait_for("7 sentences and a span tagged", |s| {
                s.expect_tags(&TAGS)?;
                s.expect_counts(4, 1, 3, 7)
            })
            .await;
            assert_eq!(quote_span_text(&page, SPAN_SENTENCE).await, SPAN_WORDS);

            // Every format, through Export ▾.
            page.export_as("Glossa JSON").await;
            let glossa_path =
                downloaded(&page, &format!("{SLUG}.glossa.json"), "Glossa JSON").await;
            let anns = check_glossa(&read_json(&glossa_path), &doc);

            page.export_as("W3C Web Annotation").await;
            let w3c_path = downloaded(&page, &format!("{SLUG}.w3c.jsonld"), "W3C").await;
            check_w3c(&w3c_path, &doc, &anns);

            page.export_as("JSONL").await;
            let jsonl_path = downloaded(&page, &format!("{SLUG}.jsonl"), "JSONL").await;
            check_jsonl(&jsonl_path, &doc, &anns);

            page.export_as("CSV").await;
            let csv_path = downloaded(&page, &format!("{SLUG}.csv"), "CSV").await;
            check_csv(&csv_path, &doc, &anns);

            // brat: one archive holding the .txt, the .ann and annotation.conf.
            page.export_as("brat").await;
            let zip_path = downloaded(&page, &format!("{SLUG}.brat.zip"), "brat (.brat.zip)").await;
            let (txt_path, ann_path) = unzip_brat(&zip_path, SLUG);
            check_brat(&txt_path, &ann_path, &doc, &anns);

            // An edited copy, opened as a new document; the Glossa export
            // imported and merged.
            let edited_text = edited(ARTICLE);
            let edited_doc = parse_article(&edited_text);
            assert_eq!(edited_doc.sentences.len(), doc.sentences.len() + 1);
            let edited_path = work.write("rotterdam-terminal-edited.txt", &edited_text);
            open_through_dialog(&page, &edited_path, &edited_doc).await;
            let summary = import_file(&page, &glossa_path).await;
            let (exact, moved, orphans) = summary_numbers(&summary);
            assert_eq!(
                exact + moved + orphans,
                EXPORTED,
                "every exported annotation is accounted for: {summary}"
            );
            assert_eq!(
                exact, 0,
                "the text changed: none is placed at its old offsets: {summary}"
            );
            assert!(
                orphans <= 1,
                "only the sentence whose typo was fixed may fail to be placed: {summary}"
            );
            page.click_button_text("Merge with my annotations").await;
            no_dialog(&page, "the import dialog closed").await;

            let typo_placed = orphans == 0;
            let want: Vec<(usize, &str)> = TAGS
                .iter()
                .filter(|(n, _)| typo_placed || *n != TYPO_SENTENCE)
                .map(|&(n, t)| (in_edited(n), t))
                .collect();
            let c = |t: &str| want.iter().filter(|(_, x)| *x == t).count() as u32;
            let (claims, denials, quotes) = (c("claim"), c("denial"), c("quote") + 1);
            let tagged = want.len() as u32;
            page.wait_for("the imported tags in their new places", |s| {
                s.expect_tags(&want)?;
                s.expect_counts(claims, denials, quotes, tagged)
            })
            .await;
            assert_eq!(
                quote_span_text(&page, in_edited(SPAN_SENTENCE)).await,
                SPAN_WORDS,
                "the span moved with its sentence"
            );
            let rows = page.texts_of(".ann-list .ann .ann-tag").await;
            assert_eq!(
                rows.len(),
                moved,
                "the sidebar lists every placed annotation: {rows:?}"
            );
            assert_eq!(
                rows.iter().filter(|r| r.as_str() == "Quote · span").count(),
                1,
                "{rows:?}"
            );
            let orphan_summary = page.text_of("details.orphans summary").await;
            let orphan_items = page.texts_of("details.orphans li").await;
            if typo_placed {
                assert_eq!(orphan_summary, None, "nothing listed as unplaced");
                // Re-anchored approximately: the whole fixed sentence.
                let fixed = edited_doc.sentences[in_edited(TYPO_SENTENCE) - 1].text(&edited_doc);
                assert!(fixed.contains("reclaimed"));
                let key = format!("glossa:v1:doc:{}", sha256_hex(&edited_doc.text));
                // Saves follow changes a moment later (debounced): wait for it.
                let saved_snap = page
                    .wait_for("the merged work saved", |s| {
                        s.storage
                            .get(&key)
                            .map(|_| ())
                            .ok_or_else(|| "not saved yet".to_string())
                    })
                    .await;
                let saved: Value = serde_json::from_str(&saved_snap.storage[&key]).unwrap();
                let typo = saved["annotations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|a| {
                        a["target"]["sentence_id"] == format!("s{}", in_edited(TYPO_SENTENCE))
                    })
                    .cloned()
                    .expect("the typo'd sentence's annotation saved");
                assert_eq!(
                    typo["target"]["exact"], fixed,
                    "placed on the fixed sentence"
                );
                assert_eq!(typo["scope"], "sentence");
                println!("the sentence whose typo was fixed was re-anchored approximately");
            } else {
                assert_eq!(
                    orphan_summary.as_deref(),
                    Some("Could not be placed (1)"),
                    "the unplaced one is listed"
                );
                assert!(
                    orphan_items.iter().any(|i| i.contains("reclamed")),
                    "the unplaced one is the typo'd sentence: {orphan_items:?}"
                );
                println!("the sentence whose typo was fixed is listed under orphans");
            }
            assert_eq!(
                rows.len() + orphan_items.len(),
                EXPORTED,
                "nothing lost: placed + orphans == exported"
            );

            // The W3C export into another fresh copy (a paragraph added).
            let appended_text = appended(ARTICLE);
            let appended_doc = parse_article(&appended_text);
            let appended_path = work.write("rotterdam-terminal-appended.txt", &appended_text);
            open_through_dialog(&page, &appended_path, &appended_doc).await;
            let summary = import_file(&page, &w3c_path).await;
            assert_eq!(
                summary_numbers(&summary),
                (0, EXPORTED, 0),
                "a different text: every W3C annotation re-anchored by its quote: {summary}"
            );
            page.click_button_text("Merge with my annotations").await;
            no_dialog(&page, "the import dialog closed").await;
            page.wait_for("the W3C tags in place", |s| {
                s.expect_tags(&TAGS)?;
                s.expect_counts(4, 1, 3, 7)
            })
            .await;
            assert_eq!(quote_span_text(&page, SPAN_SENTENCE).await, SPAN_WORDS);
            assert_eq!(page.text_of("details.orphans summary").await, None);
        },
    )
    .await;
}

/// A valid Glossa v2 file for the built-in article: a quote on s2, with the
/// given offsets (as JSON values, so they can be absurd).
fn glossa_file(doc: &Document, start: Value, end: Value) -> String {
    let s2 = &doc.sentences[1];
    json!({
        "format": "glossa-annotations",
        "version": 2,
        "exported_at": "2026-01-01T00:00:00.000Z",
        "app": { "name": "glossa", "version": "0.1.0" },
        "document": {
            "title": doc.title,
            "source": doc.source,
            "categories": doc.categories,
            "text_sha256": sha256_hex(&doc.text),
            "length": doc.text.chars().count(),
            "offset_unit": "code_point"
        },
        "annotations": [{
            "id": "6f1c2b9e-3d4a-4c5b-8e6f-7a8b9c0d1e2f",
            "tag": "quote",
            "scope": "sentence",
            "target": {
                "sentence_id": "s2",
                "paragraph": s2.paragraph,
                "start": start,
                "end": end,
                "exact": s2.text(doc),
                "prefix": "",
                "suffix": ""
            },
            "created_at": "2026-01-01T00:00:00.000Z",
            "updated_at": "2026-01-01T00:00:00.000Z"
        }]
    })
    .to_string()
}

#[tokio::test]
async fn malformed_imports_change_nothing() {
    with_browser("malformed_imports_change_nothing", |page| async move {
        let work = WorkDir::new("e2e-malformed");
        let doc = parse_article(include_str!("../../assets/voa-counterespionage.txt"));
        let key = format!("glossa:v1:doc:{}", sha256_hex(&doc.text));
        page.open().await;
        page.click_sentence(1).await;
        page.press("1").await;
        let before = page
            .wait_for("s1 tagged and saved", |s| {
                s.expect_tags(&[(1, "claim")])?;
                s.expect_counts(1, 0, 0, 1)?;
                s.storage
                    .get(&key)
                    .filter(|v| v.contains("\"claim\""))
                    .map(|_| ())
                    .ok_or_else(|| "not saved yet".to_string())
            })
            .await;
        let saved_before = before.storage.get(&key).cloned();

        // Control: the same file with its real offsets is importable.
        let s2 = &doc.sentences[1];
        let good = work.write(
            "good.glossa.json",
            glossa_file(&doc, json!(s2.start), json!(s2.end)),
        );
        let summary = import_file(&page, &good).await;
        assert_eq!(summary_numbers(&summary), (1, 0, 0), "{summary}");
        page.click_button_text("Cancel").await;
        no_dialog(&page, "Cancel closes the import dialog").await;

        let cases = [
            (
                "not-json.json",
                "this is not JSON { at all".to_string(),
                "not JSON",
            ),
            (
                "empty-object.json",
                "{}".to_string(),
                "not a Glossa or W3C annotation file",
            ),
            (
                "future.glossa.json",
                glossa_file(&doc, json!(s2.start), json!(s2.end))
                    .replace("\"version\":2", "\"version\":99"),
                "version 99",
            ),
            (
                "absurd-offsets.glossa.json",
                glossa_file(&doc, json!(4_294_967_296_000_u64), json!(-7)),
                "damaged",
            ),
        ];
        for (name, contents, needle) in &cases {
            if *name == "future.glossa.json" {
                assert!(
                    contents.contains("\"version\":99"),
                    "the future file says version 99"
                );
            }
            let path = work.write(name, contents);
            page.choose_file(IMPORT_INPUT, &path).await;
            let text = page
                .wait_for_text(
                    &format!("the banner about {name}"),
                    r#".banner[role="alert"] p"#,
                )
                .await;
            println!("{name}: {text}");
            assert!(text.contains(name), "the banner names the file: {text}");
            assert!(text.contains(needle), "the banner says {needle:?}: {text}");
            assert!(
                text.ends_with("Nothing was changed."),
                "the banner ends with \"Nothing was changed.\": {text}"
            );
            no_dialog(&page, &format!("no import dialog for {name}")).await;
            let snap = page.snapshot().await.expect("snapshot");
            snap.expect_tags(&[(1, "claim")])
                .expect("the tags are as they were");
            snap.expect_counts(1, 0, 0, 1)
                .expect("the counts are as they were");
            assert_eq!(
                snap.storage.get(&key),
                saved_before.as_ref(),
                "the saved work is untouched"
            );
            assert_eq!(
                page.text_of("details.orphans summary").await,
                None,
                "no orphans"
            );
            page.click_css(r#".banner[role="alert"] button"#).await;
            page.wait_js(
                "the banner dismissed",
                r#"return document.querySelector('.banner[role="alert"]') ? 'still shown' : null;"#,
            )
            .await;
        }
    })
    .await;
}

/// brat's export is one download, `<slug>.brat.zip`, holding `.txt`,
/// `.ann` and `annotation.conf` (a click may start only one download).
#[tokio::test]
async fn brat_export_delivers_both_files() {
    with_browser("brat_export_delivers_both_files", |page| async move {
        let slug = "us-voices-concerns-over-chinas-counterespionage-push";
        let doc = parse_article(include_str!("../../assets/voa-counterespionage.txt"));
        page.open().await;
        page.click_sentence(1).await;
        page.press("1").await;
        page.wait_for("s1 tagged", |s| s.expect_tags(&[(1, "claim")]))
            .await;
        page.export_as("brat").await;
        let zip = downloaded(&page, &format!("{slug}.brat.zip"), "brat archive").await;
        let (txt, ann) = unzip_brat(&zip, slug);
        assert_eq!(read_text(&txt), doc.text, "brat .txt is the canonical text");
        let ann_text = read_text(&ann);
        let s1 = &doc.sentences[0];
        assert!(
            ann_text.starts_with(&format!("T1\tClaim {} {}\t", s1.start, s1.end)),
            "brat .ann: {ann_text}"
        );
        let conf = zip.with_file_name("annotation.conf");
        assert!(
            read_text(&conf).contains("[entities]"),
            "annotation.conf comes along"
        );
    })
    .await;
}

/// Unpacks a brat archive next to it; returns the `.txt` and `.ann` paths.
fn unzip_brat(zip: &Path, slug: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let bytes = std::fs::read(zip).unwrap_or_else(|e| panic!("read {}: {e}", zip.display()));
    let entries = glossa_core::zip::read_stored(&bytes)
        .unwrap_or_else(|e| panic!("{} is not a readable archive: {e}", zip.display()));
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            format!("{slug}.txt").as_str(),
            format!("{slug}.ann").as_str(),
            "annotation.conf"
        ],
        "brat archive entries"
    );
    let dir = zip.parent().unwrap_or_else(|| Path::new("."));
    for (name, data) in &entries {
        std::fs::write(dir.join(name), data).unwrap_or_else(|e| panic!("unpack {name}: {e}"));
    }
    (
        dir.join(format!("{slug}.txt")),
        dir.join(format!("{slug}.ann")),
    )
}

/// A document's text and its spans (start, end, tag).
type DocSpans = (String, Vec<(u64, u64, String)>);

/// The notice that says what opening many files did.
async fn wait_notice(page: &Page, what: &str, needle: &str) -> String {
    page.wait_js(
        what,
        &format!(
            "const n = [...document.querySelectorAll('.messages .notice, .messages .banner')].map((e) => e.textContent); \
             return n.some((t) => t.includes({needle:?})) ? null : 'messages: ' + JSON.stringify(n);"
        ),
    )
    .await;
    page.text_of(".messages").await.unwrap_or_default()
}

#[tokio::test]
async fn a_label_studio_export_and_a_brat_folder_join_the_library_which_exports_as_one_jsonl() {
    let fixtures = Path::new(crate::harness::ROOT).join("tests/e2e/fixtures/corpus");
    let brat: Vec<PathBuf> = [
        "river.txt",
        "river.ann",
        "tram.txt",
        "tram.ann",
        "annotation.conf",
    ]
    .iter()
    .map(|n| fixtures.join("brat").join(n))
    .collect();
    let studio = fixtures.join("label-studio-export.json");
    let tasks: Value = serde_json::from_str(
        &std::fs::read_to_string(&studio).expect("read the Label Studio export"),
    )
    .expect("JSON");
    // What each document should hold afterwards: its text, and the spans
    // (start, end, tag) its file gave, in code points of that text.
    let mut want: Vec<DocSpans> = Vec::new();
    for task in tasks.as_array().expect("tasks") {
        let text = task["data"]["text"].as_str().expect("text").to_string();
        let mut spans: Vec<(u64, u64, String)> = task["annotations"][0]["result"]
            .as_array()
            .expect("results")
            .iter()
            .filter_map(|r| {
                let tag = r["value"]["labels"][0].as_str()?.to_lowercase();
                ["claim", "denial", "quote"]
                    .contains(&tag.as_str())
                    .then(|| {
                        (
                            r["value"]["start"].as_u64().unwrap_or(0),
                            r["value"]["end"].as_u64().unwrap_or(0),
                            tag,
                        )
                    })
            })
            .collect();
        spans.sort();
        want.push((text, spans));
    }
    for stem in ["river", "tram"] {
        let text = std::fs::read_to_string(fixtures.join("brat").join(format!("{stem}.txt")))
            .expect("brat text");
        let ann = std::fs::read_to_string(fixtures.join("brat").join(format!("{stem}.ann")))
            .expect("brat annotations");
        let mut spans: Vec<(u64, u64, String)> = ann
            .lines()
            .filter(|l| l.starts_with('T'))
            .filter_map(|l| {
                let mut head = l.split('\t').nth(1)?.split(' ');
                let tag = head.next()?.to_lowercase();
                Some((head.next()?.parse().ok()?, head.next()?.parse().ok()?, tag))
            })
            .collect();
        spans.sort();
        want.push((text, spans));
    }
    assert_eq!(want.len(), 4);
    assert_eq!(want.iter().map(|w| w.1.len()).sum::<usize>(), 9);

    with_browser("corpus-label-studio-brat", move |page: Page| async move {
        page.open().await;
        // The Label Studio export: two tasks, one label Glossa has no tag for.
        page.click_css(r#"button[aria-keyshortcuts="o"]"#).await;
        page.wait_for_text("the Open dialog", "[role=dialog] #open-title")
            .await;
        page.choose_files("#f-file", std::slice::from_ref(&studio))
            .await;
        let said = wait_notice(&page, "the Label Studio export added", "Added 2 documents").await;
        assert!(said.contains("with 5 annotations"), "{said}");
        assert!(said.contains("Date"), "the label left out is named: {said}");
        page.wait_for("the first task opened with its tags", |s| {
            s.expect_tags(&[(1, "claim"), (2, "denial"), (3, "quote")])
        })
        .await;

        // A brat folder: every file of it chosen at once.
        page.click_css(r#"button[aria-keyshortcuts="o"]"#).await;
        page.wait_for_text("the Open dialog", "[role=dialog] #open-title")
            .await;
        page.choose_files("#f-file", &brat).await;
        let said = wait_notice(&page, "the brat folder added", "with 4 annotations").await;
        assert!(said.contains("Added 2 documents"), "{said}");
        page.wait_for("the first brat text opened with its tags", |s| {
            s.expect_tags(&[(1, "claim"), (2, "denial")])
        })
        .await;

        // The whole library as one JSONL file: a line per document.
        page.export_library_as("JSONL").await;
        let path = downloaded(&page, "glossa-library.jsonl", "the library export").await;
        let text = std::fs::read_to_string(&path).expect("read the export");
        let mut got: Vec<DocSpans> = text
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("a JSON line");
                let mut spans: Vec<(u64, u64, String)> = v["label"]
                    .as_array()
                    .expect("label")
                    .iter()
                    .map(|x| {
                        (
                            x[0].as_u64().unwrap_or(0),
                            x[1].as_u64().unwrap_or(0),
                            x[2].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect();
                spans.sort();
                (v["text"].as_str().unwrap_or_default().to_string(), spans)
            })
            .collect();
        got.sort();
        let mut want = want.clone();
        want.sort();
        assert_eq!(
            got, want,
            "every document once, with the spans its file gave"
        );
        wait_notice(
            &page,
            "the export said",
            "Exported the library (4 documents)",
        )
        .await;

        // A chosen set: two of the four documents, ticked in the Open
        // dialog's library list, as one JSONL file.
        page.click_css(r#"button[aria-keyshortcuts="o"]"#).await;
        page.wait_for_text("the Open dialog", "[role=dialog] #open-title")
            .await;
        page.wait_for_text("the library list", ".library input.lib-choose")
            .await;
        for title in ["River levels fall", "Tram line opens"] {
            page.click_css(&format!(
                r#".library input[aria-label="Choose {title} for export"]"#
            ))
            .await;
        }
        page.wait_js(
            "two documents chosen",
            "const t = document.querySelector('label[for=f-chosen-format]')?.textContent || ''; \
             return t.includes('Export the 2 chosen as') ? null : t;",
        )
        .await;
        page.click_css(r#"#f-chosen-format option[value="jsonl"]"#)
            .await;
        page.click_button_text("Export 2 chosen").await;
        let path = downloaded(&page, "glossa-chosen.jsonl", "the chosen export").await;
        let text = std::fs::read_to_string(&path).expect("read the export");
        let mut got: Vec<String> = text
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("a JSON line");
                v["text"].as_str().unwrap_or_default().to_string()
            })
            .collect();
        got.sort();
        let mut chosen: Vec<String> = want
            .iter()
            .filter(|(t, _)| t.starts_with("River levels fall") || t.starts_with("Tram line opens"))
            .map(|(t, _)| t.clone())
            .collect();
        chosen.sort();
        assert_eq!(chosen.len(), 2);
        assert_eq!(got, chosen, "only the two chosen documents");
        wait_notice(
            &page,
            "the chosen export said",
            "Exported the chosen documents (2 documents)",
        )
        .await;
    })
    .await;
}
