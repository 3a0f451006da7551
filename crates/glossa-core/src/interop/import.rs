//! Reading annotations from other files into a document: Glossa JSON
//! (versions 1 and 2) and W3C Web Annotation (one `Annotation`, a JSON array
//! of them, an `AnnotationCollection` with `first.items`, or an
//! `AnnotationPage` with `items`).
//!
//! Every annotation is placed with [`super::anchor`]: by its offsets when the
//! text is the same, else by its quote, else approximately; one that cannot
//! be placed becomes an [`Orphan`] with the reason, never dropped. Only a
//! file that is too big, not JSON, of neither format, of a future Glossa
//! version, or broken in its structure is refused as a whole
//! ([`ImportError`]); nothing panics, whatever the input.
//!
//! W3C annotations count when a body with purpose `tagging` (or an untyped
//! body of a `tagging` annotation) has the value `claim`, `denial` or
//! `quote`; the others are skipped and counted as "not a Glossa tag".
//! Glossa's own attribute bodies (see [`super::w3c`]) are read back.

use super::anchor::{self, Quote};
use super::w3c;
use crate::annotation::{Annotation, Attrs, Orphan, Placement, Tag};
use crate::article::Document;
use crate::format::{self, FileAttrs, ReadError};
use crate::ids::AnnotationId;
use crate::time::Timestamp;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// Largest file read: 20 MB.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// What an import found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Annotations placed in the document, in document order, with how.
    pub placed: Vec<(Annotation, Placement)>,
    /// Annotations that could not be placed, in file order, with why.
    pub orphans: Vec<Orphan>,
    /// W3C annotations that carry no Glossa tag (claim, denial, quote).
    pub skipped: usize,
    /// Labels of other tools' files that are not claim, denial or quote
    /// (Label Studio, doccano, brat), with how many annotations had each:
    /// not placed, because Glossa has no such tag.
    pub other_labels: BTreeMap<String, usize>,
    /// Annotations of a file of several documents (a library's CSV or W3C
    /// collection, Label Studio tasks, doccano lines) that belong to other
    /// documents than this one: left out, counted.
    pub other_documents: usize,
    /// Spans given twice in one task (Label Studio: several annotations of
    /// a task with the same tag on the same range): read once.
    pub duplicates: usize,
    /// Label Studio predictions not read because their task has
    /// annotations (a person's work comes before a model's).
    pub predictions_unread: usize,
}

impl Imported {
    pub fn exact(&self) -> usize {
        self.placed
            .iter()
            .filter(|(_, p)| *p == Placement::Exact)
            .count()
    }

    pub fn reanchored(&self) -> usize {
        self.placed.len() - self.exact()
    }

    /// "3 placed exactly, 1 re-anchored, 0 could not be placed" (and the
    /// skipped ones, if any).
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} placed exactly, {} re-anchored, {} could not be placed",
            self.exact(),
            self.reanchored(),
            self.orphans.len()
        );
        if self.skipped > 0 {
            s.push_str(&format!(", {} skipped (not a Glossa tag)", self.skipped));
        }
        if self.duplicates > 0 {
            s.push_str(&format!(
                ", {} duplicate{} read once (the same tag on the same span)",
                self.duplicates,
                if self.duplicates == 1 { "" } else { "s" }
            ));
        }
        if self.predictions_unread > 0 {
            s.push_str(&format!(
                ", {} prediction{} not read (their tasks have annotations)",
                self.predictions_unread,
                if self.predictions_unread == 1 {
                    ""
                } else {
                    "s"
                }
            ));
        }
        if self.other_documents > 0 {
            s.push_str(&format!(
                ", {} left out (they belong to other documents)",
                self.other_documents
            ));
        }
        let others: usize = self.other_labels.values().sum();
        if others > 0 {
            let names: Vec<String> = self
                .other_labels
                .iter()
                .map(|(name, n)| format!("{name} ×{n}"))
                .collect();
            s.push_str(&format!(
                ", {others} not placed (labels that are not claim, denial or quote: {})",
                names.join(", ")
            ));
        }
        s
    }
}

