//! `open::text_from_bytes` on any bytes under any of the names the app
//! sees (.txt, .md, .html, none), and the HTML / Markdown reducers and the
//! entity decoder on any text. Whatever opens must parse into a document
//! that keeps its invariants.
#![no_main]
use glossa_core::open::{self, OpenError};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "article.txt",
    "article.md",
    "article.html",
    "ARTICLE.HTM",
    "page.xhtml",
    "notes.markdown",
    "noextension",
    "",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(first) % NAMES.len()];
    match open::text_from_bytes(name, bytes) {
        Ok(text) => {
            assert!(!text.trim().is_empty(), "opened text is blank");
            let doc = glossa_core::parse_article(&text);
            glossa_fuzz::check_document(&text, &doc);
        }
        Err(OpenError::TooBig { bytes: n }) => assert!(n > open::MAX_BYTES),
        Err(OpenError::NotText | OpenError::Empty) => {}
    }
    // The reducers on their own, on any text.
    if let Ok(s) = std::str::from_utf8(bytes) {
        let h = open::html_to_text(s);
        let m = open::markdown_to_text(s);
        let _ = open::decode_entities(s);
        let _ = open::kind_of(name, s);
        for t in [h, m] {
            let doc = glossa_core::parse_article(&t);
            glossa_fuzz::check_document(&t, &doc);
        }
    }
});
