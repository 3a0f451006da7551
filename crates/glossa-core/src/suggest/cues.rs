//! Cue finders: each looks at one sentence's tokens for one kind of
//! evidence (boilerplate, an attribution verb, a denial, reported speech, an
//! accusation, `according to`, a figure) and says where it is.

use super::phrases::{leading_name, object_after, subject_before};
use super::tokens::{Tok, C_ACCUSE, C_ATTR, C_ATTR_STRONG, C_DENY, C_REJECT, C_STRONG_DENIAL};
use super::words::{
    ARTICLES, BOILERPLATE, CALL_VERBS, CLAIM_NOUNS, CLAIM_NOUN_LEAD, CLAIM_VERBS, CLOCK,
    COORDINATORS, COPULAS, DENIED_THINGS, DENY_VERBS, DETERMINERS, INTENSIFIERS, LIE_WORDS, MONTHS,
    NEGATED_AUX, NO_ANY, NO_COMMENT, NO_INVERTED_SPEAKER, OBJ_FILLER, PASSIVE_AUX, REFUSALS,
    REFUTE_VERBS, REJECT_VERBS, RESPONSIBLE_LEAD, SAY_TO, SCALES, SKIP,
};

pub(super) fn is_boilerplate(text: &str) -> bool {
    let t = text.trim_start().as_bytes();
    let starts = |p: &str| t.len() >= p.len() && t[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let contains = |p: &str| {
        t.windows(p.len())
            .any(|w| w.eq_ignore_ascii_case(p.as_bytes()))
    };
    BOILERPLATE.iter().any(|b| starts(b))
        || (contains("comment") && NO_COMMENT.iter().any(|b| contains(b)))
}

/// Is token `i` an attribution verb (or `according to`)? Returns the cue
/// and the raw speaker (subject, or the phrase after the verb).
/// `indirect` restricts to verbs that may introduce reported speech.
pub(super) fn attribution_at(
    toks: &[Tok<'_>],
    i: usize,
    indirect: bool,
) -> Option<(String, Option<String>)> {
    let t = toks.get(i)?;
    if t.quoted {
        return None;
    }
    if t.is("according") {
        let next = toks.get(i + 1)?;
        if !next.is("to") || next.quoted || indirect {
            return None;
        }
        let who = object_after(toks, i + 2, true);
        return Some((format!("{} {}", t.text, next.text), who));
    }
    if !t.has(C_ATTR) || (indirect && !t.has(C_ATTR_STRONG)) {
        return None;
    }
    if i > 0 {
        let p = &toks[i - 1];
        if p.is_any(DETERMINERS) || p.is("to") || p.negation() {
            return None;
        }
        // Passive (`was told`, `is said to`), except `quoted as saying`.
        if p.is_any(PASSIVE_AUX) || (i > 1 && toks[i - 2].is_any(PASSIVE_AUX) && p.is_any(SKIP)) {
            return None;
        }
        if i > 1 && toks[i - 2].negation() && p.is_any(NEGATED_AUX) {
            return None;
        }
    }
    if toks.get(i + 1).is_some_and(|n| n.is("to") && !t.is("told")) {
        // `said to be`, `claimed to have` (not `told to`… which is passive anyway).
        if !t.is_any(SAY_TO) || toks.get(i + 2).is_some_and(|n| n.is("be")) {
            return None;
        }
    }
    let who = subject_before(toks, i)
        .or_else(|| {
            if t.is_any(NO_INVERTED_SPEAKER) {
                None
            } else {
                object_after(toks, i + 1, false)
            }
        })
        .or_else(|| {
            // `Reinholt did not deny …, but said …`: the sentence's subject.
            let coordinated = i > 0 && toks[i - 1].is_any(COORDINATORS) && !toks[i - 1].quoted;
            coordinated.then(|| leading_name(toks)).flatten()
        });
    Some((t.text.to_string(), who))
}

pub(super) struct DenialHit {
    pub(super) cue: String,
    pub(super) quoted: bool,
    pub(super) strong: bool,
    /// Index of the denial verb, for finding who denies.
    pub(super) verb: Option<usize>,
}

fn negated_before(toks: &[Tok<'_>], i: usize) -> bool {
    let lo = i.saturating_sub(3);
    toks[lo..i]
        .iter()
        .any(|t| t.negation() || t.is_any(REFUSALS))
        || (i > 0 && toks[i - 1].is_any(NO_ANY))
}

pub(super) fn find_denial(toks: &[Tok<'_>]) -> Option<DenialHit> {
    // Outside quotation marks: strong hits return at once, weak ones wait;
    // strong hits inside quoted words come last.
    let mut weak: Option<DenialHit> = None;
    let mut inside: Option<DenialHit> = None;
    let has_speech_verb = toks.iter().any(|t| !t.quoted && t.has(C_ATTR_STRONG));
    macro_rules! return_or_keep {
        ($h:expr) => {{
            let h = $h;
            if h.quoted {
                if inside.is_none() {
                    inside = Some(h);
                }
                continue;
            }
            return Some(h);
        }};
    }
    for i in 0..toks.len() {
        let t = &toks[i];
        let next = |k: usize| toks.get(i + k);
        let hit = |cue: String, strong: bool, verb: Option<usize>| DenialHit {
            cue,
            quoted: t.quoted,
            strong,
            verb,
        };
        if t.has(C_DENY) {
            if negated_before(toks, i) {
                continue;
            }
            if t.is("denial") && next(1).is_some_and(|n| n.is("of")) {
                continue;
            }
            // Passive `was denied bail` (but `was denied by the ministry` counts).
            let passive = i > 0 && toks[i - 1].is_any(PASSIVE_AUX);
            if passive && !next(1).is_some_and(|n| n.is("by")) {
                continue;
            }
            // `denied (him) entry/access/bail/a visa…`
            let mut k = i + 1;
            while k < toks.len() && k <= i + 3 && toks[k].is_any(OBJ_FILLER) {
                k += 1;
            }
            if toks.get(k).is_some_and(|o| o.is_any(DENIED_THINGS)) {
                continue;
            }
            return_or_keep!(hit(t.text.to_string(), true, Some(i)))
        }
        if t.has(C_STRONG_DENIAL) {
            if negated_before(toks, i) && !t.is("categorically") {
                continue;
            }
            let verb = (i..toks.len().min(i + 3)).find(|&k| {
                toks[k].is_any(DENY_VERBS)
                    || toks[k].is_any(REJECT_VERBS)
                    || toks[k].is_any(REFUTE_VERBS)
            });
            return_or_keep!(hit(t.text.to_string(), true, verb.or(Some(i))));
        }
        // Two- and four-word cues.
        let pair = |a: &str, b: &str| t.is(a) && next(1).is_some_and(|n| n.is(b));
        if pair("no", "truth") || pair("no", "basis") {
            return_or_keep!(hit(format!("{} {}", t.text, toks[i + 1].text), true, None));
        }
        if (pair("not", "true")
            || (t.text.ends_with("n’t") || t.text.ends_with("n't"))
                && next(1).is_some_and(|n| n.is("true")))
            && !next(2).is_some_and(|n| n.is("that"))
        {
            return_or_keep!(hit(format!("{} {}", t.text, toks[i + 1].text), true, None));
        }
        if t.is("nothing")
            && next(1).is_some_and(|n| n.is("to"))
            && next(2).is_some_and(|n| n.is("do"))
            && next(3).is_some_and(|n| n.is("with"))
        {
            return_or_keep!(hit("nothing to do with".to_string(), true, None));
        }
        if t.is_any(LIE_WORDS) {
            // `is lying`, `is a lie`, `are lies` (not `lies ahead`).
            let mut k = i;
            if k > 0 && toks[k - 1].is_any(ARTICLES) {
                k -= 1;
            }
            if k > 0 && toks[k - 1].is_any(COPULAS) && !negated_before(toks, k - 1) {
                return_or_keep!(hit(t.text.to_string(), true, None));
            }
            continue;
        }
        if t.is("false") {
            let mut k = i;
            while k > 0 && toks[k - 1].is_any(INTENSIFIERS) {
                k -= 1;
            }
            let copula = k > 0 && toks[k - 1].is_any(COPULAS)
                || k > 0 && toks[k].gap.contains(['"', '“']) && k > 1 && toks[k - 1].is("as");
            if copula && !negated_before(toks, k.saturating_sub(1)) {
                return_or_keep!(hit(t.text.to_string(), true, None));
            }
            continue;
        }
        if weak.is_some() || t.quoted {
            continue;
        }
        if t.has(C_REJECT) {
            if negated_before(toks, i) || next(1).is_some_and(|n| n.is("from")) {
                continue;
            }
            let as_next = next(1).is_some_and(|n| n.is("as"));
            let noun_after = toks[i + 1..toks.len().min(i + 7)]
                .iter()
                .any(|n| n.is_any(CLAIM_NOUNS));
            let passive = i > 0 && toks[i - 1].is_any(PASSIVE_AUX);
            let noun_before = passive
                && toks[i.saturating_sub(5)..i]
                    .iter()
                    .any(|n| n.is_any(CLAIM_NOUNS));
            if (!passive && (as_next || noun_after)) || noun_before {
                weak = Some(hit(t.text.to_string(), false, Some(i)));
            }
            continue;
        }
        if t.is_any(CALL_VERBS) && !negated_before(toks, i) {
            // `called the observers’ claims “a plot”`.
            let noun_after = toks[i + 1..toks.len().min(i + 6)]
                .iter()
                .any(|n| n.is_any(CLAIM_NOUNS) && !n.quoted);
            if noun_after {
                weak = Some(hit(t.text.to_string(), false, Some(i)));
            }
            continue;
        }
        if t.is("never") && has_speech_verb {
            let after_verb = toks[..i].iter().any(|p| !p.quoted && p.has(C_ATTR_STRONG));
            // `say they were never given the land`: something not done to
            // them is a complaint, not a denial of what they did.
            let passive = i > 0 && toks[i - 1].is_any(PASSIVE_AUX);
            if after_verb && !passive {
                weak = Some(hit(t.text.to_string(), false, None));
            }
        }
    }
    weak.or(inside)
}

/// Reported speech without quotation marks: returns (verb index, raw speaker).
pub(super) fn indirect_speech(toks: &[Tok<'_>]) -> Option<(usize, String)> {
    for i in 0..toks.len() {
        if toks[i].is("according") {
            continue;
        }
        if let Some((_, Some(who))) = attribution_at(toks, i, true) {
            // The speaker must be the verb's subject or the inverted subject,
            // not a long stretch of text.
            if who.split_whitespace().count() <= 8 {
                return Some((i, who));
            }
        }
    }
    None
}

pub(super) fn find_accusation(toks: &[Tok<'_>]) -> Option<(usize, String)> {
    for (i, t) in toks.iter().enumerate() {
        if t.has(C_ACCUSE) {
            if i > 0 && toks[i - 1].negation() {
                continue;
            }
            return Some((i, t.text.to_string()));
        }
        let prev_is = |ws: &[&str]| i > 0 && toks[i - 1].is_any(ws);
        if t.is("responsible") && prev_is(RESPONSIBLE_LEAD) {
            return Some((i, format!("{} {}", toks[i - 1].text, t.text)));
        }
        if t.is("charged") && toks.get(i + 1).is_some_and(|n| n.is("with")) {
            return Some((i, "charged with".to_string()));
        }
        if t.is("suspected") && toks.get(i + 1).is_some_and(|n| n.is("of")) {
            return Some((i, "suspected of".to_string()));
        }
        if t.is_any(CLAIM_VERBS)
            && !prev_is(DETERMINERS)
            && !prev_is(CLAIM_NOUN_LEAD)
            && (i == 0 || !toks[i - 1].quoted)
        {
            return Some((i, t.text.to_string()));
        }
    }
    None
}

pub(super) fn find_according_to(toks: &[Tok<'_>]) -> Option<usize> {
    (0..toks.len().saturating_sub(1)).find(|&i| toks[i].is("according") && toks[i + 1].is("to"))
}

/// The most telling figure: money or a percentage first, then amounts in
/// millions/billions, then other numbers that are not dates or years.
pub(super) fn find_figure(toks: &[Tok<'_>]) -> Option<String> {
    let mut best: Option<(u8, String)> = None;
    for (i, t) in toks.iter().enumerate() {
        if !t.digit() || t.text.chars().any(char::is_alphabetic) {
            continue;
        }
        let currency = t
            .gap
            .chars()
            .last()
            .filter(|c| matches!(c, '$' | '€' | '£' | '¥'));
        let next = toks.get(i + 1);
        let after_gap = next.map_or("", |n| n.gap);
        let percent = after_gap.starts_with('%')
            || next.is_some_and(|n| n.is("percent"))
            || (next.is_some_and(|n| n.is("per")) && toks.get(i + 2).is_some_and(|n| n.is("cent")));
        let scale = next.filter(|n| n.is_any(SCALES)).map(|n| n.text);
        let prev_month = i > 0 && toks[i - 1].is_any(MONTHS);
        let next_month = next.is_some_and(|n| n.is_any(MONTHS));
        let digits: String = t.text.chars().filter(char::is_ascii_digit).collect();
        let year = digits.len() == 4
            && !t.text.contains(',')
            && (digits.starts_with("19") || digits.starts_with("20"));
        let clock = next.is_some_and(|n| n.is_any(CLOCK));
        let mut s = String::new();
        if let Some(c) = currency {
            s.push(c);
        }
        s.push_str(t.text);
        let rank = if currency.is_some() || percent {
            if percent {
                if after_gap.starts_with('%') {
                    s.push('%');
                } else if let Some(n) = next {
                    s.push(' ');
                    s.push_str(n.text);
                    if n.is("per") {
                        s.push_str(" cent");
                    }
                }
            }
            if let Some(sc) = scale {
                s.push(' ');
                s.push_str(sc);
            }
            3
        } else if let Some(sc) = scale {
            s.push(' ');
            s.push_str(sc);
            2
        } else if prev_month || next_month || year || clock {
            continue;
        } else {
            1
        };
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((rank, s));
        }
    }
    best.map(|(_, s)| s)
}
