//! The scanner behind [`super::split`] and [`super::explain`].
//!
//! One forward pass over the bytes. Bytes that cannot start a candidate are
//! skipped through a lookup table; at a candidate the scanner looks at a
//! bounded window (the word before, the word or two after) and at a little
//! state about the current sentence:
//!
//! - `start`: where the current sentence starts (first non-space byte);
//! - `content`: where its text starts after a list marker (`• `, `- `, `2. `);
//! - `bullet_line`: it started a line with a marker, so a line break ends it;
//! - `list`: the label that would continue the current list (`2.` after `1.`).

use super::words::{self, class, contains};
use super::{Decision, Piece, Rule};
use std::cell::Cell;

/// Longest word looked at before a terminator; longer tokens (URLs, long
/// numbers) are never abbreviations.
const MAX_WORD: usize = 48;
/// Most opening marks skipped before the next word (`“(`).
const MAX_OPENERS: usize = 4;
/// Longest token read after a candidate (names in an attribution).
const MAX_AHEAD_TOKEN: usize = 32;
/// Longest opening phrase before `a.m.`/`p.m.` that is not a sentence (`At 5 `).
const MAX_TIME_PHRASE: usize = 40;

/// Multi-byte characters that can start a candidate.
const MULTIBYTE_TRIGGERS: &[char] = &[
    '…', '‽', '⁇', '⁈', '⁉', '।', '॥', '؟', '۔', '։', '።', '፧', '。', '！', '？', '｡', '•', '◦',
    '▪', '●', '■', '‣', '⁃', '➢', '➤', '►', '▶', '▸',
];

/// Lead byte of `c`'s UTF-8 encoding (for `c` ≥ U+0080).
const fn lead_byte(c: char) -> u8 {
    let c = c as u32;
    if c < 0x800 {
        (0xC0 | (c >> 6)) as u8
    } else if c < 0x10000 {
        (0xE0 | (c >> 12)) as u8
    } else {
        (0xF0 | (c >> 18)) as u8
    }
}

const fn trigger_table() -> [bool; 256] {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'?' as usize] = true;
    t[b'!' as usize] = true;
    t[b')' as usize] = true;
    t[b'\n' as usize] = true;
    let mut k = 0;
    while k < MULTIBYTE_TRIGGERS.len() {
        t[lead_byte(MULTIBYTE_TRIGGERS[k]) as usize] = true;
        k += 1;
    }
    t
}

/// Bytes at which the scanner stops to look.
static TRIGGER: [bool; 256] = trigger_table();

/// The first byte at or after `i` that may be a candidate: `.`, `?`, `!`,
/// `)`, a line break, or the lead byte of a multi-byte character (checked
/// against [`TRIGGER`] by the caller). Looks at 8 bytes at a time.
fn next_candidate(b: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // High bit of each byte of `w` that equals `c` (exact for the lowest one).
    let eq = |w: u64, c: u8| {
        let x = w ^ (LO * u64::from(c));
        x.wrapping_sub(LO) & !x & HI
    };
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let hits = eq(w, b'.')
            | eq(w, b'?')
            | eq(w, b'!')
            | eq(w, b')')
            | eq(w, b'\n')
            | (w & (w << 1) & HI);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !TRIGGER[b[i] as usize] {
        i += 1;
    }
    i
}

fn is_question_or_exclamation(c: char) -> bool {
    matches!(c, '?' | '!' | '‽' | '⁇' | '⁈' | '⁉')
}

/// Terminators of other scripts that, like `.`, need a space after them.
fn is_other_terminator(c: char) -> bool {
    matches!(c, '।' | '॥' | '؟' | '۔' | '։' | '።' | '፧')
}

fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

fn is_terminator(c: char) -> bool {
    c == '.' || c == '…' || is_question_or_exclamation(c) || is_other_terminator(c)
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '"'
            | '\''
            | ')'
            | ']'
            | '}'
            | '»'
            | '›'
            | '」'
            | '』'
            | '）'
            | '】'
            | '》'
            | '〉'
    )
}

