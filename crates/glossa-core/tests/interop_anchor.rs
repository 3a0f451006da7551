//! Import and re-anchoring: Glossa JSON and W3C files read back into the
//! same text (everything exact) and into edited texts (re-anchored by
//! quote, approximately, or orphaned with a reason); malformed files; and a
//! property test that `read` never panics.

mod interop_support;

use glossa_core::format;
use glossa_core::interop::{self, w3c, ImportError, Imported};
use glossa_core::{
    parse_article, Annotation, Attrs, Document, Placement, Session, Tag, Target, Timestamp,
};
use interop_support::{full_session, id, sentence, SEED};
use proptest::prelude::*;
use std::rc::Rc;
use std::time::Instant;

const NOW: Timestamp = Timestamp(1_795_668_900_000);

fn glossa_json(s: &Session) -> String {
    format::to_json(&format::export(s, NOW, "0.1.0"))
}

fn w3c_json(s: &Session) -> String {
    w3c::export(s, NOW, "")
}

fn doc_of(raw: &str) -> Document {
    parse_article(raw)
}

fn exact_of(doc: &Document, a: &Annotation) -> String {
    doc.slice(a.target.start, a.target.end)
        .unwrap_or_default()
        .to_string()
}

fn is_whole(doc: &Document, a: &Annotation) -> bool {
    doc.sentence(a.target.sentence)
        .is_some_and(|s| (s.start, s.end) == (a.target.start, a.target.end))
}

/// One row of the printed table.
fn row(name: &str, imp: &Imported) -> String {
    format!("{name:<52} {}", imp.summary())
}

fn print_table(rows: &[String]) {
    println!("\nre-anchoring scenarios:");
    for r in rows {
        println!("  {r}");
    }
}

#[test]
fn round_trip_on_the_same_text_is_exact_and_identical() {
    let s = full_session();
    let want: Vec<Annotation> = s.annotations().into_iter().cloned().collect();
    let mut rows = Vec::new();
    for (name, file) in [
        ("unchanged text, Glossa JSON v2", glossa_json(&s)),
        ("unchanged text, W3C", w3c_json(&s)),
    ] {
        let imp = interop::read(&s.doc, &file).expect("reads");
        rows.push(row(name, &imp));
        assert!(imp.orphans.is_empty(), "{name}: {:?}", imp.orphans);
        assert_eq!(imp.skipped, 0);
        assert!(
            imp.placed.iter().all(|(_, p)| *p == Placement::Exact),
            "{name}"
        );
        let got: Vec<Annotation> = imp.placed.iter().map(|(a, _)| a.clone()).collect();
        assert_eq!(
            got, want,
            "{name}: annotations, attributes and links survive"
        );
        // And they make a valid session again.
        let back = Session::with_annotations(s.doc.clone(), got).expect("valid");
        assert_eq!(glossa_json(&back), glossa_json(&s), "{name}");
    }
    print_table(&rows);
}

#[test]
fn glossa_v1_files_are_read() {
    let s = full_session();
    let mut v: serde_json::Value = serde_json::from_str(&glossa_json(&s)).expect("json");
    v["version"] = 1.into();
    let anns = v["annotations"].as_array_mut().expect("list");
    for a in anns.iter_mut() {
        let o = a.as_object_mut().expect("object");
        for k in ["scope", "note", "speaker", "cue", "direct", "denies"] {
            o.remove(k);
        }
    }
    let imp = interop::read(&s.doc, &v.to_string()).expect("v1 reads");
    assert_eq!(imp.exact(), 22);
    assert!(imp.placed.iter().all(|(a, _)| a.attrs.is_empty()));
}

struct Scenario {
    name: &'static str,
    raw: String,
    /// (exact, re-anchored, orphans)
    want: (usize, usize, usize),
}

