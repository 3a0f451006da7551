//! Typed ids, so a sentence index can never be passed where an annotation id
//! is expected.

use std::fmt;

/// A sentence's position in its document, counted from 0 over the whole
/// document. Shown to people (and in `data-sentence-id`) as `s1`, `s2`, …
/// which counts from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SentenceId(pub u32);

impl SentenceId {
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The 1-based number people see ("Sentence 4").
    pub fn number(self) -> u32 {
        self.0 + 1
    }

    /// Parses the `s<number>` form written by [`fmt::Display`].
    pub fn parse(s: &str) -> Option<SentenceId> {
        let n: u32 = s.strip_prefix('s')?.parse().ok()?;
        n.checked_sub(1).map(SentenceId)
    }
}

impl fmt::Display for SentenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s{}", self.number())
    }
}

/// An annotation's id: 128 random bits, written as a version 4 UUID.
///
/// The core never draws random numbers itself; the shell passes fresh bytes
/// in through [`crate::state::Env`], which keeps the core deterministic in tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnnotationId(u128);

impl AnnotationId {
    /// Makes a version 4 (random) UUID out of 16 random bytes.
    pub fn from_random_bytes(mut bytes: [u8; 16]) -> AnnotationId {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        AnnotationId(u128::from_be_bytes(bytes))
    }

    /// Parses the hyphenated UUID form (any version), case-insensitively.
    pub fn parse(s: &str) -> Option<AnnotationId> {
        let s = s.strip_prefix("urn:uuid:").unwrap_or(s);
        let groups: Vec<&str> = s.split('-').collect();
        let lens = [8, 4, 4, 4, 12];
        if groups.len() != 5 || groups.iter().zip(lens).any(|(g, n)| g.len() != n) {
            return None;
        }
        let hex: String = groups.concat();
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u128::from_str_radix(&hex, 16).ok().map(AnnotationId)
    }
}

impl fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = format!("{:032x}", self.0);
        write!(
            f,
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_round_trip_and_version_bits() {
        let id = AnnotationId::from_random_bytes([0xff; 16]);
        let s = id.to_string();
        assert_eq!(s, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(AnnotationId::parse(&s), Some(id));
        assert_eq!(AnnotationId::parse(&format!("urn:uuid:{s}")), Some(id));
        assert_eq!(AnnotationId::parse("not-a-uuid"), None);
        assert_eq!(
            AnnotationId::parse("ffffffff-ffff-4fff-bfff-fffffffffffg"),
            None
        );
    }

    #[test]
    fn sentence_id_display_counts_from_one() {
        assert_eq!(SentenceId(0).to_string(), "s1");
        assert_eq!(SentenceId::parse("s1"), Some(SentenceId(0)));
        assert_eq!(SentenceId::parse("s0"), None);
        assert_eq!(SentenceId::parse("x1"), None);
    }
}
