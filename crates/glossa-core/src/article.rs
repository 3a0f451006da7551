//! The document model and the article parser.
//!
//! The *canonical text* is the input with its line endings made `\n` and a
//! leading byte-order mark removed; nothing else changes. Every offset in
//! Glossa (sentences, annotations, exports) points into it, and its SHA-256 is
//! the document's identity in files and in saved work.
//!
//! The article layout is recognised when present:
//!
//! ```text
//! America Asia China            <- categories (one line of words)
//!
//! Title of the article          <- title
//!
//! Paragraph …                   <- paragraphs, separated by blank lines
//!
//! Source : VOA News             <- source
//! ```
//!
//! Otherwise the first line is the title and the rest are paragraphs.

use crate::ids::SentenceId;
use crate::segment::{self, Rule};
use crate::text::CharIndex;
use sha2::{Digest, Sha256};
use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The canonical text (see the module docs).
    pub text: String,
    pub title: String,
    pub categories: Vec<String>,
    pub source: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    /// All sentences of all paragraphs in order; `sentences[i].id == SentenceId(i)`.
    pub sentences: Vec<Sentence>,
    /// Lowercase hex SHA-256 of the canonical text's UTF-8 bytes.
    pub text_sha256: String,
    pub index: CharIndex,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Code point offsets of the paragraph in the canonical text.
    pub start: usize,
    pub end: usize,
    /// Indices into [`Document::sentences`].
    pub sentences: Range<usize>,
}

/// One sentence. `start`/`end` are code points, `[start, end)`, into the
/// canonical text; the byte and UTF-16 forms of the same range are kept too,
/// so no caller ever has to walk the text to convert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub id: SentenceId,
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub utf16_start: usize,
    pub utf16_end: usize,
    /// The segmenter rule that ended this sentence.
    pub rule: Rule,
}

impl Sentence {
    pub fn text<'a>(&self, doc: &'a Document) -> &'a str {
        &doc.text[self.byte_start..self.byte_end]
    }

    /// The document code point offset of a UTF-16 offset counted from the
    /// sentence's start (what a DOM `Range` inside the sentence gives).
    /// Clamped to the sentence; an offset inside a surrogate pair rounds down.
    pub fn cp_from_utf16(&self, doc: &Document, utf16: usize) -> usize {
        let mut units = 0;
        let mut cp = self.start;
        for c in self.text(doc).chars() {
            if units + c.len_utf16() > utf16 {
                break;
            }
            units += c.len_utf16();
            cp += 1;
        }
        cp
    }

    /// Byte range in the sentence's text of a code point range of the
    /// document (clamped to the sentence).
    pub fn local_bytes(&self, doc: &Document, start: usize, end: usize) -> (usize, usize) {
        let text = self.text(doc);
        let at = |cp: usize| {
            let k = cp.saturating_sub(self.start);
            text.char_indices().nth(k).map_or(text.len(), |(b, _)| b)
        };
        (at(start.max(self.start)), at(end.min(self.end)))
    }
}

impl Document {
    /// Length of the canonical text in code points.
    pub fn len(&self) -> usize {
        self.index.len_cp()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn sentence(&self, id: SentenceId) -> Option<&Sentence> {
        self.sentences.get(id.index())
    }

    /// Text between two code point offsets, or `None` if out of range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        self.index.slice(&self.text, start, end)
    }

    /// The sentence containing code point `cp`, if any.
    pub fn sentence_at(&self, cp: usize) -> Option<&Sentence> {
        let k = self.sentences.partition_point(|s| s.end <= cp);
        self.sentences.get(k).filter(|s| s.start <= cp)
    }

    /// A short name for files: lowercase ASCII words of the title joined by `-`.
    pub fn slug(&self) -> String {
        slug(&self.title)
    }
}

/// Lowercase ASCII letters and digits, other runs become one `-`; at most 60
/// characters; `document` when nothing is left.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() && c != '’' && c != '\'' {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "document".to_string()
    } else {
        out
    }
}

