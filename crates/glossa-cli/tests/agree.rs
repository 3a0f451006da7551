//! `glossa-cli agree`: three annotators' files of the built-in article give
//! exactly the core's report (JSON and CSV), the table shows it, `reached`
//! is read, and every error names its files and exits as documented.

#[path = "../../glossa-core/tests/interop_support/mod.rs"]
mod interop_support;
mod run_cli;

use glossa_core::agreement::{self, DocumentWork, Work};
use glossa_core::{format, parse_article, SentenceId, Session, Tag, Timestamp};
use interop_support::{full_session, out_dir, sentence, span};
use run_cli::{run, stderr, stdout};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::rc::Rc;

fn p(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// The fully annotated seed session with some sentence tags changed (and,
/// with `extra_span`, one more span), written as a file named after
/// `name` (made unique per test process); `fields` are set on the JSON.
fn variant(
    name: &str,
    change: &[(usize, Option<Tag>)],
    extra_span: bool,
    fields: &[(&str, Value)],
) -> (Session, PathBuf) {
    let base = full_session();
    let doc = base.doc.clone();
    let mut anns: Vec<_> = base.annotations().into_iter().cloned().collect();
    for &(s, tag) in change {
        anns.retain(|a| !(a.target.sentence.index() == s && base.is_sentence_level(a)));
        if let Some(tag) = tag {
            anns.push(sentence(
                &doc,
                200 + s as u8,
                s as u32,
                tag,
                Default::default(),
            ));
        }
    }
    if extra_span {
        anns.push(span(
            &doc,
            250,
            2,
            "Ministry of State Security",
            Tag::Quote,
            Default::default(),
        ));
    }
    let s = Session::with_annotations(doc, anns).expect("valid annotations");
    let mut file = serde_json::to_value(format::export(&s, Timestamp(0), "0.1.0")).expect("json");
    for (k, v) in fields {
        file[*k] = v.clone();
    }
    let path = out_dir("agree").join(format!("{name}-{}.glossa.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string_pretty(&file).expect("json")).expect("write");
    (s, path)
}

#[test]
fn three_annotators_get_exactly_the_cores_report() {
    let (a, fa) = variant("ana", &[], false, &[("annotator", json!("ana"))]);
    let (b, fb) = variant(
        "ben",
        &[(2, Some(Tag::Claim)), (6, None)],
        true,
        &[("annotator", json!("ben"))],
    );
    // No "annotator": the file name names her.
    let (c, fc) = variant(
        "cora",
        &[(2, Some(Tag::Denial)), (9, Some(Tag::Quote))],
        false,
        &[],
    );
    let cora = format!("cora-{}", std::process::id());
    let files = [p(&fa), p(&fb), p(&fc)];

    let core = agreement::agreement(&[DocumentWork {
        title: a.doc.title.clone(),
        works: vec![
            Work::from_session("ana", &a, None),
            Work::from_session("ben", &b, None),
            Work::from_session(&cora, &c, None),
        ],
    }])
    .expect("a report");

    // Byte for byte what the core writes (comparing parsed values would
    // round the last digit of some figures).
    let out = stdout(&run(&[&["agree", "--json"][..], &files[..]].concat()));
    let want = serde_json::to_string_pretty(&agreement::to_json(&core, &[&a.doc])).expect("JSON");
    assert_eq!(out, want + "\n");
    let json: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["annotators"], json!(["ana", "ben", cora]));
    assert_eq!(json["documents"][0]["text_sha256"], a.doc.text_sha256);
    let ids: Vec<&str> = json["disagreements"]["sentences"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|d| d["sentence"].as_str())
        .collect();
    assert_eq!(ids, ["s3", "s7", "s10"]);
    assert_eq!(
        json["disagreements"]["sentences"][0]["labels"],
        json!({"ana": "claim", "ben": "claim", cora.clone(): "denial"})
    );
    let extra = &json["disagreements"]["spans"][0];
    assert_eq!(extra["text"], "Ministry of State Security");
    assert_eq!(extra["has"], json!(["ben"]));
    assert_eq!(extra["lacks"], json!(["ana", cora]));
    let fleiss = core.sentences.overall.fleiss.value.expect("defined");
    assert!(fleiss > 0.5 && fleiss < 1.0, "{fleiss}");

    let csv = stdout(&run(&[&["agree", "--csv"][..], &files[..]].concat()));
    assert_eq!(csv, agreement::to_csv(&core));
    assert!(csv.starts_with(agreement::CSV_HEADER));
    assert!(csv.contains("\r\nsentences,overall,cohen_kappa,ana,ben,"));

    let table = stdout(&run(&[&["agree"][..], &files[..]].concat()));
    for want in [
        "Agreement on “US Voices Concerns",
        "3 annotators",
        "Fleiss' κ",
        "Krippendorff's α",
        "Cohen's κ ana–ben",
        &format!("Cohen's κ ben–{cora}"),
        "Spans: F1 exact / overlap",
        "Disagreements: 3 sentences, 1 spans",
        "s3    ana: claim, ben: claim, cora-",
        "“Ministry of State Security”  has: ben; lacks: ana, cora",
    ] {
        assert!(table.contains(want), "{want:?} in\n{table}");
    }
    let fleiss_row = table
        .lines()
        .find(|l| l.starts_with("Fleiss' κ"))
        .expect("a Fleiss row");
    assert!(
        fleiss_row.contains(&format!("{fleiss:.3} (")),
        "{fleiss_row}"
    );
    assert!(table.lines().all(|l| l == l.trim_end()), "{table}");
}

#[test]
fn reached_makes_the_sentences_after_it_missing() {
    let (_, fa) = variant("reach-a", &[], false, &[]);
    // Ben stopped at s10: he has annotations up to s16, so he counts as
    // having reached those; nothing after is missing. Cora reached s4
    // and tagged nothing after it.
    let (_, fb) = variant("reach-b", &[], false, &[("reached", json!("s10"))]);
    let base = full_session();
    let doc = base.doc.clone();
    let kept: Vec<_> = base
        .annotations()
        .into_iter()
        .filter(|a| a.target.sentence < SentenceId(4))
        .cloned()
        .collect();
    let s = Session::with_annotations(doc.clone(), kept).expect("valid");
    let mut file = format::export(&s, Timestamp(0), "0.1.0");
    file.reached = Some("s4".into());
    file.annotator = Some("cora".into());
    let fc = out_dir("agree").join(format!("reach-c-{}.glossa.json", std::process::id()));
    std::fs::write(&fc, format::to_json(&file)).expect("write");

    let json: Value =
        serde_json::from_str(&stdout(&run(&["agree", "--json", p(&fa), p(&fb), p(&fc)])))
            .expect("JSON");
    let n = doc.sentences.len() as u64;
    let coverage = &json["coverage"];
    let b = format!("reach-b-{}", std::process::id());
    assert_eq!(coverage[&b]["sentences_missing"], 0, "{coverage}");
    assert_eq!(coverage["cora"]["sentences_labelled"], 4);
    assert_eq!(coverage["cora"]["sentences_missing"], n - 4);
    // Cohen's κ with cora counts her four sentences only.
    assert_eq!(json["sentences"]["overall"]["cohen_kappa"][1]["items"], 4);
    assert_eq!(json["sentences"]["overall"]["fleiss_kappa"]["items"], 4);
    // Nothing after s4 is a disagreement with cora.
    assert!(json["disagreements"]["sentences"]
        .as_array()
        .expect("list")
        .is_empty());

    // A "reached" that names no sentence is an error.
    file.reached = Some(format!("s{}", n + 1));
    std::fs::write(&fc, format::to_json(&file)).expect("write");
    let o = run(&["agree", p(&fa), p(&fc)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("\"reached\": \"s{}\" is not a sentence", n + 1)),
        "{}",
        stderr(&o)
    );
}

#[test]
fn errors_name_the_files_and_exit_as_documented() {
    let (_, fa) = variant("err-a", &[], false, &[("annotator", json!("ana"))]);
    let (_, fb) = variant("err-b", &[], false, &[("annotator", json!("ana"))]);
    // Two files by one annotator.
    let o = run(&["agree", p(&fa), p(&fb)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("are both by “ana”") && err.contains(p(&fa)) && err.contains(p(&fb)),
        "{err}"
    );
    // Fewer than two files: a usage error.
    let o = run(&["agree", p(&fa)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("at least two annotators"),
        "{}",
        stderr(&o)
    );
    let o = run(&["agree"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["agree", "--json", "--csv", p(&fa), p(&fb)]);
    assert_eq!(o.status.code(), Some(2));

    // Files of another article: every file named, with its title.
    let other = Rc::new(parse_article(
        "Other title\n\nOne sentence here. And another.",
    ));
    let s = Session::with_annotations(other.clone(), vec![]).expect("session");
    let other_file = out_dir("agree").join(format!("other-{}.glossa.json", std::process::id()));
    std::fs::write(
        &other_file,
        format::to_json(&format::export(&s, Timestamp(0), "0.1.0")),
    )
    .expect("write");
    let (_, fc) = variant("err-c", &[], false, &[]);
    let o = run(&["agree", p(&fa), p(&other_file), p(&fc)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("not all on the same article"), "{err}");
    for f in [&fa, &fc] {
        assert!(
            err.contains(&format!("{}: “US Voices Concerns", p(f))),
            "{err}"
        );
    }
    assert!(
        err.contains(&format!("{}: “Other title”", p(&other_file))),
        "{err}"
    );

    // Not the built-in article, and no --text; then the wrong --text.
    let other2 = out_dir("agree").join(format!("other2-{}.glossa.json", std::process::id()));
    let mut f2 = format::export(&s, Timestamp(0), "0.1.0");
    f2.annotator = Some("ben".into());
    std::fs::write(&other2, format::to_json(&f2)).expect("write");
    let o = run(&["agree", p(&other_file), p(&other2)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--text ARTICLE.txt"), "{}", stderr(&o));
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/voa-counterespionage.txt"
    );
    let o = run(&["agree", "--text", seed, p(&other_file), p(&other2)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is not the text they were made on"),
        "{}",
        stderr(&o)
    );
    // With the right text it works.
    let text = out_dir("agree").join(format!("other-{}.txt", std::process::id()));
    std::fs::write(&text, &other.text).expect("write");
    let o = run(&["agree", "--text", p(&text), p(&other_file), p(&other2)]);
    let table = stdout(&o);
    assert!(table.contains("“Other title”: 2 sentences"), "{table}");
    // Everyone said none everywhere: κ undefined, shown as such.
    assert!(table.contains("— (1.00)"), "{table}");

    // Unreadable, not JSON, not Glossa.
    let o = run(&["agree", p(&fa), "/nonexistent/x.glossa.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
    let bad = out_dir("agree").join(format!("bad-{}.glossa.json", std::process::id()));
    std::fs::write(&bad, "{ not json").expect("write");
    let o = run(&["agree", p(&fa), p(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{}: This file is not valid JSON", p(&bad))),
        "{}",
        stderr(&o)
    );
    std::fs::write(&bad, "{\"format\": \"other\"}").expect("write");
    let o = run(&["agree", p(&fa), p(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not a Glossa annotation file"),
        "{}",
        stderr(&o)
    );
}
