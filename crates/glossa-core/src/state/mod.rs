//! Annotation state, selection, suggestions, and the one reducer every user
//! action goes through.
//!
//! [`Session::apply`] takes an [`Action`] and changes the session. Each change
//! to annotations or to rejected suggestions is recorded as a [`Step`] of
//! before/after [`Edit`]s, so undo and redo replay steps backwards or
//! forwards; nothing else edits them.
//!
//! Invariants:
//! - at most one *sentence annotation* (target = the whole sentence) per
//!   sentence; `by_sentence` indexes it. Span annotations (any other range
//!   inside one sentence) may overlap and nest freely; `spans` indexes them
//!   by sentence;
//! - `counts[tag]` equals the number of annotations with that tag;
//! - every target lies inside its sentence and is non-empty;
//! - a denial's `denies` names an existing claim: removing or re-tagging a
//!   claim unlinks its denials in the same step.
//!
//! The reducer is spread over files by concern, each adding an `impl
//! Session` block: `selection` (sentences, spans and words selected),
//! `tagging` (tag, clear, edit), `suggestions` (proposals, accept, reject),
//! `import` (annotations brought in from files or saved work) and `history`
//! (edits applied, undo and redo, the change log views read). This file holds
//! the session, the actions, and the read accessors.

mod history;
mod import;
mod selection;
mod suggestions;
mod tagging;

pub use history::{Edit, Step, HISTORY_LIMIT};
pub use import::RestoreError;
pub use selection::{Selection, SpanSel};
pub use suggestions::Proposal;

use crate::annotation::{Annotation, Attrs, Orphan, Tag};
use crate::article::Document;
use crate::ids::{AnnotationId, SentenceId};
use crate::time::Timestamp;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

/// Every user action the app knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Select one sentence, or extend the selection to it (shift-click).
    Select {
        sentence: SentenceId,
        extend: bool,
    },
    /// Move the selection focus by `by` sentences; `extend` keeps the anchor.
    Move {
        by: i32,
        extend: bool,
    },
    /// Select text inside a sentence (code points into the document); the
    /// range is widened to whole words.
    SelectSpan {
        sentence: SentenceId,
        start: usize,
        end: usize,
    },
    /// Move the word caret inside the focused sentence by `by` words;
    /// `extend` grows or shrinks the span from its anchor (shift+←/→).
    MoveWord {
        by: i32,
        extend: bool,
    },
    /// Select an annotation: its sentence, and its range if it is a span.
    SelectAnnotation(AnnotationId),
    /// Drop a span selection, keeping the sentence selected.
    CollapseSpan,
    /// Tag the selection. With a span selected: toggle a span annotation
    /// with exactly that range. Otherwise: tag the selected sentences; if all
    /// already have this tag, remove it instead.
    Toggle(Tag),
    /// Remove the tags of the selection (span: annotations overlapping it;
    /// sentences: every annotation in them).
    Clear,
    /// Replace an annotation's attributes (note, speaker, cue, direct, link).
    Edit {
        id: AnnotationId,
        attrs: Attrs,
    },
    /// Accept the suggestions on the selected sentences.
    Accept,
    /// Reject the suggestions on the selected sentences.
    Reject,
    /// Accept every open suggestion of one tag.
    AcceptAll(Tag),
    /// Bring in annotations read from a file: placed ones and the ones that
    /// could not be placed. `replace` removes everything there first;
    /// otherwise they are merged (a placed sentence tag that meets a
    /// different tag already on its sentence is kept as an orphan).
    Import {
        placed: Vec<Annotation>,
        orphans: Vec<Orphan>,
        replace: bool,
    },
    /// One undoable step: remove these annotations, add those (with their
    /// ids), said as `label` ("Took ana's Claim on sentence 4").
    Settle {
        remove: Vec<AnnotationId>,
        add: Vec<Annotation>,
        label: String,
    },
    Undo,
    Redo,
}

