//! The hostile-input corpus (`tests/data/hostile/`, see its README) through
//! the core, as each way in would bring it: a `.txt`, `.md` or `.html` file,
//! or pasted text. Nothing may panic, every offset must point into the
//! canonical text, and HTML must lose its markup while keeping its text.

#[path = "../../../tests/common/hostile_corpus.rs"]
mod hostile_corpus;

use glossa_core::article::canonical_text;
use glossa_core::open::{text_from_bytes, OpenError};
use glossa_core::{parse_article, Document};
use std::path::PathBuf;

const SENTINEL: &str = "__glossa_pwned";
/// The payloads with bytes no text file has: refused, never half-read.
const NOT_TEXT: [&str; 2] = ["invalid-utf8.txt", "control-chars.txt"];

fn corpus() -> Vec<(String, Vec<u8>)> {
    hostile_corpus::read(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/hostile"),
    )
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// Every offset of `doc` points into its text, in order, in all three units.
fn check_offsets(doc: &Document, what: &str) {
    let chars: Vec<char> = doc.text.chars().collect();
    // UTF-16 offset of every code point offset, once (the 1 MB line has
    // hundreds of sentences).
    let mut utf16_at = Vec::with_capacity(chars.len() + 1);
    utf16_at.push(0);
    for c in &chars {
        utf16_at.push(utf16_at[utf16_at.len() - 1] + c.len_utf16());
    }
    let mut last_end = 0;
    for (i, s) in doc.sentences.iter().enumerate() {
        assert_eq!(s.id.index(), i, "{what}: sentence ids are their index");
        assert!(
            s.start < s.end && s.end <= chars.len() && s.start >= last_end,
            "{what}: s{i} spans {}..{} after {last_end} in {} code points",
            s.start,
            s.end,
            chars.len()
        );
        let by_cp: String = chars[s.start..s.end].iter().collect();
        let by_byte = doc.text.get(s.byte_start..s.byte_end);
        assert_eq!(by_byte, Some(by_cp.as_str()), "{what}: s{i} byte range");
        assert_eq!(
            (s.utf16_start, s.utf16_end),
            (utf16_at[s.start], utf16_at[s.end]),
            "{what}: s{i} UTF-16 range"
        );
        assert_eq!(s.text(doc), by_cp, "{what}: s{i} text");
        assert_eq!(doc.slice(s.start, s.end), Some(by_cp.as_str()));
        assert_eq!(by_cp.trim(), by_cp, "{what}: s{i} is trimmed");
        let between: String = chars[last_end..s.start].iter().collect();
        if doc.paragraphs[s.paragraph].sentences.start != i {
            assert!(
                between.trim().is_empty(),
                "{what}: only whitespace between sentences of a paragraph, not {between:?}"
            );
        }
        last_end = s.end;
    }
    for (p, para) in doc.paragraphs.iter().enumerate() {
        for s in &doc.sentences[para.sentences.clone()] {
            assert_eq!(s.paragraph, p, "{what}: paragraph index");
            assert!(
                para.start <= s.start && s.end <= para.end,
                "{what}: s in ¶{p}"
            );
        }
    }
}

#[test]
fn every_payload_opens_with_valid_offsets_or_is_refused_as_not_text() {
    for (name, bytes) in corpus() {
        for ext in ["txt", "md", "html"] {
            let as_name = format!("{}.{ext}", stem(&name));
            let opened = text_from_bytes(&as_name, &bytes);
            if NOT_TEXT.contains(&name.as_str()) {
                assert_eq!(opened, Err(OpenError::NotText), "{as_name}");
                let message = OpenError::NotText.to_string();
                assert!(message.contains("not text"), "{message}");
                continue;
            }
            let text = opened.unwrap_or_else(|e| panic!("{as_name} is refused: {e}"));
            let doc = parse_article(&text);
            // A one-line document is a title alone (mixed.html read as Markdown).
            assert!(
                !doc.sentences.is_empty() || !doc.title.is_empty(),
                "{as_name}: nothing to show"
            );
            check_offsets(&doc, &as_name);
        }
    }
}

/// Plain text is kept exactly: every payload is text to be shown literally.
#[test]
fn plain_text_keeps_every_payload_literally() {
    for (name, bytes) in corpus() {
        if !name.ends_with(".txt") || NOT_TEXT.contains(&name.as_str()) {
            continue;
        }
        let raw = std::str::from_utf8(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = text_from_bytes(&name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(text, raw, "{name}: read unchanged");
        let doc = parse_article(&text);
        assert_eq!(doc.text, canonical_text(raw), "{name}: canonical text");
        assert_eq!(doc.text, raw, "{name}: no CR or leading BOM in the corpus");
        // The sentences and the title together hold every non-space character.
        let shown: String = std::iter::once(doc.title.as_str())
            .chain(doc.sentences.iter().map(|s| s.text(&doc)))
            .collect::<String>()
            .split_whitespace()
            .collect();
        let source: String = doc.source.iter().map(String::as_str).collect();
        let all: String = raw.split_whitespace().collect();
        let cats: String = doc.categories.concat();
        assert_eq!(
            shown.len() + source.split_whitespace().collect::<String>().len() + cats.len(),
            all.len(),
            "{name}: every character is shown"
        );
        if raw.contains("<script>") {
            assert!(
                doc.sentences
                    .iter()
                    .any(|s| s.text(&doc).contains("<script>")),
                "{name}: the <script> payload is a sentence's literal text"
            );
        }
    }
}

/// HTML loses all markup: dropped elements with their contents, attributes,
/// comments. Entities are decoded once, into text.
#[test]
fn html_drops_markup_and_decodes_entities_once() {
    for (name, bytes) in corpus() {
        if NOT_TEXT.contains(&name.as_str()) {
            continue;
        }
        let as_html = format!("{}.html", stem(&name));
        let text = text_from_bytes(&as_html, &bytes).unwrap_or_else(|e| panic!("{as_html}: {e}"));
        if !bytes.contains(&b'&') {
            for banned in ["<", ">", SENTINEL, "onerror=", "onload=", "javascript:"] {
                assert!(
                    !text.contains(banned),
                    "{as_html}: {banned:?} survives: {}",
                    text.chars().take(300).collect::<String>()
                );
            }
        }
    }
    let entities = text_from_bytes(
        "entities.html",
        include_bytes!("../../../tests/data/hostile/entities.txt"),
    )
    .unwrap_or_else(|e| panic!("entities.html: {e}"));
    for literal in [
        "<script>window.__glossa_pwned = 1; alert(1)</script>",
        "&lt;img src=x onerror=alert(1)&gt;",
        "Numeric <script> and <svg onload=alert(1)> as well.",
    ] {
        assert!(entities.contains(literal), "{literal:?} in {entities:?}");
    }
    let mixed = text_from_bytes(
        "mixed.html",
        include_bytes!("../../../tests/data/hostile/mixed.html"),
    )
    .unwrap_or_else(|e| panic!("mixed.html: {e}"));
    let doc = parse_article(&mixed);
    assert_eq!(doc.title, "Hostile page");
    let sentences: Vec<&str> = doc.sentences.iter().map(|s| s.text(&doc)).collect();
    assert_eq!(
        sentences,
        [
            "First bold paragraph <script>window.__glossa_pwned = 1; alert(1)</script> shown as text.",
            "A link stays text.",
            "&lt;b&gt; double.",
            "Bidi \u{202e}evil\u{202c} and zero\u{200b}width.",
        ],
        "{mixed:?}"
    );
    for banned in [
        "onerror",
        "onload",
        "javascript:",
        "display:none",
        "<svg",
        "<math",
    ] {
        assert!(!mixed.contains(banned), "{banned:?} survives in {mixed:?}");
    }
}

/// Markdown keeps inline HTML as literal text (it is never rendered; only
/// emphasis marks such as `__` are taken out of it) and drops link targets,
/// so a `javascript:` URL goes with them.
#[test]
fn markdown_keeps_inline_html_as_text_and_drops_link_targets() {
    let md = text_from_bytes(
        "mixed.md",
        include_bytes!("../../../tests/data/hostile/mixed.md"),
    )
    .unwrap_or_else(|e| panic!("mixed.md: {e}"));
    let doc = parse_article(&md);
    assert_eq!(doc.title, "Hostile markdown");
    assert!(md.contains("Inline <script>window."), "{md:?}");
    assert!(md.contains("</script> html stays text."), "{md:?}");
    assert!(md.contains("<img src=x onerror="), "{md:?}");
    assert!(md.contains("<svg onload="), "{md:?}");
    assert!(md.contains("A link"), "{md:?}");
    assert!(!md.contains("javascript:"), "{md:?}");
    let sentences: Vec<&str> = doc.sentences.iter().map(|s| s.text(&doc)).collect();
    assert!(
        sentences.iter().any(|s| s.starts_with("Inline <script>")),
        "the inline <script> is a sentence's text: {sentences:?}"
    );
}

/// Pasted text skips the file checks: whatever a paste can hold (here each
/// payload, invalid bytes replaced as the browser would) must parse.
#[test]
fn pasted_payloads_parse_with_valid_offsets() {
    for (name, bytes) in corpus() {
        let pasted = String::from_utf8_lossy(&bytes).into_owned();
        let doc = parse_article(&pasted);
        assert_eq!(doc.text, canonical_text(&pasted), "{name}");
        check_offsets(&doc, &format!("pasted {name}"));
    }
}
