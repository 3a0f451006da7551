//! `glossa-cli`: Glossa's core on the command line.
//!
//! Each subcommand is one entry in [`COMMANDS`] (name, usage line, summary,
//! function); adding one (`suggest`, `convert`, …) means writing its function
//! and adding a row. Arguments are parsed by hand: there are few of them.
//!
//! Exit codes: 0 success, 1 a runtime error (unreadable file, not UTF-8,
//! write failure), 2 a usage error (unknown command, missing argument).

mod annotate;
mod convert;
mod suggest;

use glossa_core::{parse_article, segment, Document};
use serde_json::{json, Value};
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

/// The seed article, used by `generate` when no seed file is given.
const DEFAULT_SEED: &str = include_str!("../../../assets/voa-counterespionage.txt");

/// What went wrong, and which exit code it gets.
#[derive(Debug)]
enum CliError {
    /// Bad command line: exit code 2, with a hint to run `--help`.
    Usage(String),
    /// Anything else: exit code 1.
    Runtime(String),
}

impl CliError {
    fn code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Runtime(_) => 1,
        }
    }
}

type CmdResult = Result<(), CliError>;

struct Command {
    name: &'static str,
    usage: &'static str,
    summary: &'static str,
    run: fn(&[String]) -> CmdResult,
}

const COMMANDS: &[Command] = &[
    Command {
        name: "split",
        usage: "split [--time] FILE",
        summary: "Split an article into paragraphs and sentences; print JSON.\n\
                  \x20     Offsets are Unicode code points into the canonical text.\n\
                  \x20     --time  also print the segmentation time to stderr.",
        run: cmd_split,
    },
    Command {
        name: "generate",
        usage: "generate --bytes N [--annotations K --out-json FILE] [SEED_FILE]",
        summary: "Print a deterministic article of about N bytes, grown from\n\
                  \x20     SEED_FILE (default: the built-in VOA article).\n\
                  \x20     --annotations K --out-json FILE  also write a Glossa JSON file with\n\
                  \x20     K whole-sentence annotations (mixed tags, spread evenly) on it.",
        run: cmd_generate,
    },
    Command {
        name: "suggest",
        usage: "suggest FILE",
        summary: "Like split, plus \"suggestion\": {\"tag\", \"reason\", \"speaker\"} on each\n\
                  \x20     sentence the suggester tags (claim, denial or quote).",
        run: suggest::cmd_suggest,
    },
    Command {
        name: "convert",
        usage: "convert FILE.glossa.json --to w3c|jsonl|csv|brat [--text ARTICLE.txt] [--out PATH]",
        summary: "Write Glossa annotations as W3C Web Annotation, doccano JSONL, CSV or\n\
                  \x20     brat standoff (brat needs --out PATH: writes PATH.txt and PATH.ann).\n\
                  \x20     --text  the article (default: the built-in one, if it matches)\n\
                  \x20     --per document|paragraph  JSONL lines (default: document)\n\
                  \x20     --source IRI  W3C target source (default: urn:sha256:<text sha>)",
        run: convert::cmd_convert,
    },
];

fn help() -> String {
    let mut s = String::from(
        "glossa-cli: split news articles into sentences with Glossa's core.\n\n\
         Usage: glossa-cli <COMMAND> [ARGS]\n\nCommands:\n",
    );
    for c in COMMANDS {
        s.push_str(&format!("  {}\n      {}\n", c.usage, c.summary));
    }
    s.push_str(
        "  help\n      Show this message (also --help, -h).\n\n\
         Output of split:\n  {\"title\", \"categories\", \"source\", \"paragraphs\": \
         [[{\"text\", \"start\", \"end\"}, …], …]}\n\n\
         Exit codes: 0 ok, 1 error (file missing, not UTF-8), 2 bad usage.\n",
    );
    s
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match &e {
                CliError::Usage(m) => {
                    eprintln!("glossa-cli: {m}\nRun `glossa-cli --help` for usage.")
                }
                CliError::Runtime(m) => eprintln!("glossa-cli: {m}"),
            }
            ExitCode::from(e.code())
        }
    }
}

