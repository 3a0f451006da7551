//! `glossa-cli convert FILE.glossa.json --to glossa|w3c|jsonl|csv|brat
//! [--text ARTICLE.txt] [--out PATH] [--per document|paragraph]
//! [--annotator NAME]`: a Glossa JSON file in another format, through the
//! same list of formats the web app's Export menu uses
//! ([`glossa_core::export`]), so both write the same bytes.
//!
//! A Glossa file holds the annotations and the text's fingerprint, not the
//! text: the article comes from `--text`, or is the built-in VOA article when
//! the fingerprint is its. Text formats go to stdout, or to `--out`; `brat`
//! is one `.brat.zip` (the `.txt`, the `.ann` and `annotation.conf`) and
//! needs `--out`.
//!
//! Who annotated is the input file's `annotator` field, or `--annotator`,
//! which overrides it (`--annotator ""` names nobody); every format but
//! brat carries it.

use super::{read_text, write_stdout, CliError, CmdResult, DEFAULT_SEED};
use clap::builder::TypedValueParser;
use glossa_core::export::{ExportFormat, Options};
use glossa_core::format;
use glossa_core::interop::jsonl;
use glossa_core::{parse_article, Document, Session, Timestamp};
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

/// `convert`'s arguments.
#[derive(clap::Args, Debug)]
pub(crate) struct ConvertArgs {
    /// The Glossa JSON file to convert.
    #[arg(value_name = "FILE.glossa.json")]
    file: String,
    /// The format to write.
    #[arg(long, value_name = "FORMAT", value_parser = format_parser())]
    to: ExportFormat,
    /// The article the annotations are on (default: the built-in one, if it matches).
    #[arg(long, value_name = "ARTICLE.txt")]
    text: Option<String>,
    /// Where to write (default: standard output; brat, a zip, needs a path; `-` is standard output).
    #[arg(long, short = 'o', value_name = "PATH")]
    out: Option<String>,
    /// JSONL: one line per `document` or per `paragraph`.
    #[arg(long, value_name = "document|paragraph", default_value = "document", value_parser = per_parser)]
    per: jsonl::Per,
    /// W3C: the target's source IRI (default: urn:sha256:<text sha>).
    #[arg(long, value_name = "IRI")]
    source: Option<String>,
    /// Who annotated (default: the file's `annotator` field; "" names nobody).
    /// Written as Glossa JSON's `annotator`, each W3C annotation's `creator`,
    /// the CSV `annotator` column and each JSONL line's `annotator`; brat has no place for it.
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

pub(crate) fn cmd_convert(args: ConvertArgs) -> CmdResult {
    let ConvertArgs {
        file,
        to,
        text,
        out,
        per,
        source,
        annotator,
    } = args;
    let usage = |m: String| CliError::Usage(format!("convert: {m}"));
    if to == ExportFormat::Brat && out.is_none() {
        return Err(usage(
            "brat is one .brat.zip archive (the .txt, the .ann and annotation.conf): give --out PATH"
                .into(),
        ));
    }
    let json = read_text(&file)?;
    let (session, file_annotator) = session_for(&file, &json, text.as_deref())?;
    let now = Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
    );
    let mut options = Options::new(now, env!("CARGO_PKG_VERSION"));
    options.per = per;
    options.source = source.as_deref().unwrap_or("");
    options.annotator = annotator.as_deref().or(file_annotator.as_deref());
    let exported = to.export(&session, &options);
    match out {
        Some(path) if path != "-" => write_file(&path, &exported.bytes),
        _ => write_stdout(&exported.bytes),
    }
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
