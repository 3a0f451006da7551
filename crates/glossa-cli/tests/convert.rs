//! `glossa-cli convert`: a fully annotated Glossa file converted to every
//! format, and the outputs checked (CSV parses back, JSONL lines parse and
//! their offsets slice the text, brat offsets slice the .txt, W3C passes the
//! W3C validator from `../shared`).

#[path = "../../glossa-core/tests/interop_support/mod.rs"]
mod interop_support;

use glossa_core::{format, parse_article, Session, Timestamp};
use interop_support::{full_session, out_dir, validate};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::rc::Rc;

const BIN: &str = env!("CARGO_BIN_EXE_glossa-cli");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run glossa-cli")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Writes the fully annotated seed session as Glossa JSON, to a file of its
/// own per call: tests run in parallel, and one must never read a file
/// another is still writing.
fn glossa_file(dir: &Path) -> (Session, PathBuf) {
    glossa_file_by(dir, None)
}

/// [`glossa_file`] with the file's `annotator` field.
fn glossa_file_by(dir: &Path, annotator: Option<&str>) -> (Session, PathBuf) {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let s = full_session();
    let path = dir.join(format!("voa-{}-{n}.glossa.json", std::process::id()));
    let file = format::export_by(&s, Timestamp(1_795_668_900_000), "0.1.0", annotator);
    std::fs::write(&path, format::to_json(&file)).expect("write");
    (s, path)
}

/// RFC 4180 records (CRLF rows, quoted fields).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR is followed by LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "file ends with CRLF");
    rows
}

/// The `.txt` and `.ann` of a brat archive, which must hold exactly those
/// two (named after the document) and `annotation.conf`.
fn brat_zip(path: &Path, slug: &str) -> (String, String) {
    let bytes = std::fs::read(path).expect("the zip was written");
    let entries = glossa_core::zip::read_stored(&bytes).expect("a stored zip");
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            format!("{slug}.txt").as_str(),
            format!("{slug}.ann").as_str(),
            "annotation.conf"
        ]
    );
    let text = |i: usize| String::from_utf8(entries[i].1.clone()).expect("utf-8");
    (text(0), text(1))
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn csv_parses_back_with_one_row_per_annotation() {
    let dir = out_dir("cli");
    let (s, file) = glossa_file(&dir);
    let file = file.to_str().expect("path");
    let out = stdout(&run(&["convert", file, "--to", "csv"]));
    let body = out.strip_prefix('\u{feff}').expect("starts with a BOM");
    let rows = parse_csv(body);
    assert_eq!(rows.len(), 1 + 22);
    assert_eq!(
        rows[0].join(","),
        glossa_core::interop::csv::HEADER.join(",")
    );
    assert_eq!(rows[0].len(), 18);
    assert_eq!(
        rows[0][17], "annotator",
        "added last: the other columns keep their places"
    );
    assert!(rows.iter().all(|r| r.len() == 18));
    // The file names nobody: the column is empty.
    assert!(rows[1..].iter().all(|r| r[17].is_empty()));
    for (r, a) in rows[1..].iter().zip(s.annotations()) {
        assert_eq!(r[0], a.id.to_string());
        assert_eq!(r[1], a.tag.name());
        let (st, en): (usize, usize) = (r[5].parse().expect("start"), r[6].parse().expect("end"));
        assert_eq!((st, en), (a.target.start, a.target.end));
        let exact = slice(&s.doc.text, st, en);
        let defused = |v: &str| {
            if v.starts_with(['=', '+', '-', '@']) {
                format!("'{v}")
            } else {
                v.to_string()
            }
        };
        assert_eq!(r[7], defused(&exact));
        assert_eq!(r[13], defused(&a.attrs.note));
    }
    // Formula injection: notes starting with - and @ are defused, others untouched.
    assert!(rows
        .iter()
        .any(|r| r[13] == "'-the law is vague\nsecond line, with a comma"));
    assert!(rows.iter().any(|r| r[13] == "'@panel: check the date"));
    assert!(rows.iter().any(|r| r[13] == "The lede, = the main claim"));
}

