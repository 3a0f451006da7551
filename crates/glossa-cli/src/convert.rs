//! `glossa-cli convert INPUT [--from FORMAT] --to FORMAT [--text ARTICLE.txt]
//! [--out PATH|DIR] [--per document|paragraph] [--annotator NAME]`: files
//! of any format Glossa reads, in any format it writes, through the same
//! list of formats the web app uses ([`glossa_core::export`]), so both
//! write the same bytes.
//!
//! INPUT is a file or a folder. A folder's `.ann` files are read with the
//! `.txt` of the same name beside them (a brat collection); its other files
//! whose format is known (by `--from`, or guessed from the name and bytes)
//! are read one by one. `--from` is guessed when left out.
//!
//! Formats that carry their text (doccano JSONL, brat, Label Studio) give
//! one document per text (line, `.txt`, task). Glossa JSON, W3C and CSV
//! hold the annotations and not the text: the article comes from `--text`,
//! or is the built-in VOA article when it fits. Every document's
//! annotations are placed as the app's import places them (offsets, then
//! quote, then approximately); a summary per document goes to stderr.
//!
//! Output: one document goes to stdout, or to `--out FILE` (brat, a zip,
//! needs `--out`); several, or an `--out` that is a folder, go into that
//! folder, one file per document named after it.
//!
//! Who annotated is the Glossa file's `annotator` field, or `--annotator`,
//! which overrides it (`--annotator ""` names nobody); every format but
//! brat carries it.

use super::{read_text, write_stdout, CliError, CmdResult, DEFAULT_SEED};
use clap::builder::TypedValueParser;
use glossa_core::export::{ExportFormat, Options};
use glossa_core::format;
use glossa_core::interop::{brat, jsonl, ImportError, Imported};
use glossa_core::{parse_article, Document, Session, Timestamp};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

/// `convert`'s arguments.
#[derive(clap::Args, Debug)]
pub(crate) struct ConvertArgs {
    /// The file (any format Glossa reads) or folder to convert.
    #[arg(value_name = "FILE|FOLDER")]
    file: String,
    /// The input's format (default: guessed from the file's name and content).
    #[arg(long, value_name = "FORMAT", value_parser = format_parser())]
    from: Option<ExportFormat>,
    /// The format to write.
    #[arg(long, value_name = "FORMAT", value_parser = format_parser())]
    to: ExportFormat,
    /// The article the annotations are on, for Glossa JSON, W3C and CSV input
    /// (default: the built-in one, if it matches).
    #[arg(long, value_name = "ARTICLE.txt")]
    text: Option<String>,
    /// Where to write: a file, or a folder (needed for several documents);
    /// default standard output; brat, a zip, needs a path; `-` is standard output.
    #[arg(long, short = 'o', value_name = "PATH|DIR")]
    out: Option<String>,
    /// JSONL: one line per `document` or per `paragraph`.
    #[arg(long, value_name = "document|paragraph", default_value = "document", value_parser = per_parser)]
    per: jsonl::Per,
    /// W3C: the target's source IRI (default: urn:sha256:<text sha>).
    #[arg(long, value_name = "IRI")]
    source: Option<String>,
    /// Who annotated (default: the file's `annotator` field; "" names nobody).
    /// Written as Glossa JSON's `annotator`, each W3C annotation's `creator`,
    /// the CSV `annotator` column, each JSONL line's `annotator` and Label
    /// Studio's `data.annotator`; brat has no place for it.
    #[arg(long, value_name = "NAME")]
    annotator: Option<String>,
}

/// `--to` takes the core's format ids (and their aliases): the same list
/// as the app's Export menu.
fn format_parser() -> impl TypedValueParser<Value = ExportFormat> {
    let values = ExportFormat::ALL.map(|f| {
        clap::builder::PossibleValue::new(f.id())
            .aliases(f.aliases().iter().copied())
            .help(f.hint())
    });
    clap::builder::PossibleValuesParser::new(values)
        // Only the listed ids and aliases get here.
        .map(|id: String| ExportFormat::from_id(&id).unwrap_or(ExportFormat::Glossa))
}

fn per_parser(v: &str) -> Result<jsonl::Per, String> {
    jsonl::Per::parse(v).ok_or_else(|| format!("takes `document` or `paragraph`, not `{v}`"))
}

/// One document read from the input: its name for the output file (a brat
/// `.txt`'s stem, else the document's slug), its session, and who
/// annotated when the file says.
struct Converted {
    name: String,
    session: Session,
    annotator: Option<String>,
}

/// One thing to read: a file, or a brat `.txt`/`.ann` pair.
enum Input {
    File(PathBuf),
    Brat {
        stem: String,
        txt: PathBuf,
        ann: PathBuf,
    },
}

