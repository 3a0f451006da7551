//! Phrases: the text of a token range, and the speaker found around a
//! verb (its subject before it, or the name after an inverted verb or
//! `according to`), trimmed to a noun phrase.

use super::tokens::{Tok, C_ATTR};
use super::words::{
    ARTICLES, BOUNDARY, DETERMINERS, DISCOURSE, HONORIFICS, NAME_CONNECTORS, ORG_WORDS,
    PERSON_RELATIVES, PREPS, PRONOUNS, RELATIVES, SKIP, TIME_LEAD, TIME_WORDS, TITLES,
};

/// Is token `k` an honorific (`Dr`, `Gen`, `Ms`) written before a name?
pub(super) fn is_honorific(toks: &[Tok<'_>], k: usize) -> bool {
    toks.get(k).is_some_and(|t| t.cap() && t.is_any(HONORIFICS))
        && toks
            .get(k + 1)
            .is_some_and(|n| n.cap() && matches!(n.gap.trim(), "" | "."))
}

/// Does the gap before token `k` continue a name (`Dr. Amina`)?
pub(super) fn name_gap(toks: &[Tok<'_>], k: usize) -> bool {
    toks.get(k).is_some_and(|t| {
        t.gap.chars().all(char::is_whitespace) || (k > 0 && is_honorific(toks, k - 1))
    })
}

/// A name particle written in lowercase (`al-Hassan`, `bin`, `van`).
pub(super) fn particle(t: &Tok<'_>) -> bool {
    t.is_any(NAME_CONNECTORS)
        || t.text.split_once('-').is_some_and(|(a, b)| {
            NAME_CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(a))
                && b.chars().next().is_some_and(char::is_uppercase)
        })
}

/// The name written at the start of a sentence (`Reinholt did not …, but
/// said`), for a verb coordinated with the sentence's first one.
pub(super) fn leading_name(toks: &[Tok<'_>]) -> Option<String> {
    let mut end = 0;
    while end < toks.len()
        && !toks[end].quoted
        && (toks[end].cap() || (end > 0 && particle(&toks[end])))
        && (end == 0 || name_gap(toks, end))
    {
        end += 1;
    }
    if end == 0 || end > 5 || toks[0].is_any(ARTICLES) || toks[0].is_any(DISCOURSE) {
        return None;
    }
    let next_lower = toks.get(end).is_some_and(|t| !t.cap() && !t.quoted);
    next_lower.then(|| phrase(toks, 0, end))
}

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
    // `A nurse who asked not to be named said`: the subject is the noun
    // phrase the relative clause hangs on.
    let rel = (end.saturating_sub(8)..end).rev().find(|&r| {
        toks[r].is_any(PERSON_RELATIVES)
            && toks[r..end].iter().all(|t| !t.quoted)
            && toks[r + 1..=end.min(toks.len() - 1)]
                .iter()
                .all(|t| !hard_punct(t.gap) && !t.gap.contains(','))
    });
    if let Some(rel) = rel.filter(|&r| r > 0) {
        let mut lo = rel;
        while lo > 0
            && rel - lo < 6
            && !toks[lo - 1].quoted
            && !toks[lo - 1].is_any(BOUNDARY)
            && !toks[lo - 1].has(C_ATTR)
            && !hard_punct(toks[lo].gap)
            && !toks[lo].gap.contains(',')
        {
            lo -= 1;
        }
        if lo < rel {
            if let Some(np) = noun_phrase(toks, lo, rel) {
                return Some(np);
            }
        }
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
        // `Name, title, said` / `title, Name, said` / `Name, 46, said`;
        // an age or a relative clause in apposition is never the one
        // (`Pell, 68, who bought the club in 2009, said`).
        let aside = |&(l, h): &(usize, usize)| {
            toks[l].is_any(RELATIVES)
                || toks[l..h]
                    .iter()
                    .all(|t| t.text.chars().all(|c| c.is_ascii_digit()))
        };
        let rest: Vec<(usize, usize)> = pieces[1..]
            .iter()
            .copied()
            .filter(|&(l, h)| l < h)
            .filter(|p| !aside(p))
            .collect();
        let b = rest.first().copied();
        let a = rest.get(1).copied();
        match (a, b) {
            (_, Some(b)) if ends_with_name(toks, b) && !a.is_some_and(|a| is_proper(toks, a)) => b,
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
    let mut clause_goes_on = false;
    while end < toks.len() && end - start < 8 {
        let t = &toks[end];
        let dot_of_title = t.gap.trim() == "." && is_honorific(toks, end - 1);
        if t.quoted || t.gap.contains([',', '!', '?']) || hard_punct(t.gap) {
            break;
        }
        if t.gap.contains('.') && !dot_of_title {
            break;
        }
        if !loose && (t.is_any(PREPS) && !t.is("of") || t.is_any(BOUNDARY)) {
            clause_goes_on = t.is_any(BOUNDARY);
            break;
        }
        if loose && t.is_any(RELATIVES) {
            break;
        }
        end += 1;
    }
    if !loose {
        // `said the testimony was consistent`: the words after the verb are
        // its object clause, not an inverted speaker.
        let stops = end == toks.len() || {
            let t = &toks[end];
            t.quoted || t.gap.contains([',', '.', '!', '?']) || hard_punct(t.gap)
        };
        if clause_goes_on || !(stops || toks[end].is_any(PREPS)) {
            return None;
        }
        // `said the group’s director, Thomas Reinholt`: the name in apposition.
        if !first.cap() && end < toks.len() && toks[end].gap.trim() == "," {
            let mut e2 = end + 1;
            while e2 < toks.len()
                && e2 - end <= 5
                && (toks[e2].cap() || particle(&toks[e2]))
                && (e2 == end || name_gap(toks, e2))
            {
                e2 += 1;
            }
            let words: Vec<&str> = toks[end..e2].iter().map(|t| t.text).collect();
            let closes = e2 == toks.len() || !name_gap(toks, e2);
            if e2 - end >= 2 && closes && looks_like_person(&words) && !toks[end].quoted {
                return Some(phrase(toks, end, e2));
            }
        }
    }
    noun_phrase(toks, start, end)
}

/// Is the range a proper name: capitalised words (with name connectors)?
fn is_proper(toks: &[Tok<'_>], (lo, hi): (usize, usize)) -> bool {
    hi > lo
        && hi - lo <= 6
        && toks[lo].cap()
        && !toks[lo].is("the")
        && toks[lo..hi].iter().all(|t| t.cap() || particle(t))
}

/// Does the range end with a name of two or more words (`José María
/// Aznar`, `Fatima al-Hassan`)?
fn ends_with_name(toks: &[Tok<'_>], (lo, hi): (usize, usize)) -> bool {
    let mut r = hi;
    while r > lo && (toks[r - 1].cap() || particle(&toks[r - 1])) && name_gap(toks, r - 1) {
        r -= 1;
    }
    if r > lo && (toks[r - 1].cap() || particle(&toks[r - 1])) {
        r -= 1;
    }
    let words: Vec<&str> = toks[r..hi].iter().map(|t| t.text).collect();
    hi - r >= 2 && looks_like_person(&words)
}

pub(super) fn looks_like_person(words: &[&str]) -> bool {
    let particle_word = |w: &str| {
        NAME_CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(w))
            || w.split_once('-').is_some_and(|(a, b)| {
                NAME_CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(a))
                    && b.chars().next().is_some_and(char::is_uppercase)
            })
    };
    !words.is_empty()
        && words.len() <= 5
        && words.first().is_some_and(|w| !particle_word(w))
        && words.iter().all(|w| {
            (w.chars().next().is_some_and(char::is_uppercase) || particle_word(w))
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
    if hi - lo > 8 {
        // Too long to be a subject, unless it ends with a name (`observers
        // led by former president Olusegun Obasanjo`).
        if !ends_with_name(toks, (lo, hi)) {
            return None;
        }
        lo = hi - 5;
    }
    // Trailing run of capitalised words.
    let mut r = hi;
    while r > lo {
        let t = &toks[r - 1];
        let connector =
            particle(t) && r - 1 > lo && toks[r - 2].cap() && (r < hi || t.text.contains('-'));
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
            // `a copper mining company in southern Peru`: the head is the
            // noun before the prepositional phrase.
            let prep_inside =
                toks[lo].is_any(ARTICLES) && toks[lo + 1..r].iter().any(|t| t.is_any(PREPS));
            if w.is("the") && r - 1 == lo {
                (r, hi)
            } else if w.is_any(PREPS) || w.is_any(DETERMINERS) || w.is("and") || prep_inside {
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
            if !rest.is_empty()
                && looks_like_person(&rest)
                && (rest.len() >= 2 || !toks[tpos].cap())
            {
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