/// What `convert` wrote as the annotator, format by format: Glossa JSON's
/// `annotator`, each W3C annotation's `creator`, the CSV column, each JSONL
/// line's `annotator`. `None` where the format shows no trace of one (no
/// key, no creator, empty column); panics if the annotations disagree.
fn annotator_in(file: &str, extra: &[&str]) -> [Option<String>; 4] {
    let convert = |to: &str| {
        let mut args = vec!["convert", file, "--to", to];
        args.extend_from_slice(extra);
        stdout(&run(&args))
    };
    let same = |names: Vec<Option<String>>| {
        assert!(!names.is_empty());
        assert!(names.windows(2).all(|w| w[0] == w[1]), "{names:?}");
        names[0].clone()
    };
    let glossa: serde_json::Value = serde_json::from_str(&convert("glossa")).expect("json");
    let w3c: serde_json::Value = serde_json::from_str(&convert("w3c")).expect("json");
    let creators = w3c["first"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| match item.get("creator") {
            None => None,
            Some(c) => {
                assert_eq!(c["type"], "Person", "{c}");
                assert_eq!(c.as_object().map(|o| o.len()), Some(2), "{c}");
                Some(c["name"].as_str().expect("a name").to_string())
            }
        })
        .collect();
    let csv = convert("csv");
    let rows = parse_csv(csv.strip_prefix('\u{feff}').expect("BOM"));
    assert_eq!(rows[0].last().map(String::as_str), Some("annotator"));
    let column = rows[1..]
        .iter()
        .map(|r| Some(r[17].clone()).filter(|c| !c.is_empty()))
        .collect();
    let jsonl = convert("jsonl")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            v.get("annotator")
                .map(|a| a.as_str().expect("a string").to_string())
        })
        .collect();
    [
        glossa
            .get("annotator")
            .map(|a| a.as_str().expect("a string").to_string()),
        same(creators),
        same(column),
        same(jsonl),
    ]
}

#[test]
fn the_annotator_comes_from_the_file_or_from_the_flag() {
    let dir = out_dir("cli");
    let named = |n: &str| std::array::from_fn::<_, 4, _>(|_| Some(n.to_string()));
    let (_, ana) = glossa_file_by(&dir, Some("ana"));
    let ana = ana.to_str().expect("path");
    assert_eq!(annotator_in(ana, &[]), named("ana"), "from the file");
    assert_eq!(
        annotator_in(ana, &["--annotator", "Ben Okafor"]),
        named("Ben Okafor"),
        "the flag overrides the file"
    );
    assert_eq!(
        annotator_in(ana, &["--annotator", ""]),
        [None, None, None, None],
        "an empty --annotator names nobody"
    );
    let (_, nobody) = glossa_file(&dir);
    let nobody = nobody.to_str().expect("path");
    assert_eq!(annotator_in(nobody, &[]), [None, None, None, None]);
    assert_eq!(
        annotator_in(nobody, &["--annotator=cora"]),
        named("cora"),
        "the flag names who the file does not"
    );
    // Per paragraph too, every line.
    let out = stdout(&run(&[
        "convert",
        ana,
        "--to",
        "jsonl",
        "--per",
        "paragraph",
    ]));
    assert!(out.lines().count() > 1);
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        assert_eq!(v["annotator"], "ana", "{line}");
    }
    // brat has nowhere to put it: the same archive with or without.
    let zips: Vec<Vec<u8>> = [&[][..], &["--annotator", "Ben Okafor"][..]]
        .iter()
        .enumerate()
        .map(|(i, extra)| {
            let zip = dir.join(format!("who-{}-{i}.brat.zip", std::process::id()));
            let mut args = vec![
                "convert",
                ana,
                "--to",
                "brat",
                "--out",
                zip.to_str().expect("p"),
            ];
            args.extend_from_slice(extra);
            stdout(&run(&args));
            std::fs::read(&zip).expect("written")
        })
        .collect();
    assert_eq!(zips[0], zips[1]);
    let nobody_zip = dir.join(format!("who-{}-none.brat.zip", std::process::id()));
    stdout(&run(&[
        "convert",
        nobody,
        "--to",
        "brat",
        "--out",
        nobody_zip.to_str().expect("p"),
    ]));
    assert_eq!(std::fs::read(&nobody_zip).expect("written"), zips[0]);
}

