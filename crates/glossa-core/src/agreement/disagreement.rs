//! Where annotators differ, in document order: sentences labelled
//! differently, and spans some have and others lack.

use super::sentence::MISSING;
use super::span::SentenceSpans;
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

/// Where one annotator stands on a span of a [`SpanDisagreement`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    /// They have exactly this span (tag, start, end).
    Has,
    /// They do not, but have a span of the same tag sharing code points
    /// with it: a boundary difference rather than a missing span.
    Overlapping,
    /// They reached the sentence and have nothing like it.
    Lacks,
    /// They did not reach the sentence, or have no work on the document.
    NotReached,
}

/// A span (tag, start, end) that some annotators have and others, who
/// reached its sentence, do not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanDisagreement {
    pub document: usize,
    pub span: Span,
    /// Each annotator's [`Presence`], by annotator index.
    pub who: Vec<Presence>,
}

impl SpanDisagreement {
    fn with(&self, want: &'static [Presence]) -> impl Iterator<Item = usize> + '_ {
        self.who
            .iter()
            .enumerate()
            .filter(move |(_, p)| want.contains(p))
            .map(|(a, _)| a)
    }

    /// Who has exactly this span.
    pub fn has(&self) -> impl Iterator<Item = usize> + '_ {
        self.with(&[Presence::Has])
    }

    /// Who reached the sentence and does not have it exactly
    /// ([`Presence::Overlapping`] or [`Presence::Lacks`]).
    pub fn lacks(&self) -> impl Iterator<Item = usize> + '_ {
        self.with(&[Presence::Overlapping, Presence::Lacks])
    }

    /// Those of [`SpanDisagreement::lacks`] with an overlapping span of the
    /// same tag.
    pub fn overlapping(&self) -> impl Iterator<Item = usize> + '_ {
        self.with(&[Presence::Overlapping])
    }
}

/// Whether a row of label codes holds two labels or more, not all alike.
pub(crate) fn differs(row: &[u8]) -> bool {
    let mut given = row.iter().filter(|&&v| v != MISSING);
    match given.next() {
        Some(first) => given.any(|v| v != first),
        None => false,
    }
}

/// The span disagreements of one sentence: `reached[a]` says whether
/// annotator `a` reached it.
pub(crate) fn span_disagreements(
    document: usize,
    here: &SentenceSpans,
    reached: &[bool],
    out: &mut Vec<SpanDisagreement>,
) {
    for (k, span) in here.spans.iter().enumerate() {
        // Most spans are everyone's: check before building anything.
        let lacking = reached
            .iter()
            .enumerate()
            .any(|(a, &r)| r && here.count(k, a) == 0);
        if !lacking {
            continue;
        }
        let who = reached
            .iter()
            .enumerate()
            .map(|(a, &reached)| {
                if here.count(k, a) > 0 {
                    Presence::Has
                } else if !reached {
                    Presence::NotReached
                } else if here.spans.iter().enumerate().any(|(o, other)| {
                    here.count(o, a) > 0 && other.tag == span.tag && other.shared(span) > 0
                }) {
                    Presence::Overlapping
                } else {
                    Presence::Lacks
                }
            })
            .collect();
        out.push(SpanDisagreement {
            document,
            span: *span,
            who,
        });
    }
}