fn is_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '»' | '›' | '」' | '』')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '"'
            | '\''
            | '('
            | '['
            | '{'
            | '«'
            | '‹'
            | '¿'
            | '¡'
            | '„'
            | '‚'
            | '「'
            | '『'
            | '（'
            | '【'
            | '—'
            | '–'
            | '-'
            | '*'
            | '_'
    )
}

/// Bullets that start a list item wherever they stand after a space.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '◦' | '▪' | '●' | '■' | '‣' | '⁃' | '➢' | '➤' | '►' | '▶' | '▸'
    )
}

/// ASCII-ish bullets that start a list item only at the start of a line.
fn is_line_bullet(c: char) -> bool {
    matches!(c, '-' | '*' | '+' | '–')
}

fn is_emoji(c: char) -> bool {
    let u = c as u32;
    !is_bullet(c)
        && (matches!(u, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50..=0x2B55)
            || c == '\u{200D}'
            || c == '\u{FE0F}')
}

/// Whether `tok` is a dotted abbreviation: `U.S`, `Ph.D`, `N.Y` (the final
/// dot is the candidate itself).
fn is_dotted(tok: &str) -> bool {
    let mut segments = 0;
    for seg in tok.split('.') {
        if seg.is_empty() || seg.len() > 2 || !seg.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        segments += 1;
    }
    segments >= 2
}

/// The single uppercase letter `tok` consists of, if it does.
fn single_capital(tok: &str) -> Option<char> {
    let mut cs = tok.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) if c.is_uppercase() => Some(c),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Num(u32),
    Lower(u8),
    Upper(u8),
}

impl Label {
    fn succ(self) -> Label {
        match self {
            Label::Num(n) => Label::Num(n.saturating_add(1)),
            Label::Lower(c) => Label::Lower(c.saturating_add(1)),
            Label::Upper(c) => Label::Upper(c.saturating_add(1)),
        }
    }
}

/// How a list label is punctuated: `1.`, `1)`, `1.)`, `(1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Dot,
    Paren,
    DotParen,
    Parens,
}

#[derive(Clone, Copy, Debug)]
struct List {
    next: Label,
    style: Style,
}

/// Runs the scanner over `text`, calling `emit` with every decision and, for
/// boundaries, the sentence it closes. Returns the last sentence, which ends
/// with the paragraph.
pub(super) fn scan<F: FnMut(Decision, Option<Piece>)>(text: &str, emit: F) -> Option<Piece> {
    let mut s = Scanner::new(text, emit);
    s.run();
    s.finish()
}

/// Bytes examined around candidates while scanning `text`.
pub(super) fn work(text: &str) -> usize {
    let mut s = Scanner::new(text, |_, _| {});
    s.run();
    s.work.get()
}

struct Scanner<'t, F> {
    text: &'t str,
    b: &'t [u8],
    start: usize,
    content: usize,
    bullet_line: bool,
    list: Option<List>,
    work: Cell<usize>,
    emit: F,
}

