//! `glossa-cli agree FILE… [--text ARTICLE.txt] [--json | --csv]`:
//! agreement among annotators' Glossa JSON files of one article, computed
//! by the core ([`glossa_core::agreement`]): a table for people, the JSON
//! report (`--json`) or the figures as CSV rows (`--csv`), both described
//! in docs/agreement.md.
//!
//! The annotator of a file is its `annotator` field, else the file's name
//! without `.glossa.json`. Exit codes as elsewhere: 2 for a command line
//! that cannot work (fewer than two files, `--json` with `--csv`), 1 for
//! files that cannot be read or compared (unreadable, invalid, of
//! different articles, two by the same annotator, not on the text given).

use super::{read_text, write_stdout, CliError, CmdResult, DEFAULT_SEED};
use glossa_core::agreement::{
    self, DocumentWork, Figure, Figures, Label, Report, Undefined, Work, WorkError,
};
use glossa_core::{format, parse_article, Document, Tag};
use std::fmt::Write as _;
use std::rc::Rc;

/// `agree`'s arguments.
#[derive(clap::Args, Debug)]
pub(crate) struct AgreeArgs {
    /// Glossa JSON files of one article, one per annotator (two or more).
    #[arg(required = true, value_name = "FILE.glossa.json")]
    files: Vec<String>,
    /// The article the files are on (default: the built-in one, if it matches).
    #[arg(long, value_name = "ARTICLE.txt")]
    text: Option<String>,
    /// Print the report as JSON (docs/agreement.md).
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print the figures as CSV rows (docs/agreement.md).
    #[arg(long)]
    csv: bool,
}

/// Disagreements the table lists; `--json` has them all.
const TABLE_DISAGREEMENTS: usize = 20;

/// The file's name without its folder and `.glossa.json` (or `.json`).
fn file_stem(path: &str) -> String {
    let base = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
    base.strip_suffix(".glossa.json")
        .or_else(|| base.strip_suffix(".json"))
        .filter(|s| !s.is_empty())
        .unwrap_or(&base)
        .to_string()
}

/// Who made a file: its `annotator`, else its file name.
fn annotator_of(path: &str, file: &format::File) -> String {
    file.annotator
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map_or_else(|| file_stem(path), str::to_string)
}

pub(crate) fn cmd_agree(args: AgreeArgs) -> CmdResult {
    if args.files.len() < 2 {
        return Err(CliError::Usage(format!(
            "agree: agreement needs the work of at least two annotators: give two or more \
             Glossa files, not only {}",
            args.files.join(", ")
        )));
    }
    let runtime = |m: String| CliError::Runtime(format!("agree: {m}"));
    let mut files = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let json = read_text(path)?;
        let file = format::parse(&json).map_err(|e| runtime(format!("{path}: {e}")))?;
        files.push((path.as_str(), file));
    }
    let first = &files[0].1.document;
    if files
        .iter()
        .any(|(_, f)| f.document.text_sha256 != first.text_sha256)
    {
        let mut m = String::from("these files are not all on the same article:");
        for (path, f) in &files {
            let _ = write!(m, "\n  {path}: “{}”", f.document.title);
        }
        m.push_str("\nagreement compares work on one article: give files of one article only");
        return Err(runtime(m));
    }
    let doc = Rc::new(match &args.text {
        Some(path) => parse_article(&read_text(path)?),
        None => {
            let doc = parse_article(DEFAULT_SEED);
            if doc.text_sha256 != first.text_sha256 {
                return Err(runtime(format!(
                    "these files are on “{}”, not the built-in article; a Glossa file holds the \
                     annotations, not the text: give the article with --text ARTICLE.txt",
                    first.title
                )));
            }
            doc
        }
    });
    let mut works: Vec<Work> = Vec::with_capacity(files.len());
    for (path, file) in &files {
        let name = annotator_of(path, file);
        if let Some(j) = works.iter().position(|w| w.annotator == name) {
            return Err(runtime(format!(
                "{} and {path} are both by “{name}” (from their \"annotator\" field, else their \
                 file name): agreement needs one file per annotator",
                files[j].0
            )));
        }
        let work = Work::from_file(doc.clone(), file, &name).map_err(|e| {
            let hint = match (&e, &args.text) {
                (WorkError::Read(format::ReadError::OtherText { .. }), Some(text)) => {
                    format!(" {text} is not the text they were made on.")
                }
                _ => String::new(),
            };
            runtime(format!("{path}: {e}{hint}"))
        })?;
        works.push(work);
    }
    let report = agreement::agreement(&[DocumentWork {
        title: doc.title.clone(),
        works,
    }])
    .map_err(|e| runtime(e.to_string()))?;
    let out = if args.json {
        let mut s = serde_json::to_string_pretty(&agreement::to_json(&report, &[&doc]))
            .map_err(|e| runtime(format!("cannot encode JSON: {e}")))?;
        s.push('\n');
        s
    } else if args.csv {
        agreement::to_csv(&report)
    } else {
        table(&report, &doc)
    };
    write_stdout(out.as_bytes())
}

