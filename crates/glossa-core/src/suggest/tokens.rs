//! Tokens and quotation marks: one sentence split into words, each knowing
//! whether it is inside a quotation and which cue classes it belongs to.

use super::words::{
    ACCUSE_WORDS, ATTR_VERBS, DENY_VERBS, NEGATIONS, REJECT_VERBS, STRONG_DENIAL_WORDS,
};

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok<'a> {
    pub(super) text: &'a str,
    /// The text between the previous token (or the sentence start) and this one.
    pub(super) gap: &'a str,
    pub(super) quoted: bool,
    /// The quotation (index into the spans) this token is inside.
    pub(super) span: Option<usize>,
    /// Word classes (`C_*` bits), looked up once.
    pub(super) class: u16,
}

pub(super) const C_ATTR: u16 = 1;
pub(super) const C_ATTR_STRONG: u16 = 2;
pub(super) const C_DENY: u16 = 4;
pub(super) const C_STRONG_DENIAL: u16 = 8;
pub(super) const C_REJECT: u16 = 16;
pub(super) const C_ACCUSE: u16 = 32;

/// The cue words, sorted, with their classes: one binary search per token
/// instead of many list scans.
pub(super) struct Lexicon {
    table: Vec<(&'static str, u16)>,
}

impl Lexicon {
    pub(super) fn new() -> Lexicon {
        let mut table: Vec<(&'static str, u16)> = Vec::new();
        for &(w, strong) in ATTR_VERBS {
            table.push((
                w,
                if strong {
                    C_ATTR | C_ATTR_STRONG
                } else {
                    C_ATTR
                },
            ));
        }
        let lists: [(&[&'static str], u16); 4] = [
            (DENY_VERBS, C_DENY),
            (STRONG_DENIAL_WORDS, C_STRONG_DENIAL),
            (REJECT_VERBS, C_REJECT),
            (ACCUSE_WORDS, C_ACCUSE),
        ];
        for (list, c) in lists {
            table.extend(list.iter().map(|&w| (w, c)));
        }
        crate::sort::sort(&mut table);
        let mut merged: Vec<(&'static str, u16)> = Vec::with_capacity(table.len());
        for (w, c) in table {
            match merged.last_mut() {
                Some(last) if last.0 == w => last.1 |= c,
                _ => merged.push((w, c)),
            }
        }
        Lexicon { table: merged }
    }

    fn class(&self, word: &str) -> u16 {
        let mut buf = [0u8; 16];
        let b = word.as_bytes();
        if b.len() > buf.len() {
            return 0;
        }
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        let Ok(low) = std::str::from_utf8(&buf[..b.len()]) else {
            return 0;
        };
        self.table
            .binary_search_by(|(w, _)| (*w).cmp(low))
            .map_or(0, |k| self.table[k].1)
    }
}

impl Tok<'_> {
    pub(super) fn has(&self, c: u16) -> bool {
        self.class & c != 0
    }
    pub(super) fn is(&self, w: &str) -> bool {
        self.text.eq_ignore_ascii_case(w)
    }
    pub(super) fn is_any(&self, ws: &[&str]) -> bool {
        ws.iter().any(|w| self.is(w))
    }
    pub(super) fn cap(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    pub(super) fn digit(&self) -> bool {
        self.text.as_bytes().first().is_some_and(u8::is_ascii_digit)
    }
    /// `didn't`, `can’t`, `not`, `never`, `no`.
    pub(super) fn negation(&self) -> bool {
        let t = self.text;
        self.is_any(NEGATIONS) || t.ends_with("n't") || t.ends_with("n’t")
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum QKind {
    Curly,
    Ascii,
    Single,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | ',' | '&')
}

/// Splits one sentence into tokens, updating the quotation state.
/// `open` is the open quotation (kind, span index); `new_span` makes a span.
pub(super) fn tokenize<'a>(
    lex: &Lexicon,
    text: &'a str,
    open: &mut Option<(QKind, usize)>,
    carry: &mut Option<usize>,
    single_close: &mut Option<usize>,
    new_span: &mut dyn FnMut() -> usize,
) -> Vec<Tok<'a>> {
    let mut toks = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut gap_start = 0;
    let mut i = 0;
    let open_quote = |open: &mut Option<(QKind, usize)>,
                      carry: &mut Option<usize>,
                      kind: QKind,
                      new_span: &mut dyn FnMut() -> usize| {
        let id = match carry.take() {
            Some(id) if kind != QKind::Single => id,
            _ => new_span(),
        };
        *open = Some((kind, id));
    };
    while i < chars.len() {
        let (b, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|&(_, c)| c);
        if is_word_char(c) {
            // A token: word chars, joined by ' ’ - . , & between word chars.
            let start = b;
            let mut j = i + 1;
            while j < chars.len() {
                let c2 = chars[j].1;
                if is_word_char(c2) {
                    j += 1;
                } else if is_joiner(c2)
                    && chars.get(j + 1).is_some_and(|&(_, c3)| is_word_char(c3))
                    && (c2 != ','
                        || (chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |&(b2, _)| b2);
            toks.push(Tok {
                text: &text[start..end],
                gap: &text[gap_start..start],
                quoted: open.is_some(),
                span: open.map(|(_, id)| id),
                class: lex.class(&text[start..end]),
            });
            gap_start = end;
            i = j;
            continue;
        }
        match c {
            '“' | '«' | '„' if open.is_none() => {
                open_quote(open, carry, QKind::Curly, new_span);
            }
            '”' | '»' => {
                if matches!(open, Some((QKind::Curly, _))) {
                    *open = None;
                }
            }
            '"' => match open {
                Some((QKind::Ascii, _)) => *open = None,
                None => {
                    let opens = prev.is_none_or(|p| {
                        p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | '/' | ':')
                    });
                    if opens && next.is_some_and(|n| !n.is_whitespace()) {
                        open_quote(open, carry, QKind::Ascii, new_span);
                    }
                }
                _ => {}
            },
            '‘' if open.is_none() => {
                // Only a single quotation closed in the same sentence counts.
                let close = chars[i + 1..].iter().enumerate().find(|&(k, &(_, c2))| {
                    c2 == '’'
                        && !chars[i + k].1.is_whitespace()
                        && chars
                            .get(i + k + 2)
                            .is_none_or(|&(_, c3)| !is_word_char(c3))
                });
                if let Some((k, _)) = close {
                    *single_close = Some(i + 1 + k);
                    open_quote(open, carry, QKind::Single, new_span);
                }
            }
            '’' if *single_close == Some(i) => {
                *open = None;
                *single_close = None;
            }
            _ => {}
        }
        i += 1;
    }
    // A single quotation never runs past its sentence.
    if matches!(open, Some((QKind::Single, _))) {
        *open = None;
    }
    *single_close = None;
    toks
}
