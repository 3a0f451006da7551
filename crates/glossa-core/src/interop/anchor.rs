//! Finding an imported annotation's place in a document, as Hypothesis does.
//!
//! For each [`Quote`] (the exact text, up to 32 code points of context on
//! each side, and maybe its old offsets), in this order:
//!
//! 1. **Offsets.** If the file's text is this text (fingerprints match) and
//!    the document holds `exact` at the old offsets: placed there,
//!    [`Placement::Exact`].
//! 2. **Exact quote.** Every occurrence of `exact` in the text is a
//!    candidate; the one whose surroundings agree best with `prefix` and
//!    `suffix` wins, ties going to the one closest to the old position.
//!    [`Placement::Reanchored`].
//! 3. **Approximate.** Candidate regions come from where pieces of the quote
//!    and of its context still occur exactly, and from the old position
//!    shifted like its nearest placed neighbour. In each region an edit
//!    distance search (Sellers' algorithm) finds the closest passage. The
//!    best by `50 × quote similarity + 20 × prefix agreement + 20 × suffix
//!    agreement + 2 × closeness` wins if its quote similarity (1 − edit
//!    distance / quote length) is at least [`MIN_SIMILARITY`].
//!    [`Placement::Reanchored`].
//! 4. Otherwise it cannot be placed, with the reason.
//!
//! A placed range must lie inside one sentence: a range crossing a sentence
//! boundary is cut to the sentence holding most of it. When it then covers
//! the whole sentence it is a sentence annotation, otherwise a span.
//!
//! Cost: steps 2 and 3 look up all quotes in one pass over the text per
//! needle length (a rolling hash of at most 16 code points, checked
//! character by character), so a 2 MB text with 5,000 quotes takes a few
//! passes, not 5,000. The edit distance search only runs on the quotes left
//! over, in at most [`MAX_REGIONS`] windows of about 1.5 × the quote length.

use crate::annotation::{Placement, Tag, Target};
use crate::article::Document;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Lowest quote similarity an approximate match may have.
pub const MIN_SIMILARITY: f64 = 0.75;
/// Most regions searched approximately for one quote.
pub const MAX_REGIONS: usize = 8;
/// Quotes longer than this (code points) are only found exactly.
pub const MAX_FUZZY_LEN: usize = 4_000;
/// Candidates kept per quote for the exact step.
const TOP_CANDIDATES: usize = 8;
/// Longest needle prefix hashed when looking up quotes.
const KMAX: usize = 16;
/// Most occurrences kept for one needle.
const MAX_HITS: usize = 20_000;
/// Scoring weights (Hypothesis' values).
const W_QUOTE: f64 = 50.0;
const W_PREFIX: f64 = 20.0;
const W_SUFFIX: f64 = 20.0;
const W_POS: f64 = 2.0;

/// What is known of an annotation's place in its own text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quote {
    /// The annotated text.
    pub exact: String,
    /// Text just before and after it (Glossa keeps 32 code points).
    pub prefix: String,
    pub suffix: String,
    /// Old offsets, in code points, if the file gave them.
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// The file's text fingerprint equals the document's.
    pub same_text: bool,
    /// Whether it covered a whole sentence in its own text, if known. An
    /// approximate match of a sentence annotation that ends within a few
    /// characters of a sentence's edges is widened to the whole sentence.
    pub sentence: Option<bool>,
    /// Its tag: two annotations with the same tag are not put on the same
    /// words when the quote occurs elsewhere too.
    pub tag: Option<Tag>,
}

/// A whole sentence holds one annotation; a span range one per tag.
type Key = (usize, usize, Option<Tag>);

fn key(doc: &Document, start: usize, end: usize, tag: Option<Tag>) -> Key {
    let whole = doc
        .sentence_at(start)
        .is_some_and(|s| (s.start, s.end) == (start, end));
    (start, end, if whole { None } else { tag })
}

/// Where a quote was placed and how, or why it could not be.
pub type Anchored = Result<(Target, Placement), String>;