/// A figure for the table: value and observed agreement, or why it has
/// none.
fn cell(f: &Figure) -> String {
    match (f.value, f.observed) {
        (Ok(v), Some(o)) => format!("{v:.3} ({o:.2})"),
        (Ok(v), None) => format!("{v:.3}"),
        (Err(Undefined::OneLabel), _) => "— (1.00)".to_string(),
        (Err(Undefined::NoItems), _) => "n/a".to_string(),
    }
}

fn f1(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"))
}

/// At most `n` characters of `s`, on one line.
fn clip(s: &str, n: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        one_line.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// The human-readable report.
fn table(r: &Report, doc: &Document) -> String {
    let names = r.names();
    let mut out = String::new();
    let sentences = r.documents.first().map_or(0, |d| d.sentences);
    let _ = writeln!(
        out,
        "Agreement on “{}”: {sentences} sentences, {} annotators",
        doc.title,
        names.len()
    );
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for a in &r.annotators {
        let missing = if a.missing > 0 {
            format!(" ({} not reached)", a.missing)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {} sentences labelled{missing}, {} spans",
            a.name, a.labelled, a.spans
        );
    }

    let pair = |i: usize, j: usize| format!("{}–{}", names[i], names[j]);
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let all: Vec<&Figures> = std::iter::once(&r.sentences.overall)
        .chain(Tag::ALL.iter().map(|t| r.sentences.tag(*t)))
        .collect();
    rows.push((
        "Fleiss' κ".into(),
        all.iter().map(|f| cell(&f.fleiss)).collect(),
    ));
    rows.push((
        "Krippendorff's α".into(),
        all.iter().map(|f| cell(&f.alpha)).collect(),
    ));
    for (p, ((i, j), _)) in r.sentences.overall.cohen.iter().enumerate() {
        rows.push((
            format!("Cohen's κ {}", pair(*i, *j)),
            all.iter().map(|f| cell(&f.cohen[p].1)).collect(),
        ));
    }
    let first = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(20);
    let header = |what: &str, first_column: &str| {
        format!(
            "\n{what}\n{:<first$}  {first_column:<15} {:<15} {:<15} quote\n",
            "", "claim", "denial"
        )
    };
    out.push_str(&header(
        "Sentences: value (observed agreement)",
        "all labels",
    ));
    for (label, cells) in &rows {
        let _ = write!(out, "{label:<first$} ");
        for c in cells {
            let _ = write!(out, " {c:<15}");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }

    out.push_str(&header("Spans: F1 exact / overlap", "all tags"));
    for p in &r.spans {
        let _ = write!(out, "{:<first$} ", pair(p.pair.0, p.pair.1));
        for s in std::iter::once(&p.overall).chain(Tag::ALL.iter().map(|t| p.tag(*t))) {
            let _ = write!(
                out,
                " {:<15}",
                format!("{} / {}", f1(s.exact.f1), f1(s.overlap.f1))
            );
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    out.push_str(
        "\n— : undefined, everyone used one label (chance agreement is total); \
         n/a: nothing to compare\n",
    );

    let _ = writeln!(
        out,
        "\nDisagreements: {} sentences, {} spans",
        r.sentence_disagreements.len(),
        r.span_disagreements.len()
    );
    for d in r.sentence_disagreements.iter().take(TABLE_DISAGREEMENTS) {
        let labels: Vec<String> = names
            .iter()
            .zip(&d.labels)
            .map(|(n, l)| format!("{n}: {}", l.map_or("not reached", Label::name)))
            .collect();
        let text = doc.sentence(d.sentence).map_or("", |s| s.text(doc));
        let _ = writeln!(
            out,
            "  {:<5} {}  “{}”",
            d.sentence.to_string(),
            labels.join(", "),
            clip(text, 50)
        );
    }
    for d in r.span_disagreements.iter().take(TABLE_DISAGREEMENTS) {
        let who = |list: &mut dyn Iterator<Item = usize>| -> String {
            list.map(|a| names[a]).collect::<Vec<_>>().join(", ")
        };
        let overlapping = who(&mut d.overlapping());
        let near = if overlapping.is_empty() {
            String::new()
        } else {
            format!(" ({overlapping} overlapping)")
        };
        let _ = writeln!(
            out,
            "  {:<5} {} [{}, {}) “{}”  has: {}; lacks: {}{near}",
            d.span.sentence.to_string(),
            d.span.tag.name(),
            d.span.start,
            d.span.end,
            clip(doc.slice(d.span.start, d.span.end).unwrap_or(""), 40),
            who(&mut d.has()),
            who(&mut d.lacks()),
        );
    }
    if r.sentence_disagreements.len() > TABLE_DISAGREEMENTS
        || r.span_disagreements.len() > TABLE_DISAGREEMENTS
    {
        let _ = writeln!(
            out,
            "  … the first {TABLE_DISAGREEMENTS} of each; --json lists them all"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_file_name_without_its_suffix() {
        assert_eq!(file_stem("work/voa.ana.glossa.json"), "voa.ana");
        assert_eq!(file_stem("ben.json"), "ben");
        assert_eq!(file_stem("cora"), "cora");
        assert_eq!(file_stem(".glossa.json"), ".glossa.json");
    }

    #[test]
    fn long_text_is_clipped_on_one_line() {
        assert_eq!(clip("a\n b", 10), "a b");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