/// Why a file could not be imported at all. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    TooBig {
        bytes: usize,
    },
    NotJson(String),
    /// Neither format: says which fields are missing.
    NotAnnotations(String),
    /// A Glossa file that cannot be read (future version, damaged).
    Glossa(ReadError),
    /// A W3C file whose structure is broken.
    Invalid(String),
    /// A readable file without a single Glossa annotation; `skipped`
    /// annotations (or other items) carried no Glossa tag.
    Empty {
        skipped: usize,
    },
    /// A file of another tool's format (`format`: "Label Studio",
    /// "doccano JSONL", "brat", "CSV") that is broken: `why` says where.
    Damaged {
        format: &'static str,
        why: String,
    },
    /// A file holding several documents' texts (Label Studio tasks, doccano
    /// lines), none of which is the open document's.
    OtherTexts {
        format: &'static str,
        texts: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooBig { bytes } => write!(
                f,
                "This file is {:.1} MB; Glossa imports files of up to {} MB.",
                *bytes as f64 / 1_048_576.0,
                MAX_BYTES / 1_048_576
            )?,
            ImportError::NotJson(e) => write!(
                f,
                "This file is not JSON ({e}), so it is not a Glossa or W3C annotation file."
            )?,
            ImportError::NotAnnotations(what) => write!(
                f,
                "This file is not a Glossa or W3C annotation file ({what})."
            )?,
            ImportError::Glossa(e) => write!(f, "{e}")?,
            ImportError::Invalid(e) => write!(f, "This W3C annotation file is damaged: {e}.")?,
            ImportError::Empty { skipped: 0 } => write!(f, "This file holds no annotations.")?,
            ImportError::Damaged { format, why } => {
                write!(f, "This {format} file is damaged: {why}.")?
            }
            ImportError::OtherTexts { format, texts } => write!(
                f,
                "This {format} file holds {texts} texts and none of them is this document's; \
                 open the document they were made on, or convert the file with glossa-cli."
            )?,
            ImportError::Empty { skipped } => write!(
                f,
                "This file holds no claim, denial or quote annotations ({skipped} item{} without a Glossa tag skipped).",
                if *skipped == 1 { "" } else { "s" }
            )?,
        }
        f.write_str(" Nothing was changed.")
    }
}

impl std::error::Error for ImportError {}

/// [`read_at`] with missing dates set to the Unix epoch.
pub fn read(doc: &Document, input: &str) -> Result<Imported, ImportError> {
    read_at(doc, input, Timestamp(0))
}

/// A file's text as every reader takes it: refused over [`MAX_BYTES`],
/// without a leading byte-order mark.
pub(crate) fn accepted(input: &str) -> Result<&str, ImportError> {
    if input.len() > MAX_BYTES {
        return Err(ImportError::TooBig { bytes: input.len() });
    }
    Ok(input.strip_prefix('\u{feff}').unwrap_or(input))
}

/// The texts a file of several documents carries, in order (for a
/// reader's `texts`).
pub(crate) fn texts_of(carried: Vec<Carried>) -> Result<Vec<String>, ImportError> {
    Ok(carried.into_iter().map(|c| c.text).collect())
}

/// Reads a Glossa or W3C file and places its annotations in `doc`. `now`
/// stands in for dates the file does not give (W3C `created`/`modified`).
pub fn read_at(doc: &Document, input: &str, now: Timestamp) -> Result<Imported, ImportError> {
    let input = accepted(input)?;
    let value: Value =
        serde_json::from_str(input).map_err(|e| ImportError::NotJson(e.to_string()))?;
    let (items, skipped, other_documents) = match &value {
        Value::Object(o) if o.contains_key("format") || o.contains_key("annotations") => {
            let (items, skipped) = glossa_items(doc, input, now)?;
            (items, skipped, 0)
        }
        _ => w3c_items(doc, &value, now)?,
    };
    let mut imported = finish(doc, items, skipped, BTreeMap::new())?;
    imported.other_documents = other_documents;
    Ok(imported)
}

/// One annotation read from a file, before it is placed.
pub(crate) struct Item {
    /// Its id in the file (a UUID is kept; anything else gives a stable one).
    pub(crate) raw_id: String,
    pub(crate) tag: Tag,
    pub(crate) quote: Quote,
    /// Its attributes but the link.
    pub(crate) attrs: Attrs,
    /// The raw id of the claim it denies.
    pub(crate) denies: Option<String>,
    pub(crate) created: Timestamp,
    pub(crate) updated: Timestamp,
}

