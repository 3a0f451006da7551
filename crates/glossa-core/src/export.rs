//! The interchange formats, in one list: name, file extensions, MIME type,
//! exporter and importer. The web app's Export and Import menus and the
//! CLI's `convert --from/--to` all read it, so a format is added, named or
//! changed in one place, and all write the same bytes (brat: one
//! `.brat.zip` with the `.txt`, the `.ann` and an `annotation.conf`).
//! Every format is read back ([`ExportFormat::import`]), and a file's
//! format can be guessed from its name and bytes ([`ExportFormat::guess`]).

use crate::interop::{brat, csv, import, jsonl, labelstudio, w3c, ImportError, Imported};
use crate::state::Session;
use crate::{format, zip, Document, Timestamp};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Glossa,
    W3c,
    Jsonl,
    Csv,
    Brat,
    LabelStudio,
}

/// How to export: when, by which version, and the options some formats take.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    pub now: Timestamp,
    /// The version written into Glossa JSON.
    pub app_version: &'a str,
    /// W3C: the target's `source` IRI ("" = `urn:sha256:<text sha>`).
    pub source: &'a str,
    /// JSONL: one line per document or per paragraph.
    pub per: jsonl::Per,
    /// Who annotated (a team member's name); `None`, or a blank name, writes
    /// no trace of one. Glossa JSON: the file's `annotator`; W3C: each
    /// annotation's `creator` (a `Person` with this `name`); CSV: the last
    /// column, `annotator`; JSONL: each line's `annotator`; Label Studio:
    /// the task's `data.annotator`. brat has no place for it and is written
    /// the same either way.
    pub annotator: Option<&'a str>,
}

