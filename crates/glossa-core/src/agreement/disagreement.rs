//! Where annotators differ, in document order: sentences labelled
//! differently, and spans some have and others lack.

use super::sentence::MISSING;
use super::work::{Label, Span};
use crate::SentenceId;

/// A sentence at least two annotators labelled, not all alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceDisagreement {
    /// Index into the documents given to [`super::agreement`].
    pub document: usize,
    pub sentence: SentenceId,
    /// Each annotator's label; `None` where they did not reach it (or have
    /// no work on the document).
    pub labels: Vec<Option<Label>>,
}

/// A span (tag, start, end) that some annotators have and others, who
/// reached its sentence, do not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanDisagreement {
    pub document: usize,
    pub span: Span,
    /// Who has exactly this span (annotator indices, ascending).
    pub has: Vec<usize>,
    /// Who reached the sentence and does not have it exactly.
    pub lacks: Vec<usize>,
    /// Those of `lacks` who have a span of the same tag sharing code points
    /// with it (a boundary difference rather than a missing span).
    pub overlapping: Vec<usize>,
}

/// Whether a row of label codes holds two labels or more, not all alike.
pub(crate) fn differs(row: &[u8]) -> bool {
    let mut given = row.iter().filter(|&&v| v != MISSING);
    match given.next() {
        Some(first) => given.any(|v| v != first),
        None => false,
    }
}

/// One annotator's work on one document, as disagreement reads it.
pub(crate) struct Side<'a> {
    pub labels: &'a [Option<Label>],
    /// Sorted by [`Span::order_key`].
    pub spans: &'a [Span],
}

impl Side<'_> {
    fn reached(&self, s: SentenceId) -> bool {
        matches!(self.labels.get(s.index()), Some(Some(_)))
    }

    fn overlaps(&self, span: &Span) -> bool {
        let from = self.spans.partition_point(|x| x.sentence < span.sentence);
        self.spans[from..]
            .iter()
            .take_while(|x| x.sentence == span.sentence)
            .any(|x| x.tag == span.tag && x.shared(span) > 0)
    }
}

/// The span disagreements of one document; `sides[a]` is annotator `a`'s
/// work, `None` when they have none on it.
pub(crate) fn span_disagreements(
    document: usize,
    sides: &[Option<Side<'_>>],
    out: &mut Vec<SpanDisagreement>,
) {
    let mut all: Vec<(Span, usize)> = sides
        .iter()
        .enumerate()
        .filter_map(|(a, side)| side.as_ref().map(|s| (a, s)))
        .flat_map(|(a, side)| side.spans.iter().map(move |s| (*s, a)))
        .collect();
    all.sort_unstable_by_key(|(s, a)| (s.order_key(), *a));
    let mut i = 0;
    while i < all.len() {
        let span = all[i].0;
        let mut has: Vec<usize> = Vec::new();
        while i < all.len() && all[i].0 == span {
            if has.last() != Some(&all[i].1) {
                has.push(all[i].1);
            }
            i += 1;
        }
        let lacks: Vec<usize> = sides
            .iter()
            .enumerate()
            .filter(|(a, side)| {
                !has.contains(a) && side.as_ref().is_some_and(|s| s.reached(span.sentence))
            })
            .map(|(a, _)| a)
            .collect();
        if lacks.is_empty() {
            continue;
        }
        let overlapping = lacks
            .iter()
            .copied()
            .filter(|&a| sides[a].as_ref().is_some_and(|s| s.overlaps(&span)))
            .collect();
        out.push(SpanDisagreement {
            document,
            span,
            has,
            lacks,
            overlapping,
        });
    }
}
