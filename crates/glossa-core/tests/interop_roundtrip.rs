//! Every format, exported and read back: the same annotations come back
//! (tags, offsets, and the notes, speakers, cues, direct/indirect and
//! denial links the format holds), on a hostile corpus (emoji, CJK,
//! combining marks, U+2028, U+0085, tabs, `= + - @ '=` at field starts,
//! overlapping and nested spans), on the fully annotated seed article, and
//! on random texts and spans (proptest).

mod interop_support;

use glossa_core::export::{ExportFormat, Options};
use glossa_core::interop::{brat, csv, jsonl, labelstudio, ImportError};
use glossa_core::{
    parse_article, Annotation, AnnotationId, Attrs, Document, Placement, Session, Tag, Target,
    Timestamp,
};
use interop_support::full_session;
use proptest::prelude::*;
use std::rc::Rc;

/// A text with everything that broke a format once.
const HOSTILE: &str = "Rich corpus: 🙂 emoji, 中文 and e\u{301}\n\n\
=SUM(A1) said the minister 🙂 today. +1 to everyone, she added\u{2028}on a new line. \
-the law is vague\tsaid critics.\n\n\
@panel: 中文的句子很长，真的。 '=A1 is not a formula\u{85}really. \
Cafe\u{301} owners denied it 👩\u{200d}👩\u{200d}👧 flatly.\n\n\
'+1' to everyone, said the \u{2029}crowd \u{0b}loudly\u{0c} again.\n";

/// What a format keeps of an annotation.
#[derive(Clone, Copy, Debug)]
struct Keeps {
    attrs: bool,
    links: bool,
    ids: bool,
    /// Notes on one line, line breaks and tabs as spaces (brat).
    one_line: bool,
    /// Ranges without line breaks at their ends (brat's fragments).
    trims_breaks: bool,
}

fn keeps(f: ExportFormat) -> Keeps {
    let all = Keeps {
        attrs: true,
        links: true,
        ids: true,
        one_line: false,
        trims_breaks: false,
    };
    match f {
        ExportFormat::Glossa | ExportFormat::W3c | ExportFormat::Csv => all,
        ExportFormat::LabelStudio => all,
        ExportFormat::Brat => Keeps {
            ids: false,
            one_line: true,
            trims_breaks: true,
            ..all
        },
        ExportFormat::Jsonl => Keeps {
            attrs: false,
            links: false,
            ids: false,
            one_line: false,
            trims_breaks: false,
        },
    }
}

/// One annotation as a format keeps it: range, tag, attributes, the range
/// of the claim it denies, and its id where the format keeps ids.
type Row = (
    usize,
    usize,
    Tag,
    String,
    String,
    String,
    Option<bool>,
    Option<(usize, usize)>,
    Option<AnnotationId>,
);

fn trimmed(doc: &Document, start: usize, end: usize) -> (usize, usize) {
    let chars: Vec<char> = doc.slice(start, end).unwrap_or_default().chars().collect();
    let lead = chars
        .iter()
        .take_while(|c| brat::LINE_BREAKS.contains(c))
        .count();
    let trail = chars[lead..]
        .iter()
        .rev()
        .take_while(|c| brat::LINE_BREAKS.contains(c))
        .count();
    (start + lead, end - trail)
}

fn rows<'a>(doc: &Document, anns: impl IntoIterator<Item = &'a Annotation>, k: Keeps) -> Vec<Row> {
    let anns: Vec<&Annotation> = anns.into_iter().collect();
    let range = |a: &Annotation| {
        if k.trims_breaks {
            trimmed(doc, a.target.start, a.target.end)
        } else {
            (a.target.start, a.target.end)
        }
    };
    let text = |s: &str| {
        if !k.attrs {
            String::new()
        } else if k.one_line {
            brat::one_line(s)
        } else {
            s.to_string()
        }
    };
    let mut out: Vec<Row> = anns
        .iter()
        .map(|a| {
            let (s, e) = range(a);
            let denies = a
                .attrs
                .denies
                .filter(|_| k.links)
                .and_then(|c| anns.iter().find(|b| b.id == c))
                .map(|c| range(c));
            (
                s,
                e,
                a.tag,
                text(&a.attrs.note),
                text(&a.attrs.speaker),
                text(&a.attrs.cue),
                a.attrs.direct.filter(|_| k.attrs),
                denies,
                Some(a.id).filter(|_| k.ids),
            )
        })
        .collect();
    out.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    out
}

