//! What is selected: sentences (one, or a range from an anchor), maybe a
//! span of whole words inside the focus sentence, and the caret moved word
//! by word. Selecting never changes saved state.

use super::{Outcome, Session};
use crate::annotation::Annotation;
use crate::ids::{AnnotationId, SentenceId};

/// A word range being selected inside the focus sentence: code point
/// offsets into the document; `anchor == focus` is a caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpanSel {
    pub anchor: usize,
    pub focus: usize,
}

impl SpanSel {
    pub fn range(&self) -> (usize, usize) {
        (self.anchor.min(self.focus), self.anchor.max(self.focus))
    }

    pub fn is_caret(&self) -> bool {
        self.anchor == self.focus
    }
}

/// The selected sentences (the range between `anchor` and `focus`,
/// inclusive), and maybe a span inside the focus sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub anchor: SentenceId,
    pub focus: SentenceId,
    pub span: Option<SpanSel>,
}

impl Selection {
    pub fn single(id: SentenceId) -> Selection {
        Selection {
            anchor: id,
            focus: id,
            span: None,
        }
    }

    pub fn contains(&self, id: SentenceId) -> bool {
        let (a, b) = self.bounds();
        a <= id && id <= b
    }

    pub fn bounds(&self) -> (SentenceId, SentenceId) {
        (self.anchor.min(self.focus), self.anchor.max(self.focus))
    }

    pub fn ids(&self) -> impl Iterator<Item = SentenceId> {
        let (a, b) = self.bounds();
        (a.0..=b.0).map(SentenceId)
    }

    /// The selected span as a range, if one with some text is selected.
    pub fn span_range(&self) -> Option<(usize, usize)> {
        self.span.filter(|s| !s.is_caret()).map(|s| s.range())
    }
}

impl Session {
    pub(super) fn select(&mut self, sentence: SentenceId, extend: bool) -> Outcome {
        if sentence.index() < self.doc.sentences.len() {
            self.selection = Some(match (extend, self.selection) {
                (true, Some(sel)) => Selection {
                    anchor: sel.anchor,
                    focus: sentence,
                    span: None,
                },
                _ => Selection::single(sentence),
            });
        }
        Outcome::default()
    }

    pub(super) fn move_by(&mut self, by: i32, extend: bool) -> Outcome {
        let n = self.doc.sentences.len();
        if n == 0 {
            return Outcome::default();
        }
        // With nothing selected, moving down starts just before the
        // first sentence and moving up just after the last.
        let next = match self.selection {
            None if by >= 0 => (by as i64 - 1).clamp(0, n as i64 - 1) as usize,
            None => (n as i64 + by as i64).clamp(0, n as i64 - 1) as usize,
            Some(sel) => (sel.focus.index() as i64 + by as i64).clamp(0, n as i64 - 1) as usize,
        };
        let next = SentenceId(next as u32);
        self.selection = Some(match (extend, self.selection) {
            (true, Some(sel)) => Selection {
                anchor: sel.anchor,
                focus: next,
                span: None,
            },
            _ => Selection::single(next),
        });
        Outcome::default()
    }

    pub(super) fn select_annotation(&mut self, id: AnnotationId) -> Outcome {
        let Some(a) = self.items.get(&id) else {
            return Outcome::default();
        };
        let span = (!self.is_sentence_level(a)).then_some(SpanSel {
            anchor: a.target.start,
            focus: a.target.end,
        });
        let s = a.target.sentence;
        self.selection = Some(Selection {
            anchor: s,
            focus: s,
            span,
        });
        Outcome::default()
    }

    pub(super) fn collapse_span(&mut self) -> Outcome {
        if let Some(sel) = self.selection.as_mut() {
            sel.span = None;
        }
        Outcome::default()
    }

