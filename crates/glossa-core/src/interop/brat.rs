//! brat standoff export: a `.txt` holding the canonical text exactly, and an
//! `.ann` with one line per annotation and attribute.
//!
//! brat reads the `.txt` as a Python string, so `.ann` offsets are Unicode
//! code points, `[start, end)`, the same numbers as in Glossa JSON. A
//! text-bound annotation may not contain a line break, so a range over
//! several lines is written as fragments `start end;start end`, split at
//! every `\n` (the newlines themselves are left out); the text column then
//! holds the fragments' texts joined by one space, as brat expects.
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

/// The pieces of `[start, end)` between line breaks, empty pieces dropped.
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
        if c == '\n' {
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

fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\t'])
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
}
