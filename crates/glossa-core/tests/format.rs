//! Export and re-read of Glossa JSON v1, checked against the JSON Schema in
//! `docs/`.

use glossa_core::format::{self, ReadError};
use glossa_core::{parse_article, Action, AnnotationId, Env, SentenceId, Session, Tag, Timestamp};
use std::rc::Rc;

const SEED: &str = include_str!("../../../assets/voa-counterespionage.txt");
const SCHEMA: &str = include_str!("../../../docs/glossa-annotations.v2.schema.json");

fn tagged_session() -> Session {
    let doc = Rc::new(parse_article(SEED));
    let mut s = Session::new(doc);
    let mut n = 0u8;
    let mut new_id = || {
        n = n.wrapping_add(1);
        AnnotationId::from_random_bytes([n; 16])
    };
    let mut env = Env {
        now: Timestamp(1_795_668_642_123),
        new_id: &mut new_id,
    };
    for (sentence, tag) in [
        (4, Tag::Quote),
        (0, Tag::Claim),
        (16, Tag::Denial),
        (5, Tag::Quote),
    ] {
        s.apply(
            Action::Select {
                sentence: SentenceId(sentence),
                extend: false,
            },
            &mut env,
        );
        s.apply(Action::Toggle(tag), &mut env);
    }
    s
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn export_matches_schema_and_text() {
    let s = tagged_session();
    let file = format::export(&s, Timestamp(1_795_668_700_000), "0.1.0");
    let json = format::to_json(&file);
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let v = validator();
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");

    assert_eq!(value["exported_at"], "2026-11-26T04:51:40.000Z");
    let chars: Vec<char> = s.doc.text.chars().collect();
    let anns = value["annotations"].as_array().expect("array");
    assert_eq!(anns.len(), 4);
    let starts: Vec<u64> = anns
        .iter()
        .map(|a| a["target"]["start"].as_u64().unwrap_or(0))
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] < w[1]),
        "sorted by position: {starts:?}"
    );
    assert_eq!(anns[0]["tag"], "claim");
    assert_eq!(anns[0]["target"]["sentence_id"], "s1");
    for a in anns {
        let t = &a["target"];
        let (start, end) = (
            t["start"].as_u64().unwrap_or(0) as usize,
            t["end"].as_u64().unwrap_or(0) as usize,
        );
        let exact: String = chars[start..end].iter().collect();
        assert_eq!(t["exact"].as_str(), Some(exact.as_str()));
        let prefix: String = chars[start.saturating_sub(32)..start].iter().collect();
        assert_eq!(t["prefix"].as_str(), Some(prefix.as_str()));
        let suffix: String = chars[end..(end + 32).min(chars.len())].iter().collect();
        assert_eq!(t["suffix"].as_str(), Some(suffix.as_str()));
    }
    assert_eq!(
        value["document"]["length"].as_u64(),
        Some(chars.len() as u64)
    );
}

#[test]
fn schema_rejects_what_it_should() {
    let s = tagged_session();
    let good: serde_json::Value =
        serde_json::from_str(&format::to_json(&format::export(&s, Timestamp(0), "0.1.0")))
            .expect("json");
    let v = validator();
    assert!(v.is_valid(&good));
    let mut bad_tag = good.clone();
    bad_tag["annotations"][0]["tag"] = "opinion".into();
    assert!(!v.is_valid(&bad_tag));
    let mut bad_unit = good.clone();
    bad_unit["document"]["offset_unit"] = "utf16".into();
    assert!(!v.is_valid(&bad_unit));
    let mut extra = good;
    extra["surprise"] = 1.into();
    assert!(!v.is_valid(&extra));
}

