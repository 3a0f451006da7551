//! Many documents at once: archives people make (deflated, sizes after the
//! data), other tools' exports holding many texts, brat pairs, and the
//! library written as one file per format — read back into the same
//! documents and annotations.

mod interop_support;

use glossa_core::corpus::{self, combine, gather};
use glossa_core::export::{ExportFormat, Options};
use glossa_core::{parse_article, zip, Annotation, Session, Tag, Timestamp};
use interop_support::{full_session, sentence};
use serde_json::Value;
use std::path::Path;
use std::rc::Rc;

fn now() -> Timestamp {
    Timestamp::from_millis(1_780_000_000_000)
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/corpus")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A second annotated document, unlike the seed article.
fn harbour_session() -> Session {
    let doc = Rc::new(parse_article(
        "Harbour reopens\n\nThe harbour reopened on Monday. The operator denied any delay. \"We are open,\" the mayor said.\n",
    ));
    let anns = vec![
        sentence(&doc, 1, 0, Tag::Claim, Default::default()),
        sentence(&doc, 2, 1, Tag::Denial, Default::default()),
        sentence(&doc, 3, 2, Tag::Quote, Default::default()),
    ];
    Session::with_annotations(doc, anns).expect("valid annotations")
}

/// Tags and offsets, in document order: what every format keeps.
fn shape(anns: &[&Annotation]) -> Vec<(Tag, usize, usize)> {
    let mut v: Vec<_> = anns
        .iter()
        .map(|a| (a.tag, a.target.start, a.target.end))
        .collect();
    v.sort();
    v
}

fn placed_shape(found: &corpus::Found) -> Vec<(Tag, usize, usize)> {
    let (_, imported) = found.annotations.as_ref().expect("annotations carried");
    let anns: Vec<&Annotation> = imported.placed.iter().map(|(a, _)| a).collect();
    shape(&anns)
}

#[test]
fn a_deflated_archive_made_by_zip_opens_every_article_in_it() {
    let got = gather(
        vec![("articles.zip".into(), fixture("articles.zip"))],
        now(),
    );
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    let mut titles: Vec<String> = got.documents.iter().map(|d| d.doc.title.clone()).collect();
    titles.sort();
    assert_eq!(titles, ["Budget vote", "Harbour reopens", "Rail strike"]);
    let html = got
        .documents
        .iter()
        .find(|d| d.from.ends_with("rail.html"))
        .expect("the HTML article");
    assert!(!html.text.contains('<'), "HTML read as text: {}", html.text);
    assert!(got.documents.iter().all(|d| d.annotations.is_none()));
}

#[test]
fn an_archive_with_sizes_after_the_data_is_read_through_its_directory() {
    let entries = zip::read(&fixture("streamed.zip"), corpus::ZIP_LIMITS).expect("read");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].0, "streamed/ferry.txt");
    assert!(String::from_utf8_lossy(&entries[0].1).contains("The operator denied any delay."));
}

#[test]
fn archives_over_the_limits_or_damaged_are_refused_saying_why() {
    let bytes = fixture("articles.zip");
    let small = zip::Limits {
        entry: 10,
        total: 1_000_000,
        entries: 100,
    };
    let e = zip::read(&bytes, small).expect_err("an entry over the limit");
    assert!(e.contains("at most 10 bytes per file"), "{e}");
    let few = zip::Limits {
        entries: 2,
        ..corpus::ZIP_LIMITS
    };
    let e = zip::read(&bytes, few).expect_err("too many entries");
    assert!(e.contains("entries"), "{e}");
    // A flipped byte inside the first deflated entry's data.
    let mut broken = bytes.clone();
    let name = b"articles/rail.html";
    let local = bytes
        .windows(name.len())
        .position(|w| w == name)
        .expect("the entry's name")
        - 30;
    let extra = u16::from_le_bytes([bytes[local + 28], bytes[local + 29]]) as usize;
    broken[local + 30 + name.len() + extra + 5] ^= 0x55;
    let e = zip::read(&broken, corpus::ZIP_LIMITS).expect_err("damaged");
    assert!(e.contains("rail.html"), "names the entry: {e}");
    let e = zip::read(b"PK\x03\x04 not really", corpus::ZIP_LIMITS).expect_err("no directory");
    assert!(e.contains("not a ZIP"), "{e}");
    // Every prefix of a good archive: an error or the entries, never a panic.
    for cut in 0..bytes.len() {
        let _ = zip::read(&bytes[..cut], corpus::ZIP_LIMITS);
    }
    let got = gather(vec![("broken.zip".into(), broken)], now());
    assert!(got.documents.is_empty());
    assert_eq!(got.problems.len(), 1, "{:?}", got.problems);
}