/// Exports `s` as `f`, reads it back into the same document, and checks
/// every annotation came back, placed exactly, as the format keeps it.
fn round_trip(s: &Session, f: ExportFormat, options: &Options<'_>) {
    let file = f.export(s, options);
    assert_eq!(
        ExportFormat::guess(&file.name, &file.bytes),
        Some(f),
        "guessed from its name"
    );
    assert_eq!(
        ExportFormat::guess("upload", &file.bytes),
        Some(f),
        "guessed from its bytes: {}",
        String::from_utf8_lossy(&file.bytes[..file.bytes.len().min(200)])
    );
    let imported = f
        .import(&s.doc, &file.bytes, Timestamp(0))
        .unwrap_or_else(|e| panic!("{f:?}: {e}"));
    let k = keeps(f);
    let expected = rows(&s.doc, s.annotations(), k);
    assert!(imported.orphans.is_empty(), "{f:?}: {:?}", imported.orphans);
    assert_eq!(
        imported.exact(),
        expected.len(),
        "{f:?}: {}",
        imported.summary()
    );
    assert!(imported
        .placed
        .iter()
        .all(|(_, how)| *how == Placement::Exact));
    let got = rows(&s.doc, imported.placed.iter().map(|(a, _)| a), k);
    assert_eq!(got, expected, "{f:?}");
}

fn ann(doc: &Document, n: u8, start: usize, end: usize, tag: Tag, attrs: Attrs) -> Annotation {
    let sentence = doc.sentence_at(start).expect("in a sentence").id;
    Annotation {
        id: AnnotationId::from_random_bytes([n; 16]),
        tag,
        target: Target {
            sentence,
            start,
            end,
        },
        attrs,
        created: Timestamp(1_795_668_600_000),
        updated: Timestamp(1_795_668_700_000),
    }
}

/// Code point offsets of `needle` in the text.
fn find(doc: &Document, needle: &str) -> (usize, usize) {
    let byte = doc
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?}"));
    let start = doc.text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn hostile_session() -> Session {
    let doc = Rc::new(parse_article(HOSTILE));
    let d = &doc;
    let attrs = |note: &str, speaker: &str, cue: &str, direct: Option<bool>| Attrs {
        note: note.into(),
        speaker: speaker.into(),
        cue: cue.into(),
        direct,
        denies: None,
    };
    let mut anns = Vec::new();
    // Every sentence tagged whole, in turn claim, quote, denial.
    for (i, s) in d.sentences.iter().enumerate() {
        let tag = Tag::ALL[i % 3];
        let a = match tag {
            Tag::Quote => attrs("'=A1 stays text", "@someone", "-said", Some(i % 2 == 0)),
            Tag::Claim => attrs("=cmd\n\nsecond\tline\u{2028}third", "", "", None),
            Tag::Denial => attrs("'+1' to everyone 🙂", "+Critics", "", None),
        };
        anns.push(ann(d, 10 + i as u8, s.start, s.end, tag, a));
    }
    // Spans: overlapping, nested, over U+2028, U+0085, a tab, emoji.
    let spans = [
        ("said the minister 🙂", Tag::Quote),
        ("minister 🙂 today", Tag::Claim),
        ("she added\u{2028}on a new", Tag::Quote),
        ("added\u{2028}on", Tag::Claim),
        ("-the law is vague\tsaid", Tag::Claim),
        ("formula\u{85}really", Tag::Claim),
        ("中文的句子", Tag::Quote),
        ("Cafe\u{301} owners", Tag::Denial),
        ("👩\u{200d}👩\u{200d}👧", Tag::Quote),
        ("\u{2029}crowd \u{0b}loudly\u{0c}", Tag::Claim),
    ];
    for (k, (words, tag)) in spans.into_iter().enumerate() {
        let (s, e) = find(d, words);
        let a = attrs(
            &format!("@span {k}\r\nwith a CR"),
            "中文 speaker",
            "e\u{301}",
            (tag == Tag::Quote).then_some(k % 2 == 1),
        );
        anns.push(ann(d, 40 + k as u8, s, e, tag, a));
    }
    // Links: every denial denies the first claim before it.
    let claims: Vec<(usize, AnnotationId)> = anns
        .iter()
        .filter(|a| a.tag == Tag::Claim)
        .map(|a| (a.target.start, a.id))
        .collect();
    for a in anns.iter_mut().filter(|a| a.tag == Tag::Denial) {
        a.attrs.denies = claims
            .iter()
            .rev()
            .find(|(s, _)| *s <= a.target.start)
            .map(|(_, id)| *id);
    }
    let s = Session::with_annotations(doc.clone(), anns).expect("valid");
    assert!(s.len() >= 15, "{}", s.len());
    s
}

