//! Many documents at once, both ways.
//!
//! In: [`gather`] sorts what a person picked or dropped — article files
//! (`.txt`, `.md`, `.html`), a `.zip` of them, brat `.txt` + `.ann` pairs,
//! and other tools' exports that carry their texts (Label Studio JSON,
//! doccano JSONL) — into documents, each with the annotations its file
//! carried, placed by the same re-anchoring as a one-document import.
//! Anything it cannot use is said, per file; nothing is dropped silently.
//!
//! Out: [`combine`] writes many documents' exports as one file where the
//! format allows (JSONL lines, CSV rows with a `document` column, one Label
//! Studio task list, one W3C `AnnotationCollection`), else one ZIP of the
//! per-document files (Glossa JSON, brat).

use crate::article::{parse_article, Document};
use crate::export::{ExportFile, ExportFormat, Options};
use crate::interop::{csv, Imported};
use crate::state::Session;
use crate::time::Timestamp;
use crate::zip;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Files in a picked archive that are tools' settings, not documents: not
/// opened, not reported.
const SETTINGS: [&str; 5] = [
    "annotation.conf",
    "visual.conf",
    "tools.conf",
    "kb_shortcuts.conf",
    ".ds_store",
];

/// Name endings opened as article text.
pub const TEXT_ENDINGS: [&str; 7] = [
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
];

/// What [`gather`] unpacks from a `.zip` at most (a brat archive's limits).
pub const ZIP_LIMITS: zip::Limits = crate::export::ZIP_LIMITS;

/// A document found in the files, ready to add to the library.
pub struct Found {
    /// Where it came from: the file, and the entry of an archive or the
    /// task of an export ("news.zip › harbour.txt", "tasks.json #3").
    pub from: String,
    /// Its text, as opened (HTML and Markdown read as text).
    pub text: String,
    pub doc: Rc<Document>,
    /// The annotations its file carried, placed in `doc`, and the format.
    pub annotations: Option<(ExportFormat, Imported)>,
}

/// What [`gather`] made of the files.
#[derive(Default)]
pub struct Gathered {
    pub documents: Vec<Found>,
    /// One sentence per file or entry that gave nothing, saying why.
    pub problems: Vec<String>,
}

/// Sorts `files` (name, bytes) into documents. `now` stands in for dates
/// the files do not give.
pub fn gather(files: Vec<(String, Vec<u8>)>, now: Timestamp) -> Gathered {
    let mut out = Gathered::default();
    // Archives are unpacked first; their entries are named "archive › entry".
    let mut items: Vec<(String, String, Vec<u8>)> = Vec::new();
    for (name, bytes) in files {
        if lower(&name).ends_with(".zip") && !lower(&name).ends_with(".brat.zip") {
            match zip::read(&bytes, ZIP_LIMITS) {
                Ok(entries) => {
                    for (entry, data) in entries {
                        let base = entry.rsplit('/').next().unwrap_or(&entry).to_string();
                        if is_setting(&entry, &base) {
                            continue;
                        }
                        items.push((format!("{name} › {entry}"), base, data));
                    }
                }
                Err(e) => out
                    .problems
                    .push(format!("“{name}” could not be unpacked: {e}.")),
            }
        } else {
            let base = name.rsplit(['/', '\\']).next().unwrap_or(&name).to_string();
            items.push((name.clone(), base, bytes));
        }
    }
    // brat: a `.ann` beside a `.txt` of the same name is that text's annotations.
    let mut texts_by_stem: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (_, base, _)) in items.iter().enumerate() {
        if let Some(stem) = strip_ending(base, ".txt") {
            texts_by_stem.insert(stem.to_string(), i);
        }
    }
    let mut ann_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, (from, base, _)) in items.iter().enumerate() {
        if let Some(stem) = strip_ending(base, ".ann") {
            match texts_by_stem.get(stem) {
                Some(&t) => {
                    ann_of.insert(t, i);
                }
                None => out.problems.push(format!(
                    "“{from}”: brat annotations need their text beside them ({stem}.txt); open both together."
                )),
            }
        }
    }
    for (i, (from, base, bytes)) in items.iter().enumerate() {
        let name = lower(base);
        if name.ends_with(".ann") || is_setting(from, base) {
            continue;
        }
        if TEXT_ENDINGS.iter().any(|e| name.ends_with(e)) {
            match crate::open::text_from_bytes(base, bytes) {
                Ok(text) => {
                    let doc = Rc::new(parse_article(&text));
                    let annotations = match ann_of.get(&i) {
                        Some(&a) => match ExportFormat::Brat.import(&doc, &items[a].2, now) {
                            Ok(imported) => Some((ExportFormat::Brat, imported)),
                            Err(e) => {
                                out.problems.push(format!("“{}”: {e}", items[a].0));
                                None
                            }
                        },
                        None => None,
                    };
                    out.documents.push(Found {
                        from: from.clone(),
                        text,
                        doc,
                        annotations,
                    });
                }
                Err(e) => out.problems.push(format!("“{from}”: {e}")),
            }
            continue;
        }
        // Told by the name's ending; a plain `.json` by what it holds.
        let known = ExportFormat::guess(base, b"").is_some() || name.ends_with(".json");
        let Some(format) = ExportFormat::guess(base, bytes).filter(|_| known) else {
            out.problems.push(format!(
                "“{from}” is neither an article (.txt, .md, .html) nor a file of texts Glossa reads (Label Studio JSON, doccano JSONL, brat .txt + .ann)."
            ));
            continue;
        };
        // Read once; each text gets its own annotations.
        match format.documents(bytes, now) {
            Ok(Some(texts)) => {
                let many = texts.len() > 1;
                for (n, d) in texts.into_iter().enumerate() {
                    let from = match (&d.name, many) {
                        (Some(stem), _) => format!("{from} › {stem}"),
                        (None, true) => format!("{from} #{}", n + 1),
                        (None, false) => from.clone(),
                    };
                    match d.imported {
                        Ok(imported) => out.documents.push(Found {
                            from,
                            text: d.text,
                            doc: Rc::new(d.doc),
                            annotations: Some((format, imported)),
                        }),
                        Err(e) => out.problems.push(format!("“{from}”: {e}")),
                    }
                }
            }
            Ok(None) => out.problems.push(format!(
                "“{from}” holds {} annotations but not the text they belong to: open the article, then import the file into it.",
                format.label()
            )),
            Err(e) => out.problems.push(format!("“{from}”: {e}")),
        }
    }
    out
}

