//! Annotation state, selection, and the one reducer every user action goes
//! through.
//!
//! [`Session::apply`] takes an [`Action`] and changes the session. Each change
//! to annotations is recorded as a [`Step`] of before/after pairs, so undo and
//! redo replay steps backwards or forwards; nothing else edits annotations.
//!
//! Invariants:
//! - at most one *sentence annotation* (one whose target is the whole
//!   sentence) per sentence; `by_sentence` indexes it;
//! - `counts[tag]` equals the number of annotations with that tag;
//! - every target lies inside its sentence.

use crate::annotation::{Annotation, Tag, Target};
use crate::article::Document;
use crate::ids::{AnnotationId, SentenceId};
use crate::time::Timestamp;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// How many steps undo keeps.
pub const HISTORY_LIMIT: usize = 1000;

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
    /// Tag the selected sentences; if all of them already have this tag,
    /// remove it instead.
    Toggle(Tag),
    /// Remove the tags of the selected sentences.
    Clear,
    Undo,
    Redo,
}

/// What the reducer needs from the outside world: the time, and fresh ids.
pub struct Env<'a> {
    pub now: Timestamp,
    pub new_id: &'a mut dyn FnMut() -> AnnotationId,
}

/// The selected sentences: the range between `anchor` and `focus`, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub anchor: SentenceId,
    pub focus: SentenceId,
}

