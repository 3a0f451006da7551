//! Sentence-level figures: Cohen's κ by pair, Fleiss' κ and Krippendorff's
//! α (nominal, missing data allowed), with the observed and expected
//! agreement, for the four labels and for each tag against the rest.
//!
//! One pass over the sentences fills small integer tables (a 4×4 confusion
//! table per pair; a 4×4 coincidence table per number of labels a sentence
//! got), and every figure, four-way or binary, is read off them: a binary
//! table is the four-way one with the other labels added together. The
//! figures are ratios of integers, so they do not drift with the number of
//! sentences.

use super::work::Label;
use crate::Tag;

/// A label code in a row: 0..4 ([`Label::index`]), or [`MISSING`].
pub(crate) const MISSING: u8 = u8::MAX;

/// Why a figure has no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Undefined {
    /// Nothing to compute it over: no sentence labelled by both (Cohen),
    /// by everyone (Fleiss), by at least two annotators (α).
    NoItems,
    /// Every label given was the same one: chance agreement is total, so
    /// κ and α are 0/0 (the observed agreement is 1).
    OneLabel,
}

impl Undefined {
    /// The code in reports: `no_items`, `one_label`.
    pub fn code(self) -> &'static str {
        match self {
            Undefined::NoItems => "no_items",
            Undefined::OneLabel => "one_label",
        }
    }

    /// A sentence for people.
    pub fn explain(self) -> &'static str {
        match self {
            Undefined::NoItems => "no sentence to compare",
            Undefined::OneLabel => "everyone used one label: chance agreement is total",
        }
    }
}

/// A chance-corrected figure (κ or α) with what it was computed from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub value: Result<f64, Undefined>,
    /// Observed agreement: for Cohen the share of sentences both gave the
    /// same label; for Fleiss the mean share of agreeing pairs (P̄); for α
    /// the share of agreeing pairable values (1 − D_o). `None` when there
    /// is no item.
    pub observed: Option<f64>,
    /// The agreement expected by chance, as each figure defines it.
    pub expected: Option<f64>,
    /// The sentences it was computed over.
    pub items: usize,
}

impl Figure {
    fn none() -> Figure {
        Figure {
            value: Err(Undefined::NoItems),
            observed: None,
            expected: None,
            items: 0,
        }
    }
}

/// The figures of one labelling (the four labels, or one tag against the
/// rest).
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Cohen's κ for each pair of annotators `(i, j)`, `i < j`, in the
    /// order (0, 1), (0, 2), …, (1, 2), …
    pub cohen: Vec<((usize, usize), Figure)>,
    pub fleiss: Figure,
    pub alpha: Figure,
}

/// The sentence-level figures: four-way, and each tag against the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelFigures {
    pub overall: Figures,
    /// In [`Tag::ALL`] order; see [`LabelFigures::tag`].
    pub per_tag: [Figures; 3],
}

impl LabelFigures {
    pub fn tag(&self, t: Tag) -> &Figures {
        &self.per_tag[t.index()]
    }
}

type Table = [[u64; 4]; 4];

/// The integer tables every sentence-level figure is read from.
#[derive(Clone, Debug)]
pub(crate) struct Tally {
    annotators: usize,
    /// Per pair (in [`pairs`] order): `[label of i][label of j]`, over the
    /// sentences both labelled.
    confusion: Vec<Table>,
    /// Indexed by the number `m` of labels a sentence got (2..=annotators):
    /// ordered pairs of labels from different annotators, `[c][d]`.
    coincidence: Vec<Table>,
}

/// The pairs `(i, j)`, `i < j`, of `n` annotators, in report order.
pub(crate) fn pairs(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).flat_map(move |i| (i + 1..n).map(move |j| (i, j)))
}

impl Tally {
    pub(crate) fn new(annotators: usize) -> Tally {
        Tally {
            annotators,
            confusion: vec![[[0; 4]; 4]; annotators * annotators.saturating_sub(1) / 2],
            coincidence: vec![[[0; 4]; 4]; annotators + 1],
        }
    }

    /// Adds one sentence: each annotator's label code, or [`MISSING`].
    pub(crate) fn add(&mut self, row: &[u8]) {
        debug_assert_eq!(row.len(), self.annotators);
        let mut counts = [0u64; 4];
        let mut m = 0;
        for &v in row {
            if let Some(c) = counts.get_mut(usize::from(v)) {
                *c += 1;
                m += 1;
            }
        }
        if m < 2 {
            return;
        }
        let table = &mut self.coincidence[m];
        for (c, row_c) in table.iter_mut().enumerate() {
            if counts[c] == 0 {
                continue;
            }
            for (d, cell) in row_c.iter_mut().enumerate() {
                *cell += counts[c] * (counts[d] - u64::from(c == d));
            }
        }
        let mut p = 0;
        for (i, &x) in row.iter().enumerate() {
            for &y in &row[i + 1..] {
                if x != MISSING && y != MISSING {
                    self.confusion[p][usize::from(x)][usize::from(y)] += 1;
                }
                p += 1;
            }
        }
    }

    /// Four-way and per-tag figures.
    pub(crate) fn figures(&self) -> LabelFigures {
        LabelFigures {
            overall: self.figures_by(&|x| x, 4),
            per_tag: Tag::ALL.map(|t| {
                let code = Label::Tag(t).index();
                self.figures_by(&|x| usize::from(x == code), 2)
            }),
        }
    }

    /// The figures with labels mapped by `fold` onto `0..k`.
    fn figures_by(&self, fold: &dyn Fn(usize) -> usize, k: usize) -> Figures {
        let folded: Vec<Table> = self
            .coincidence
            .iter()
            .map(|t| fold_table(t, fold))
            .collect();
        Figures {
            cohen: pairs(self.annotators)
                .zip(&self.confusion)
                .map(|(pair, t)| (pair, cohen_of(&fold_table(t, fold), k)))
                .collect(),
            fleiss: fleiss_of(&folded, self.annotators, k),
            alpha: alpha_of(&folded, k),
        }
    }
}

