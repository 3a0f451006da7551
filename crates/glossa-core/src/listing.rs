//! The annotation list beside the article: which rows to show for a filter
//! and a search, at most a given number of them, and how many match in all.
//!
//! Rows come in document order: annotations one sentence at a time (the
//! sentence annotation, then its spans), or the open suggestions by
//! sentence. The search is case-insensitive and looks at the annotated
//! text, the speaker, the note and the tag's name (`claim`, `denial`,
//! `quote`); for a suggestion, at its sentence, speaker and reason.
//!
//! Without a search the total comes from the session's counts, and the walk
//! stops once `limit` rows are found: a keystroke on a document with 20,000
//! annotations does not visit them all. With a search every candidate is
//! looked at, so the total is the number that match.

use crate::annotation::Tag;
use crate::ids::{AnnotationId, SentenceId};
use crate::state::Session;
use crate::text::excerpt;

/// How many rows a view draws at once; more would slow every keystroke on
/// long documents. The search narrows the rest.
pub const MAX_ROWS: usize = 300;

/// How many characters of the text a row shows (then `…`).
const EXCERPT_CHARS: usize = 90;

/// Which rows to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Every annotation.
    All,
    /// The annotations with one tag.
    Tag(Tag),
    /// The open suggestions.
    Suggested,
}

/// Where activating a row leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goto {
    /// An annotation (select it, and its span if it is one).
    Annotation(AnnotationId),
    /// A sentence (a suggestion's).
    Sentence(SentenceId),
}

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Stable and unique within a listing: the annotation's id, or
    /// `sg{index}` for the suggestion on sentence `index` (from 0).
    pub key: String,
    pub tag: Tag,
    pub sentence: SentenceId,
    /// The annotated text (a suggestion's: its sentence), cut to 90
    /// characters with `…`.
    pub excerpt: String,
    pub speaker: String,
    /// The annotation's note; a suggestion's reason.
    pub note: String,
    /// A span annotation (not the whole sentence).
    pub span: bool,
    /// An open suggestion, not an annotation.
    pub suggested: bool,
    pub goes_to: Goto,
    /// Denial links, both ways: a denial's claim, a claim's denials, each
    /// with its sentence.
    pub links: Vec<Link>,
}

/// A denial link seen from one end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// `Denies`: this denial denies `to`; `DeniedBy`: `to` denies this claim.
    pub way: Way,
    pub to: AnnotationId,
    pub sentence: SentenceId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Way {
    Denies,
    DeniedBy,
}

/// Every denial link of a session, found in one pass: for each claim, the
/// denials that deny it (document order).
pub struct Links {
    denied_by: std::collections::HashMap<AnnotationId, Vec<Link>>,
}

impl Links {
    pub fn of(session: &Session) -> Links {
        let mut denied_by: std::collections::HashMap<AnnotationId, Vec<Link>> =
            std::collections::HashMap::new();
        for d in session.annotations_in_order() {
            if let Some(claim) = d.attrs.denies {
                denied_by.entry(claim).or_default().push(Link {
                    way: Way::DeniedBy,
                    to: d.id,
                    sentence: d.target.sentence,
                });
            }
        }
        Links { denied_by }
    }

    /// The links of annotation `a`, both ways: the claim it denies, then
    /// the denials of it in document order.
    pub fn from(&self, session: &Session, a: &crate::Annotation) -> Vec<Link> {
        a.attrs
            .denies
            .and_then(|id| session.annotation(id))
            .map(|c| Link {
                way: Way::Denies,
                to: c.id,
                sentence: c.target.sentence,
            })
            .into_iter()
            .chain(self.denied_by.get(&a.id).cloned().unwrap_or_default())
            .collect()
    }
}

/// The denial links of annotation `a` in `session`, both ways, in document
/// order of the other end.
pub fn links_of(session: &Session, a: &crate::Annotation) -> Vec<Link> {
    Links::of(session).from(session, a)
}

/// The rows to show (at most the limit) and how many match in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    pub rows: Vec<Row>,
    pub total: usize,
}