fn options() -> Options<'static> {
    let mut o = Options::new(Timestamp(1_795_668_900_000), "0.1.0");
    o.annotator = Some("Ana Lima");
    o
}

#[test]
fn the_hostile_corpus_has_what_it_claims() {
    let s = hostile_session();
    for c in [
        '\u{2028}', '\u{85}', '\t', '\u{301}', '🙂', '中', '\u{2029}',
    ] {
        assert!(s.doc.text.contains(c), "{c:?}");
    }
    let links = s
        .annotations()
        .iter()
        .filter(|a| a.attrs.denies.is_some())
        .count();
    assert!(links >= 2, "{links} links");
}

#[test]
fn every_format_round_trips_the_hostile_corpus() {
    let s = hostile_session();
    for f in ExportFormat::ALL {
        round_trip(&s, f, &options());
    }
}

#[test]
fn every_format_round_trips_the_fully_annotated_article() {
    let s = full_session();
    for f in ExportFormat::ALL {
        round_trip(&s, f, &options());
    }
}

#[test]
fn doccano_lines_per_paragraph_come_back_at_their_offsets() {
    let s = hostile_session();
    let mut o = options();
    o.per = jsonl::Per::Paragraph;
    round_trip(&s, ExportFormat::Jsonl, &o);
}

#[test]
fn no_brat_line_holds_a_python_line_break_and_the_txt_is_exact() {
    let s = hostile_session();
    let (txt, ann) = brat::export(&s);
    assert_eq!(txt, s.doc.text);
    for line in ann.split_terminator('\n') {
        assert!(
            !line.contains(brat::LINE_BREAKS),
            "a Python reader splits {line:?}"
        );
    }
    // Fragments: the span over U+2028 is two pieces, each slicing the text.
    let idx: Vec<char> = txt.chars().collect();
    let mut fragments = 0;
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let cols: Vec<&str> = line.splitn(3, '\t').collect();
        let (_, offsets) = cols[1].split_once(' ').expect("type and offsets");
        let pieces: Vec<String> = offsets
            .split(';')
            .map(|f| {
                fragments += 1;
                let (a, b) = f.split_once(' ').expect("two numbers");
                let (a, b): (usize, usize) = (a.parse().expect("n"), b.parse().expect("n"));
                idx[a..b].iter().collect()
            })
            .collect();
        assert_eq!(pieces.join(" "), cols[2], "{line}");
    }
    assert!(fragments > s.len(), "some annotations are in fragments");
}

#[test]
fn csv_keeps_a_leading_quote_before_a_formula_character() {
    let s = hostile_session();
    let text = csv::export(&s);
    assert!(text.contains(",''+1' to everyone 🙂,"), "guarded once more");
    assert!(text.contains(",''=A1 stays text,"), "{text}");
    let back = ExportFormat::Csv
        .import(&s.doc, text.as_bytes(), Timestamp(0))
        .expect("reads");
    let notes: Vec<&str> = back
        .placed
        .iter()
        .map(|(a, _)| a.attrs.note.as_str())
        .collect();
    assert!(notes.contains(&"'+1' to everyone 🙂"), "{notes:?}");
    assert!(notes.contains(&"'=A1 stays text"), "{notes:?}");
}