#[test]
fn jsonl_lines_parse_and_offsets_slice_the_text() {
    let dir = out_dir("cli");
    let (s, file) = glossa_file(&dir);
    let file = file.to_str().expect("path");
    let out = stdout(&run(&["convert", file, "--to", "jsonl"]));
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["text"], s.doc.text.as_str());
    let labels = lines[0]["label"].as_array().expect("labels");
    assert_eq!(labels.len(), 22);
    for (l, a) in labels.iter().zip(s.annotations()) {
        assert_eq!(l[0], a.target.start);
        assert_eq!(l[1], a.target.end);
        assert_eq!(l[2], a.tag.name());
    }
    let out = stdout(&run(&[
        "convert",
        file,
        "--to",
        "jsonl",
        "--per",
        "paragraph",
    ]));
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), s.doc.paragraphs.len());
    let mut total = 0;
    for line in &lines {
        let text = line["text"].as_str().expect("text");
        let offset = line["offset"].as_u64().expect("offset") as usize;
        for l in line["label"].as_array().expect("labels") {
            let (st, en) = (
                l[0].as_u64().expect("s") as usize,
                l[1].as_u64().expect("e") as usize,
            );
            assert_eq!(
                slice(text, st, en),
                slice(&s.doc.text, offset + st, offset + en)
            );
            total += 1;
        }
    }
    assert_eq!(total, 22);
}

#[test]
fn brat_offsets_slice_the_txt() {
    let dir = out_dir("cli");
    let (s, file) = glossa_file(&dir);
    let zip_path = dir.join(format!("voa-{}.brat.zip", std::process::id()));
    let o = run(&[
        "convert",
        file.to_str().expect("path"),
        "--to",
        "brat",
        "--out",
        zip_path.to_str().expect("path"),
    ]);
    stdout(&o);
    let (txt, ann) = brat_zip(&zip_path, &s.doc.slug());
    assert_eq!(txt, s.doc.text);
    let mut t = 0;
    for line in ann.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        match line.chars().next() {
            Some('T') => {
                t += 1;
                let (ty, offsets) = cols[1].split_once(' ').expect("type and offsets");
                assert!(["Claim", "Denial", "Quote"].contains(&ty));
                let pieces: Vec<String> = offsets
                    .split(';')
                    .map(|f| {
                        let (a, b) = f.split_once(' ').expect("start end");
                        slice(&txt, a.parse().expect("start"), b.parse().expect("end"))
                    })
                    .collect();
                assert_eq!(pieces.join(" "), cols[2], "{line}");
            }
            Some('A') => {
                assert!(cols[1].starts_with("Direct T") || cols[1].starts_with("Indirect T"))
            }
            Some('R') => assert!(cols[1].starts_with("Denies Arg1:T")),
            Some('#') => assert!(cols[1].starts_with("AnnotatorNotes T") && cols.len() == 3),
            _ => panic!("unexpected line {line:?}"),
        }
    }
    assert_eq!(t, 22);
    assert_eq!(ann.matches("\tDenies ").count(), 2);
    assert!(ann.contains("AnnotatorNotes T"));
    assert!(ann.contains("speaker: Matthew Miller"));
}

#[test]
fn brat_splits_ranges_over_line_breaks_into_fragments() {
    let dir = out_dir("cli");
    let raw = "Title\n\nFirst line of a paragraph\nthat goes on. Second one.\n";
    let article = dir.join("lines.txt");
    std::fs::write(&article, raw).expect("write");
    let doc = Rc::new(parse_article(raw));
    let sent = &doc.sentences[0];
    assert!(sent.text(&doc).contains('\n'));
    let a = interop_support::sentence(&doc, 1, 0, glossa_core::Tag::Claim, Default::default());
    let s = Session::with_annotations(doc.clone(), vec![a]).expect("valid");
    let file = dir.join("lines.glossa.json");
    std::fs::write(
        &file,
        format::to_json(&format::export(&s, Timestamp(0), "0.1.0")),
    )
    .expect("write");
    let zip_path = dir.join("lines.brat.zip");
    stdout(&run(&[
        "convert",
        file.to_str().expect("p"),
        "--to",
        "brat",
        "--text",
        article.to_str().expect("p"),
        "--out",
        zip_path.to_str().expect("p"),
    ]));
    let (_, ann) = brat_zip(&zip_path, &doc.slug());
    assert_eq!(
        ann,
        "T1\tClaim 7 32;33 46\tFirst line of a paragraph that goes on.\n"
    );
}

