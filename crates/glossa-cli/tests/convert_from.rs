//! `glossa-cli convert` from every format Glossa reads: Label Studio,
//! doccano JSONL, brat folders and archives, CSV, W3C and Glossa JSON, with
//! `--from` guessed, to every format, for one file or a folder.

#[path = "../../glossa-core/tests/interop_support/mod.rs"]
mod interop_support;
mod run_cli;

use glossa_core::export::{ExportFormat, Options};
use glossa_core::{format, interop::brat, parse_article, Session, Tag, Timestamp};
use interop_support::{full_session, out_dir, SEED};
use run_cli::{run, stderr as err, stdout as ok};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A fresh folder per test and call (tests run in parallel).
fn fresh(name: &str) -> PathBuf {
    let dir = out_dir("convert-from").join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p.to_string_lossy().to_string()
}

fn export(s: &Session, f: ExportFormat) -> Vec<u8> {
    f.export(s, &Options::new(Timestamp(0), "0.1.0")).bytes
}

/// (start, end, tag, speaker, cue, note, direct, has a link) of every
/// annotation, in document order.
type Row = (
    usize,
    usize,
    Tag,
    String,
    String,
    String,
    Option<bool>,
    bool,
);

fn rows(s: &Session) -> Vec<Row> {
    s.annotations_in_order()
        .map(|a| {
            (
                a.target.start,
                a.target.end,
                a.tag,
                a.attrs.speaker.clone(),
                a.attrs.cue.clone(),
                a.attrs.note.clone(),
                a.attrs.direct,
                a.attrs.denies.is_some(),
            )
        })
        .collect()
}

/// The Glossa JSON `json` read over the text `text`.
fn session(text: &str, json: &str) -> Session {
    format::read_session(Rc::new(parse_article(text)), json).expect("reads")
}

#[test]
fn label_studio_in_glossa_json_out_keeps_every_annotation() {
    let dir = fresh("ls");
    let s = full_session();
    let input = write(&dir, "project.json", &export(&s, ExportFormat::LabelStudio));
    let o = run(&["convert", &input, "--to", "glossa"]);
    let json = ok(&o);
    assert!(err(&o).contains("22 placed exactly"), "{}", err(&o));
    let back = session(&s.doc.text, &json);
    assert_eq!(rows(&back), rows(&s));
    let ids = |s: &Session| s.annotations_in_order().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(
        ids(&back),
        ids(&s),
        "Label Studio region ids are Glossa's ids"
    );
}

#[test]
fn a_brat_folder_becomes_one_file_per_document() {
    let dir = fresh("brat-folder");
    let s = full_session();
    let (txt, ann) = brat::export(&s);
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    write(&input, "voa.txt", txt.as_bytes());
    write(&input, "voa.ann", ann.as_bytes());
    write(
        &input,
        "other.txt",
        b"Other title\n\nThe minister said it works. Critics denied it.\n",
    );
    write(
        &input,
        "other.ann",
        b"T1\tClaim 13 40\tThe minister said it works.\nT2\tPerson 17 25\tminister\n",
    );
    write(&input, "annotation.conf", brat::ANNOTATION_CONF.as_bytes());
    let out = dir.join("out/");
    let o = run(&[
        "convert",
        &input.to_string_lossy(),
        "--to",
        "jsonl",
        "--out",
        &out.to_string_lossy(),
    ]);
    ok(&o);
    assert!(err(&o).contains("Person ×1"), "{}", err(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["other.jsonl", "voa.jsonl"]);
    let line: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(out.join("voa.jsonl"))
            .expect("read")
            .trim(),
    )
    .expect("json");
    assert_eq!(line["text"], s.doc.text.as_str());
    let labels = line["label"].as_array().expect("labels");
    assert_eq!(labels.len(), s.len());
    let other: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(out.join("other.jsonl"))
            .expect("read")
            .trim(),
    )
    .expect("json");
    assert_eq!(other["label"], serde_json::json!([[13, 40, "claim"]]));
}

#[test]
fn brat_zip_doccano_and_w3c_are_guessed_and_read() {
    let dir = fresh("guess");
    let s = full_session();
    let want = rows(&s);
    for (f, name) in [
        (ExportFormat::Brat, "a.brat.zip"),
        (ExportFormat::Jsonl, "a.jsonl"),
        (ExportFormat::W3c, "a.w3c.jsonld"),
        (ExportFormat::Csv, "a.csv"),
        (ExportFormat::LabelStudio, "unnamed"),
    ] {
        let input = write(&dir, name, &export(&s, f));
        let json = ok(&run(&["convert", &input, "--to", "glossa"]));
        let back = session(&s.doc.text, &json);
        let got = rows(&back);
        assert_eq!(got.len(), want.len(), "{f:?}");
        let ranges = |r: &[Row]| r.iter().map(|r| (r.0, r.1, r.2)).collect::<Vec<_>>();
        assert_eq!(ranges(&got), ranges(&want), "{f:?}");
        if f == ExportFormat::Brat {
            // brat notes are one line each.
            let flat: Vec<Row> = want
                .iter()
                .cloned()
                .map(|mut r| {
                    r.5 = brat::one_line(&r.5);
                    r
                })
                .collect();
            assert_ne!(flat, want, "the corpus has a note over two lines");
            assert_eq!(got, flat, "{f:?} keeps the attributes and links");
        } else if f != ExportFormat::Jsonl {
            assert_eq!(got, want, "{f:?} keeps the attributes and links");
        }
    }
}

