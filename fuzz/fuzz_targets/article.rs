//! `parse_article` on any bytes (lossily decoded, as any text reaches it):
//! the document's paragraphs and sentences keep the documented invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let doc = glossa_core::parse_article(&raw);
    glossa_fuzz::check_document(&raw, &doc);
});