/// Whether a file of this name is opened as an article's text.
pub fn is_article_name(name: &str) -> bool {
    let name = lower(name);
    TEXT_ENDINGS.iter().any(|e| name.ends_with(e))
}

/// What a picker for opening offers: articles, archives, and the files of
/// other tools that carry their texts.
pub const OPEN_ACCEPT: &str = ".txt,.text,.md,.markdown,.html,.htm,.xhtml,.zip,.json,.jsonl,.ndjson,.ann,text/plain,text/markdown,text/html,application/zip";

fn lower(s: &str) -> String {
    s.to_lowercase()
}

fn strip_ending<'a>(name: &'a str, ending: &str) -> Option<&'a str> {
    let cut = name.len().checked_sub(ending.len())?;
    (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(ending)).then(|| &name[..cut])
}

fn is_setting(entry: &str, base: &str) -> bool {
    let b = lower(base);
    entry.starts_with("__MACOSX/") || b.starts_with("._") || SETTINGS.contains(&b.as_str())
}

/// Many documents' work in `format`, as one file named `stem` + the
/// format's ending (one ZIP, `stem.zip`, of the per-document files for
/// Glossa JSON and brat, whose files hold one document each). Names inside
/// a ZIP that would repeat get `-2`, `-3`….
pub fn combine(
    format: ExportFormat,
    sessions: &[&Session],
    options: &Options<'_>,
    stem: &str,
) -> ExportFile {
    let each = || sessions.iter().map(|s| format.export(s, options));
    let bytes = match format {
        ExportFormat::Jsonl => {
            let mut out = Vec::new();
            for f in each() {
                out.extend_from_slice(&f.bytes);
                if !out.is_empty() && !out.ends_with(b"\n") {
                    out.push(b'\n');
                }
            }
            out
        }
        ExportFormat::Csv => {
            let mut out = String::from("\u{feff}");
            for (i, s) in sessions.iter().enumerate() {
                csv::write_rows(
                    &mut out,
                    s,
                    options.annotator,
                    i == 0,
                    Some(&s.doc.text_sha256),
                );
            }
            out.into_bytes()
        }
        ExportFormat::LabelStudio => {
            let tasks: Vec<Value> = each()
                .flat_map(|f| match serde_json::from_slice::<Value>(&f.bytes) {
                    Ok(Value::Array(tasks)) => tasks,
                    Ok(other) => vec![other],
                    Err(_) => Vec::new(),
                })
                .collect();
            pretty(&Value::Array(tasks))
        }
        ExportFormat::W3c => {
            let items: Vec<Value> = each()
                .flat_map(|f| {
                    serde_json::from_slice::<Value>(&f.bytes)
                        .ok()
                        .and_then(|v| v["first"]["items"].as_array().cloned())
                        .unwrap_or_default()
                })
                .collect();
            let first = serde_json::from_slice::<Value>(
                &each().next().map(|f| f.bytes).unwrap_or_default(),
            )
            .unwrap_or(Value::Null);
            let context = first.get("@context").cloned().unwrap_or(Value::Null);
            pretty(&json!({
                "@context": context,
                "id": format!("urn:glossa:library:{stem}"),
                "type": "AnnotationCollection",
                "label": format!("{} documents", sessions.len()),
                "total": items.len(),
                "first": {
                    "id": format!("urn:glossa:library:{stem}:page1"),
                    "type": "AnnotationPage",
                    "startIndex": 0,
                    "items": items,
                },
            }))
        }
        ExportFormat::Glossa | ExportFormat::Brat => {
            let mut names: BTreeMap<String, usize> = BTreeMap::new();
            let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
            for f in each() {
                // brat's own archive is opened up: one folder of pairs.
                let files = if format == ExportFormat::Brat {
                    zip::read_stored(&f.bytes).unwrap_or_default()
                } else {
                    vec![(f.name, f.bytes)]
                };
                for (name, data) in files {
                    let n = names.entry(name.clone()).or_insert(0);
                    *n += 1;
                    // One brat configuration serves the whole folder.
                    if format == ExportFormat::Brat && name == "annotation.conf" && *n > 1 {
                        continue;
                    }
                    let name = if *n == 1 { name } else { numbered(&name, *n) };
                    entries.push((name, data));
                }
            }
            let refs: Vec<(&str, &[u8])> = entries
                .iter()
                .map(|(n, d)| (n.as_str(), d.as_slice()))
                .collect();
            return ExportFile {
                name: format!("{stem}.{}.zip", format.id()),
                mime: "application/zip",
                bytes: zip::store(&refs),
            };
        }
    };
    ExportFile {
        name: format!("{stem}{}", format.extension()),
        mime: format.mime(),
        bytes,
    }
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

/// "a.txt", 2 → "a-2.txt" (before the first dot of the file name).
fn numbered(name: &str, n: usize) -> String {
    match name.find('.') {
        Some(dot) => format!("{}-{n}{}", &name[..dot], &name[dot..]),
        None => format!("{name}-{n}"),
    }
}
