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

use super::anchor::Quote;
use super::import::{self, ImportError, Imported, Item};
use super::records;
use crate::annotation::Attrs;
use crate::article::Document;
use crate::state::Session;
use crate::time::Timestamp;
use std::collections::BTreeMap;

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
    let mut out = String::from("\u{feff}");
    write_rows(&mut out, session, annotator, true, None);
    out
}

/// The column a file of several documents adds after [`HEADER`]: the
/// document's text SHA-256 (readers that go by the header ignore it).
pub const DOCUMENT_COLUMN: &str = "document";

/// Appends the session's rows to `out` (after the header when `header`).
/// `document`: a file of several documents' rows; its column is added
/// after the annotator's.
pub fn write_rows(
    out: &mut String,
    session: &Session,
    annotator: Option<&str>,
    header: bool,
    document: Option<&str>,
) {
    let annotator = crate::format::annotator_name(annotator).unwrap_or_default();
    if header {
        push_row(
            out,
            HEADER
                .iter()
                .map(|s| s.to_string())
                .chain(document.map(|_| DOCUMENT_COLUMN.to_string())),
        );
    }
    for r in records(session) {
        let t = &r.target;
        push_row(
            out,
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
            ]
            .into_iter()
            .chain(document.map(str::to_string)),
        );
    }
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

/// The format's name in messages.
pub const NAME: &str = "CSV";

fn damaged(why: String) -> ImportError {
    ImportError::Damaged { format: NAME, why }
}

/// The records of an RFC 4180 text (CRLF or LF line ends, quoted fields),
/// or where it breaks.
pub fn parse(input: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut line = 1usize;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            (false, '"') => return Err(format!("line {line} has a stray double quote")),
            (false, ',') => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                was_quoted = false;
                line += 1;
            }
            (false, c) if was_quoted => {
                return Err(format!("line {line}: {c:?} after a closing double quote"))
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is never closed".into());
    }
    if !field.is_empty() || !row.is_empty() || was_quoted {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// Reads Glossa's CSV into `doc`: one annotation per row, fields unguarded
/// ([`unguard`]). Columns are found by their header name, so their order
/// does not matter; `tag` and `exact` are needed, the others optional. A
/// row is placed by its offsets when the text there and around it is the
/// row's `exact`, `prefix` and `suffix`, else re-anchored by its quote.
pub fn read(doc: &Document, input: &str, now: Timestamp) -> Result<Imported, ImportError> {
    let input = import::accepted(input)?;
    let rows = parse(input).map_err(damaged)?;
    let Some((header, rows)) = rows.split_first() else {
        return Err(ImportError::Empty { skipped: 0 });
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(tag_col), Some(exact_col)) = (col("tag"), col("exact")) else {
        return Err(ImportError::NotAnnotations(
            "a CSV file without the \"tag\" and \"exact\" columns of Glossa's CSV".into(),
        ));
    };
    // A library's file (rows of several documents, told apart by the
    // `document` column: the text's SHA-256): only this document's rows,
    // and rows that name none, are read; the others are counted.
    let document_col = col(DOCUMENT_COLUMN);
    fn named(row: &[String], c: Option<usize>) -> Option<&str> {
        c.and_then(|c| row.get(c))
            .map(|f| unguard(f).trim())
            .filter(|d| !d.is_empty())
    }
    let documents: std::collections::BTreeSet<String> = rows
        .iter()
        .filter_map(|row| named(row, document_col))
        .map(str::to_ascii_lowercase)
        .collect();
    let is_other = |row: &Vec<String>| {
        documents.len() > 1
            && named(row, document_col).is_some_and(|d| !d.eq_ignore_ascii_case(&doc.text_sha256))
    };
    let mut other_documents = 0;
    let mut items = Vec::new();
    let mut others: BTreeMap<String, usize> = BTreeMap::new();
    for (k, row) in rows.iter().enumerate() {
        if row.iter().all(String::is_empty) {
            continue;
        }
        if is_other(row) {
            other_documents += 1;
            continue;
        }
        let line = k + 2;
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).map_or("", |f| unguard(f));
        let tag_name = get(Some(tag_col));
        let Some(tag) = import::tag_named(tag_name) else {
            *others.entry(tag_name.to_string()).or_default() += 1;
            continue;
        };
        let number = |name: &str| -> Result<Option<usize>, ImportError> {
            let v = get(col(name)).trim();
            if v.is_empty() {
                return Ok(None);
            }
            v.parse()
                .map(Some)
                .map_err(|_| damaged(format!("row {line}: {name} \"{v}\" is not a number")))
        };
        let (start, end) = (number("start")?, number("end")?);
        let exact = get(Some(exact_col)).to_string();
        let prefix = get(col("prefix")).to_string();
        let suffix = get(col("suffix")).to_string();
        let same_text = match (start, end) {
            (Some(s), Some(e)) => {
                let n = doc.len();
                doc.slice(s, e) == Some(exact.as_str())
                    && doc.slice(s.saturating_sub(crate::format::CONTEXT), s)
                        == Some(prefix.as_str())
                    && doc.slice(e, e.saturating_add(crate::format::CONTEXT).min(n))
                        == Some(suffix.as_str())
            }
            _ => false,
        };
        let direct = match get(col("direct")).trim() {
            "" => None,
            d if d.eq_ignore_ascii_case("true") => Some(true),
            d if d.eq_ignore_ascii_case("false") => Some(false),
            d => {
                return Err(damaged(format!(
                    "row {line}: direct \"{d}\" is not true or false"
                )))
            }
        };
        let date = |name: &str| Timestamp::parse_rfc3339(get(col(name)).trim());
        let created = date("created_at").unwrap_or(now);
        let scope = get(col("scope")).trim();
        let raw_id = match get(col("id")).trim() {
            "" => format!("row {line}"),
            id => id.to_string(),
        };
        let denies = Some(get(col("denies")).trim())
            .filter(|d| !d.is_empty())
            .map(str::to_string);
        items.push(Item {
            raw_id,
            tag,
            quote: Quote {
                exact,
                prefix,
                suffix,
                start,
                end,
                same_text,
                sentence: (!scope.is_empty()).then(|| scope.eq_ignore_ascii_case("sentence")),
                tag: Some(tag),
            },
            attrs: Attrs {
                speaker: get(col("speaker")).to_string(),
                cue: get(col("cue")).to_string(),
                note: get(col("note")).to_string(),
                direct,
                denies: None,
            },
            denies,
            created,
            updated: date("updated_at").unwrap_or(created),
        });
    }
    if other_documents > 0 && items.is_empty() && others.is_empty() {
        return Err(ImportError::OtherTexts {
            format: NAME,
            texts: documents.len(),
        });
    }
    let mut imported = import::finish(doc, items, 0, others)?;
    imported.other_documents = other_documents;
    Ok(imported)
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
