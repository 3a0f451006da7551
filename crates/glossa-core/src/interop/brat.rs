//! brat standoff export: a `.txt` holding the canonical text exactly, and an
//! `.ann` with one line per annotation and attribute.
//!
//! brat reads the `.txt` as a Python string, so `.ann` offsets are Unicode
//! code points, `[start, end)`, the same numbers as in Glossa JSON.
//!
//! Line breaks. brat reads the `.ann` with Python, which ends a line at
//! every character of [`LINE_BREAKS`] (`\n`, `\r`, `\x0b`, `\x0c`,
//! `\x1c`–`\x1e`, U+0085, U+2028, U+2029), not only at `\n`. So no `.ann`
//! line holds one: a text-bound range is written as fragments
//! `start end;start end`, cut at every such character (which is left out of
//! the fragments), and the text column holds the fragments' texts joined by
//! one space, as brat expects; in notes each run of them (and tabs) becomes
//! one space. The `.txt` is the canonical text byte for byte, line
//! breaks of every kind included: only the `.ann` avoids them, and the
//! offsets still count them, so `text[start:end]` in Python is each
//! fragment exactly. Reading back, the fragments of one annotation are
//! joined again into the one range from the first start to the last end.
//!
//! Columns are separated by one tab (shown as two spaces here):
//!
//! ```text
//! T1  Claim 120 245  The United States is pushing back …
//! A1  Direct T3
//! #1  AnnotatorNotes T3  speaker: Matthew Miller
//! R1  Denies Arg1:T5 Arg2:T2
//! ```
//!
//! Entity types are `Claim`, `Denial`, `Quote`; the attribute `Direct` or
//! `Indirect` marks a quote's kind; notes, speakers and cues are
//! `AnnotatorNotes` (line breaks and tabs in them become spaces);
//! `Denies` relations link a denial (Arg1) to the claim it answers (Arg2).
//!
//! Who annotated is not written: brat has no field for a file's author, and
//! an `AnnotatorNotes` line belongs to one annotation, so the export is the
//! same with or without a name.

use super::records;
use crate::state::Session;

/// Every character at which Python's `str.splitlines` (and so brat's `.ann`
/// reader) ends a line.
pub const LINE_BREAKS: [char; 10] = [
    '\n', '\r', '\u{0b}', '\u{0c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}', '\u{2029}',
];
use std::collections::HashMap;
use std::fmt::Write;

/// The `annotation.conf` that matches these files (also in the docs).
pub const ANNOTATION_CONF: &str = "[entities]\nClaim\nDenial\nQuote\n\n\
[relations]\nDenies\tArg1:Denial, Arg2:Claim\n\
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n\
[events]\n\n[attributes]\nDirect\tArg:Quote\nIndirect\tArg:Quote\n";

/// `(txt, ann)`: the canonical text, and the standoff annotations.
pub fn export(session: &Session) -> (String, String) {
    let doc = &session.doc;
    let recs = records(session);
    let mut ann = String::new();
    let mut t_of: HashMap<&str, usize> = HashMap::new();
    let (mut t, mut a, mut note) = (0usize, 0usize, 0usize);
    let mut notes = String::new();
    let mut attrs = String::new();
    for r in &recs {
        let frags = fragments(&doc.text, &doc.index, r.target.start, r.target.end);
        if frags.is_empty() {
            continue;
        }
        t += 1;
        t_of.insert(r.id.as_str(), t);
        let offsets: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<&str> = frags
            .iter()
            .map(|&(s, e)| doc.slice(s, e).unwrap_or_default())
            .collect();
        let _ = writeln!(
            ann,
            "T{t}\t{} {}\t{}",
            r.tag.label(),
            offsets.join(";"),
            texts.join(" ")
        );
        if let Some(direct) = r.attrs.direct {
            a += 1;
            let name = if direct { "Direct" } else { "Indirect" };
            let _ = writeln!(attrs, "A{a}\t{name} T{t}");
        }
        for (prefix, value) in [
            ("speaker: ", &r.attrs.speaker),
            ("cue: ", &r.attrs.cue),
            ("note: ", &r.attrs.note),
        ] {
            if !value.is_empty() {
                note += 1;
                let _ = writeln!(
                    notes,
                    "#{note}\tAnnotatorNotes T{t}\t{prefix}{}",
                    one_line(value)
                );
            }
        }
    }
    ann.push_str(&attrs);
    let mut rel = 0usize;
    for r in &recs {
        let (Some(claim), Some(&arg1)) = (r.attrs.denies.as_deref(), t_of.get(r.id.as_str()))
        else {
            continue;
        };
        if let Some(&arg2) = t_of.get(claim) {
            rel += 1;
            let _ = writeln!(ann, "R{rel}\tDenies Arg1:T{arg1} Arg2:T{arg2}");
        }
    }
    ann.push_str(&notes);
    (doc.text.clone(), ann)
}

/// The pieces of `[start, end)` between [`LINE_BREAKS`], empty pieces dropped.
fn fragments(
    text: &str,
    index: &crate::text::CharIndex,
    start: usize,
    end: usize,
) -> Vec<(usize, usize)> {
    let Some(slice) = index.slice(text, start, end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = start;
    for (k, c) in slice.chars().enumerate() {
        if LINE_BREAKS.contains(&c) {
            let at = start + k;
            if at > from {
                out.push((from, at));
            }
            from = at + 1;
        }
    }
    if end > from {
        out.push((from, end));
    }
    out
}

/// `s` on one `.ann` line: every run of [`LINE_BREAKS`] and tabs becomes one
/// space (none at the ends).
pub fn one_line(s: &str) -> String {
    s.split(|c: char| c == '\t' || LINE_BREAKS.contains(&c))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::CharIndex;

    #[test]
    fn fragments_split_at_newlines() {
        let text = "ab\ncd\n\nef";
        let idx = CharIndex::new(text);
        assert_eq!(fragments(text, &idx, 0, 9), vec![(0, 2), (3, 5), (7, 9)]);
        assert_eq!(fragments(text, &idx, 1, 2), vec![(1, 2)]);
        assert_eq!(fragments(text, &idx, 2, 3), Vec::<(usize, usize)>::new());
    }

    #[test]
    fn fragments_and_notes_avoid_every_python_line_break() {
        for c in LINE_BREAKS {
            let text = format!("ab{c}cd");
            let idx = CharIndex::new(&text);
            assert_eq!(fragments(&text, &idx, 0, 5), vec![(0, 2), (3, 5)], "{c:?}");
            assert_eq!(one_line(&format!("x{c}{c}y\tz")), "x y z", "{c:?}");
        }
        assert_eq!(one_line("a\u{2028}b\u{85}c"), "a b c");
    }
}
