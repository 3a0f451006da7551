//! Annotations: a tag on a range of the canonical text.

use crate::ids::{AnnotationId, SentenceId};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    Claim,
    Denial,
    Quote,
}

impl Tag {
    pub const ALL: [Tag; 3] = [Tag::Claim, Tag::Denial, Tag::Quote];

    /// The name used in files: `claim`, `denial`, `quote`.
    pub fn name(self) -> &'static str {
        match self {
            Tag::Claim => "claim",
            Tag::Denial => "denial",
            Tag::Quote => "quote",
        }
    }

    /// The name people see: `Claim`, `Denial`, `Quote`.
    pub fn label(self) -> &'static str {
        match self {
            Tag::Claim => "Claim",
            Tag::Denial => "Denial",
            Tag::Quote => "Quote",
        }
    }

    pub fn from_name(s: &str) -> Option<Tag> {
        Tag::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s.trim()))
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What an annotation points at: `[start, end)` in code points of the
/// canonical text, inside sentence `sentence`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    pub sentence: SentenceId,
    pub start: usize,
    pub end: usize,
}

/// What people add to an annotation besides its tag. Empty strings mean
/// "not set"; files leave them out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Attrs {
    /// A free note, on any annotation.
    pub note: String,
    /// Quotes: who is speaking.
    pub speaker: String,
    /// Quotes: the attribution verb ("said", "told", "wrote").
    pub cue: String,
    /// Quotes: direct (quoted words) or indirect (reported speech).
    pub direct: Option<bool>,
    /// Denials: the claim annotation this denial answers.
    pub denies: Option<AnnotationId>,
}

impl Attrs {
    pub fn is_empty(&self) -> bool {
        *self == Attrs::default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub id: AnnotationId,
    pub tag: Tag,
    pub target: Target,
    pub attrs: Attrs,
    pub created: Timestamp,
    pub updated: Timestamp,
}

impl Annotation {
    /// Document order: by start, then longer first, then tag, then id.
    pub fn order_key(&self) -> (usize, std::cmp::Reverse<usize>, Tag, AnnotationId) {
        (
            self.target.start,
            std::cmp::Reverse(self.target.end),
            self.tag,
            self.id,
        )
    }
}

/// An imported annotation that could not be placed in the document. It is
/// kept, listed and exported with the work, never dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Orphan {
    pub id: AnnotationId,
    pub tag: Tag,
    /// The text it was made on, and up to 32 code points around it.
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// Where it was in its own text (code points), if the file said.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub attrs: Attrs,
    /// Why it could not be placed, for people.
    pub why: String,
}

/// How an imported annotation found its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The text's fingerprint matched: offsets used as they are.
    Exact,
    /// Found again by its quote (exact text plus context) or by an
    /// approximate match.
    Reanchored,
}