/// The annotations one document of a file gives, over the text the file
/// holds for it (formats that carry their text: Label Studio, doccano,
/// brat). Their quotes' offsets are in that text.
#[derive(Default)]
pub(crate) struct Carried {
    pub(crate) text: String,
    /// Where `text` starts in its whole document (doccano per paragraph).
    pub(crate) offset: usize,
    pub(crate) items: Vec<Item>,
    /// Labels that are not Glossa tags, counted.
    pub(crate) other_labels: BTreeMap<String, usize>,
    /// Items dropped as repeats of another (see [`Imported::duplicates`]).
    pub(crate) duplicates: usize,
    /// Predictions not read (see [`Imported::predictions_unread`]).
    pub(crate) predictions_unread: usize,
}

/// A [`Quote`] for `[start, end)` (code points) of `text`: the exact text,
/// 32 code points of context on each side, the offsets. `None` when the
/// range is not inside `text`.
pub(crate) fn quote_in(
    index: &crate::text::CharIndex,
    text: &str,
    start: usize,
    end: usize,
    tag: Tag,
) -> Option<Quote> {
    if start >= end {
        return None;
    }
    let exact = index.slice(text, start, end)?;
    let n = index.len_cp();
    let piece = |s: usize, e: usize| index.slice(text, s, e).unwrap_or_default().to_string();
    Some(Quote {
        exact: exact.to_string(),
        prefix: piece(start.saturating_sub(format::CONTEXT), start),
        suffix: piece(end, end.saturating_add(format::CONTEXT).min(n)),
        start: Some(start),
        end: Some(end),
        same_text: false,
        sentence: None,
        tag: Some(tag),
    })
}

/// Places the annotations of the carried documents that are `doc`'s: those
/// whose text is `doc`'s (or, with an offset, a piece of it at that
/// offset). When none is, a file of one document is re-anchored by its
/// quotes; a file of several is refused.
pub(crate) fn place_carried(
    doc: &Document,
    format: &'static str,
    carried: Vec<Carried>,
) -> Result<Imported, ImportError> {
    // Where each carried text sits in `doc`: at 0 when it is the whole
    // text, at its offset when it is the piece there.
    let at = |c: &Carried| {
        let text = crate::article::canonical_text(&c.text);
        if text == doc.text {
            return Some(0);
        }
        let len = crate::text::cp_len(&text);
        (c.offset > 0
            && !text.is_empty()
            && doc.slice(c.offset, c.offset.saturating_add(len)) == Some(text.as_str()))
        .then_some(c.offset)
    };
    let n = carried.len();
    let places: Vec<Option<usize>> = carried.iter().map(at).collect();
    let any = places.iter().any(Option::is_some);
    if !any && n > 1 {
        return Err(ImportError::OtherTexts { format, texts: n });
    }
    let mut items = Vec::new();
    let mut others: BTreeMap<String, usize> = BTreeMap::new();
    let mut other_documents = 0;
    let (mut duplicates, mut predictions_unread) = (0, 0);
    for (c, place) in carried.into_iter().zip(places) {
        if any && place.is_none() {
            other_documents += c.items.len();
            continue;
        }
        duplicates += c.duplicates;
        predictions_unread += c.predictions_unread;
        for (name, k) in c.other_labels {
            *others.entry(name).or_default() += k;
        }
        // Not this text: old positions are hints for the re-anchoring.
        let shift = place.unwrap_or(c.offset);
        for mut it in c.items {
            it.quote.same_text = place.is_some();
            it.quote.start = it.quote.start.map(|s| s.saturating_add(shift));
            it.quote.end = it.quote.end.map(|e| e.saturating_add(shift));
            items.push(it);
        }
    }
    let mut imported = finish(doc, items, 0, others)?;
    imported.other_documents = other_documents;
    imported.duplicates = duplicates;
    imported.predictions_unread = predictions_unread;
    Ok(imported)
}

/// Places `items`; refuses a file with none ([`ImportError::Empty`]).
pub(crate) fn finish(
    doc: &Document,
    items: Vec<Item>,
    skipped: usize,
    other_labels: BTreeMap<String, usize>,
) -> Result<Imported, ImportError> {
    if items.is_empty() {
        return Err(ImportError::Empty {
            skipped: skipped + other_labels.values().sum::<usize>(),
        });
    }
    let mut imported = place(doc, items);
    imported.skipped = skipped;
    imported.other_labels = other_labels;
    Ok(imported)
}

/// The Glossa tag a label names (`Claim`, `claim`, ` DENIAL `…), if any.
pub(crate) fn tag_named(label: &str) -> Option<Tag> {
    Tag::from_name(label)
}