    pub(super) fn select_span(&mut self, sid: SentenceId, start: usize, end: usize) -> Outcome {
        let Some(s) = self.doc.sentence(sid) else {
            return Outcome::default();
        };
        let (start, end) = (start.clamp(s.start, s.end), end.clamp(s.start, s.end));
        let (start, end) = (start.min(end), start.max(end));
        let words = self.words(sid);
        // Widen to whole words: from the start of the word holding `start`
        // to the end of the word holding `end`.
        let ws = words.iter().find(|w| w.1 > start).map_or(start, |w| w.0);
        let we = words.iter().rev().find(|w| w.0 < end).map_or(end, |w| w.1);
        if ws >= we {
            return Outcome::default();
        }
        self.selection = Some(Selection {
            anchor: sid,
            focus: sid,
            span: Some(SpanSel {
                anchor: ws,
                focus: we,
            }),
        });
        Outcome::default()
    }

    pub(super) fn move_word(&mut self, by: i32, extend: bool) -> Outcome {
        let Some(sel) = self.selection else {
            return Outcome::say("Select a sentence first.");
        };
        let sid = sel.focus;
        let Some(s) = self.doc.sentence(sid) else {
            return Outcome::default();
        };
        let words = self.words(sid);
        let span = sel.span.unwrap_or(SpanSel {
            anchor: s.start,
            focus: s.start,
        });
        let mut focus = span.focus;
        for _ in 0..by.unsigned_abs() {
            focus = if by > 0 {
                words.iter().find(|w| w.1 > focus).map_or(focus, |w| w.1)
            } else {
                words
                    .iter()
                    .rev()
                    .find(|w| w.0 < focus)
                    .map_or(focus, |w| w.0)
            };
        }
        let anchor = if extend {
            span.anchor
        } else {
            // A plain arrow moves the caret: to a word start going left, a
            // word end going right, with nothing selected.
            focus
        };
        self.selection = Some(Selection {
            anchor: sid,
            focus: sid,
            span: Some(SpanSel { anchor, focus }),
        });
        Outcome::default()
    }

    /// The words of a sentence as code point ranges: runs of non-space
    /// characters, without trailing `,` `;` `:`.
    pub fn words(&self, sid: SentenceId) -> Vec<(usize, usize)> {
        let Some(s) = self.doc.sentence(sid) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut word: Option<(usize, usize)> = None;
        let mut trail = 0;
        for (i, c) in s.text(&self.doc).chars().enumerate() {
            let at = s.start + i;
            if c.is_whitespace() {
                if let Some((a, b)) = word.take() {
                    out.push((a, b - trail));
                }
                trail = 0;
                continue;
            }
            trail = if matches!(c, ',' | ';' | ':') {
                trail + 1
            } else {
                0
            };
            word = Some((word.map_or(at, |w| w.0), at + 1));
        }
        if let Some((a, b)) = word {
            out.push((a, b - trail));
        }
        out.retain(|w| w.0 < w.1);
        out
    }

    pub(super) fn selected(&self) -> Vec<SentenceId> {
        self.selection
            .map(|s| s.ids().collect())
            .unwrap_or_default()
    }

    /// The selected words as a range without leading or trailing
    /// whitespace (a caret moved to a word's end and then extended starts
    /// on a space); `None` for a caret or no span.
    pub fn selected_span(&self) -> Option<(usize, usize)> {
        let (mut start, mut end) = self.selection?.span_range()?;
        let text = self.doc.slice(start, end)?;
        start += text.chars().take_while(|c| c.is_whitespace()).count();
        end -= text.chars().rev().take_while(|c| c.is_whitespace()).count();
        (start < end).then_some((start, end))
    }

    /// The annotation the details view is about: the span annotation the
    /// span selection matches, else the focus sentence's annotation, else
    /// the first span in it.
    pub fn active_annotation(&self) -> Option<&Annotation> {
        let sel = self.selection?;
        let spans = self.spans_in(sel.focus);
        if let Some((s, e)) = self.selected_span() {
            return spans
                .into_iter()
                .find(|a| a.target.start == s && a.target.end == e);
        }
        self.sentence_annotation(sel.focus)
            .or_else(|| spans.first().copied())
    }
}
