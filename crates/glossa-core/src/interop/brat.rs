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
        for (prefix, kind) in NOTE_PREFIXES {
            let value = match kind {
                NoteKind::Speaker => &r.attrs.speaker,
                NoteKind::Cue => &r.attrs.cue,
                NoteKind::Note => &r.attrs.note,
            };
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

/// The format's name in messages.
pub const NAME: &str = "brat";

/// Prefixes of the `AnnotatorNotes` Glossa writes, and the attribute each
/// fills; a note without one of them is a note.
pub const NOTE_PREFIXES: [(&str, NoteKind); 3] = [
    ("speaker: ", NoteKind::Speaker),
    ("cue: ", NoteKind::Cue),
    ("note: ", NoteKind::Note),
];

/// Which attribute an `AnnotatorNotes` line fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    Speaker,
    Cue,
    Note,
}

/// Reads a brat `.ann` (over its `.txt`, `txt`) into `doc`. `T` lines of
/// type `Claim`, `Denial`, `Quote` (any case) are annotations, fragments
/// joined into one range; `A`/`M` `Direct`/`Indirect` attributes, `R`
/// `Denies` relations (Arg1 the denial, Arg2 the claim) and `#`
/// `AnnotatorNotes` (`speaker: `, `cue: `, `note: ` or plain) are read
/// back. Other entity types are counted and reported; events, normalisations
/// and equivalences are left out.
pub fn read(
    doc: &crate::article::Document,
    txt: &str,
    ann: &str,
    now: crate::time::Timestamp,
) -> Result<super::Imported, super::ImportError> {
    super::import::place_carried(doc, NAME, vec![carried(txt, ann, now)?])
}

fn damaged(why: String) -> super::ImportError {
    super::ImportError::Damaged { format: NAME, why }
}

/// The `.ann`'s annotations over `txt`.
pub(crate) fn carried(
    txt: &str,
    ann: &str,
    now: crate::time::Timestamp,
) -> Result<super::import::Carried, super::ImportError> {
    use super::import::{self, Item};
    use crate::annotation::Attrs;
    if txt.len() + ann.len() > import::MAX_BYTES {
        return Err(super::ImportError::TooBig {
            bytes: txt.len() + ann.len(),
        });
    }
    let txt = txt.strip_prefix('\u{feff}').unwrap_or(txt);
    let ann = ann.strip_prefix('\u{feff}').unwrap_or(ann);
    let index = crate::text::CharIndex::new(txt);
    let mut items: Vec<Item> = Vec::new();
    let mut other_labels = std::collections::BTreeMap::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let lines: Vec<(usize, &str)> = ann
        .split(LINE_BREAKS)
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| (n + 1, l))
        .collect();
    for &(n, line) in &lines {
        if !line.starts_with('T') {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let (Some(id), Some(what)) = (cols.next(), cols.next()) else {
            return Err(damaged(format!("line {n} has no tab after its id")));
        };
        let quoted = cols.next().unwrap_or_default();
        let Some((kind, offsets)) = what.split_once(' ') else {
            return Err(damaged(format!("line {n} ({id}) has no offsets")));
        };
        let mut range: Option<(usize, usize)> = None;
        for frag in offsets.split(';') {
            let mut nums = frag.split_whitespace().map(str::parse::<usize>);
            let (Some(Ok(s)), Some(Ok(e)), None) = (nums.next(), nums.next(), nums.next()) else {
                return Err(damaged(format!(
                    "line {n} ({id}): \"{frag}\" is not two offsets \"start end\""
                )));
            };
            if s > e {
                return Err(damaged(format!(
                    "line {n} ({id}): {s} {e} ends before it starts"
                )));
            }
            range = Some(range.map_or((s, e), |(a, b)| (a.min(s), b.max(e))));
        }
        let Some((start, end)) = range else {
            return Err(damaged(format!("line {n} ({id}) has no offsets")));
        };
        let Some(tag) = import::tag_named(kind) else {
            *other_labels.entry(kind.to_string()).or_default() += 1;
            continue;
        };
        let quote = import::quote_in(&index, txt, start, end, tag).unwrap_or_else(|| {
            super::anchor::Quote {
                exact: quoted.to_string(),
                start: Some(start),
                end: Some(end),
                tag: Some(tag),
                ..Default::default()
            }
        });
        by_id.insert(id, items.len());
        items.push(Item {
            raw_id: id.to_string(),
            tag,
            quote,
            attrs: Attrs::default(),
            denies: None,
            created: now,
            updated: now,
        });
    }
    for &(_, line) in &lines {
        let Some((id, rest)) = line.split_once('\t') else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        match id.chars().next() {
            Some('A' | 'M') => {
                let (Some(name), Some(target)) = (words.first(), words.get(1)) else {
                    continue;
                };
                let Some(&at) = by_id.get(target) else {
                    continue;
                };
                if name.eq_ignore_ascii_case("Direct") {
                    items[at].attrs.direct = Some(true);
                } else if name.eq_ignore_ascii_case("Indirect") {
                    items[at].attrs.direct = Some(false);
                }
            }
            Some('R') => {
                let arg = |k: usize| {
                    words
                        .get(k)
                        .and_then(|w| w.split_once(':'))
                        .and_then(|(_, t)| by_id.get(t).copied())
                };
                let (Some(kind), Some(f), Some(t)) = (words.first(), arg(1), arg(2)) else {
                    continue;
                };
                if kind.eq_ignore_ascii_case("Denies")
                    && items[f].tag == crate::annotation::Tag::Denial
                    && items[t].tag == crate::annotation::Tag::Claim
                {
                    items[f].denies = Some(items[t].raw_id.clone());
                }
            }
            Some('#') => {
                let Some((head, body)) = rest.split_once('\t') else {
                    continue;
                };
                let Some(&at) = head.split_whitespace().nth(1).and_then(|t| by_id.get(t)) else {
                    continue;
                };
                let (kind, value) = NOTE_PREFIXES
                    .iter()
                    .find_map(|(p, k)| body.strip_prefix(p).map(|v| (*k, v)))
                    .unwrap_or((NoteKind::Note, body));
                let attrs = &mut items[at].attrs;
                match kind {
                    NoteKind::Speaker => attrs.speaker = value.to_string(),
                    NoteKind::Cue => attrs.cue = value.to_string(),
                    NoteKind::Note if attrs.note.is_empty() => attrs.note = value.to_string(),
                    NoteKind::Note => {
                        attrs.note.push_str("\n\n");
                        attrs.note.push_str(value);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(super::import::Carried {
        text: txt.to_string(),
        offset: 0,
        items,
        other_labels,
        ..Default::default()
    })
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
