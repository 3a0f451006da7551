//! What agreement reads: each annotator's [`Work`] on a document — a label
//! per sentence (or missing) and their span annotations — made from a
//! [`Session`] or from a parsed Glossa file.

use crate::format::{self, ReadError};
use crate::{Document, SentenceId, Session, Tag};
use std::cmp::Reverse;
use std::fmt;
use std::rc::Rc;

/// A sentence's label for one annotator: the tag of their whole-sentence
/// annotation, or `None` when they gave it none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    None,
    Tag(Tag),
}

impl Label {
    /// The four labels, in the order of [`Label::index`].
    pub const ALL: [Label; 4] = [
        Label::None,
        Label::Tag(Tag::Claim),
        Label::Tag(Tag::Denial),
        Label::Tag(Tag::Quote),
    ];

    /// 0 for `none`, 1 + [`Tag::index`] for a tag.
    pub fn index(self) -> usize {
        match self {
            Label::None => 0,
            Label::Tag(t) => 1 + t.index(),
        }
    }

    /// The name in reports: `none`, `claim`, `denial`, `quote`.
    pub fn name(self) -> &'static str {
        match self {
            Label::None => "none",
            Label::Tag(t) => t.name(),
        }
    }
}

impl From<Option<Tag>> for Label {
    fn from(t: Option<Tag>) -> Label {
        t.map_or(Label::None, Label::Tag)
    }
}

/// A span annotation (one that is not the whole sentence), in code points
/// of the canonical text, `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub sentence: SentenceId,
    pub tag: Tag,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// Document order, as in Glossa files: by sentence, start, longer
    /// first, then tag.
    pub fn order_key(&self) -> (SentenceId, usize, Reverse<usize>, Tag) {
        (self.sentence, self.start, Reverse(self.end), self.tag)
    }

    /// Code points `self` and `other` share.
    pub fn shared(&self, other: &Span) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }
}

/// One annotator's work on one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Work {
    pub annotator: String,
    /// One entry per sentence of the document: the label, or `None` for a
    /// sentence the annotator has not reached (missing, not "none").
    pub labels: Vec<Option<Label>>,
    /// Their span annotations, in any order.
    pub spans: Vec<Span>,
}

impl Work {
    /// `session`'s annotations as `annotator`'s work. `reached`: the last
    /// sentence they got to, if their work says so; the sentences after it
    /// are missing. A sentence they annotated counts as reached whatever
    /// `reached` says, so nothing they did is dropped. `None`: every
    /// sentence counts as labelled, `none` included.
    pub fn from_session(
        annotator: impl Into<String>,
        session: &Session,
        reached: Option<SentenceId>,
    ) -> Work {
        let n = session.doc.sentences.len();
        let mut labels = Vec::with_capacity(n);
        let mut last = None;
        for s in &session.doc.sentences {
            let tag = session.sentence_tag(s.id);
            if tag.is_some() {
                last = Some(s.id);
            }
            labels.push(Some(Label::from(tag)));
        }
        let spans: Vec<Span> = session
            .annotations_in_order()
            .filter(|a| !session.is_sentence_level(a))
            .map(|a| Span {
                sentence: a.target.sentence,
                tag: a.tag,
                start: a.target.start,
                end: a.target.end,
            })
            .collect();
        last = last.max(spans.iter().map(|s| s.sentence).max());
        if let Some(reached) = reached {
            let upto = reached.max(last.unwrap_or(reached)).index() + 1;
            for l in labels.iter_mut().skip(upto) {
                *l = None;
            }
        }
        Work {
            annotator: annotator.into(),
            labels,
            spans,
        }
    }

    /// A Glossa file's annotations on `doc` as one annotator's work: the
    /// annotator is the file's `annotator`, else `fallback_name`; how far
    /// they got is its `reached` (see [`Work::from_session`]). The file
    /// must belong to `doc` and every annotation must fit it, as when the
    /// app reads saved work.
    pub fn from_file(
        doc: Rc<Document>,
        file: &format::File,
        fallback_name: &str,
    ) -> Result<Work, WorkError> {
        let annotations = format::annotations_for(&doc, file).map_err(WorkError::Read)?;
        let reached = match file.reached.as_deref() {
            None => None,
            Some(r) => Some(
                SentenceId::parse(r)
                    .filter(|s| s.index() < doc.sentences.len())
                    .ok_or_else(|| WorkError::BadReached {
                        reached: r.to_string(),
                        sentences: doc.sentences.len(),
                    })?,
            ),
        };
        let session = Session::with_annotations(doc, annotations)
            .map_err(|e| WorkError::Read(ReadError::Invalid(e.to_string())))?;
        let name = file
            .annotator
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(fallback_name);
        Ok(Work::from_session(name, &session, reached))
    }

    /// How many sentences the annotator labelled (`none` included).
    pub fn labelled(&self) -> usize {
        self.labels.iter().filter(|l| l.is_some()).count()
    }
}

/// Why a file cannot be read as an annotator's work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkError {
    /// The file does not fit the document (see [`format::ReadError`]).
    Read(ReadError),
    /// `reached` names no sentence of the document.
    BadReached { reached: String, sentences: usize },
}

impl fmt::Display for WorkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkError::Read(e) => e.fmt(f),
            WorkError::BadReached { reached, sentences } => write!(
                f,
                "Its \"reached\": \"{reached}\" is not a sentence of this article (s1 to s{sentences})."
            ),
        }
    }
}