/// Places every quote in `doc`; one result per quote, in order.
pub fn anchor_all(doc: &Document, quotes: &[Quote]) -> Vec<Anchored> {
    let mut out: Vec<Option<Anchored>> = vec![None; quotes.len()];
    // 1. Offsets, when the text is the same.
    for (i, q) in quotes.iter().enumerate() {
        if q.exact.is_empty() {
            out[i] = Some(Err(
                "it has no quoted text (\"exact\") to look for".to_string()
            ));
            continue;
        }
        if let (true, Some(s), Some(e)) = (q.same_text, q.start, q.end) {
            if s < e && doc.slice(s, e) == Some(q.exact.as_str()) {
                out[i] = Some(fit(doc, s, e, q, Placement::Exact, false));
            }
        }
    }
    if out.iter().all(Option::is_some) {
        return out.into_iter().flatten().collect();
    }
    let chars: Vec<char> = doc.text.chars().collect();
    let n = chars.len();

    // 2. The exact quote anywhere, best context wins.
    let pending: Vec<usize> = (0..quotes.len()).filter(|&i| out[i].is_none()).collect();
    let needles: Vec<Vec<char>> = pending
        .iter()
        .map(|&i| quotes[i].exact.chars().collect())
        .collect();
    let hits = multi_find(&chars, &needles);
    // Ranges already given: a whole sentence once, a span once per tag.
    let mut taken: HashSet<Key> = out
        .iter()
        .zip(quotes)
        .filter_map(|(a, q)| match a {
            Some(Ok((t, _))) => Some(key(doc, t.start, t.end, q.tag)),
            _ => None,
        })
        .collect();
    // Best candidates first over all quotes, so a quote repeated in the
    // text goes to the annotation whose context and position fit it best.
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new(); // (score, k, position)
    for (k, &i) in pending.iter().enumerate() {
        let q = &quotes[i];
        let m = needles[k].len();
        let prefix: Vec<char> = q.prefix.chars().collect();
        let suffix: Vec<char> = q.suffix.chars().collect();
        let mut scored: Vec<(f64, usize, usize)> = hits[k]
            .iter()
            .map(|&p| {
                let (pre, suf) = context_agreement(&chars, p, p + m, &prefix, &suffix);
                let score = W_PREFIX * pre + W_SUFFIX * suf + W_POS * closeness(p, q.start, n);
                (score, k, p)
            })
            .collect();
        crate::sort::sort_by(&mut scored, |a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
        scored.truncate(TOP_CANDIDATES);
        pairs.extend(scored);
    }
    crate::sort::sort_by(&mut pairs, |a, b| {
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    });
    let mut first_choice: Vec<Option<usize>> = vec![None; pending.len()];
    for &(_, k, p) in &pairs {
        let i = pending[k];
        first_choice[k].get_or_insert(p);
        if out[i].is_some() {
            continue;
        }
        let q = &quotes[i];
        let m = needles[k].len();
        let placed = fit(doc, p, p + m, q, Placement::Reanchored, false);
        if let Ok((t, _)) = &placed {
            if !taken.insert(key(doc, t.start, t.end, q.tag)) {
                continue;
            }
        }
        out[i] = Some(placed);
    }
    // Every candidate already given to another: the best one anyway.
    for (k, &i) in pending.iter().enumerate() {
        if let (None, Some(p)) = (&out[i], first_choice[k]) {
            out[i] = Some(fit(
                doc,
                p,
                p + needles[k].len(),
                &quotes[i],
                Placement::Reanchored,
                false,
            ));
        }
    }

    // 3. Approximately, near where the neighbours moved and where pieces of
    // the quote or its context still occur.
    let rest: Vec<usize> = (0..quotes.len()).filter(|&i| out[i].is_none()).collect();
    if !rest.is_empty() {
        let shifts = Shifts::new(quotes, &out);
        let mut pieces: Vec<Vec<char>> = Vec::new();
        // (quote, offset from the piece's position to the quote's start)
        let mut owner: Vec<(usize, i64)> = Vec::new();
        let mut prepared = Vec::with_capacity(rest.len());
        for &i in &rest {
            let q = &quotes[i];
            let exact: Vec<char> = q.exact.chars().collect();
            let prefix: Vec<char> = q.prefix.chars().collect();
            let suffix: Vec<char> = q.suffix.chars().collect();
            let m = exact.len();
            if m <= MAX_FUZZY_LEN {
                for (from, len) in chunks(m) {
                    pieces.push(exact[from..from + len].to_vec());
                    owner.push((i, -(from as i64)));
                }
                if prefix.len() >= 8 {
                    let len = prefix.len().min(KMAX);
                    pieces.push(prefix[prefix.len() - len..].to_vec());
                    owner.push((i, len as i64));
                }
                if suffix.len() >= 8 {
                    let len = suffix.len().min(KMAX);
                    pieces.push(suffix[..len].to_vec());
                    owner.push((i, -(m as i64)));
                }
            }
            prepared.push((i, exact, prefix, suffix));
        }
        let piece_hits = multi_find(&chars, &pieces);
        let mut implied: HashMap<usize, Vec<usize>> = HashMap::new();
        for (k, hs) in piece_hits.iter().enumerate() {
            let (i, off) = owner[k];
            let v = implied.entry(i).or_default();
            for &h in hs {
                let s = h as i64 + off;
                if s >= 0 && (s as usize) <= n {
                    v.push(s as usize);
                }
            }
        }
        for (i, exact, prefix, suffix) in prepared {
            let q = &quotes[i];
            let m = exact.len();
            if m > MAX_FUZZY_LEN {
                out[i] = Some(Err(format!(
                    "its text was not found exactly, and it is too long ({m} characters) to look for approximately"
                )));
                continue;
            }
            let expected = q.start.map(|s| shifts.map(s, n));
            let starts = implied.remove(&i).unwrap_or_default();
            let regions = regions(starts, expected, q.start.map(|s| s.min(n)), m);
            let slack = m / 4 + 8;
            let mut best: Option<(f64, f64, usize, usize)> = None; // score, sim, start, end
            let mut best_sim = 0.0f64;
            for r in regions {
                let a = r.saturating_sub(slack);
                let b = (r + m + slack).min(n);
                if a >= b {
                    continue;
                }
                let Some((s, e, d)) = approx(&chars[a..b], &exact) else {
                    continue;
                };
                let sim = 1.0 - d as f64 / m as f64;
                best_sim = best_sim.max(sim);
                if sim < MIN_SIMILARITY || e == s {
                    continue;
                }
                let (s, e) = (a + s, a + e);
                let (pre, suf) = context_agreement(&chars, s, e, &prefix, &suffix);
                let score = W_QUOTE * sim
                    + W_PREFIX * pre
                    + W_SUFFIX * suf
                    + W_POS * closeness(s, expected, n);
                if best.is_none_or(|b| score > b.0) {
                    best = Some((score, sim, s, e));
                }
            }
            out[i] = Some(match best {
                Some((_, _, s, e)) => fit(doc, s, e, q, Placement::Reanchored, true),
                None if best_sim > 0.0 => Err(format!(
                    "its text was not found: the closest passage is only {}% similar ({}% is needed)",
                    (best_sim * 100.0).floor(),
                    (MIN_SIMILARITY * 100.0).round()
                )),
                None => Err("its text was not found in this document, not even approximately"
                    .to_string()),
            });
        }
    }
    out.into_iter()
        .map(|a| a.unwrap_or_else(|| Err("it could not be placed".to_string())))
        .collect()
}

/// Cuts `[s, e)` to the sentence holding most of it; widens an approximate
/// match of a sentence annotation to its sentence when it ends near both edges.
fn fit(
    doc: &Document,
    s: usize,
    e: usize,
    q: &Quote,
    how: Placement,
    approximate: bool,
) -> Anchored {
    let mut k = doc.sentences.partition_point(|x| x.end <= s);
    let mut best: Option<(usize, usize)> = None; // (overlap, index)
    while let Some(sent) = doc.sentences.get(k) {
        if sent.start >= e {
            break;
        }
        let overlap = e.min(sent.end).saturating_sub(s.max(sent.start));
        if overlap > 0 && best.is_none_or(|b| overlap > b.0) {
            best = Some((overlap, k));
        }
        k += 1;
    }
    let Some((_, k)) = best else {
        return Err(
            "its text lies outside the article's sentences (in the title or the header)"
                .to_string(),
        );
    };
    let sent = &doc.sentences[k];
    let (mut cs, mut ce) = (s.max(sent.start), e.min(sent.end));
    if approximate && q.sentence == Some(true) {
        let tol = ((sent.end - sent.start) / 10).max(3);
        if cs - sent.start <= tol && sent.end - ce <= tol {
            (cs, ce) = (sent.start, sent.end);
        }
    }
    let how = if (cs, ce) == (s, e) {
        how
    } else {
        Placement::Reanchored
    };
    Ok((
        Target {
            sentence: sent.id,
            start: cs,
            end: ce,
        },
        how,
    ))
}

/// How far placed quotes moved, to guess where their neighbours went.
struct Shifts {
    /// (old start, new start − old start), sorted by old start.
    by_old: Vec<(usize, i64)>,
}

impl Shifts {
    fn new(quotes: &[Quote], out: &[Option<Anchored>]) -> Shifts {
        let mut by_old: Vec<(usize, i64)> = quotes
            .iter()
            .zip(out)
            .filter_map(|(q, a)| match (q.start, a) {
                (Some(old), Some(Ok((t, _)))) => Some((old, t.start as i64 - old as i64)),
                _ => None,
            })
            .collect();
        crate::sort::sort(&mut by_old);
        Shifts { by_old }
    }

    /// The old position `old` moved like its nearest placed neighbour.
    fn map(&self, old: usize, n: usize) -> usize {
        let k = self.by_old.partition_point(|&(o, _)| o < old);
        let near = [k.checked_sub(1), Some(k)]
            .into_iter()
            .flatten()
            .filter_map(|j| self.by_old.get(j))
            .min_by_key(|(o, _)| o.abs_diff(old));
        let delta = near.map_or(0, |&(_, d)| d);
        let old = i64::try_from(old).unwrap_or(i64::MAX);
        old.saturating_add(delta).clamp(0, n as i64) as usize
    }
}

/// Where to cut pieces out of a quote of `m` code points: up to five chunks
/// of 8 to 24 code points spread over it; none for quotes under 16.
fn chunks(m: usize) -> Vec<(usize, usize)> {
    if m < 16 {
        return Vec::new();
    }
    let len = (m / 5).clamp(8, 24);
    let count = 5.min(m / len);
    let span = m - len;
    (0..count)
        .map(|j| (if count > 1 { span * j / (count - 1) } else { 0 }, len))
        .collect()
}

/// Region start guesses for one quote, best first: clusters of implied
/// starts by votes, then the expected and old positions.
fn regions(
    mut starts: Vec<usize>,
    expected: Option<usize>,
    old: Option<usize>,
    m: usize,
) -> Vec<usize> {
    let slack = m / 4 + 8;
    crate::sort::sort(&mut starts);
    let mut clusters: Vec<(usize, usize)> = Vec::new(); // (votes, start)
    let mut j = 0;
    while j < starts.len() {
        let first = starts[j];
        let mut k = j;
        while k < starts.len() && starts[k] - first <= slack {
            k += 1;
        }
        clusters.push((k - j, starts[j + (k - j) / 2]));
        j = k;
    }
    let dist = |s: usize| expected.map_or(0, |e| e.abs_diff(s));
    crate::sort::sort_by(&mut clusters, |a, b| {
        b.0.cmp(&a.0).then(dist(a.1).cmp(&dist(b.1)))
    });
    let mut out: Vec<usize> = Vec::new();
    for s in expected.into_iter().chain(old) {
        out.push(s);
    }
    for (_, s) in clusters {
        if out.len() >= MAX_REGIONS {
            break;
        }
        if out.iter().all(|&o| o.abs_diff(s) > slack / 2) {
            out.push(s);
        }
    }
    // Bound the edit distance work for long quotes: about 5e7 cells.
    let per_region = m.saturating_mul(m + 2 * slack).max(1);
    let budget = (50_000_000 / per_region).clamp(1, MAX_REGIONS);
    out.truncate(budget);
    out
}

/// 1 at the expected position, falling linearly to 0 a text length away.
fn closeness(p: usize, expected: Option<usize>, n: usize) -> f64 {
    match expected {
        Some(e) if n > 0 => 1.0 - (p.abs_diff(e).min(n) as f64 / n as f64),
        _ => 0.0,
    }
}

/// How much of `prefix` ends right before `start` and of `suffix` begins
/// right at `end` (0 to 1 each; an empty context agrees fully).
fn context_agreement(
    chars: &[char],
    start: usize,
    end: usize,
    prefix: &[char],
    suffix: &[char],
) -> (f64, f64) {
    let pre = if prefix.is_empty() {
        1.0
    } else {
        let k = prefix
            .iter()
            .rev()
            .zip(chars[..start.min(chars.len())].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        k as f64 / prefix.len() as f64
    };
    let suf = if suffix.is_empty() {
        1.0
    } else {
        let k = suffix
            .iter()
            .zip(chars.get(end..).unwrap_or_default())
            .take_while(|(a, b)| a == b)
            .count();
        k as f64 / suffix.len() as f64
    };
    (pre, suf)
}

/// The passage of `hay` closest to `pat` by edit distance (Sellers): its
/// `(start, end, distance)`. `None` for an empty pattern.
pub fn approx(hay: &[char], pat: &[char]) -> Option<(usize, usize, usize)> {
    let m = pat.len();
    if m == 0 {
        return None;
    }
    // Column over the pattern: (cost, start in hay) for each prefix length.
    let mut prev: Vec<(u32, u32)> = (0..=m).map(|i| (i as u32, 0)).collect();
    let mut cur = prev.clone();
    let mut best = (m, 0usize, 0usize); // (distance, start, end): empty match
    for (j, &h) in hay.iter().enumerate() {
        cur[0] = (0, (j + 1) as u32);
        for i in 1..=m {
            let sub = (prev[i - 1].0 + u32::from(pat[i - 1] != h), prev[i - 1].1);
            let skip_hay = (prev[i].0 + 1, prev[i].1);
            let skip_pat = (cur[i - 1].0 + 1, cur[i - 1].1);
            let mut c = sub;
            if skip_hay.0 < c.0 {
                c = skip_hay;
            }
            if skip_pat.0 < c.0 {
                c = skip_pat;
            }
            cur[i] = c;
        }
        let (d, s) = cur[m];
        if (d as usize) < best.0 {
            best = (d as usize, s as usize, j + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some((best.1, best.2, best.0))
}

/// Every occurrence (code point position) of each needle in `chars`, at most
/// [`MAX_HITS`] each. One pass over the text per distinct hashed length.
pub fn multi_find(chars: &[char], needles: &[Vec<char>]) -> Vec<Vec<usize>> {
    const B: u64 = 0x0000_0100_0000_01b3;
    let mut hits: Vec<Vec<usize>> = vec![Vec::new(); needles.len()];
    let mut by_k: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, nd) in needles.iter().enumerate() {
        if !nd.is_empty() && nd.len() <= chars.len() {
            by_k.entry(nd.len().min(KMAX)).or_default().push(i);
        }
    }
    let hash = |s: &[char]| {
        s.iter()
            .fold(0u64, |h, &c| h.wrapping_mul(B).wrapping_add(c as u64))
    };
    let mut ks: Vec<usize> = by_k.keys().copied().collect();
    crate::sort::sort(&mut ks);
    for k in ks {
        let ids = &by_k[&k];
        let mut table: HashMap<u64, Vec<usize>, BuildHasherDefault<MixHasher>> = HashMap::default();
        for &i in ids {
            table.entry(hash(&needles[i][..k])).or_default().push(i);
        }
        let pow = (1..k).fold(1u64, |p, _| p.wrapping_mul(B));
        let mut h = 0u64;
        for (j, &c) in chars.iter().enumerate() {
            if j >= k {
                h = h.wrapping_sub((chars[j - k] as u64).wrapping_mul(pow));
            }
            h = h.wrapping_mul(B).wrapping_add(c as u64);
            if j + 1 < k {
                continue;
            }
            let Some(cands) = table.get(&h) else {
                continue;
            };
            let pos = j + 1 - k;
            for &i in cands {
                let nd = &needles[i];
                if hits[i].len() < MAX_HITS && chars.get(pos..pos + nd.len()) == Some(nd.as_slice())
                {
                    hits[i].push(pos);
                }
            }
        }
    }
    hits
}

/// A cheap hasher for keys that are already hashes.
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cs(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn multi_find_finds_all_lengths() {
        let text = cs("the cat sat on the mat with the other cat");
        let needles = vec![cs("cat"), cs("the"), cs("on the mat with the"), cs("dog")];
        let hits = multi_find(&text, &needles);
        assert_eq!(hits[0], vec![4, 38]);
        assert_eq!(hits[1], vec![0, 15, 28, 33]);
        assert_eq!(hits[2], vec![12]);
        assert!(hits[3].is_empty());
    }

    #[test]
    fn approx_finds_a_typo_fix() {
        let hay = cs("xx The quick brown fox jumps yy");
        let (s, e, d) = approx(&hay, &cs("The quikc brown fox jumps")).unwrap_or_default();
        assert_eq!((s, e, d), (3, 28, 2));
    }

    #[test]
    fn chunks_cover_the_quote() {
        assert!(chunks(10).is_empty());
        assert_eq!(chunks(40), vec![(0, 8), (8, 8), (16, 8), (24, 8), (32, 8)]);
        for m in 16..300 {
            for (f, l) in chunks(m) {
                assert!(f + l <= m);
            }
        }
    }
}
