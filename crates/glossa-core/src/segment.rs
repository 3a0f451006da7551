//! Sentence segmentation for English news text.
//!
//! [`split`] cuts one paragraph into sentences; [`explain`] lists every
//! candidate boundary it looked at and the [`Rule`] that decided it, which is
//! what tests and debugging read.
//!
//! Invariants (checked by property tests):
//! - pieces are in order, non-empty, and only whitespace lies between or
//!   around them (they tile the paragraph);
//! - every offset is a char boundary of the input;
//! - the result depends on the input alone.
//!
//! The scan is one pass over the characters with a bounded look-back and
//! look-ahead at each candidate, so time is linear in the input.

/// Why a candidate position was, or was not, a sentence boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// `.`, `?`, `!` or an ellipsis, then whitespace, then a sentence start.
    Terminator,
    /// A CJK full stop `。！？` ends a sentence with or without a space.
    CjkTerminator,
    /// The last sentence of a paragraph ends where the paragraph ends.
    EndOfParagraph,
    /// Not a boundary: the next word starts in lower case.
    LowercaseFollows,
    /// Not a boundary: a title or abbreviation that is never last (`Mr.`, `Dr.`, `e.g.`).
    Abbreviation,
    /// Not a boundary: an abbreviation that can end a sentence (`U.S.`, `Inc.`, `etc.`)
    /// followed by a word that does not usually start one.
    AmbiguousAbbreviation,
    /// Not a boundary: an initial (`J. R. R. Tolkien`).
    Initial,
    /// Not a boundary: `No. 5`, `pp. 12`.
    NumberAbbreviation,
    /// Not a boundary: the terminator is followed by more text with no space
    /// (`3.5`, `U.S`, `example.com`).
    NoSpaceAfter,
    /// Not a boundary: punctuation that continues the sentence follows (`,` `;` `:`).
    ContinuationFollows,
}

impl Rule {
    pub fn is_boundary(self) -> bool {
        matches!(
            self,
            Rule::Terminator | Rule::CjkTerminator | Rule::EndOfParagraph
        )
    }
}

/// One sentence: byte offsets `[start, end)` into the paragraph, and the rule
/// that ended it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub rule: Rule,
}

/// One decision at a candidate position (byte offset just after the
/// terminator and any closing quotes or brackets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub at: usize,
    pub rule: Rule,
}

/// Splits a paragraph into sentences.
pub fn split(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut start = match first_non_space(text, 0) {
        Some(s) => s,
        None => return pieces,
    };
    scan(text, |d| {
        if d.rule.is_boundary() && d.at > start {
            pieces.push(Piece {
                start,
                end: d.at,
                rule: d.rule,
            });
            start = first_non_space(text, d.at).unwrap_or(text.len());
        }
    });
    let end = text.trim_end().len();
    if end > start {
        pieces.push(Piece {
            start,
            end,
            rule: Rule::EndOfParagraph,
        });
    }
    pieces
}

/// Every candidate boundary in `text` with the rule that decided it.
pub fn explain(text: &str) -> Vec<Decision> {
    let mut out = Vec::new();
    scan(text, |d| out.push(d));
    out
}

fn first_non_space(text: &str, from: usize) -> Option<usize> {
    text[from..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| from + i)
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽')
}

fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '›' | '」' | '』' | '）'
    )
}

/// Titles and abbreviations that do not end a sentence.
const NEVER_LAST: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gen", "gov", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "st", "sr", "jr", "rev", "hon", "pres", "supt", "e.g", "i.e", "vs", "cf",
    "approx", "dept", "est", "fig", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "ave",
    "blvd",
];

/// Abbreviations that precede a number (`No. 5`, `vol. 2`, `pp. 10`).
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "vol", "vols", "pp", "p", "art", "sec", "ch", "fig", "op",
];

/// Abbreviations that may also end a sentence.
const MAY_BE_LAST: &[&str] = &[
    "u.s", "u.n", "u.k", "e.u", "d.c", "inc", "ltd", "co", "corp", "etc", "a.m", "p.m", "jr", "sr",
    "u.s.a", "l.a", "n.y", "bros", "llc", "plc",
];

/// Words that commonly start a sentence; after an ambiguous abbreviation
/// they tip the decision towards a boundary.
const SENTENCE_STARTERS: &[&str] = &[
    "a",
    "an",
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "however",
    "meanwhile",
    "in",
    "on",
    "at",
    "for",
    "as",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "although",
    "though",
    "still",
    "then",
    "now",
    "what",
    "who",
    "why",
    "how",
    "where",
    "some",
    "many",
    "most",
    "no",
    "not",
    "officials",
    "critics",
    "analysts",
    "experts",
];