fn run(args: &[String]) -> CmdResult {
    let Some(name) = args.first() else {
        return Err(CliError::Usage("no command given".into()));
    };
    if matches!(name.as_str(), "help" | "--help" | "-h") {
        return write_stdout(help().as_bytes());
    }
    match COMMANDS.iter().find(|c| c.name == name) {
        Some(c) => (c.run)(&args[1..]),
        None => Err(CliError::Usage(format!("unknown command `{name}`"))),
    }
}

fn write_stdout(bytes: &[u8]) -> CmdResult {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .or_else(|e| {
            // A closed pipe (`| head`) is not an error worth reporting.
            if e.kind() == io::ErrorKind::BrokenPipe {
                Ok(())
            } else {
                Err(CliError::Runtime(format!("cannot write output: {e}")))
            }
        })
}

/// Reads a UTF-8 text file, with clear messages for the usual failures.
fn read_text(path: &str) -> Result<String, CliError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => CliError::Runtime(format!("{path}: no such file")),
        _ => CliError::Runtime(format!("{path}: cannot read: {e}")),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::Runtime(format!(
            "{path}: not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn is_help(args: &[String]) -> bool {
    args.iter().any(|a| a == "--help" || a == "-h")
}

fn cmd_split(args: &[String]) -> CmdResult {
    if is_help(args) {
        return write_stdout(help().as_bytes());
    }
    let mut time = false;
    let mut file = None;
    for a in args {
        match a.as_str() {
            "--time" => time = true,
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(CliError::Usage(format!("split: unknown option `{s}`")))
            }
            s if file.is_none() => file = Some(s),
            s => return Err(CliError::Usage(format!("split: unexpected argument `{s}`"))),
        }
    }
    let Some(file) = file else {
        return Err(CliError::Usage("split: missing FILE".into()));
    };
    let raw = read_text(file)?;
    let t0 = Instant::now();
    let doc = parse_article(&raw);
    let parse_time = t0.elapsed();
    if time {
        report_time(&doc, parse_time);
    }
    let mut out = serde_json::to_vec(&document_json(&doc))
        .map_err(|e| CliError::Runtime(format!("cannot encode JSON: {e}")))?;
    out.push(b'\n');
    write_stdout(&out)
}

/// The JSON `split` prints.
fn document_json(doc: &Document) -> Value {
    let paragraphs: Vec<Value> = doc
        .paragraphs
        .iter()
        .map(|p| {
            Value::Array(
                doc.sentences[p.sentences.clone()]
                    .iter()
                    .map(|s| json!({"text": s.text(doc), "start": s.start, "end": s.end}))
                    .collect(),
            )
        })
        .collect();
    json!({
        "title": doc.title,
        "categories": doc.categories,
        "source": doc.source,
        "paragraphs": paragraphs,
    })
}

/// Prints to stderr how long segmentation takes: `segment::split` over the
/// paragraph texts (what a sentence splitter does), repeated to get a stable
/// figure, and the whole `parse_article` (layout, segmentation, offsets,
/// SHA-256) measured once.
fn report_time(doc: &Document, parse_time: std::time::Duration) {
    let paragraphs: Vec<&str> = doc
        .paragraphs
        .iter()
        .filter_map(|p| doc.slice(p.start, p.end))
        .collect();
    let bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
    let mut sentences = 0;
    let mut runs = 0u32;
    let t0 = Instant::now();
    // At least 3 runs and at least 0.5 s, at most 1,000 runs.
    while runs < 3 || (t0.elapsed().as_secs_f64() < 0.5 && runs < 1_000) {
        sentences = paragraphs
            .iter()
            .map(|p| segment::split(std::hint::black_box(p)).len())
            .sum::<usize>();
        runs += 1;
    }
    let secs = t0.elapsed().as_secs_f64() / f64::from(runs);
    let mbps = |s: f64| {
        if s > 0.0 {
            bytes as f64 / s / 1e6
        } else {
            f64::INFINITY
        }
    };
    eprintln!(
        "glossa-cli time: paragraphs={} paragraph_bytes={bytes} sentences={sentences} \
         segment_seconds={secs:.6} segment_mb_per_s={:.1} parse_article_seconds={:.6} \
         parse_article_mb_per_s={:.1}",
        paragraphs.len(),
        mbps(secs),
        parse_time.as_secs_f64(),
        mbps(parse_time.as_secs_f64()),
    );
}