fn scenarios() -> Vec<Scenario> {
    let s1 = "The United States is pushing back at a Chinese government initiative that encourages its nationals to participate in counterespionage activities.";
    let s17 = "Officials in Beijing denied the U.S. allegations.";
    let title = "US Voices Concerns Over China’s Counterespionage Push\n\n";
    let source = "\n\nSource : VOA News";
    assert!(SEED.contains(s1) && SEED.contains(s17) && SEED.contains(title));
    vec![
        Scenario {
            name: "insertion before (a new first paragraph)",
            raw: SEED.replacen(
                title,
                &format!("{title}Editor’s note: this story was updated on Thursday with a comment from Beijing.\n\n"),
                1,
            ),
            want: (0, 22, 0),
        },
        Scenario {
            name: "deletion before (two header words)",
            raw: SEED.replacen("Cyber Security ", "", 1),
            want: (0, 22, 0),
        },
        Scenario {
            name: "small typo fixes inside two quotes",
            raw: SEED
                .replacen(
                    s1,
                    &s1.replace("counterespionage activities", "counter-espionage activities"),
                    1,
                )
                .replacen("monthlong", "month-long", 1),
            want: (0, 22, 0),
        },
        Scenario {
            name: "large rewrite inside one quote",
            raw: SEED.replacen(
                s17,
                "China’s foreign ministry rejected every accusation from Washington as groundless smears.",
                1,
            ),
            want: (0, 21, 1),
        },
        Scenario {
            name: "insertion after (a new last paragraph)",
            raw: SEED.replacen(
                source,
                "\n\nThe State Department did not respond to a request for comment.\n\nSource : VOA News",
                1,
            ),
            want: (0, 22, 0),
        },
        Scenario {
            name: "sentence deleted (its annotation is orphaned)",
            raw: SEED.replacen(
                "The latest move by MSS followed an expansion of China’s counterespionage law that took effect on July 1.\n\n",
                "",
                1,
            ),
            want: (0, 21, 1),
        },
    ]
}

#[test]
fn re_anchoring_after_edits() {
    let s = full_session();
    let originals: Vec<Annotation> = s.annotations().into_iter().cloned().collect();
    let old_text = |a: &Annotation| exact_of(&s.doc, a);
    let files = [("Glossa", glossa_json(&s)), ("W3C", w3c_json(&s))];
    let mut rows = Vec::new();
    for sc in scenarios() {
        assert_ne!(sc.raw, SEED, "{}: the edit applies", sc.name);
        let doc = doc_of(&sc.raw);
        for (kind, file) in &files {
            let t0 = Instant::now();
            let imp = interop::read(&doc, file).expect("reads");
            let name = format!("{} [{kind}]", sc.name);
            rows.push(format!(
                "{} ({:.1} ms)",
                row(&name, &imp),
                t0.elapsed().as_secs_f64() * 1e3
            ));
            assert_eq!(
                (imp.exact(), imp.reanchored(), imp.orphans.len()),
                sc.want,
                "{name}: {:#?}",
                imp.orphans
            );
            for (a, _) in &imp.placed {
                let orig = originals
                    .iter()
                    .find(|o| o.id == a.id)
                    .expect("same id as before");
                assert_eq!(a.tag, orig.tag, "{name}");
                assert_eq!(a.attrs, orig.attrs, "{name}: attributes and links kept");
                assert_eq!(
                    is_whole(&doc, a),
                    s.is_sentence_level(orig),
                    "{name}: scope of {:?}",
                    old_text(orig)
                );
                let now = exact_of(&doc, a);
                if now != old_text(orig) {
                    // Only the edited sentences may differ, and only a little.
                    assert!(
                        sc.name.contains("typo"),
                        "{name}: {now:?} vs {:?}",
                        old_text(orig)
                    );
                }
            }
            for o in &imp.orphans {
                assert!(!o.why.is_empty());
                println!(
                    "  orphan in {name}: {:?}… — {}",
                    o.exact.chars().take(40).collect::<String>(),
                    o.why
                );
            }
            // The placed ones make a valid session in the new document.
            let placed: Vec<Annotation> = imp.placed.iter().map(|(a, _)| a.clone()).collect();
            Session::with_annotations(Rc::new(doc.clone()), placed).expect("valid session");
        }
    }
    print_table(&rows);
}

