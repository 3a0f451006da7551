//! W3C Web Annotation export: one `AnnotationCollection` (JSON-LD) holding
//! every annotation of a session in one embedded `AnnotationPage`.
//!
//! Each Glossa annotation becomes one `Annotation` with motivation
//! `tagging`. Its bodies, all valid under the Web Annotation Data Model:
//!
//! | Glossa | body |
//! |---|---|
//! | tag | `TextualBody`, purpose `tagging`, value `claim` / `denial` / `quote` |
//! | note | `TextualBody`, purpose `commenting`, value the note |
//! | speaker | `TextualBody`, purpose `identifying`, value `speaker: <name>` |
//! | cue | `TextualBody`, purpose `describing`, value `cue: <verb>` |
//! | direct | `TextualBody`, purpose `classifying`, value `quote: direct` or `quote: indirect` |
//! | denies | `SpecificResource`, purpose `linking`, source `urn:uuid:<claim id>` |
//!
//! When the export names who annotated, each annotation gets a `creator`,
//! the model's Agent: `{"type": "Person", "name": "<annotator>"}`; without
//! a name there is no `creator` at all.
//!
//! The target is the text (`urn:sha256:<text_sha256>` unless the caller names
//! it) with a `TextQuoteSelector` (exact, prefix, suffix) and a
//! `TextPositionSelector` whose `start`/`end` count Unicode code points of the
//! canonical text (not UTF-16 units).

use super::records;
use crate::article::Document;
use crate::format::FileAnnotation;
use crate::ids::AnnotationId;
use crate::state::Session;
use crate::time::Timestamp;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// The Web Annotation JSON-LD context.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Value prefixes of Glossa's attribute bodies (read back by the importer).
pub const SPEAKER_PREFIX: &str = "speaker: ";
pub const CUE_PREFIX: &str = "cue: ";
pub const DIRECT_VALUE: &str = "quote: direct";
pub const INDIRECT_VALUE: &str = "quote: indirect";

/// What the export needs besides the session.
#[derive(Clone, Debug, Default)]
pub struct Options<'a> {
    /// When the file is written: each annotation's `generated`.
    pub now: Timestamp,
    /// The target `source` IRI; `None` (or empty) gives `urn:sha256:<text_sha256>`.
    pub source: Option<&'a str>,
    /// The collection's `id`; `None` (or empty) gives [`collection_id`].
    pub collection_id: Option<&'a str>,
    /// Who annotated: each annotation's `creator`, a `Person` with this
    /// `name`. `None` (or blank) writes no `creator`.
    pub annotator: Option<&'a str>,
}

/// The collection as pretty JSON with a final newline. `source` is the
/// target IRI; an empty string means `urn:sha256:<text_sha256>`.
pub fn export(session: &Session, now: Timestamp, source: &str) -> String {
    export_with(
        session,
        &Options {
            now,
            source: Some(source),
            collection_id: None,
            annotator: None,
        },
    )
}

/// [`export`] with every option.
pub fn export_with(session: &Session, options: &Options<'_>) -> String {
    let value = collection(session, options);
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// The collection as a JSON value.
pub fn collection(session: &Session, options: &Options<'_>) -> Value {
    let doc = &session.doc;
    let source = match options.source {
        Some(s) if !s.trim().is_empty() => s.trim().to_string(),
        _ => source_iri(doc),
    };
    let id = match options.collection_id {
        Some(s) if !s.trim().is_empty() => s.trim().to_string(),
        _ => collection_id(doc),
    };
    let generated = options.now.to_rfc3339();
    let agent = crate::format::annotator_name(options.annotator).map(creator);
    let items: Vec<Value> = records(session)
        .iter()
        .map(|r| annotation(r, &source, &generated, agent.as_ref()))
        .collect();
    json!({
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": doc.title,
        "total": items.len(),
        "first": {
            "id": page_id(doc),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

/// `urn:sha256:<text_sha256>`: the canonical text, named by its fingerprint.
pub fn source_iri(doc: &Document) -> String {
    format!("urn:sha256:{}", doc.text_sha256)
}

/// `urn:uuid:` of a UUID made from SHA-256(`glossa-collection:` + the text's
/// fingerprint): the same text always gives the same collection id.
pub fn collection_id(doc: &Document) -> String {
    derived_uuid("glossa-collection:", &doc.text_sha256)
}

fn page_id(doc: &Document) -> String {
    derived_uuid("glossa-page:", &doc.text_sha256)
}

fn derived_uuid(kind: &str, key: &str) -> String {
    let digest = Sha256::digest(format!("{kind}{key}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    format!("urn:uuid:{}", AnnotationId::from_random_bytes(bytes))
}

/// The model's Agent for a person: `{"type": "Person", "name": …}`.
pub fn creator(name: &str) -> Value {
    json!({"type": "Person", "name": name})
}

fn textual(purpose: &str, value: &str) -> Value {
    json!({
        "type": "TextualBody",
        "purpose": purpose,
        "value": value,
        "format": "text/plain",
    })
}

/// One W3C `Annotation` for one exported record.
fn annotation(r: &FileAnnotation, source: &str, generated: &str, creator: Option<&Value>) -> Value {
    let mut body = vec![textual("tagging", r.tag.name())];
    if !r.attrs.note.is_empty() {
        body.push(textual("commenting", &r.attrs.note));
    }
    if !r.attrs.speaker.is_empty() {
        body.push(textual(
            "identifying",
            &format!("{SPEAKER_PREFIX}{}", r.attrs.speaker),
        ));
    }
    if !r.attrs.cue.is_empty() {
        body.push(textual(
            "describing",
            &format!("{CUE_PREFIX}{}", r.attrs.cue),
        ));
    }
    if let Some(direct) = r.attrs.direct {
        body.push(textual(
            "classifying",
            if direct { DIRECT_VALUE } else { INDIRECT_VALUE },
        ));
    }
    if let Some(claim) = &r.attrs.denies {
        body.push(json!({
            "type": "SpecificResource",
            "purpose": "linking",
            "source": format!("urn:uuid:{claim}"),
        }));
    }
    let t = &r.target;
    let mut a = Map::new();
    a.insert("@context".into(), json!(CONTEXT));
    a.insert("id".into(), json!(format!("urn:uuid:{}", r.id)));
    a.insert("type".into(), json!("Annotation"));
    a.insert("motivation".into(), json!("tagging"));
    if let Some(creator) = creator {
        a.insert("creator".into(), creator.clone());
    }
    a.insert("created".into(), json!(r.created_at));
    a.insert("modified".into(), json!(r.updated_at));
    a.insert("generated".into(), json!(generated));
    a.insert("body".into(), Value::Array(body));
    a.insert(
        "target".into(),
        json!({
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": t.exact,
                    "prefix": t.prefix,
                    "suffix": t.suffix,
                },
                {
                    "type": "TextPositionSelector",
                    "start": t.start,
                    "end": t.end,
                },
            ],
        }),
    );
    Value::Object(a)
}