#[test]
fn label_studio_export_matches_its_config() {
    let s = hostile_session();
    let text = labelstudio::export_by(&s, None);
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let config = labelstudio::config();
    let result = v[0]["annotations"][0]["result"].as_array().expect("result");
    let chars: Vec<char> = s.doc.text.chars().collect();
    let mut regions = 0;
    for r in result {
        if r["type"] == "relation" {
            assert!(config.contains("<Relation value=\"Denies\"/>"));
            continue;
        }
        let from = r["from_name"].as_str().expect("from_name");
        assert!(
            config.contains(&format!("name=\"{from}\" toName=\"text\"")),
            "{from}"
        );
        assert_eq!(r["to_name"], "text");
        if r["type"] == "labels" {
            regions += 1;
            let label = r["value"]["labels"][0].as_str().expect("label");
            assert!(config.contains(&format!("<Label value=\"{label}\"/>")));
            let (a, b) = (
                r["value"]["start"].as_u64().expect("start") as usize,
                r["value"]["end"].as_u64().expect("end") as usize,
            );
            let slice: String = chars[a..b].iter().collect();
            assert_eq!(r["value"]["text"], slice.as_str());
        }
    }
    assert_eq!(regions, s.len());
    assert!(config.contains("<Text name=\"text\" value=\"$text\"/>"));
}

