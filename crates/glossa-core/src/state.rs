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

use crate::annotation::{Annotation, Attrs, Orphan, Tag, Target};
use crate::article::Document;
use crate::ids::{AnnotationId, SentenceId};
use crate::text::excerpt;
use crate::time::Timestamp;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

/// How many steps undo keeps.
pub const HISTORY_LIMIT: usize = 1000;

/// How many sentence changes the view log keeps before it starts over
/// (views then rebuild everything once).
const CHANGE_LOG_LIMIT: usize = 65_536;

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
    Undo,
    Redo,
}

/// What the reducer needs from the outside world: the time, and fresh ids.
pub struct Env<'a> {
    pub now: Timestamp,
    pub new_id: &'a mut dyn FnMut() -> AnnotationId,
}

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

/// A suggested tag for a sentence, from the suggester.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub tag: Tag,
    pub reason: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
}

/// One recorded change.
// Nearly every edit is an annotation edit, so boxing that variant would
// only add an allocation per edit.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// An annotation before and after (None = absent).
    Annotation(Option<Annotation>, Option<Annotation>),
    /// Whether a sentence's suggestion is rejected, before and after.
    Rejected(SentenceId, bool, bool),
    /// The orphans list, before and after.
    Orphans(Vec<Orphan>, Vec<Orphan>),
}

/// One undoable change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub label: String,
    pub edits: Vec<Edit>,
    pub selection: Option<Selection>,
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
    fn say(message: impl Into<String>) -> Outcome {
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
    /// Bumped for a sentence whenever what it shows changes (its
    /// annotations, its suggestion being rejected), so views can skip the
    /// sentences that did not change.
    sentence_rev: Vec<u32>,
    /// The sentences whose `sentence_rev` moved, in order, numbered from
    /// `log_base`; lets a view find what changed in O(changes) instead of
    /// comparing every sentence. Cut back to empty when it grows long.
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

/// Why saved annotations could not be restored into a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreError {
    OutOfRange {
        id: AnnotationId,
        start: usize,
        end: usize,
    },
    WrongSentence {
        id: AnnotationId,
    },
    Duplicate {
        id: AnnotationId,
    },
}

