//! Turning a file or pasted text into article text: size and "is it text"
//! checks, HTML and Markdown reduced to plain paragraphs.
//!
//! HTML is never handed to a browser to parse: it is tokenised here, script,
//! style and other non-content elements are dropped with their contents, and
//! what is left is text. So a hostile page cannot run anything in Glossa.

use std::fmt;

mod entities;

/// Largest file Glossa opens.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
    TooBig { bytes: usize },
    NotText,
    Empty,
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::TooBig { bytes } => write!(
                f,
                "This file is {:.1} MB; Glossa opens files up to {} MB.",
                *bytes as f64 / 1_048_576.0,
                MAX_BYTES / 1_048_576
            ),
            OpenError::NotText => write!(
                f,
                "This file is not text (it has bytes no text file has). Glossa opens .txt, .md and .html files."
            ),
            OpenError::Empty => write!(f, "This file has no text in it."),
        }
    }
}

/// What kind of text a file holds, from its name and its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Plain,
    Markdown,
    Html,
}

pub fn kind_of(name: &str, text: &str) -> Kind {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        return Kind::Html;
    }
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return Kind::Markdown;
    }
    let head: String = text
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        Kind::Html
    } else {
        Kind::Plain
    }
}

/// Decodes a file (UTF-8, or UTF-16 with a byte-order mark) and reduces it to
/// article text.
pub fn text_from_bytes(name: &str, bytes: &[u8]) -> Result<String, OpenError> {
    if bytes.len() > MAX_BYTES {
        return Err(OpenError::TooBig { bytes: bytes.len() });
    }
    let text = decode(bytes)?;
    let kind = kind_of(name, &text);
    let out = match kind {
        Kind::Html => html_to_text(&text),
        Kind::Markdown => markdown_to_text(&text),
        Kind::Plain => text,
    };
    if out.trim().is_empty() {
        return Err(OpenError::Empty);
    }
    Ok(out)
}

fn decode(bytes: &[u8]) -> Result<String, OpenError> {
    let utf16 = |be: bool| -> Result<String, OpenError> {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| OpenError::NotText)
    };
    let text = match bytes {
        [0xff, 0xfe, ..] => utf16(false)?,
        [0xfe, 0xff, ..] => utf16(true)?,
        _ => std::str::from_utf8(bytes)
            .map_err(|_| OpenError::NotText)?
            .to_string(),
    };
    // Control characters other than tab, newline, carriage return and form
    // feed mean a binary file.
    if text
        .chars()
        .any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
    {
        return Err(OpenError::NotText);
    }
    Ok(text)
}

/// Markdown to plain paragraphs: heading marks, emphasis marks, link
/// targets and images go; the first heading becomes the title line.
pub fn markdown_to_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut in_code = false;
    for line in md.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let t = t.trim_start_matches('#').trim_start();
        let t = t.strip_prefix("> ").unwrap_or(t);
        let line = if line.trim_start().starts_with('#') {
            t
        } else {
            line
        };
        out.push_str(&strip_inline_markdown(line));
        out.push('\n');
    }
    out
}