#[test]
fn other_labels_are_reported_and_not_placed() {
    let s = hostile_session();
    let doc = &s.doc;
    let (a, b) = find(doc, "minister 🙂 today");
    let ls = serde_json::json!([{
        "data": {"text": doc.text},
        "annotations": [{"result": [
            {"id": "x1", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": a, "end": b, "text": "minister 🙂 today", "labels": ["CLAIM"]}},
            {"id": "x2", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": a, "end": b, "labels": ["Person"]}},
        ]}],
        "predictions": [{"result": [
            {"id": "p1", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": a, "end": b, "labels": ["Person"]}},
        ]}],
    }]);
    let imp = ExportFormat::LabelStudio
        .import(doc, ls.to_string().as_bytes(), Timestamp(0))
        .expect("reads");
    assert_eq!(imp.placed.len(), 1);
    assert_eq!(imp.placed[0].0.tag, Tag::Claim);
    // The task has annotations: its prediction is not read.
    assert_eq!(imp.other_labels.get("Person"), Some(&1));
    assert_eq!(imp.predictions_unread, 1);
    assert!(
        imp.summary().contains("1 not placed") && imp.summary().contains("Person ×1"),
        "{}",
        imp.summary()
    );
    let only_other = serde_json::json!({"text": doc.text, "label": [[a, b, "ORG"]]});
    match ExportFormat::Jsonl.import(doc, only_other.to_string().as_bytes(), Timestamp(0)) {
        Err(ImportError::Empty { skipped: 1 }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_label_studio_task_with_annotations_and_predictions_gives_each_span_once() {
    let s = hostile_session();
    let doc = &s.doc;
    let (a, b) = find(doc, "minister 🙂 today");
    let (c, d) = find(doc, "Cafe\u{301} owners");
    let claim = |id: &str| {
        serde_json::json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": a, "end": b, "labels": ["Claim"]}})
    };
    let denial = |id: &str| {
        serde_json::json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": c, "end": d, "labels": ["Denial"]}})
    };
    let link = |from: &str, to: &str| {
        serde_json::json!({"from_id": from, "to_id": to, "type": "relation",
            "direction": "right", "labels": ["Denies"]})
    };
    // Two people annotated the same claim, one also a denial of it; a model
    // predicted both; a third annotation was cancelled.
    let task = serde_json::json!([{
        "data": {"text": doc.text},
        "annotations": [
            {"result": [claim("a1")]},
            {"result": [claim("b1"), denial("b2"), link("b2", "b1")]},
            {"was_cancelled": true, "result": [denial("c1")]},
        ],
        "predictions": [{"result": [claim("p1"), denial("p2")]}],
    }]);
    let imp = ExportFormat::LabelStudio
        .import(doc, task.to_string().as_bytes(), Timestamp(0))
        .expect("reads");
    assert!(imp.orphans.is_empty(), "{:?}", imp.orphans);
    let mut tags: Vec<Tag> = imp.placed.iter().map(|(a, _)| a.tag).collect();
    tags.sort();
    assert_eq!(tags, [Tag::Claim, Tag::Denial], "{}", imp.summary());
    assert_eq!(imp.duplicates, 1);
    assert_eq!(imp.predictions_unread, 2);
    let claim_id = imp
        .placed
        .iter()
        .find(|(a, _)| a.tag == Tag::Claim)
        .map(|(a, _)| a.id);
    let placed_denial = imp
        .placed
        .iter()
        .find(|(a, _)| a.tag == Tag::Denial)
        .map(|(a, _)| a);
    assert_eq!(
        placed_denial.and_then(|a| a.attrs.denies),
        claim_id,
        "the link to the dropped copy goes to the kept claim"
    );
    let summary = imp.summary();
    assert!(
        summary.contains("1 duplicate read once") && summary.contains("2 predictions not read"),
        "{summary}"
    );

    // Without a (non-cancelled) annotation, the predictions are read.
    let predicted = serde_json::json!([{
        "data": {"text": doc.text},
        "annotations": [{"was_cancelled": true, "result": [denial("c1")]}],
        "predictions": [{"result": [claim("p1"), denial("p2")]}],
    }]);
    let imp = ExportFormat::LabelStudio
        .import(doc, predicted.to_string().as_bytes(), Timestamp(0))
        .expect("reads");
    assert_eq!(imp.placed.len(), 2, "{}", imp.summary());
    assert_eq!((imp.duplicates, imp.predictions_unread), (0, 0));
}

#[test]
fn doccano_entity_objects_and_relations_are_read() {
    let s = hostile_session();
    let doc = &s.doc;
    let (c0, c1) = find(doc, "minister 🙂 today");
    let (d0, d1) = find(doc, "Cafe\u{301} owners");
    let line = serde_json::json!({
        "text": doc.text,
        "entities": [
            {"id": 7, "label": "claim", "start_offset": c0, "end_offset": c1},
            {"id": 8, "label": "Denial", "start_offset": d0, "end_offset": d1},
        ],
        "relations": [{"id": 1, "from_id": 8, "to_id": 7, "type": "denies"}],
    });
    let imp = ExportFormat::Jsonl
        .import(doc, line.to_string().as_bytes(), Timestamp(0))
        .expect("reads");
    assert_eq!(imp.exact(), 2, "{}", imp.summary());
    let claim = imp
        .placed
        .iter()
        .find(|(a, _)| a.tag == Tag::Claim)
        .expect("claim");
    let denial = imp
        .placed
        .iter()
        .find(|(a, _)| a.tag == Tag::Denial)
        .expect("denial");
    assert_eq!(denial.0.attrs.denies, Some(claim.0.id));
    assert_eq!((denial.0.target.start, denial.0.target.end), (d0, d1));
}

#[test]
fn a_file_from_an_edited_text_is_re_anchored_by_its_quotes() {
    let s = hostile_session();
    let edited = Rc::new(parse_article(
        &HOSTILE.replace("Rich corpus:", "A longer title for the rich corpus:"),
    ));
    for f in [
        ExportFormat::LabelStudio,
        ExportFormat::Jsonl,
        ExportFormat::Brat,
        ExportFormat::Csv,
    ] {
        let file = f.export(&s, &options());
        let imp = f
            .import(&edited, &file.bytes, Timestamp(0))
            .unwrap_or_else(|e| panic!("{f:?}: {e}"));
        assert_eq!(imp.exact(), 0, "{f:?}: {}", imp.summary());
        assert_eq!(imp.reanchored(), s.len(), "{f:?}: {}", imp.summary());
        let shift =
            "A longer title for the rich corpus:".chars().count() - "Rich corpus:".chars().count();
        let before: Vec<(usize, Tag)> = {
            let mut v: Vec<_> = s
                .annotations()
                .iter()
                .map(|a| {
                    let (st, _) = if f == ExportFormat::Brat {
                        trimmed(&s.doc, a.target.start, a.target.end)
                    } else {
                        (a.target.start, a.target.end)
                    };
                    (st + shift, a.tag)
                })
                .collect();
            v.sort();
            v
        };
        let mut after: Vec<(usize, Tag)> = imp
            .placed
            .iter()
            .map(|(a, _)| (a.target.start, a.tag))
            .collect();
        after.sort();
        assert_eq!(after, before, "{f:?}");
    }
}

#[test]
fn broken_files_are_refused_with_a_reason_and_never_panic() {
    let s = hostile_session();
    let doc = &s.doc;
    let cases: [(ExportFormat, &[u8], &str); 9] = [
        (
            ExportFormat::LabelStudio,
            b"[{\"no\": 1}]",
            "task 1 has no \"data\"",
        ),
        (
            ExportFormat::LabelStudio,
            b"[{\"data\": {\"text\": \"a\"}, \"annotations\": 3}]",
            "not a list",
        ),
        (
            ExportFormat::Jsonl,
            b"{\"text\": \"abc\", \"label\": [[0, 9, \"claim\"]]}\n",
            "not inside",
        ),
        (
            ExportFormat::Jsonl,
            b"{\"text\": \"abc\", \"label\": [[0, 1, \"claim\"]]}\nnot json\n",
            "line 2 is not JSON",
        ),
        (ExportFormat::Jsonl, b"{\"label\": []}", "no \"text\""),
        (
            ExportFormat::Brat,
            b"T1\tClaim x y\tab\n",
            "is not two offsets",
        ),
        (
            ExportFormat::Brat,
            b"PK\x03\x04garbage",
            "brat file is damaged",
        ),
        (
            ExportFormat::Csv,
            b"id,tag,start,end,exact\n1,claim,zero,1,a\n",
            "is not a number",
        ),
        (
            ExportFormat::Csv,
            b"id,tag,exact\n1,claim,\"open\n",
            "never closed",
        ),
    ];
    for (f, bytes, says) in cases {
        match f.import(doc, bytes, Timestamp(0)) {
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.contains(says), "{f:?}: {msg}");
                assert!(msg.ends_with("Nothing was changed."), "{msg}");
            }
            Ok(imp) => panic!("{f:?} read {}", imp.summary()),
        }
    }
    // Several texts, none this document's.
    let two = b"{\"text\": \"one\", \"label\": [[0, 3, \"claim\"]]}\n{\"text\": \"two\", \"label\": [[0, 3, \"claim\"]]}\n";
    assert!(matches!(
        ExportFormat::Jsonl.import(doc, two, Timestamp(0)),
        Err(ImportError::OtherTexts { texts: 2, .. })
    ));
}

#[test]
fn guess_knows_every_extension_and_reads_unnamed_files() {
    assert_eq!(ExportFormat::guess("a.ann", b""), Some(ExportFormat::Brat));
    assert_eq!(
        ExportFormat::guess("x.JSONLD", b""),
        Some(ExportFormat::W3c)
    );
    assert_eq!(
        ExportFormat::guess("export.json", b"[{\"data\": {\"text\": \"a\"}}]"),
        Some(ExportFormat::LabelStudio)
    );
    assert_eq!(
        ExportFormat::guess("x", b"T1\tClaim 0 1\ta\n"),
        Some(ExportFormat::Brat)
    );
    assert_eq!(
        ExportFormat::guess("x", b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"),
        Some(ExportFormat::Jsonl)
    );
    assert_eq!(ExportFormat::guess("notes.txt", b"hello"), None);
    for f in ExportFormat::ALL {
        assert_eq!(
            ExportFormat::guess(&format!("doc{}", f.extension()), b""),
            Some(f)
        );
    }
}

// Random texts and spans, every format.

/// Pieces random texts are made of: words, and every hostile character.
const PIECES: &[&str] = &[
    "word",
    "said",
    "Denied",
    " ",
    " ",
    ". ",
    "! ",
    "\n\n",
    "\n",
    "\t",
    "🙂",
    "中文",
    "e\u{301}",
    "\u{2028}",
    "\u{85}",
    "\u{2029}",
    "\u{0b}",
    "=",
    "+",
    "-",
    "@",
    "'",
    "\"",
    ",",
    "👩\u{200d}👧",
];

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 20..120)
        .prop_map(|p| format!("A title\n\n{}", p.concat()))
}

/// Notes and names from the same pieces.
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|p| p.concat())
}

#[derive(Clone, Debug)]
struct Pick {
    at: prop::sample::Index,
    len: prop::sample::Index,
    tag: usize,
    note: String,
    speaker: String,
    direct: Option<bool>,
}

fn picks() -> impl Strategy<Value = Vec<Pick>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            0usize..3,
            words(),
            words(),
            any::<Option<bool>>(),
        )
            .prop_map(|(at, len, tag, note, speaker, direct)| Pick {
                at,
                len,
                tag,
                note,
                speaker,
                direct,
            }),
        0..12,
    )
}