impl Selection {
    pub fn single(id: SentenceId) -> Selection {
        Selection {
            anchor: id,
            focus: id,
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
}

/// One undoable change: each edit is the annotation before and after (None =
/// absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub label: String,
    pub edits: Vec<(Option<Annotation>, Option<Annotation>)>,
    pub selection: Option<Selection>,
}

/// What an action did, for the screen-reader announcement and for saving.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Annotations changed (the work needs saving).
    pub changed: bool,
    /// A sentence for people: "Sentence 4 tagged Quote".
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub doc: Rc<Document>,
    items: BTreeMap<AnnotationId, Annotation>,
    by_sentence: Vec<Option<AnnotationId>>,
    counts: [usize; 3],
    selection: Option<Selection>,
    undo: VecDeque<Step>,
    redo: Vec<Step>,
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
            RestoreError::Duplicate { id } => write!(f, "annotation id {id} appears twice"),
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
            counts: [0; 3],
            selection: None,
            undo: VecDeque::new(),
            redo: Vec::new(),
        }
    }

    /// A session holding `annotations` (from a saved or imported file),
    /// checked against the document. No undo history.
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
            if s.items.contains_key(&a.id) {
                return Err(RestoreError::Duplicate { id: a.id });
            }
            if s.is_sentence_level(&a) && s.by_sentence[sentence.index()].is_some() {
                return Err(RestoreError::Duplicate { id: a.id });
            }
            s.put(a.id, Some(a));
        }
        Ok(s)
    }

    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    pub fn count(&self, tag: Tag) -> usize {
        self.counts[tag.index()]
    }

    /// Number of sentences with a sentence annotation.
    pub fn tagged_sentences(&self) -> usize {
        self.by_sentence.iter().filter(|a| a.is_some()).count()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The sentence annotation's tag of a sentence, if it has one.
    pub fn sentence_tag(&self, id: SentenceId) -> Option<Tag> {
        let aid = (*self.by_sentence.get(id.index())?)?;
        self.items.get(&aid).map(|a| a.tag)
    }

    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.items.get(&id)
    }

    /// All annotations in document order.
    pub fn annotations(&self) -> Vec<&Annotation> {
        let mut v: Vec<&Annotation> = self.items.values().collect();
        v.sort_by_key(|a| a.order_key());
        v
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies one action. Actions that make no sense in the current state
    /// (a tag with nothing selected, undo with no history) change nothing.
    pub fn apply(&mut self, action: Action, env: &mut Env<'_>) -> Outcome {
        match action {
            Action::Select { sentence, extend } => {
                if sentence.index() < self.doc.sentences.len() {
                    self.selection = Some(match (extend, self.selection) {
                        (true, Some(sel)) => Selection {
                            anchor: sel.anchor,
                            focus: sentence,
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
                let next = match self.selection {
                    None => {
                        if by >= 0 {
                            0
                        } else {
                            n - 1
                        }
                    }
                    Some(sel) => {
                        (sel.focus.index() as i64 + by as i64).clamp(0, n as i64 - 1) as usize
                    }
                };
                let next = SentenceId(next as u32);
                self.selection = Some(match (extend, self.selection) {
                    (true, Some(sel)) => Selection {
                        anchor: sel.anchor,
                        focus: next,
                    },
                    _ => Selection::single(next),
                });
                Outcome::default()
            }
            Action::Toggle(tag) => self.toggle(tag, env),
            Action::Clear => self.clear(),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
        }
    }

    fn is_sentence_level(&self, a: &Annotation) -> bool {
        self.doc
            .sentence(a.target.sentence)
            .is_some_and(|s| s.start == a.target.start && s.end == a.target.end)
    }

    /// Sets annotation `id` to `value` (None removes it), keeping the indexes
    /// and counts true. The only place that writes `items`.
    fn put(&mut self, id: AnnotationId, value: Option<Annotation>) {
        if let Some(old) = self.items.remove(&id) {
            self.counts[old.tag.index()] -= 1;
            let slot = &mut self.by_sentence[old.target.sentence.index()];
            if *slot == Some(id) {
                *slot = None;
            }
        }
        if let Some(new) = value {
            self.counts[new.tag.index()] += 1;
            if self.is_sentence_level(&new) {
                self.by_sentence[new.target.sentence.index()] = Some(id);
            }
            self.items.insert(id, new);
        }
    }

    fn commit(&mut self, step: Step) -> Outcome {
        if step.edits.is_empty() {
            return Outcome::default();
        }
        for (before, after) in &step.edits {
            let id = before.as_ref().or(after.as_ref()).map(|a| a.id);
            if let Some(id) = id {
                self.put(id, after.clone());
            }
        }
        let message = Some(step.label.clone());
        self.undo.push_back(step);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.pop_front();
        }
        self.redo.clear();
        Outcome {
            changed: true,
            message,
        }
    }

    fn selected(&self) -> Vec<SentenceId> {
        self.selection
            .map(|s| s.ids().collect())
            .unwrap_or_default()
    }

    fn toggle(&mut self, tag: Tag, env: &mut Env<'_>) -> Outcome {
        let ids = self.selected();
        if ids.is_empty() {
            return Outcome {
                changed: false,
                message: Some("Select a sentence first.".into()),
            };
        }
        let all_have = ids.iter().all(|&s| self.sentence_tag(s) == Some(tag));
        let mut edits = Vec::new();
        for &sid in &ids {
            let current = self.by_sentence[sid.index()]
                .and_then(|a| self.items.get(&a))
                .cloned();
            if all_have {
                edits.push((current, None));
                continue;
            }
            match current {
                Some(a) if a.tag == tag => {}
                Some(a) => {
                    let mut b = a.clone();
                    b.tag = tag;
                    b.updated = env.now;
                    edits.push((Some(a), Some(b)));
                }
                None => {
                    let Some(s) = self.doc.sentence(sid) else {
                        continue;
                    };
                    let a = Annotation {
                        id: (env.new_id)(),
                        tag,
                        target: Target {
                            sentence: sid,
                            start: s.start,
                            end: s.end,
                        },
                        created: env.now,
                        updated: env.now,
                    };
                    edits.push((None, Some(a)));
                }
            }
        }
        let label = describe(
            &ids,
            if all_have {
                format!("untagged {}", tag)
            } else {
                format!("tagged {}", tag)
            },
        );
        self.commit(Step {
            label,
            edits,
            selection: self.selection,
        })
    }

    fn clear(&mut self) -> Outcome {
        let ids = self.selected();
        let edits: Vec<_> = ids
            .iter()
            .filter_map(|s| {
                self.by_sentence[s.index()]
                    .and_then(|a| self.items.get(&a))
                    .cloned()
            })
            .map(|a| (Some(a), None))
            .collect();
        if edits.is_empty() {
            return Outcome {
                changed: false,
                message: Some("Nothing to clear.".into()),
            };
        }
        let label = describe(&ids, "cleared".into());
        self.commit(Step {
            label,
            edits,
            selection: self.selection,
        })
    }

    fn undo(&mut self) -> Outcome {
        let Some(step) = self.undo.pop_back() else {
            return Outcome {
                changed: false,
                message: Some("Nothing to undo.".into()),
            };
        };
        for (before, after) in step.edits.iter().rev() {
            if let Some(id) = before.as_ref().or(after.as_ref()).map(|a| a.id) {
                self.put(id, before.clone());
            }
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
            return Outcome {
                changed: false,
                message: Some("Nothing to redo.".into()),
            };
        };
        for (before, after) in &step.edits {
            if let Some(id) = before.as_ref().or(after.as_ref()).map(|a| a.id) {
                self.put(id, after.clone());
            }
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

fn describe(ids: &[SentenceId], what: String) -> String {
    match ids {
        [one] => format!("Sentence {} {what}", one.number()),
        [first, .., last] => {
            format!("Sentences {}–{} {what}", first.number(), last.number())
        }
        [] => what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::parse_article;

    fn session() -> Session {
        let doc = parse_article("Title\n\nOne is here. Two is there. Three is last.\n\nFour.");
        Session::new(Rc::new(doc))
    }

    fn run(s: &mut Session, actions: &[Action]) -> Vec<Outcome> {
        let mut n = 0u8;
        let mut new_id = || {
            n += 1;
            AnnotationId::from_random_bytes([n; 16])
        };
        let mut env = Env {
            now: Timestamp(1000),
            new_id: &mut new_id,
        };
        actions
            .iter()
            .map(|a| s.apply(a.clone(), &mut env))
            .collect()
    }

    fn tags(s: &Session) -> Vec<Option<Tag>> {
        (0..s.doc.sentences.len())
            .map(|i| s.sentence_tag(SentenceId(i as u32)))
            .collect()
    }

    const S0: SentenceId = SentenceId(0);
    const S2: SentenceId = SentenceId(2);

    #[test]
    fn tag_retag_and_toggle_off() {
        let mut s = session();
        let out = run(
            &mut s,
            &[
                Action::Select {
                    sentence: S0,
                    extend: false,
                },
                Action::Toggle(Tag::Claim),
            ],
        );
        assert_eq!(out[1].message.as_deref(), Some("Sentence 1 tagged Claim"));
        assert_eq!(tags(&s), vec![Some(Tag::Claim), None, None, None]);
        let id = s.annotations()[0].id;
        run(&mut s, &[Action::Toggle(Tag::Quote)]);
        assert_eq!(tags(&s)[0], Some(Tag::Quote));
        assert_eq!(s.annotations()[0].id, id, "re-tagging keeps the annotation");
        assert_eq!((s.count(Tag::Claim), s.count(Tag::Quote)), (0, 1));
        run(&mut s, &[Action::Toggle(Tag::Quote)]);
        assert_eq!(tags(&s), vec![None; 4]);
        assert!(s.is_empty());
    }

    #[test]
    fn range_toggle_and_clear() {
        let mut s = session();
        run(
            &mut s,
            &[
                Action::Select {
                    sentence: S2,
                    extend: false,
                },
                Action::Toggle(Tag::Denial),
                Action::Select {
                    sentence: S0,
                    extend: false,
                },
                Action::Select {
                    sentence: S2,
                    extend: true,
                },
                Action::Toggle(Tag::Denial),
            ],
        );
        assert_eq!(
            tags(&s),
            vec![
                Some(Tag::Denial),
                Some(Tag::Denial),
                Some(Tag::Denial),
                None
            ]
        );
        assert_eq!(s.count(Tag::Denial), 3);
        // All selected have the tag: toggling removes it from all.
        run(&mut s, &[Action::Toggle(Tag::Denial)]);
        assert_eq!(s.count(Tag::Denial), 0);
        run(&mut s, &[Action::Toggle(Tag::Claim)]);
        assert_eq!(
            tags(&s),
            vec![Some(Tag::Claim), Some(Tag::Claim), Some(Tag::Claim), None]
        );
        // Moving from the focus (s3) lands on s4, which has nothing to clear.
        let out = run(
            &mut s,
            &[
                Action::Move {
                    by: 1,
                    extend: false,
                },
                Action::Clear,
            ],
        );
        assert_eq!(s.selection(), Some(Selection::single(SentenceId(3))));
        assert!(!out[1].changed);
        run(
            &mut s,
            &[
                Action::Move {
                    by: -2,
                    extend: false,
                },
                Action::Clear,
            ],
        );
        assert_eq!(
            tags(&s),
            vec![Some(Tag::Claim), None, Some(Tag::Claim), None]
        );
    }

    #[test]
    fn move_clamps_and_extends() {
        let mut s = session();
        run(
            &mut s,
            &[Action::Move {
                by: 1,
                extend: false,
            }],
        );
        assert_eq!(s.selection(), Some(Selection::single(S0)));
        run(
            &mut s,
            &[Action::Move {
                by: -1,
                extend: false,
            }],
        );
        assert_eq!(s.selection(), Some(Selection::single(S0)));
        run(
            &mut s,
            &[
                Action::Move {
                    by: 1,
                    extend: true,
                },
                Action::Move {
                    by: 1,
                    extend: true,
                },
            ],
        );
        assert_eq!(
            s.selection(),
            Some(Selection {
                anchor: S0,
                focus: S2
            })
        );
        run(
            &mut s,
            &[Action::Move {
                by: 10,
                extend: false,
            }],
        );
        assert_eq!(s.selection(), Some(Selection::single(SentenceId(3))));
    }

    #[test]
    fn undo_redo_restore_exact_state() {
        let mut s = session();
        run(
            &mut s,
            &[
                Action::Select {
                    sentence: S0,
                    extend: false,
                },
                Action::Toggle(Tag::Claim),
            ],
        );
        let after_one = s.annotations().into_iter().cloned().collect::<Vec<_>>();
        run(&mut s, &[Action::Toggle(Tag::Quote), Action::Clear]);
        assert!(s.is_empty());
        run(&mut s, &[Action::Undo, Action::Undo]);
        assert_eq!(
            s.annotations().into_iter().cloned().collect::<Vec<_>>(),
            after_one
        );
        run(&mut s, &[Action::Redo]);
        assert_eq!(s.sentence_tag(S0), Some(Tag::Quote));
        // A new action drops the redo branch.
        run(&mut s, &[Action::Toggle(Tag::Denial)]);
        let out = run(&mut s, &[Action::Redo]);
        assert!(!out[0].changed);
        run(&mut s, &[Action::Undo, Action::Undo, Action::Undo]);
        assert!(s.is_empty());
        assert!(!s.can_undo());
    }

    #[test]
    fn nothing_selected_changes_nothing() {
        let mut s = session();
        let out = run(
            &mut s,
            &[
                Action::Toggle(Tag::Claim),
                Action::Undo,
                Action::Select {
                    sentence: SentenceId(99),
                    extend: false,
                },
            ],
        );
        assert!(out.iter().all(|o| !o.changed));
        assert_eq!(s.selection(), None);
    }
}