pub(crate) fn cmd_convert(args: ConvertArgs) -> CmdResult {
    let ConvertArgs {
        file,
        from,
        to,
        text,
        out,
        per,
        source,
        annotator,
    } = args;
    let usage = |m: String| CliError::Usage(format!("convert: {m}"));
    let to_stdout = out.as_deref().is_none_or(|o| o == "-");
    if to == ExportFormat::Brat && to_stdout {
        return Err(usage(
            "brat is one .brat.zip archive (the .txt, the .ann and annotation.conf): give --out PATH"
                .into(),
        ));
    }
    let now = Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
    );
    let article = match text.as_deref() {
        Some(path) => Some(parse_article(&read_text(path)?)),
        None => None,
    };
    let mut docs = Vec::new();
    for input in inputs(&file, from)? {
        docs.extend(read_input(
            &input,
            from,
            article.as_ref(),
            text.as_deref(),
            now,
        )?);
    }
    if docs.is_empty() {
        return Err(CliError::Runtime(format!(
            "{file}: no file Glossa can read (give --from FORMAT if the names do not say)"
        )));
    }
    let out_dir = match out.as_deref() {
        Some(o) if o != "-" && (Path::new(o).is_dir() || o.ends_with('/')) => Some(PathBuf::from(o)),
        Some(o) if o != "-" && docs.len() > 1 => {
            return Err(usage(format!(
                "{file} holds {} documents: give --out a folder (it is made if missing, end it with /), not the file {o}",
                docs.len()
            )))
        }
        _ if docs.len() > 1 => {
            return Err(usage(format!(
                "{file} holds {} documents: give --out FOLDER/",
                docs.len()
            )))
        }
        _ => None,
    };
    let mut names = std::collections::HashSet::new();
    for d in &docs {
        let mut options = Options::new(now, env!("CARGO_PKG_VERSION"));
        options.per = per;
        options.source = source.as_deref().unwrap_or("");
        options.annotator = annotator.as_deref().or(d.annotator.as_deref());
        let exported = to.export(&d.session, &options);
        match (&out_dir, out.as_deref()) {
            (Some(dir), _) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    CliError::Runtime(format!("{}: cannot make the folder: {e}", dir.display()))
                })?;
                let mut name = format!("{}{}", d.name, to.extension());
                let mut k = 1;
                while !names.insert(name.clone()) {
                    k += 1;
                    name = format!("{}-{k}{}", d.name, to.extension());
                }
                let path = dir.join(&name);
                write_file(&path.to_string_lossy(), &exported.bytes)?;
            }
            (None, Some(path)) if path != "-" => write_file(path, &exported.bytes)?,
            _ => write_stdout(&exported.bytes)?,
        }
    }
    Ok(())
}