/// What the reducer needs from the outside world: the time, and fresh ids.
pub struct Env<'a> {
    pub now: Timestamp,
    pub new_id: &'a mut dyn FnMut() -> AnnotationId,
}

/// What an action did, for the screen-reader announcement and for saving.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Saved state changed (annotations or rejected suggestions).
    pub changed: bool,
    /// A sentence for people: "Sentence 4 tagged Quote".
    pub message: Option<String>,
}

impl Outcome {
    pub(super) fn say(message: impl Into<String>) -> Outcome {
        Outcome {
            changed: false,
            message: Some(message.into()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub doc: Rc<Document>,
    items: BTreeMap<AnnotationId, Annotation>,
    by_sentence: Vec<Option<AnnotationId>>,
    spans: BTreeMap<SentenceId, BTreeSet<AnnotationId>>,
    counts: [usize; 3],
    tagged: usize,
    selection: Option<Selection>,
    proposals: BTreeMap<SentenceId, Proposal>,
    rejected: BTreeSet<SentenceId>,
    orphans: Vec<Orphan>,
    /// The sentences whose view changed (their annotations, their
    /// suggestion being rejected), in order, numbered from `log_base`; lets
    /// a view find what changed in O(changes) instead of comparing every
    /// sentence. Cut back to empty when it grows long.
    change_log: Vec<SentenceId>,
    log_base: u64,
    /// Open suggestions per tag, kept with every change so views need not
    /// count thousands of proposals per keystroke.
    open_counts: [usize; 3],
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    /// How many actions changed saved state (see [`Session::changes`]).
    changes: u64,
}

impl Session {
    pub fn new(doc: Rc<Document>) -> Session {
        let n = doc.sentences.len();
        Session {
            doc,
            items: BTreeMap::new(),
            by_sentence: vec![None; n],
            spans: BTreeMap::new(),
            counts: [0; 3],
            tagged: 0,
            selection: None,
            proposals: BTreeMap::new(),
            rejected: BTreeSet::new(),
            orphans: Vec::new(),
            change_log: Vec::new(),
            log_base: 0,
            open_counts: [0; 3],
            undo: VecDeque::new(),
            redo: Vec::new(),
            changes: 0,
        }
    }

    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    pub fn count(&self, tag: Tag) -> usize {
        self.counts[tag.index()]
    }

    /// Number of sentences with at least one annotation.
    pub fn tagged_sentences(&self) -> usize {
        self.tagged
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The sentence annotation of a sentence, if it has one.
    pub fn sentence_annotation(&self, id: SentenceId) -> Option<&Annotation> {
        let aid = (*self.by_sentence.get(id.index())?)?;
        self.items.get(&aid)
    }

    /// The sentence annotation's tag of a sentence, if it has one.
    pub fn sentence_tag(&self, id: SentenceId) -> Option<Tag> {
        self.sentence_annotation(id).map(|a| a.tag)
    }

    /// The span annotations inside a sentence, in document order.
    pub fn spans_in(&self, id: SentenceId) -> Vec<&Annotation> {
        let mut v: Vec<&Annotation> = self
            .spans
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|a| self.items.get(a))
            .collect();
        crate::sort::sort_by_key(&mut v, |a| a.order_key());
        v
    }

    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.items.get(&id)
    }

    /// All annotations in document order.
    pub fn annotations(&self) -> Vec<&Annotation> {
        self.annotations_in_order().collect()
    }

    /// All annotations in document order, one sentence at a time, so a view
    /// that shows the first few hundred stops early. Sentences do not
    /// overlap, so sentence order then `order_key` is document order.
    pub fn annotations_in_order(&self) -> impl Iterator<Item = &Annotation> + '_ {
        // The sentences that hold anything, in order: those with a sentence
        // annotation merged with the keys of `spans` (both ordered), so
        // empty sentences cost one check and no lookup.
        let mut spans = self.spans.keys().copied().peekable();
        let mut next = 0usize;
        let sentences = std::iter::from_fn(move || {
            let tagged = self.by_sentence[next.min(self.by_sentence.len())..]
                .iter()
                .position(|slot| slot.is_some())
                .map(|k| next + k);
            let span = spans.peek().map(|s| s.index());
            let here = match (tagged, span) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b)?,
            };
            if span == Some(here) {
                spans.next();
            }
            next = here + 1;
            Some(SentenceId(here as u32))
        });
        sentences.flat_map(move |sid| {
            let mut here: Vec<&Annotation> = self.sentence_annotation(sid).into_iter().collect();
            if self.spans.contains_key(&sid) {
                here.extend(self.spans_in(sid));
                crate::sort::sort_by_key(&mut here, |a| a.order_key());
            }
            here
        })
    }

    /// Each sentence's tags (sentence annotation and spans), for overviews:
    /// calls `f(sentence, tag)` once per annotation, in sentence order.
    pub fn for_each_tag(&self, mut f: impl FnMut(SentenceId, Tag)) {
        for a in self.annotations_in_order() {
            f(a.target.sentence, a.tag);
        }
    }

    /// Whether an annotation covers its whole sentence.
    pub fn is_sentence_level(&self, a: &Annotation) -> bool {
        self.doc
            .sentence(a.target.sentence)
            .is_some_and(|s| s.start == a.target.start && s.end == a.target.end)
    }

    /// Quote speakers used so far, most used first, for the speaker field.
    pub fn speakers(&self) -> Vec<String> {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for a in self.items.values() {
            if !a.attrs.speaker.trim().is_empty() {
                *seen.entry(a.attrs.speaker.trim()).or_default() += 1;
            }
        }
        for p in self.proposals.values() {
            if let Some(sp) = p.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
                seen.entry(sp.trim()).or_default();
            }
        }
        let mut v: Vec<(&str, usize)> = seen.into_iter().collect();
        crate::sort::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter().map(|(s, _)| s.to_string()).collect()
    }

    /// Applies one action. Actions that make no sense in the current state
    /// (a tag with nothing selected, undo with no history) change nothing
    /// and say why.
    pub fn apply(&mut self, action: Action, env: &mut Env<'_>) -> Outcome {
        let outcome = self.apply_action(action, env);
        if outcome.changed {
            self.changes += 1;
        }
        outcome
    }

    /// How many applied actions changed saved state since this session was
    /// made (0 for a new or restored session). Saving compares it with the
    /// count it last wrote, so it never depends on being told of a change.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    fn apply_action(&mut self, action: Action, env: &mut Env<'_>) -> Outcome {
        match action {
            Action::Select { sentence, extend } => self.select(sentence, extend),
            Action::Move { by, extend } => self.move_by(by, extend),
            Action::SelectSpan {
                sentence,
                start,
                end,
            } => self.select_span(sentence, start, end),
            Action::MoveWord { by, extend } => self.move_word(by, extend),
            Action::SelectAnnotation(id) => self.select_annotation(id),
            Action::CollapseSpan => self.collapse_span(),
            Action::Toggle(tag) => self.toggle(tag, env),
            Action::Clear => self.clear(),
            Action::Edit { id, attrs } => self.edit(id, attrs, env),
            Action::Accept => self.accept_selected(env),
            Action::AcceptAll(tag) => self.accept_all(tag, env),
            Action::Reject => self.reject(),
            Action::Import {
                placed,
                orphans,
                replace,
            } => self.import(placed, orphans, replace),
            Action::Settle { remove, add, label } => self.settle(remove, add, label),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
        }
    }
}

/// A step's label: "Sentence 4 tagged Quote", "Sentences 2–5 cleared".
fn describe(ids: &[SentenceId], what: &str) -> String {
    match ids {
        [one] => format!("Sentence {} {what}", one.number()),
        [first, .., last] => format!("Sentences {}–{} {what}", first.number(), last.number()),
        [] => what.to_string(),
    }
}

#[cfg(test)]
mod tests;
