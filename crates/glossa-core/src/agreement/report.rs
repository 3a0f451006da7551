//! A [`Report`] as the stable JSON of `glossa-cli agree --json` and as CSV
//! rows (`--csv`); both are described in docs/agreement.md.

use super::sentence::{Figure, Figures};
use super::span::{Prf, SpanFigures, SpanPair};
use super::Report;
use crate::{Document, Tag};
use serde_json::{json, Map, Value};

/// The report's `format` and `version`.
pub const JSON_FORMAT: &str = "glossa-agreement";
pub const JSON_VERSION: u32 = 1;

fn figure(f: &Figure) -> Value {
    json!({
        "value": f.value.ok(),
        "undefined": f.value.err().map(|u| u.code()),
        "observed_agreement": f.observed,
        "expected_agreement": f.expected,
        "items": f.items,
    })
}

fn figures(f: &Figures, names: &[&str]) -> Value {
    json!({
        "cohen_kappa": f.cohen.iter().map(|&((i, j), ref f)| {
            let mut v = figure(f);
            v["pair"] = json!([names[i], names[j]]);
            v
        }).collect::<Vec<_>>(),
        "fleiss_kappa": figure(&f.fleiss),
        "krippendorff_alpha": figure(&f.alpha),
    })
}

fn prf(p: &Prf) -> Value {
    json!({"matched": p.matched, "precision": p.precision, "recall": p.recall, "f1": p.f1})
}

fn span_pair(pair: (usize, usize), s: &SpanFigures, names: &[&str]) -> Value {
    json!({
        "pair": [names[pair.0], names[pair.1]],
        "spans": [s.spans.0, s.spans.1],
        "exact_f1": s.exact.f1,
        "overlap_f1": s.overlap.f1,
        "exact": prf(&s.exact),
        "overlap": prf(&s.overlap),
    })
}

fn per_tag<T>(f: impl Fn(Tag) -> T) -> Map<String, Value>
where
    T: Into<Value>,
{
    crate::sort::json_map(
        Tag::ALL
            .into_iter()
            .map(|t| (t.name().to_string(), f(t).into())),
    )
}

/// The JSON report. `docs[d]`, when given, is document `d`'s text: its
/// fingerprint and the disagreements' text are added.
pub fn to_json(report: &Report, docs: &[&Document]) -> Value {
    let names = report.names();
    let text = |d: usize, start: usize, end: usize| -> Value {
        docs.get(d)
            .and_then(|doc| doc.slice(start, end))
            .map_or(Value::Null, Value::from)
    };
    let documents: Vec<Value> = report
        .documents
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let mut v = json!({"title": doc.title, "sentences": doc.sentences});
            if let Some(full) = docs.get(d) {
                v["text_sha256"] = Value::from(full.text_sha256.as_str());
            }
            v
        })
        .collect();
    let coverage = crate::sort::json_map(report.annotators.iter().map(|a| {
        (
            a.name.clone(),
            json!({
                "documents": a.documents,
                "sentences_labelled": a.labelled,
                "sentences_missing": a.missing,
                "spans": a.spans,
            }),
        )
    }));
    let spans = |pick: &dyn Fn(&SpanPair) -> &SpanFigures| -> Value {
        report
            .spans
            .iter()
            .map(|p| span_pair(p.pair, pick(p), &names))
            .collect::<Vec<_>>()
            .into()
    };
    let sentence_disagreements: Vec<Value> = report
        .sentence_disagreements
        .iter()
        .map(|d| {
            let labels = crate::sort::json_map(
                names
                    .iter()
                    .zip(&d.labels)
                    .map(|(n, l)| (n.to_string(), l.map_or(Value::Null, |l| l.name().into()))),
            );
            let sentence = docs
                .get(d.document)
                .and_then(|doc| doc.sentence(d.sentence));
            json!({
                "document": d.document,
                "sentence": d.sentence.to_string(),
                "text": sentence.map_or(Value::Null, |s| text(d.document, s.start, s.end)),
                "labels": labels,
            })
        })
        .collect();
    let who =
        |list: &mut dyn Iterator<Item = usize>| -> Vec<&str> { list.map(|a| names[a]).collect() };
    let span_disagreements: Vec<Value> = report
        .span_disagreements
        .iter()
        .map(|d| {
            json!({
                "document": d.document,
                "sentence": d.span.sentence.to_string(),
                "tag": d.span.tag.name(),
                "start": d.span.start,
                "end": d.span.end,
                "text": text(d.document, d.span.start, d.span.end),
                "has": who(&mut d.has()),
                "lacks": who(&mut d.lacks()),
                "overlapping": who(&mut d.overlapping()),
            })
        })
        .collect();
    json!({
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "documents": documents,
        "annotators": names,
        "coverage": coverage,
        "sentences": {
            "labels": ["none", "claim", "denial", "quote"],
            "overall": figures(&report.sentences.overall, &names),
            "per_tag": per_tag(|t| figures(report.sentences.tag(t), &names)),
        },
        "spans": {
            "overall": spans(&|p| &p.overall),
            "per_tag": per_tag(|t| spans(&|p| p.tag(t))),
        },
        "disagreements": {
            "sentences": sentence_disagreements,
            "spans": span_disagreements,
        },
    })
}

/// A CSV field, quoted when it must be (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

/// The CSV columns.
pub const CSV_HEADER: &str = "scope,label,measure,annotator_a,annotator_b,value,undefined,\
observed_agreement,expected_agreement,items,matched,spans_a,spans_b";

/// The figures as CSV rows (CRLF line ends, a header first): sentence
/// figures for the four labels (`overall`) and each tag, then span
/// precision, recall and F1 by pair. Disagreements are in the JSON only.
pub fn to_csv(report: &Report) -> String {
    let names: Vec<String> = report.names().into_iter().map(field).collect();
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    let labels = std::iter::once(("overall", &report.sentences.overall)).chain(
        Tag::ALL
            .into_iter()
            .map(|t| (t.name(), report.sentences.tag(t))),
    );
    for (label, f) in labels {
        let mut row = |measure: &str, a: &str, b: &str, f: &Figure| {
            out.push_str(&format!(
                "sentences,{label},{measure},{a},{b},{},{},{},{},{},,,\r\n",
                num(f.value.ok()),
                f.value.err().map_or("", |u| u.code()),
                num(f.observed),
                num(f.expected),
                f.items,
            ));
        };
        for ((i, j), c) in &f.cohen {
            row("cohen_kappa", &names[*i], &names[*j], c);
        }
        row("fleiss_kappa", "", "", &f.fleiss);
        row("krippendorff_alpha", "", "", &f.alpha);
    }
    for p in &report.spans {
        let (a, b) = (&names[p.pair.0], &names[p.pair.1]);
        let by_label = std::iter::once(("overall", &p.overall))
            .chain(Tag::ALL.into_iter().map(|t| (t.name(), p.tag(t))));
        for (label, s) in by_label {
            for (kind, prf) in [("exact", &s.exact), ("overlap", &s.overlap)] {
                for (what, v) in [
                    ("precision", prf.precision),
                    ("recall", prf.recall),
                    ("f1", prf.f1),
                ] {
                    out.push_str(&format!(
                        "spans,{label},{kind}_{what},{a},{b},{},{},,,,{},{},{}\r\n",
                        num(v),
                        if v.is_none() { "no_spans" } else { "" },
                        prf.matched,
                        s.spans.0,
                        s.spans.1,
                    ));
                }
            }
        }
    }
    out
}