/// The files to read: `path` itself, or a folder's brat pairs and the
/// files whose format is known.
fn inputs(path: &str, from: Option<ExportFormat>) -> Result<Vec<Input>, CliError> {
    let p = Path::new(path);
    if !p.is_dir() {
        return Ok(vec![Input::File(p.to_path_buf())]);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
        .map_err(|e| CliError::Runtime(format!("{path}: cannot read the folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    let mut out = Vec::new();
    let is = |p: &Path, ext: &str| p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
    for e in &entries {
        let stem = e
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if is(e, "ann") {
            let txt = e.with_extension("txt");
            if !txt.is_file() {
                return Err(CliError::Runtime(format!(
                    "{}: no {} beside it (brat needs both)",
                    e.display(),
                    txt.display()
                )));
            }
            out.push(Input::Brat {
                stem,
                txt,
                ann: e.clone(),
            });
            continue;
        }
        let name = e
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if is(e, "txt") || is(e, "conf") || name.starts_with('.') {
            continue;
        }
        let known = from.is_some()
            || std::fs::read(e)
                .ok()
                .and_then(|b| ExportFormat::guess(&name, &b))
                .is_some();
        if known {
            out.push(Input::File(e.clone()));
        }
    }
    Ok(out)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            CliError::Runtime(format!("{}: no such file", path.display()))
        }
        _ => CliError::Runtime(format!("{}: cannot read: {e}", path.display())),
    })
}

/// A session over `doc` with what `imported` placed and could not place;
/// the summary on stderr.
fn session_of(name: &str, doc: Document, imported: Imported) -> Result<Session, CliError> {
    eprintln!("{name}: {}", imported.summary());
    let placed = imported.placed.into_iter().map(|(a, _)| a).collect();
    let mut s = Session::with_annotations(Rc::new(doc), placed)
        .map_err(|e| CliError::Runtime(format!("{name}: {e}")))?;
    s.set_orphans(imported.orphans);
    Ok(s)
}

/// The documents one input gives.
fn read_input(
    input: &Input,
    from: Option<ExportFormat>,
    article: Option<&Document>,
    text_path: Option<&str>,
    now: Timestamp,
) -> Result<Vec<Converted>, CliError> {
    let fail = |name: &str, e: ImportError| CliError::Runtime(format!("{name}: {e}"));
    let path = match input {
        Input::Brat { stem, txt, ann } => {
            let name = ann.display().to_string();
            let txt = read_text(&txt.to_string_lossy())?;
            let ann = read_text(&ann.to_string_lossy())?;
            let doc = article.cloned().unwrap_or_else(|| parse_article(&txt));
            let imported = brat::read(&doc, &txt, &ann, now).map_err(|e| fail(&name, e))?;
            return Ok(vec![Converted {
                name: stem.clone(),
                session: session_of(&name, doc, imported)?,
                annotator: None,
            }]);
        }
        Input::File(path) => path,
    };
    let name = path.display().to_string();
    let bytes = read_bytes(path)?;
    let Some(format) = from.or_else(|| ExportFormat::guess(&name, &bytes)) else {
        return Err(CliError::Usage(format!(
            "convert: {name}: cannot tell its format from its name or content; give --from FORMAT"
        )));
    };
    if format == ExportFormat::Glossa {
        let json = String::from_utf8(bytes).map_err(|e| {
            CliError::Runtime(format!(
                "{name}: not valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let (session, annotator) = session_for(&name, &json, text_path)?;
        let name = session.doc.slug();
        return Ok(vec![Converted {
            name,
            session,
            annotator,
        }]);
    }
    // A file of many texts is read once; each text gets its own annotations.
    let texts = match article {
        Some(_) => None,
        None => format.documents(&bytes, now).map_err(|e| fail(&name, e))?,
    };
    let Some(texts) = texts else {
        // The text is not in the file: --text, or the built-in article.
        let given = article.is_some();
        let doc = article
            .cloned()
            .unwrap_or_else(|| parse_article(DEFAULT_SEED));
        let imported = format
            .import(&doc, &bytes, now)
            .map_err(|e| fail(&name, e))?;
        if !given && imported.placed.is_empty() {
            return Err(CliError::Runtime(format!(
                "{name}: none of its annotations fits the built-in article ({}). A {} file does \
                 not hold its article's text: give it with --text ARTICLE.txt.",
                imported.summary(),
                format.label()
            )));
        }
        let slug = doc.slug();
        return Ok(vec![Converted {
            name: slug,
            session: session_of(&name, doc, imported)?,
            annotator: None,
        }]);
    };
    let mut out = Vec::new();
    for (k, d) in texts.into_iter().enumerate() {
        let (stem, doc) = (d.name, d.doc);
        let label = format!("{name} #{}", k + 1);
        let imported = match d.imported {
            Ok(imp) => imp,
            // A text without a single Glossa annotation is still a document.
            Err(ImportError::Empty { .. }) => Imported::default(),
            Err(e) => return Err(fail(&label, e)),
        };
        let slug = stem.unwrap_or_else(|| doc.slug());
        out.push(Converted {
            name: slug,
            session: session_of(&label, doc, imported)?,
            annotator: None,
        });
    }
    Ok(out)
}

/// The annotations of `json` in a session over their article, and the
/// file's `annotator`.
fn session_for(
    file: &str,
    json: &str,
    text: Option<&str>,
) -> Result<(Session, Option<String>), CliError> {
    let parsed = format::parse(json).map_err(|e| CliError::Runtime(format!("{file}: {e}")))?;
    let doc: Document = match text {
        Some(path) => parse_article(&read_text(path)?),
        None => {
            let doc = parse_article(DEFAULT_SEED);
            if doc.text_sha256 != parsed.document.text_sha256 {
                return Err(CliError::Runtime(format!(
                    "{file}: a Glossa file holds the annotations, not the article, and these \
                     annotations are on \"{}\", not the built-in article. Give the article's \
                     text with --text ARTICLE.txt.",
                    parsed.document.title
                )));
            }
            doc
        }
    };
    let session = format::read_session(Rc::new(doc), json).map_err(|e| {
        let hint = match (&e, text) {
            (format::ReadError::OtherText { .. }, Some(path)) => {
                format!(" {path} is not the text they were made on.")
            }
            _ => String::new(),
        };
        CliError::Runtime(format!("{file}: {e}{hint}"))
    })?;
    Ok((session, parsed.annotator))
}

fn write_file(path: &str, body: &[u8]) -> CmdResult {
    std::fs::write(path, body).map_err(|e| CliError::Runtime(format!("{path}: cannot write: {e}")))
}
