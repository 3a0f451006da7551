//! Agreement between annotators, over one or more documents: Cohen's κ by
//! pair, Fleiss' κ and Krippendorff's α (nominal) for the sentence labels,
//! span precision/recall/F1 by pair, and the disagreements. Pure: the CLI
//! (`glossa-cli agree`) and the app read the same [`Report`].
//! `docs/agreement.md` says the same for people.
//!
//! - **Label.** An annotator's label for a sentence is the tag of their
//!   whole-sentence annotation, or `none` ([`Label`]). Each figure is given
//!   for the four labels and for each tag against the rest (binary).
//! - **Missing.** A sentence is missing for an annotator only when their
//!   work says they have not reached it (a Glossa file's `reached`; see
//!   [`Work::from_session`]), or when they have no work on that document.
//!   Otherwise every sentence counts as labelled, `none` included.
//! - **Items.** Sentences of all documents together. Cohen's κ uses the
//!   sentences both labelled; Fleiss' κ those everyone labelled (it needs
//!   the same number of labels per sentence); α those at least two
//!   labelled.
//! - **Undefined.** When every label given is the same one, chance
//!   agreement is total and κ and α are 0/0: the value is
//!   `Err(`[`Undefined::OneLabel`]`)` (JSON `null` with `"undefined":
//!   "one_label"`), the observed agreement (1) still given; with nothing to
//!   compare, [`Undefined::NoItems`].
//! - **Spans** (annotations inside a sentence): by pair, exact and by
//!   one-to-one overlap (the matching: [`compare_spans`]'s module,
//!   `span.rs`), over the sentences both annotators reached, added up over
//!   the documents both worked on.
//! - **Disagreements**, in document order: sentences labelled differently,
//!   and spans someone has and someone who reached their sentence lacks.
//!
//! Cost: one pass over the sentences, with a few integer tables for the
//! labels and, where there are spans, a small table of the sentence's
//! distinct spans. 20,000 sentences × 5 annotators take about 1 ms without
//! spans and 3.5–5 ms with a span on one sentence in four (`cargo bench
//! -p glossa-core --bench agreement`; docs/agreement.md has the figures).

pub mod adjudicate;
mod disagreement;
mod report;
mod sentence;
mod span;
mod work;

#[cfg(test)]
mod tests;

pub use disagreement::{Presence, SentenceDisagreement, SpanDisagreement};
pub use report::{to_csv, to_json, CSV_HEADER, JSON_FORMAT, JSON_VERSION};
pub use sentence::{cohen, label_figures, Figure, Figures, LabelFigures, Undefined};
pub use span::{compare_spans, Prf, SpanFigures, SpanPair};
pub use work::{Label, Span, Work, WorkError};

use sentence::{pairs, Tally, MISSING};
use span::{Scratch, SentenceSpans, SpanCounts};
use std::fmt;

/// Everyone's work on one document (each annotator at most once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentWork {
    pub title: String,
    pub works: Vec<Work>,
}

/// One annotator in a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotatorSummary {
    pub name: String,
    /// Documents they have work on.
    pub documents: usize,
    /// Sentences they labelled (`none` included), and those missing
    /// (not reached, or on a document they have no work on).
    pub labelled: usize,
    pub missing: usize,
    /// Their span annotations.
    pub spans: usize,
}

/// One document in a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSummary {
    pub title: String,
    pub sentences: usize,
}

/// Everything agreement reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// In order of first appearance in the documents given.
    pub annotators: Vec<AnnotatorSummary>,
    pub documents: Vec<DocumentSummary>,
    pub sentences: LabelFigures,
    /// One per pair of annotators, in the order of [`Figures::cohen`].
    pub spans: Vec<SpanPair>,
    pub sentence_disagreements: Vec<SentenceDisagreement>,
    pub span_disagreements: Vec<SpanDisagreement>,
}

impl Report {
    pub fn names(&self) -> Vec<&str> {
        self.annotators.iter().map(|a| a.name.as_str()).collect()
    }
}

/// Why agreement cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgreementError {
    /// Fewer than two annotators in all.
    TooFewAnnotators(usize),
    /// Two works by the same annotator on one document.
    DuplicateAnnotator { document: usize, name: String },
    /// A work whose labels do not cover the document's sentences (the
    /// first work of the document sets the count).
    LengthMismatch {
        document: usize,
        name: String,
        expected: usize,
        found: usize,
    },
    /// A span that is empty or names a sentence the document lacks.
    BadSpan {
        document: usize,
        name: String,
        span: Span,
    },
}

impl fmt::Display for AgreementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AgreementError::TooFewAnnotators(n) => {
                write!(f, "agreement needs at least two annotators, not {n}")
            }
            AgreementError::DuplicateAnnotator { document, name } => write!(
                f,
                "document {} has two works by {name:?}: one per annotator",
                document + 1
            ),
            AgreementError::LengthMismatch {
                document,
                name,
                expected,
                found,
            } => write!(
                f,
                "{name:?}'s work on document {} has {found} sentences, the others' {expected}: \
                 not the same document",
                document + 1
            ),
            AgreementError::BadSpan {
                document,
                name,
                span,
            } => write!(
                f,
                "{name:?}'s work on document {} has a span [{}, {}) in {} that does not fit it",
                document + 1,
                span.start,
                span.end,
                span.sentence
            ),
        }
    }
}