/// The rows of `session` that `filter` and `query` select, in document
/// order, at most `limit` of them, with the number that match in all.
/// An empty `query` matches everything.
pub fn list(session: &Session, filter: Filter, query: &str, limit: usize) -> Listing {
    let s = session;
    let needle = query.to_lowercase();
    let matches = |fields: &[&str]| {
        needle.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(&needle))
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut total = 0;
    if filter == Filter::Suggested {
        let known_total = query
            .is_empty()
            .then(|| s.open_suggestion_counts().iter().sum::<usize>());
        for (sid, p) in s.open_suggestions() {
            if known_total.is_some() && rows.len() >= limit {
                break;
            }
            let text = s
                .doc
                .sentence(sid)
                .map(|x| x.text(&s.doc))
                .unwrap_or_default();
            let speaker = p.speaker.clone().unwrap_or_default();
            if !matches(&[text, &speaker, &p.reason]) {
                continue;
            }
            total += 1;
            if rows.len() < limit {
                rows.push(Row {
                    key: format!("sg{}", sid.0),
                    tag: p.tag,
                    sentence: sid,
                    excerpt: excerpt(text, EXCERPT_CHARS),
                    speaker,
                    note: p.reason.clone(),
                    span: false,
                    suggested: true,
                    goes_to: Goto::Sentence(sid),
                    links: Vec::new(),
                });
            }
        }
        total = known_total.unwrap_or(total);
    } else {
        let links = Links::of(s);
        let known_total = query.is_empty().then(|| match filter {
            Filter::Tag(t) => s.count(t),
            _ => s.len(),
        });
        for a in s.annotations_in_order() {
            if let Filter::Tag(t) = filter {
                if a.tag != t {
                    continue;
                }
            }
            if known_total.is_some() && rows.len() >= limit {
                break;
            }
            let text = s
                .doc
                .slice(a.target.start, a.target.end)
                .unwrap_or_default();
            if !matches(&[text, &a.attrs.speaker, &a.attrs.note, a.tag.name()]) {
                continue;
            }
            total += 1;
            if rows.len() < limit {
                rows.push(Row {
                    key: a.id.to_string(),
                    tag: a.tag,
                    sentence: a.target.sentence,
                    excerpt: excerpt(text, EXCERPT_CHARS),
                    speaker: a.attrs.speaker.clone(),
                    note: a.attrs.note.clone(),
                    span: !s.is_sentence_level(a),
                    suggested: false,
                    goes_to: Goto::Annotation(a.id),
                    links: links.from(s, a),
                });
            }
        }
        total = known_total.unwrap_or(total);
    }
    Listing { rows, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Attrs;
    use crate::article::parse_article;
    use crate::state::{Action, Env, Proposal};
    use crate::time::Timestamp;
    use proptest::prelude::*;
    use std::rc::Rc;

    const TEXT: &str = "Title\n\n\
        Miller said the plan was sound. The ministry denied it. \
        Prices rose by 7% last year. “We will win,” Ortiz told reporters.\n\n\
        The mayor blamed the weather for the delays on the northern line, \
        which ran late on every single weekday in March, April and May, \
        according to figures the council published on its website.";

    struct Fixture {
        s: Session,
        next: u8,
    }

    impl Fixture {
        fn new(text: &str) -> Fixture {
            Fixture {
                s: Session::new(Rc::new(parse_article(text))),
                next: 0,
            }
        }

        fn run(&mut self, actions: &[Action]) {
            let next = &mut self.next;
            let mut new_id = || {
                *next = next.wrapping_add(1);
                AnnotationId::from_random_bytes([*next; 16])
            };
            let mut env = Env {
                now: Timestamp(1000),
                new_id: &mut new_id,
            };
            for a in actions {
                self.s.apply(a.clone(), &mut env);
            }
        }

        /// Tags sentence `n` (from 0) with `tag`.
        fn tag(&mut self, n: u32, tag: Tag) {
            self.run(&[
                Action::Select {
                    sentence: SentenceId(n),
                    extend: false,
                },
                Action::Toggle(tag),
            ]);
        }

        /// Tags the words `from..to` (code points from the sentence start).
        fn tag_span(&mut self, n: u32, from: usize, to: usize, tag: Tag) {
            let start = self.s.doc.sentences[n as usize].start;
            self.run(&[
                Action::SelectSpan {
                    sentence: SentenceId(n),
                    start: start + from,
                    end: start + to,
                },
                Action::Toggle(tag),
            ]);
        }

        fn set_attrs(&mut self, n: u32, speaker: &str, note: &str) {
            let Some(a) = self.s.sentence_annotation(SentenceId(n)) else {
                panic!("sentence {n} has no annotation");
            };
            let id = a.id;
            self.run(&[Action::Edit {
                id,
                attrs: Attrs {
                    speaker: speaker.to_string(),
                    note: note.to_string(),
                    ..Attrs::default()
                },
            }]);
        }
    }

    #[test]
    fn denial_links_show_at_both_ends() {
        let mut f = Fixture::new(TEXT);
        f.tag(0, Tag::Claim);
        f.tag(1, Tag::Denial);
        f.tag(2, Tag::Claim);
        let claim = f.s.sentence_annotation(SentenceId(0)).map(|a| a.id);
        let denial = f.s.sentence_annotation(SentenceId(1)).map(|a| a.id);
        let (Some(claim), Some(denial)) = (claim, denial) else {
            panic!("tagged sentences have annotations");
        };
        f.run(&[Action::Edit {
            id: denial,
            attrs: Attrs {
                denies: Some(claim),
                ..Attrs::default()
            },
        }]);
        let l = list(&f.s, Filter::All, "", 100);
        let links: Vec<(u32, Vec<Link>)> = l
            .rows
            .iter()
            .map(|r| (r.sentence.0, r.links.clone()))
            .collect();
        assert_eq!(
            links,
            vec![
                (
                    0,
                    vec![Link {
                        way: Way::DeniedBy,
                        to: denial,
                        sentence: SentenceId(1)
                    }]
                ),
                (
                    1,
                    vec![Link {
                        way: Way::Denies,
                        to: claim,
                        sentence: SentenceId(0)
                    }]
                ),
                (2, vec![]),
            ]
        );
        let denial_ann = f.s.annotation(denial).cloned();
        let claim_ann = f.s.annotation(claim).cloned();
        assert_eq!(links_of(&f.s, &denial_ann.expect("denial")), links[1].1);
        assert_eq!(links_of(&f.s, &claim_ann.expect("claim")), links[0].1);
    }

    fn sentences(l: &Listing) -> Vec<u32> {
        l.rows.iter().map(|r| r.sentence.0).collect()
    }

    fn proposal(tag: Tag, reason: &str, speaker: Option<&str>) -> Proposal {
        Proposal {
            tag,
            reason: reason.to_string(),
            speaker: speaker.map(str::to_string),
            cue: None,
        }
    }

    #[test]
    fn all_and_one_tag_in_document_order() {
        let mut f = Fixture::new(TEXT);
        f.tag(2, Tag::Claim);
        f.tag(0, Tag::Quote);
        f.tag(4, Tag::Claim);
        f.tag(1, Tag::Denial);
        let all = list(&f.s, Filter::All, "", MAX_ROWS);
        assert_eq!(sentences(&all), [0, 1, 2, 4]);
        assert_eq!(all.total, 4);
        let claims = list(&f.s, Filter::Tag(Tag::Claim), "", MAX_ROWS);
        assert_eq!(sentences(&claims), [2, 4]);
        assert_eq!(claims.total, 2);
        assert!(claims.rows.iter().all(|r| r.tag == Tag::Claim));
        let row = &all.rows[0];
        let a = f.s.sentence_annotation(SentenceId(0)).expect("tagged");
        assert_eq!(row.key, a.id.to_string());
        assert_eq!(row.goes_to, Goto::Annotation(a.id));
        assert_eq!(row.excerpt, "Miller said the plan was sound.");
        assert!(!row.span && !row.suggested);
        assert_eq!(list(&f.s, Filter::Tag(Tag::Quote), "", MAX_ROWS).total, 1);
    }

    #[test]
    fn spans_come_after_their_sentence_annotation_in_text_order() {
        let mut f = Fixture::new(TEXT);
        f.tag_span(0, 12, 20, Tag::Claim); // "the plan"
        f.tag(0, Tag::Quote);
        f.tag_span(0, 0, 6, Tag::Denial); // "Miller"
        f.tag(1, Tag::Denial);
        let all = list(&f.s, Filter::All, "", MAX_ROWS);
        let got: Vec<(u32, bool, &str)> = all
            .rows
            .iter()
            .map(|r| (r.sentence.0, r.span, r.excerpt.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (0, false, "Miller said the plan was sound."),
                (0, true, "Miller"),
                (0, true, "the plan"),
                (1, false, "The ministry denied it."),
            ]
        );
        let keys: std::collections::BTreeSet<&str> =
            all.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys.len(), 4, "keys are unique");
    }

    #[test]
    fn long_text_is_cut_to_ninety_characters() {
        let mut f = Fixture::new(TEXT);
        f.tag(4, Tag::Claim);
        let row = &list(&f.s, Filter::All, "", MAX_ROWS).rows[0];
        assert_eq!(row.excerpt.chars().count(), 91);
        assert!(row.excerpt.ends_with('…'));
        assert!(row.excerpt.starts_with("The mayor blamed"));
    }

    #[test]
    fn search_reads_text_speaker_note_and_tag_name() {
        let mut f = Fixture::new(TEXT);
        f.tag(0, Tag::Quote);
        f.tag(1, Tag::Denial);
        f.tag(2, Tag::Claim);
        f.set_attrs(0, "Jane Miller", "");
        f.set_attrs(2, "", "Check the Statistics office");
        let hits = |q: &str| sentences(&list(&f.s, Filter::All, q, MAX_ROWS));
        assert_eq!(hits("jane"), [0], "speaker");
        assert_eq!(hits("JANE MILLER"), [0], "case-insensitive");
        assert_eq!(hits("statistics"), [2], "note");
        assert_eq!(hits("denial"), [1], "tag name");
        assert_eq!(hits("quote"), [0], "tag name");
        assert_eq!(hits("MINISTRY"), [1], "text");
        assert_eq!(hits("miller"), [0], "text and speaker, once");
        assert_eq!(hits("nowhere"), Vec::<u32>::new());
        let none = list(&f.s, Filter::All, "nowhere", MAX_ROWS);
        assert_eq!(none.total, 0);
        // The search narrows a tag filter, not widens it.
        let q = list(&f.s, Filter::Tag(Tag::Claim), "the", MAX_ROWS);
        assert_eq!(sentences(&q), [2]);
        assert_eq!(q.total, 1);
    }

    #[test]
    fn suggestions_list_open_ones_and_search_their_reason() {
        let mut f = Fixture::new(TEXT);
        f.s.set_proposals([
            (
                SentenceId(0),
                proposal(Tag::Quote, "quotation marks + \"said\"", Some("Miller")),
            ),
            (SentenceId(1), proposal(Tag::Denial, "\"denied\"", None)),
            (SentenceId(2), proposal(Tag::Claim, "figure: \"7%\"", None)),
            (
                SentenceId(3),
                proposal(Tag::Quote, "indirect speech: \"told\"", Some("Ortiz")),
            ),
        ]);
        // An annotated sentence's suggestion is no longer open.
        f.tag(1, Tag::Claim);
        let open = list(&f.s, Filter::Suggested, "", MAX_ROWS);
        assert_eq!(sentences(&open), [0, 2, 3]);
        assert_eq!(open.total, 3);
        let row = &open.rows[1];
        assert_eq!(row.key, "sg2");
        assert_eq!(row.goes_to, Goto::Sentence(SentenceId(2)));
        assert_eq!(row.note, "figure: \"7%\"");
        assert_eq!(row.excerpt, "Prices rose by 7% last year.");
        assert!(row.suggested && !row.span);
        assert_eq!(open.rows[0].speaker, "Miller");
        let hits = |q: &str| sentences(&list(&f.s, Filter::Suggested, q, MAX_ROWS));
        assert_eq!(hits("FIGURE"), [2], "reason");
        assert_eq!(hits("ortiz"), [3], "speaker and text");
        assert_eq!(hits("prices"), [2], "text");
        assert_eq!(hits("quote"), Vec::<u32>::new(), "not the tag name");
        // Suggestions are not annotations.
        assert_eq!(list(&f.s, Filter::All, "", MAX_ROWS).total, 1);
    }

    #[test]
    fn the_limit_cuts_rows_not_the_total() {
        let mut f = Fixture::new(TEXT);
        for n in 0..5 {
            f.tag(n, if n % 2 == 0 { Tag::Claim } else { Tag::Quote });
        }
        let two = list(&f.s, Filter::All, "", 2);
        assert_eq!(sentences(&two), [0, 1]);
        assert_eq!(two.total, 5, "from the counts");
        let claims = list(&f.s, Filter::Tag(Tag::Claim), "", 1);
        assert_eq!(sentences(&claims), [0]);
        assert_eq!(claims.total, 3);
        // With a search, every match counts.
        let searched = list(&f.s, Filter::All, "claim", 2);
        assert_eq!(sentences(&searched), [0, 2]);
        assert_eq!(searched.total, 3);
        let none = list(&f.s, Filter::All, "", 0);
        assert!(none.rows.is_empty());
        assert_eq!(none.total, 5);
        let sug = list(&f.s, Filter::Suggested, "", 1);
        assert_eq!((sug.rows.len(), sug.total), (0, 0), "no proposals");
    }

    #[test]
    fn suggestions_limit_and_total() {
        let mut f = Fixture::new(TEXT);
        f.s.set_proposals((0..5).map(|n| {
            (
                SentenceId(n),
                proposal(Tag::Claim, "statement of fact", None),
            )
        }));
        let two = list(&f.s, Filter::Suggested, "", 2);
        assert_eq!(sentences(&two), [0, 1]);
        assert_eq!(two.total, 5);
        let searched = list(&f.s, Filter::Suggested, "fact", 2);
        assert_eq!(searched.rows.len(), 2);
        assert_eq!(searched.total, 5);
    }

    /// One edit of the fixture's annotations, for the property test.
    #[derive(Clone, Debug)]
    enum Op {
        Tag(u32, Tag),
        Span(u32, usize, usize, Tag),
        Note(u32, &'static str),
    }

    fn op() -> impl Strategy<Value = Op> {
        let tag = prop_oneof![Just(Tag::Claim), Just(Tag::Denial), Just(Tag::Quote)];
        prop_oneof![
            (0u32..5, tag.clone()).prop_map(|(n, t)| Op::Tag(n, t)),
            (0u32..5, 0usize..30, 1usize..30, tag).prop_map(|(n, a, l, t)| Op::Span(
                n,
                a,
                a + l,
                t
            )),
            (
                0u32..5,
                prop_oneof![Just("check"), Just("Miller"), Just("")]
            )
                .prop_map(|(n, note)| Op::Note(n, note)),
        ]
    }

    fn filter() -> impl Strategy<Value = Filter> {
        prop_oneof![
            Just(Filter::All),
            Just(Filter::Suggested),
            Just(Filter::Tag(Tag::Claim)),
            Just(Filter::Tag(Tag::Denial)),
            Just(Filter::Tag(Tag::Quote)),
        ]
    }

    proptest! {
        /// With room for every row, the total is the number of rows; with a
        /// smaller limit the rows are the first ones of that full list.
        #[test]
        fn total_counts_the_rows_and_rows_fit_the_limit(
            ops in proptest::collection::vec(op(), 0..24),
            rejected in proptest::collection::vec(0u32..5, 0..3),
            filter in filter(),
            query in prop_oneof![Just(""), Just("the"), Just("CLAIM"), Just("check"), Just("miller"), Just("zzz")],
            limit in 0usize..8,
        ) {
            let mut f = Fixture::new(TEXT);
            f.s.set_proposals(crate::suggest::proposals(&f.s.doc));
            f.s.set_rejected(rejected.into_iter().map(SentenceId));
            for op in ops {
                match op {
                    Op::Tag(n, t) => f.tag(n, t),
                    Op::Span(n, a, b, t) => f.tag_span(n, a, b, t),
                    Op::Note(n, note) => {
                        if f.s.sentence_annotation(SentenceId(n)).is_some() {
                            f.set_attrs(n, "", note);
                        }
                    }
                }
            }
            let full = list(&f.s, filter, query, usize::MAX);
            prop_assert_eq!(full.total, full.rows.len());
            let cut = list(&f.s, filter, query, limit);
            prop_assert!(cut.rows.len() <= limit);
            prop_assert_eq!(cut.total, full.total);
            prop_assert_eq!(&cut.rows[..], &full.rows[..limit.min(full.rows.len())]);
            // Document order.
            let order: Vec<(u32, bool)> = full.rows.iter().map(|r| (r.sentence.0, r.span)).collect();
            let mut sorted = order.clone();
            sorted.sort_by_key(|&(s, span)| (s, span));
            prop_assert_eq!(order, sorted);
        }
    }
}
