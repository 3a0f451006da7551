//! The reducer, natively: no browser, a fixed clock and counted ids.

use super::*;
use glossa_core::interop::Imported;
use glossa_core::save::Problem;
use glossa_core::{parse_article, Tag};
use std::cell::Cell;

thread_local! {
    static NEXT_ID: Cell<u8> = const { Cell::new(0) };
}

fn fixed_now() -> Timestamp {
    Timestamp::from_millis(1_760_000_000_000)
}

fn counted_id() -> AnnotationId {
    NEXT_ID.with(|n| {
        n.set(n.get().wrapping_add(1));
        AnnotationId::from_random_bytes([n.get(); 16])
    })
}

const SOURCES: Sources = Sources {
    now: fixed_now,
    new_id: counted_id,
};

const ARTICLE: &str = "A title\n\nThe minister said the plan works. \"It is false,\" the union said. Nobody denied it.\n\nA second paragraph follows here.";

fn start() -> Rc<State> {
    Rc::new(State::new(Rc::new(parse_article(ARTICLE)), SOURCES))
}

/// The state once its saved work (none) was read.
fn ready() -> Rc<State> {
    let s = start();
    let session = Rc::new(RefCell::new(Session::new(s.doc())));
    s.reduce(Msg::WorkLoaded {
        session,
        note: None,
    })
}

fn select(s: Rc<State>, n: u32) -> Rc<State> {
    s.reduce(Msg::Core(Action::Select {
        sentence: SentenceId(n),
        extend: false,
    }))
}

#[test]
fn edits_wait_until_the_saved_work_is_read() {
    let s = select(start(), 0).reduce(Msg::Core(Action::Toggle(Tag::Claim)));
    assert_eq!(s.session.borrow().count(Tag::Claim), 0);
    assert_eq!(s.dirty, 0);
    assert_eq!(s.message.as_deref(), Some("Loading saved work…"));
    assert_eq!(s.save, Status::Loading);
}

#[test]
fn a_tag_bumps_dirty_and_the_session_counts_the_change() {
    let s = select(ready(), 1);
    assert!(s.ready);
    let dirty = s.dirty;
    let s = s.reduce(Msg::Core(Action::Toggle(Tag::Quote)));
    assert_eq!(s.dirty, dirty + 1);
    assert_eq!(s.session.borrow().count(Tag::Quote), 1);
    assert_eq!(s.session.borrow().changes(), 1);
    // A move is visible but saves nothing.
    let rev = s.rev;
    let s = s.reduce(Msg::Core(Action::Move {
        by: 1,
        extend: false,
    }));
    assert_eq!(s.dirty, dirty + 1);
    assert!(s.rev > rev);
}

#[test]
fn work_read_for_another_document_is_not_shown() {
    let s = ready();
    let other = Rc::new(parse_article("Other\n\nSomething else entirely."));
    let stale = Rc::new(RefCell::new(Session::new(other.clone())));
    let s = s.reduce(Msg::Opened(other.clone()));
    assert!(!s.ready);
    assert_eq!(s.save, Status::Loading);
    let before = Rc::new(RefCell::new(Session::new(Rc::new(parse_article(ARTICLE)))));
    // Work read for the document left behind arrives late: ignored.
    let s = s.reduce(Msg::WorkLoaded {
        session: before,
        note: None,
    });
    assert!(!s.ready);
    assert!(Rc::ptr_eq(&s.doc(), &other));
    let s = s.reduce(Msg::WorkLoaded {
        session: stale.clone(),
        note: Some("kept aside".into()),
    });
    assert!(s.ready);
    assert!(Rc::ptr_eq(&s.session, &stale));
    assert_eq!(s.banner.as_deref(), Some("kept aside"));
}