impl<'a> Options<'a> {
    /// The defaults the app uses.
    pub fn new(now: Timestamp, app_version: &'a str) -> Options<'a> {
        Options {
            now,
            app_version,
            source: "",
            per: jsonl::Per::Document,
            annotator: None,
        }
    }
}

/// One exported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Glossa,
        ExportFormat::W3c,
        ExportFormat::Jsonl,
        ExportFormat::Csv,
        ExportFormat::Brat,
        ExportFormat::LabelStudio,
    ];

    /// The short name (the CLI's `--to` value).
    pub fn id(self) -> &'static str {
        match self {
            ExportFormat::Glossa => "glossa",
            ExportFormat::W3c => "w3c",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Brat => "brat",
            ExportFormat::LabelStudio => "labelstudio",
        }
    }

    /// Other names accepted for it.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            ExportFormat::Jsonl => &["doccano"],
            ExportFormat::LabelStudio => &["label-studio", "ls"],
            _ => &[],
        }
    }

    /// The format named `id` or one of its aliases (any case).
    pub fn from_id(id: &str) -> Option<ExportFormat> {
        let id = id.trim().to_ascii_lowercase();
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.id() == id || f.aliases().contains(&id.as_str()))
    }

    /// The menu item's name.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Glossa => "Glossa JSON",
            ExportFormat::W3c => "W3C Web Annotation",
            ExportFormat::Jsonl => "JSONL",
            ExportFormat::Csv => "CSV",
            ExportFormat::Brat => "brat",
            ExportFormat::LabelStudio => "Label Studio",
        }
    }

    /// What the file is for, shown under the name.
    pub fn hint(self) -> &'static str {
        match self {
            ExportFormat::Glossa => ".glossa.json — everything, re-importable",
            ExportFormat::W3c => ".w3c.jsonld — Hypothesis, Recogito",
            ExportFormat::Jsonl => ".jsonl — doccano sequence labelling",
            ExportFormat::Csv => ".csv — spreadsheets",
            ExportFormat::Brat => ".brat.zip — brat standoff .txt + .ann",
            ExportFormat::LabelStudio => ".labelstudio.json — Label Studio tasks",
        }
    }

    /// The end of the file's name, after the document's slug.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Glossa => ".glossa.json",
            ExportFormat::W3c => ".w3c.jsonld",
            ExportFormat::Jsonl => ".jsonl",
            ExportFormat::Csv => ".csv",
            ExportFormat::Brat => ".brat.zip",
            ExportFormat::LabelStudio => ".labelstudio.json",
        }
    }

    /// File name endings read as this format, besides [`Self::extension`]
    /// (checked longest first; plain `.json` is told apart by content).
    pub fn other_extensions(self) -> &'static [&'static str] {
        match self {
            ExportFormat::W3c => &[".jsonld"],
            ExportFormat::Jsonl => &[".ndjson"],
            ExportFormat::Brat => &[".ann", ".zip"],
            _ => &[],
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Glossa => "application/json",
            ExportFormat::W3c => "application/ld+json",
            ExportFormat::Jsonl => "application/x-ndjson",
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::Brat => "application/zip",
            ExportFormat::LabelStudio => "application/json",
        }
    }

    /// The session in this format, as one file named after the document.
    pub fn export(self, session: &Session, options: &Options<'_>) -> ExportFile {
        let slug = session.doc.slug();
        let bytes = match self {
            ExportFormat::Glossa => format::to_json(&format::export_by(
                session,
                options.now,
                options.app_version,
                options.annotator,
            ))
            .into_bytes(),
            ExportFormat::W3c => w3c::export_with(
                session,
                &w3c::Options {
                    now: options.now,
                    source: Some(options.source),
                    collection_id: None,
                    annotator: options.annotator,
                },
            )
            .into_bytes(),
            ExportFormat::Jsonl => {
                jsonl::export_by(session, options.per, options.annotator).into_bytes()
            }
            ExportFormat::Csv => csv::export_by(session, options.annotator).into_bytes(),
            // One archive: a browser lets a click start one download, and
            // brat needs both files side by side anyway.
            ExportFormat::Brat => {
                let (txt, ann) = brat::export(session);
                zip::store(&[
                    (&format!("{slug}.txt"), txt.as_bytes()),
                    (&format!("{slug}.ann"), ann.as_bytes()),
                    ("annotation.conf", brat::ANNOTATION_CONF.as_bytes()),
                ])
            }
            ExportFormat::LabelStudio => {
                labelstudio::export_by(session, options.annotator).into_bytes()
            }
        };
        ExportFile {
            name: format!("{slug}{}", self.extension()),
            mime: self.mime(),
            bytes,
        }
    }
}

impl ExportFormat {
    /// Reads a file of this format into `doc`: placed by offsets, quote or
    /// approximately, as [`crate::interop::read_at`] does; `now` stands in
    /// for dates the file does not give. brat is a `.brat.zip` (stored, as
    /// Glossa writes it, or deflated) of `.txt`/`.ann` pairs, or one `.ann` over `doc`'s
    /// text. Nothing is changed: the caller applies the result.
    pub fn import(
        self,
        doc: &Document,
        bytes: &[u8],
        now: Timestamp,
    ) -> Result<Imported, ImportError> {
        if bytes.len() > import::MAX_BYTES {
            return Err(ImportError::TooBig { bytes: bytes.len() });
        }
        if self == ExportFormat::Brat {
            if bytes.starts_with(ZIP_MAGIC) {
                let pairs = brat_pairs(bytes)?;
                let carried = pairs
                    .iter()
                    .map(|(_, txt, ann)| brat::carried(txt, ann, now))
                    .collect::<Result<Vec<_>, _>>()?;
                return import::place_carried(doc, brat::NAME, carried);
            }
            return brat::read(doc, &doc.text, text_of(self, bytes)?, now);
        }
        let text = text_of(self, bytes)?;
        match self {
            ExportFormat::Glossa | ExportFormat::W3c => crate::interop::read_at(doc, text, now),
            ExportFormat::Jsonl => jsonl::read(doc, text, now),
            ExportFormat::Csv => csv::read(doc, text, now),
            ExportFormat::LabelStudio => labelstudio::read(doc, text, now),
            ExportFormat::Brat => brat::read(doc, &doc.text, text, now),
        }
    }

