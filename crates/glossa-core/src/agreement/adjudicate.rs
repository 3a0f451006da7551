//! Adjudication: settling annotators' disagreements into a gold version,
//! which is the curator's own work (a [`Session`] like any other).
//!
//! - [`items`]: what to settle on one document, in document order: each
//!   sentence labelled differently and each span some have and others lack.
//! - [`take`]: the one step ([`Action::Settle`]) that makes the gold hold
//!   one annotator's choice on an item — their sentence tag (or none), or
//!   their span — with their note, speaker and cue.
//! - [`agreed`]: the step that adds what every annotator who reached it
//!   agreed on and the gold lacks (sentence tags and exact spans): bulk
//!   acceptance, undone as one step.

use super::disagreement::Presence;
use super::work::{Label, Span, Work};
use super::{agreement, DocumentWork, Report};
use crate::annotation::Annotation;
use crate::article::Document;
use crate::format;
use crate::ids::{AnnotationId, SentenceId};
use crate::state::{Action, Session};
use crate::Timestamp;
use std::rc::Rc;

/// One annotator's work, as adjudication reads it.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub session: Session,
    /// The last sentence they reached, if their work says so.
    pub reached: Option<SentenceId>,
}

/// Everything adjudicating one document needs: the annotators' work, the
/// agreement report over it and the items to settle.
#[derive(Clone, Debug)]
pub struct Adjudication {
    pub doc: Rc<Document>,
    pub sources: Vec<Source>,
    pub report: Report,
    pub items: Vec<Item>,
}

/// A document and its members' work on it: (member, Glossa JSON).
pub type DocumentFiles = (Rc<Document>, Vec<(String, String)>);

/// Agreement over several documents (a whole project): the report and the
/// documents it covers, in its order.
#[derive(Clone, Debug)]
pub struct ProjectAgreement {
    pub docs: Vec<Rc<Document>>,
    pub report: Report,
    /// Files that annotate no document known here (their names): left out
    /// of the report. Empty for a team's synced work.
    pub left_out: Vec<String>,
}

/// Glossa JSON files (`(file name, contents)`) sorted by the document they
/// annotate (the file's text SHA-256 matched to `docs`).
#[derive(Clone, Debug)]
pub struct Grouped {
    /// Each document with files, in the order of `docs`: (annotator name
    /// from the file name, used when the file names none; contents).
    pub work: Vec<DocumentFiles>,
    /// The names of files about no document of `docs`, in the order given.
    pub left_out: Vec<String>,
}

/// The annotator a file's name suggests when the file names none:
/// `ana.glossa.json` → `ana`.
pub fn name_from_file(name: &str) -> String {
    name.trim_end_matches(".json")
        .trim_end_matches(".glossa")
        .to_string()
}

/// The SHA-256 of the text a Glossa JSON file annotates.
pub fn file_document(name: &str, json: &str) -> Result<String, String> {
    format::parse(json)
        .map(|f| f.document.text_sha256)
        .map_err(|e| format!("“{name}” cannot be read: {e}"))
}

/// Sorts `files` by the document of `docs` they annotate; a file that
/// cannot be read is refused with its name.
pub fn group_files(docs: &[Rc<Document>], files: &[(String, String)]) -> Result<Grouped, String> {
    let mut work: Vec<DocumentFiles> = Vec::new();
    let mut left_out = Vec::new();
    let mut shas = Vec::with_capacity(files.len());
    for (name, json) in files {
        shas.push(file_document(name, json)?);
    }
    for doc in docs {
        if work.iter().any(|(d, _)| d.text_sha256 == doc.text_sha256) {
            continue;
        }
        let mine: Vec<(String, String)> = files
            .iter()
            .zip(&shas)
            .filter(|(_, sha)| **sha == doc.text_sha256)
            .map(|((name, json), _)| (name_from_file(name), json.clone()))
            .collect();
        if !mine.is_empty() {
            work.push((doc.clone(), mine));
        }
    }
    for ((name, _), sha) in files.iter().zip(&shas) {
        if !docs.iter().any(|d| d.text_sha256 == *sha) {
            left_out.push(name.clone());
        }
    }
    Ok(Grouped { work, left_out })
}

