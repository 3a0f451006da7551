//! Suggestions: the suggester's proposals (derived from the text, not
//! undoable), which of them are open, per-tag open counts kept current with
//! every change, and accepting or rejecting them (undoable steps).

use super::{describe, Edit, Env, Outcome, Session};
use crate::annotation::{Attrs, Tag, Target};
use crate::ids::SentenceId;

/// A suggested tag for a sentence, from the suggester.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub tag: Tag,
    pub reason: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
}

impl Session {
    /// Set the suggester's proposals (not an undoable action: they are
    /// derived from the text).
    /// Every proposal of the suggester (open, accepted or rejected alike).
    pub fn proposals(&self) -> impl Iterator<Item = (SentenceId, &Proposal)> + '_ {
        self.proposals.iter().map(|(s, p)| (*s, p))
    }

    pub fn set_proposals(&mut self, proposals: impl IntoIterator<Item = (SentenceId, Proposal)>) {
        self.proposals = crate::sort::btree_map(
            proposals
                .into_iter()
                .filter(|(s, _)| s.index() < self.doc.sentences.len()),
        );
        self.recount_open();
        self.touch_all();
    }

    /// The suggestion shown on a sentence: one exists, was not rejected, and
    /// the sentence has no sentence annotation yet.
    /// The proposal for one sentence, open or not.
    pub fn proposal(&self, id: SentenceId) -> Option<&Proposal> {
        self.proposals.get(&id)
    }

    pub fn open_suggestion(&self, id: SentenceId) -> Option<&Proposal> {
        if self.rejected.contains(&id) || self.sentence_annotation(id).is_some() {
            return None;
        }
        self.proposals.get(&id)
    }

    /// Open suggestions, in sentence order.
    pub fn open_suggestions(&self) -> impl Iterator<Item = (SentenceId, &Proposal)> {
        self.proposals
            .keys()
            .filter_map(|&s| self.open_suggestion(s).map(|p| (s, p)))
    }

    /// How many suggestions are open, per tag (indexed by `Tag::index`).
    pub fn open_suggestion_counts(&self) -> [usize; 3] {
        self.open_counts
    }

    pub(super) fn open_tag(&self, i: usize) -> Option<Tag> {
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
    pub(super) fn adjust_open(&mut self, before: Option<Tag>, after: Option<Tag>) {
        if before != after {
            if let Some(t) = before {
                self.open_counts[t.index()] -= 1;
            }
            if let Some(t) = after {
                self.open_counts[t.index()] += 1;
            }
        }
    }

    /// Sentences whose suggestion was rejected (saved with the work).
    pub fn rejected(&self) -> impl Iterator<Item = SentenceId> + '_ {
        self.rejected.iter().copied()
    }

    /// Restore rejected suggestions from saved work (no undo step).
    pub fn set_rejected(&mut self, ids: impl IntoIterator<Item = SentenceId>) {
        let n = self.doc.sentences.len();
        self.rejected = crate::sort::btree_set(ids.into_iter().filter(|s| s.index() < n));
        self.recount_open();
        self.touch_all();
    }

    /// Accepts the open suggestions on the selected sentences.
    pub(super) fn accept_selected(&mut self, env: &mut Env<'_>) -> Outcome {
        let ids: Vec<SentenceId> = self.selected();
        self.accept(ids, "Accepted the suggestion", env)
    }

    /// Accepts every open suggestion of one tag.
    pub(super) fn accept_all(&mut self, tag: Tag, env: &mut Env<'_>) -> Outcome {
        let ids: Vec<SentenceId> = self
            .open_suggestions()
            .filter(|(_, p)| p.tag == tag)
            .map(|(s, _)| s)
            .collect();
        self.accept(ids, &format!("Accepted every {tag} suggestion"), env)
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

    pub(super) fn reject(&mut self) -> Outcome {
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
}
