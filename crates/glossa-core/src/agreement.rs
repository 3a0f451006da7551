//! Agreement between annotators of one document: Cohen's κ by pair,
//! Fleiss' κ and Krippendorff's α (nominal) over everyone, with the
//! observed agreement beside each, for the four-way sentence label and for
//! each tag against the rest; span precision, recall and F1 by pair, exact
//! and by overlap; and the disagreements, in document order.
//!
//! Definitions (docs/agreement.md says the same for people):
//! - A sentence's label, for one annotator, is the tag of their
//!   whole-sentence annotation, or `none`. It is *missing* only when their
//!   work says they have not reached it ([`Coder::reached`]); without that
//!   every sentence counts, `none` included.
//! - Cohen's κ for a pair uses the sentences both labelled. Fleiss' κ uses
//!   the sentences every annotator labelled (it needs the same number of
//!   ratings per item). Krippendorff's α uses every sentence at least two
//!   annotators labelled (missing data allowed), nominal distance.
//! - When chance agreement is total (everyone used a single label), κ and α
//!   are 0/0: Glossa reports them as undefined (`None`, JSON `null`), with
//!   the observed agreement still given.
//! - Spans: exact = same tag, start and end. Overlap = same tag and at
//!   least one shared code point, matched one to one: candidate pairs are
//!   taken largest shared length first, then earliest start (first
//!   annotator's, then second's), so the matching is deterministic.
//!   Precision and recall read the second annotator against the first;
//!   F1 = 2·matched / (spans of both) (exact F1 is the same either way
//!   round; overlap F1 too, but for ties broken by the first's positions).

use crate::{Session, Tag};
use std::collections::BTreeMap;

/// A sentence label: 0 = none, 1 + `Tag::index()` for a tag.
pub type Label = u8;

/// The four labels: none, claim, denial, quote.
pub const LABELS: usize = 4;

pub fn label_name(l: Label) -> &'static str {
    match l {
        1 => Tag::Claim.name(),
        2 => Tag::Denial.name(),
        3 => Tag::Quote.name(),
        _ => "none",
    }
}

/// One annotator's work, as agreement reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coder {
    pub name: String,
    /// Per sentence: the label, or None when not reached.
    pub labels: Vec<Option<Label>>,
    /// Span annotations: (tag, start, end) in code points.
    pub spans: Vec<(Tag, usize, usize)>,
}

impl Coder {
    /// `session`'s work; sentences from `reached` on (an index) count as
    /// not reached.
    pub fn from_session(name: &str, session: &Session, reached: Option<usize>) -> Coder {
        let n = session.doc.sentences.len();
        let labels = (0..n)
            .map(|i| {
                if reached.is_some_and(|r| i >= r) {
                    return None;
                }
                let id = crate::SentenceId(i as u32);
                Some(
                    session
                        .sentence_tag(id)
                        .map_or(0, |t| t.index() as Label + 1),
                )
            })
            .collect();
        let spans = session
            .annotations_in_order()
            .filter(|a| !session.is_sentence_level(a))
            .map(|a| (a.tag, a.target.start, a.target.end))
            .collect();
        Coder {
            name: name.to_string(),
            labels,
            spans,
        }
    }

    /// Sets how far the annotator got: sentences from `index` on are missing.
    pub fn reached(mut self, index: usize) -> Coder {
        for l in self.labels.iter_mut().skip(index) {
            *l = None;
        }
        self
    }
}

/// A figure with the observed agreement it was computed from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    /// None when undefined (chance agreement is total, or no item).
    pub value: Option<f64>,
    pub observed: Option<f64>,
    /// Items it was computed over.
    pub items: usize,
}

/// The sentence-level figures for one labelling (four-way, or one tag
/// against the rest).
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceFigures {
    /// Cohen's κ for each pair (i < j).
    pub cohen: Vec<((usize, usize), Figure)>,
    pub fleiss: Figure,
    pub alpha: Figure,
}

/// Span figures for one pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpanFigures {
    pub exact: Prf,
    pub overlap: Prf,
}

/// Precision, recall, F1 (None when there is nothing to divide by).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prf {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub matched: usize,
}

/// A sentence the annotators labelled differently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceDisagreement {
    pub sentence: usize,
    pub labels: Vec<Option<Label>>,
}

/// A span not everyone has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanDisagreement {
    pub tag: Tag,
    pub start: usize,
    pub end: usize,
    /// Who has exactly this span.
    pub has: Vec<bool>,
}

/// Span figures for each pair of annotators (indices, first < second).
pub type PairSpans = Vec<((usize, usize), SpanFigures)>;

/// Everything agreement reports for one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub coders: Vec<String>,
    /// Four-way labels.
    pub overall: SentenceFigures,
    /// Each tag against the rest, in `Tag::ALL` order.
    pub per_tag: Vec<(Tag, SentenceFigures)>,
    /// Spans, per pair, all tags together and per tag.
    pub spans: PairSpans,
    pub spans_per_tag: Vec<(Tag, PairSpans)>,
    pub sentence_disagreements: Vec<SentenceDisagreement>,
    pub span_disagreements: Vec<SpanDisagreement>,
}

