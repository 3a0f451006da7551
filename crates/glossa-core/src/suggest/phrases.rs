//! Phrases: the text of a token range, and the speaker found around a
//! verb (its subject before it, or the name after an inverted verb or
//! `according to`), trimmed to a noun phrase.

use super::tokens::{Tok, C_ATTR};
use super::words::{
    ARTICLES, BOUNDARY, DETERMINERS, DISCOURSE, NAME_CONNECTORS, ORG_WORDS, PREPS, PRONOUNS,
    RELATIVES, SKIP, TIME_LEAD, TIME_WORDS, TITLES,
};

/// The source text from token `a` to the end of token `b - 1`.
pub(super) fn joined<'t>(text: &'t str, toks: &[Tok<'t>], a: usize, b: usize) -> &'t str {
    if a >= b || b > toks.len() {
        return "";
    }
    let base = text.as_ptr() as usize;
    let start = toks[a].text.as_ptr() as usize - base;
    let last = toks[b - 1];
    let end = last.text.as_ptr() as usize - base + last.text.len();
    text.get(start..end).unwrap_or("")
}

/// Text of tokens `a..b` of one sentence, rebuilt from the tokens and gaps.
fn phrase(toks: &[Tok<'_>], a: usize, b: usize) -> String {
    let mut s = String::new();
    for (k, t) in toks.iter().enumerate().take(b).skip(a) {
        if k > a {
            let g = t.gap;
            if g.chars().all(char::is_whitespace) {
                s.push(' ');
            } else {
                s.push_str(g.trim_start_matches([',', ';']).trim_end());
                if !g.ends_with(['(', '[']) {
                    s.push(' ');
                }
            }
        }
        s.push_str(t.text);
    }
    // Keep a closing dot of an abbreviation (`U.S.`) only inside the phrase.
    s
}

fn hard_punct(gap: &str) -> bool {
    gap.contains([
        '“', '”', '"', '«', '»', '‘', ';', ':', '(', ')', '—', '–', '[', ']',
    ]) || gap.contains(" - ")
}

/// The subject of the verb at `vi`: walks back over adverbs, then collects
/// comma-separated pieces (`X, title, said`), and picks the name.
pub(super) fn subject_before(toks: &[Tok<'_>], vi: usize) -> Option<String> {
    let mut end = vi;
    while end > 0 {
        let p = &toks[end - 1];
        if p.quoted || hard_punct(toks[end].gap) || toks[end].gap.contains(',') || !p.is_any(SKIP) {
            break;
        }
        end -= 1;
    }
    // Pieces, nearest first: (lo, hi) token ranges.
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut hi = end;
    let mut k = end;
    let mut count = 0;
    while k > 0 {
        let gap = toks[k].gap;
        if hard_punct(gap) {
            break;
        }
        if gap.contains(',') {
            pieces.push((k, hi));
            hi = k;
            if pieces.len() >= 4 {
                break;
            }
        }
        let t = &toks[k - 1];
        if t.quoted || count >= 24 {
            break;
        }
        if pieces.is_empty() && (t.is_any(BOUNDARY) || t.has(C_ATTR)) {
            break;
        }
        k -= 1;
        count += 1;
    }
    if pieces.len() < 4 {
        pieces.push((k, hi));
    }
    let (lo, hi) = *pieces.first()?;
    let chosen = if lo < hi {
        (lo, hi)
    } else {
        // `Name, title, said` / `title, Name, said` / `Name, 46, said`.
        let b = pieces.get(1).copied().filter(|&(l, h)| l < h);
        let a = pieces.get(2).copied().filter(|&(l, h)| l < h);
        match (a, b) {
            (Some(a), _) if is_proper(toks, a) => a,
            (_, Some(b)) if is_proper(toks, b) => b,
            (Some(a), _) => a,
            (None, Some(b)) => b,
            (None, None) => return None,
        }
    };
    noun_phrase(toks, chosen.0, chosen.1)
}

/// The phrase after an inverted verb (`said Lena Ortiz, …`) or after
/// `according to`. `loose` accepts any words up to the next comma.
pub(super) fn object_after(toks: &[Tok<'_>], start: usize, loose: bool) -> Option<String> {
    let first = toks.get(start)?;
    if first.quoted || hard_punct(first.gap) && !loose {
        return None;
    }
    // `said commuter Priya Shah`: a lowercase descriptor right before a name.
    let descriptor = !first.cap()
        && toks
            .get(start + 1)
            .is_some_and(|n| n.cap() && !n.quoted && !hard_punct(n.gap) && !n.gap.contains(','));
    if !(loose || first.cap() || descriptor || first.is_any(ARTICLES)) {
        return None;
    }
    if first.is_any(PRONOUNS) && !loose {
        return None;
    }
    let mut end = start + 1;
    while end < toks.len() && end - start < 8 {
        let t = &toks[end];
        if t.quoted || t.gap.contains([',', '.', '!', '?']) || hard_punct(t.gap) {
            break;
        }
        if !loose && (t.is_any(PREPS) && !t.is("of") || t.is_any(BOUNDARY)) {
            break;
        }
        if loose && t.is_any(RELATIVES) {
            break;
        }
        end += 1;
    }
    noun_phrase(toks, start, end)
}

/// Is the range a proper name: capitalised words (with name connectors)?
fn is_proper(toks: &[Tok<'_>], (lo, hi): (usize, usize)) -> bool {
    hi > lo
        && hi - lo <= 6
        && toks[lo].cap()
        && !toks[lo].is("the")
        && toks[lo..hi]
            .iter()
            .all(|t| t.cap() || t.is_any(NAME_CONNECTORS))
}

pub(super) fn looks_like_person(words: &[&str]) -> bool {
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && !ORG_WORDS
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(w.trim_end_matches(['’', '\'', 's'])))
                && !ORG_WORDS.iter().any(|o| o.eq_ignore_ascii_case(w))
        })
        && !words[0].eq_ignore_ascii_case("the")
        && !words
            .last()
            .is_some_and(|w| w.ends_with("’s") || w.ends_with("'s"))
}

/// Turns a subject region into a speaker: trims time words and discourse
/// words, cuts at the last determiner, prefers a trailing proper name and
/// drops job titles in front of it.
fn noun_phrase(toks: &[Tok<'_>], mut lo: usize, mut hi: usize) -> Option<String> {
    // Trailing time expressions: `on Tuesday`, `last month`.
    while hi > lo && toks[hi - 1].is_any(TIME_WORDS) {
        hi -= 1;
        while hi > lo && toks[hi - 1].is_any(TIME_LEAD) {
            hi -= 1;
        }
    }
    while hi > lo && toks[lo].is_any(DISCOURSE) {
        lo += 1;
    }
    if hi <= lo {
        return None;
    }
    // Cut at the last determiner not inside a prepositional phrase.
    for d in (lo + 1..hi).rev() {
        if toks[d].is_any(ARTICLES)
            && !toks[d - 1].is_any(PREPS)
            && !toks[d - 1].is_any(DETERMINERS)
        {
            lo = d;
            break;
        }
    }
    if hi - lo == 1 && toks[lo].is_any(PRONOUNS) {
        return Some(toks[lo].text.to_string());
    }
    if hi - lo > 8 || toks[lo..hi].iter().any(|t| t.digit() && !t.cap()) && hi - lo > 1 {
        // Too long to be a subject, or a figure.
        if hi - lo > 8 {
            return None;
        }
    }
    // Trailing run of capitalised words.
    let mut r = hi;
    while r > lo {
        let t = &toks[r - 1];
        let connector = t.is_any(NAME_CONNECTORS) && r < hi && r - 1 > lo && toks[r - 2].cap();
        if (t.cap() && !t.is_any(ARTICLES)) || connector {
            r -= 1;
        } else {
            break;
        }
    }
    let (mut a, b) = if r < hi {
        if r == lo {
            (lo, hi)
        } else {
            let w = &toks[r - 1];
            if w.is("the") && r - 1 == lo {
                (r, hi)
            } else if w.is_any(PREPS) || w.is_any(DETERMINERS) || w.is("and") {
                (lo, hi)
            } else {
                (r, hi)
            }
        }
    } else {
        (lo, hi)
    };
    // A leading `The` before a capitalised name goes.
    if b - a >= 2 && toks[a].is("the") && toks[a + 1].cap() {
        a += 1;
    }
    // Drop job titles in front of a person's name.
    if toks[a].cap() {
        if let Some(tpos) = (a..b).rev().find(|&k| toks[k].is_any(TITLES)) {
            let rest: Vec<&str> = toks[tpos + 1..b].iter().map(|t| t.text).collect();
            if !rest.is_empty() && looks_like_person(&rest) {
                a = tpos + 1;
            }
        }
    }
    let p = phrase(toks, a, b);
    if p.is_empty() {
        None
    } else {
        Some(p)
    }
}