fn strip_inline_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // ![alt](url) -> alt, [text](url) -> text
        if c == '!' && chars.get(i + 1) == Some(&'[') {
            i += 1;
            continue;
        }
        if c == ']' && chars.get(i + 1) == Some(&'(') {
            if let Some(close) = link_end(&chars, i + 2) {
                i = close + 1;
                continue;
            }
        }
        // `code` is literal: `__init__` keeps its underscores.
        if c == '`' {
            let ticks = chars[i..].iter().take_while(|&&d| d == '`').count();
            if let Some(end) = code_end(&chars, i + ticks, ticks) {
                out.extend(&chars[i + ticks..end]);
                i = end + ticks;
                continue;
            }
        }
        if c == '[' || ((c == '*' || c == '_') && emphasis_mark(&chars, i)) || c == '`' {
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The `)` that closes a link target starting at `from`; parentheses
/// inside it nest (`https://en.wikipedia.org/wiki/Mole_(espionage)`).
fn link_end(chars: &[char], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &c) in chars.iter().enumerate().skip(from) {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(j),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Where a code span opened by `ticks` backticks ends: the next run of
/// exactly that many.
fn code_end(chars: &[char], from: usize, ticks: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let run = chars[j..].iter().take_while(|&&d| d == '`').count();
            if run == ticks {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

/// `*`/`_` next to a word on one side and not the other is emphasis; a
/// bullet `* ` at line start and `snake_case` are kept.
fn emphasis_mark(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
    let after = chars.get(i + 1).copied();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let space = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
    (word(after) && space(before))
        || (word(before) && space(after))
        || after == Some(chars[i])
        || before == Some(chars[i])
}

/// Elements dropped with everything inside them.
const DROP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "textarea", "button", "head", "nav", "footer", "form", "audio", "video",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "hr",
    "address",
    "body",
    "html",
    "title",
];

/// HTML to plain paragraphs (one blank line between blocks). Tags are
/// removed, entities decoded, and the contents of [`DROP`] elements
/// discarded. The `<title>` (or first `<h1>`) comes first as the title line.
pub fn html_to_text(html: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut skip_until: Option<String> = None;
    let mut title: Option<String> = None;
    let mut in_title = false;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_until.is_none() {
                current.push_str(rest);
            }
            break;
        };
        if skip_until.is_none() {
            current.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        // Comments and doctype.
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let end = tag_end(rest);
        // Without its `>` (a tag left open at the end has none: cutting its
        // last byte could split a character).
        let inner = rest[..end].strip_suffix('>').unwrap_or(&rest[..end]);
        let tag = inner.get(1..).unwrap_or_default();
        rest = &rest[end..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if let Some(until) = &skip_until {
            if closing && *until == name {
                skip_until = None;
            }
            continue;
        }
        if name == "title" {
            if closing {
                in_title = false;
                title = Some(clean_block(&std::mem::take(&mut current)));
            } else {
                flush(&mut current, &mut blocks);
                in_title = true;
            }
            continue;
        }
        if DROP.contains(&name.as_str()) && !closing && name != "head" && !tag.ends_with('/') {
            skip_until = Some(name);
            continue;
        }
        if name == "br" {
            current.push('\n');
        } else if BLOCK.contains(&name.as_str()) {
            flush(&mut current, &mut blocks);
        }
    }
    if !in_title {
        flush(&mut current, &mut blocks);
    }
    let mut out = String::new();
    if let Some(t) = title.filter(|t| !t.is_empty()) {
        if blocks.first() != Some(&t) {
            out.push_str(&t);
            out.push_str("\n\n");
        }
    }
    out.push_str(&blocks.join("\n\n"));
    out.push('\n');
    out
}

/// Index just past the `>` that closes the tag at the start of `s`,
/// skipping `>` inside quoted attribute values.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn flush(current: &mut String, blocks: &mut Vec<String>) {
    let text = clean_block(current);
    current.clear();
    if !text.is_empty() {
        blocks.push(text);
    }
}

/// Decodes entities and collapses whitespace (keeping `<br>` line breaks).
fn clean_block(raw: &str) -> String {
    let decoded = decode_entities(raw);
    decoded
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes named character references (the HTML 4.01 set and `&apos;`,
/// listed in `entities.rs`) and numeric ones (`&#233;`, `&#xE9;`). Names are
/// case-sensitive; a reference without its `;`, an unknown name or a
/// control character stays as written.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // `;` is ASCII, so its byte position is a char boundary; slicing the
        // text at byte 12 could cut a character in two.
        let semi = rest.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name.strip_prefix('#') {
                None => entities::lookup(name),
                Some(num) => {
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())
                }
            }?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_text_and_drops_code() {
        let html = r#"<!doctype html><html><head><title>A &amp; B</title><style>p{}</style>
            <script>alert("x")</script></head><body><h1>A &amp; B</h1>
            <p onclick="evil()">First <b>bold</b> line.<br>Second&nbsp;line &#8220;q&#x201D;.</p>
            <!-- <p>hidden</p> --><svg><script>alert(1)</script><text>svg</text></svg>
            <p data-x="a>b">Third &lt;script&gt; shown as text.</p><img src=x onerror=alert(1)></body></html>"#;
        let text = html_to_text(html);
        assert_eq!(
            text,
            "A & B\n\nFirst bold line.\nSecond line “q”.\n\nThird <script> shown as text.\n"
        );
    }

    #[test]
    fn html_title_added_when_no_heading_repeats_it() {
        let text = html_to_text("<title>T</title><p>Body.</p>");
        assert_eq!(text, "T\n\nBody.\n");
    }

    #[test]
    fn markdown_headings_and_links() {
        let md = "# Title here\n\nSome *emphasis* and [a link](http://x.y/z).\n\n* bullet one\n* bullet two\n";
        assert_eq!(
            markdown_to_text(md),
            "Title here\n\nSome emphasis and a link.\n\n* bullet one\n* bullet two\n"
        );
    }

    #[test]
    fn markdown_link_targets_nest_parentheses_and_code_is_literal() {
        let md = "See [the mole](https://en.wikipedia.org/wiki/Mole_(espionage)) and `__init__` or ``a ` b``.\nUnclosed `tick and [x](y stay.\n";
        assert_eq!(
            markdown_to_text(md),
            "See the mole and __init__ or a ` b.\nUnclosed tick and x](y stay.\n"
        );
    }

    #[test]
    fn binary_big_and_empty_files_are_refused() {
        assert_eq!(
            text_from_bytes("a.txt", b"ok\x00\x01"),
            Err(OpenError::NotText)
        );
        assert_eq!(
            text_from_bytes("a.txt", &[0xc3, 0x28]),
            Err(OpenError::NotText)
        );
        assert_eq!(text_from_bytes("a.txt", b"  \n "), Err(OpenError::Empty));
        let big = vec![b'a'; MAX_BYTES + 1];
        assert!(matches!(
            text_from_bytes("a.txt", &big),
            Err(OpenError::TooBig { .. })
        ));
        assert!(OpenError::TooBig {
            bytes: MAX_BYTES + 1
        }
        .to_string()
        .contains("up to 20 MB"));
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Tïtle\n\nBody.".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(
            text_from_bytes("a.txt", &bytes).as_deref(),
            Ok("Tïtle\n\nBody.")
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_drops_every_tag(html in "(<[a-z/!\"' =>-]{0,12}|[a-z&;#0-9 ]{0,8}|>|<|\n)*") {
            let out = html_to_text(&html);
            let _ = markdown_to_text(&html);
            let _ = text_from_bytes("x.html", html.as_bytes());
            proptest::prop_assert!(!out.contains("<script"), "{out}");
        }
    }

    #[test]
    fn named_entities_of_html_4() {
        assert_eq!(decode_entities("caf&eacute; &Eacute;cole"), "café École");
        assert_eq!(decode_entities("it&rsquo;s"), "it’s");
        assert_eq!(decode_entities("wait&hellip;"), "wait…");
        assert_eq!(decode_entities("5&euro;"), "5€");
        assert_eq!(decode_entities("a&nbsp;b"), "a\u{a0}b");
        assert_eq!(decode_entities("&Omega;&omega;"), "Ωω");
        assert_eq!(decode_entities("&thetasym;&hArr;&diams;"), "ϑ⇔♦");
        assert_eq!(decode_entities("&apos;&quot;&lt;&gt;&amp;"), "'\"<>&");
    }

    #[test]
    fn unknown_or_unfinished_entities_stay_as_written() {
        assert_eq!(
            decode_entities("&foo; &EACUTE; &eAcute;"),
            "&foo; &EACUTE; &eAcute;"
        );
        // No `;`: left alone, as before.
        assert_eq!(decode_entities("&eacute &amp x"), "&eacute &amp x");
        assert_eq!(decode_entities("&;&&amp;"), "&;&&");
        assert_eq!(decode_entities("&#233;&#xE9;&#XE9;"), "ééé");
    }

    #[test]
    fn html_text_reads_named_entities() {
        assert_eq!(
            html_to_text(
                "<p>Caf&eacute;&nbsp;owner&rsquo;s &ldquo;plan&rdquo;&hellip; &euro;5</p>"
            ),
            "Café owner’s “plan”… €5\n"
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp;&amp; b &unknown; &#0; &#x1F600;"),
            "a && b &unknown; &#0; 😀"
        );
    }
}