fn glossa_items(
    doc: &Document,
    input: &str,
    now: Timestamp,
) -> Result<(Vec<Item>, usize), ImportError> {
    let file = format::parse(input).map_err(|e| match e {
        ReadError::NotGlossa => {
            ImportError::NotAnnotations(format!("no \"format\": \"{}\" field", format::FORMAT))
        }
        e => ImportError::Glossa(e),
    })?;
    let same_text = file
        .document
        .text_sha256
        .eq_ignore_ascii_case(&doc.text_sha256);
    let items = file
        .annotations
        .into_iter()
        .map(|fa| {
            let t = fa.target;
            let date = |s: &str| Timestamp::parse_rfc3339(s).unwrap_or(now);
            Item {
                raw_id: fa.id,
                tag: fa.tag,
                quote: Quote {
                    exact: t.exact,
                    prefix: t.prefix,
                    suffix: t.suffix,
                    start: Some(t.start),
                    end: Some(t.end),
                    same_text,
                    sentence: fa.scope.as_deref().map(|s| s == "sentence"),
                    tag: Some(fa.tag),
                },
                // The link is resolved after anchoring (its id may be a W3C urn);
                // without it the conversion cannot fail.
                attrs: FileAttrs {
                    denies: None,
                    ..fa.attrs.clone()
                }
                .to_attrs()
                .unwrap_or_default(),
                denies: fa.attrs.denies,
                created: date(&fa.created_at),
                updated: date(&fa.updated_at),
            }
        })
        .collect();
    Ok((items, 0))
}

/// The `type` (or `@type`) values of a JSON-LD object.
fn types(v: &Value) -> Vec<&str> {
    match v.get("type").or_else(|| v.get("@type")) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Finds the annotation objects of a W3C file. Non-annotations inside lists
/// are counted in `skipped`.
fn collect<'a>(
    v: &'a Value,
    top: bool,
    depth: usize,
    out: &mut Vec<&'a Value>,
    skipped: &mut usize,
) -> Result<(), ImportError> {
    if depth > 8 {
        return Err(ImportError::Invalid(
            "its collections and pages are nested too deeply".into(),
        ));
    }
    let o = match v {
        Value::Array(items) => {
            for item in items {
                collect(item, false, depth + 1, out, skipped)?;
            }
            return Ok(());
        }
        Value::Object(o) => o,
        _ if top => {
            return Err(ImportError::NotAnnotations(format!(
                "it holds {}, not an object with \"annotations\" or \"items\"",
                kind(v)
            )))
        }
        _ => {
            *skipped += 1;
            return Ok(());
        }
    };
    let ty = types(v);
    let is_annotation = ty.contains(&"Annotation") || o.contains_key("target");
    if is_annotation {
        out.push(v);
        return Ok(());
    }
    let is_collection = ty.contains(&"AnnotationCollection") || o.contains_key("first");
    let is_page = ty.contains(&"AnnotationPage") || o.contains_key("items");
    if is_collection {
        match o.get("first") {
            Some(page @ Value::Object(_)) => collect(page, false, depth + 1, out, skipped)?,
            Some(Value::String(iri)) => {
                return Err(ImportError::Invalid(format!(
                    "its first page is only a link (\"first\": \"{iri}\"), the annotations are not in the file"
                )))
            }
            Some(other) => {
                return Err(ImportError::Invalid(format!(
                    "\"first\" must be an AnnotationPage object, not {}",
                    kind(other)
                )))
            }
            None if o.contains_key("items") => {}
            None if ty.contains(&"AnnotationCollection") && o.get("total").and_then(Value::as_u64) == Some(0) => {}
            None => {
                return Err(ImportError::Invalid(
                    "the collection has no \"first\" page and no \"items\"".into(),
                ))
            }
        }
    }
    if is_page || (is_collection && o.contains_key("items")) {
        match o.get("items") {
            Some(items @ Value::Array(_)) => collect(items, false, depth + 1, out, skipped)?,
            Some(other) => {
                return Err(ImportError::Invalid(format!(
                    "\"items\" must be a list of annotations, not {}",
                    kind(other)
                )))
            }
            None => {
                return Err(ImportError::Invalid(
                    "the AnnotationPage has no \"items\"".into(),
                ))
            }
        }
        if let Some(next @ Value::Object(_)) = o.get("next") {
            collect(next, false, depth + 1, out, skipped)?;
        }
        return Ok(());
    }
    if is_collection {
        return Ok(());
    }
    if top {
        return Err(ImportError::NotAnnotations(
            "no \"annotations\" or \"items\" field".into(),
        ));
    }
    *skipped += 1;
    Ok(())
}

