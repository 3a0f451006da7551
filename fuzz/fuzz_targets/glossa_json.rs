//! Glossa JSON (v2, and v1) from any text: `format::parse`, then
//! `format::read_session` into a session on the seed article. A file that
//! reads must give a session that keeps its invariants and exports to a
//! file that reads back to the same annotations.
#![no_main]
use glossa_core::format;
use glossa_fuzz::{check_session, keys, NOW};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|json: &str| {
    let parsed = format::parse(json);
    let doc = glossa_fuzz::seed_doc();
    let session = format::read_session(doc.clone(), json);
    if parsed.is_err() {
        assert!(session.is_err(), "read_session accepts what parse refuses");
    }
    let Ok(session) = session else { return };
    check_session(&session);
    let want = keys(session.annotations());
    let out = format::to_json(&format::export(&session, NOW, "fuzz"));
    let back = format::read_session(doc, &out).expect("re-exported file reads back");
    let got = keys(back.annotations());
    assert_eq!(got, want);
    assert_eq!(back.orphans(), session.orphans());
});