    /// For a file of several documents' texts (doccano JSONL, Label
    /// Studio, a brat zip): each text as a document with its own
    /// annotations placed on it, the file read once; `None` for formats
    /// that do not carry their texts (as [`ExportFormat::texts`]).
    pub fn documents(
        self,
        bytes: &[u8],
        now: Timestamp,
    ) -> Result<Option<Vec<CarriedDocument>>, ImportError> {
        let Some(all) = self.carried_texts(bytes, now)? else {
            return Ok(None);
        };
        Ok(Some(
            all.into_iter()
                .map(|(name, carried)| {
                    let text = carried.text.clone();
                    let doc = crate::parse_article(&text);
                    let imported = import::place_carried(&doc, self.label(), vec![carried]);
                    CarriedDocument {
                        name,
                        text,
                        doc,
                        imported,
                    }
                })
                .collect(),
        ))
    }

    /// Each text the file carries with its annotations as read.
    fn carried_texts(
        self,
        bytes: &[u8],
        now: Timestamp,
    ) -> Result<Option<Vec<NamedCarried>>, ImportError> {
        if bytes.len() > import::MAX_BYTES {
            return Err(ImportError::TooBig { bytes: bytes.len() });
        }
        let unnamed =
            |all: Vec<import::Carried>| Some(all.into_iter().map(|c| (None, c)).collect());
        match self {
            ExportFormat::Glossa | ExportFormat::W3c | ExportFormat::Csv => Ok(None),
            ExportFormat::Jsonl => Ok(unnamed(jsonl::carried(text_of(self, bytes)?, now)?)),
            ExportFormat::LabelStudio => {
                Ok(unnamed(labelstudio::carried(text_of(self, bytes)?, now)?))
            }
            ExportFormat::Brat if bytes.starts_with(ZIP_MAGIC) => brat_pairs(bytes)?
                .into_iter()
                .map(|(stem, txt, ann)| Ok((Some(stem), brat::carried(&txt, &ann, now)?)))
                .collect::<Result<Vec<_>, ImportError>>()
                .map(Some),
            // A lone .ann: its text is elsewhere.
            ExportFormat::Brat => Ok(None),
        }
    }

    /// The documents' texts the file holds, for formats that carry them
    /// (doccano JSONL: one per line; brat: one per `.txt`; Label Studio:
    /// one per task), with their names where the file gives them; `None`
    /// for Glossa JSON, W3C and CSV, which name the text by fingerprint or
    /// not at all.
    pub fn texts(self, bytes: &[u8]) -> Result<Option<Vec<NamedText>>, ImportError> {
        Ok(self
            .carried_texts(bytes, Timestamp(0))?
            .map(|all| all.into_iter().map(|(name, c)| (name, c.text)).collect()))
    }

    /// The format of a file, from its name's ending, else from its first
    /// bytes: a zip is brat; JSON with `"format": "glossa"` Glossa, tasks
    /// with `data` Label Studio, annotations (`@context`, `target`,
    /// `items`) W3C, lines with `text` doccano JSONL; a header with `tag`
    /// and `exact` CSV; `T1<tab>` lines a brat `.ann`.
    pub fn guess(file_name: &str, bytes: &[u8]) -> Option<ExportFormat> {
        let name = file_name.trim().to_lowercase();
        let mut endings: Vec<(&str, ExportFormat)> = ExportFormat::ALL
            .into_iter()
            .flat_map(|f| {
                std::iter::once(f.extension())
                    .chain(f.other_extensions().iter().copied())
                    .map(move |e| (e, f))
            })
            .collect();
        crate::sort::sort_by_key(&mut endings, |(e, _)| std::cmp::Reverse(e.len()));
        if let Some((_, f)) = endings.iter().find(|(e, _)| name.ends_with(e)) {
            return Some(*f);
        }
        sniff(bytes)
    }
}