#[test]
fn a_deflated_brat_zip_made_by_a_zip_tool_is_read() {
    // Made by Python's zipfile with ZIP_DEFLATED (see glossa-core's corpus test).
    let input = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../glossa-core/tests/data/corpus/harbour.deflated.brat.zip");
    let o = run(&["convert", &input.to_string_lossy(), "--to", "jsonl"]);
    let line: serde_json::Value = serde_json::from_str(ok(&o).trim()).expect("one JSONL line");
    assert!(
        line["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("Harbour reopens")),
        "{line}"
    );
    assert_eq!(
        line["label"],
        serde_json::json!([[17, 48, "claim"], [49, 79, "denial"], [80, 110, "quote"]])
    );
}

#[test]
fn csv_to_glossa_json_gives_back_the_same_annotations_and_text() {
    let dir = fresh("csv");
    let s = full_session();
    let article = write(&dir, "article.txt", SEED.as_bytes());
    let input = write(&dir, "work.csv", &export(&s, ExportFormat::Csv));
    // The built-in article, and the article given with --text.
    for extra in [&[][..], &["--text", article.as_str()][..]] {
        let mut args = vec!["convert", input.as_str(), "--to", "glossa"];
        args.extend_from_slice(extra);
        let json = ok(&run(&args));
        let back = session(&s.doc.text, &json);
        assert_eq!(rows(&back), rows(&s));
        // Notes starting with "-", "@" and "=" come back without the guard.
        let notes: Vec<String> = back
            .annotations()
            .iter()
            .map(|a| a.attrs.note.clone())
            .collect();
        assert!(notes.iter().any(|n| n.starts_with("-the law is vague")));
        assert!(notes.iter().any(|n| n.starts_with("@panel")));
    }
    // And back to CSV: the same bytes but for nothing.
    let again = write(
        &dir,
        "again.glossa.json",
        ok(&run(&["convert", &input, "--to", "glossa"])).as_bytes(),
    );
    let csv = ok(&run(&["convert", &again, "--to", "csv"]));
    assert_eq!(csv.as_bytes(), export(&s, ExportFormat::Csv).as_slice());
}

#[test]
fn a_doccano_file_of_several_texts_needs_a_folder() {
    let dir = fresh("doccano");
    let input = write(
        &dir,
        "data.jsonl",
        "{\"text\": \"First title\\n\\nThe plan works. Critics denied it.\", \"label\": [[13, 28, \"claim\"], [29, 47, \"DENIAL\"]]}\n\
         {\"text\": \"Second 🙂 title\\n\\nShe said \\\"yes\\\" today.\", \"label\": [[16, 37, \"Quote\"], [16, 19, \"PER\"]]}\n"
            .as_bytes(),
    );
    let o = run(&["convert", &input, "--to", "labelstudio"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("holds 2 documents"), "{}", err(&o));

    let out = dir.join("ls/");
    ok(&run(&[
        "convert",
        &input,
        "--to",
        "labelstudio",
        "--out",
        &out.to_string_lossy(),
    ]));
    for (name, label, text) in [
        ("first-title.labelstudio.json", "Claim", "The plan works."),
        (
            "second-title.labelstudio.json",
            "Quote",
            "She said \"yes\" today.",
        ),
    ] {
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")),
        )
        .expect("json");
        let first = &v[0]["annotations"][0]["result"][0];
        assert_eq!(first["value"]["labels"][0], label, "{name}");
        assert_eq!(first["value"]["text"], text, "{name}");
    }
}

#[test]
fn unreadable_input_is_explained() {
    let dir = fresh("errors");
    let unknown = write(&dir, "notes.txt", b"just some words");
    let o = run(&["convert", &unknown, "--to", "glossa"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("give --from FORMAT"), "{}", err(&o));

    let broken = write(&dir, "broken.labelstudio.json", b"[{\"data\": 3}]");
    let o = run(&["convert", &broken, "--to", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("Label Studio file is damaged: task 1 has no \"data\" object"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("Nothing was changed."), "{}", err(&o));

    // A W3C file on another article, without --text.
    let other = parse_article("Other title\n\nOne sentence here. And another one here.");
    let mut s = Session::with_annotations(Rc::new(other), vec![]).expect("session");
    let mut n = 0u8;
    let mut new_id = || {
        n += 1;
        glossa_core::AnnotationId::from_random_bytes([n; 16])
    };
    let mut env = glossa_core::Env {
        now: Timestamp(0),
        new_id: &mut new_id,
    };
    s.apply(
        glossa_core::Action::Select {
            sentence: glossa_core::SentenceId(0),
            extend: false,
        },
        &mut env,
    );
    s.apply(glossa_core::Action::Toggle(Tag::Claim), &mut env);
    let w3c = write(&dir, "other.w3c.jsonld", &export(&s, ExportFormat::W3c));
    let o = run(&["convert", &w3c, "--to", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("--text ARTICLE.txt"), "{}", err(&o));

    let lone = write(&dir, "lone.ann", b"T1\tClaim 0 4\tOne\n");
    let folder = dir.join("bratless");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::copy(&lone, folder.join("lone.ann")).expect("copy");
    let o = run(&["convert", &folder.to_string_lossy(), "--to", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("brat needs both"), "{}", err(&o));
}
