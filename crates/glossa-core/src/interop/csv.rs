//! CSV export (RFC 4180) for spreadsheets: one row per annotation, in
//! document order.
//!
//! - Header: [`HEADER`]. Offsets are code points of the canonical text.
//! - `annotator`, the last column, is who annotated (the same on every row),
//!   or empty when the export names nobody. It is last so the columns before
//!   it keep the places they had before it was added.
//! - Lines end in CRLF; a field holding a comma, a double quote, CR or LF is
//!   quoted, with its double quotes doubled.
//! - The file starts with a UTF-8 byte-order mark so Excel and LibreOffice
//!   read non-ASCII text (“curly quotes”, names) correctly.
//! - Formula injection ([`guard`]): a field starting with one of
//!   [`GUARDED_STARTS`] (`=`, `+`, `-`, `@`, a tab or a carriage return, as
//!   OWASP advises), or with a run of `'` followed by one of them, gets one
//!   `'` in front, so a spreadsheet shows it as text instead of running it.
//!   No other field is changed. [`unguard`] takes that one `'` off again:
//!   it removes a leading `'` exactly when the rest is such a field, so
//!   `unguard(guard(s)) == s` for every `s` (`'+1' to everyone` is written
//!   `''+1' to everyone` and read back as it was).

use super::records;
use crate::state::Session;

/// The header row.
pub const HEADER: [&str; 18] = [
    "id",
    "tag",
    "scope",
    "sentence",
    "paragraph",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "speaker",
    "cue",
    "direct",
    "note",
    "denies",
    "created_at",
    "updated_at",
    "annotator",
];

/// The whole file: BOM, header, one row per annotation, CRLF line ends;
/// the `annotator` column empty.
pub fn export(session: &Session) -> String {
    export_by(session, None)
}

/// [`export`] with `annotator` (trimmed; blank counts as none) in the last
/// column of every row.
pub fn export_by(session: &Session, annotator: Option<&str>) -> String {
    let annotator = crate::format::annotator_name(annotator).unwrap_or_default();
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADER.iter().map(|s| s.to_string()));
    for r in records(session) {
        let t = &r.target;
        push_row(
            &mut out,
            [
                r.id.clone(),
                r.tag.name().to_string(),
                r.scope.clone().unwrap_or_default(),
                t.sentence_id.clone(),
                t.paragraph.to_string(),
                t.start.to_string(),
                t.end.to_string(),
                t.exact.clone(),
                t.prefix.clone(),
                t.suffix.clone(),
                r.attrs.speaker.clone(),
                r.attrs.cue.clone(),
                r.attrs.direct.map(|d| d.to_string()).unwrap_or_default(),
                r.attrs.note.clone(),
                r.attrs.denies.clone().unwrap_or_default(),
                r.created_at.clone(),
                r.updated_at.clone(),
                annotator.to_string(),
            ],
        );
    }
    out
}

fn push_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(&f));
    }
    out.push_str("\r\n");
}

/// First characters a spreadsheet may take as the start of a formula.
pub const GUARDED_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `value` gets a `'` in front: it starts with one of
/// [`GUARDED_STARTS`], maybe after a run of `'`.
fn needs_guard(value: &str) -> bool {
    value.trim_start_matches('\'').starts_with(GUARDED_STARTS)
}

/// `value` as a spreadsheet shows it as text: one `'` in front when
/// [`needs_guard`], else unchanged.
pub fn guard(value: &str) -> String {
    if needs_guard(value) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// The field [`guard`] was given: one leading `'` taken off when what
/// follows it needs the guard, else unchanged.
pub fn unguard(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => value,
    }
}

/// One field, defused and quoted as needed.
pub fn field(value: &str) -> String {
    let v = guard(value);
    if v.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::{field, guard, unguard};
    use proptest::prelude::*;

    #[test]
    fn quoting_and_formula_defusing() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@x,y"), "\"'@x,y\"");
        assert_eq!(field("“curly”"), "“curly”");
        assert_eq!(field(""), "");
    }

    #[test]
    fn a_field_that_starts_with_quotes_round_trips() {
        assert_eq!(guard("'+1' to everyone"), "''+1' to everyone");
        assert_eq!(unguard("''+1' to everyone"), "'+1' to everyone");
        assert_eq!(guard("'''=x"), "''''=x");
        assert_eq!(guard("'quoted'"), "'quoted'");
        assert_eq!(unguard("'quoted'"), "'quoted'");
        assert_eq!(unguard("'"), "'");
        assert_eq!(guard("'"), "'");
        assert_eq!(unguard("'-1"), "-1");
        assert_eq!(field("'=A1"), "''=A1");
    }

    proptest! {
        #[test]
        fn unguard_undoes_guard(s in "['=+@\\-\t\ra-c ,\"]{0,8}") {
            let guarded = guard(&s);
            prop_assert_eq!(unguard(&guarded), s.as_str());
        }

        #[test]
        fn unguard_undoes_guard_on_any_text(s in any::<String>()) {
            let guarded = guard(&s);
            prop_assert_eq!(unguard(&guarded), s.as_str());
        }
    }
}
