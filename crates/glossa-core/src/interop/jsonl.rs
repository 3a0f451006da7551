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

use super::import::{self, Carried, ImportError, Imported, Item};
use super::records;
use crate::annotation::{Attrs, Tag};
use crate::article::Document;
use crate::state::Session;
use crate::text::CharIndex;
use crate::time::Timestamp;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

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

/// The format's name in messages.
pub const NAME: &str = "doccano JSONL";

/// Keys a line's spans may be under: Glossa and doccano's sequence
/// labelling export write `label`; other doccano versions `labels` or
/// `entities`.
pub const SPAN_KEYS: [&str; 3] = ["label", "labels", "entities"];

/// Reads a doccano JSONL file into `doc`: the lines whose text is `doc`'s
/// (or, for Glossa's per-paragraph lines, a paragraph of it at `offset`); a
/// file of one line is re-anchored into any document.
///
/// Spans are `[start, end, "tag"]` or doccano's
/// `{"start_offset", "end_offset", "label"}` objects, code points of the
/// line's `text`; `relations` of type `denies` (any case) from a denial to
/// a claim are links. Labels that are not tags are counted and reported.
pub fn read(doc: &Document, input: &str, now: Timestamp) -> Result<Imported, ImportError> {
    import::place_carried(doc, NAME, carried(input, now)?)
}

/// The texts of the file's lines, in order.
pub fn texts(input: &str) -> Result<Vec<String>, ImportError> {
    import::texts_of(carried(input, Timestamp(0))?)
}

fn damaged(why: String) -> ImportError {
    ImportError::Damaged { format: NAME, why }
}

/// Each line's text and annotations.
pub(crate) fn carried(input: &str, now: Timestamp) -> Result<Vec<Carried>, ImportError> {
    let input = import::accepted(input)?;
    let mut out = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let n = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| {
            if out.is_empty() {
                ImportError::NotJson(format!("line {n}: {e}"))
            } else {
                damaged(format!("line {n} is not JSON ({e})"))
            }
        })?;
        out.push(line_of(n, &v, now)?);
    }
    if out.is_empty() {
        return Err(ImportError::Empty { skipped: 0 });
    }
    Ok(out)
}

fn line_of(n: usize, v: &Value, now: Timestamp) -> Result<Carried, ImportError> {
    let Value::Object(o) = v else {
        return Err(damaged(format!("line {n} is not a JSON object")));
    };
    let text = match o.get("text").or_else(|| o.get("data")) {
        Some(Value::String(t)) => t.clone(),
        _ => return Err(damaged(format!("line {n} has no \"text\""))),
    };
    let offset = match (o.get("offset"), o.contains_key("paragraph")) {
        (Some(off), true) => off
            .as_u64()
            .and_then(|x| usize::try_from(x).ok())
            .ok_or_else(|| damaged(format!("line {n}: \"offset\" is not a number")))?,
        _ => 0,
    };
    let index = CharIndex::new(&text);
    let mut c = Carried {
        text: String::new(),
        offset,
        items: Vec::new(),
        other_labels: BTreeMap::new(),
        ..Default::default()
    };
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let spans = SPAN_KEYS.iter().find_map(|k| o.get(*k));
    let spans: &[Value] = match spans {
        None | Some(Value::Null) => &[],
        Some(Value::Array(a)) => a,
        Some(_) => return Err(damaged(format!("line {n}: the labels are not a list"))),
    };
    for (k, span) in spans.iter().enumerate() {
        let num = |v: Option<&Value>| {
            v.and_then(Value::as_u64)
                .and_then(|x| usize::try_from(x).ok())
        };
        let (start, end, label, id) = match span {
            Value::Array(a) if a.len() >= 3 => (
                num(a.first()),
                num(a.get(1)),
                a.get(2).and_then(Value::as_str),
                None,
            ),
            Value::Object(e) => (
                num(e.get("start_offset")),
                num(e.get("end_offset")),
                e.get("label").and_then(Value::as_str),
                e.get("id").map(|id| id.to_string()),
            ),
            // Text classification: a label of the whole line.
            Value::String(label) => {
                *c.other_labels.entry(label.clone()).or_default() += 1;
                continue;
            }
            _ => {
                return Err(damaged(format!(
                    "line {n}: label {} is not [start, end, \"tag\"]",
                    k + 1
                )))
            }
        };
        let (Some(start), Some(end), Some(label)) = (start, end, label) else {
            return Err(damaged(format!(
                "line {n}: label {} has no start, end and tag",
                k + 1
            )));
        };
        let Some(tag) = import::tag_named(label) else {
            *c.other_labels.entry(label.to_string()).or_default() += 1;
            continue;
        };
        let quote = import::quote_in(&index, &text, start, end, tag).ok_or_else(|| {
            damaged(format!(
                "line {n}: label {} ({start}–{end}) is not inside the line's text of {} characters",
                k + 1,
                index.len_cp()
            ))
        })?;
        let raw_id = format!("line {n}, label {}", k + 1);
        if let Some(id) = id {
            by_id.insert(id, c.items.len());
        }
        c.items.push(Item {
            raw_id,
            tag,
            quote,
            attrs: Attrs::default(),
            denies: None,
            created: now,
            updated: now,
        });
    }
    if let Some(Value::Array(relations)) = o.get("relations") {
        for r in relations {
            let end = |key: &str| r.get(key).map(|id| id.to_string());
            let kind = r.get("type").and_then(Value::as_str).unwrap_or_default();
            if !kind.eq_ignore_ascii_case("denies") {
                continue;
            }
            let (Some(from), Some(to)) = (end("from_id"), end("to_id")) else {
                continue;
            };
            if let (Some(&f), Some(&t)) = (by_id.get(&from), by_id.get(&to)) {
                if c.items[f].tag == Tag::Denial && c.items[t].tag == Tag::Claim {
                    c.items[f].denies = Some(c.items[t].raw_id.clone());
                }
            }
        }
    }
    c.text = text;
    Ok(c)
}