impl std::fmt::Display for RestoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestoreError::OutOfRange { id, start, end } => {
                write!(
                    f,
                    "annotation {id} points at {start}..{end}, outside the document"
                )
            }
            RestoreError::WrongSentence { id } => {
                write!(
                    f,
                    "annotation {id} does not lie inside the sentence it names"
                )
            }
            RestoreError::Duplicate { id } => {
                write!(f, "annotation {id} repeats an id or a sentence tag")
            }
        }
    }
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
            sentence_rev: vec![0; n],
            change_log: Vec::new(),
            log_base: 0,
            open_counts: [0; 3],
            undo: VecDeque::new(),
            redo: Vec::new(),
            changes: 0,
        }
    }

    /// A session holding `annotations` (from a saved or imported file),
    /// checked against the document. No undo history. Links to missing
    /// claims are dropped.
    pub fn with_annotations(
        doc: Rc<Document>,
        annotations: Vec<Annotation>,
    ) -> Result<Session, RestoreError> {
        let mut s = Session::new(doc);
        for a in annotations {
            let Target {
                sentence,
                start,
                end,
            } = a.target;
            let Some(sent) = s.doc.sentence(sentence) else {
                return Err(RestoreError::WrongSentence { id: a.id });
            };
            if start >= end || end > s.doc.len() {
                return Err(RestoreError::OutOfRange {
                    id: a.id,
                    start,
                    end,
                });
            }
            if start < sent.start || end > sent.end {
                return Err(RestoreError::WrongSentence { id: a.id });
            }
            if s.items.contains_key(&a.id)
                || (s.is_sentence_level(&a) && s.by_sentence[sentence.index()].is_some())
            {
                return Err(RestoreError::Duplicate { id: a.id });
            }
            s.put(a.id, Some(a));
        }
        let dangling: Vec<AnnotationId> = s
            .items
            .values()
            .filter(|a| {
                a.attrs
                    .denies
                    .is_some_and(|c| s.items.get(&c).is_none_or(|c| c.tag != Tag::Claim))
            })
            .map(|a| a.id)
            .collect();
        for id in dangling {
            if let Some(mut a) = s.items.get(&id).cloned() {
                a.attrs.denies = None;
                s.put(id, Some(a));
            }
        }
        Ok(s)
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
        v.sort_by_key(|a| a.order_key());
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
                here.sort_by_key(|a| a.order_key());
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
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter().map(|(s, _)| s.to_string()).collect()
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

    /// Set the suggester's proposals (not an undoable action: they are
    /// derived from the text).
    pub fn set_proposals(&mut self, proposals: impl IntoIterator<Item = (SentenceId, Proposal)>) {
        self.proposals = proposals
            .into_iter()
            .filter(|(s, _)| s.index() < self.doc.sentences.len())
            .collect();
        self.recount_open();
        self.touch_all();
    }

    /// A counter that changes whenever what sentence `id` shows changes
    /// (not its selection). Views compare it to skip unchanged sentences.
    pub fn sentence_rev(&self, id: SentenceId) -> u32 {
        self.sentence_rev.get(id.index()).copied().unwrap_or(0)
    }

    /// A mark to pass to [`Session::changed_since`] later.
    pub fn change_mark(&self) -> u64 {
        self.log_base + self.change_log.len() as u64
    }

    /// The sentences whose view changed since `mark` (with repeats), or None
    /// when that is no longer known (the log was cut, or the mark is not
    /// from this session): then treat every sentence as changed.
    pub fn changed_since(&self, mark: u64) -> Option<&[SentenceId]> {
        let from = mark.checked_sub(self.log_base)?;
        self.change_log.get(usize::try_from(from).ok()?..)
    }

    /// Marks sentence `i` as changed for views.
    fn touch(&mut self, i: usize) {
        if let Some(rev) = self.sentence_rev.get_mut(i) {
            *rev = rev.wrapping_add(1);
            self.change_log.push(SentenceId(i as u32));
        }
        if self.change_log.len() > CHANGE_LOG_LIMIT {
            self.touch_all();
        }
    }

    /// Marks every sentence as changed for views (cheaply: the log restarts
    /// past any mark handed out, so `changed_since` answers None).
    fn touch_all(&mut self) {
        self.log_base += self.change_log.len() as u64 + 1;
        self.change_log.clear();
    }

    /// Imported annotations that could not be placed (saved and exported
    /// with the work).
    pub fn orphans(&self) -> &[Orphan] {
        &self.orphans
    }

    /// Restore orphans from saved work (no undo step).
    pub fn set_orphans(&mut self, orphans: Vec<Orphan>) {
        self.orphans = orphans;
        self.touch_all();
    }

    /// Sentences whose suggestion was rejected (saved with the work).
    pub fn rejected(&self) -> impl Iterator<Item = SentenceId> + '_ {
        self.rejected.iter().copied()
    }

    /// Restore rejected suggestions from saved work (no undo step).
    pub fn set_rejected(&mut self, ids: impl IntoIterator<Item = SentenceId>) {
        let n = self.doc.sentences.len();
        self.rejected = ids.into_iter().filter(|s| s.index() < n).collect();
        self.recount_open();
        self.touch_all();
    }

    /// The suggestion shown on a sentence: one exists, was not rejected, and
    /// the sentence has no sentence annotation yet.
    pub fn open_suggestion(&self, id: SentenceId) -> Option<&Proposal> {
        if self.rejected.contains(&id) || self.sentence_annotation(id).is_some() {
            return None;
        }
        self.proposals.get(&id)
    }

    /// How many suggestions are open, per tag (indexed by `Tag::index`).
    pub fn open_suggestion_counts(&self) -> [usize; 3] {
        self.open_counts
    }

    fn open_tag(&self, i: usize) -> Option<Tag> {
        self.open_suggestion(SentenceId(i as u32)).map(|p| p.tag)
    }

    /// Counts the open suggestions again (after proposals or rejections were
    /// replaced wholesale).
    fn recount_open(&mut self) {
        let mut counts = [0; 3];
        for (_, p) in self.open_suggestions() {
            counts[p.tag.index()] += 1;
        }
        self.open_counts = counts;
    }

    /// Moves the open count of one sentence from `before` to `after`.
    fn adjust_open(&mut self, before: Option<Tag>, after: Option<Tag>) {
        if before != after {
            if let Some(t) = before {
                self.open_counts[t.index()] -= 1;
            }
            if let Some(t) = after {
                self.open_counts[t.index()] += 1;
            }
        }
    }

    /// Open suggestions, in sentence order.
    pub fn open_suggestions(&self) -> impl Iterator<Item = (SentenceId, &Proposal)> {
        self.proposals
            .keys()
            .filter_map(|&s| self.open_suggestion(s).map(|p| (s, p)))
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
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
            Action::Select { sentence, extend } => {
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
            Action::Move { by, extend } => {
                let n = self.doc.sentences.len();
                if n == 0 {
                    return Outcome::default();
                }
                // With nothing selected, moving down starts just before the
                // first sentence and moving up just after the last.
                let next = match self.selection {
                    None if by >= 0 => (by as i64 - 1).clamp(0, n as i64 - 1) as usize,
                    None => (n as i64 + by as i64).clamp(0, n as i64 - 1) as usize,
                    Some(sel) => {
                        (sel.focus.index() as i64 + by as i64).clamp(0, n as i64 - 1) as usize
                    }
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
            Action::SelectSpan {
                sentence,
                start,
                end,
            } => self.select_span(sentence, start, end),
            Action::MoveWord { by, extend } => self.move_word(by, extend),
            Action::SelectAnnotation(id) => {
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
            Action::CollapseSpan => {
                if let Some(sel) = self.selection.as_mut() {
                    sel.span = None;
                }
                Outcome::default()
            }
            Action::Toggle(tag) => self.toggle(tag, env),
            Action::Clear => self.clear(),
            Action::Edit { id, attrs } => self.edit(id, attrs, env),
            Action::Accept => {
                let ids: Vec<SentenceId> = self.selected();
                self.accept(ids, "Accepted the suggestion", env)
            }
            Action::AcceptAll(tag) => {
                let ids: Vec<SentenceId> = self
                    .open_suggestions()
                    .filter(|(_, p)| p.tag == tag)
                    .map(|(s, _)| s)
                    .collect();
                self.accept(ids, &format!("Accepted every {tag} suggestion"), env)
            }
            Action::Reject => self.reject(),
            Action::Import {
                placed,
                orphans,
                replace,
            } => self.import(placed, orphans, replace),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
        }
    }

    /// Sets annotation `id` to `value` (None removes it), keeping the indexes
    /// and counts true. The only place that writes `items`.
    fn put(&mut self, id: AnnotationId, value: Option<Annotation>) {
        let sentence = |a: &Annotation| a.target.sentence.index();
        let old_sentence = self.items.get(&id).map(sentence);
        let new_sentence = value
            .as_ref()
            .map(sentence)
            .filter(|&i| Some(i) != old_sentence);
        let touched = [old_sentence, new_sentence];
        let open_before = touched.map(|i| i.map(|i| (i, self.open_tag(i))));
        for i in touched.into_iter().flatten() {
            self.touch(i);
        }
        if let Some(old) = self.items.remove(&id) {
            self.counts[old.tag.index()] -= 1;
            let sid = old.target.sentence;
            let before = self.sentence_has_any(sid);
            let slot = &mut self.by_sentence[sid.index()];
            if *slot == Some(id) {
                *slot = None;
            }
            if let Some(set) = self.spans.get_mut(&sid) {
                set.remove(&id);
                if set.is_empty() {
                    self.spans.remove(&sid);
                }
            }
            if before && !self.sentence_has_any(sid) {
                self.tagged -= 1;
            }
        }
        if let Some(new) = value {
            self.counts[new.tag.index()] += 1;
            let sid = new.target.sentence;
            if !self.sentence_has_any(sid) {
                self.tagged += 1;
            }
            if self.is_sentence_level(&new) {
                self.by_sentence[sid.index()] = Some(id);
            } else {
                self.spans.entry(sid).or_default().insert(id);
            }
            self.items.insert(id, new);
        }
        for (i, before) in open_before.into_iter().flatten() {
            let after = self.open_tag(i);
            self.adjust_open(before, after);
        }
    }

    fn sentence_has_any(&self, sid: SentenceId) -> bool {
        self.by_sentence[sid.index()].is_some() || self.spans.contains_key(&sid)
    }

    fn play(&mut self, edit: &Edit, forward: bool) {
        match edit {
            Edit::Annotation(before, after) => {
                let value = if forward { after } else { before };
                if let Some(id) = before.as_ref().or(after.as_ref()).map(|a| a.id) {
                    self.put(id, value.clone());
                }
            }
            Edit::Orphans(before, after) => {
                self.orphans = if forward {
                    after.clone()
                } else {
                    before.clone()
                };
            }
            Edit::Rejected(sid, before, after) => {
                let value = if forward { *after } else { *before };
                self.touch(sid.index());
                let open_before = self.open_tag(sid.index());
                if value {
                    self.rejected.insert(*sid);
                } else {
                    self.rejected.remove(sid);
                }
                let open_after = self.open_tag(sid.index());
                self.adjust_open(open_before, open_after);
            }
        }
    }

    /// Adds the edits that unlink denials from claims this step removes or
    /// re-tags, so no link ever dangles.
    fn unlink_denials(&self, edits: &mut Vec<Edit>) {
        let gone: BTreeSet<AnnotationId> = edits
            .iter()
            .filter_map(|e| match e {
                Edit::Annotation(Some(b), after)
                    if b.tag == Tag::Claim
                        && after.as_ref().is_none_or(|a| a.tag != Tag::Claim) =>
                {
                    Some(b.id)
                }
                _ => None,
            })
            .collect();
        if gone.is_empty() {
            return;
        }
        let touched: BTreeSet<AnnotationId> = edits
            .iter()
            .filter_map(|e| match e {
                Edit::Annotation(b, a) => b.as_ref().or(a.as_ref()).map(|x| x.id),
                _ => None,
            })
            .collect();
        for d in self.items.values() {
            if d.attrs.denies.is_some_and(|c| gone.contains(&c)) && !touched.contains(&d.id) {
                let mut after = d.clone();
                after.attrs.denies = None;
                edits.push(Edit::Annotation(Some(d.clone()), Some(after)));
            }
        }
    }

    fn commit(&mut self, label: String, mut edits: Vec<Edit>) -> Outcome {
        if edits.is_empty() {
            return Outcome::default();
        }
        self.unlink_denials(&mut edits);
        for e in &edits {
            self.play(e, true);
        }
        let step = Step {
            label: label.clone(),
            edits,
            selection: self.selection,
        };
        self.undo.push_back(step);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.pop_front();
        }
        self.redo.clear();
        Outcome {
            changed: true,
            message: Some(label),
        }
    }

    fn selected(&self) -> Vec<SentenceId> {
        self.selection
            .map(|s| s.ids().collect())
            .unwrap_or_default()
    }

    fn new_annotation(
        &self,
        tag: Tag,
        target: Target,
        attrs: Attrs,
        env: &mut Env<'_>,
    ) -> Annotation {
        Annotation {
            id: (env.new_id)(),
            tag,
            target,
            attrs,
            created: env.now,
            updated: env.now,
        }
    }

    fn toggle(&mut self, tag: Tag, env: &mut Env<'_>) -> Outcome {
        let Some(sel) = self.selection else {
            return Outcome::say("Select a sentence first.");
        };
        if let Some((start, end)) = self.selected_span() {
            let whole = self
                .doc
                .sentence(sel.focus)
                .is_some_and(|s| s.start == start && s.end == end);
            if !whole {
                return self.toggle_span(tag, sel.focus, start, end, env);
            }
        }
        let ids = self.selected();
        let all_have = ids.iter().all(|&s| self.sentence_tag(s) == Some(tag));
        let mut edits = Vec::new();
        for &sid in &ids {
            let current = self.sentence_annotation(sid).cloned();
            match current {
                Some(a) if all_have => edits.push(Edit::Annotation(Some(a), None)),
                Some(a) if a.tag == tag => {}
                Some(a) => {
                    let mut b = a.clone();
                    b.tag = tag;
                    b.updated = env.now;
                    if tag != Tag::Denial {
                        b.attrs.denies = None;
                    }
                    edits.push(Edit::Annotation(Some(a), Some(b)));
                }
                None => {
                    let Some(s) = self.doc.sentence(sid) else {
                        continue;
                    };
                    let target = Target {
                        sentence: sid,
                        start: s.start,
                        end: s.end,
                    };
                    let a = self.new_annotation(tag, target, Attrs::default(), env);
                    edits.push(Edit::Annotation(None, Some(a)));
                }
            }
        }
        let what = if all_have {
            format!("untagged {tag}")
        } else {
            format!("tagged {tag}")
        };
        self.commit(describe(&ids, &what), edits)
    }

    fn toggle_span(
        &mut self,
        tag: Tag,
        sid: SentenceId,
        start: usize,
        end: usize,
        env: &mut Env<'_>,
    ) -> Outcome {
        let existing = self
            .spans_in(sid)
            .into_iter()
            .find(|a| a.tag == tag && a.target.start == start && a.target.end == end)
            .cloned();
        let words = self.doc.slice(start, end).unwrap_or_default();
        let excerpt = excerpt(words, 40);
        match existing {
            Some(a) => self.commit(
                format!("Span “{excerpt}” untagged {tag}"),
                vec![Edit::Annotation(Some(a), None)],
            ),
            None => {
                let a = self.new_annotation(
                    tag,
                    Target {
                        sentence: sid,
                        start,
                        end,
                    },
                    Attrs::default(),
                    env,
                );
                self.commit(
                    format!("Span “{excerpt}” tagged {tag}"),
                    vec![Edit::Annotation(None, Some(a))],
                )
            }
        }
    }

    fn clear(&mut self) -> Outcome {
        let Some(sel) = self.selection else {
            return Outcome::say("Select a sentence first.");
        };
        let (edits, label): (Vec<Edit>, String) = match self.selected_span() {
            Some((s, e)) => (
                self.spans_in(sel.focus)
                    .into_iter()
                    .filter(|a| a.target.start < e && s < a.target.end)
                    .map(|a| Edit::Annotation(Some(a.clone()), None))
                    .collect(),
                "Span cleared".to_string(),
            ),
            None => {
                let ids = self.selected();
                let mut edits = Vec::new();
                for &sid in &ids {
                    edits.extend(
                        self.sentence_annotation(sid)
                            .cloned()
                            .map(|a| Edit::Annotation(Some(a), None)),
                    );
                    edits.extend(
                        self.spans_in(sid)
                            .into_iter()
                            .map(|a| Edit::Annotation(Some(a.clone()), None)),
                    );
                }
                (edits, describe(&ids, "cleared"))
            }
        };
        if edits.is_empty() {
            return Outcome::say("Nothing to clear.");
        }
        self.commit(label, edits)
    }

    fn edit(&mut self, id: AnnotationId, mut attrs: Attrs, env: &mut Env<'_>) -> Outcome {
        let Some(a) = self.items.get(&id).cloned() else {
            return Outcome::say("That annotation no longer exists.");
        };
        // A link must go from a denial to an existing claim.
        if a.tag != Tag::Denial
            || attrs
                .denies
                .is_some_and(|c| self.items.get(&c).is_none_or(|c| c.tag != Tag::Claim))
        {
            attrs.denies = None;
        }
        if attrs == a.attrs {
            return Outcome::default();
        }
        let mut b = a.clone();
        b.attrs = attrs;
        b.updated = env.now;
        let n = a.target.sentence.number();
        self.commit(
            format!("Sentence {n}: details of the {} changed", a.tag),
            vec![Edit::Annotation(Some(a), Some(b))],
        )
    }

    fn accept(&mut self, ids: Vec<SentenceId>, label: &str, env: &mut Env<'_>) -> Outcome {
        let mut edits = Vec::new();
        for sid in ids {
            let (Some(p), Some(s)) = (self.open_suggestion(sid).cloned(), self.doc.sentence(sid))
            else {
                continue;
            };
            // Speaker and cue are quote attributes; other tags keep only the tag.
            let attrs = if p.tag == Tag::Quote {
                Attrs {
                    speaker: p.speaker.unwrap_or_default(),
                    cue: p.cue.unwrap_or_default(),
                    ..Attrs::default()
                }
            } else {
                Attrs::default()
            };
            let target = Target {
                sentence: sid,
                start: s.start,
                end: s.end,
            };
            let a = self.new_annotation(p.tag, target, attrs, env);
            edits.push(Edit::Annotation(None, Some(a)));
        }
        if edits.is_empty() {
            return Outcome::say("No open suggestion here.");
        }
        let n = edits.len();
        self.commit(
            format!(
                "{label} ({n} {})",
                if n == 1 { "sentence" } else { "sentences" }
            ),
            edits,
        )
    }

    fn reject(&mut self) -> Outcome {
        let ids = self.selected();
        let edits: Vec<Edit> = ids
            .iter()
            .filter(|&&s| self.open_suggestion(s).is_some())
            .map(|&s| Edit::Rejected(s, false, true))
            .collect();
        if edits.is_empty() {
            return Outcome::say("No open suggestion here.");
        }
        self.commit(describe(&ids, "suggestion rejected"), edits)
    }

    fn import(&mut self, placed: Vec<Annotation>, orphans: Vec<Orphan>, replace: bool) -> Outcome {
        let mut edits = Vec::new();
        let mut gone: BTreeSet<AnnotationId> = BTreeSet::new();
        if replace {
            for a in self.items.values() {
                edits.push(Edit::Annotation(Some(a.clone()), None));
                gone.insert(a.id);
            }
        }
        let mut new_orphans: Vec<Orphan> = if replace {
            Vec::new()
        } else {
            self.orphans.clone()
        };
        // Sentences that will hold a sentence tag once this step is done.
        let mut taken: BTreeMap<SentenceId, AnnotationId> = BTreeMap::new();
        if !replace {
            for a in self.items.values() {
                if self.is_sentence_level(a) {
                    taken.insert(a.target.sentence, a.id);
                }
            }
        }
        let (mut added, mut kept_aside) = (0, 0);
        let mut ids: BTreeSet<AnnotationId> = BTreeSet::new();
        for a in placed {
            let valid = self.doc.sentence(a.target.sentence).is_some_and(|s| {
                s.start <= a.target.start && a.target.end <= s.end && a.target.start < a.target.end
            });
            if !valid || !ids.insert(a.id) {
                continue;
            }
            let sentence_level = self.is_sentence_level(&a);
            let before = if replace || gone.contains(&a.id) {
                None
            } else {
                self.items.get(&a.id).cloned()
            };
            let holder = taken.get(&a.target.sentence).copied();
            if sentence_level && holder.is_some_and(|h| h != a.id) {
                kept_aside += 1;
                new_orphans.push(Orphan {
                    id: a.id,
                    tag: a.tag,
                    exact: self
                        .doc
                        .slice(a.target.start, a.target.end)
                        .unwrap_or_default()
                        .to_string(),
                    prefix: String::new(),
                    suffix: String::new(),
                    start: Some(a.target.start),
                    end: Some(a.target.end),
                    attrs: a.attrs.clone(),
                    why: format!(
                        "sentence {} already has a tag here",
                        a.target.sentence.number()
                    ),
                });
                continue;
            }
            if sentence_level {
                taken.insert(a.target.sentence, a.id);
            }
            added += 1;
            edits.push(Edit::Annotation(before, Some(a)));
        }
        // Links must end on a claim that exists after the import.
        let claims: BTreeSet<AnnotationId> = self
            .items
            .values()
            .filter(|a| a.tag == Tag::Claim && !gone.contains(&a.id))
            .map(|a| a.id)
            .chain(edits.iter().filter_map(|e| match e {
                Edit::Annotation(_, Some(a)) if a.tag == Tag::Claim => Some(a.id),
                _ => None,
            }))
            .collect();
        for e in edits.iter_mut() {
            if let Edit::Annotation(_, Some(a)) = e {
                if a.attrs.denies.is_some_and(|c| !claims.contains(&c)) {
                    a.attrs.denies = None;
                }
            }
        }
        let known: BTreeSet<AnnotationId> = new_orphans.iter().map(|o| o.id).collect();
        let incoming = orphans.len();
        new_orphans.extend(orphans.into_iter().filter(|o| !known.contains(&o.id)));
        if new_orphans != self.orphans {
            edits.push(Edit::Orphans(self.orphans.clone(), new_orphans));
        }
        if edits.is_empty() {
            return Outcome::say("The file added nothing new.");
        }
        let mut label = format!(
            "Imported {added} annotation{}",
            if added == 1 { "" } else { "s" }
        );
        if incoming + kept_aside > 0 {
            label.push_str(&format!(
                "; {} kept aside as not placed",
                incoming + kept_aside
            ));
        }
        if replace {
            label.push_str(" (replacing what was there)");
        }
        self.commit(label, edits)
    }

    fn select_span(&mut self, sid: SentenceId, start: usize, end: usize) -> Outcome {
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

    fn move_word(&mut self, by: i32, extend: bool) -> Outcome {
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

    fn undo(&mut self) -> Outcome {
        let Some(step) = self.undo.pop_back() else {
            return Outcome::say("Nothing to undo.");
        };
        for e in step.edits.iter().rev() {
            self.play(e, false);
        }
        self.selection = step.selection.or(self.selection);
        let message = Some(format!("Undone: {}", step.label));
        self.redo.push(step);
        Outcome {
            changed: true,
            message,
        }
    }

    fn redo(&mut self) -> Outcome {
        let Some(step) = self.redo.pop() else {
            return Outcome::say("Nothing to redo.");
        };
        for e in &step.edits {
            self.play(e, true);
        }
        self.selection = step.selection.or(self.selection);
        let message = Some(format!("Redone: {}", step.label));
        self.undo.push_back(step);
        Outcome {
            changed: true,
            message,
        }
    }
}

fn describe(ids: &[SentenceId], what: &str) -> String {
    match ids {
        [one] => format!("Sentence {} {what}", one.number()),
        [first, .., last] => format!("Sentences {}–{} {what}", first.number(), last.number()),
        [] => what.to_string(),
    }
}

#[cfg(test)]
mod tests;