fn scan(text: &str, mut decide: impl FnMut(Decision)) {
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let cjk = is_cjk_terminator(c);
        if !cjk && !is_terminator(c) {
            continue;
        }
        // Take the whole run of terminators and closing marks: `?!`, `...`, `.”`, `.)”`.
        let mut end = i + c.len_utf8();
        let mut run_has_dot_only = c == '.';
        let mut run_len = 1;
        while let Some(&(j, d)) = iter.peek() {
            if is_terminator(d) || is_cjk_terminator(d) || is_closer(d) {
                if is_terminator(d) {
                    run_len += 1;
                    if d != '.' {
                        run_has_dot_only = false;
                    }
                }
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let single_dot = run_has_dot_only && run_len == 1;
        let rule = if cjk {
            Rule::CjkTerminator
        } else {
            decide_latin(text, bytes, i, end, single_dot)
        };
        decide(Decision { at: end, rule });
    }
}

fn decide_latin(text: &str, _bytes: &[u8], term: usize, end: usize, single_dot: bool) -> Rule {
    let rest = &text[end..];
    let next = match rest.chars().next() {
        None => return Rule::EndOfParagraph,
        Some(n) => n,
    };
    if matches!(next, ',' | ';' | ':') {
        return Rule::ContinuationFollows;
    }
    if !next.is_whitespace() {
        return Rule::NoSpaceAfter;
    }
    let after = rest.trim_start();
    let first = match after.chars().next() {
        None => return Rule::EndOfParagraph,
        Some(f) => f,
    };
    // Skip opening quotes/brackets to find the first letter of the next word.
    let letter = after
        .chars()
        .find(|ch| ch.is_alphanumeric())
        .unwrap_or(first);
    if letter.is_lowercase() && !matches!(first, '•') {
        return Rule::LowercaseFollows;
    }
    if !single_dot {
        return Rule::Terminator;
    }
    let word = word_before(text, term);
    let lower = word.to_lowercase();
    if NEVER_LAST.contains(&lower.as_str()) {
        return Rule::Abbreviation;
    }
    if BEFORE_NUMBER.contains(&lower.as_str()) && letter.is_ascii_digit() {
        return Rule::NumberAbbreviation;
    }
    let next_word: String = after
        .chars()
        .skip_while(|ch| !ch.is_alphanumeric())
        .take_while(|ch| ch.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if MAY_BE_LAST.contains(&lower.as_str()) {
        if SENTENCE_STARTERS.contains(&next_word.as_str()) {
            return Rule::Terminator;
        }
        return Rule::AmbiguousAbbreviation;
    }
    let mut wc = word.chars();
    if let (Some(w), None) = (wc.next(), wc.next()) {
        if w.is_uppercase()
            && letter.is_uppercase()
            && !SENTENCE_STARTERS.contains(&next_word.as_str())
        {
            return Rule::Initial;
        }
    }
    Rule::Terminator
}

/// The word just before the terminator at `term`, with inner dots kept
/// (`U.S` for "U.S."), without opening quotes or brackets.
fn word_before(text: &str, term: usize) -> &str {
    let head = &text[..term];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    &head[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).iter().map(|p| &text[p.start..p.end]).collect()
    }

    #[test]
    fn basic_split() {
        assert_eq!(
            sentences("One. Two? Three!"),
            vec!["One.", "Two?", "Three!"]
        );
    }

    #[test]
    fn abbreviation_mid_sentence() {
        assert_eq!(
            sentences("On Wednesday, a U.S. congressional panel said so. It is new."),
            vec![
                "On Wednesday, a U.S. congressional panel said so.",
                "It is new."
            ]
        );
        assert_eq!(
            sentences("accounts at the U.S. State and Commerce departments. Officials denied it."),
            vec![
                "accounts at the U.S. State and Commerce departments.",
                "Officials denied it."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("“This sent chills. The ministry calls on all,” he said. Next one."),
            vec![
                "“This sent chills.",
                "The ministry calls on all,” he said.",
                "Next one."
            ]
        );
        assert_eq!(
            sentences("It is “of great concern.” The end."),
            vec!["It is “of great concern.”", "The end."]
        );
    }

    #[test]
    fn explain_names_the_rule() {
        let d = explain("Mr. Smith left. Then he came back.");
        assert_eq!(d[0].rule, Rule::Abbreviation);
        assert_eq!(d[1].rule, Rule::Terminator);
        assert_eq!(d[2].rule, Rule::EndOfParagraph);
    }

    #[test]
    fn empty_and_blank() {
        assert!(split("").is_empty());
        assert!(split("   \n ").is_empty());
    }
}
