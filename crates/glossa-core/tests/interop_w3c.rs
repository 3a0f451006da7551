//! W3C Web Annotation export of the fully annotated seed article, checked
//! here and by the W3C test suite's validator (`../shared/tools/validate_w3c.py`).

mod interop_support;

use glossa_core::interop::w3c;
use glossa_core::Timestamp;
use interop_support::{full_session, out_dir, validate};
use serde_json::Value;

const NOW: Timestamp = Timestamp(1_795_668_900_000);

fn export() -> (glossa_core::Session, Value, String) {
    let s = full_session();
    let json = w3c::export(&s, NOW, "");
    let value: Value = serde_json::from_str(&json).expect("export is JSON");
    (s, value, json)
}

#[test]
fn collection_shape_and_selectors() {
    let (s, v, _) = export();
    assert_eq!(v["@context"], w3c::CONTEXT);
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["label"], s.doc.title.as_str());
    assert_eq!(v["id"], w3c::collection_id(&s.doc));
    assert!(v["id"].as_str().is_some_and(|i| i.starts_with("urn:uuid:")));
    let items = v["first"]["items"].as_array().expect("items");
    assert_eq!(v["total"], items.len());
    assert_eq!(items.len(), s.len());
    assert_eq!(items.len(), 22);
    let chars: Vec<char> = s.doc.text.chars().collect();
    for (item, a) in items.iter().zip(s.annotations()) {
        assert_eq!(item["id"], format!("urn:uuid:{}", a.id));
        assert_eq!(item["type"], "Annotation");
        assert_eq!(item["motivation"], "tagging");
        assert_eq!(item["generated"], NOW.to_rfc3339());
        assert_eq!(item["created"], a.created.to_rfc3339());
        assert!(item["modified"].as_str().is_some_and(|d| d.ends_with('Z')));
        let body = item["body"].as_array().expect("body list");
        assert_eq!(body[0]["purpose"], "tagging");
        assert_eq!(body[0]["value"], a.tag.name());
        let target = &item["target"];
        assert_eq!(
            target["source"],
            format!("urn:sha256:{}", s.doc.text_sha256)
        );
        let sel = target["selector"].as_array().expect("selectors");
        assert_eq!(sel[0]["type"], "TextQuoteSelector");
        assert_eq!(sel[1]["type"], "TextPositionSelector");
        // Code points, as Python slicing counts them.
        let (st, en) = (
            sel[1]["start"].as_u64().expect("start") as usize,
            sel[1]["end"].as_u64().expect("end") as usize,
        );
        let exact: String = chars[st..en].iter().collect();
        assert_eq!(sel[0]["exact"], exact.as_str());
        let prefix: String = chars[st.saturating_sub(32)..st].iter().collect();
        assert_eq!(sel[0]["prefix"], prefix.as_str());
        // Attribute bodies.
        let has = |purpose: &str, value: &str| {
            body.iter()
                .any(|b| b["purpose"] == purpose && b["value"] == value)
        };
        if !a.attrs.note.is_empty() {
            assert!(has("commenting", &a.attrs.note));
        }
        if !a.attrs.speaker.is_empty() {
            assert!(has("identifying", &format!("speaker: {}", a.attrs.speaker)));
        }
        if let Some(claim) = a.attrs.denies {
            assert!(body.iter().any(|b| b["type"] == "SpecificResource"
                && b["purpose"] == "linking"
                && b["source"] == format!("urn:uuid:{claim}")));
        }
    }
}

#[test]
fn custom_source_and_collection_id() {
    let s = full_session();
    let v: Value = serde_json::from_str(&w3c::export_with(
        &s,
        &w3c::Options {
            now: NOW,
            source: Some("https://www.voanews.com/a/7168325.html"),
            collection_id: Some("urn:uuid:00000000-0000-4000-8000-000000000001"),
            annotator: None,
        },
    ))
    .expect("json");
    assert_eq!(v["id"], "urn:uuid:00000000-0000-4000-8000-000000000001");
    assert_eq!(
        v["first"]["items"][0]["target"]["source"],
        "https://www.voanews.com/a/7168325.html"
    );
}

