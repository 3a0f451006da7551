//! Property tests for the segmenter: the pieces tile the paragraph, offsets
//! are char boundaries, nothing panics, the result is deterministic, and the
//! work grows linearly with the input (checked by counting, never by timing).

use glossa_core::segment::{self, Rule};
use proptest::prelude::*;

/// Text that stresses the segmenter: letters of several scripts, every kind
/// of terminator, quote, bracket, bullet and space it knows, digits and emoji.
fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,200}",
        "[a-zA-Z0-9 .?!…\n\t“”‘’\"'()\\[\\]«»•⁃*\\-–—:;,。！？」é日😀\u{200d}\u{a0}]{0,200}",
        proptest::collection::vec(
            prop_oneof![
                Just("U.S. "),
                Just("Mr. "),
                Just("a.m. "),
                Just("p.m. "),
                Just("etc. "),
                Just("Inc. "),
                Just("J. "),
                Just("No. 5 "),
                Just("1. "),
                Just("2) "),
                Just("(a) "),
                Just("• "),
                Just("- "),
                Just("\n"),
                Just(". . . "),
                Just("... "),
                Just("…"),
                Just("?” "),
                Just("!” "),
                Just(".” "),
                Just("The "),
                Just("he "),
                Just("3.5% "),
                Just("[...] "),
                Just("。"),
                Just("example.com "),
                Just("I. "),
                Just("St. "),
                Just("Co. "),
                Just("😀 "),
                Just("“"),
                Just(" "),
            ],
            0..40
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn check_tiling(text: &str) -> Result<(), TestCaseError> {
    let pieces = segment::split(text);
    let mut at = 0;
    for p in &pieces {
        prop_assert!(p.start < p.end, "empty piece {:?}", p);
        prop_assert!(p.start >= at, "pieces out of order");
        prop_assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
        let gap = &text[at..p.start];
        prop_assert!(gap.trim().is_empty(), "non-space between pieces: {:?}", gap);
        let s = &text[p.start..p.end];
        prop_assert_eq!(s.trim(), s, "piece not trimmed");
        prop_assert!(p.rule.is_boundary(), "piece ended by a non-boundary rule");
        at = p.end;
    }
    prop_assert!(
        text[at..].trim().is_empty(),
        "text left after the last piece"
    );
    if text.trim().is_empty() {
        prop_assert!(pieces.is_empty());
    } else {
        prop_assert!(!pieces.is_empty());
    }
    Ok(())
}

/// Sentences that start with "The" and end with a terminator, with
/// abbreviations, numbers and quotes inside: one copy's boundaries do not
/// depend on its neighbours.
fn sentence() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(
            prop_oneof![
                // Plain words that are never an abbreviation: a random
                // "v", "sen" or "vol" before "The" rightly does not end a
                // sentence, which this property is not about.
                "zq[a-z]{1,6}".prop_map(|s| s),
                Just("U.S. officials".to_string()),
                Just("Mr. Smith".to_string()),
                Just("3.5%".to_string()),
                Just("e.g. this".to_string()),
                Just("at 5 p.m. on Monday".to_string()),
                Just("“quoted,”".to_string()),
                Just("J. R. R. Tolkien".to_string()),
                Just("example.com".to_string()),
                Just("No. 5".to_string()),
            ],
            1..8,
        ),
        prop_oneof![Just("."), Just("?"), Just("!"), Just(".”"), Just("…")],
    )
        .prop_map(|(words, end)| format!("The {}{end}", words.join(" ")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn pieces_tile_the_paragraph(text in tricky_text()) {
        check_tiling(&text)?;
    }

    #[test]
    fn deterministic(text in tricky_text()) {
        prop_assert_eq!(segment::split(&text), segment::split(&text));
        prop_assert_eq!(segment::explain(&text), segment::explain(&text));
    }

    /// Every piece but the last ends where a boundary decision says so.
    #[test]
    fn pieces_follow_decisions(text in tricky_text()) {
        let pieces = segment::split(&text);
        let decisions = segment::explain(&text);
        for d in &decisions {
            prop_assert!(text.is_char_boundary(d.at));
        }
        for p in pieces.iter().rev().skip(1) {
            prop_assert!(
                decisions.iter().any(|d| d.at == p.end && d.rule == p.rule),
                "piece {:?} has no matching decision", p
            );
        }
    }

    /// k copies of a paragraph of well-formed sentences, joined by a space
    /// or a single line break, give exactly k times the pieces and the
    /// decisions of one copy.
    #[test]
    fn copies_give_k_times_the_pieces(
        sentences in proptest::collection::vec(sentence(), 1..6),
        k in 1usize..12,
        joiner in prop_oneof![Just(" "), Just("\n"), Just("  ")],
    ) {
        let one = sentences.join(" ");
        let many = vec![one.as_str(); k].join(joiner);
        let n1 = segment::split(&one).len();
        prop_assert_eq!(n1, sentences.len(), "one copy: {:?}", segment::split(&one));
        prop_assert_eq!(segment::split(&many).len(), k * n1);
        prop_assert_eq!(segment::explain(&many).len(), k * segment::explain(&one).len());
        check_tiling(&many)?;
    }

    /// The bytes the scanner examines around candidates grow linearly: k
    /// copies cost at most k times one copy plus a bounded amount per seam,
    /// and never more than a constant per input byte.
    #[test]
    fn lookaround_work_is_linear(text in tricky_text(), k in 2usize..20) {
        let w1 = segment::lookaround_work(&text);
        let many = vec![text.as_str(); k].join(" ");
        let wk = segment::lookaround_work(&many);
        prop_assert!(wk <= k * (w1 + 256), "work {} for {} copies, {} for one", wk, k, w1);
        prop_assert!(wk <= 256 * (many.len() + 1));
    }
}

#[test]
fn adversarial_inputs_stay_linear() {
    // Long runs that could make a naive scanner look back or ahead far.
    let patterns = [
        "a. ", ". ", "U.S. ", "x", " ", "\n", "....", ". . ", "“", "?” ", "1. ", "• ", "- \n",
        "ab.cd.", "J. ", "😀", "。",
    ];
    for pat in patterns {
        let small = pat.repeat(1_000);
        let large = pat.repeat(8_000);
        let ws = segment::lookaround_work(&small);
        let wl = segment::lookaround_work(&large);
        assert!(
            wl <= 8 * ws + 256,
            "pattern {pat:?}: work {wl} for 8x the input, {ws} for 1x"
        );
        let n = segment::split(&large).len();
        let d = segment::explain(&large).len();
        assert!(n <= large.len() && d <= large.len(), "pattern {pat:?}");
    }
}

#[test]
fn rules_in_pieces_are_boundaries() {
    let text = "Mr. Smith left at 5 p.m. Friday. He said: “No.” 1) One 2) Two";
    for p in segment::split(text) {
        assert!(p.rule.is_boundary());
        assert_ne!(p.rule, Rule::Abbreviation);
    }
}
