//! Span-level figures for a pair of annotators: precision, recall and F1,
//! exact and by overlap, per tag and over all tags.
//!
//! - exact: same tag, start and end (duplicates matched as a multiset);
//! - overlap: same tag and at least one shared code point, matched one to
//!   one. The matching is greedy and deterministic: of all candidate pairs
//!   (same sentence, same tag, sharing code points) the one sharing the
//!   most code points is taken first; ties go to the pair whose boundaries
//!   are closest (|Δstart| + |Δend|), then to the earlier start of the
//!   first annotator's span, then of the second's, then the earlier ends.
//!   So an exact pair is always matched by overlap too, and overlap F1 is
//!   never below exact F1.
//!
//! The second annotator is read against the first: precision = matched /
//! the second's spans, recall = matched / the first's, F1 = 2·matched /
//! (both's spans), the same either way round.

use super::work::Span;
use crate::Tag;
use std::cmp::Reverse;

/// Precision, recall and F1, each `None` when there is nothing to divide
/// by (no span on that side; F1: no span on either side).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prf {
    pub matched: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl Prf {
    fn new(matched: usize, first: usize, second: usize) -> Prf {
        let div = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        Prf {
            matched,
            precision: div(matched, second),
            recall: div(matched, first),
            f1: div(2 * matched, first + second),
        }
    }
}

/// Exact and overlap figures, with how many spans each side had.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpanFigures {
    /// Spans of the first and of the second annotator that were compared.
    pub spans: (usize, usize),
    pub exact: Prf,
    pub overlap: Prf,
}

/// One pair's span figures, over all tags and per tag.
#[derive(Clone, Debug, PartialEq)]
pub struct SpanPair {
    /// Annotator indices, first < second.
    pub pair: (usize, usize),
    pub overall: SpanFigures,
    /// In [`Tag::ALL`] order; see [`SpanPair::tag`].
    pub per_tag: [SpanFigures; 3],
}

impl SpanPair {
    pub fn tag(&self, t: Tag) -> &SpanFigures {
        &self.per_tag[t.index()]
    }
}

/// Counts per tag, added up over documents.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SpanCounts {
    first: [usize; 3],
    second: [usize; 3],
    exact: [usize; 3],
    overlap: [usize; 3],
}

/// Candidate overlap pairs: (shared desc, boundary distance, starts,
/// ends, indices). Kept between calls to spare allocations.
type Candidate = (Reverse<usize>, usize, usize, usize, usize, usize, usize, usize);

#[derive(Default)]
pub(crate) struct Scratch {
    candidates: Vec<Candidate>,
    used_a: Vec<bool>,
    used_b: Vec<bool>,
}

impl SpanCounts {
    /// Adds one document's comparison; `a` and `b` sorted by
    /// [`Span::order_key`].
    pub(crate) fn add(&mut self, a: &[Span], b: &[Span], scratch: &mut Scratch) {
        for s in a {
            self.first[s.tag.index()] += 1;
        }
        for s in b {
            self.second[s.tag.index()] += 1;
        }
        exact_matches(a, b, &mut self.exact);
        // Spans of different sentences never overlap: match sentence by
        // sentence.
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            let s = a[i].sentence.min(b[j].sentence);
            let i_end = i + a[i..].iter().take_while(|x| x.sentence == s).count();
            let j_end = j + b[j..].iter().take_while(|x| x.sentence == s).count();
            if i_end > i && j_end > j {
                overlap_matches(&a[i..i_end], &b[j..j_end], &mut self.overlap, scratch);
            }
            (i, j) = (i_end, j_end);
        }
    }

    pub(crate) fn figures(&self, pair: (usize, usize)) -> SpanPair {
        let sum = |x: &[usize; 3]| x.iter().sum::<usize>();
        let figures = |first: usize, second: usize, exact: usize, overlap: usize| SpanFigures {
            spans: (first, second),
            exact: Prf::new(exact, first, second),
            overlap: Prf::new(overlap, first, second),
        };
        SpanPair {
            pair,
            overall: figures(
                sum(&self.first),
                sum(&self.second),
                sum(&self.exact),
                sum(&self.overlap),
            ),
            per_tag: [0, 1, 2].map(|t| {
                figures(
                    self.first[t],
                    self.second[t],
                    self.exact[t],
                    self.overlap[t],
                )
            }),
        }
    }
}

/// Multiset intersection of two sorted lists, counted per tag.
fn exact_matches(a: &[Span], b: &[Span], out: &mut [usize; 3]) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].order_key().cmp(&b[j].order_key()) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out[a[i].tag.index()] += 1;
                i += 1;
                j += 1;
            }
        }
    }
}

/// The greedy one-to-one overlap matching of one sentence's spans.
fn overlap_matches(a: &[Span], b: &[Span], out: &mut [usize; 3], scratch: &mut Scratch) {
    let Scratch {
        candidates,
        used_a,
        used_b,
    } = scratch;
    candidates.clear();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let shared = x.shared(y);
            if x.tag == y.tag && shared > 0 {
                let distance = x.start.abs_diff(y.start) + x.end.abs_diff(y.end);
                candidates.push((
                    Reverse(shared),
                    distance,
                    x.start,
                    y.start,
                    x.end,
                    y.end,
                    i,
                    j,
                ));
            }
        }
    }
    if candidates.is_empty() {
        return;
    }
    candidates.sort_unstable();
    used_a.clear();
    used_a.resize(a.len(), false);
    used_b.clear();
    used_b.resize(b.len(), false);
    for &(.., i, j) in candidates.iter() {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            out[a[i].tag.index()] += 1;
        }
    }
}

/// Span figures of `b` read against `a` (one document, any order).
pub fn compare_spans(a: &[Span], b: &[Span]) -> SpanPair {
    let sorted = |s: &[Span]| {
        let mut v = s.to_vec();
        v.sort_by_key(Span::order_key);
        v
    };
    let mut counts = SpanCounts::default();
    counts.add(&sorted(a), &sorted(b), &mut Scratch::default());
    counts.figures((0, 1))
}