/// Spans from the picks: inside a sentence, not the whole of it, one per
/// (range, tag); the first denial denies the first claim.
fn random_session(text: &str, picks: &[Pick]) -> Option<Session> {
    let doc = Rc::new(parse_article(text));
    if doc.sentences.is_empty() {
        return None;
    }
    let mut anns: Vec<Annotation> = Vec::new();
    for (n, p) in picks.iter().enumerate() {
        let s = &doc.sentences[p.at.index(doc.sentences.len())];
        let len = s.end - s.start;
        if len < 2 {
            continue;
        }
        let start = s.start + p.len.index(len - 1);
        let end = start + 1 + p.len.index(s.end - start - 1).min(4);
        let tag = Tag::ALL[p.tag];
        if anns
            .iter()
            .any(|a| (a.target.start, a.target.end, a.tag) == (start, end, tag))
        {
            continue;
        }
        let (ts, te) = trimmed(&doc, start, end);
        if ts >= te || (start, end) == (s.start, s.end) {
            continue;
        }
        anns.push(Annotation {
            id: AnnotationId::from_random_bytes([n as u8 + 1; 16]),
            tag,
            target: Target {
                sentence: s.id,
                start,
                end,
            },
            attrs: Attrs {
                note: p.note.clone(),
                speaker: p.speaker.clone(),
                cue: p.note.chars().rev().collect(),
                direct: p.direct,
                denies: None,
            },
            created: Timestamp(0),
            updated: Timestamp(0),
        });
    }
    let claim = anns.iter().find(|a| a.tag == Tag::Claim).map(|a| a.id);
    if let Some(d) = anns.iter_mut().find(|a| a.tag == Tag::Denial) {
        d.attrs.denies = claim;
    }
    Session::with_annotations(doc, anns).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_texts_and_spans_round_trip_in_every_format(text in article(), picks in picks()) {
        let Some(s) = random_session(&text, &picks) else {
            return Ok(());
        };
        if s.is_empty() {
            return Ok(());
        }
        for f in ExportFormat::ALL {
            round_trip(&s, f, &options());
        }
    }
}