/// The document a W3C annotation names: its first target's `source` (or
/// the target itself when it is an IRI), if any.
fn w3c_source(a: &Value) -> Option<&str> {
    let first = match a.get("target") {
        Some(Value::Array(t)) => t.first(),
        t => t,
    };
    match first {
        Some(Value::String(iri)) => Some(iri.as_str()),
        Some(t) => t.get("source").and_then(Value::as_str),
        None => None,
    }
    .map(str::trim)
    .filter(|s| !s.is_empty())
}

/// The W3C annotations in `value` as items, the count of those skipped,
/// and the count of those left out as other documents': when the
/// annotations name several documents (`target.source`, as a library's
/// collection does), only the ones naming `doc` ([`w3c::source_iri`]) or
/// none are read; a file naming several documents, none of them `doc`, is
/// refused ([`ImportError::OtherTexts`]).
fn w3c_items(
    doc: &Document,
    value: &Value,
    now: Timestamp,
) -> Result<(Vec<Item>, usize, usize), ImportError> {
    let mut found = Vec::new();
    let mut skipped = 0;
    collect(value, true, 0, &mut found, &mut skipped)?;
    let sources: HashSet<String> = found
        .iter()
        .filter_map(|a| w3c_source(a))
        .map(str::to_ascii_lowercase)
        .collect();
    let mut other_documents = 0;
    if sources.len() > 1 {
        let ours = w3c::source_iri(doc).to_ascii_lowercase();
        let total = found.len();
        found.retain(|a| w3c_source(a).is_none_or(|s| s.eq_ignore_ascii_case(&ours)));
        other_documents = total - found.len();
        if found.is_empty() {
            return Err(ImportError::OtherTexts {
                format: "W3C Web Annotation",
                texts: sources.len(),
            });
        }
    }
    let mut items = Vec::new();
    for (k, a) in found.into_iter().enumerate() {
        match w3c_item(doc, a, k, now) {
            Some(item) => items.push(item),
            None => skipped += 1,
        }
    }
    Ok((items, skipped, other_documents))
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// One W3C annotation, or `None` when it carries no Glossa tag.
fn w3c_item(doc: &Document, a: &Value, k: usize, now: Timestamp) -> Option<Item> {
    let tagging = strings(a.get("motivation")).contains(&"tagging");
    let bodies: Vec<&Value> = match a.get("body") {
        Some(Value::Array(b)) => b.iter().collect(),
        Some(b @ Value::Object(_)) => vec![b],
        _ => Vec::new(),
    };
    let mut tag = None;
    let mut attrs = Attrs::default();
    let mut denies = None;
    let mut notes: Vec<&str> = Vec::new();
    for b in bodies {
        let purposes = strings(b.get("purpose"));
        let has = |p: &str| purposes.contains(&p);
        let value = b.get("value").and_then(Value::as_str);
        if let Some(v) = value {
            if (has("tagging") || (purposes.is_empty() && tagging)) && tag.is_none() {
                tag = Tag::from_name(v);
                if tag.is_some() {
                    continue;
                }
            }
            if has("commenting") {
                notes.push(v);
            } else if let (true, Some(s)) =
                (has("identifying"), v.strip_prefix(w3c::SPEAKER_PREFIX))
            {
                attrs.speaker = s.to_string();
            } else if let (true, Some(s)) = (has("describing"), v.strip_prefix(w3c::CUE_PREFIX)) {
                attrs.cue = s.to_string();
            } else if has("classifying") && v == w3c::DIRECT_VALUE {
                attrs.direct = Some(true);
            } else if has("classifying") && v == w3c::INDIRECT_VALUE {
                attrs.direct = Some(false);
            }
        } else if has("linking") {
            denies = b
                .get("source")
                .or_else(|| b.get("id"))
                .and_then(Value::as_str)
                .map(str::to_string);
        }
    }
    if tag.is_none() && tagging {
        tag = a
            .get("bodyValue")
            .and_then(Value::as_str)
            .and_then(Tag::from_name);
    }
    let tag = tag?;
    attrs.note = notes.join("\n\n");
    let raw_id = match a.get("id").or_else(|| a.get("@id")) {
        Some(Value::String(s)) => s.clone(),
        _ => format!("#annotation-{}", k + 1),
    };
    let date = |key: &str| {
        a.get(key)
            .and_then(Value::as_str)
            .and_then(Timestamp::parse_rfc3339)
    };
    let created = date("created").or_else(|| date("modified")).unwrap_or(now);
    let updated = date("modified").unwrap_or(created);
    Some(Item {
        raw_id,
        tag,
        quote: Quote {
            tag: Some(tag),
            ..w3c_quote(doc, a.get("target"))
        },
        attrs,
        denies,
        created,
        updated,
    })
}

/// The quote and position a W3C target gives (the first target with a text
/// selector).
fn w3c_quote(doc: &Document, target: Option<&Value>) -> Quote {
    let targets: Vec<&Value> = match target {
        Some(Value::Array(t)) => t.iter().collect(),
        Some(t) => vec![t],
        None => Vec::new(),
    };
    let ours = w3c::source_iri(doc);
    for t in targets {
        let selectors: Vec<&Value> = match t.get("selector") {
            Some(Value::Array(s)) => s.iter().collect(),
            Some(s @ Value::Object(_)) => vec![s],
            _ => continue,
        };
        let mut q = Quote {
            same_text: t
                .get("source")
                .and_then(Value::as_str)
                .is_some_and(|s| s.trim().eq_ignore_ascii_case(&ours)),
            ..Quote::default()
        };
        let mut usable = false;
        for s in selectors {
            let ty = types(s);
            let text = |key: &str| {
                s.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            if ty.contains(&"TextQuoteSelector") {
                q.exact = text("exact");
                q.prefix = text("prefix");
                q.suffix = text("suffix");
                usable = true;
            } else if ty.contains(&"TextPositionSelector") {
                let num = |key: &str| {
                    s.get(key)
                        .and_then(Value::as_u64)
                        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
                };
                q.start = num("start");
                q.end = num("end");
                usable = true;
            }
        }
        if usable {
            if q.exact.is_empty() && q.same_text {
                if let (Some(s), Some(e)) = (q.start, q.end) {
                    q.exact = doc.slice(s, e).unwrap_or_default().to_string();
                }
            }
            return q;
        }
    }
    Quote::default()
}

/// A UUID for an annotation whose file id is not one (or repeats one).
pub(crate) fn derived_id(raw: &str, k: usize) -> AnnotationId {
    let digest = Sha256::digest(format!("glossa-import:{k}:{raw}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    AnnotationId::from_random_bytes(bytes)
}

fn place(doc: &Document, items: Vec<Item>) -> Imported {
    // Ids: the file's when they are UUIDs and unique, else made from them.
    let mut seen = HashSet::new();
    let mut by_raw: HashMap<&str, AnnotationId> = HashMap::new();
    let ids: Vec<AnnotationId> = items
        .iter()
        .enumerate()
        .map(|(k, it)| {
            let id = AnnotationId::parse(it.raw_id.trim())
                .filter(|id| !seen.contains(id))
                .unwrap_or_else(|| derived_id(&it.raw_id, k));
            seen.insert(id);
            by_raw.entry(it.raw_id.as_str()).or_insert(id);
            id
        })
        .collect();
    let quotes: Vec<Quote> = items.iter().map(|it| it.quote.clone()).collect();
    let anchored = anchor::anchor_all(doc, &quotes);
    let mut out = Imported::default();
    let mut whole: HashSet<usize> = HashSet::new();
    for ((it, id), result) in items.iter().zip(ids).zip(anchored) {
        let mut attrs = it.attrs.clone();
        attrs.denies = it.denies.as_deref().and_then(|d| {
            by_raw
                .get(d)
                .copied()
                .or_else(|| AnnotationId::parse(d.trim()))
        });
        let result = result.and_then(|(target, how)| {
            let is_whole = doc
                .sentence(target.sentence)
                .is_some_and(|s| (s.start, s.end) == (target.start, target.end));
            if is_whole && !whole.insert(target.sentence.index()) {
                Err(format!(
                    "another annotation in the file already tags the whole sentence {}",
                    target.sentence
                ))
            } else {
                Ok((target, how))
            }
        });
        match result {
            Ok((target, how)) => out.placed.push((
                Annotation {
                    id,
                    tag: it.tag,
                    target,
                    attrs,
                    created: it.created,
                    updated: it.updated,
                },
                how,
            )),
            Err(why) => out.orphans.push(Orphan {
                id,
                tag: it.tag,
                exact: it.quote.exact.clone(),
                prefix: it.quote.prefix.clone(),
                suffix: it.quote.suffix.clone(),
                start: it.quote.start,
                end: it.quote.end,
                attrs,
                why,
            }),
        }
    }
    crate::sort::sort_by_key(&mut out.placed, |(a, _)| a.order_key());
    out
}
