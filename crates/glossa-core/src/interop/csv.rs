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
//! - Formula injection: a field starting with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return gets a `'` in front, so a spreadsheet shows it as text
//!   instead of running it. No other field is changed. Readers that want the
//!   original text drop that one leading `'`.

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

/// One field, defused and quoted as needed.
pub fn field(value: &str) -> String {
    let defused;
    let v = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        defused = format!("'{value}");
        defused.as_str()
    } else {
        value
    };
    if v.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::field;

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
}