/// pandas reads the CSV, and Python's own line splitting (brat's reader)
/// the `.ann`, of the hostile corpus: the same annotations, the guard
/// undone by the documented rule. Needs the project's python with pandas
/// (`$GLOSSA_PYTHON`, else `target/venv`): a missing one fails, saying so.
#[test]
fn pandas_and_pythons_line_splitting_read_the_exports() {
    let s = hostile_session();
    let dir = interop_support::out_dir("roundtrip-python");
    let (txt, ann) = brat::export(&s);
    std::fs::write(dir.join("export.csv"), csv::export(&s)).expect("write");
    std::fs::write(dir.join("export.txt"), &txt).expect("write");
    std::fs::write(dir.join("export.ann"), &ann).expect("write");
    let expected: Vec<serde_json::Value> = s
        .annotations()
        .iter()
        .map(|a| {
            serde_json::json!({
                "start": a.target.start, "end": a.target.end, "tag": a.tag.name(),
                "note": a.attrs.note, "speaker": a.attrs.speaker, "cue": a.attrs.cue,
            })
        })
        .collect();
    std::fs::write(
        dir.join("expected.json"),
        serde_json::to_string(&expected).expect("json"),
    )
    .expect("write");
    let py = interop_support::python();
    let has_pandas = std::process::Command::new(&py)
        .args(["-c", "import pandas"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has_pandas,
        "{} with pandas is missing: scripts/test.sh prepares target/venv \
         (or set GLOSSA_PYTHON to a python that has pandas)",
        py.display()
    );
    let out = std::process::Command::new(&py)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/interop_readers.py"
        ))
        .arg(&dir)
        .output()
        .expect("run python");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert_eq!(said.trim(), "OK");
}