impl ProjectAgreement {
    /// From each document's work (member, Glossa JSON): documents where
    /// nobody worked are left out; a work that does not fit its document is
    /// named in the error.
    pub fn from_work(work: &[DocumentFiles]) -> Result<ProjectAgreement, String> {
        let mut docs = Vec::new();
        let mut all = Vec::new();
        for (doc, files) in work {
            if files.is_empty() {
                continue;
            }
            let mut works = Vec::new();
            for (member, json) in files {
                let file = format::parse(json).map_err(|e| {
                    format!("{member}'s work on “{}” cannot be read: {e}", doc.title)
                })?;
                works.push(Work::from_file(doc.clone(), &file, member).map_err(|e| {
                    format!("{member}'s work on “{}” does not fit it: {e}", doc.title)
                })?);
            }
            docs.push(doc.clone());
            all.push(DocumentWork {
                title: doc.title.clone(),
                works,
            });
        }
        let report = agreement(&all).map_err(|e| e.to_string())?;
        Ok(ProjectAgreement {
            docs,
            report,
            left_out: Vec::new(),
        })
    }

    /// From Glossa JSON files (`(file name, contents)`) of any of `docs`
    /// (several annotators each): grouped by document ([`group_files`]),
    /// files of no document in `docs` left out and named.
    pub fn from_files(
        docs: &[Rc<Document>],
        files: &[(String, String)],
    ) -> Result<ProjectAgreement, String> {
        let grouped = group_files(docs, files)?;
        if grouped.work.is_empty() {
            return Err("none of the files is about a document in the library".into());
        }
        let mut project = ProjectAgreement::from_work(&grouped.work)?;
        project.left_out = grouped.left_out;
        Ok(project)
    }
}

impl Adjudication {
    /// From Glossa JSON files (`(file name, contents)`) of `doc`: the
    /// annotator of each is the file's `annotator`, else its name. Refused,
    /// with words, when a file cannot be read, is about another article,
    /// names an annotator twice, or there are fewer than two.
    pub fn from_files(
        doc: Rc<Document>,
        files: &[(String, String)],
    ) -> Result<Adjudication, String> {
        let (sources, works) = Adjudication::read(&doc, files)?;
        Adjudication::new(doc, sources, works)
    }

    /// The first half of [`Adjudication::from_files`]: each file read as
    /// an annotator's work on `doc`.
    pub fn read(
        doc: &Rc<Document>,
        files: &[(String, String)],
    ) -> Result<(Vec<Source>, Vec<Work>), String> {
        let mut sources: Vec<Source> = Vec::new();
        let mut works = Vec::new();
        for (name, json) in files {
            let file = format::parse(json).map_err(|e| format!("“{name}” cannot be read: {e}"))?;
            if file.document.text_sha256 != doc.text_sha256 {
                return Err(format!(
                    "“{name}” is about another article (“{}”), not “{}”",
                    file.document.title, doc.title
                ));
            }
            let fallback = name_from_file(name);
            let work = Work::from_file(doc.clone(), &file, &fallback)
                .map_err(|e| format!("“{name}” does not fit this article: {e}"))?;
            if sources.iter().any(|s| s.name == work.annotator) {
                return Err(format!(
                    "two files are by {}: give each annotator's work once (the file's annotator field, else its name, says whose it is)",
                    work.annotator
                ));
            }
            let session = format::read_session(doc.clone(), json)
                .map_err(|e| format!("“{name}” does not fit this article: {e}"))?;
            let reached = file.reached.as_deref().and_then(SentenceId::parse);
            sources.push(Source {
                name: work.annotator.clone(),
                session,
                reached,
            });
            works.push(work);
        }
        Ok((sources, works))
    }

