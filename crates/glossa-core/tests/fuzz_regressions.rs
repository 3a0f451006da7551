//! Inputs the fuzzers (`fuzz/`, see fuzz/README.md) found, replayed as
//! ordinary tests. Each named test below fails on the code before its fix.
//! `tests/data/fuzz/<target>/` holds the minimized inputs; every file there
//! and every file of the fuzzers' corpus (`fuzz/corpus/<target>/`) is also
//! replayed through its entry point by `replay_*`, so a new artifact dropped
//! in a folder is tested without new code. A replay with no input fails.

use glossa_core::{interop, open, parse_article, segment, zip};
use std::path::{Path, PathBuf};

/// The files of one folder, sorted by name; a missing folder is empty.
fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_file() {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            out.push((name, std::fs::read(&path).expect("readable fuzz input")));
        }
    }
    out.sort();
    out
}

/// The inputs the fuzzers found (`tests/data/fuzz/<target>/`) only.
fn artifacts(target: &str) -> Vec<(String, Vec<u8>)> {
    files_in(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/fuzz")
            .join(target),
    )
}

/// What is replayed for `target`: its artifacts and the fuzzer's corpus
/// (`fuzz/corpus/<target>/`, minimized). Never empty: a replay over no
/// input would check nothing.
fn data(target: &str) -> Vec<(String, Vec<u8>)> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut out = artifacts(target);
    out.extend(files_in(&corpus));
    assert!(
        out.len() >= 10,
        "only {} inputs to replay for `{target}`: fuzz/corpus/{target}/ is missing or nearly empty",
        out.len()
    );
    out
}

fn input(target: &str, name: &str) -> Vec<u8> {
    artifacts(target)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("tests/data/fuzz/{target}/{name} is missing"))
        .1
}

/// Every opener input, under every kind of name, and the reducers directly.
#[test]
fn replay_open() {
    for (_, bytes) in data("open") {
        for name in ["a.txt", "a.md", "a.html", "a"] {
            if let Ok(text) = open::text_from_bytes(name, &bytes) {
                parse_article(&text);
            }
        }
        let s = String::from_utf8_lossy(&bytes);
        parse_article(&open::html_to_text(&s));
        parse_article(&open::markdown_to_text(&s));
        open::decode_entities(&s);
    }
}

#[test]
fn replay_article_and_segment() {
    for (_, bytes) in data("article").into_iter().chain(data("segment")) {
        let s = String::from_utf8_lossy(&bytes);
        parse_article(&s);
        segment::split(&s);
        segment::explain(&s);
    }
}

#[test]
fn replay_import() {
    let doc = parse_article(include_str!("../../../assets/voa-counterespionage.txt"));
    for (_, bytes) in data("import")
        .into_iter()
        .chain(data("glossa_json"))
        .chain(data("w3c_import"))
    {
        let s = String::from_utf8_lossy(&bytes);
        let _ = interop::read(&doc, &s);
        let _ = glossa_core::format::read_session(std::rc::Rc::new(doc.clone()), &s);
    }
}

#[test]
fn replay_zip() {
    for (_, bytes) in data("zip") {
        let _ = zip::read_stored(&bytes);
    }
}

/// `decode_entities` looked for the `;` in the first 12 bytes after a `&`
/// by slicing at byte 12, which panicked when a multi-byte character
/// straddled it.
#[test]
fn entity_lookahead_cuts_no_character() {
    let bytes = input("open", "entity-lookahead-mid-char.html");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    let out = open::decode_entities(&text);
    assert_eq!(out, text, "no entity there: the text stays as written");
    let opened = open::text_from_bytes("a.html", &bytes).expect("opens");
    assert!(opened.contains("&aaaaaaaaaaé"));
}

/// A tag left open at the end of the file had its last byte cut off as if
/// it were the closing `>`, which panicked when the last character was
/// multi-byte (`<` then a BOM).
#[test]
fn unclosed_tag_at_end_keeps_whole_characters() {
    let bytes = input("open", "unclosed-tag-ends-in-multibyte.html");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert_eq!(open::html_to_text(&text).trim(), "");
    assert_eq!(
        open::text_from_bytes("a.html", &bytes),
        Err(open::OpenError::Empty)
    );
    // A tag left open still hides its text; the text before it stays.
    assert_eq!(open::html_to_text("Words <b class=\"é").trim(), "Words");
}
