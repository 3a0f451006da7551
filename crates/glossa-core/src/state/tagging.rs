//! Tagging: tag or untag the selected sentences or span, clear them, and
//! edit an annotation's attributes. Each is one undoable step.

use super::{describe, Edit, Env, Outcome, Session};
use crate::annotation::{Annotation, Attrs, Tag, Target};
use crate::ids::{AnnotationId, SentenceId};
use crate::text::excerpt;

impl Session {
    pub(super) fn new_annotation(
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

    pub(super) fn toggle(&mut self, tag: Tag, env: &mut Env<'_>) -> Outcome {
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

    pub(super) fn clear(&mut self) -> Outcome {
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

    pub(super) fn edit(
        &mut self,
        id: AnnotationId,
        mut attrs: Attrs,
        env: &mut Env<'_>,
    ) -> Outcome {
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
}