#[test]
fn typo_fix_lands_on_the_whole_new_sentence() {
    let s = full_session();
    let raw = SEED.replacen("monthlong", "month-long", 1);
    let doc = doc_of(&raw);
    for file in [glossa_json(&s), w3c_json(&s)] {
        let imp = interop::read(&doc, &file).expect("reads");
        let a = &imp
            .placed
            .iter()
            .find(|(a, _)| a.id == id(16))
            .expect("placed")
            .0;
        assert!(is_whole(&doc, a));
        assert!(exact_of(&doc, a).contains("month-long"));
        let denial = &imp
            .placed
            .iter()
            .find(|(a, _)| a.id == id(17))
            .expect("placed")
            .0;
        assert_eq!(denial.attrs.denies, Some(id(16)), "link kept");
    }
}

#[test]
fn large_rewrite_is_an_orphan_with_a_reason() {
    let s = full_session();
    let raw = SEED.replacen(
        "Officials in Beijing denied the U.S. allegations.",
        "China’s foreign ministry rejected every accusation from Washington as groundless smears.",
        1,
    );
    let doc = doc_of(&raw);
    let imp = interop::read(&doc, &glossa_json(&s)).expect("reads");
    assert_eq!(imp.orphans.len(), 1);
    let o = &imp.orphans[0];
    assert_eq!(o.id, id(17));
    assert_eq!(o.tag, Tag::Denial);
    assert_eq!(o.exact, "Officials in Beijing denied the U.S. allegations.");
    assert_eq!(o.start, Some(2678));
    assert_eq!(o.attrs.denies, Some(id(16)), "kept with its link");
    assert!(o.why.contains("not found"), "{}", o.why);
}

const DUP_A: &str = "Ministry report\n\nIn March the trade talks stalled. The minister denied it. Exports fell sharply after that.\n\nIn May new tariffs came into force. The minister denied it. Markets barely moved on the news.";
const DUP_B: &str = "Ministry report\n\nIn May new tariffs came into force. The minister denied it. Markets barely moved on the news.\n\nIn March the trade talks stalled. The minister denied it. Exports fell sharply after that.";

#[test]
fn duplicate_quotes_are_told_apart_by_context() {
    let doc_a = Rc::new(doc_of(DUP_A));
    // The second "The minister denied it." (sentence 5).
    let a = sentence(&doc_a, 1, 4, Tag::Denial, Attrs::default());
    assert_eq!(exact_of(&doc_a, &a), "The minister denied it.");
    let s = Session::with_annotations(doc_a.clone(), vec![a]).expect("valid");
    let doc_b = doc_of(DUP_B);
    let mut rows = Vec::new();
    for (kind, file) in [("Glossa", glossa_json(&s)), ("W3C", w3c_json(&s))] {
        let imp = interop::read(&doc_b, &file).expect("reads");
        rows.push(row(
            &format!("duplicate quote, paragraphs swapped [{kind}]"),
            &imp,
        ));
        assert_eq!(imp.reanchored(), 1);
        let placed = &imp.placed[0].0;
        // Its old offsets now hold the other occurrence; the context wins.
        assert_eq!(placed.target.sentence.index(), 1, "{kind}");
        let before = doc_b
            .slice(placed.target.start - 20, placed.target.start)
            .unwrap_or_default();
        assert!(before.ends_with("came into force. "), "{kind}: {before:?}");
    }
    print_table(&rows);
}

#[test]
fn a_range_crossing_sentences_is_cut_to_the_larger_part() {
    let s = full_session();
    let mut v: serde_json::Value = serde_json::from_str(&w3c_json(&s)).expect("json");
    let items = v["first"]["items"].as_array_mut().expect("items");
    items.truncate(1);
    // s1 plus the first two words of s2.
    let start = s.doc.sentences[0].start;
    let end = s.doc.sentences[1].start + 9;
    let exact = s.doc.slice(start, end).unwrap_or_default().to_string();
    let sel = &mut items[0]["target"]["selector"];
    sel[0]["exact"] = exact.into();
    sel[0]["suffix"] = "".into();
    sel[1]["start"] = start.into();
    sel[1]["end"] = end.into();
    let imp = interop::read(&s.doc, &v.to_string()).expect("reads");
    let (a, how) = &imp.placed[0];
    assert_eq!(*how, Placement::Reanchored);
    assert_eq!(
        a.target,
        Target {
            sentence: s.doc.sentences[0].id,
            start: s.doc.sentences[0].start,
            end: s.doc.sentences[0].end
        }
    );
}

