//! Sentence segmentation for English news text.
//!
//! [`split`] cuts one paragraph into sentences; [`explain`] lists every
//! candidate boundary it looked at and the [`Rule`] that decided it, which is
//! what tests and debugging read.
//!
//! The segmenter is rule-based. A candidate is a run of terminators and
//! closing marks (`.`, `?!`, `...`, `.”`, `. . . .`, `。」`), a line break
//! inside the paragraph, a bullet, or a list marker such as `2.` or `b)`. At
//! each candidate the scanner looks at a bounded window around it: the word
//! before (abbreviation? initial? number?), the word after (lower case? a
//! common sentence opener? a time zone?), and a little state about the
//! current sentence (where it started, whether it is a bullet line, which list
//! label comes next). Every decision names its rule.
//!
//! Invariants (checked by property tests):
//! - pieces are in order, non-empty, and only whitespace lies between or
//!   around them (they tile the paragraph);
//! - every offset is a char boundary of the input;
//! - the result depends on the input alone.
//!
//! The scan is one pass over the bytes; the look-back and look-ahead at each
//! candidate are bounded by constants (or cover whitespace that no other
//! candidate looks at), so time is linear in the input, and nothing is
//! allocated per candidate.

mod scan;
mod words;

/// Why a candidate position was, or was not, a sentence boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// `.`, `?`, `!` or an ellipsis, then whitespace, then a sentence start.
    Terminator,
    /// A CJK full stop `。！？` ends a sentence with or without a space.
    CjkTerminator,
    /// The last sentence of a paragraph ends where the paragraph ends.
    EndOfParagraph,
    /// A list item or bullet line starts here (`• …`, `- …` at a line start,
    /// `2.` after `1.`), or a bullet line ends at a line break.
    ListItem,
    /// Not a boundary: the next word starts in lower case.
    LowercaseFollows,
    /// Not a boundary: a title or abbreviation that is never last (`Mr.`, `Dr.`, `e.g.`).
    Abbreviation,
    /// Not a boundary: an abbreviation that can end a sentence (`U.S.`, `Inc.`, `etc.`)
    /// followed by a word that does not usually start one.
    AmbiguousAbbreviation,
    /// Not a boundary: an initial (`J. R. R. Tolkien`).
    Initial,
    /// Not a boundary: `No. 5`, `pp. 12`, `Jan. 5`.
    NumberAbbreviation,
    /// Not a boundary: the terminator is followed by more text with no space
    /// (`3.5`, `U.S`, `example.com`).
    NoSpaceAfter,
    /// Not a boundary: punctuation that continues the sentence follows (`,` `;` `:`).
    ContinuationFollows,
    /// Not a boundary: `a.m.`/`p.m.` followed by a time zone, a day, a number,
    /// or closing a short opening phrase (`At 5 a.m. Mr. Smith left`).
    TimeAbbreviation,
    /// Not a boundary: an ellipsis marking an omission inside a sentence
    /// (`. . .` between spaces, `[...]`).
    Ellipsis,
    /// Not a boundary: the `.` or `)` of a list marker (`1.`, `2)`, `a.`).
    ListMarker,
    /// Not a boundary: `?` or `!` closing a quotation followed by its
    /// attribution (`“Why?” Smith asked.`).
    QuoteAttribution,
}

impl Rule {
    pub fn is_boundary(self) -> bool {
        matches!(
            self,
            Rule::Terminator | Rule::CjkTerminator | Rule::EndOfParagraph | Rule::ListItem
        )
    }

    /// A one-line explanation for people reading test failures and debug output.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Terminator => "boundary: terminator, space, then a sentence start",
            Rule::CjkTerminator => "boundary: CJK full stop",
            Rule::EndOfParagraph => "boundary: end of paragraph",
            Rule::ListItem => "boundary: a list item or bullet line starts",
            Rule::LowercaseFollows => "no boundary: next word is lower case",
            Rule::Abbreviation => "no boundary: title or abbreviation that is never last",
            Rule::AmbiguousAbbreviation => {
                "no boundary: abbreviation followed by a word that seldom starts a sentence"
            }
            Rule::Initial => "no boundary: initial of a name",
            Rule::NumberAbbreviation => "no boundary: abbreviation before a number",
            Rule::NoSpaceAfter => "no boundary: no space after the terminator",
            Rule::ContinuationFollows => "no boundary: , ; or : follows",
            Rule::TimeAbbreviation => "no boundary: a.m./p.m. continues the sentence",
            Rule::Ellipsis => "no boundary: ellipsis marking an omission",
            Rule::ListMarker => "no boundary: list marker",
            Rule::QuoteAttribution => "no boundary: quotation followed by its attribution",
        }
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

/// One decision at a candidate position: the byte offset where a sentence
/// would end (just after the terminator and any closing quotes or brackets,
/// or the end of the text before a list item), and the rule that decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub at: usize,
    pub rule: Rule,
}

/// Splits a paragraph into sentences.
pub fn split(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(text.len() / 96 + 1);
    let last = scan::scan(text, |_, piece| {
        if let Some(p) = piece {
            pieces.push(p);
        }
    });
    pieces.extend(last);
    pieces
}

/// Every candidate boundary in `text` with the rule that decided it, in the
/// order the scanner met them.
pub fn explain(text: &str) -> Vec<Decision> {
    let mut out = Vec::new();
    scan::scan(text, |d, _| out.push(d));
    out
}

/// How many bytes the scanner examined around candidates (look-back and
/// look-ahead), besides the single pass over the text. Tests use it to check
/// that the work stays linear without timing anything.
#[doc(hidden)]
pub fn lookaround_work(text: &str) -> usize {
    scan::work(text)
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

    #[test]
    fn lists_and_bullets() {
        assert_eq!(
            sentences("1) The first item 2) The second item"),
            vec!["1) The first item", "2) The second item"]
        );
        assert_eq!(
            sentences("Key points:\n- one\n- two"),
            vec!["Key points:", "- one", "- two"]
        );
    }

    #[test]
    fn every_rule_has_a_description() {
        assert!(Rule::ListItem.is_boundary());
        assert!(!Rule::ListMarker.is_boundary());
        assert!(Rule::Ellipsis.describe().starts_with("no boundary"));
    }
}