#[test]
fn w3c_output_validates() {
    let dir = out_dir("cli");
    let (s, file) = glossa_file(&dir);
    let out_path = dir.join("voa.w3c.json");
    let o = run(&[
        "convert",
        file.to_str().expect("p"),
        "--to",
        "w3c",
        "--out",
        out_path.to_str().expect("p"),
    ]);
    stdout(&o);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_path).expect("read")).expect("json");
    assert_eq!(v["total"], 22);
    assert_eq!(
        v["first"]["items"][0]["target"]["source"],
        format!("urn:sha256:{}", s.doc.text_sha256)
    );
    let (code, out) = validate(&out_path, &["--strict"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let dir = out_dir("cli");
    let (_, file) = glossa_file(&dir);
    let file = file.to_str().expect("p");
    let err = |o: &Output| String::from_utf8_lossy(&o.stderr).to_string();

    let o = run(&["convert", file, "--to", "brat"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--out PATH"), "{}", err(&o));

    let o = run(&["convert", file, "--to", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("'pdf'"), "{}", err(&o));
    assert!(
        err(&o).contains("[possible values: glossa, w3c, jsonl, csv, brat, labelstudio]"),
        "{}",
        err(&o)
    );

    let o = run(&["convert", file]);
    assert_eq!(o.status.code(), Some(2));

    // Annotations on another text, no --text: explain --text.
    let other = parse_article("Other title\n\nOne sentence here. And another.");
    let s = Session::with_annotations(Rc::new(other), vec![]).expect("session");
    let other_file = dir.join("other.glossa.json");
    std::fs::write(
        &other_file,
        format::to_json(&format::export(&s, Timestamp(0), "0.1.0")),
    )
    .expect("w");
    let o = run(&["convert", other_file.to_str().expect("p"), "--to", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("--text ARTICLE.txt"), "{}", err(&o));
    assert!(err(&o).contains("\"Other title\""), "{}", err(&o));

    // The wrong --text.
    let wrong = dir.join("wrong.txt");
    std::fs::write(&wrong, "Not the article\n\nAt all.").expect("w");
    let o = run(&[
        "convert",
        file,
        "--to",
        "csv",
        "--text",
        wrong.to_str().expect("p"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("different text"), "{}", err(&o));

    // Not JSON.
    let bad = dir.join("bad.glossa.json");
    std::fs::write(&bad, "not json").expect("w");
    let o = run(&["convert", bad.to_str().expect("p"), "--to", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("not valid JSON"), "{}", err(&o));

    let o = run(&["convert", "/nonexistent/x.glossa.json", "--to", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no such file"));
}

/// The CLI writes the same bytes as the app's Export menu: both go through
/// `glossa_core::export` (the Glossa file's own time aside, which says when
/// it was written).
#[test]
fn every_format_is_the_cores_export_byte_for_byte() {
    use glossa_core::export::{ExportFormat, Options};
    let dir = out_dir("cli");
    let (s, file) = glossa_file(&dir);
    for f in ExportFormat::ALL {
        let out = dir.join(format!(
            "same-{}-{}{}",
            std::process::id(),
            f.id(),
            f.extension()
        ));
        stdout(&run(&[
            "convert",
            file.to_str().expect("p"),
            "--to",
            f.id(),
            "--out",
            out.to_str().expect("p"),
        ]));
        let written = std::fs::read(&out).expect("written");
        let options = Options::new(Timestamp(0), env!("CARGO_PKG_VERSION"));
        let expected = f.export(&s, &options).bytes;
        match f {
            // W3C and Glossa JSON carry the time of writing.
            ExportFormat::W3c | ExportFormat::Glossa => {
                fn drop_times(v: &mut serde_json::Value) {
                    match v {
                        serde_json::Value::Object(o) => {
                            o.remove("generated");
                            o.remove("exported_at");
                            o.values_mut().for_each(drop_times);
                        }
                        serde_json::Value::Array(a) => a.iter_mut().for_each(drop_times),
                        _ => {}
                    }
                }
                let strip = |b: &[u8]| {
                    let mut v: serde_json::Value = serde_json::from_slice(b).expect("json");
                    drop_times(&mut v);
                    v
                };
                assert_eq!(strip(&written), strip(&expected), "{f:?}");
            }
            _ => assert_eq!(written, expected, "{f:?}"),
        }
    }
}

#[test]
fn each_subcommand_explains_itself() {
    for (cmd, words) in [
        (
            "convert",
            &[
                "--to <FORMAT>",
                "--text",
                "--out",
                "--per",
                "--source",
                "--annotator <NAME>",
                "brat",
            ][..],
        ),
        ("split", &["--time", "<FILE>"][..]),
        (
            "generate",
            &["--bytes <N>", "--annotations", "--out-json", "[SEED_FILE]"][..],
        ),
        ("suggest", &["FILE", "--eval <DIR>"][..]),
    ] {
        let o = run(&[cmd, "--help"]);
        let out = stdout(&o);
        for w in words {
            assert!(out.contains(w), "{cmd} --help lacks {w}: {out}");
        }
    }
}