fn err(doc: &Document, input: &str) -> ImportError {
    match interop::read(doc, input) {
        Err(e) => e,
        Ok(i) => panic!("{input:?} was read: {}", i.summary()),
    }
}

#[test]
fn malformed_files_give_clear_errors() {
    let s = full_session();
    let doc = &s.doc;
    let cases: Vec<(&str, String, &str)> = vec![
        ("not JSON", "this is not json".into(), "This file is not JSON"),
        (
            "{}",
            "{}".into(),
            "This file is not a Glossa or W3C annotation file (no \"annotations\" or \"items\" field). Nothing was changed.",
        ),
        ("{\"items\": 5}", r#"{"items": 5}"#.into(), "\"items\" must be a list of annotations, not a number"),
        ("a number", "42".into(), "not a Glossa or W3C annotation file"),
        ("empty array", "[]".into(), "This file holds no annotations. Nothing was changed."),
        ("list of numbers", "[1, 2, 3]".into(), "3 items without a Glossa tag skipped"),
        (
            "future version",
            r#"{"format": "glossa-annotations", "version": 99, "annotations": []}"#.into(),
            "version 99",
        ),
        (
            "wrong format name",
            r#"{"format": "something-else", "version": 1, "annotations": []}"#.into(),
            "no \"format\": \"glossa-annotations\" field",
        ),
        (
            "Glossa with annotations: 5",
            glossa_json(&s).replacen("\"annotations\": [", "\"annotations\": 5, \"x\": [", 1),
            "damaged or incomplete",
        ),
        (
            "Glossa offsets beyond u64",
            glossa_json(&s).replacen("\"start\": 117", "\"start\": 123456789012345678901234567890", 1),
            "damaged or incomplete",
        ),
        (
            "collection with a linked first page",
            r#"{"type": "AnnotationCollection", "first": "https://example.org/page1"}"#.into(),
            "only a link",
        ),
        (
            "W3C annotation without a Glossa tag",
            r#"{"type": "Annotation", "body": {"type": "TextualBody", "value": "great", "purpose": "commenting"}, "target": "urn:x"}"#.into(),
            "1 item without a Glossa tag skipped",
        ),
        ("too big", format!("[{}]", " ".repeat(interop::import::MAX_BYTES)), "Glossa imports files of up to 20 MB"),
    ];
    for (name, input, want) in cases {
        let e = err(doc, &input).to_string();
        println!("{name:<40} → {e}");
        assert!(e.contains(want), "{name}: {e}");
        assert!(e.ends_with("Nothing was changed."), "{name}: {e}");
    }
}

/// A W3C annotation on `exact` with the given position selector values.
fn w3c_one(tag: &str, exact: &str, start: &str, end: &str) -> String {
    format!(
        r#"{{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:6f1c3a52-8d0e-4a52-9b3e-2f7d1c9a0b11",
            "type": "Annotation", "motivation": "tagging",
            "body": [{{"type": "TextualBody", "value": "{tag}", "purpose": "tagging"}}],
            "target": {{"source": "urn:article:x", "selector": [
              {{"type": "TextQuoteSelector", "exact": "{exact}"}},
              {{"type": "TextPositionSelector", "start": {start}, "end": {end}}}]}}}}"#
    )
}

