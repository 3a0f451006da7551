//! The Glossa JSON file format (`*.glossa.json`), version 1.
//!
//! Described for people in `docs/format.md` and for machines in
//! `docs/glossa-annotations.v1.schema.json`. Offsets count Unicode code
//! points of the canonical text (see [`crate::article`]). The same format is
//! what the app saves to the browser's storage.

use crate::annotation::{Annotation, Tag, Target};
use crate::article::Document;
use crate::ids::{AnnotationId, SentenceId};
use crate::state::Session;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const FORMAT: &str = "glossa-annotations";
pub const VERSION: u32 = 1;
/// Code points of context kept on each side of an annotation, as Hypothesis does.
pub const CONTEXT: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub app: AppInfo,
    pub document: DocumentInfo,
    pub annotations: Vec<FileAnnotation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub title: String,
    pub source: Option<String>,
    pub categories: Vec<String>,
    pub text_sha256: String,
    /// Length of the canonical text in code points.
    pub length: usize,
    /// Always `"code_point"` in version 1.
    pub offset_unit: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileAnnotation {
    pub id: String,
    pub tag: Tag,
    pub target: FileTarget,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileTarget {
    pub sentence_id: String,
    /// Paragraph number, counted from 0.
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// Builds the file for a session's annotations, in document order.
pub fn export(session: &Session, now: Timestamp, app_version: &str) -> File {
    let doc = &session.doc;
    let annotations = session
        .annotations()
        .into_iter()
        .map(|a| file_annotation(doc, a))
        .collect();
    File {
        format: FORMAT.to_string(),
        version: VERSION,
        exported_at: now.to_rfc3339(),
        app: AppInfo {
            name: "Glossa".to_string(),
            version: app_version.to_string(),
        },
        document: DocumentInfo {
            title: doc.title.clone(),
            source: doc.source.clone(),
            categories: doc.categories.clone(),
            text_sha256: doc.text_sha256.clone(),
            length: doc.len(),
            offset_unit: "code_point".to_string(),
        },
        annotations,
    }
}

fn file_annotation(doc: &Document, a: &Annotation) -> FileAnnotation {
    let Target {
        sentence,
        start,
        end,
    } = a.target;
    let slice = |s: usize, e: usize| doc.slice(s, e).unwrap_or_default().to_string();
    FileAnnotation {
        id: a.id.to_string(),
        tag: a.tag,
        target: FileTarget {
            sentence_id: sentence.to_string(),
            paragraph: doc.sentence(sentence).map_or(0, |s| s.paragraph),
            start,
            end,
            exact: slice(start, end),
            prefix: slice(start.saturating_sub(CONTEXT), start),
            suffix: slice(end, (end + CONTEXT).min(doc.len())),
        },
        created_at: a.created.to_rfc3339(),
        updated_at: a.updated.to_rfc3339(),
    }
}

/// Pretty JSON with a final newline.
pub fn to_json(file: &File) -> String {
    let mut s = serde_json::to_string_pretty(file).unwrap_or_default();
    s.push('\n');
    s
}

/// Why a file could not be read. Every message says what was wrong; the
/// caller adds what was kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    NotJson(String),
    NotGlossa,
    FutureVersion(u32),
    Invalid(String),
    OtherText { title: String },
    BadAnnotation { index: usize, why: String },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotJson(e) => write!(f, "This file is not valid JSON ({e})."),
            ReadError::NotGlossa => write!(
                f,
                "This file is not a Glossa annotation file (no \"format\": \"{FORMAT}\" field)."
            ),
            ReadError::FutureVersion(v) => write!(
                f,
                "This file is Glossa format version {v}; this Glossa reads up to version {VERSION}. Update Glossa to open it."
            ),
            ReadError::Invalid(e) => write!(f, "This Glossa file is damaged or incomplete ({e})."),
            ReadError::OtherText { title } => write!(
                f,
                "These annotations belong to a different text (\"{title}\"): its fingerprint does not match this document."
            ),
            ReadError::BadAnnotation { index, why } => {
                write!(f, "Annotation {} in the file cannot be used: {why}.", index + 1)
            }
        }
    }
}

/// Parses and checks a Glossa file's JSON, without a document.
pub fn parse(json: &str) -> Result<File, ReadError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| ReadError::NotJson(e.to_string()))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ReadError::NotGlossa);
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == VERSION as u64 => {}
        Some(v) if v > VERSION as u64 => {
            return Err(ReadError::FutureVersion(v.min(u32::MAX as u64) as u32))
        }
        _ => return Err(ReadError::Invalid("missing or unknown \"version\"".into())),
    }
    serde_json::from_value(value).map_err(|e| ReadError::Invalid(e.to_string()))
}

/// Turns a file's annotations back into annotations of `doc`. The text's
/// fingerprint must match, and every annotation's offsets, sentence and
/// `exact` text must agree with the document.
pub fn annotations_for(doc: &Document, file: &File) -> Result<Vec<Annotation>, ReadError> {
    if file.document.text_sha256 != doc.text_sha256 {
        return Err(ReadError::OtherText {
            title: file.document.title.clone(),
        });
    }
    file.annotations
        .iter()
        .enumerate()
        .map(|(index, fa)| {
            let bad = |why: &str| ReadError::BadAnnotation {
                index,
                why: why.to_string(),
            };
            let id = AnnotationId::parse(&fa.id).ok_or_else(|| bad("its id is not a UUID"))?;
            let t = &fa.target;
            let sentence = SentenceId::parse(&t.sentence_id)
                .and_then(|s| doc.sentence(s))
                .ok_or_else(|| bad("its sentence does not exist"))?;
            if t.start >= t.end || t.start < sentence.start || t.end > sentence.end {
                return Err(bad("its offsets lie outside its sentence"));
            }
            if doc.slice(t.start, t.end) != Some(t.exact.as_str()) {
                return Err(bad("its text does not match the document at its offsets"));
            }
            let created = Timestamp::parse_rfc3339(&fa.created_at)
                .ok_or_else(|| bad("created_at is not a date"))?;
            let updated = Timestamp::parse_rfc3339(&fa.updated_at)
                .ok_or_else(|| bad("updated_at is not a date"))?;
            Ok(Annotation {
                id,
                tag: fa.tag,
                target: Target {
                    sentence: sentence.id,
                    start: t.start,
                    end: t.end,
                },
                created,
                updated,
            })
        })
        .collect()
}

/// Reads a file's JSON straight into a session for `doc`.
pub fn read_session(doc: std::rc::Rc<Document>, json: &str) -> Result<Session, ReadError> {
    let file = parse(json)?;
    let annotations = annotations_for(&doc, &file)?;
    Session::with_annotations(doc, annotations).map_err(|e| ReadError::Invalid(e.to_string()))
}
