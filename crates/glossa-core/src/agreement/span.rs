//! Span-level figures for a pair of annotators: precision, recall and F1,
//! exact and by overlap, per tag and over all tags.
//!
//! - exact: same tag, start and end (duplicates matched as a multiset);
//! - overlap: same tag and at least one shared code point, matched one to
//!   one. The matching is greedy and deterministic: of all candidate pairs
//!   (same sentence, same tag, sharing code points) the one sharing the
//!   most code points is taken first; ties go to the pair whose boundaries
//!   are closest (|Δstart| + |Δend|), then to the pair whose two spans,
//!   taken in document order, come first. Nothing in it depends on which
//!   annotator is first, so F1 is the same either way round; an exact pair
//!   is always matched by overlap too (it is the first candidate of both
//!   its spans), so overlap F1 is never below exact F1.
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

/// One sentence's distinct spans, in document order, with how many times
/// each annotator has each: exact matches, leftovers for the overlap
/// matching and the span disagreements are all read from it. Refilled
/// sentence after sentence, so its buffers are allocated once.
pub(crate) struct SentenceSpans {
    annotators: usize,
    pub spans: Vec<Span>,
    /// `counts[k * annotators + a]`: how often annotator `a` has `spans[k]`.
    counts: Vec<u32>,
    /// When there are at most 64 distinct spans and nobody has one twice
    /// (nearly always): each annotator's spans as bits of `spans`, and
    /// each tag's, so a pair is compared with a few bit operations.
    masks: Option<(Vec<u64>, [u64; 3])>,
    /// Annotators with spans in the sentence, and where they are in their
    /// list.
    slices: Vec<(usize, usize, usize)>,
    gathered: Vec<(Span, usize)>,
}

impl SentenceSpans {
    pub(crate) fn new(annotators: usize) -> SentenceSpans {
        SentenceSpans {
            annotators,
            spans: Vec::new(),
            counts: Vec::new(),
            masks: Some((vec![0; annotators], [0; 3])),
            slices: Vec::new(),
            gathered: Vec::new(),
        }
    }

    /// Takes the spans of sentence `s` from each annotator's list (sorted
    /// by [`Span::order_key`]; `None`: no work on the document), moving
    /// `heads` past them. Sentences must come in order. False when nobody
    /// has a span there.
    pub(crate) fn fill(
        &mut self,
        lists: &[Option<&[Span]>],
        heads: &mut [usize],
        s: crate::SentenceId,
    ) -> bool {
        self.slices.clear();
        for (a, (list, head)) in lists.iter().zip(heads.iter_mut()).enumerate() {
            let Some(list) = list else { continue };
            let from = *head;
            while list.get(*head).is_some_and(|x| x.sentence == s) {
                *head += 1;
            }
            if *head > from {
                self.slices.push((a, from, *head));
            }
        }
        self.spans.clear();
        self.counts.clear();
        let slice = |&(a, from, to): &(usize, usize, usize)| -> &[Span] {
            lists[a].map_or(&[][..], |l| &l[from..to])
        };
        let Some(first) = self.slices.first().map(slice) else {
            return false;
        };
        let m = self.annotators;
        // Usually everyone who has spans here has the same ones.
        if first.windows(2).all(|w| w[0] != w[1]) && self.slices.iter().all(|x| slice(x) == first) {
            self.spans.extend_from_slice(first);
            self.counts.resize(first.len() * m, 0);
            for &(a, ..) in &self.slices {
                for k in 0..first.len() {
                    self.counts[k * m + a] = 1;
                }
            }
            self.set_masks();
            return true;
        }
        self.gathered.clear();
        for x in &self.slices {
            self.gathered
                .extend(slice(x).iter().map(|span| (*span, x.0)));
        }
        crate::sort::sort_by_key(&mut self.gathered, |(span, a)| (span.order_key(), *a));
        for &(span, a) in &self.gathered {
            if self.spans.last() != Some(&span) {
                self.spans.push(span);
                self.counts.extend(std::iter::repeat_n(0, m));
            }
            let k = self.spans.len() - 1;
            self.counts[k * m + a] += 1;
        }
        self.set_masks();
        true
    }

    fn set_masks(&mut self) {
        let m = self.annotators;
        let simple = self.spans.len() <= 64 && self.counts.iter().all(|&c| c <= 1);
        if !simple {
            self.masks = None;
            return;
        }
        let (masks, tags) = self.masks.get_or_insert_with(|| (vec![0; m], [0; 3]));
        masks.iter_mut().for_each(|x| *x = 0);
        *tags = [0; 3];
        for (k, span) in self.spans.iter().enumerate() {
            tags[span.tag.index()] |= 1 << k;
            for (a, mask) in masks.iter_mut().enumerate() {
                *mask |= u64::from(self.counts[k * m + a]) << k;
            }
        }
    }

    /// How often annotator `a` has span `k`.
    pub(crate) fn count(&self, k: usize, a: usize) -> u32 {
        self.counts[k * self.annotators + a]
    }

