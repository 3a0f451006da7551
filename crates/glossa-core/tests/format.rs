//! Export and re-read of Glossa JSON v1, checked against the JSON Schema in
//! `docs/`.

use glossa_core::format::{self, ReadError};
use glossa_core::{parse_article, Action, AnnotationId, Env, SentenceId, Session, Tag, Timestamp};
use std::rc::Rc;

const SEED: &str = include_str!("../../../assets/voa-counterespionage.txt");
const SCHEMA: &str = include_str!("../../../docs/glossa-annotations.v1.schema.json");

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
        read(&json.replace("\"version\": 1", "\"version\": 7")),
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
