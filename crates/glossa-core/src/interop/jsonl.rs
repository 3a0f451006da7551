//! doccano JSONL (sequence labelling import): one JSON object per line,
//! `{"text": …, "label": [[start, end, "claim"], …], …}`.
//!
//! doccano's offsets are Python string indices, that is Unicode code points,
//! `[start, end)` into that line's `text`. Keys other than `text` and `label`
//! are kept by doccano as the example's metadata; Glossa adds `title`,
//! `text_sha256` and, per paragraph, `paragraph` (counted from 0) and
//! `offset` (where the paragraph starts in the canonical text, so
//! `offset + start` is the offset in the whole text), and `annotator` (who
//! annotated) on every line when the export names someone.
//!
//! A sentence annotation and the spans inside it overlap: enable "Allow
//! overlapping entity" in the doccano project to import them all.

use super::records;
use crate::state::Session;
use serde_json::{json, Value};

/// One line per document, or one per paragraph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Per {
    /// One line: the whole canonical text (header included), offsets as in
    /// Glossa JSON.
    #[default]
    Document,
    /// One line per paragraph of the article body, offsets relative to the
    /// paragraph; paragraphs without annotations are written too.
    Paragraph,
}

impl Per {
    pub fn parse(s: &str) -> Option<Per> {
        match s.trim().to_ascii_lowercase().as_str() {
            "document" | "doc" => Some(Per::Document),
            "paragraph" | "para" => Some(Per::Paragraph),
            _ => None,
        }
    }
}

/// The JSONL text: one object per line, each line ending in `\n`.
pub fn export(session: &Session, per: Per) -> String {
    export_by(session, per, None)
}

/// [`export`] with `"annotator": <name>` on every line; `None` (or a blank
/// name) adds no key.
pub fn export_by(session: &Session, per: Per, annotator: Option<&str>) -> String {
    let annotator = crate::format::annotator_name(annotator);
    let doc = &session.doc;
    let recs = records(session);
    let mut lines: Vec<Value> = Vec::new();
    match per {
        Per::Document => {
            let label: Vec<Value> = recs
                .iter()
                .map(|r| json!([r.target.start, r.target.end, r.tag.name()]))
                .collect();
            lines.push(json!({
                "text": doc.text,
                "label": label,
                "title": doc.title,
                "text_sha256": doc.text_sha256,
            }));
        }
        Per::Paragraph => {
            for (i, p) in doc.paragraphs.iter().enumerate() {
                let text = doc.slice(p.start, p.end).unwrap_or_default();
                let label: Vec<Value> = recs
                    .iter()
                    .filter(|r| r.target.start >= p.start && r.target.end <= p.end)
                    .map(|r| {
                        json!([
                            r.target.start - p.start,
                            r.target.end - p.start,
                            r.tag.name()
                        ])
                    })
                    .collect();
                lines.push(json!({
                    "text": text,
                    "label": label,
                    "title": doc.title,
                    "text_sha256": doc.text_sha256,
                    "paragraph": i,
                    "offset": p.start,
                }));
            }
        }
    }
    let mut out = String::new();
    for mut line in lines {
        if let (Some(name), Value::Object(o)) = (annotator, &mut line) {
            o.insert("annotator".into(), json!(name));
        }
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push('\n');
    }
    out
}
