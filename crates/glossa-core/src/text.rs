//! Offsets in three units over one text: UTF-8 bytes (Rust slicing), Unicode
//! code points (Glossa's files, W3C `TextPositionSelector`) and UTF-16 code
//! units (the browser's DOM and `Range`).
//!
//! [`CharIndex`] converts between them without walking the text from the top:
//! it keeps a checkpoint every [`CharIndex::STRIDE`] code points, so a lookup
//! walks at most that many characters. This is what keeps offset conversion
//! cheap on book-length documents.

/// Number of code points in `s`.
pub fn cp_len(s: &str) -> usize {
    s.chars().count()
}

/// Number of UTF-16 code units in `s`.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The first `max` characters of `text`, with `…` when it was longer.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CharIndex {
    /// `(byte, utf16)` offsets of code point `k * STRIDE`.
    checkpoints: Vec<(usize, usize)>,
    len_cp: usize,
    len_utf16: usize,
}

impl CharIndex {
    pub const STRIDE: usize = 64;

    pub fn new(text: &str) -> CharIndex {
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STRIDE + 1);
        let mut utf16 = 0;
        let mut cp = 0;
        for (byte, c) in text.char_indices() {
            if cp % Self::STRIDE == 0 {
                checkpoints.push((byte, utf16));
            }
            utf16 += c.len_utf16();
            cp += 1;
        }
        CharIndex {
            checkpoints,
            len_cp: cp,
            len_utf16: utf16,
        }
    }

    pub fn len_cp(&self) -> usize {
        self.len_cp
    }

    pub fn len_utf16(&self) -> usize {
        self.len_utf16
    }

    /// Byte offset of code point `cp` (`cp == len` gives `text.len()`).
    /// `None` past the end.
    pub fn cp_to_byte(&self, text: &str, cp: usize) -> Option<usize> {
        if cp > self.len_cp {
            return None;
        }
        if cp == self.len_cp {
            return Some(text.len());
        }
        let (byte, _) = self.checkpoints[cp / Self::STRIDE];
        let skip = cp % Self::STRIDE;
        text[byte..].char_indices().nth(skip).map(|(b, _)| byte + b)
    }

    /// UTF-16 offset of code point `cp`. `None` past the end.
    pub fn cp_to_utf16(&self, text: &str, cp: usize) -> Option<usize> {
        if cp > self.len_cp {
            return None;
        }
        if cp == self.len_cp {
            return Some(self.len_utf16);
        }
        let (byte, utf16) = self.checkpoints[cp / Self::STRIDE];
        let skip = cp % Self::STRIDE;
        Some(
            utf16
                + text[byte..]
                    .chars()
                    .take(skip)
                    .map(char::len_utf16)
                    .sum::<usize>(),
        )
    }

    /// Code point offset of byte `byte`, which must lie on a char boundary.
    pub fn byte_to_cp(&self, text: &str, byte: usize) -> Option<usize> {
        if byte > text.len() || !text.is_char_boundary(byte) {
            return None;
        }
        let k = self.checkpoints.partition_point(|&(b, _)| b <= byte);
        if k == 0 {
            return Some(0);
        }
        let (b0, _) = self.checkpoints[k - 1];
        Some((k - 1) * Self::STRIDE + text[b0..byte].chars().count())
    }

    /// Slice of `text` between two code point offsets.
    pub fn slice<'a>(&self, text: &'a str, start: usize, end: usize) -> Option<&'a str> {
        if start > end {
            return None;
        }
        let b0 = self.cp_to_byte(text, start)?;
        let b1 = self.cp_to_byte(text, end)?;
        text.get(b0..b1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn conversions_agree_with_naive_walk(text in "\\PC{0,300}", pick in 0usize..400) {
            let idx = CharIndex::new(&text);
            let n = text.chars().count();
            prop_assert_eq!(idx.len_cp(), n);
            let cp = pick % (n + 1);
            let byte = text.char_indices().nth(cp).map(|(b, _)| b).unwrap_or(text.len());
            let utf16: usize = text.chars().take(cp).map(char::len_utf16).sum();
            prop_assert_eq!(idx.cp_to_byte(&text, cp), Some(byte));
            prop_assert_eq!(idx.cp_to_utf16(&text, cp), Some(utf16));
            prop_assert_eq!(idx.byte_to_cp(&text, byte), Some(cp));
            prop_assert_eq!(idx.cp_to_byte(&text, n + 1), None);
        }
    }

    #[test]
    fn excerpts_mark_what_was_cut() {
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("abcd", 3), "abc…");
        assert_eq!(excerpt("é😀x", 2), "é😀…");
    }

    #[test]
    fn astral_characters_count_twice_in_utf16() {
        let text = "a😀b";
        let idx = CharIndex::new(text);
        assert_eq!(idx.len_cp(), 3);
        assert_eq!(idx.len_utf16(), 4);
        assert_eq!(idx.cp_to_utf16(text, 2), Some(3));
        assert_eq!(idx.byte_to_cp(text, 2), None, "not a char boundary");
        assert_eq!(idx.slice(text, 1, 2), Some("😀"));
    }
}
