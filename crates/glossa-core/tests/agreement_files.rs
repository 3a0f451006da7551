//! The Glossa file side of agreement: the optional `annotator` and
//! `reached` fields (schema, reading, writing; old files stay valid), and
//! [`Work::from_file`]: who, how far, and files that do not fit.

use glossa_core::agreement::{agreement, DocumentWork, Label, Work, WorkError};
use glossa_core::format::{self, ReadError};
use glossa_core::{
    parse_article, Annotation, AnnotationId, Document, SentenceId, Session, Tag, Target, Timestamp,
};
use serde_json::{json, Value};
use std::rc::Rc;

const SEED: &str = include_str!("../../../assets/voa-counterespionage.txt");
const SCHEMA: &str = include_str!("../../../docs/glossa-annotations.v2.schema.json");

fn errors(value: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    let v = jsonschema::validator_for(&schema).expect("the schema compiles");
    v.iter_errors(value).map(|e| e.to_string()).collect()
}

/// Whole-sentence annotations on `(sentence index, tag)`.
fn session(doc: &Rc<Document>, tags: &[(usize, Tag)]) -> Session {
    let anns = tags
        .iter()
        .enumerate()
        .map(|(n, &(s, tag))| {
            let sent = &doc.sentences[s];
            Annotation {
                id: AnnotationId::from_random_bytes([n as u8 + 1; 16]),
                tag,
                target: Target {
                    sentence: sent.id,
                    start: sent.start,
                    end: sent.end,
                },
                attrs: Default::default(),
                created: Timestamp(0),
                updated: Timestamp(0),
            }
        })
        .collect();
    Session::with_annotations(doc.clone(), anns).expect("valid annotations")
}

#[test]
fn annotator_and_reached_are_optional_and_checked_by_the_schema() {
    let doc = Rc::new(parse_article(SEED));
    let s = session(&doc, &[(0, Tag::Claim), (5, Tag::Quote)]);
    let mut file = format::export(&s, Timestamp(0), "0.1.0");
    // Old files (without them) stay valid, and nothing is written for them.
    let plain: Value = serde_json::from_str(&format::to_json(&file)).expect("JSON");
    assert!(errors(&plain).is_empty(), "{:?}", errors(&plain));
    assert!(plain.get("annotator").is_none() && plain.get("reached").is_none());

    file.annotator = Some("ana".into());
    file.reached = Some("s7".into());
    let json = format::to_json(&file);
    let value: Value = serde_json::from_str(&json).expect("JSON");
    assert!(errors(&value).is_empty(), "{:?}", errors(&value));
    assert_eq!(value["annotator"], "ana");
    assert_eq!(value["reached"], "s7");
    assert_eq!(format::parse(&json).expect("it reads back"), file);
    // The app reads such a file as usual.
    format::read_session(doc.clone(), &json).expect("a session");

    for (field, bad) in [
        ("annotator", json!("")),
        ("annotator", json!(3)),
        ("reached", json!("7")),
        ("reached", json!("s0")),
        ("reached", json!(7)),
    ] {
        let mut v = value.clone();
        v[field] = bad.clone();
        assert!(!errors(&v).is_empty(), "{field}: {bad} passes the schema");
    }
}

#[test]
fn work_from_a_file_says_who_and_how_far() {
    let doc = Rc::new(parse_article(SEED));
    let n = doc.sentences.len();
    let s = session(&doc, &[(0, Tag::Claim), (2, Tag::Quote), (9, Tag::Denial)]);
    let mut file = format::export(&s, Timestamp(0), "0.1.0");

    // No annotator, no reached: the fallback name, every sentence labelled.
    let w = Work::from_file(doc.clone(), &file, "from-the-file-name").expect("work");
    assert_eq!(w.annotator, "from-the-file-name");
    assert_eq!(w.labelled(), n);
    assert_eq!(w.labels[1], Some(Label::None));
    assert_eq!(w.labels[2], Some(Label::Tag(Tag::Quote)));

    // Reached s5: s6 on are missing, except that s10 was tagged, so they
    // got at least that far.
    file.annotator = Some("  ana ".into());
    file.reached = Some("s5".into());
    let w = Work::from_file(doc.clone(), &file, "x").expect("work");
    assert_eq!(w.annotator, "ana");
    assert_eq!(w.labelled(), 10);
    assert_eq!(w.labels[9], Some(Label::Tag(Tag::Denial)));
    assert_eq!(w.labels[10], None);
    file.reached = Some(format!("s{n}"));
    assert_eq!(
        Work::from_file(doc.clone(), &file, "x")
            .expect("work")
            .labelled(),
        n
    );

    // Reached naming no sentence of the article.
    for bad in [format!("s{}", n + 1), "s0".into(), "seven".into()] {
        file.reached = Some(bad.clone());
        let e = Work::from_file(doc.clone(), &file, "x").expect_err("an error");
        assert_eq!(
            e,
            WorkError::BadReached {
                reached: bad.clone(),
                sentences: n
            }
        );
        assert!(
            e.to_string().contains(&format!("\"reached\": \"{bad}\"")),
            "{e}"
        );
    }

    // A file of another article.
    let other = Rc::new(parse_article("Other\n\nOne sentence. Two sentences."));
    file.reached = None;
    let e = Work::from_file(other, &file, "x").expect_err("another article");
    assert!(
        matches!(e, WorkError::Read(ReadError::OtherText { .. })),
        "{e:?}"
    );
}

#[test]
fn two_articles_pool_their_sentences() {
    let voa = Rc::new(parse_article(SEED));
    let other = Rc::new(parse_article(
        "Other\n\nOne sentence here. Another one there. A third.",
    ));
    let file = |doc: &Rc<Document>, tags: &[(usize, Tag)], who: &str| {
        let mut f = format::export(&session(doc, tags), Timestamp(0), "0.1.0");
        f.annotator = Some(who.into());
        Work::from_file(doc.clone(), &f, "x").expect("work")
    };
    let documents = [
        DocumentWork {
            title: voa.title.clone(),
            works: vec![
                file(&voa, &[(0, Tag::Claim)], "ana"),
                file(&voa, &[(0, Tag::Claim)], "ben"),
            ],
        },
        DocumentWork {
            title: other.title.clone(),
            works: vec![
                file(&other, &[(1, Tag::Quote)], "ben"),
                file(&other, &[], "cora"),
            ],
        },
    ];
    let r = agreement(&documents).expect("a report");
    assert_eq!(r.names(), ["ana", "ben", "cora"]);
    assert_eq!(r.documents.len(), 2);
    let o = &r.sentences.overall;
    // ana–ben: the VOA sentences; ben–cora: the other article's three.
    assert_eq!(o.cohen[0].1.items, voa.sentences.len());
    assert_eq!(o.cohen[2].1.items, 3);
    assert_eq!(o.cohen[1].1.items, 0);
    assert_eq!(r.sentence_disagreements.len(), 1);
    assert_eq!(r.sentence_disagreements[0].document, 1);
    assert_eq!(r.sentence_disagreements[0].sentence, SentenceId(1));
    assert_eq!(
        r.sentence_disagreements[0].labels,
        [None, Some(Label::Tag(Tag::Quote)), Some(Label::None)]
    );
}
