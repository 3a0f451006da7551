//! `glossa-cli agree FILE…`: agreement among Glossa JSON files of one
//! article (the core's [`glossa_core::agreement`]), as a table, as JSON
//! (`--json`, documented in docs/agreement.md) or as CSV (`--csv`).

use super::{read_text, write_stdout, CliError, CmdResult, DEFAULT_SEED};
use glossa_core::agreement::{self, label_name, Coder, Figure, Prf, Report, SentenceFigures};
use glossa_core::{format, parse_article, Document, SentenceId};
use serde_json::{json, Value};
use std::rc::Rc;

#[derive(clap::Args, Debug)]
pub(crate) struct AgreeArgs {
    /// Glossa JSON files of the same article, one per annotator.
    #[arg(required = true, num_args = 2.., value_name = "FILE.glossa.json")]
    files: Vec<String>,
    /// The article (default: the built-in one, if it matches).
    #[arg(long, value_name = "ARTICLE.txt")]
    text: Option<String>,
    /// Print the report as JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print the figures as CSV.
    #[arg(long)]
    csv: bool,
}

/// The annotator's name: the file's `annotator`, else its name without
/// `.glossa.json`.
fn name_of(path: &str, file: &format::File) -> String {
    file.annotator.clone().unwrap_or_else(|| {
        let base = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_string());
        base.strip_suffix(".glossa.json")
            .or_else(|| base.strip_suffix(".json"))
            .unwrap_or(&base)
            .to_string()
    })
}

pub(crate) fn cmd_agree(args: AgreeArgs) -> CmdResult {
    let mut parsed = Vec::new();
    for path in &args.files {
        let json = read_text(path)?;
        let file = format::parse(&json).map_err(|e| CliError::Runtime(format!("{path}: {e}")))?;
        parsed.push((path.clone(), json, file));
    }
    let (first_path, _, first) = &parsed[0];
    for (path, _, file) in &parsed[1..] {
        if file.document.text_sha256 != first.document.text_sha256 {
            return Err(CliError::Runtime(format!(
                "{path} is on “{}”, but {first_path} is on “{}”: agreement compares work on one article",
                file.document.title, first.document.title
            )));
        }
    }
    let doc: Rc<Document> = Rc::new(match &args.text {
        Some(path) => parse_article(&read_text(path)?),
        None => {
            let doc = parse_article(DEFAULT_SEED);
            if doc.text_sha256 != first.document.text_sha256 {
                return Err(CliError::Runtime(format!(
                    "these files are on “{}”, not the built-in article: give its text with --text ARTICLE.txt",
                    first.document.title
                )));
            }
            doc
        }
    });
    let mut coders = Vec::new();
    for (path, json, file) in &parsed {
        let session = format::read_session(doc.clone(), json)
            .map_err(|e| CliError::Runtime(format!("{path}: {e}")))?;
        let name = name_of(path, file);
        if coders.iter().any(|c: &Coder| c.name == name) {
            return Err(CliError::Usage(format!(
                "two files are by “{name}”: agreement needs one file per annotator"
            )));
        }
        let reached = file
            .reached
            .as_deref()
            .and_then(SentenceId::parse)
            .map(|s| s.index() + 1);
        coders.push(Coder::from_session(&name, &session, reached));
    }
    let report = agreement::agreement(&coders).map_err(|e| CliError::Usage(e.to_string()))?;
    let out = if args.json {
        serde_json::to_string_pretty(&report_json(&report, &doc)).unwrap_or_default() + "\n"
    } else if args.csv {
        csv(&report)
    } else {
        table(&report)
    };
    write_stdout(out.as_bytes())
}

fn figure(f: &Figure) -> Value {
    json!({"value": f.value, "observed_agreement": f.observed, "items": f.items})
}

fn prf(p: &Prf) -> Value {
    json!({"precision": p.precision, "recall": p.recall, "f1": p.f1, "matched": p.matched})
}

fn sentence_json(s: &SentenceFigures, names: &[String]) -> Value {
    json!({
        "cohen_kappa": s.cohen.iter().map(|((i, j), f)| {
            let mut v = figure(f);
            v["pair"] = json!([names[*i], names[*j]]);
            v
        }).collect::<Vec<_>>(),
        "fleiss_kappa": figure(&s.fleiss),
        "krippendorff_alpha": figure(&s.alpha),
    })
}