/// A text a file holds, with its name when the file gives one (brat: the
/// `.txt`'s name without the extension).
pub type NamedText = (Option<String>, String);

/// A text a file carries, with its name where the file gives one, and its
/// annotations as read.
type NamedCarried = (Option<String>, import::Carried);

/// One document of a file of many texts ([`ExportFormat::documents`]).
#[derive(Debug)]
pub struct CarriedDocument {
    /// Its name in the file (a brat `.txt`'s stem), if the file gives one.
    pub name: Option<String>,
    pub text: String,
    pub doc: Document,
    /// Its own annotations placed on it, or why they could not be.
    pub imported: Result<Imported, ImportError>,
}

/// The first bytes of a zip file.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

fn text_of(f: ExportFormat, bytes: &[u8]) -> Result<&str, ImportError> {
    std::str::from_utf8(bytes).map_err(|e| ImportError::Damaged {
        format: f.label(),
        why: format!("it is not UTF-8 text (byte {})", e.valid_up_to()),
    })
}

/// What a `.zip` is unpacked to at most: per entry, in all, entries.
pub const ZIP_LIMITS: zip::Limits = zip::Limits {
    entry: crate::open::MAX_BYTES,
    total: 200 * 1024 * 1024,
    entries: 5_000,
};

/// `(stem, txt, ann)` of every `.ann` in a zip (stored, as Glossa writes
/// it, or deflated, as zip tools do) with the `.txt` of the same name;
/// macOS's `__MACOSX/` and `._` files are passed over.
fn brat_pairs(bytes: &[u8]) -> Result<Vec<(String, String, String)>, ImportError> {
    let damaged = |why: String| ImportError::Damaged {
        format: brat::NAME,
        why,
    };
    let mut entries = zip::read(bytes, ZIP_LIMITS).map_err(|e| {
        damaged(format!(
            "{e} (unzip it and give the .txt and .ann files instead)"
        ))
    })?;
    entries.retain(|(name, _)| {
        let base = name.rsplit('/').next().unwrap_or(name);
        !name.starts_with("__MACOSX/") && !base.starts_with("._")
    });
    let utf8 = |name: &str, b: &[u8]| {
        String::from_utf8(b.to_vec()).map_err(|_| damaged(format!("{name} is not UTF-8 text")))
    };
    let mut pairs = Vec::new();
    for (name, ann) in &entries {
        let Some(stem) = name.strip_suffix(".ann") else {
            continue;
        };
        let txt_name = format!("{stem}.txt");
        let Some((_, txt)) = entries.iter().find(|(n, _)| *n == txt_name) else {
            return Err(damaged(format!("{name} has no {txt_name} beside it")));
        };
        let stem = stem.rsplit('/').next().unwrap_or(stem).to_string();
        pairs.push((stem, utf8(&txt_name, txt)?, utf8(name, ann)?));
    }
    if pairs.is_empty() {
        return Err(damaged("the zip holds no .ann file".into()));
    }
    Ok(pairs)
}

