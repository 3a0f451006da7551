//! Undo history and the change log. Every change to saved state is a
//! [`Step`] of before/after [`Edit`]s: `Session::commit` plays a step
//! forwards and keeps it, undo and redo play steps backwards or forwards,
//! and `put` keeps the indexes and counts true for each annotation written.
//! The change log names the sentences whose view changed, for views that
//! redraw only those.

use super::{Outcome, Selection, Session};
use crate::annotation::{Annotation, Orphan, Tag};
use crate::ids::{AnnotationId, SentenceId};
use std::collections::BTreeSet;

/// How many steps undo keeps.
pub const HISTORY_LIMIT: usize = 1000;

/// How many sentence changes the view log keeps before it starts over
/// (views then rebuild everything once).
const CHANGE_LOG_LIMIT: usize = 65_536;

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

impl Session {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
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
    pub(super) fn touch(&mut self, i: usize) {
        if i < self.doc.sentences.len() {
            self.change_log.push(SentenceId(i as u32));
        }
        if self.change_log.len() > CHANGE_LOG_LIMIT {
            self.touch_all();
        }
    }

    /// Marks every sentence as changed for views (cheaply: the log restarts
    /// past any mark handed out, so `changed_since` answers None).
    pub(super) fn touch_all(&mut self) {
        self.log_base += self.change_log.len() as u64 + 1;
        self.change_log.clear();
    }

    /// Sets annotation `id` to `value` (None removes it), keeping the indexes
    /// and counts true. The only place that writes `items`.
    pub(super) fn put(&mut self, id: AnnotationId, value: Option<Annotation>) {
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
        // A claim shows the denials of it: its sentence changes too when a
        // link to it is made, moved or removed.
        let claims = [self.items.get(&id), value.as_ref()].map(|a| a.and_then(|a| a.attrs.denies));
        if claims[0] != claims[1] {
            for claim in claims.into_iter().flatten() {
                if let Some(i) = self.items.get(&claim).map(sentence) {
                    self.touch(i);
                }
            }
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
        let gone: BTreeSet<AnnotationId> =
            crate::sort::btree_set(edits.iter().filter_map(|e| match e {
                Edit::Annotation(Some(b), after)
                    if b.tag == Tag::Claim
                        && after.as_ref().is_none_or(|a| a.tag != Tag::Claim) =>
                {
                    Some(b.id)
                }
                _ => None,
            }));
        if gone.is_empty() {
            return;
        }
        let touched: BTreeSet<AnnotationId> =
            crate::sort::btree_set(edits.iter().filter_map(|e| match e {
                Edit::Annotation(b, a) => b.as_ref().or(a.as_ref()).map(|x| x.id),
                _ => None,
            }));
        for d in self.items.values() {
            if d.attrs.denies.is_some_and(|c| gone.contains(&c)) && !touched.contains(&d.id) {
                let mut after = d.clone();
                after.attrs.denies = None;
                edits.push(Edit::Annotation(Some(d.clone()), Some(after)));
            }
        }
    }

    pub(super) fn commit(&mut self, label: String, mut edits: Vec<Edit>) -> Outcome {
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

    pub(super) fn undo(&mut self) -> Outcome {
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

    pub(super) fn redo(&mut self) -> Outcome {
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