/// The `--json` report (docs/agreement.md).
pub(crate) fn report_json(r: &Report, doc: &Document) -> Value {
    let names = &r.coders;
    let spans = |list: &[((usize, usize), agreement::SpanFigures)]| -> Vec<Value> {
        list.iter()
            .map(|((i, j), s)| {
                json!({
                    "pair": [names[*i], names[*j]],
                    "exact": prf(&s.exact),
                    "overlap": prf(&s.overlap),
                    "exact_f1": s.exact.f1,
                    "overlap_f1": s.overlap.f1,
                })
            })
            .collect()
    };
    json!({
        "format": "glossa-agreement",
        "version": 1,
        "document": {"title": doc.title, "text_sha256": doc.text_sha256, "sentences": doc.sentences.len()},
        "annotators": names,
        "sentences": {
            "overall": sentence_json(&r.overall, names),
            "per_tag": r.per_tag.iter().map(|(t, s)| (t.name().to_string(), sentence_json(s, names))).collect::<serde_json::Map<_, _>>(),
        },
        "spans": {
            "overall": spans(&r.spans),
            "per_tag": r.spans_per_tag.iter().map(|(t, l)| (t.name().to_string(), json!(spans(l)))).collect::<serde_json::Map<_, _>>(),
        },
        "disagreements": {
            "sentences": r.sentence_disagreements.iter().map(|d| json!({
                "sentence": SentenceId(d.sentence as u32).to_string(),
                "labels": names.iter().zip(&d.labels).map(|(n, l)| (n.clone(), l.map_or(Value::Null, |l| json!(label_name(l))))).collect::<serde_json::Map<_, _>>(),
            })).collect::<Vec<_>>(),
            "spans": r.span_disagreements.iter().map(|d| json!({
                "tag": d.tag.name(),
                "start": d.start,
                "end": d.end,
                "text": doc.slice(d.start, d.end).unwrap_or_default(),
                "has": names.iter().zip(&d.has).filter(|(_, h)| **h).map(|(n, _)| n.clone()).collect::<Vec<_>>(),
                "lacks": names.iter().zip(&d.has).filter(|(_, h)| !**h).map(|(n, _)| n.clone()).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        },
    })
}

fn show(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_string(), |v| format!("{v:.4}"))
}

fn table(r: &Report) -> String {
    let names = &r.coders;
    let mut out = format!("{} annotators: {}\n\n", names.len(), names.join(", "));
    let mut block = |label: &str, s: &SentenceFigures| {
        out.push_str(&format!("{label}\n"));
        out.push_str(&format!(
            "  Fleiss' κ {}  (observed {}, {} sentences)\n",
            show(s.fleiss.value),
            show(s.fleiss.observed),
            s.fleiss.items
        ));
        out.push_str(&format!(
            "  Krippendorff's α {}  (observed {}, {} sentences)\n",
            show(s.alpha.value),
            show(s.alpha.observed),
            s.alpha.items
        ));
        for ((i, j), f) in &s.cohen {
            out.push_str(&format!(
                "  Cohen's κ {} / {}: {}  (observed {})\n",
                names[*i],
                names[*j],
                show(f.value),
                show(f.observed)
            ));
        }
    };
    block(
        "Sentences, four labels (claim, denial, quote, none)",
        &r.overall,
    );
    for (t, s) in &r.per_tag {
        block(&format!("Sentences, {} against the rest", t.name()), s);
    }
    out.push_str("Spans (F1, exact / overlap)\n");
    for ((i, j), s) in &r.spans {
        out.push_str(&format!(
            "  {} / {}: {} / {}\n",
            names[*i],
            names[*j],
            show(s.exact.f1),
            show(s.overlap.f1)
        ));
    }
    out.push_str(&format!(
        "\n{} sentences and {} spans disagree (--json lists them)\n",
        r.sentence_disagreements.len(),
        r.span_disagreements.len()
    ));
    out
}

/// A CSV field, quoted when it must be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(r: &Report) -> String {
    let names: Vec<String> = r.coders.iter().map(|n| field(n)).collect();
    let mut out = String::from("scope,measure,annotators,value,observed_agreement,items\r\n");
    let cell = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    let mut rows = |scope: &str, s: &SentenceFigures| {
        out.push_str(&format!(
            "{scope},fleiss_kappa,all,{},{},{}\r\n",
            cell(s.fleiss.value),
            cell(s.fleiss.observed),
            s.fleiss.items
        ));
        out.push_str(&format!(
            "{scope},krippendorff_alpha,all,{},{},{}\r\n",
            cell(s.alpha.value),
            cell(s.alpha.observed),
            s.alpha.items
        ));
        for ((i, j), f) in &s.cohen {
            out.push_str(&format!(
                "{scope},cohen_kappa,{} {},{},{},{}\r\n",
                names[*i],
                names[*j],
                cell(f.value),
                cell(f.observed),
                f.items
            ));
        }
    };
    rows("sentences", &r.overall);
    for (t, s) in &r.per_tag {
        rows(&format!("sentences:{}", t.name()), s);
    }
    for ((i, j), s) in &r.spans {
        out.push_str(&format!(
            "spans,exact_f1,{} {},{},,{}\r\n",
            names[*i],
            names[*j],
            cell(s.exact.f1),
            s.exact.matched
        ));
        out.push_str(&format!(
            "spans,overlap_f1,{} {},{},,{}\r\n",
            names[*i],
            names[*j],
            cell(s.overlap.f1),
            s.overlap.matched
        ));
    }
    out
}
