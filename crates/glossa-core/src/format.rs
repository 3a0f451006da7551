//! The Glossa JSON file format (`*.glossa.json`), version 2; version 1
//! files are still read.
//!
//! Described for people in `docs/format.md` and for machines in
//! `docs/glossa-annotations.v2.schema.json` (and `.v1.` for the old one).
//! Version 2 adds `scope` and the optional attributes (`note`, `speaker`,
//! `cue`, `direct`, `denies`) to annotations, and `rejected_suggestions`. Offsets count Unicode code
//! points of the canonical text (see [`crate::article`]). The same format is
//! what the app saves to the browser's storage.

use crate::annotation::{Annotation, Attrs, Orphan, Tag, Target};
use crate::article::Document;
use crate::ids::{AnnotationId, SentenceId};
use crate::state::Session;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const FORMAT: &str = "glossa-annotations";
pub const VERSION: u32 = 2;
/// Every version this Glossa reads.
pub const READS: [u32; 2] = [1, 2];
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
    /// Sentences (`s4`) whose suggestion was rejected. Version 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_suggestions: Vec<String>,
    /// Imported annotations that could not be placed in this text. Version 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orphans: Vec<FileOrphan>,
    /// Who annotated (a team member's name). Optional, version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotator: Option<String>,
    /// The last sentence the annotator reached (`s120`): agreement counts
    /// the sentences after it as not labelled. Optional, version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached: Option<String>,
}

/// An annotation that could not be placed: kept with its quote and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileOrphan {
    pub id: String,
    pub tag: Tag,
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    /// Where it was in the text it was made on (code points), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    #[serde(flatten)]
    pub attrs: FileAttrs,
    pub why: String,
}

/// An annotation's attributes as files write them: each left out when not
/// set. Flattened into [`FileAnnotation`] and [`FileOrphan`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileAttrs {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub speaker: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cue: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct: Option<bool>,
    /// The id of the claim annotation this denial answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denies: Option<String>,
}

impl FileAttrs {
    pub fn from_attrs(a: &Attrs) -> FileAttrs {
        FileAttrs {
            note: a.note.clone(),
            speaker: a.speaker.clone(),
            cue: a.cue.clone(),
            direct: a.direct,
            denies: a.denies.map(|d| d.to_string()),
        }
    }

    /// The attributes; `None` when `denies` is not a UUID.
    pub fn to_attrs(&self) -> Option<Attrs> {
        let denies = match self.denies.as_deref() {
            None => None,
            Some(d) => Some(AnnotationId::parse(d)?),
        };
        Some(Attrs {
            note: self.note.clone(),
            speaker: self.speaker.clone(),
            cue: self.cue.clone(),
            direct: self.direct,
            denies,
        })
    }
}

impl FileOrphan {
    fn from_orphan(o: &Orphan) -> FileOrphan {
        FileOrphan {
            id: o.id.to_string(),
            tag: o.tag,
            exact: o.exact.clone(),
            prefix: o.prefix.clone(),
            suffix: o.suffix.clone(),
            start: o.start,
            end: o.end,
            attrs: FileAttrs::from_attrs(&o.attrs),
            why: o.why.clone(),
        }
    }

    /// Back to an orphan; `None` if its id is not a UUID.
    pub fn to_orphan(&self) -> Option<Orphan> {
        Some(Orphan {
            id: AnnotationId::parse(&self.id)?,
            tag: self.tag,
            exact: self.exact.clone(),
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
            start: self.start,
            end: self.end,
            attrs: self.attrs.to_attrs()?,
            why: self.why.clone(),
        })
    }
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
    /// `"sentence"` (the whole sentence) or `"span"` (words inside it).
    /// Version 2; derived from the offsets when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub target: FileTarget,
    #[serde(flatten)]
    pub attrs: FileAttrs,
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

/// Builds the file for a session's annotations, in document order, with no
/// `annotator` (see [`export_by`]).
pub fn export(session: &Session, now: Timestamp, app_version: &str) -> File {
    export_by(session, now, app_version, None)
}

/// [`export`], naming who annotated in the file's `annotator` field. A name
/// that is empty once trimmed counts as none, and the field is left out.
pub fn export_by(
    session: &Session,
    now: Timestamp,
    app_version: &str,
    annotator: Option<&str>,
) -> File {
    let doc = &session.doc;
    let annotations = session
        .annotations()
        .into_iter()
        .map(|a| file_annotation(doc, a, session.is_sentence_level(a)))
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
        rejected_suggestions: session.rejected().map(|s| s.to_string()).collect(),
        orphans: session
            .orphans()
            .iter()
            .map(FileOrphan::from_orphan)
            .collect(),
        annotator: annotator_name(annotator).map(str::to_string),
        reached: None,
    }
}

/// Who annotated, as every export writes it: the name trimmed, or `None`
/// when there is no name or it is blank.
pub fn annotator_name(annotator: Option<&str>) -> Option<&str> {
    annotator.map(str::trim).filter(|a| !a.is_empty())
}

fn file_annotation(doc: &Document, a: &Annotation, sentence_level: bool) -> FileAnnotation {
    let Target {
        sentence,
        start,
        end,
    } = a.target;
    let slice = |s: usize, e: usize| doc.slice(s, e).unwrap_or_default().to_string();
    FileAnnotation {
        id: a.id.to_string(),
        tag: a.tag,
        scope: Some(if sentence_level { "sentence" } else { "span" }.to_string()),
        attrs: FileAttrs::from_attrs(&a.attrs),
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
        Some(v) if READS.contains(&(v as u32)) => {}
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
            let attrs = fa
                .attrs
                .to_attrs()
                .ok_or_else(|| bad("\"denies\" is not an annotation id"))?;
            Ok(Annotation {
                id,
                tag: fa.tag,
                target: Target {
                    sentence: sentence.id,
                    start: t.start,
                    end: t.end,
                },
                attrs,
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
    let mut session = Session::with_annotations(doc, annotations)
        .map_err(|e| ReadError::Invalid(e.to_string()))?;
    session.set_rejected(
        file.rejected_suggestions
            .iter()
            .filter_map(|s| SentenceId::parse(s)),
    );
    let orphans: Option<Vec<Orphan>> = file.orphans.iter().map(FileOrphan::to_orphan).collect();
    session
        .set_orphans(orphans.ok_or_else(|| {
            ReadError::Invalid("an annotation kept aside has no valid id".into())
        })?);
    Ok(session)
}
