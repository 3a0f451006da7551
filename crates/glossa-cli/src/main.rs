//! `glossa-cli`: Glossa's core on the command line.
//!
//! Arguments are parsed by clap (derive): each subcommand is a variant of
//! [`Command`] with its own `--help`; adding one means a variant and its
//! function.
//!
//! Exit codes: 0 success, 1 a runtime error (unreadable file, not UTF-8,
//! write failure), 2 a usage error (unknown command, missing argument).

mod agree;
mod annotate;
mod convert;
mod project;
mod suggest;

use clap::{Parser, Subcommand};
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

/// Split, suggest and convert news-article annotations with Glossa's core.
///
/// Offsets are Unicode code points into the canonical text. Exit codes: 0
/// ok, 1 error (file missing, not UTF-8, cannot write), 2 bad usage.
#[derive(Parser, Debug)]
#[command(name = "glossa-cli", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Split an article into paragraphs and sentences; print JSON:
    /// {"title", "categories", "source", "paragraphs": [[{"text", "start", "end"}, …], …]}.
    Split {
        /// Also print the segmentation time to stderr.
        #[arg(long)]
        time: bool,
        /// The article (.txt, UTF-8).
        #[arg(value_name = "FILE")]
        file: String,
    },
    /// Print a deterministic article of about N bytes, grown from a seed
    /// article (default: the built-in VOA article).
    Generate {
        /// The size in bytes: 2000000, 2_000_000, 200k, 2M.
        #[arg(long, value_name = "N", value_parser = parse_size)]
        bytes: usize,
        /// Also write a Glossa JSON file with K whole-sentence annotations
        /// (mixed tags, spread evenly); needs --out-json.
        #[arg(long, value_name = "K", value_parser = parse_size, requires = "out_json")]
        annotations: Option<usize>,
        /// Where the annotations go; needs --annotations.
        #[arg(long, value_name = "FILE", requires = "annotations")]
        out_json: Option<String>,
        /// The seed article.
        #[arg(value_name = "SEED_FILE")]
        seed: Option<String>,
    },
    /// Like split, plus "suggestion": {"tag", "reason", "speaker"} on each
    /// sentence the suggester tags (claim, denial or quote). With --eval DIR,
    /// measure the suggester on annotated articles instead.
    Suggest {
        /// The article (.txt, UTF-8).
        #[arg(
            value_name = "FILE",
            required_unless_present = "eval",
            conflicts_with = "eval"
        )]
        file: Option<String>,
        /// Measure on every NAME.txt of DIR that has a NAME-gold.tsv: per
        /// article, the share of sentences whose suggested tag is acceptable,
        /// the primary-tag match and the speaker accuracy over quotes; then
        /// the learning curve (after a person annotates the first k articles).
        #[arg(long, value_name = "DIR")]
        eval: Option<String>,
    },
    /// Convert annotations between formats: reads any of Glossa JSON, W3C Web
    /// Annotation, doccano JSONL, CSV, brat standoff and Label Studio (a file
    /// or a folder) and writes any of them, the same files as the app's
    /// Export menu.
    Convert(convert::ConvertArgs),
    /// Set up and look after a team project on a CouchDB server (an admin's
    /// tool; credentials from GLOSSA_ADMIN_USER / GLOSSA_ADMIN_PASSWORD or a prompt).
    Project(project::ProjectArgs),
    /// Agreement among annotators' Glossa JSON files of one article: Cohen's
    /// and Fleiss' κ, Krippendorff's α, span F1, the disagreements.
    Agree(agree::AgreeArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli.command) {
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

fn run(command: Command) -> CmdResult {
    match command {
        Command::Split { time, file } => cmd_split(&file, time),
        Command::Generate {
            bytes,
            annotations,
            out_json,
            seed,
        } => cmd_generate(bytes, annotations.zip(out_json), seed.as_deref()),
        Command::Suggest { file, eval } => match (file, eval) {
            (_, Some(dir)) => suggest::cmd_suggest_eval(&dir),
            (Some(file), None) => suggest::cmd_suggest(&file),
            (None, None) => Err(CliError::Usage("suggest needs FILE or --eval DIR".into())),
        },
        Command::Convert(args) => convert::cmd_convert(args),
        Command::Project(args) => project::cmd_project(args),
        Command::Agree(args) => agree::cmd_agree(args),
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

fn cmd_split(file: &str, time: bool) -> CmdResult {
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

/// `annotations`: how many to write and where.
fn cmd_generate(
    bytes: usize,
    annotations: Option<(usize, String)>,
    seed_file: Option<&str>,
) -> CmdResult {
    let seed = match seed_file {
        Some(f) => read_text(f)?,
        None => DEFAULT_SEED.to_string(),
    };
    let article = glossa_core::generate::long_article(&seed, bytes);
    if let Some((n, path)) = annotations {
        let doc = std::rc::Rc::new(parse_article(&article));
        let json = annotate::annotations_json(doc, n)
            .map_err(|e| CliError::Usage(format!("generate: {e}")))?;
        std::fs::write(&path, json)
            .map_err(|e| CliError::Runtime(format!("{path}: cannot write: {e}")))?;
    }
    write_stdout(article.as_bytes())
}

/// `2000000`, `2_000_000`, `200k`, `2M` (k = 1,000, M = 1,000,000).
fn parse_size(s: &str) -> Result<usize, String> {
    let bad = || format!("`{s}` is not a size in bytes");
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
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