impl<'t, F: FnMut(Decision, Option<Piece>)> Scanner<'t, F> {
    fn new(text: &'t str, emit: F) -> Self {
        let mut s = Scanner {
            text,
            b: text.as_bytes(),
            start: 0,
            content: 0,
            bullet_line: false,
            list: None,
            work: Cell::new(0),
            emit,
        };
        let first = s.skip_ws(0);
        s.set_start(first);
        s
    }

    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            i = next_candidate(self.b, i);
            let Some(&byte) = self.b.get(i) else {
                break;
            };
            if !TRIGGER[byte as usize] {
                i += 1;
                continue;
            }
            i = match byte {
                b'.' | b'?' | b'!' => self.terminator(i),
                b')' => self.paren(i),
                b'\n' => self.newline(i),
                _ => match self.char_at(i) {
                    Some(c) if is_terminator(c) || is_cjk_terminator(c) => self.terminator(i),
                    Some(c) if is_bullet(c) => self.bullet(i, c.len_utf8()),
                    Some(c) => i + c.len_utf8(),
                    None => i + 1,
                },
            };
        }
    }

    fn finish(self) -> Option<Piece> {
        let end = self.text.trim_end().len();
        (end > self.start).then_some(Piece {
            start: self.start,
            end,
            rule: Rule::EndOfParagraph,
        })
    }

    // ----- decisions -------------------------------------------------------

    /// Reports a decision; a boundary after the current start closes a
    /// sentence and starts the next one at the next non-space byte.
    fn decide(&mut self, at: usize, rule: Rule) {
        let piece = (rule.is_boundary() && at > self.start).then_some(Piece {
            start: self.start,
            end: at,
            rule,
        });
        (self.emit)(Decision { at, rule }, piece);
        if piece.is_some() {
            let next = self.skip_ws(at);
            self.set_start(next);
        }
    }

    /// Starts a sentence at `p` and reads a list marker there, if any.
    fn set_start(&mut self, p: usize) {
        self.start = p;
        self.content = p;
        self.bullet_line = false;
        let Some(c) = self.char_at(p) else {
            return;
        };
        let line_start = self.at_line_start(p);
        let mut q = p;
        let mut marked = false;
        let mut bulleted = false;
        if is_bullet(c) {
            q = self.skip_spaces(p + c.len_utf8());
            marked = true;
            bulleted = true;
        } else if line_start && is_line_bullet(c) && self.space_at(p + c.len_utf8()) {
            q = self.skip_spaces(p + c.len_utf8());
            marked = true;
        }
        if let Some((label, style, end)) = self.parse_label(q) {
            let expected = self
                .list
                .is_some_and(|l| l.next == label && l.style == style);
            let opens = matches!(
                label,
                Label::Num(1) | Label::Lower(b'a') | Label::Upper(b'A')
            );
            if marked || line_start || expected || opens {
                self.list = Some(List {
                    next: label.succ(),
                    style,
                });
                q = self.skip_spaces(end);
                marked = true;
            }
        }
        if marked {
            self.content = q;
            self.bullet_line = line_start || bulleted;
        }
    }

    /// A `.`, `?`, `!`, ellipsis or other terminator at `i`, with the run of
    /// terminators and closing marks that follows it.
    fn terminator(&mut self, i: usize) -> usize {
        let n = self.b.len();
        let mut p = i;
        let mut dots = 0usize;
        let mut first_dot_end = 0;
        let (mut qe, mut ell, mut cjk, mut other) = (false, false, false, false);
        let (mut closers, mut quote, mut bracket) = (false, false, false);
        while let Some(c) = self.char_at(p) {
            if c == '.' {
                dots += 1;
                if first_dot_end == 0 {
                    first_dot_end = p + 1;
                }
            } else if is_question_or_exclamation(c) {
                qe = true;
            } else if c == '…' {
                ell = true;
            } else if is_cjk_terminator(c) {
                cjk = true;
            } else if is_other_terminator(c) {
                other = true;
            } else if is_closer(c) {
                closers = true;
                quote |= is_quote(c);
                bracket |= c == ']';
            } else {
                break;
            }
            p += c.len_utf8();
        }
        // Spaced ellipsis: `. . .` or `word. . . .`
        let mut spaced = false;
        if dots >= 1 && !(qe || ell || cjk || other || closers) {
            let mut q = p;
            let mut total = dots;
            while q + 1 < n && self.b[q] == b' ' && self.b[q + 1] == b'.' {
                q += 1;
                while q < n && self.b[q] == b'.' {
                    q += 1;
                    total += 1;
                }
            }
            if q > p && total >= 3 {
                spaced = true;
                dots = total;
                p = q;
                while let Some(c) = self.char_at(p).filter(|&c| is_closer(c)) {
                    closers = true;
                    quote |= is_quote(c);
                    p += c.len_utf8();
                }
            }
        }
        let end = p;

        // The dot of a list marker at the start of this sentence.
        if i >= self.start && i < self.content {
            self.decide(end, Rule::ListMarker);
            return end;
        }
        let plain_dot = dots == 1 && !(qe || ell || cjk || other || spaced);
        if plain_dot && self.list.is_some() && self.space_at(end) {
            let mut ls = i;
            while ls > 0 && i - ls < 3 && self.b[ls - 1].is_ascii_alphanumeric() {
                ls -= 1;
            }
            if ls < i && self.try_list_item(ls, end) {
                return end;
            }
        }
        let ellipsis = !(qe || cjk || other) && (ell || dots >= 2);
        if ellipsis && bracket && i > 0 && self.b[i - 1] == b'[' {
            self.decide(end, Rule::Ellipsis);
            return end;
        }
        if cjk {
            self.decide(end, Rule::CjkTerminator);
            return end;
        }
        let rule = self.after_run(i, end, dots, ellipsis, spaced, qe || other, closers, quote);
        match rule {
            // `compounds. . . . The`: the attached dot ends the sentence and the
            // ellipsis opens the next one.
            Rule::Terminator if spaced && dots >= 4 && self.attached(i) => {
                self.decide(first_dot_end, rule)
            }
            Rule::Terminator => {
                let at = self.extend_over_emoji(end);
                self.decide(at, rule)
            }
            _ => self.decide(end, rule),
        }
        end
    }

    /// Decides a terminator run ending at `end` by what follows it.
    #[allow(clippy::too_many_arguments)]
    fn after_run(
        &mut self,
        i: usize,
        end: usize,
        dots: usize,
        ellipsis: bool,
        spaced: bool,
        question: bool,
        closers: bool,
        quote: bool,
    ) -> Rule {
        let n = self.b.len();
        let Some(next) = self.char_at(end) else {
            return Rule::EndOfParagraph;
        };
        if !next.is_whitespace() {
            return if matches!(next, ',' | ';' | ':') {
                Rule::ContinuationFollows
            } else {
                Rule::NoSpaceAfter
            };
        }
        let nx = self.skip_ws(end);
        if nx >= n {
            return Rule::EndOfParagraph;
        }
        let newline = self.b[end..nx].contains(&b'\n');
        if (newline && self.line_marker(nx)) || self.char_at(nx).is_some_and(is_bullet) {
            return Rule::ListItem;
        }
        let ws = self.skip_openers(nx);
        let first = self.char_at(ws);
        if first.is_some_and(char::is_lowercase) {
            return Rule::LowercaseFollows;
        }
        if ellipsis {
            return if spaced {
                if !self.attached(i) && dots == 3 {
                    Rule::Ellipsis
                } else {
                    Rule::Terminator
                }
            } else if self.attached(i) {
                Rule::Terminator
            } else {
                let w = self.word_at(ws);
                if w != "I" && contains(words::STARTERS, w) {
                    Rule::Terminator
                } else {
                    Rule::Ellipsis
                }
            };
        }
        if question {
            return if quote && self.attribution(ws) {
                Rule::QuoteAttribution
            } else {
                Rule::Terminator
            };
        }
        if closers {
            // The quotation or parenthesis closed right after the full stop.
            return Rule::Terminator;
        }
        self.after_word(i, nx, ws, first)
    }

    /// A single full stop at `i` followed by whitespace and a word that is not
    /// lower case (`first`, at byte `ws`, after opening marks from `nx`).
    fn after_word(&mut self, i: usize, nx: usize, ws: usize, first: Option<char>) -> Rule {
        let Some((ts, tok)) = self.token_before(i) else {
            return Rule::Terminator;
        };
        let cls = words::classes(tok);
        let letter = single_capital(tok);
        let street = tok == "St";
        if cls == 0 && letter.is_none() && !street && !is_dotted(tok) {
            // An ordinary word: most full stops end here.
            return Rule::Terminator;
        }
        let has = |flags: u16| cls & flags != 0;
        let capital = |flags: u16| has(flags) && tok.as_bytes()[0].is_ascii_uppercase();
        // A digit right after the space (`No. 5`), not inside brackets (`et al. (2021)`).
        let digit = first.is_some_and(|c| c.is_ascii_digit()) && ws == nx;
        let paren_next = self.b.get(nx) == Some(&b'(');

        let saint = street && !self.prev_is_name_or_ordinal(ts);
        if saint || capital(class::TITLE) || has(class::NEVER_LAST) {
            return Rule::Abbreviation;
        }
        if digit {
            // News style spells out a number that starts a sentence (years
            // aside), so after an abbreviation a digit continues the sentence:
            // `the U.S. 10-year yield`, `Acme Inc. 10-K filing`.
            return if has(class::BEFORE_NUMBER | class::MONTH) {
                Rule::NumberAbbreviation
            } else if has(class::TIME) {
                Rule::TimeAbbreviation
            } else if street || capital(class::AMBIGUOUS) || has(class::COMPANY) || is_dotted(tok) {
                Rule::AmbiguousAbbreviation
            } else {
                Rule::Terminator
            };
        }
        if has(class::TIME) {
            return if paren_next || self.time_continues(ws) || self.time_phrase(ts) {
                Rule::TimeAbbreviation
            } else {
                Rule::Terminator
            };
        }
        let next = self.word_at(ws);
        if has(class::COMPANY) {
            return if paren_next
                || self.b.get(nx) == Some(&b'&')
                || contains(words::COMPANY_CONTINUES, next)
            {
                Rule::AmbiguousAbbreviation
            } else {
                Rule::Terminator
            };
        }
        if capital(class::MONTH) || has(class::ETC) {
            // AP style abbreviates a month only before a day (`Jan. 5`), and
            // `etc.` closes a list: a capitalised word after them starts a
            // new sentence.
            return if paren_next {
                Rule::AmbiguousAbbreviation
            } else {
                Rule::Terminator
            };
        }
        if let Some(letter) = letter {
            return if self.initial_follows(ws) {
                Rule::Initial
            } else if contains(words::STARTERS, next)
                || (letter == 'I' && !self.prev_is_name_or_ordinal(ts))
            {
                Rule::Terminator
            } else {
                Rule::Initial
            };
        }
        if street || capital(class::AMBIGUOUS) || is_dotted(tok) {
            return if paren_next || !contains(words::STARTERS, next) {
                Rule::AmbiguousAbbreviation
            } else {
                Rule::Terminator
            };
        }
        Rule::Terminator
    }

    /// A `)` at `i`: the end of a list marker (`1)`, `(a)`)?
    fn paren(&mut self, i: usize) -> usize {
        if i >= self.start && i < self.content {
            self.decide(i + 1, Rule::ListMarker);
            return i + 1;
        }
        if let Some(list) = self.list {
            if matches!(list.style, Style::Paren | Style::Parens) && self.space_at(i + 1) {
                let mut ls = i;
                while ls > 0 && i - ls < 3 && self.b[ls - 1].is_ascii_alphanumeric() {
                    ls -= 1;
                }
                if list.style == Style::Parens && ls > 0 && self.b[ls - 1] == b'(' {
                    ls -= 1;
                }
                if ls < i {
                    self.try_list_item(ls, i + 1);
                }
            }
        }
        i + 1
    }

    /// A label at `ls` whose punctuation ends at `end` that continues the
    /// current list (`2.` after `1.`) starts a new item.
    fn try_list_item(&mut self, ls: usize, end: usize) -> bool {
        let Some(list) = self.list else {
            return false;
        };
        if ls <= self.start || !self.prev_char(ls).is_some_and(char::is_whitespace) {
            return false;
        }
        match self.parse_label(ls) {
            Some((label, style, e)) if label == list.next && style == list.style && e == end => {}
            _ => return false,
        }
        let cut = self.trim_back(ls);
        if cut <= self.start {
            return false;
        }
        self.decide(cut, Rule::ListItem);
        self.decide(end, Rule::ListMarker);
        true
    }

    /// A line break at `i` ends the sentence before it when the next line is a
    /// list item, or when this sentence is a bullet line.
    fn newline(&mut self, i: usize) -> usize {
        let nx = self.skip_ws(i);
        if self.start >= i || nx >= self.b.len() {
            return nx;
        }
        let cut = self.trim_back(i);
        if cut <= self.start {
            return nx;
        }
        let ends_bullet = self.bullet_line && !self.char_at(nx).is_some_and(char::is_lowercase);
        if ends_bullet || self.line_marker_after(cut, nx) {
            self.decide(cut, Rule::ListItem);
        }
        nx
    }

    /// A bullet at `i` after a space starts a new item.
    fn bullet(&mut self, i: usize, len: usize) -> usize {
        if i > self.start && i >= self.content && self.prev_char(i).is_some_and(char::is_whitespace)
        {
            let cut = self.trim_back(i);
            if cut > self.start {
                self.decide(cut, Rule::ListItem);
            }
        }
        i + len
    }

    // ----- look-around -----------------------------------------------------

    fn char_at(&self, p: usize) -> Option<char> {
        match self.b.get(p) {
            Some(&c) if c < 0x80 => Some(char::from(c)),
            Some(_) => self.text.get(p..)?.chars().next(),
            None => None,
        }
    }

    fn prev_char(&self, p: usize) -> Option<char> {
        match p.checked_sub(1).and_then(|q| self.b.get(q)) {
            Some(&c) if c < 0x80 => Some(char::from(c)),
            Some(_) => self.text.get(..p)?.chars().next_back(),
            None => None,
        }
    }

    fn count(&self, bytes: usize) {
        self.work.set(self.work.get() + bytes);
    }

    fn space_at(&self, p: usize) -> bool {
        matches!(self.b.get(p), Some(b' ' | b'\t' | b'\n'))
            || self.char_at(p).is_some_and(char::is_whitespace)
    }

    /// The first byte at or after `p` that is not whitespace.
    fn skip_ws(&self, p: usize) -> usize {
        let mut q = p;
        while let Some(c) = self.char_at(q).filter(|c| c.is_whitespace()) {
            q += c.len_utf8();
        }
        self.count(q - p);
        q
    }

    /// Skips spaces and tabs (not line breaks).
    fn skip_spaces(&self, p: usize) -> usize {
        let mut q = p;
        while matches!(self.b.get(q), Some(b' ' | b'\t')) {
            q += 1;
        }
        self.count(q - p);
        q
    }

    /// The end of the text before the whitespace that ends at `p`.
    fn trim_back(&self, p: usize) -> usize {
        let mut q = p;
        while let Some(c) = self.prev_char(q).filter(|c| c.is_whitespace()) {
            q -= c.len_utf8();
        }
        self.count(p - q);
        q
    }

    /// Whether only spaces or tabs lie between the last line break (or the
    /// start of the text) and `p`.
    fn at_line_start(&self, p: usize) -> bool {
        let mut q = p;
        while q > 0 && matches!(self.b[q - 1], b' ' | b'\t') {
            q -= 1;
        }
        self.count(p - q);
        q == 0 || matches!(self.b[q - 1], b'\n' | b'\r')
    }

    fn attached(&self, i: usize) -> bool {
        self.prev_char(i).is_some_and(|c| !c.is_whitespace())
    }

    /// Skips up to [`MAX_OPENERS`] opening quotes, brackets and dashes, and
    /// the spaces after a dash (`?” — went`).
    fn skip_openers(&self, p: usize) -> usize {
        let mut q = p;
        for _ in 0..MAX_OPENERS {
            match self.char_at(q) {
                Some(c) if is_opener(c) => q += c.len_utf8(),
                Some(' ' | '\t') if q > p => q += 1,
                _ => break,
            }
        }
        self.count(q - p);
        q
    }

    /// The ASCII letters starting at `p` (at most 24): the next word for list
    /// lookups. Empty when `p` is not an ASCII letter.
    fn word_at(&self, p: usize) -> &'t str {
        let mut q = p;
        while q < self.b.len() && q - p < 24 && self.b[q].is_ascii_alphabetic() {
            q += 1;
        }
        self.count(q - p);
        self.text.get(p..q).unwrap_or("")
    }

    /// The word before the terminator at `i` (start byte, and the word
    /// without opening marks, closing marks or a hyphenated prefix), or
    /// `None` when there is none or it is longer than [`MAX_WORD`].
    fn token_before(&self, i: usize) -> Option<(usize, &'t str)> {
        let mut s = i;
        while let Some(c) = self.prev_char(s).filter(|c| !c.is_whitespace()) {
            if i - s >= MAX_WORD {
                self.count(i - s);
                return None;
            }
            s -= c.len_utf8();
        }
        self.count(i - s);
        let raw = self.text.get(s..i)?;
        let mut tok = raw
            .trim_start_matches(|c| is_opener(c) || is_bullet(c))
            .trim_end_matches(is_closer);
        if let Some((k, c)) = tok
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '-' | '–' | '—' | '/'))
        {
            tok = &tok[k + c.len_utf8()..];
        }
        (!tok.is_empty()).then_some((s, tok))
    }

    /// Whether the word before `ts` in this sentence is a capitalised word
    /// (`Albert I.`, `Main St.`) or an ordinal (`5th St.`).
    fn prev_is_name_or_ordinal(&self, ts: usize) -> bool {
        let e = self.trim_back(ts);
        if e <= self.content || e == ts {
            return false;
        }
        let mut s = e;
        while s > self.content && e - s < MAX_WORD && self.b[s - 1].is_ascii_alphanumeric() {
            s -= 1;
        }
        self.count(e - s);
        let w = &self.b[s..e];
        match w.first() {
            Some(f) if f.is_ascii_uppercase() => w.iter().all(u8::is_ascii_alphabetic),
            Some(f) if f.is_ascii_digit() => {
                let suffix = &w[w.len().saturating_sub(2)..];
                [b"st", b"nd", b"rd", b"th"]
                    .iter()
                    .any(|x| suffix.eq_ignore_ascii_case(&x[..]))
            }
            _ => false,
        }
    }

    /// `J. R. R.`: the next word is a capital letter with a full stop.
    fn initial_follows(&self, ws: usize) -> bool {
        match self.char_at(ws) {
            Some(c) if c.is_uppercase() => self.b.get(ws + c.len_utf8()) == Some(&b'.'),
            _ => false,
        }
    }

    /// After `a.m.`: a time zone, day or month, or `<City> time`.
    fn time_continues(&self, ws: usize) -> bool {
        let w = self.word_at(ws);
        if contains(words::TIME_FOLLOWERS, w) {
            return true;
        }
        let p = ws + w.len();
        !w.is_empty()
            && self.b.get(p) == Some(&b' ')
            && self.word_at(p + 1).eq_ignore_ascii_case("time")
    }

    /// `At 5 a.m.`: the sentence so far is a short phrase opened by a
    /// preposition, not a sentence of its own.
    fn time_phrase(&self, ts: usize) -> bool {
        if ts <= self.content || ts - self.content > MAX_TIME_PHRASE {
            return false;
        }
        let spaces = self.b[self.content..ts]
            .iter()
            .filter(|&&b| b == b' ')
            .count();
        self.count(ts - self.content);
        spaces <= 4 && contains(words::PREPOSITIONS, self.word_at(self.content))
    }

    /// `“Why?” Smith asked.`: capitalised words, then a verb of saying.
    fn attribution(&self, ws: usize) -> bool {
        let mut p = ws;
        for k in 0..5 {
            let mut q = p;
            while q < self.b.len() && q - p < MAX_AHEAD_TOKEN && !self.b[q].is_ascii_whitespace() {
                q += 1;
            }
            self.count(q - p);
            let Some(tok) = self.text.get(p..q) else {
                return false;
            };
            let word = tok.trim_end_matches(|c: char| c.is_ascii_punctuation());
            match word.as_bytes().first() {
                Some(f) if f.is_ascii_uppercase() => {}
                Some(f) if f.is_ascii_lowercase() => {
                    return k > 0 && contains(words::SPEECH_VERBS, word);
                }
                _ => return false,
            }
            if self.b.get(q) != Some(&b' ') || word.len() < tok.len() && !tok.ends_with('.') {
                return false;
            }
            p = q + 1;
        }
        false
    }

    /// Whether the line at `p` starts a list item, given the text before the
    /// line break ends at `cut`. A hyphen or asterisk at a line start is a
    /// bullet only after a finished line (`:`, `.`, a closing mark) or before
    /// a capital or digit: `report\n- published on Monday -` is one sentence.
    fn line_marker_after(&self, cut: usize, p: usize) -> bool {
        match self.char_at(p) {
            Some(c) if is_line_bullet(c) => {
                let after = self.skip_spaces(p + c.len_utf8());
                let finished = self
                    .prev_char(cut)
                    .is_some_and(|c| matches!(c, ':' | ';') || is_terminator(c) || is_closer(c));
                let strong = self
                    .char_at(after)
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                self.space_at(p + c.len_utf8()) && (finished || self.bullet_line || strong)
            }
            _ => self.line_marker(p),
        }
    }

    /// Whether a list item starts at `p` (at the start of a line).
    fn line_marker(&self, p: usize) -> bool {
        match self.char_at(p) {
            Some(c) if is_bullet(c) => true,
            Some(c) if is_line_bullet(c) => self.space_at(p + c.len_utf8()),
            Some(_) => self.parse_label(p).is_some(),
            None => false,
        }
    }

    /// A list label at `p`: `1.`, `12)`, `3.)`, `(4)`, `a.`, `b)`, `(c)`,
    /// `A)` followed by whitespace. Returns the label, its style and the byte
    /// after its punctuation.
    fn parse_label(&self, p: usize) -> Option<(Label, Style, usize)> {
        let b = self.b;
        let open = b.get(p) == Some(&b'(');
        let mut q = p + usize::from(open);
        let ls = q;
        let mut value = 0u32;
        while q < b.len() && b[q].is_ascii_digit() {
            if q - ls == 3 {
                return None;
            }
            value = value * 10 + u32::from(b[q] - b'0');
            q += 1;
        }
        let label = if q > ls {
            Label::Num(value)
        } else {
            let c = *b.get(q)?;
            q += 1;
            if c.is_ascii_lowercase() {
                Label::Lower(c)
            } else if c.is_ascii_uppercase() {
                Label::Upper(c)
            } else {
                return None;
            }
        };
        let style = match (open, b.get(q), b.get(q + 1)) {
            (true, Some(b')'), _) => Style::Parens,
            (false, Some(b'.'), Some(b')')) => Style::DotParen,
            (false, Some(b'.'), _) => Style::Dot,
            (false, Some(b')'), _) => Style::Paren,
            _ => return None,
        };
        q += match style {
            Style::DotParen => 2,
            _ => 1,
        };
        if matches!(label, Label::Upper(_)) && style == Style::Dot {
            // `A. Smith` is an initial, not a list item.
            return None;
        }
        self.space_at(q).then_some((label, style, q))
    }

    /// `We won! 🎉 Next …`: emoji after a boundary stay with its sentence.
    fn extend_over_emoji(&self, end: usize) -> usize {
        let p = self.skip_spaces(end);
        if p == end {
            return end;
        }
        let mut q = p;
        while let Some(c) = self.char_at(q).filter(|&c| is_emoji(c)) {
            if q - p > MAX_AHEAD_TOKEN {
                return end;
            }
            q += c.len_utf8();
        }
        self.count(q - p);
        match self.char_at(q) {
            _ if q == p => end,
            None => q,
            Some(c) if c.is_whitespace() => q,
            _ => end,
        }
    }
}