    /// The second half: agreement over the works and the items to settle.
    pub fn new(
        doc: Rc<Document>,
        sources: Vec<Source>,
        works: Vec<Work>,
    ) -> Result<Adjudication, String> {
        if sources.len() < 2 {
            return Err(format!(
                "agreement needs the work of at least two annotators; {} given",
                sources.len()
            ));
        }
        let report = agreement(&[DocumentWork {
            title: doc.title.clone(),
            works,
        }])
        .map_err(|e| e.to_string())?;
        let items = items(&report, 0);
        Ok(Adjudication {
            doc,
            sources,
            report,
            items,
        })
    }
}

/// One thing to settle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A sentence labelled differently: each annotator's label (`None`:
    /// not reached).
    Sentence {
        sentence: SentenceId,
        labels: Vec<Option<Label>>,
    },
    /// A span some have and others lack.
    Span { span: Span, who: Vec<Presence> },
}

impl Item {
    pub fn sentence(&self) -> SentenceId {
        match self {
            Item::Sentence { sentence, .. } => *sentence,
            Item::Span { span, .. } => span.sentence,
        }
    }

    /// What annotator `a` chose here, in words ("Claim", "no tag", "has
    /// it", "lacks it", "not reached").
    pub fn choice(&self, a: usize) -> &'static str {
        match self {
            Item::Sentence { labels, .. } => match labels.get(a).copied().flatten() {
                None => "not reached",
                Some(Label::None) => "no tag",
                Some(Label::Tag(t)) => t.label(),
            },
            Item::Span { who, .. } => match who.get(a) {
                Some(Presence::Has) => "has it",
                Some(Presence::Overlapping) => "a similar span",
                Some(Presence::Lacks) => "lacks it",
                Some(Presence::NotReached) | None => "not reached",
            },
        }
    }
}

/// The items of document `document` of `report`, in document order
/// (sentence before its spans).
pub fn items(report: &Report, document: usize) -> Vec<Item> {
    let mut out: Vec<(SentenceId, usize, usize, Item)> = Vec::new();
    for d in report
        .sentence_disagreements
        .iter()
        .filter(|d| d.document == document)
    {
        out.push((
            d.sentence,
            0,
            0,
            Item::Sentence {
                sentence: d.sentence,
                labels: d.labels.clone(),
            },
        ));
    }
    for d in report
        .span_disagreements
        .iter()
        .filter(|d| d.document == document)
    {
        out.push((
            d.span.sentence,
            1,
            d.span.start,
            Item::Span {
                span: d.span,
                who: d.who.clone(),
            },
        ));
    }
    crate::sort::sort_by_key(&mut out, |(s, k, start, _)| (*s, *k, *start));
    out.into_iter().map(|(_, _, _, i)| i).collect()
}

fn sentence_annotation(session: &Session, s: SentenceId) -> Option<&Annotation> {
    session
        .annotations_in_order()
        .find(|a| a.target.sentence == s && session.is_sentence_level(a))
}

fn exact_span<'a>(session: &'a Session, span: &Span) -> Option<&'a Annotation> {
    session.annotations_in_order().find(|a| {
        !session.is_sentence_level(a)
            && a.tag == span.tag
            && a.target.sentence == span.sentence
            && a.target.start == span.start
            && a.target.end == span.end
    })
}

/// A copy for the gold: a fresh id, the time of taking, the same
/// attributes but for a link (it named a claim of the other work).
fn copy(a: &Annotation, id: AnnotationId, now: Timestamp) -> Annotation {
    let mut c = a.clone();
    c.id = id;
    c.created = now;
    c.updated = now;
    c.attrs.denies = None;
    c
}