#[test]
fn annotator_is_in_the_schema_and_kept_when_read_back() {
    let s = tagged_session();
    let v = validator();
    let file = format::export_by(&s, Timestamp(0), "0.1.0", Some("ana"));
    let json = format::to_json(&file);
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(value["annotator"], "ana");
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let back = format::parse(&json).expect("reads back");
    assert_eq!(back.annotator.as_deref(), Some("ana"));
    assert_eq!(back, file);
    // Without one (or with a blank one) the field is left out, which the
    // schema's minLength would refuse as "".
    for none in [None, Some(""), Some("  ")] {
        let json = format::to_json(&format::export_by(&s, Timestamp(0), "0.1.0", none));
        assert!(!json.contains("annotator"), "{none:?}");
        assert_eq!(
            json,
            format::to_json(&format::export(&s, Timestamp(0), "0.1.0"))
        );
    }
    let mut empty = value.clone();
    empty["annotator"] = "".into();
    assert!(!v.is_valid(&empty));
    let mut number = value;
    number["annotator"] = 7.into();
    assert!(!v.is_valid(&number));
}

#[test]
fn round_trip_restores_the_same_annotations() {
    let s = tagged_session();
    let json = format::to_json(&format::export(&s, Timestamp(5), "0.1.0"));
    let back = format::read_session(s.doc.clone(), &json).expect("reads back");
    let a: Vec<_> = s.annotations().into_iter().cloned().collect();
    let b: Vec<_> = back.annotations().into_iter().cloned().collect();
    assert_eq!(a, b);
    for t in Tag::ALL {
        assert_eq!(s.count(t), back.count(t));
    }
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    let s = tagged_session();
    let doc = s.doc.clone();
    let json = format::to_json(&format::export(&s, Timestamp(5), "0.1.0"));
    let read = |text: &str| format::read_session(doc.clone(), text).map(|_| ());

    assert!(matches!(read("{ not json"), Err(ReadError::NotJson(_))));
    assert_eq!(read(r#"{"items": []}"#), Err(ReadError::NotGlossa));
    assert_eq!(
        read(&json.replace("\"version\": 2", "\"version\": 7")),
        Err(ReadError::FutureVersion(7))
    );
    let other = parse_article("Another text\n\nIt is short.");
    assert!(matches!(
        format::read_session(Rc::new(other), &json).map(|_| ()),
        Err(ReadError::OtherText { .. })
    ));
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["annotations"][0]["target"]["exact"] = "something else".into();
    assert!(matches!(
        read(&v.to_string()),
        Err(ReadError::BadAnnotation { index: 0, .. })
    ));
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["annotations"][1]["target"]["end"] = 999_999.into();
    assert!(matches!(
        read(&v.to_string()),
        Err(ReadError::BadAnnotation { index: 1, .. })
    ));
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["annotations"][1]["id"] = v["annotations"][0]["id"].clone();
    assert!(read(&v.to_string()).is_err(), "duplicate ids");
    // Messages speak to people.
    let msg = ReadError::NotGlossa.to_string();
    assert!(msg.contains("not a Glossa annotation file"), "{msg}");
}

const SCHEMA_V1: &str = include_str!("../../../docs/glossa-annotations.v1.schema.json");

/// A version 1 file (as Glossa 0.1 wrote it) is still read.
#[test]
fn version_one_files_are_still_read() {
    let s = tagged_session();
    let mut v: serde_json::Value =
        serde_json::from_str(&format::to_json(&format::export(&s, Timestamp(5), "0.1.0")))
            .expect("json");
    v["version"] = 1.into();
    for a in v["annotations"].as_array_mut().expect("array") {
        a.as_object_mut().expect("object").remove("scope");
    }
    let v1: serde_json::Value = serde_json::from_str(SCHEMA_V1).expect("schema");
    let validator = jsonschema::validator_for(&v1).expect("compiles");
    assert!(validator.is_valid(&v), "the fixture is a real v1 file");
    let back = format::read_session(s.doc.clone(), &v.to_string()).expect("v1 reads");
    assert_eq!(back.len(), s.len());
}

#[test]
fn attributes_links_spans_and_rejections_round_trip() {
    let mut s = tagged_session();
    let mut n = 100u8;
    let mut new_id = || {
        n = n.wrapping_add(1);
        AnnotationId::from_random_bytes([n; 16])
    };
    let mut env = Env {
        now: Timestamp(9_000),
        new_id: &mut new_id,
    };
    let claim = s.sentence_annotation(SentenceId(0)).expect("claim").id;
    let denial = s.sentence_annotation(SentenceId(16)).expect("denial").id;
    let quote = s.sentence_annotation(SentenceId(4)).expect("quote").id;
    let link = glossa_core::Attrs {
        denies: Some(claim),
        note: "Beijing's answer".into(),
        ..Default::default()
    };
    s.apply(
        Action::Edit {
            id: denial,
            attrs: link,
        },
        &mut env,
    );
    let speaker = glossa_core::Attrs {
        speaker: "Matthew Miller".into(),
        cue: "said".into(),
        direct: Some(true),
        ..Default::default()
    };
    s.apply(
        Action::Edit {
            id: quote,
            attrs: speaker,
        },
        &mut env,
    );
    // A span inside sentence 3, and a rejected suggestion on sentence 10.
    let s3 = s.doc.sentences[2].clone();
    s.apply(
        Action::SelectSpan {
            sentence: SentenceId(2),
            start: s3.start,
            end: s3.start + 9,
        },
        &mut env,
    );
    s.apply(Action::Toggle(Tag::Claim), &mut env);
    s.set_proposals([(
        SentenceId(9),
        glossa_core::state::Proposal {
            tag: Tag::Claim,
            reason: "r".into(),
            speaker: None,
            cue: None,
        },
    )]);
    s.apply(
        Action::Select {
            sentence: SentenceId(9),
            extend: false,
        },
        &mut env,
    );
    s.apply(Action::Reject, &mut env);

    let json = format::to_json(&format::export(&s, Timestamp(10_000), "0.1.0"));
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let errors: Vec<String> = validator()
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let by_sentence = |n: &str| {
        value["annotations"]
            .as_array()
            .and_then(|a| {
                a.iter()
                    .find(|x| x["target"]["sentence_id"] == n && x["scope"] == "sentence")
            })
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(by_sentence("s17")["denies"], claim.to_string());
    assert_eq!(by_sentence("s17")["note"], "Beijing's answer");
    assert_eq!(by_sentence("s5")["speaker"], "Matthew Miller");
    assert_eq!(by_sentence("s5")["direct"], true);
    assert!(
        by_sentence("s1").get("speaker").is_none(),
        "empty attributes are left out"
    );
    let span = value["annotations"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["scope"] == "span"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(span["target"]["exact"], "This week");
    assert_eq!(value["rejected_suggestions"], serde_json::json!(["s10"]));

    let back = format::read_session(s.doc.clone(), &json).expect("reads back");
    let a: Vec<_> = s.annotations().into_iter().cloned().collect();
    let b: Vec<_> = back.annotations().into_iter().cloned().collect();
    assert_eq!(a, b);
    assert_eq!(back.rejected().collect::<Vec<_>>(), vec![SentenceId(9)]);
}

#[test]
fn orphans_are_saved_exported_and_read_back() {
    let mut s = tagged_session();
    let orphan = glossa_core::Orphan {
        id: AnnotationId::from_random_bytes([77; 16]),
        tag: Tag::Quote,
        exact: "words that are no longer in the text".into(),
        prefix: "before ".into(),
        suffix: " after".into(),
        start: Some(10),
        end: Some(47),
        attrs: glossa_core::Attrs {
            speaker: "Someone".into(),
            ..Default::default()
        },
        why: "the quote was not found in this text".into(),
    };
    let mut n = 0u8;
    let mut new_id = || {
        n += 1;
        AnnotationId::from_random_bytes([n; 16])
    };
    let mut env = Env {
        now: Timestamp(1),
        new_id: &mut new_id,
    };
    s.apply(
        Action::Import {
            placed: vec![],
            orphans: vec![orphan.clone()],
            replace: false,
        },
        &mut env,
    );
    let json = format::to_json(&format::export(&s, Timestamp(2), "0.1.0"));
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert!(
        validator().is_valid(&value),
        "{:?}",
        validator()
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        value["orphans"][0]["why"],
        "the quote was not found in this text"
    );
    assert_eq!(value["orphans"][0]["speaker"], "Someone");
    let back = format::read_session(s.doc.clone(), &json).expect("reads");
    assert_eq!(back.orphans(), &[orphan]);
}
