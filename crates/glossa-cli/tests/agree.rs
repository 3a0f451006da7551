//! `glossa-cli agree`: three annotators' files of the built-in article,
//! the JSON report against the core's figures, and clear errors.

#[path = "../../glossa-core/tests/interop_support/mod.rs"]
mod interop_support;

use glossa_core::agreement::{agreement, Coder};
use glossa_core::{format, parse_article, Session, Tag, Timestamp};
use interop_support::{full_session, out_dir, sentence};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::rc::Rc;

const BIN: &str = env!("CARGO_BIN_EXE_glossa-cli");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run glossa-cli")
}

/// The full session with some sentence tags changed, as `name`'s file.
fn variant(name: &str, change: &[(usize, Option<Tag>)], annotator: bool) -> (Session, PathBuf) {
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
    let s = Session::with_annotations(doc, anns).expect("valid");
    let mut file = serde_json::to_value(format::export(&s, Timestamp(0), "0.1.0")).expect("json");
    if annotator {
        file["annotator"] = Value::from(name);
    }
    let path = out_dir("agree").join(format!("{name}-{}.glossa.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string(&file).expect("json")).expect("write");
    (s, path)
}

#[test]
fn three_annotators_report_what_the_core_computes() {
    let (a, fa) = variant("ana", &[], true);
    let (b, fb) = variant("ben", &[(2, Some(Tag::Claim)), (6, None)], true);
    let (c, fc) = variant(
        "cora",
        &[(2, Some(Tag::Denial)), (9, Some(Tag::Quote))],
        false,
    );
    let o = run(&[
        "agree",
        "--json",
        fa.to_str().expect("p"),
        fb.to_str().expect("p"),
        fc.to_str().expect("p"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let cora = format!("cora-{}", std::process::id());
    assert_eq!(v["annotators"], serde_json::json!(["ana", "ben", cora]));
    let coders = [
        Coder::from_session("ana", &a, None),
        Coder::from_session("ben", &b, None),
        Coder::from_session(&cora, &c, None),
    ];
    let r = agreement(&coders).expect("report");
    let close = |x: &Value, y: Option<f64>| match (x.as_f64(), y) {
        (Some(x), Some(y)) => assert!((x - y).abs() < 1e-12, "{x} vs {y}"),
        (None, None) => {}
        other => panic!("{other:?}"),
    };
    close(
        &v["sentences"]["overall"]["fleiss_kappa"]["value"],
        r.overall.fleiss.value,
    );
    close(
        &v["sentences"]["overall"]["krippendorff_alpha"]["value"],
        r.overall.alpha.value,
    );
    close(
        &v["sentences"]["overall"]["cohen_kappa"][1]["value"],
        r.overall.cohen[1].1.value,
    );
    close(
        &v["sentences"]["per_tag"]["claim"]["fleiss_kappa"]["value"],
        r.per_tag[0].1.fleiss.value,
    );
    close(&v["spans"]["overall"][0]["exact_f1"], r.spans[0].1.exact.f1);
    assert_eq!(
        v["sentences"]["overall"]["cohen_kappa"][0]["pair"],
        serde_json::json!(["ana", "ben"])
    );
    let dis = v["disagreements"]["sentences"].as_array().expect("list");
    let ids: Vec<&str> = dis.iter().filter_map(|d| d["sentence"].as_str()).collect();
    assert_eq!(ids, ["s3", "s7", "s10"]);
    assert!(r.overall.fleiss.value.is_some_and(|k| k > 0.5 && k < 1.0));
    // The table and the CSV say the same.
    let table =
        String::from_utf8(run(&["agree", fa.to_str().expect("p"), fb.to_str().expect("p")]).stdout)
            .expect("utf-8");
    assert!(
        table.contains("Fleiss' κ") && table.contains("Cohen's κ ana / ben"),
        "{table}"
    );
    let csv = String::from_utf8(
        run(&[
            "agree",
            "--csv",
            fa.to_str().expect("p"),
            fb.to_str().expect("p"),
        ])
        .stdout,
    )
    .expect("utf-8");
    assert!(csv.starts_with("scope,measure,annotators,value,observed_agreement,items\r\n"));
    assert!(csv.contains("sentences,cohen_kappa,ana ben,"), "{csv}");
}

#[test]
fn errors_say_which_files() {
    let (_, fa) = variant("ana2", &[], true);
    let (_, fb) = variant("ana2b", &[], true);
    // Two files by the same annotator (both say "ana2").
    let mut again: Value =
        serde_json::from_str(&std::fs::read_to_string(&fb).expect("r")).expect("j");
    again["annotator"] = Value::from("ana2");
    std::fs::write(&fb, again.to_string()).expect("w");
    let o = run(&["agree", fa.to_str().expect("p"), fb.to_str().expect("p")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("two files are by “ana2”"));
    // One file.
    let o = run(&["agree", fa.to_str().expect("p")]);
    assert_eq!(o.status.code(), Some(2));
    // Another article.
    let other = parse_article("Other title\n\nOne sentence here. And another.");
    let s = Session::with_annotations(Rc::new(other), vec![]).expect("s");
    let other_file = out_dir("agree").join(format!("other-{}.glossa.json", std::process::id()));
    std::fs::write(
        &other_file,
        format::to_json(&format::export(&s, Timestamp(0), "0.1.0")),
    )
    .expect("w");
    let o = run(&[
        "agree",
        fa.to_str().expect("p"),
        other_file.to_str().expect("p"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("“Other title”") && err.contains(fa.to_str().expect("p")),
        "{err}"
    );
    // Unreadable.
    let o = run(&[
        "agree",
        fa.to_str().expect("p"),
        "/nonexistent/x.glossa.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such file"));
}
