//! Annotations brought in from outside: a saved or imported file restored
//! as a new session ([`Session::with_annotations`]), the Import action that
//! merges or replaces (one undoable step), and the orphans: imported
//! annotations that could not be placed, kept and saved with the work.

use super::{Edit, Outcome, Session};
use crate::annotation::{Annotation, Orphan, Tag, Target};
use crate::article::Document;
use crate::ids::{AnnotationId, SentenceId};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

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

    pub(super) fn import(
        &mut self,
        placed: Vec<Annotation>,
        orphans: Vec<Orphan>,
        replace: bool,
    ) -> Outcome {
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
        let claims: BTreeSet<AnnotationId> = crate::sort::btree_set(
            self.items
                .values()
                .filter(|a| a.tag == Tag::Claim && !gone.contains(&a.id))
                .map(|a| a.id)
                .chain(edits.iter().filter_map(|e| match e {
                    Edit::Annotation(_, Some(a)) if a.tag == Tag::Claim => Some(a.id),
                    _ => None,
                })),
        );
        for e in edits.iter_mut() {
            if let Edit::Annotation(_, Some(a)) = e {
                if a.attrs.denies.is_some_and(|c| !claims.contains(&c)) {
                    a.attrs.denies = None;
                }
            }
        }
        let known: BTreeSet<AnnotationId> =
            crate::sort::btree_set(new_orphans.iter().map(|o| o.id));
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

    /// One step that removes `remove` and adds `add` (adjudication: take
    /// an annotator's choice, accept what everyone agreed on). An added
    /// annotation that does not fit its sentence, reuses an id, or would be
    /// a second sentence tag on a sentence is left out; links that would
    /// end nowhere are dropped (as in every step).
    pub(super) fn settle(
        &mut self,
        remove: Vec<AnnotationId>,
        add: Vec<Annotation>,
        label: String,
    ) -> Outcome {
        let mut edits = Vec::new();
        let gone: BTreeSet<AnnotationId> =
            crate::sort::btree_set(remove.into_iter().filter(|id| self.items.contains_key(id)));
        for id in &gone {
            edits.push(Edit::Annotation(self.items.get(id).cloned(), None));
        }
        let mut taken: BTreeSet<SentenceId> = crate::sort::btree_set(
            self.items
                .values()
                .filter(|a| !gone.contains(&a.id) && self.is_sentence_level(a))
                .map(|a| a.target.sentence),
        );
        let mut ids: BTreeSet<AnnotationId> = BTreeSet::new();
        for a in add {
            let fits = self.doc.sentence(a.target.sentence).is_some_and(|s| {
                s.start <= a.target.start && a.target.end <= s.end && a.target.start < a.target.end
            });
            if !fits || self.items.contains_key(&a.id) || !ids.insert(a.id) {
                continue;
            }
            if self.is_sentence_level(&a) && !taken.insert(a.target.sentence) {
                continue;
            }
            edits.push(Edit::Annotation(None, Some(a)));
        }
        if edits.is_empty() {
            return Outcome::say("Nothing to change.");
        }
        self.commit(label, edits)
    }
}