#[test]
fn an_import_read_for_another_document_is_refused() {
    let s = ready();
    let other = Rc::new(parse_article("Other\n\nSomething else entirely."));
    let imported = Rc::new(Imported::default());
    let s = s.reduce(Msg::ImportReady("a.json".into(), imported.clone(), other));
    assert!(s.pending_import.is_none());
    assert!(s
        .banner
        .as_deref()
        .is_some_and(|b| b.contains("nothing was imported")));
    let doc = s.doc();
    let s = s.reduce(Msg::ImportReady("a.json".into(), imported, doc));
    assert_eq!(s.dialog, Some(Dialog::Import));
}

#[test]
fn hidden_suggestions_are_not_accepted_by_key() {
    let s = select(ready(), 0).reduce(Msg::ToggleSuggestions);
    assert!(!s.show_suggestions);
    let dirty = s.dirty;
    let s = s
        .reduce(Msg::Core(Action::Accept))
        .reduce(Msg::AcceptAllLikeThis);
    assert_eq!(s.dirty, dirty);
    assert_eq!(
        s.message.as_deref(),
        Some("Suggestions are hidden: show them first.")
    );
}

#[test]
fn accept_all_like_this_takes_the_focused_suggestions_tag() {
    let s = ready();
    let open = s
        .session
        .borrow()
        .open_suggestions()
        .next()
        .map(|(id, p)| (id, p.tag));
    let Some((sid, tag)) = open else {
        panic!("the test article has no suggestion: {ARTICLE}");
    };
    let n = s.session.borrow().open_suggestion_counts()[tag.index()];
    let s = select(s, sid.0).reduce(Msg::AcceptAllLikeThis);
    assert_eq!(s.session.borrow().count(tag), n);
    assert_eq!(s.session.borrow().open_suggestion_counts()[tag.index()], 0);
}

#[test]
fn the_save_status_is_what_saving_said() {
    let s = ready();
    let rev = s.rev;
    let s = s.reduce(Msg::SaveStatus(Status::Saved));
    assert_eq!(s.rev, rev + 1);
    // The same status again renders nothing.
    let again = s.clone().reduce(Msg::SaveStatus(Status::Saved));
    assert!(Rc::ptr_eq(&s, &again));
    let s = s.reduce(Msg::SaveStatus(Status::NotSaved(Problem::Failed(
        "full".into(),
    ))));
    assert_eq!(s.save.problem(), Some(&Problem::Failed("full".into())));
}

#[test]
fn a_failed_open_is_said_inside_the_open_dialog_else_in_the_banner() {
    let s = ready().reduce(Msg::OpenLibrary);
    let s = s.reduce(Msg::OpenFailed("too big".into()));
    assert_eq!(s.open_error.as_deref(), Some("too big"));
    assert!(s.banner.is_none());
    let s = s
        .reduce(Msg::CloseDialog)
        .reduce(Msg::OpenFailed("binary".into()));
    assert_eq!(s.banner.as_deref(), Some("binary"));
}

#[test]
fn saved_work_read_keeps_the_proposals_already_made() {
    let s = start();
    let before: Vec<(SentenceId, Proposal)> = s
        .session
        .borrow()
        .proposals()
        .map(|(id, p)| (id, p.clone()))
        .collect();
    assert!(!before.is_empty(), "the test article gets suggestions");
    let read = Rc::new(RefCell::new(Session::new(s.doc())));
    let s = s.reduce(Msg::WorkLoaded {
        session: read,
        note: None,
    });
    let after: Vec<(SentenceId, Proposal)> = s
        .session
        .borrow()
        .proposals()
        .map(|(id, p)| (id, p.clone()))
        .collect();
    assert_eq!(after, before);
}

/// Reported speech the rules suggest as quotes; a person who judges such
/// sentences to be claims tags a few of them so.
const REPORTED: &str = "Port news\n\nThe mayor said that the port would reopen in May. \
The union said that wages had fallen by a tenth. The operator said that ships would return soon. \
The minister said that the budget covered the repairs. The council said that the roads were safe. \
The agency said that exports had doubled. The company said that profits had risen.\n";