#[test]
fn a_label_studio_export_of_many_tasks_becomes_one_document_each_with_its_annotations() {
    let (seed, harbour) = (full_session(), harbour_session());
    let options = Options::new(now(), "test");
    let file = combine(
        ExportFormat::LabelStudio,
        &[&seed, &harbour],
        &options,
        "library",
    );
    assert_eq!(file.name, "library.labelstudio.json");
    let got = gather(vec![(file.name.clone(), file.bytes)], now());
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!(got.documents.len(), 2);
    for (found, original) in got.documents.iter().zip([&seed, &harbour]) {
        assert_eq!(
            found.doc.text_sha256, original.doc.text_sha256,
            "{}",
            found.from
        );
        assert_eq!(
            placed_shape(found),
            shape(&original.annotations()),
            "{}",
            found.from
        );
    }
    assert!(
        got.documents[1].from.ends_with("#2"),
        "{}",
        got.documents[1].from
    );
}

#[test]
fn a_deflated_brat_archive_is_imported_and_opened() {
    // Made by Python's zipfile with ZIP_DEFLATED: harbour/harbour.txt,
    // harbour/harbour.ann, annotation.conf and a __MACOSX/._harbour.ann.
    let bytes = fixture("harbour.deflated.brat.zip");
    assert!(
        zip::read_stored(&bytes).is_err(),
        "the entries are deflated"
    );
    let harbour = harbour_session();
    let imported = ExportFormat::Brat
        .import(&harbour.doc, &bytes, now())
        .expect("a deflated brat archive is read");
    assert!(imported.orphans.is_empty(), "{:?}", imported.orphans);
    let placed: Vec<&Annotation> = imported.placed.iter().map(|(a, _)| a).collect();
    assert_eq!(shape(&placed), shape(&harbour.annotations()));
    assert_eq!(
        ExportFormat::guess("harbour.deflated.brat.zip", &bytes),
        Some(ExportFormat::Brat)
    );

    let got = gather(vec![("harbour.brat.zip".into(), bytes)], now());
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!(got.documents.len(), 1);
    assert_eq!(got.documents[0].doc.text_sha256, harbour.doc.text_sha256);
    assert_eq!(
        placed_shape(&got.documents[0]),
        shape(&harbour.annotations())
    );
}