#[test]
fn bad_annotations_become_orphans_or_re_anchor() {
    let s = full_session();
    let doc = &s.doc;
    let s17 = "Officials in Beijing denied the U.S. allegations.";
    // Offsets out of range, huge, negative, fractional, wrong type: the quote still finds it.
    for (start, end) in [
        ("999999", "1000049"),
        ("18446744073709551615", "18446744073709551615"),
        ("1e300", "2e300"),
        ("-5", "-1"),
        ("\"12\"", "null"),
        ("2727", "2678"),
    ] {
        let imp = interop::read(doc, &w3c_one("Denial", s17, start, end)).expect("reads");
        assert_eq!(imp.reanchored(), 1, "{start}..{end}");
        assert_eq!(imp.placed[0].0.target.start, 2678);
        assert_eq!(imp.placed[0].0.tag, Tag::Denial);
    }
    // A quote that is nowhere: an orphan with a reason.
    let imp = interop::read(
        doc,
        &w3c_one(
            "claim",
            "Nothing like this sentence appears in the article at all, anywhere.",
            "5",
            "9",
        ),
    )
    .expect("reads");
    assert_eq!(imp.orphans.len(), 1);
    assert!(
        imp.orphans[0].why.contains("not found"),
        "{}",
        imp.orphans[0].why
    );
    // No quote and no usable target.
    let imp = interop::read(
        doc,
        r#"[{"type": "Annotation", "motivation": "tagging", "body": {"value": "quote"}, "target": "urn:x"},
            {"type": "Annotation", "body": [{"purpose": "tagging", "value": "claim"}], "target": {"selector": "nope"}},
            {"type": "Annotation", "body": [{"purpose": "tagging", "value": "claim"}], "target": {"selector": [{"type": "TextQuoteSelector", "exact": 5}]}},
            {"type": "Annotation", "body": 5, "target": 7},
            {"type": "Annotation", "body": [{"purpose": ["tagging"], "value": "QUOTE"}], "target": [{"selector": {"type": "TextQuoteSelector", "exact": "Devastating,” Isaac Stone Fish"}}]}]"#,
    )
    .expect("reads");
    assert_eq!(imp.orphans.len(), 3, "{imp:#?}");
    assert_eq!(imp.skipped, 1);
    assert_eq!(imp.reanchored(), 1);
    assert_eq!(imp.placed[0].0.tag, Tag::Quote);
    // Glossa JSON whose offsets are out of range but whose quote is there.
    let mut v: serde_json::Value = serde_json::from_str(&glossa_json(&s)).expect("json");
    v["annotations"][0]["target"]["start"] = 90117.into();
    v["annotations"][0]["target"]["end"] = 90262.into();
    let imp = interop::read(doc, &v.to_string()).expect("reads");
    assert_eq!(
        (imp.exact(), imp.reanchored(), imp.orphans.len()),
        (21, 1, 0)
    );
    // Position-only W3C on our own text reads the quote from the text.
    let pos_only = format!(
        r#"{{"type": "Annotation", "body": {{"purpose": "tagging", "value": "claim"}},
            "target": {{"source": "urn:sha256:{}", "selector": {{"type": "TextPositionSelector", "start": 2678, "end": 2727}}}}}}"#,
        doc.text_sha256
    );
    let imp = interop::read(doc, &pos_only).expect("reads");
    assert_eq!(imp.exact(), 1);
    // Ids that are not UUIDs, or repeat, get stable new ones; links follow.
    let dup = format!(
        "[{}, {}]",
        w3c_one("claim", s17, "2678", "2727"),
        w3c_one("quote", "Officials in Beijing", "2678", "2698")
    );
    let imp = interop::read(doc, &dup).expect("reads");
    assert_eq!(imp.placed.len(), 2);
    assert_ne!(imp.placed[0].0.id, imp.placed[1].0.id);
}

#[test]
fn two_whole_sentence_tags_on_one_sentence_keep_the_first() {
    let s = full_session();
    let mut v: serde_json::Value = serde_json::from_str(&w3c_json(&s)).expect("json");
    let items = v["first"]["items"].as_array_mut().expect("items");
    let mut copy = items[0].clone();
    copy["id"] = "urn:uuid:11111111-2222-4333-8444-555555555555".into();
    copy["body"][0]["value"] = "quote".into();
    items.push(copy);
    let imp = interop::read(&s.doc, &v.to_string()).expect("reads");
    assert_eq!(imp.placed.len(), 22);
    assert_eq!(imp.orphans.len(), 1);
    assert!(imp.orphans[0]
        .why
        .contains("already tags the whole sentence s1"));
}