#[test]
fn the_suggester_learns_from_the_persons_tags_and_forgets_on_request() {
    let s = Rc::new(State::new(Rc::new(parse_article(REPORTED)), SOURCES));
    let session = Rc::new(RefCell::new(Session::new(s.doc())));
    let mut s = s.reduce(Msg::WorkLoaded {
        session,
        note: None,
    });
    let before: Vec<(SentenceId, Tag)> = s
        .session
        .borrow()
        .open_suggestions()
        .map(|(id, p)| (id, p.tag))
        .collect();
    assert!(
        before.iter().filter(|(_, t)| *t == Tag::Quote).count() >= 5,
        "the rules take reported speech for quotes: {before:?}"
    );
    // The person tags the first three as claims.
    for n in 0..3 {
        s = select(s, n).reduce(Msg::Core(Action::Toggle(Tag::Claim)));
    }
    assert!(s.learned > 0, "the tags were learned from");
    assert_eq!(s.learner.decisions(), 3);
    let after: Vec<(SentenceId, Tag, String)> = s
        .session
        .borrow()
        .open_suggestions()
        .map(|(id, p)| (id, p.tag, p.reason.clone()))
        .collect();
    assert!(!after.is_empty());
    assert!(
        after.iter().all(|(_, t, _)| *t == Tag::Claim),
        "the rest is now suggested as the person tags it: {after:?}"
    );
    assert!(
        after.iter().all(|(_, _, why)| why.contains("learned from")),
        "each reason says what it learned from: {after:?}"
    );
    // Forgotten: the rules' answers again.
    let s = s.reduce(Msg::ResetLearner);
    assert_eq!(s.learner.decisions(), 0);
    let reset: Vec<(SentenceId, Tag)> = s
        .session
        .borrow()
        .open_suggestions()
        .map(|(id, p)| (id, p.tag))
        .collect();
    let rest: Vec<(SentenceId, Tag)> = before.into_iter().filter(|(id, _)| id.0 >= 3).collect();
    assert_eq!(reset, rest);
}

#[test]
fn on_a_long_document_what_was_learned_reaches_the_suggestions_at_a_pause() {
    // Over SUGGEST_AT_ONCE sentences: the same reported speech, again and again.
    let mut text = String::from("Port news\n\n");
    let body = REPORTED.split("\n\n").nth(1).unwrap_or_default().trim();
    while text.matches(". ").count() < crate::state::SUGGEST_AT_ONCE + 100 {
        text.push_str(body);
        text.push_str("\n\n");
    }
    let doc = Rc::new(parse_article(&text));
    assert!(
        crate::state::suggest_later(&doc),
        "{} sentences",
        doc.sentences.len()
    );
    let s = Rc::new(State::new(doc.clone(), SOURCES));
    let rules = Rc::new(glossa_core::suggest::suggest(&doc));
    let s = s.reduce(Msg::Suggested(doc.clone(), rules));
    let session = Rc::new(RefCell::new(Session::new(s.doc())));
    let mut s = s.reduce(Msg::WorkLoaded {
        session,
        note: None,
    });
    let open = |s: &State| -> Vec<(SentenceId, Tag)> {
        s.session
            .borrow()
            .open_suggestions()
            .map(|(id, p)| (id, p.tag))
            .collect()
    };
    let before = open(&s);
    assert!(
        before.iter().filter(|(_, t)| *t == Tag::Quote).count() > 1000,
        "quotes suggested"
    );
    for n in 0..3 {
        s = select(s, n).reduce(Msg::Core(Action::Toggle(Tag::Claim)));
    }
    assert_eq!(s.learner.decisions(), 3, "learned at each key");
    assert!(
        s.stale_proposals,
        "not yet adjusted: a key does not wait for it"
    );
    let untouched: Vec<(SentenceId, Tag)> =
        before.iter().copied().filter(|(id, _)| id.0 >= 3).collect();
    assert_eq!(open(&s), untouched, "the open suggestions as they were");
    // The hook adjusts the rules' answers in slices and sends them; made
    // before the last decision, they are not taken.
    let (rules_doc, rules) = s.rules.clone().expect("the rules' answers");
    let adjusted = Rc::new(s.learner.adjust(&rules_doc, &rules));
    let old = s.clone().reduce(Msg::Reproposed {
        doc: rules_doc.clone(),
        learned: s.learned - 1,
        adjusted: adjusted.clone(),
    });
    assert!(
        old.stale_proposals,
        "answers made before the last decision are not taken"
    );
    let learned = s.learned;
    let s = s.reduce(Msg::Reproposed {
        doc: rules_doc,
        learned,
        adjusted,
    });
    assert!(!s.stale_proposals);
    let after = open(&s);
    assert!(!after.is_empty());
    assert!(
        after.iter().all(|(_, t)| *t == Tag::Claim),
        "after the pause the rest is suggested as the person tags it"
    );
}