fn cmd_generate(args: &[String]) -> CmdResult {
    if is_help(args) {
        return write_stdout(help().as_bytes());
    }
    let mut bytes = None;
    let mut seed_file = None;
    let mut annotations = None;
    let mut out_json = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--bytes" => {
                let v = it
                    .next()
                    .ok_or_else(|| CliError::Usage("generate: --bytes needs a number".into()))?;
                bytes = Some(parse_size(v)?);
            }
            "--annotations" => {
                let v = it.next().ok_or_else(|| {
                    CliError::Usage("generate: --annotations needs a number".into())
                })?;
                annotations = Some(parse_size(v)?);
            }
            "--out-json" => {
                let v = it
                    .next()
                    .ok_or_else(|| CliError::Usage("generate: --out-json needs a path".into()))?;
                out_json = Some(v.as_str());
            }
            s if s.starts_with("--bytes=") => bytes = Some(parse_size(&s["--bytes=".len()..])?),
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(CliError::Usage(format!("generate: unknown option `{s}`")))
            }
            s if seed_file.is_none() => seed_file = Some(s),
            s => {
                return Err(CliError::Usage(format!(
                    "generate: unexpected argument `{s}`"
                )))
            }
        }
    }
    let Some(bytes) = bytes else {
        return Err(CliError::Usage("generate: missing --bytes N".into()));
    };
    let seed = match seed_file {
        Some(f) => read_text(f)?,
        None => DEFAULT_SEED.to_string(),
    };
    let article = glossa_core::generate::long_article(&seed, bytes);
    match (annotations, out_json) {
        (None, None) => {}
        (Some(n), Some(path)) => {
            let doc = std::rc::Rc::new(parse_article(&article));
            let json = annotate::annotations_json(doc, n)
                .map_err(|e| CliError::Usage(format!("generate: {e}")))?;
            std::fs::write(path, json)
                .map_err(|e| CliError::Runtime(format!("{path}: cannot write: {e}")))?;
        }
        _ => {
            return Err(CliError::Usage(
                "generate: --annotations and --out-json go together".into(),
            ))
        }
    }
    write_stdout(article.as_bytes())
}

/// `2000000`, `2_000_000`, `200k`, `2M` (k = 1,000, M = 1,000,000).
fn parse_size(s: &str) -> Result<usize, CliError> {
    let bad = || CliError::Usage(format!("generate: `{s}` is not a size in bytes"));
    let t: String = s.chars().filter(|&c| c != '_').collect();
    let (digits, mult) = match t.strip_suffix(['k', 'K']) {
        Some(d) => (d, 1_000),
        None => match t.strip_suffix('M') {
            Some(d) => (d, 1_000_000),
            None => (t.as_str(), 1),
        },
    };
    let n: usize = digits.parse().map_err(|_| bad())?;
    n.checked_mul(mult).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2000000").ok(), Some(2_000_000));
        assert_eq!(parse_size("2_000_000").ok(), Some(2_000_000));
        assert_eq!(parse_size("200k").ok(), Some(200_000));
        assert_eq!(parse_size("2M").ok(), Some(2_000_000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("").is_err());
    }

    #[test]
    fn help_lists_every_command() {
        let h = help();
        for c in COMMANDS {
            assert!(h.contains(c.usage));
        }
    }

    #[test]
    fn unknown_command_is_a_usage_error() {
        let e = run(&["frobnicate".to_string()]);
        assert!(matches!(e, Err(CliError::Usage(_))));
        assert!(matches!(run(&[]), Err(CliError::Usage(_))));
    }
}
