//! Builds a session by random user actions (on the seed article, or on any
//! text), then checks every exporter and the round trips: Glossa JSON ->
//! `format::read_session` and -> `interop::read_at`, W3C -> `read_at`, all
//! giving back the same annotations, placed exactly; brat's files through
//! `zip::store` -> `zip::read_stored` unchanged.
#![no_main]
use arbitrary::Arbitrary;
use glossa_core::interop::{self, brat, csv, jsonl, w3c};
use glossa_core::{format, zip, Placement};
use glossa_fuzz::{check_session, keys, session_after, Op, NOW};
use libfuzzer_sys::fuzz_target;
use std::rc::Rc;

#[derive(Arbitrary, Debug)]
struct Input {
    text: Option<String>,
    ops: Vec<Op>,
}

fuzz_target!(|input: Input| {
    let doc = match input.text.as_deref() {
        Some(text) => Rc::new(glossa_core::parse_article(text)),
        None => glossa_fuzz::seed_doc(),
    };
    let session = session_after(doc.clone(), &input.ops);
    let want = keys(session.annotations());

    // Glossa JSON, read back into a session.
    let json = format::to_json(&format::export(&session, NOW, "fuzz"));
    let back = format::read_session(doc.clone(), &json).expect("own Glossa JSON reads back");
    check_session(&back);
    let got = keys(back.annotations());
    assert_eq!(got, want, "Glossa JSON round trip");
    let again = format::to_json(&format::export(&back, NOW, "fuzz"));
    assert_eq!(again, json, "Glossa JSON export is not stable");

    // Glossa JSON and W3C through the generic import.
    let w3c = w3c::export(&session, NOW, "");
    for (what, file) in [("Glossa", &json), ("W3C", &w3c)] {
        if want.is_empty() {
            assert!(interop::read_at(&doc, file, NOW).is_err());
            continue;
        }
        let imported = interop::read_at(&doc, file, NOW)
            .unwrap_or_else(|e| panic!("own {what} export does not import: {e}"));
        assert!(
            imported.orphans.is_empty(),
            "{what}: orphans {:?}",
            imported.orphans
        );
        assert!(
            imported.placed.iter().all(|(_, p)| *p == Placement::Exact),
            "{what}: not all placed exactly"
        );
        let got = keys(imported.placed.iter().map(|(a, _)| a));
        assert_eq!(got, want, "{what} round trip through read_at");
    }

    // The other exporters, and brat's archive.
    let _ = csv::export(&session);
    let _ = jsonl::export(&session, jsonl::Per::Document);
    let _ = jsonl::export(&session, jsonl::Per::Paragraph);
    let (txt, ann) = brat::export(&session);
    let entries: [(&str, &[u8]); 3] = [
        ("a.txt", txt.as_bytes()),
        ("a.ann", ann.as_bytes()),
        ("annotation.conf", brat::ANNOTATION_CONF.as_bytes()),
    ];
    let archive = zip::store(&entries);
    let read = zip::read_stored(&archive).expect("own archive reads back");
    assert_eq!(read.len(), 3);
    for ((n, d), (rn, rd)) in entries.iter().zip(&read) {
        assert_eq!(*n, rn.as_str());
        assert_eq!(*d, rd.as_slice());
    }
});
