//! `glossa-cli convert FILE.glossa.json --to w3c|jsonl|csv|brat [--text
//! ARTICLE.txt] [--out PATH] [--per document|paragraph]`: a Glossa JSON file
//! in another format, with the same exporters the web app uses
//! ([`glossa_core::interop`]).
//!
//! A Glossa file holds the annotations and the text's fingerprint, not the
//! text: the article comes from `--text`, or is the built-in VOA article when
//! the fingerprint is its. `w3c`, `jsonl` and `csv` go to stdout, or to
//! `--out`; `brat` writes `<out>.txt` and `<out>.ann` and needs `--out`.

use super::{help, is_help, read_text, write_stdout, CliError, CmdResult, DEFAULT_SEED};
use glossa_core::format;
use glossa_core::interop::{brat, csv, jsonl, w3c};
use glossa_core::{parse_article, Document, Session, Timestamp};
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone, Copy, PartialEq, Eq)]
enum To {
    W3c,
    Jsonl,
    Csv,
    Brat,
}

pub(crate) fn cmd_convert(args: &[String]) -> CmdResult {
    if is_help(args) {
        return write_stdout(help().as_bytes());
    }
    let usage = |m: String| CliError::Usage(format!("convert: {m}"));
    let mut file = None;
    let mut to = None;
    let mut text = None;
    let mut out = None;
    let mut per = jsonl::Per::Document;
    let mut source = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, CliError> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| usage(format!("{name} needs a value"))),
            }
        };
        match flag {
            "--to" => {
                let v = value("--to")?;
                to = Some(match v.to_ascii_lowercase().as_str() {
                    "w3c" => To::W3c,
                    "jsonl" | "doccano" => To::Jsonl,
                    "csv" => To::Csv,
                    "brat" => To::Brat,
                    _ => {
                        return Err(usage(format!(
                            "unknown format `{v}` (use w3c, jsonl, csv or brat)"
                        )))
                    }
                });
            }
            "--text" => text = Some(value("--text")?),
            "--out" | "-o" => out = Some(value("--out")?),
            "--source" => source = Some(value("--source")?),
            "--per" => {
                let v = value("--per")?;
                per = jsonl::Per::parse(&v).ok_or_else(|| {
                    usage(format!("--per takes `document` or `paragraph`, not `{v}`"))
                })?;
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(usage(format!("unknown option `{s}`")))
            }
            s if file.is_none() => file = Some(s.to_string()),
            s => return Err(usage(format!("unexpected argument `{s}`"))),
        }
    }
    let Some(file) = file else {
        return Err(usage("missing FILE.glossa.json".into()));
    };
    let Some(to) = to else {
        return Err(usage("missing --to w3c|jsonl|csv|brat".into()));
    };
    if to == To::Brat && out.is_none() {
        return Err(usage(
            "brat writes two files: give --out PATH (writes PATH.txt and PATH.ann)".into(),
        ));
    }
    let json = read_text(&file)?;
    let session = session_for(&file, &json, text.as_deref())?;
    let now = Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
    );
    let body = match to {
        To::W3c => w3c::export(&session, now, source.as_deref().unwrap_or("")),
        To::Jsonl => jsonl::export(&session, per),
        To::Csv => csv::export(&session),
        To::Brat => {
            let (txt, ann) = brat::export(&session);
            let base = out.unwrap_or_default();
            let base = base
                .strip_suffix(".ann")
                .or_else(|| base.strip_suffix(".txt"))
                .unwrap_or(&base);
            write_file(&format!("{base}.txt"), &txt)?;
            write_file(&format!("{base}.ann"), &ann)?;
            return Ok(());
        }
    };
    match out {
        Some(path) if path != "-" => write_file(&path, &body),
        _ => write_stdout(body.as_bytes()),
    }
}

/// The annotations of `json` in a session over their article.
fn session_for(file: &str, json: &str, text: Option<&str>) -> Result<Session, CliError> {
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
    format::read_session(Rc::new(doc), json).map_err(|e| {
        let hint = match (&e, text) {
            (format::ReadError::OtherText { .. }, Some(path)) => {
                format!(" {path} is not the text they were made on.")
            }
            _ => String::new(),
        };
        CliError::Runtime(format!("{file}: {e}{hint}"))
    })
}

fn write_file(path: &str, body: &str) -> CmdResult {
    std::fs::write(path, body).map_err(|e| CliError::Runtime(format!("{path}: cannot write: {e}")))
}