#[test]
fn label_studio_json_min_rows_are_read() {
    let s = hostile_session();
    let doc = &s.doc;
    let (a, b) = find(doc, "said the minister 🙂");
    let min = serde_json::json!([{
        "id": 3,
        "text": doc.text,
        "label": [
            {"start": a, "end": b, "text": "said the minister 🙂", "labels": ["Quote"]},
            {"start": a, "end": b, "labels": ["PER"]},
        ],
        "speaker": [{"start": a, "end": b, "text": ["the minister"]}],
        "direct": [{"start": a, "end": b, "choices": ["Indirect"]}],
        "annotator": 1,
    }]);
    let bytes = min.to_string().into_bytes();
    assert_eq!(
        ExportFormat::guess("project-min.json", &bytes),
        Some(ExportFormat::LabelStudio)
    );
    let imp = ExportFormat::LabelStudio
        .import(doc, &bytes, Timestamp(0))
        .expect("reads");
    assert_eq!(imp.exact(), 1, "{}", imp.summary());
    let (q, _) = &imp.placed[0];
    assert_eq!((q.tag, q.target.start, q.target.end), (Tag::Quote, a, b));
    assert_eq!(q.attrs.speaker, "the minister");
    assert_eq!(q.attrs.direct, Some(false));
    assert_eq!(imp.other_labels.get("PER"), Some(&1));
}

/// Huge, negative and fractional numbers where offsets belong: refused or
/// left unplaced, never a panic or an overflow.
#[test]
fn huge_numbers_never_overflow() {
    let s = hostile_session();
    let doc = &s.doc;
    let max = u64::MAX;
    let files: Vec<(ExportFormat, String)> = vec![
        (
            ExportFormat::Jsonl,
            format!("{{\"text\": \"abc\", \"paragraph\": 1, \"offset\": {max}, \"label\": [[0, 2, \"claim\"]]}}\n"),
        ),
        (
            ExportFormat::Jsonl,
            format!("{{\"text\": \"abc\", \"label\": [[{max}, {max}, \"claim\"], [-1, 2.5, \"quote\"]]}}\n"),
        ),
        (
            ExportFormat::LabelStudio,
            format!("{{\"data\": {{\"text\": \"abc\"}}, \"annotations\": [{{\"result\": [{{\"id\": \"a\", \"type\": \"labels\", \"value\": {{\"start\": {max}, \"end\": {max}, \"text\": \"abc\", \"labels\": [\"Claim\"]}}}}]}}]}}"),
        ),
        (ExportFormat::Brat, format!("T1\tClaim {max} {max}\tabc\nT2\tClaim 18446744073709551616 1\tx\n")),
        (
            ExportFormat::Csv,
            format!("tag,start,end,exact,prefix,suffix\nclaim,{},{max},said,,\nclaim,0,{max},said,,\n", max - 1),
        ),
    ];
    for (f, text) in files {
        // Ok or Err, both fine; what matters is getting here.
        let r = f.import(doc, text.as_bytes(), Timestamp(0));
        if let Ok(imp) = &r {
            assert!(
                imp.placed.iter().all(|(a, _)| a.target.end <= doc.len()),
                "{f:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text, in any format's reader: a result, never a panic.
    #[test]
    fn any_input_gives_a_result_never_a_panic(
        text in prop::collection::vec(prop::sample::select(&[
            "{", "}", "[", "]", "\"", ",", ":", "\n", "\t", "T1", "#1", "R1", "A1", "Claim",
            "claim", "Denies", "Arg1:T1", "0", "7", "-1", "99999999999999999999", " ", ";",
            "\"text\"", "\"label\"", "\"data\"", "\"result\"", "\"value\"", "\"start\"",
            "\"end\"", "\"labels\"", "tag,exact,start,end", "'", "=", "🙂", "\u{2028}",
        ][..]), 0..60).prop_map(|p| p.concat())
    ) {
        let s = hostile_session();
        for f in ExportFormat::ALL {
            let _ = f.import(&s.doc, text.as_bytes(), Timestamp(0));
            let _ = f.texts(text.as_bytes());
        }
        let _ = ExportFormat::guess("x", text.as_bytes());
    }
}