#[test]
fn export_passes_the_w3c_validator() {
    let (_, _, json) = export();
    let path = out_dir("w3c").join("voa-full.w3c.json");
    std::fs::write(&path, &json).expect("write export");
    let (code, out) = validate(&path, &[]);
    assert_eq!(code, 0, "validator failed:\n{out}");
    assert!(out.contains("SUMMARY: 22/22 annotations pass"), "{out}");
    let (code, out) = validate(&path, &["--strict"]);
    assert_eq!(code, 0, "validator --strict failed:\n{out}");
}

#[test]
fn a_single_annotation_and_a_bare_list_pass_too() {
    let (_, v, _) = export();
    let items = v["first"]["items"].clone();
    let dir = out_dir("w3c");
    let one = dir.join("voa-one.w3c.json");
    std::fs::write(
        &one,
        serde_json::to_string_pretty(&items[16]).expect("json"),
    )
    .expect("write");
    let list = dir.join("voa-list.w3c.json");
    std::fs::write(&list, serde_json::to_string_pretty(&items).expect("json")).expect("write");
    for path in [one, list] {
        let (code, out) = validate(&path, &["--strict"]);
        assert_eq!(code, 0, "{out}");
    }
}

/// The export naming who annotated: every annotation's `creator` is a
/// `Person` with that `name`, which the W3C suite's MUSTs still accept and
/// its Agent checks (type Person, one name) find; Glossa reads the file back
/// whole, creator or not.
#[test]
fn creator_names_the_annotator_and_the_file_still_validates_and_imports() {
    let s = full_session();
    let json = w3c::export_with(
        &s,
        &w3c::Options {
            now: NOW,
            annotator: Some("Ana Lima"),
            ..w3c::Options::default()
        },
    );
    let v: Value = serde_json::from_str(&json).expect("json");
    let items = v["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 22);
    for item in items {
        assert_eq!(item["creator"]["type"], "Person");
        assert_eq!(item["creator"]["name"], "Ana Lima");
        assert_eq!(item["creator"].as_object().map(|o| o.len()), Some(2));
    }
    // Without a name: no creator at all, not an empty one.
    let (_, plain, plain_json) = export();
    assert!(!plain_json.contains("creator"));
    let mut stripped = v.clone();
    for item in stripped["first"]["items"].as_array_mut().expect("items") {
        item.as_object_mut().expect("object").remove("creator");
    }
    assert_eq!(stripped, plain, "the creator is all that differs");

    let path = out_dir("w3c").join(format!("voa-creator-{}.w3c.json", std::process::id()));
    std::fs::write(&path, &json).expect("write export");
    let (code, out) = validate(&path, &["--strict"]);
    assert_eq!(code, 0, "validator --strict failed:\n{out}");
    assert!(out.contains("SUMMARY: 22/22 annotations pass"), "{out}");
    let (code, out) = validate(&path, &["--optional", "--json"]);
    assert_eq!(code, 0, "{out}");
    let report: Value = serde_json::from_str(
        out.lines()
            .skip_while(|l| !l.starts_with('{'))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    )
    .expect("the validator's JSON report");
    let annotations = report["annotations"].as_array().expect("annotations");
    assert_eq!(annotations.len(), 22);
    for a in annotations {
        let found: Vec<&str> = a["optional_features_found"]
            .as_array()
            .expect("found")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for feature in [
            "3.3.1-annotationCreatorImplemented.json",
            "3.3.2-annotationCreatorAgentTypeImplemented.json",
            "3.3.2-annotationCreatorAgentNameImplemented.json",
            "3.3.2-annotationCreatorAgentSingleNameImplemented.json",
        ] {
            assert!(
                found.iter().any(|f| f.ends_with(feature)),
                "{feature} not in {found:?}"
            );
        }
    }

    let imported = glossa_core::interop::read(&s.doc, &json).expect("imports");
    assert_eq!(imported.exact(), 22);
    assert!(imported.orphans.is_empty() && imported.skipped == 0);
}