#[test]
fn brat_pairs_picked_together_or_zipped_come_with_their_annotations() {
    let (seed, harbour) = (full_session(), harbour_session());
    let options = Options::new(now(), "test");
    // As separate files (a folder picked): every .txt and .ann.
    let mut files = Vec::new();
    for s in [&seed, &harbour] {
        let zipped = ExportFormat::Brat.export(s, &options);
        for (name, data) in zip::read_stored(&zipped.bytes).expect("brat archive") {
            files.push((format!("folder/{name}"), data));
        }
    }
    files.push((
        "folder/notes.docx".into(),
        b"PK\x03\x04 not an article".to_vec(),
    ));
    files.push(("folder/orphan.ann".into(), b"T1\tClaim 0 3\tThe\n".to_vec()));
    let got = gather(files, now());
    assert_eq!(got.documents.len(), 2, "{:?}", got.problems);
    for (found, original) in got.documents.iter().zip([&seed, &harbour]) {
        assert_eq!(found.doc.text_sha256, original.doc.text_sha256);
        assert_eq!(
            placed_shape(found),
            shape(&original.annotations()),
            "{}",
            found.from
        );
    }
    // annotation.conf is brat's setting, not reported; the others are.
    assert_eq!(got.problems.len(), 2, "{:?}", got.problems);
    assert!(
        got.problems.iter().any(|p| p.contains("orphan.txt")),
        "{:?}",
        got.problems
    );
    assert!(
        got.problems.iter().any(|p| p.contains("notes.docx")),
        "{:?}",
        got.problems
    );

    // The library as one brat archive: one folder of pairs, read back whole.
    let file = combine(ExportFormat::Brat, &[&seed, &harbour], &options, "library");
    assert_eq!(file.name, "library.brat.zip");
    let entries = zip::read_stored(&file.bytes).expect("stored");
    let confs = entries
        .iter()
        .filter(|(n, _)| n == "annotation.conf")
        .count();
    assert_eq!(confs, 1);
    assert_eq!(
        entries.len(),
        5,
        "{:?}",
        entries.iter().map(|e| &e.0).collect::<Vec<_>>()
    );
    let got = gather(vec![("library.zip".into(), file.bytes)], now());
    assert_eq!(got.documents.len(), 2, "{:?}", got.problems);
    assert!(got.documents.iter().all(|d| d.annotations.is_some()));
}