#[test]
fn accepting_what_the_rules_say_changes_no_suggestion() {
    let s = Rc::new(State::new(Rc::new(parse_article(REPORTED)), SOURCES));
    let session = Rc::new(RefCell::new(Session::new(s.doc())));
    let s = s.reduce(Msg::WorkLoaded {
        session,
        note: None,
    });
    let open = |s: &State| -> Vec<(SentenceId, Tag, String)> {
        s.session
            .borrow()
            .open_suggestions()
            .filter(|(id, _)| id.0 > 0)
            .map(|(id, p)| (id, p.tag, p.reason.clone()))
            .collect()
    };
    let before = open(&s);
    let s = select(s, 0).reduce(Msg::Core(Action::Accept));
    assert_eq!(s.learner.decisions(), 1);
    assert_eq!(open(&s), before, "the other suggestions are as they were");
}

#[test]
fn l_follows_a_denial_link_both_ways() {
    let mut s = ready();
    s = select(s, 0).reduce(Msg::Core(Action::Toggle(Tag::Claim)));
    s = select(s, 2).reduce(Msg::Core(Action::Toggle(Tag::Denial)));
    let id = |s: &State, n: u32| {
        s.session
            .borrow()
            .sentence_annotation(SentenceId(n))
            .map(|a| a.id)
            .expect("tagged")
    };
    let (claim, denial) = (id(&s, 0), id(&s, 2));
    s = s.reduce(Msg::Core(Action::Edit {
        id: denial,
        attrs: glossa_core::Attrs {
            denies: Some(claim),
            ..Default::default()
        },
    }));
    let focus = |s: &State| s.session.borrow().selection().map(|x| x.focus);
    s = s.reduce(Msg::FollowLink);
    assert_eq!(
        focus(&s),
        Some(SentenceId(0)),
        "from the denial to its claim"
    );
    s = s.reduce(Msg::FollowLink);
    assert_eq!(
        focus(&s),
        Some(SentenceId(2)),
        "from the claim to its denial"
    );
    // Where there is no link, it says so.
    s = select(s, 1).reduce(Msg::FollowLink);
    assert_eq!(focus(&s), Some(SentenceId(1)));
    assert!(s
        .message
        .as_deref()
        .is_some_and(|m| m.contains("No denial link")));
}

#[test]
fn an_undone_reject_brings_back_the_same_suggestion_though_the_rest_learned() {
    let s = Rc::new(State::new(Rc::new(parse_article(REPORTED)), SOURCES));
    let session = Rc::new(RefCell::new(Session::new(s.doc())));
    let mut s = s.reduce(Msg::WorkLoaded {
        session,
        note: None,
    });
    let shown = |s: &State, n: u32| {
        s.session
            .borrow()
            .open_suggestion(SentenceId(n))
            .map(|p| (p.tag, p.reason.clone()))
    };
    let before = shown(&s, 0);
    assert!(before.is_some(), "the rules suggest something for s1");
    for n in 0..3 {
        s = select(s, n).reduce(Msg::Core(Action::Reject));
    }
    assert!(s.learned > 0, "the rejections were learned from");
    assert_eq!(shown(&s, 0), None, "rejected");
    for _ in 0..3 {
        s = s.reduce(Msg::Core(Action::Undo));
    }
    assert_eq!(shown(&s, 0), before, "the very suggestion is back");
}