/// The step that makes `gold` hold what annotator `a`, `name`, whose work
/// is `from`, chose on `item`; None when the gold holds it already or they
/// did not reach it.
pub fn take(
    item: &Item,
    a: usize,
    name: &str,
    from: &Session,
    gold: &Session,
    now: Timestamp,
    new_id: &mut dyn FnMut() -> AnnotationId,
) -> Option<Action> {
    match item {
        Item::Sentence { sentence, labels } => {
            labels.get(a).copied().flatten()?;
            let theirs = sentence_annotation(from, *sentence);
            let mine = sentence_annotation(gold, *sentence);
            if theirs.map(|a| a.tag) == mine.map(|a| a.tag) {
                return None;
            }
            let n = sentence.number();
            let label = match theirs {
                Some(a) => format!("Took {name}'s {} on sentence {n}", a.tag.label()),
                None => format!("Took {name}'s choice: no tag on sentence {n}"),
            };
            Some(Action::Settle {
                remove: mine.map(|a| a.id).into_iter().collect(),
                add: theirs.map(|a| copy(a, new_id(), now)).into_iter().collect(),
                label,
            })
        }
        Item::Span { span, who } => {
            let mine = exact_span(gold, span);
            let has = exact_span(from, span);
            let n = span.sentence.number();
            match (has, mine) {
                (Some(a), None) => Some(Action::Settle {
                    remove: Vec::new(),
                    add: vec![copy(a, new_id(), now)],
                    label: format!("Took {name}'s {} span in sentence {n}", a.tag.label()),
                }),
                (None, Some(m)) => {
                    let reached = who.get(a).is_some_and(|p| *p != Presence::NotReached);
                    reached.then(|| Action::Settle {
                        remove: vec![m.id],
                        add: Vec::new(),
                        label: format!(
                            "Took {name}'s choice: no {} span there in sentence {n}",
                            m.tag.label()
                        ),
                    })
                }
                _ => None,
            }
        }
    }
}