#[test]
fn the_library_as_one_file_per_format_holds_every_document() {
    let (seed, harbour) = (full_session(), harbour_session());
    let options = Options::new(now(), "test");
    let sessions = [&seed, &harbour];
    let total = seed.annotations().len() + harbour.annotations().len();

    let jsonl = combine(ExportFormat::Jsonl, &sessions, &options, "library");
    let text = String::from_utf8(jsonl.bytes.clone()).expect("utf-8");
    assert_eq!(text.lines().count(), 2, "one line per document: {text}");
    let got = gather(vec![(jsonl.name.clone(), jsonl.bytes.clone())], now());
    assert_eq!(got.documents.len(), 2, "{:?}", got.problems);
    assert_eq!(placed_shape(&got.documents[0]), shape(&seed.annotations()));
    assert_eq!(
        placed_shape(&got.documents[1]),
        shape(&harbour.annotations())
    );
    // Opened as many documents, each has its own annotations and nothing
    // of the others (no orphans, nothing left out).
    for found in &got.documents {
        let (_, imported) = found.annotations.as_ref().expect("annotations");
        assert!(imported.orphans.is_empty(), "{}", found.from);
        assert_eq!(imported.other_documents, 0, "{}", found.from);
    }
    // Imported into one of them, the other's lines are left out and said.
    let into_seed = ExportFormat::Jsonl
        .import(&seed.doc, &jsonl.bytes, now())
        .expect("read");
    assert!(into_seed.orphans.is_empty());
    assert_eq!(into_seed.placed.len(), seed.annotations().len());
    assert_eq!(into_seed.other_documents, harbour.annotations().len());

    let ls = combine(ExportFormat::LabelStudio, &sessions, &options, "library");
    let got = gather(vec![(ls.name.clone(), ls.bytes)], now());
    assert_eq!(got.documents.len(), 2, "{:?}", got.problems);
    assert_eq!(placed_shape(&got.documents[0]), shape(&seed.annotations()));
    assert_eq!(
        placed_shape(&got.documents[1]),
        shape(&harbour.annotations())
    );
    for found in &got.documents {
        let (_, imported) = found.annotations.as_ref().expect("annotations");
        assert!(imported.orphans.is_empty(), "{}", found.from);
    }

    let csv = combine(ExportFormat::Csv, &sessions, &options, "library");
    let text = String::from_utf8(csv.bytes).expect("utf-8");
    let mut rows = text.trim_start_matches('\u{feff}').split("\r\n");
    let header = rows.next().unwrap_or_default();
    assert!(header.ends_with(",annotator,document"), "{header}");
    let data_rows: Vec<&str> = text.matches(&harbour.doc.text_sha256).collect();
    assert_eq!(data_rows.len(), harbour.annotations().len());
    assert_eq!(
        text.matches(&seed.doc.text_sha256).count(),
        seed.annotations().len()
    );
    // Each document's rows read back into it (other rows are not placed).
    let only_harbour = ExportFormat::Csv
        .import(&harbour.doc, text.as_bytes(), now())
        .expect("read");
    let placed: Vec<&Annotation> = only_harbour.placed.iter().map(|(a, _)| a).collect();
    assert_eq!(shape(&placed), shape(&harbour.annotations()));
    assert!(
        only_harbour.orphans.is_empty(),
        "{:?}",
        only_harbour.orphans
    );
    assert_eq!(only_harbour.other_documents, seed.annotations().len());
    assert!(
        only_harbour
            .summary()
            .contains("left out (they belong to other documents)"),
        "{}",
        only_harbour.summary()
    );
    // A document of neither: refused, nothing changed.
    let third = parse_article("Budget vote\n\nThe council voted on the budget.\n");
    let refused = ExportFormat::Csv
        .import(&third, text.as_bytes(), now())
        .expect_err("none of them is this document's");
    assert!(
        refused
            .to_string()
            .contains("none of them is this document's")
            && refused.to_string().ends_with("Nothing was changed."),
        "{refused}"
    );

    let w3c = combine(ExportFormat::W3c, &sessions, &options, "library");
    let v: Value = serde_json::from_slice(&w3c.bytes).expect("JSON");
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["total"], total);
    assert_eq!(v["first"]["items"].as_array().map(Vec::len), Some(total));
    let harbour_back = ExportFormat::W3c
        .import(&harbour.doc, &w3c.bytes, now())
        .expect("read");
    let placed: Vec<&Annotation> = harbour_back.placed.iter().map(|(a, _)| a).collect();
    assert_eq!(shape(&placed), shape(&harbour.annotations()));
    assert!(
        harbour_back.orphans.is_empty(),
        "{:?}",
        harbour_back.orphans
    );
    assert_eq!(harbour_back.other_documents, seed.annotations().len());
    let seed_back = ExportFormat::W3c
        .import(&seed.doc, &w3c.bytes, now())
        .expect("read");
    assert!(seed_back.orphans.is_empty(), "{:?}", seed_back.orphans);
    assert_eq!(seed_back.placed.len(), seed.annotations().len());
    assert_eq!(seed_back.other_documents, harbour.annotations().len());
    let refused = ExportFormat::W3c
        .import(&third, &w3c.bytes, now())
        .expect_err("none of them is this document's");
    assert!(
        refused
            .to_string()
            .contains("none of them is this document's"),
        "{refused}"
    );

    let glossa = combine(ExportFormat::Glossa, &sessions, &options, "library");
    assert_eq!(glossa.name, "library.glossa.zip");
    let entries = zip::read_stored(&glossa.bytes).expect("stored");
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|(n, _)| n.ends_with(".glossa.json")));
}

#[test]
fn the_same_name_twice_in_one_archive_is_numbered() {
    let a = harbour_session();
    let b = harbour_session();
    let options = Options::new(now(), "test");
    let file = combine(ExportFormat::Glossa, &[&a, &b], &options, "library");
    let names: Vec<String> = zip::read_stored(&file.bytes)
        .expect("stored")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names.len(), 2);
    assert_ne!(names[0], names[1], "{names:?}");
    assert!(names[1].contains("-2."), "{names:?}");
}

#[test]
fn files_of_annotations_without_their_text_are_explained() {
    let seed = full_session();
    let options = Options::new(now(), "test");
    let glossa = ExportFormat::Glossa.export(&seed, &options);
    let got = gather(vec![(glossa.name.clone(), glossa.bytes)], now());
    assert!(got.documents.is_empty());
    assert_eq!(got.problems.len(), 1);
    assert!(
        got.problems[0].contains("import the file into it"),
        "{:?}",
        got.problems
    );
}