#[test]
fn going_to_a_disagreement_of_another_document_waits_until_it_is_ready() {
    let other = Rc::new(parse_article(
        "Port\n\nShips came. Ships left. Nobody knew why.",
    ));
    let s = ready().reduce(Msg::GoTo {
        sha: other.text_sha256.clone(),
        sentence: SentenceId(2),
    });
    // Nothing moves here: the other document is not open yet.
    assert_eq!(s.session.borrow().selection(), None);
    let s = s.reduce(Msg::Opened(other.clone()));
    assert_eq!(
        s.session.borrow().selection(),
        None,
        "its work is not read yet"
    );
    let session = Rc::new(RefCell::new(Session::new(other.clone())));
    let s = s.reduce(Msg::WorkLoaded {
        session,
        note: None,
    });
    let sel = s.session.borrow().selection().map(|x| x.focus);
    assert_eq!(sel, Some(SentenceId(2)));
    assert_eq!(s.go_to, None);

    // Another document opened meanwhile: the place is forgotten.
    let first = Rc::new(parse_article(ARTICLE));
    let s = s
        .reduce(Msg::GoTo {
            sha: first.text_sha256.clone(),
            sentence: SentenceId(1),
        })
        .reduce(Msg::Opened(Rc::new(parse_article("Else\n\nIt rained."))));
    assert_eq!(s.go_to, None);

    // On the open document: at once, closing the dialog.
    let s = ready().reduce(Msg::OpenTeam).reduce(Msg::GoTo {
        sha: first.text_sha256.clone(),
        sentence: SentenceId(1),
    });
    assert_eq!(s.dialog, None);
    let sel = s.session.borrow().selection().map(|x| x.focus);
    assert_eq!(sel, Some(SentenceId(1)));
}

/// Team sync's view with `user` signed in (or nobody).
fn signed_in(s: Rc<State>, user: Option<&str>) -> Rc<State> {
    let view = SyncView {
        user: user.map(str::to_string),
        ..SyncView::default()
    };
    s.reduce(Msg::Sync(Rc::new(view)))
}

#[test]
fn exports_name_the_own_name_signed_out_and_the_team_name_signed_in() {
    let s = ready();
    assert_eq!(s.annotator(), None, "nobody named at first");
    // Trimmed as given.
    let s = s.reduce(Msg::SetOwnName("  Ana Lima \n".into()));
    assert_eq!(s.own_name.as_deref(), Some("Ana Lima"));
    assert_eq!(s.annotator().as_deref(), Some("Ana Lima"));
    // Signed in to a team server, the team name wins; the own name stays.
    let s = signed_in(s, Some("ana"));
    assert_eq!(s.annotator().as_deref(), Some("ana"));
    assert_eq!(s.own_name.as_deref(), Some("Ana Lima"));
    // Signed out again: the own name again.
    let s = signed_in(s, None);
    assert_eq!(s.annotator().as_deref(), Some("Ana Lima"));
    // Blank names nobody.
    let s = s.reduce(Msg::SetOwnName("   ".into()));
    assert_eq!(s.own_name, None);
    assert_eq!(s.annotator(), None);
    let s = s.reduce(Msg::SetOwnName(String::new()));
    assert_eq!(s.annotator(), None);
    // Signed in with no own name: the team name.
    assert_eq!(
        signed_in(s, Some("ben")).annotator().as_deref(),
        Some("ben")
    );
}

#[test]
fn the_same_own_name_again_changes_nothing() {
    let s = ready().reduce(Msg::SetOwnName("Ana".into()));
    let rev = s.rev;
    let s = s.reduce(Msg::SetOwnName(" Ana ".into()));
    assert_eq!(s.rev, rev, "no render for a name that did not change");
}