/// Makes the canonical text: `\r\n` and lone `\r` become `\n`, a leading BOM goes.
pub fn canonical_text(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if !raw.contains('\r') {
        return raw.to_string();
    }
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

/// A run of non-blank lines: byte range of its text (without the final
/// newline) and its line count.
struct Block {
    start: usize,
    end: usize,
    lines: usize,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut open: Option<Block> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let line_start = pos;
        pos += line.len();
        if body.trim().is_empty() {
            out.extend(open.take());
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        let end = line_start + body.trim_end().len();
        match open.as_mut() {
            Some(b) => {
                b.end = end;
                b.lines += 1;
            }
            None => {
                open = Some(Block {
                    start: line_start + lead,
                    end,
                    lines: 1,
                })
            }
        }
    }
    out.extend(open);
    out
}

fn source_of(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("Source")?;
    let rest = rest.trim_start().strip_prefix(':')?;
    let name = rest.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Category names of more than one word that news sites put in a line of
/// categories separated only by spaces ("… News United States"): kept
/// whole there. Compared without regard to case.
const MULTI_WORD_CATEGORIES: &[&str] = &[
    "Arts & Culture",
    "Climate Change",
    "Cyber Security",
    "East Asia",
    "Human Rights",
    "Latin America",
    "Middle East",
    "New Zealand",
    "North America",
    "North Korea",
    "Science & Health",
    "Science & Technology",
    "South Africa",
    "South Asia",
    "South Korea",
    "Southeast Asia",
    "United Kingdom",
    "United Nations",
    "United States",
    "US Politics",
    "World News",
];

fn categories_of(line: &str) -> Vec<String> {
    if line.contains([',', ';', '|', '\t']) {
        return line
            .split([',', ';', '|', '\t'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect();
    }
    // Separated by spaces only: words, except the known names of several
    // words, taken longest first.
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let whole = (2..=3).rev().find_map(|n| {
            let end = i.checked_add(n).filter(|&e| e <= words.len())?;
            let phrase = words[i..end].join(" ");
            MULTI_WORD_CATEGORIES
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&phrase))
                .then_some((phrase, n))
        });
        match whole {
            Some((phrase, n)) => {
                out.push(phrase);
                i += n;
            }
            None => {
                out.push(words[i].to_string());
                i += 1;
            }
        }
    }
    out
}

/// Parses raw text into a [`Document`]. Never fails: empty input gives an
/// empty document titled "Untitled".
pub fn parse_article(raw: &str) -> Document {
    let text = canonical_text(raw);
    let blocks = blocks(&text);
    let mut body: &[Block] = &blocks;
    let mut source = None;
    let mut categories = Vec::new();
    let mut title = String::new();

    if let Some(last) = body.last() {
        if last.lines == 1 {
            if let Some(s) = source_of(&text[last.start..last.end]) {
                source = Some(s);
                body = &body[..body.len() - 1];
            }
        }
    }
    let mut paragraph_blocks: Vec<(usize, usize)> = Vec::new();
    let layout = source.is_some() && body.len() >= 3 && body[0].lines == 1 && body[1].lines == 1;
    if layout {
        categories = categories_of(&text[body[0].start..body[0].end]);
        title = text[body[1].start..body[1].end].trim().to_string();
        body = &body[2..];
        paragraph_blocks.extend(body.iter().map(|b| (b.start, b.end)));
    } else if let Some(first) = body.first() {
        // The first line is the title; the rest of its block (if any) is a paragraph.
        let block = &text[first.start..first.end];
        let line_end = block.find('\n').map_or(first.end, |i| first.start + i);
        title = text[first.start..line_end].trim().to_string();
        if line_end < first.end {
            let rest = &text[line_end..first.end];
            let lead = rest.len() - rest.trim_start().len();
            paragraph_blocks.push((line_end + lead, first.end));
        }
        paragraph_blocks.extend(body[1..].iter().map(|b| (b.start, b.end)));
    }
    if title.is_empty() {
        title = "Untitled".to_string();
    }

    let index = CharIndex::new(&text);
    let mut cursor = Cursor::default();
    let mut paragraphs = Vec::with_capacity(paragraph_blocks.len());
    let mut sentences = Vec::new();
    for (p, &(b0, b1)) in paragraph_blocks.iter().enumerate() {
        let first = sentences.len();
        let (p_start, _) = cursor.advance(&text, b0);
        for piece in segment::split(&text[b0..b1]) {
            let (start, utf16_start) = cursor.advance(&text, b0 + piece.start);
            let (end, utf16_end) = cursor.advance(&text, b0 + piece.end);
            sentences.push(Sentence {
                id: SentenceId(sentences.len() as u32),
                paragraph: p,
                start,
                end,
                byte_start: b0 + piece.start,
                byte_end: b0 + piece.end,
                utf16_start,
                utf16_end,
                rule: piece.rule,
            });
        }
        let (p_end, _) = cursor.advance(&text, b1);
        paragraphs.push(Paragraph {
            start: p_start,
            end: p_end,
            sentences: first..sentences.len(),
        });
    }
    let text_sha256 = hex(&Sha256::digest(text.as_bytes()));
    Document {
        text,
        title,
        categories,
        source,
        paragraphs,
        sentences,
        text_sha256,
        index,
    }
}

/// Walks forward through the text once, converting increasing byte offsets
/// to code point and UTF-16 offsets in linear total time.
#[derive(Default)]
struct Cursor {
    byte: usize,
    cp: usize,
    utf16: usize,
}

impl Cursor {
    fn advance(&mut self, text: &str, to: usize) -> (usize, usize) {
        debug_assert!(to >= self.byte);
        for c in text[self.byte..to].chars() {
            self.cp += 1;
            self.utf16 += c.len_utf16();
        }
        self.byte = to;
        (self.cp, self.utf16)
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a text, lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_first_line_is_title() {
        let d = parse_article("My title\nFirst para. Second sentence.\n\nAnother one.");
        assert_eq!(d.title, "My title");
        assert!(d.categories.is_empty());
        assert_eq!(d.source, None);
        assert_eq!(d.paragraphs.len(), 2);
        let texts: Vec<&str> = d.sentences.iter().map(|s| s.text(&d)).collect();
        assert_eq!(
            texts,
            vec!["First para.", "Second sentence.", "Another one."]
        );
    }

    #[test]
    fn crlf_is_normalised_and_offsets_follow() {
        let d = parse_article("\u{feff}Cats\r\n\r\nTags: “é”. Done.\r\n\r\nSource : Me\r\n");
        assert!(!d.text.contains('\r'));
        assert_eq!(d.source.as_deref(), Some("Me"));
        for s in &d.sentences {
            assert_eq!(d.slice(s.start, s.end), Some(s.text(&d)));
        }
    }

    #[test]
    fn utf16_offsets_inside_a_sentence() {
        let d = parse_article("T\n\nA 😀 b. Next.");
        let s = &d.sentences[0];
        assert_eq!(s.text(&d), "A 😀 b.");
        assert_eq!(s.cp_from_utf16(&d, 0), s.start);
        assert_eq!(s.cp_from_utf16(&d, 2), s.start + 2);
        assert_eq!(
            s.cp_from_utf16(&d, 3),
            s.start + 2,
            "inside the pair rounds down"
        );
        assert_eq!(s.cp_from_utf16(&d, 4), s.start + 3);
        assert_eq!(s.cp_from_utf16(&d, 99), s.end);
        let (a, b) = s.local_bytes(&d, s.start + 2, s.start + 3);
        assert_eq!(&s.text(&d)[a..b], "😀");
    }

    #[test]
    fn empty_input() {
        let d = parse_article("");
        assert_eq!(d.title, "Untitled");
        assert!(d.sentences.is_empty());
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("US Voices Concerns Over China’s Counterespionage Push"),
            "us-voices-concerns-over-chinas-counterespionage-push"
        );
        assert_eq!(slug("¿¡!?"), "document");
    }
}