/// Why agreement cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgreementError {
    TooFewCoders(usize),
    /// The coders' works are on documents of different lengths.
    DifferentDocuments,
}

impl std::fmt::Display for AgreementError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AgreementError::TooFewCoders(n) => {
                write!(f, "agreement needs at least two annotators, not {n}")
            }
            AgreementError::DifferentDocuments => {
                f.write_str("the annotators' work is not on the same document")
            }
        }
    }
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

/// Cohen's κ of two label columns (None = missing) over `k` labels.
pub fn cohen(a: &[Option<Label>], b: &[Option<Label>], k: usize) -> Figure {
    let mut agree = 0usize;
    let mut n = 0usize;
    let mut ca = vec![0usize; k];
    let mut cb = vec![0usize; k];
    for (x, y) in a.iter().zip(b) {
        if let (Some(x), Some(y)) = (x, y) {
            n += 1;
            agree += usize::from(x == y);
            ca[*x as usize] += 1;
            cb[*y as usize] += 1;
        }
    }
    if n == 0 {
        return Figure {
            value: None,
            observed: None,
            items: 0,
        };
    }
    let nf = n as f64;
    let po = agree as f64 / nf;
    let pe: f64 = ca
        .iter()
        .zip(&cb)
        .map(|(x, y)| (*x as f64 / nf) * (*y as f64 / nf))
        .sum();
    Figure {
        value: ratio(po - pe, 1.0 - pe).filter(|_| (1.0 - pe).abs() > 1e-15),
        observed: Some(po),
        items: n,
    }
}

/// Fleiss' κ over the items every column labelled.
pub fn fleiss(columns: &[Vec<Option<Label>>], k: usize) -> Figure {
    let m = columns.len();
    let items = columns.first().map_or(0, Vec::len);
    let mut counts: Vec<Vec<usize>> = Vec::new();
    for i in 0..items {
        let row: Option<Vec<Label>> = columns.iter().map(|c| c[i]).collect();
        if let Some(row) = row {
            let mut c = vec![0usize; k];
            for l in row {
                c[l as usize] += 1;
            }
            counts.push(c);
        }
    }
    let n = counts.len();
    if n == 0 || m < 2 {
        return Figure {
            value: None,
            observed: None,
            items: n,
        };
    }
    let (nf, mf) = (n as f64, m as f64);
    let mut p_cat = vec![0.0; k];
    let mut p_mean = 0.0;
    for row in &counts {
        let sq: f64 = row.iter().map(|&c| (c * c) as f64).sum();
        p_mean += (sq - mf) / (mf * (mf - 1.0));
        for (j, &c) in row.iter().enumerate() {
            p_cat[j] += c as f64;
        }
    }
    p_mean /= nf;
    let p_exp: f64 = p_cat.iter().map(|c| (c / (nf * mf)).powi(2)).sum();
    Figure {
        value: ratio(p_mean - p_exp, 1.0 - p_exp).filter(|_| (1.0 - p_exp).abs() > 1e-15),
        observed: Some(p_mean),
        items: n,
    }
}

/// Krippendorff's α, nominal, missing data allowed: over the items at
/// least two columns labelled.
pub fn krippendorff(columns: &[Vec<Option<Label>>], k: usize) -> Figure {
    let items = columns.first().map_or(0, Vec::len);
    let mut o = vec![vec![0.0f64; k]; k];
    let mut used = 0;
    for i in 0..items {
        let values: Vec<Label> = columns.iter().filter_map(|c| c[i]).collect();
        let mu = values.len();
        if mu < 2 {
            continue;
        }
        used += 1;
        let mut count = vec![0usize; k];
        for &v in &values {
            count[v as usize] += 1;
        }
        let w = 1.0 / (mu as f64 - 1.0);
        for c in 0..k {
            for d in 0..k {
                let pairs = if c == d {
                    count[c] * count[c].saturating_sub(1)
                } else {
                    count[c] * count[d]
                };
                o[c][d] += pairs as f64 * w;
            }
        }
    }
    let nc: Vec<f64> = o.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = nc.iter().sum();
    if used == 0 || n <= 1.0 {
        return Figure {
            value: None,
            observed: None,
            items: used,
        };
    }
    let mut disagree = 0.0;
    let mut expected = 0.0;
    for c in 0..k {
        for d in 0..k {
            if c != d {
                disagree += o[c][d];
                expected += nc[c] * nc[d];
            }
        }
    }
    Figure {
        value: ratio((n - 1.0) * disagree, expected)
            .map(|r| 1.0 - r)
            .filter(|_| expected > 0.0),
        observed: Some(1.0 - disagree / n),
        items: used,
    }
}

fn sentence_figures(columns: &[Vec<Option<Label>>], k: usize) -> SentenceFigures {
    let m = columns.len();
    let mut cohen_pairs = Vec::new();
    for i in 0..m {
        for j in i + 1..m {
            cohen_pairs.push(((i, j), cohen(&columns[i], &columns[j], k)));
        }
    }
    SentenceFigures {
        cohen: cohen_pairs,
        fleiss: fleiss(columns, k),
        alpha: krippendorff(columns, k),
    }
}