    /// When everyone who reached the sentence has exactly its spans: how
    /// many each has, per tag (then every pair matches them all, and no
    /// one lacks any).
    pub(crate) fn uniform(&self, reached: &[bool]) -> Option<[usize; 3]> {
        let Some(first) = reached.iter().position(|&r| r) else {
            return Some([0; 3]);
        };
        let mut totals = [0; 3];
        for (k, span) in self.spans.iter().enumerate() {
            let c = self.count(k, first);
            if c == 0
                || reached
                    .iter()
                    .enumerate()
                    .any(|(a, &r)| r && self.count(k, a) != c)
            {
                return None;
            }
            totals[span.tag.index()] += c as usize;
        }
        Some(totals)
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

/// A candidate overlap pair, ranked: most shared code points, closest
/// boundaries, then the pair whose two spans, taken in document order
/// (start, then end), come first; the indices only part copies of one
/// span. Nothing depends on which annotator is first, so the matching is
/// the same either way round.
pub(crate) type Candidate = (
    Reverse<usize>,
    usize,
    (usize, usize),
    (usize, usize),
    usize,
    usize,
);

pub(crate) fn candidate(x: &Span, y: &Span, i: usize, j: usize) -> Candidate {
    let distance = x.start.abs_diff(y.start) + x.end.abs_diff(y.end);
    let (p, q) = ((x.start, x.end), (y.start, y.end));
    let (lo, hi) = if p <= q { (p, q) } else { (q, p) };
    (Reverse(x.shared(y)), distance, lo, hi, i, j)
}

#[derive(Default)]
pub(crate) struct Scratch {
    left_a: Vec<Span>,
    left_b: Vec<Span>,
    candidates: Vec<Candidate>,
    used_a: Vec<bool>,
    used_b: Vec<bool>,
}

impl SpanCounts {
    /// Adds the comparison of annotators `i` and `j` on one sentence
    /// (both reached it). Exact pairs are matched first; the greedy overlap
    /// matching (module docs) then runs on what is left — the same result
    /// as running it on everything, since an exact pair is the first
    /// candidate of either of its spans.
    pub(crate) fn add(
        &mut self,
        here: &SentenceSpans,
        (i, j): (usize, usize),
        scratch: &mut Scratch,
    ) {
        scratch.left_a.clear();
        scratch.left_b.clear();
        if let Some((masks, tags)) = &here.masks {
            let (a, b) = (masks[i], masks[j]);
            for (t, &tag) in tags.iter().enumerate() {
                let exact = (a & b & tag).count_ones() as usize;
                self.first[t] += (a & tag).count_ones() as usize;
                self.second[t] += (b & tag).count_ones() as usize;
                self.exact[t] += exact;
                self.overlap[t] += exact;
            }
            let bits = |mut x: u64, out: &mut Vec<Span>| {
                while x != 0 {
                    out.push(here.spans[x.trailing_zeros() as usize]);
                    x &= x - 1;
                }
            };
            if a & !b != 0 && b & !a != 0 {
                bits(a & !b, &mut scratch.left_a);
                bits(b & !a, &mut scratch.left_b);
            }
        } else {
            self.add_counts(here, (i, j), scratch);
        }
        match (&scratch.left_a[..], &scratch.left_b[..]) {
            ([], _) | (_, []) => {}
            // One left on each side, the usual case: no ranking needed.
            ([x], [y]) => {
                if x.tag == y.tag && x.shared(y) > 0 {
                    self.overlap[x.tag.index()] += 1;
                }
            }
            _ => overlap_matches(&mut self.overlap, scratch),
        }
    }

    /// [`SpanCounts::add`] from the counts, leaving the leftovers in
    /// `scratch`.
    fn add_counts(&mut self, here: &SentenceSpans, (i, j): (usize, usize), scratch: &mut Scratch) {
        for (k, span) in here.spans.iter().enumerate() {
            let (a, b) = (here.count(k, i), here.count(k, j));
            let t = span.tag.index();
            let exact = a.min(b);
            self.first[t] += a as usize;
            self.second[t] += b as usize;
            self.exact[t] += exact as usize;
            self.overlap[t] += exact as usize;
            for _ in exact..a {
                scratch.left_a.push(*span);
            }
            for _ in exact..b {
                scratch.left_b.push(*span);
            }
        }
    }

    /// Adds a sentence where both have the same spans: `totals` per tag.
    pub(crate) fn add_same(&mut self, totals: &[usize; 3]) {
        for (t, &n) in totals.iter().enumerate() {
            self.first[t] += n;
            self.second[t] += n;
            self.exact[t] += n;
            self.overlap[t] += n;
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

/// The greedy one-to-one overlap matching of one sentence's leftover
/// spans (`scratch.left_a`, `scratch.left_b`, both in document order).
fn overlap_matches(out: &mut [usize; 3], scratch: &mut Scratch) {
    let Scratch {
        left_a: a,
        left_b: b,
        candidates,
        used_a,
        used_b,
    } = scratch;
    candidates.clear();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            if x.tag == y.tag && x.shared(y) > 0 {
                candidates.push(candidate(x, y, i, j));
            }
        }
    }
    if candidates.is_empty() {
        return;
    }
    crate::sort::sort(candidates);
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

/// Spans sorted by [`Span::order_key`], borrowed when they already are.
pub(crate) fn sorted(spans: &[Span]) -> std::borrow::Cow<'_, [Span]> {
    if spans.is_sorted_by_key(Span::order_key) {
        std::borrow::Cow::Borrowed(spans)
    } else {
        let mut v = spans.to_vec();
        crate::sort::sort_by_key(&mut v, Span::order_key);
        std::borrow::Cow::Owned(v)
    }
}

/// Span figures of `b` read against `a` (one document, any order).
pub fn compare_spans(a: &[Span], b: &[Span]) -> SpanPair {
    let (a, b) = (sorted(a), sorted(b));
    let lists = [Some(&a[..]), Some(&b[..])];
    let mut sentences: Vec<crate::SentenceId> =
        a.iter().chain(b.iter()).map(|s| s.sentence).collect();
    crate::sort::sort(&mut sentences);
    sentences.dedup();
    let mut here = SentenceSpans::new(2);
    let mut heads = [0, 0];
    let mut counts = SpanCounts::default();
    let mut scratch = Scratch::default();
    for s in sentences {
        if here.fill(&lists, &mut heads, s) {
            counts.add(&here, (0, 1), &mut scratch);
        }
    }
    counts.figures((0, 1))
}