#[test]
fn scale_2mb_5000_annotations() {
    let raw = glossa_core::generate::long_article(SEED, 2_000_000);
    let doc = Rc::new(doc_of(&raw));
    let n = doc.sentences.len();
    assert!(n > 5_000, "{n} sentences");
    let step = n / 5_000;
    let anns: Vec<Annotation> = (0..5_000)
        .map(|k| {
            let sent = &doc.sentences[k * step];
            Annotation {
                id: glossa_core::AnnotationId::from_random_bytes((k as u128 + 1).to_be_bytes()),
                tag: Tag::ALL[k % 3],
                target: Target {
                    sentence: sent.id,
                    start: sent.start,
                    end: sent.end,
                },
                attrs: Attrs::default(),
                created: NOW,
                updated: NOW,
            }
        })
        .collect();
    let s = Session::with_annotations(doc.clone(), anns).expect("valid");
    let file = glossa_json(&s);
    // Same text: offsets only.
    let t0 = Instant::now();
    let imp = interop::read(&doc, &file).expect("reads");
    let same = t0.elapsed();
    assert_eq!(imp.exact(), 5_000);
    // A paragraph inserted at the top, and 200 sentences with a typo fixed.
    let first = doc.sentences[0].byte_start;
    let mut edited = String::with_capacity(raw.len() + 100);
    edited.push_str(&doc.text[..first]);
    edited.push_str("An editor’s note was added at the top of this very long article.\n\n");
    let mut last = first;
    let mut fixed = 0;
    for a in s.annotations().iter().step_by(25) {
        let sent = &doc.sentences[a.target.sentence.index()];
        let text = sent.text(&doc);
        if let Some(b) = text.find(" the ") {
            let at = sent.byte_start + b;
            if at >= last {
                edited.push_str(&doc.text[last..at]);
                edited.push_str(" teh ");
                last = at + 5;
                fixed += 1;
            }
        }
    }
    edited.push_str(&doc.text[last..]);
    let doc2 = doc_of(&edited);
    let t0 = Instant::now();
    let imp = interop::read(&doc2, &file).expect("reads");
    let moved = t0.elapsed();
    println!(
        "2 MB, 5,000 annotations: same text {:.0} ms; shifted + {fixed} typos {:.0} ms: {}",
        same.as_secs_f64() * 1e3,
        moved.as_secs_f64() * 1e3,
        imp.summary()
    );
    assert_eq!(imp.reanchored() + imp.orphans.len(), 5_000);
    assert!(imp.orphans.len() <= fixed / 20, "{:?}", imp.orphans.first());
    // Generous: debug builds are slow; release is far under a second.
    assert!(moved.as_secs_f64() < 30.0);
}

/// Arbitrary JSON built from the words these formats use.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let word = prop::sample::select(vec![
        "Annotation",
        "AnnotationCollection",
        "AnnotationPage",
        "TextQuoteSelector",
        "TextPositionSelector",
        "SpecificResource",
        "TextualBody",
        "tagging",
        "linking",
        "commenting",
        "claim",
        "denial",
        "quote",
        "glossa-annotations",
        "urn:uuid:6f1c3a52-8d0e-4a52-9b3e-2f7d1c9a0b11",
        "Officials in Beijing",
        "2026-11-26T09:15:02.120Z",
        "",
        "s1",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (0u64..4000).prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        word.clone().prop_map(|w| Value::String(w.to_string())),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    let key = prop::sample::select(vec![
        "type",
        "@context",
        "id",
        "items",
        "first",
        "target",
        "selector",
        "source",
        "body",
        "bodyValue",
        "purpose",
        "value",
        "exact",
        "prefix",
        "suffix",
        "start",
        "end",
        "motivation",
        "created",
        "modified",
        "format",
        "version",
        "annotations",
        "document",
        "text_sha256",
        "tag",
        "next",
    ]);
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone().prop_map(String::from), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn read_never_panics_on_strings(input in "\\PC{0,200}") {
        let doc = parse_article(SEED);
        let _ = interop::read(&doc, &input);
    }

    #[test]
    fn read_never_panics_on_json(v in json_value()) {
        let doc = parse_article(SEED);
        let _ = interop::read(&doc, &v.to_string());
        let wrapped = serde_json::json!({"type": "AnnotationCollection", "first": {"items": [v.clone()]}});
        let _ = interop::read(&doc, &wrapped.to_string());
        let glossa = serde_json::json!({"format": "glossa-annotations", "version": 2, "annotations": [v]});
        let _ = interop::read(&doc, &glossa.to_string());
    }
}