/// The step that adds to `gold` every sentence tag and exact span that all
/// of `works` who reached the sentence agree on (at least two of them),
/// where the gold has nothing yet: sentences the gold already tagged are
/// left as they are. None when there is nothing to add. `works`: each
/// annotator's session and the last sentence they reached (None: all).
pub fn agreed(
    works: &[(&Session, Option<SentenceId>)],
    gold: &Session,
    now: Timestamp,
    new_id: &mut dyn FnMut() -> AnnotationId,
) -> Option<(Action, usize)> {
    let reached = |r: Option<SentenceId>, s: SentenceId| r.is_none_or(|r| s <= r);
    let mut add = Vec::new();
    for s in &gold.doc.sentences {
        let present: Vec<&Session> = works
            .iter()
            .filter(|(w, r)| {
                reached(*r, s.id) || w.annotations_in_order().any(|a| a.target.sentence == s.id)
            })
            .map(|(w, _)| *w)
            .collect();
        if present.len() < 2 {
            continue;
        }
        // The sentence tag.
        let tags: Vec<Option<&Annotation>> = present
            .iter()
            .map(|w| sentence_annotation(w, s.id))
            .collect();
        if let Some(Some(first)) = tags.first() {
            let all = tags.iter().all(|t| t.map(|a| a.tag) == Some(first.tag));
            if all && sentence_annotation(gold, s.id).is_none() {
                add.push(copy(first, new_id(), now));
            }
        }
        // Spans everyone has exactly.
        let first = present[0];
        for a in first
            .annotations_in_order()
            .filter(|a| a.target.sentence == s.id && !first.is_sentence_level(a))
        {
            let span = Span {
                sentence: s.id,
                tag: a.tag,
                start: a.target.start,
                end: a.target.end,
            };
            if present[1..].iter().all(|w| exact_span(w, &span).is_some())
                && exact_span(gold, &span).is_none()
            {
                add.push(copy(a, new_id(), now));
            }
        }
    }
    if add.is_empty() {
        return None;
    }
    let n = add.len();
    let label = format!(
        "Accepted {n} agreed annotation{}",
        if n == 1 { "" } else { "s" }
    );
    Some((
        Action::Settle {
            remove: Vec::new(),
            add,
            label,
        },
        n,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::{agreement, DocumentWork, Work};
    use crate::article::parse_article;
    use crate::state::Env;
    use crate::Tag;
    use std::rc::Rc;

    const TEXT: &str = "Title\n\nOne is here. Two is there. Three is last.\n\nFour, five six.";

    /// Fresh ids, distinct across the whole test.
    fn ids() -> impl FnMut() -> AnnotationId {
        thread_local!(static N: std::cell::Cell<u8> = const { std::cell::Cell::new(0) });
        || {
            let n = N.with(|c| {
                c.set(c.get().wrapping_add(1));
                c.get()
            });
            AnnotationId::from_random_bytes([n; 16])
        }
    }

    fn apply(s: &mut Session, action: Action) {
        let mut new_id = ids();
        let mut env = Env {
            now: Timestamp(5),
            new_id: &mut new_id,
        };
        s.apply(action, &mut env);
    }

    fn tag(s: &mut Session, n: u32, t: Tag) {
        apply(
            s,
            Action::Select {
                sentence: SentenceId(n),
                extend: false,
            },
        );
        apply(s, Action::Toggle(t));
    }

    /// A span on the first word of sentence `n`.
    fn span(s: &mut Session, n: u32, t: Tag) {
        let sent = s.doc.sentences[n as usize].clone();
        let end = sent.start + 3;
        apply(
            s,
            Action::SelectSpan {
                sentence: SentenceId(n),
                start: sent.start,
                end,
            },
        );
        apply(s, Action::Toggle(t));
    }

    fn tags(s: &Session) -> Vec<Option<Tag>> {
        (0..s.doc.sentences.len())
            .map(|i| s.sentence_tag(SentenceId(i as u32)))
            .collect()
    }

    #[test]
    fn items_take_and_agreed_make_a_gold_version() {
        let doc = Rc::new(parse_article(TEXT));
        let mut ana = Session::new(doc.clone());
        let mut ben = Session::new(doc.clone());
        let mut cora = Session::new(doc.clone());
        for s in [&mut ana, &mut ben, &mut cora] {
            tag(s, 0, Tag::Claim);
        }
        tag(&mut ana, 1, Tag::Quote);
        tag(&mut ben, 1, Tag::Denial);
        span(&mut ana, 2, Tag::Claim);
        span(&mut cora, 2, Tag::Claim);
        span(&mut ben, 3, Tag::Quote);
        span(&mut cora, 3, Tag::Quote);
        span(&mut ana, 3, Tag::Quote);
        // ana's quote carries a speaker, which the gold keeps.
        let qid = ana
            .annotations_in_order()
            .find(|a| a.target.sentence == SentenceId(1))
            .map(|a| a.id)
            .expect("ana's quote");
        let mut attrs = ana.annotation(qid).expect("it").attrs.clone();
        attrs.speaker = "the mayor".into();
        apply(&mut ana, Action::Edit { id: qid, attrs });

        let works: Vec<Work> = [("ana", &ana), ("ben", &ben), ("cora", &cora)]
            .iter()
            .map(|(n, s)| Work::from_session(*n, s, None))
            .collect();
        let report = agreement(&[DocumentWork {
            title: "t".into(),
            works,
        }])
        .expect("a report");
        let items = items(&report, 0);
        assert_eq!(
            items
                .iter()
                .map(|i| i.sentence().index())
                .collect::<Vec<_>>(),
            vec![1, 2],
            "{items:?}"
        );
        let Item::Sentence { .. } = &items[0] else {
            panic!("the sentence first")
        };
        assert_eq!(items[0].choice(0), "Quote");
        assert_eq!(items[0].choice(2), "no tag");
        assert_eq!(items[1].choice(1), "lacks it");

        let mut gold = Session::new(doc.clone());
        let mut new_id = ids();
        // Everyone agreed on sentence 1's claim and sentence 4's span.
        let (step, n) = agreed(
            &[(&ana, None), (&ben, None), (&cora, None)],
            &gold,
            Timestamp(9),
            &mut new_id,
        )
        .expect("something agreed");
        assert_eq!(n, 2);
        apply(&mut gold, step);
        assert_eq!(tags(&gold), vec![Some(Tag::Claim), None, None, None]);
        assert_eq!(gold.annotations().len(), 2);
        // Nothing more the second time.
        assert!(agreed(
            &[(&ana, None), (&ben, None), (&cora, None)],
            &gold,
            Timestamp(9),
            &mut new_id
        )
        .is_none());

        // Sentence 2: ben's denial, then ana's quote (with its speaker),
        // then cora's "no tag".
        let t =
            |a: usize, from: &Session, gold: &Session, new_id: &mut dyn FnMut() -> AnnotationId| {
                take(
                    &items[0],
                    a,
                    ["ana", "ben", "cora"][a],
                    from,
                    gold,
                    Timestamp(9),
                    new_id,
                )
            };
        let step = t(1, &ben, &gold, &mut new_id).expect("a step");
        apply(&mut gold, step);
        assert_eq!(tags(&gold)[1], Some(Tag::Denial));
        let step = t(0, &ana, &gold, &mut new_id).expect("a step");
        apply(&mut gold, step);
        assert_eq!(tags(&gold)[1], Some(Tag::Quote));
        let q = gold
            .annotations_in_order()
            .find(|a| a.target.sentence == SentenceId(1))
            .expect("the quote");
        assert_eq!(q.attrs.speaker, "the mayor");
        assert_ne!(q.id, qid, "a fresh id in the gold");
        assert!(t(0, &ana, &gold, &mut new_id).is_none(), "already held");
        let step = t(2, &cora, &gold, &mut new_id).expect("a step");
        apply(&mut gold, step);
        assert_eq!(tags(&gold)[1], None);
        // Sentence 3's span: ana has it, ben lacks it.
        let step =
            take(&items[1], 0, "ana", &ana, &gold, Timestamp(9), &mut new_id).expect("a step");
        apply(&mut gold, step);
        assert_eq!(gold.annotations().len(), 3);
        let step =
            take(&items[1], 1, "ben", &ben, &gold, Timestamp(9), &mut new_id).expect("a step");
        apply(&mut gold, step);
        assert_eq!(gold.annotations().len(), 2);
        // Each step undoes as one.
        apply(&mut gold, Action::Undo);
        assert_eq!(gold.annotations().len(), 3);
        for _ in 0..5 {
            apply(&mut gold, Action::Undo);
        }
        assert!(
            gold.annotations().is_empty(),
            "the bulk acceptance undone in one step"
        );
    }

    /// `who`'s work on `s` as a Glossa JSON file; `named`: the file says
    /// whose it is.
    fn file_of(s: &Session, who: &str, named: bool) -> String {
        let mut f = format::export(s, Timestamp(1), "0.1.0");
        f.annotator = named.then(|| who.to_string());
        format::to_json(&f)
    }

    #[test]
    fn files_of_two_documents_are_grouped_and_an_unknown_one_left_out() {
        let budget = Rc::new(parse_article(TEXT));
        let port = Rc::new(parse_article(
            "Port\n\nShips came. Ships left. Nobody knew.",
        ));
        let elsewhere = Rc::new(parse_article("Elsewhere\n\nIt rained."));
        let mut ana_b = Session::new(budget.clone());
        let mut ben_b = Session::new(budget.clone());
        tag(&mut ana_b, 0, Tag::Claim);
        tag(&mut ben_b, 0, Tag::Quote);
        let mut ana_p = Session::new(port.clone());
        let mut ben_p = Session::new(port.clone());
        tag(&mut ana_p, 1, Tag::Denial);
        tag(&mut ben_p, 1, Tag::Denial);
        tag(&mut ben_p, 2, Tag::Claim);
        // Files in no particular order; ben's name comes from the file's
        // name on the port, from the annotator field elsewhere.
        let files: Vec<(String, String)> = vec![
            ("port.ana.glossa.json".into(), file_of(&ana_p, "ana", true)),
            (
                "budget.ana.glossa.json".into(),
                file_of(&ana_b, "ana", true),
            ),
            (
                "stray.glossa.json".into(),
                file_of(&Session::new(elsewhere), "cy", true),
            ),
            (
                "budget.ben.glossa.json".into(),
                file_of(&ben_b, "ben", true),
            ),
            ("ben.glossa.json".into(), file_of(&ben_p, "ben", false)),
        ];
        let docs = [budget.clone(), port.clone()];
        let grouped = group_files(&docs, &files).expect("grouped");
        let by_doc: Vec<(String, Vec<String>)> = grouped
            .work
            .iter()
            .map(|(d, f)| (d.title.clone(), f.iter().map(|(n, _)| n.clone()).collect()))
            .collect();
        assert_eq!(
            by_doc,
            vec![
                (
                    "Title".to_string(),
                    vec!["budget.ana".to_string(), "budget.ben".to_string()]
                ),
                (
                    "Port".to_string(),
                    vec!["port.ana".to_string(), "ben".to_string()]
                ),
            ]
        );
        assert_eq!(grouped.left_out, vec!["stray.glossa.json".to_string()]);

        // The project's report is the core's over the two documents' work.
        let project = ProjectAgreement::from_files(&docs, &files).expect("a project");
        assert_eq!(project.left_out, vec!["stray.glossa.json".to_string()]);
        assert_eq!(
            project
                .docs
                .iter()
                .map(|d| d.title.as_str())
                .collect::<Vec<_>>(),
            vec!["Title", "Port"]
        );
        let expected = agreement(&[
            DocumentWork {
                title: "Title".into(),
                works: vec![
                    Work::from_session("ana", &ana_b, None),
                    Work::from_session("ben", &ben_b, None),
                ],
            },
            DocumentWork {
                title: "Port".into(),
                works: vec![
                    Work::from_session("ana", &ana_p, None),
                    Work::from_session("ben", &ben_p, None),
                ],
            },
        ])
        .expect("a report");
        let names: Vec<&str> = project
            .report
            .annotators
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, vec!["ana", "ben"]);
        assert_eq!(
            project.report.sentences.overall.alpha.value,
            expected.sentences.overall.alpha.value
        );
        // Sentence 1 of the first document and sentence 3 of the second.
        let at: Vec<(usize, usize)> = project
            .report
            .sentence_disagreements
            .iter()
            .map(|d| (d.document, d.sentence.index()))
            .collect();
        assert_eq!(at, vec![(0, 0), (1, 2)]);

        // Nothing of the library: refused; an unreadable file: named.
        let only_stray = &files[2..3];
        assert!(ProjectAgreement::from_files(&docs, only_stray).is_err());
        let bad = vec![("x.glossa.json".to_string(), "{".to_string())];
        let why = group_files(&docs, &bad).expect_err("unreadable");
        assert!(why.contains("x.glossa.json"), "{why}");
    }

    #[test]
    fn settling_keeps_one_sentence_tag_and_drops_what_does_not_fit() {
        let doc = Rc::new(parse_article(TEXT));
        let mut gold = Session::new(doc.clone());
        tag(&mut gold, 0, Tag::Claim);
        let mut other = Session::new(doc.clone());
        tag(&mut other, 0, Tag::Quote);
        let theirs = other.annotations()[0].clone();
        let mut a = theirs.clone();
        a.id = AnnotationId::from_random_bytes([77; 16]);
        // Adding a second sentence tag without removing the first: left out.
        apply(
            &mut gold,
            Action::Settle {
                remove: vec![],
                add: vec![a.clone()],
                label: "x".into(),
            },
        );
        assert_eq!(tags(&gold)[0], Some(Tag::Claim));
        // A range outside its sentence: left out.
        let mut bad = a.clone();
        bad.target.end = doc.text.chars().count() + 5;
        let mine = gold.annotations()[0].id;
        apply(
            &mut gold,
            Action::Settle {
                remove: vec![mine],
                add: vec![bad],
                label: "x".into(),
            },
        );
        assert_eq!(tags(&gold)[0], None);
    }
}