fn fold_table(t: &Table, fold: &dyn Fn(usize) -> usize) -> Table {
    let mut out = [[0; 4]; 4];
    for (c, row) in t.iter().enumerate() {
        for (d, &v) in row.iter().enumerate() {
            out[fold(c)][fold(d)] += v;
        }
    }
    out
}

/// `num / den` of integers, rounded once.
fn ratio(num: i128, den: i128) -> f64 {
    num as f64 / den as f64
}

/// Cohen's κ from a confusion table: κ = (p_o − p_e) / (1 − p_e), p_e from
/// each annotator's own label shares.
fn cohen_of(t: &Table, k: usize) -> Figure {
    let n: u64 = t.iter().flatten().sum();
    if n == 0 {
        return Figure::none();
    }
    let agree: u64 = (0..k).map(|c| t[c][c]).sum();
    let rows: Vec<u64> = (0..k).map(|c| t[c].iter().sum()).collect();
    let cols: Vec<u64> = (0..k).map(|c| t.iter().map(|r| r[c]).sum()).collect();
    let s: i128 = rows
        .iter()
        .zip(&cols)
        .map(|(&r, &c)| i128::from(r) * i128::from(c))
        .sum();
    let (n, agree) = (i128::from(n), i128::from(agree));
    Figure {
        value: if s == n * n {
            Err(Undefined::OneLabel)
        } else {
            Ok(ratio(n * agree - s, n * n - s))
        },
        observed: Some(ratio(agree, n)),
        expected: Some(ratio(s, n * n)),
        items: n as usize,
    }
}

/// Fleiss' κ over the sentences every annotator labelled: those are the
/// coincidences of sentences with `annotators` labels.
fn fleiss_of(coincidence: &[Table], annotators: usize, k: usize) -> Figure {
    let Some(t) = coincidence.get(annotators).filter(|_| annotators >= 2) else {
        return Figure::none();
    };
    let m = annotators as i128;
    // Each label of a complete sentence pairs with the m − 1 others.
    let totals: Vec<i128> = (0..k)
        .map(|c| t[c].iter().map(|&v| i128::from(v)).sum::<i128>() / (m - 1))
        .collect();
    let values: i128 = totals.iter().sum();
    if values == 0 {
        return Figure::none();
    }
    let items = values / m;
    let agreeing: i128 = (0..k).map(|c| i128::from(t[c][c])).sum();
    let s: i128 = totals.iter().map(|c| c * c).sum();
    let q = values;
    // P̄ = agreeing / (N·m·(m − 1)), P_e = Σ T_c² / (N·m)².
    Figure {
        value: if s == q * q {
            Err(Undefined::OneLabel)
        } else {
            Ok(ratio(agreeing * q - s * (m - 1), (m - 1) * (q * q - s)))
        },
        observed: Some(ratio(agreeing, q * (m - 1))),
        expected: Some(ratio(s, q * q)),
        items: items as usize,
    }
}

/// Krippendorff's α, nominal: the coincidences of every sentence with two
/// labels or more, each weighted 1 / (labels − 1).
fn alpha_of(coincidence: &[Table], k: usize) -> Figure {
    let mut n_c = [0i128; 4];
    let mut diagonal = 0.0f64;
    let mut items = 0i128;
    for (m, t) in coincidence.iter().enumerate().skip(2) {
        let w = (m - 1) as i128;
        let mut pairs = 0i128;
        for (c, row) in t.iter().enumerate().take(k) {
            let r: i128 = row.iter().map(|&v| i128::from(v)).sum();
            pairs += r;
            n_c[c] += r / w;
        }
        diagonal += (0..k).map(|c| t[c][c] as f64).sum::<f64>() / w as f64;
        items += pairs / (m as i128 * w);
    }
    let n: i128 = n_c.iter().sum();
    if n == 0 {
        return Figure::none();
    }
    let s: i128 = n_c.iter().map(|c| c * c).sum();
    let nf = n as f64;
    Figure {
        // α = 1 − (n − 1)·(n − Σ o_cc) / (n² − Σ n_c²)
        value: if s == n * n {
            Err(Undefined::OneLabel)
        } else {
            Ok(1.0 - (nf - 1.0) * (nf - diagonal) / (n * n - s) as f64)
        },
        observed: Some(diagonal / nf),
        expected: Some(ratio(s - n, n * (n - 1))),
        items: items as usize,
    }
}

fn codes(column: &[Option<Label>]) -> impl Iterator<Item = u8> + '_ {
    column
        .iter()
        .map(|l| l.map_or(MISSING, |l| l.index() as u8))
}

/// The sentence-level figures of label columns (one per annotator, all of
/// one length; `None` = missing), without spans or disagreements.
pub fn label_figures(columns: &[&[Option<Label>]]) -> LabelFigures {
    let mut tally = Tally::new(columns.len());
    let n = columns.iter().map(|c| c.len()).min().unwrap_or(0);
    let mut its: Vec<_> = columns.iter().map(|c| codes(c)).collect();
    let mut row = vec![MISSING; columns.len()];
    for _ in 0..n {
        for (slot, it) in row.iter_mut().zip(its.iter_mut()) {
            *slot = it.next().unwrap_or(MISSING);
        }
        tally.add(&row);
    }
    tally.figures()
}

/// Cohen's κ (four labels) of two columns, over the sentences both
/// labelled.
pub fn cohen(a: &[Option<Label>], b: &[Option<Label>]) -> Figure {
    label_figures(&[a, b]).overall.cohen[0].1
}