fn prf(matched: usize, first: usize, second: usize) -> Prf {
    Prf {
        precision: ratio(matched as f64, second as f64),
        recall: ratio(matched as f64, first as f64),
        f1: ratio(2.0 * matched as f64, (first + second) as f64),
        matched,
    }
}

/// Span figures of `b` against `a`.
pub fn span_figures(a: &[(Tag, usize, usize)], b: &[(Tag, usize, usize)]) -> SpanFigures {
    let exact = {
        let mut pool: BTreeMap<(Tag, usize, usize), usize> = BTreeMap::new();
        for s in a {
            *pool.entry(*s).or_default() += 1;
        }
        let mut matched = 0;
        for s in b {
            if let Some(n) = pool.get_mut(s).filter(|n| **n > 0) {
                *n -= 1;
                matched += 1;
            }
        }
        prf(matched, a.len(), b.len())
    };
    // Overlapping pairs, found by a sweep: b sorted by start, and only the b
    // spans starting within (a.start - longest b, a.end) can share a point.
    let mut by_start: Vec<usize> = (0..b.len()).collect();
    by_start.sort_by_key(|&j| b[j].1);
    let longest = b.iter().map(|s| s.2.saturating_sub(s.1)).max().unwrap_or(0);
    let mut candidates: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
    for (i, &(ta, sa, ea)) in a.iter().enumerate() {
        let from = sa.saturating_sub(longest);
        let first = by_start.partition_point(|&j| b[j].1 < from);
        for &j in by_start[first..].iter().take_while(|&&j| b[j].1 < ea) {
            let (tb, sb, eb) = b[j];
            let shared = ea.min(eb).saturating_sub(sa.max(sb));
            if ta == tb && shared > 0 {
                candidates.push((shared, sa, sb, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(x.1.cmp(&y.1))
            .then(x.2.cmp(&y.2))
            .then(x.3.cmp(&y.3))
            .then(x.4.cmp(&y.4))
    });
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    let mut matched = 0;
    for (_, _, _, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            matched += 1;
        }
    }
    SpanFigures {
        exact,
        overlap: prf(matched, a.len(), b.len()),
    }
}

/// Agreement among `coders` (two or more, on one document).
pub fn agreement(coders: &[Coder]) -> Result<Report, AgreementError> {
    if coders.len() < 2 {
        return Err(AgreementError::TooFewCoders(coders.len()));
    }
    let n = coders[0].labels.len();
    if coders.iter().any(|c| c.labels.len() != n) {
        return Err(AgreementError::DifferentDocuments);
    }
    let columns: Vec<Vec<Option<Label>>> = coders.iter().map(|c| c.labels.clone()).collect();
    let overall = sentence_figures(&columns, LABELS);
    let per_tag = Tag::ALL
        .into_iter()
        .map(|t| {
            let target = t.index() as Label + 1;
            let binary: Vec<Vec<Option<Label>>> = columns
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|l| l.map(|l| Label::from(l == target)))
                        .collect()
                })
                .collect();
            (t, sentence_figures(&binary, 2))
        })
        .collect();
    let m = coders.len();
    let mut spans = Vec::new();
    let mut spans_per_tag: Vec<(Tag, PairSpans)> =
        Tag::ALL.into_iter().map(|t| (t, Vec::new())).collect();
    for i in 0..m {
        for j in i + 1..m {
            spans.push(((i, j), span_figures(&coders[i].spans, &coders[j].spans)));
            for (t, list) in spans_per_tag.iter_mut() {
                let only = |c: &Coder| -> Vec<(Tag, usize, usize)> {
                    c.spans.iter().filter(|s| s.0 == *t).copied().collect()
                };
                list.push(((i, j), span_figures(&only(&coders[i]), &only(&coders[j]))));
            }
        }
    }
    let sentence_disagreements = (0..n)
        .filter_map(|s| {
            let labels: Vec<Option<Label>> = columns.iter().map(|c| c[s]).collect();
            let given: Vec<Label> = labels.iter().flatten().copied().collect();
            (given.len() >= 2 && given.iter().any(|l| *l != given[0])).then_some(
                SentenceDisagreement {
                    sentence: s,
                    labels,
                },
            )
        })
        .collect();
    let mut all: BTreeMap<(usize, usize, Tag), Vec<bool>> = BTreeMap::new();
    for (i, c) in coders.iter().enumerate() {
        for &(t, s, e) in &c.spans {
            all.entry((s, e, t)).or_insert_with(|| vec![false; m])[i] = true;
        }
    }
    let span_disagreements = all
        .into_iter()
        .filter(|(_, has)| has.iter().any(|h| !h))
        .map(|((start, end, tag), has)| SpanDisagreement {
            tag,
            start,
            end,
            has,
        })
        .collect();
    Ok(Report {
        coders: coders.iter().map(|c| c.name.clone()).collect(),
        overall,
        per_tag,
        spans,
        spans_per_tag,
        sentence_disagreements,
        span_disagreements,
    })
}

#[cfg(test)]
mod tests;