/// Agreement among the annotators of `documents` (two or more in all).
pub fn agreement(documents: &[DocumentWork]) -> Result<Report, AgreementError> {
    // Annotators by name, and each work's annotator.
    let mut names: Vec<String> = Vec::new();
    let mut who: Vec<Vec<usize>> = Vec::with_capacity(documents.len());
    for (d, doc) in documents.iter().enumerate() {
        let n = doc.works.first().map_or(0, |w| w.labels.len());
        let mut here = Vec::with_capacity(doc.works.len());
        for w in &doc.works {
            if w.labels.len() != n {
                return Err(AgreementError::LengthMismatch {
                    document: d,
                    name: w.annotator.clone(),
                    expected: n,
                    found: w.labels.len(),
                });
            }
            if let Some(span) = w
                .spans
                .iter()
                .find(|s| s.start >= s.end || s.sentence.index() >= n)
            {
                return Err(AgreementError::BadSpan {
                    document: d,
                    name: w.annotator.clone(),
                    span: *span,
                });
            }
            let a = match names.iter().position(|x| *x == w.annotator) {
                Some(a) => a,
                None => {
                    names.push(w.annotator.clone());
                    names.len() - 1
                }
            };
            if here.contains(&a) {
                return Err(AgreementError::DuplicateAnnotator {
                    document: d,
                    name: w.annotator.clone(),
                });
            }
            here.push(a);
        }
        who.push(here);
    }
    let m = names.len();
    if m < 2 {
        return Err(AgreementError::TooFewAnnotators(m));
    }

    let mut annotators: Vec<AnnotatorSummary> = names
        .into_iter()
        .map(|name| AnnotatorSummary {
            name,
            documents: 0,
            labelled: 0,
            missing: 0,
            spans: 0,
        })
        .collect();
    let pair_list: Vec<(usize, usize)> = pairs(m).collect();
    let mut tally = Tally::new(m);
    let mut row = vec![MISSING; m];
    let mut sentence_disagreements = Vec::new();
    let mut span_disagreements = Vec::new();
    let mut span_counts = vec![SpanCounts::default(); pair_list.len()];
    let mut scratch = Scratch::default();
    let mut here = SentenceSpans::new(m);
    let mut heads = vec![0usize; m];
    let mut reached = vec![false; m];

    for (d, (doc, owners)) in documents.iter().zip(&who).enumerate() {
        let mut slot: Vec<Option<&Work>> = vec![None; m];
        for (w, &a) in doc.works.iter().zip(owners) {
            slot[a] = Some(w);
        }
        let n = doc.works.first().map_or(0, |w| w.labels.len());
        for (a, summary) in annotators.iter_mut().enumerate() {
            match slot[a] {
                Some(w) => {
                    let labelled = w.labelled();
                    summary.documents += 1;
                    summary.labelled += labelled;
                    summary.missing += n - labelled;
                    summary.spans += w.spans.len();
                }
                None => summary.missing += n,
            }
        }

        // Each annotator's spans in document order, read sentence by
        // sentence beside the labels.
        let sorted: Vec<Option<std::borrow::Cow<'_, [Span]>>> = slot
            .iter()
            .map(|w| w.map(|w| span::sorted(&w.spans)))
            .collect();
        let lists: Vec<Option<&[Span]>> = sorted.iter().map(|s| s.as_deref()).collect();
        heads.iter_mut().for_each(|h| *h = 0);

        for s in 0..n {
            let id = crate::SentenceId(s as u32);
            for (code, w) in row.iter_mut().zip(&slot) {
                *code = w
                    .and_then(|w| w.labels[s])
                    .map_or(MISSING, |l| l.index() as u8);
            }
            tally.add(&row);
            if disagreement::differs(&row) {
                sentence_disagreements.push(SentenceDisagreement {
                    document: d,
                    sentence: id,
                    labels: slot.iter().map(|w| w.and_then(|w| w.labels[s])).collect(),
                });
            }
            if !here.fill(&lists, &mut heads, id) {
                continue;
            }
            for (r, &code) in reached.iter_mut().zip(&row) {
                *r = code != MISSING;
            }
            let same = here.uniform(&reached);
            for (&(i, j), counts) in pair_list.iter().zip(span_counts.iter_mut()) {
                if reached[i] && reached[j] {
                    match &same {
                        Some(totals) => counts.add_same(totals),
                        None => counts.add(&here, (i, j), &mut scratch),
                    }
                }
            }
            if same.is_none() {
                disagreement::span_disagreements(d, &here, &reached, &mut span_disagreements);
            }
        }
    }

    Ok(Report {
        annotators,
        documents: documents
            .iter()
            .map(|doc| DocumentSummary {
                title: doc.title.clone(),
                sentences: doc.works.first().map_or(0, |w| w.labels.len()),
            })
            .collect(),
        sentences: tally.figures(),
        spans: pair_list
            .iter()
            .zip(&span_counts)
            .map(|(&pair, counts)| counts.figures(pair))
            .collect(),
        sentence_disagreements,
        span_disagreements,
    })
}