/// The format of a file by its content alone.
fn sniff(bytes: &[u8]) -> Option<ExportFormat> {
    if bytes.starts_with(ZIP_MAGIC) {
        return Some(ExportFormat::Brat);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    let first_line = text.lines().next().unwrap_or_default();
    if text.starts_with(['{', '[']) {
        let whole: Option<serde_json::Value> = serde_json::from_str(text).ok();
        let v = match whole {
            Some(v) => v,
            None => {
                let line: serde_json::Value = serde_json::from_str(first_line).ok()?;
                return line.get("text").map(|_| ExportFormat::Jsonl);
            }
        };
        let (first, list) = match &v {
            serde_json::Value::Array(a) => (a.first()?, true),
            v => (v, false),
        };
        let has = |k: &str| first.get(k).is_some();
        return if first.get("format").and_then(|f| f.as_str()) == Some(format::FORMAT) {
            Some(ExportFormat::Glossa)
        } else if has("data") || (list && has("text")) {
            // Tasks, or rows of Label Studio's JSON-MIN (a JSON list; doccano
            // is one object per line).
            Some(ExportFormat::LabelStudio)
        } else if has("@context") || has("target") || has("items") || has("first") {
            Some(ExportFormat::W3c)
        } else if has("text") {
            Some(ExportFormat::Jsonl)
        } else {
            None
        };
    }
    let header: Vec<&str> = first_line.split(',').map(str::trim).collect();
    if header.contains(&"tag") && header.contains(&"exact") {
        return Some(ExportFormat::Csv);
    }
    let mut cols = first_line.splitn(3, '\t');
    let id = cols.next().unwrap_or_default();
    let looks_brat = id.len() > 1
        && id.starts_with(['T', 'R', 'A', 'E', '#'])
        && id[1..].bytes().all(|b| b.is_ascii_digit())
        && cols.next().is_some();
    looks_brat.then_some(ExportFormat::Brat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_article, Action, Env, SentenceId, Tag};
    use std::rc::Rc;

    fn session() -> Session {
        let doc = Rc::new(parse_article(
            "A title here\n\nThe minister said the plan works. Critics denied it.",
        ));
        let mut s = Session::new(doc);
        let mut n = 0u8;
        let mut new_id = || {
            n += 1;
            crate::AnnotationId::from_random_bytes([n; 16])
        };
        let mut env = Env {
            now: Timestamp(0),
            new_id: &mut new_id,
        };
        for (i, tag) in [(0, Tag::Claim), (1, Tag::Denial)] {
            s.apply(
                Action::Select {
                    sentence: SentenceId(i),
                    extend: false,
                },
                &mut env,
            );
            s.apply(Action::Toggle(tag), &mut env);
        }
        s
    }

    #[test]
    fn every_format_names_its_file_and_round_trips_its_id() {
        let s = session();
        let options = Options::new(Timestamp(0), "0.1.0");
        for f in ExportFormat::ALL {
            let file = f.export(&s, &options);
            assert_eq!(file.name, format!("a-title-here{}", f.extension()));
            assert!(f.hint().starts_with(f.extension()), "{f:?}");
            assert_eq!(file.mime, f.mime());
            assert!(!file.bytes.is_empty());
            assert_eq!(ExportFormat::from_id(f.id()), Some(f));
            assert_eq!(ExportFormat::from_id(&f.id().to_uppercase()), Some(f));
        }
        assert_eq!(ExportFormat::from_id("doccano"), Some(ExportFormat::Jsonl));
        assert_eq!(ExportFormat::from_id("pdf"), None);
    }

    #[test]
    fn glossa_json_reads_back_and_brat_is_one_zip_of_three_files() {
        let s = session();
        let options = Options::new(Timestamp(0), "0.1.0");
        let json = ExportFormat::Glossa.export(&s, &options).bytes;
        let json = String::from_utf8(json).expect("utf-8");
        let back = format::read_session(s.doc.clone(), &json).expect("reads back");
        assert_eq!(back.count(Tag::Claim), 1);
        assert_eq!(back.count(Tag::Denial), 1);

        let zip = ExportFormat::Brat.export(&s, &options).bytes;
        let entries = zip::read_stored(&zip).expect("a stored zip");
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["a-title-here.txt", "a-title-here.ann", "annotation.conf"]
        );
        let (txt, ann) = brat::export(&s);
        assert_eq!(entries[0].1, txt.into_bytes());
        assert_eq!(entries[1].1, ann.into_bytes());
    }

    /// Every format's bytes, with `annotator` as given.
    fn all_by(s: &Session, annotator: Option<&str>) -> Vec<(ExportFormat, String)> {
        let mut options = Options::new(Timestamp(0), "0.1.0");
        options.annotator = annotator;
        ExportFormat::ALL
            .into_iter()
            .filter(|f| *f != ExportFormat::Brat)
            .map(|f| {
                let bytes = f.export(s, &options).bytes;
                (f, String::from_utf8(bytes).expect("utf-8"))
            })
            .collect()
    }

    #[test]
    fn every_format_but_brat_names_the_annotator_where_its_docs_say() {
        let s = session();
        for (f, text) in all_by(&s, Some("Ana Lima")) {
            match f {
                ExportFormat::Glossa => {
                    let file = format::parse(&text).expect("reads");
                    assert_eq!(file.annotator.as_deref(), Some("Ana Lima"));
                    assert_eq!(format::to_json(&file), text, "read back, written again");
                    let back = format::read_session(s.doc.clone(), &text).expect("session");
                    assert_eq!(back.len(), 2);
                }
                ExportFormat::W3c => {
                    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
                    let items = v["first"]["items"].as_array().expect("items");
                    assert_eq!(items.len(), 2);
                    for item in items {
                        assert_eq!(
                            item["creator"],
                            serde_json::json!({"type": "Person", "name": "Ana Lima"})
                        );
                    }
                    assert!(v.get("creator").is_none(), "on the annotations only");
                }
                ExportFormat::Csv => {
                    let rows: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
                    assert_eq!(rows.len(), 3);
                    assert!(rows[0].ends_with(",updated_at,annotator"), "{}", rows[0]);
                    for row in &rows {
                        assert_eq!(row.split(',').count(), csv::HEADER.len(), "{row}");
                    }
                    assert!(rows[1..].iter().all(|r| r.ends_with("Z,Ana Lima")));
                }
                ExportFormat::Jsonl => {
                    for line in text.lines() {
                        let v: serde_json::Value = serde_json::from_str(line).expect("json");
                        assert_eq!(v["annotator"], "Ana Lima");
                    }
                }
                ExportFormat::LabelStudio => {
                    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
                    assert_eq!(v[0]["data"]["annotator"], "Ana Lima");
                }
                ExportFormat::Brat => unreachable!(),
            }
        }
        // brat has no place for it: the same archive either way.
        let mut named = Options::new(Timestamp(0), "0.1.0");
        named.annotator = Some("Ana Lima");
        let brat = ExportFormat::Brat;
        assert_eq!(
            brat.export(&s, &named).bytes,
            brat.export(&s, &Options::new(Timestamp(0), "0.1.0")).bytes
        );
    }

    #[test]
    fn without_an_annotator_no_format_has_a_trace_of_one() {
        let s = session();
        let none = all_by(&s, None);
        for (f, text) in &none {
            match f {
                ExportFormat::Csv => {
                    assert!(
                        text.contains(",annotator\r\n"),
                        "the column is always there"
                    );
                    let rows: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
                    for row in &rows[1..] {
                        assert_eq!(row.split(',').count(), csv::HEADER.len(), "{row}");
                        assert!(row.ends_with("Z,"), "an empty last column: {row}");
                    }
                }
                _ => {
                    assert!(!text.contains("annotator"), "{f:?}: {text}");
                    assert!(!text.contains("creator"), "{f:?}: {text}");
                }
            }
        }
        // A blank name is no name.
        assert_eq!(all_by(&s, Some(" \t ")), none);
        assert_eq!(all_by(&s, Some("")), none);
        // A name is trimmed, and CSV quotes and defuses it like any field.
        let csv_of = |name| {
            let mut o = Options::new(Timestamp(0), "0.1.0");
            o.annotator = Some(name);
            String::from_utf8(ExportFormat::Csv.export(&s, &o).bytes).expect("utf-8")
        };
        assert!(csv_of("  Ana  ").contains("Z,Ana\r\n"));
        assert!(csv_of("Lima, Ana").contains("Z,\"Lima, Ana\"\r\n"));
        assert!(csv_of("=cmd").contains("Z,'=cmd\r\n"));
    }
}
