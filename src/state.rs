//! The app's state and its one reducer. Imports no component, hook or
//! service: what happens in the browser reaches it as a [`Msg`], and what
//! the reducer decides is read back by the views and carried out by hooks.
//!
//! Data flow: a click or key becomes a [`Msg`]; [`State::reduce`] hands core
//! actions to [`Session::apply`] (the one reducer of the core) and bumps
//! `rev` when anything visible changed and `dirty` when saved state changed.
//! Saving watches the session's own change counter, so the reducer tells
//! nobody; it never dispatches and never calls the browser.
//!
//! The session sits in a `RefCell` inside the state so an action does not
//! clone the whole annotation set: the state is rebuilt around the same
//! session with new counters, which is what tells Yew to re-render.
//! View-only state (open dialog, sidebar filter and search) lives beside it.

use glossa_core::agreement::adjudicate::{self, Adjudication, ProjectAgreement};
use glossa_core::couch::status::SyncView;
use glossa_core::interop::Imported;
use glossa_core::save::Status;
use glossa_core::state::Proposal;
use glossa_core::suggest::{Decision, Learner, Suggestion};
use glossa_core::{suggest, Action, AnnotationId, Document, Env, SentenceId, Session, Timestamp};
use std::cell::RefCell;
use std::rc::Rc;
use yew::{AttrValue, Reducible};

pub use glossa_core::listing::Filter;

/// What is open over the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    Help,
    Open,
    Import,
    /// Team sync: sign in, project, documents, the team's progress.
    Team,
    /// Agreement over a whole team project.
    ProjectAgreement,
}

/// A document compared by identity (for memos and effects that run once
/// per document).
#[derive(Clone)]
pub struct SameDoc(pub Rc<Document>);

impl PartialEq for SameDoc {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The suggester's rules' answers for one document, before what was
/// learned from the person adjusts them.
pub type Rules = Rc<Vec<Suggestion>>;

pub enum Msg {
    Core(Action),
    /// Accept every open suggestion with the tag of the focused one.
    AcceptAllLikeThis,
    /// The suggester's proposals for a long document, computed after it was
    /// shown (see [`SUGGEST_AT_ONCE`]); ignored if another document is open.
    Suggested(Rc<Document>, Rules),
    /// What the suggester learned in earlier sessions (read at start).
    LearnerLoaded(Learner),
    /// Forget what the suggester learned from the person.
    ResetLearner,
    /// The person's own name for exports (typed, or read at start):
    /// trimmed; blank names nobody. A signed-in team member's name wins
    /// over it (see [`State::annotator`]).
    SetOwnName(String),
    /// What was learned, applied to the rules' answers for a document (by
    /// `hooks::use_repropose`, in slices, once the person paused): they
    /// become its open suggestions if nothing was learned since (`learned`).
    Reproposed {
        doc: Rc<Document>,
        learned: u64,
        adjusted: Rc<Vec<glossa_core::suggest::Suggestion>>,
    },
    /// Select an annotation and bring its sentence into view.
    Jump(AnnotationId),
    /// Select a sentence and bring it into view.
    JumpTo(SentenceId),
    /// Show the selected annotation's details beside the text and put
    /// the keyboard in them.
    OpenDetails,
    /// Hide the details; the keyboard goes back to the text.
    CloseDetails,
    OpenHelp,
    OpenLibrary,
    CloseDialog,
    /// A document is being read and parsed; show progress.
    Opening(String),
    /// A document is ready: switch to it (its saved work is read next).
    Opened(Rc<Document>),
    /// Opening failed: say why; the current document stays.
    OpenFailed(String),
    /// The error shown in the Open dialog was dismissed.
    DismissOpenError,
    /// Something worth a banner that is not a failure of the work itself.
    Warn(String),
    /// Tell what happened, on screen and to screen readers.
    Announce(String),
    /// The message with this `seq` has been shown long enough, or closed.
    DismissNotice(u64),
    /// Long work under way (`done` of `total`, what), or finished (`None`).
    Progress(Option<Progress>),
    /// Narrow windows: open or close the sidebar's drawer.
    ToggleDrawer,
    /// Go along a denial link of the selected annotation.
    FollowLink,
    /// The library in IndexedDB changed (a document was added or updated).
    LibraryChanged,
    /// A file was read and anchored on this document (it may no longer be
    /// the open one by the time the message arrives): show what it holds
    /// and ask merge or replace.
    ImportReady(AttrValue, Rc<Imported>, Rc<Document>),
    /// Apply the pending import, merging or replacing.
    ApplyImport {
        replace: bool,
    },
    SetFilter(Filter),
    SetQuery(String),
    /// Show or hide the suggestions in the article.
    ToggleSuggestions,
    /// Suggestions drawn in full, or quietly.
    ToggleMarkSuggestions,
    /// The save status, as saving's machine decided it.
    SaveStatus(Status),
    /// The document's saved work was read: show it.
    WorkLoaded {
        session: Rc<RefCell<Session>>,
        note: Option<String>,
    },
    DismissBanner,
    /// What team sync shows changed.
    Sync(Rc<SyncView>),
    OpenTeam,
    /// Several annotators' work on this document, read for agreement and
    /// adjudication (it may be for a document no longer open).
    Compared(Rc<Adjudication>),
    /// Go to another disagreement.
    Adjudicate(Step),
    /// Take annotator N's choice on the current disagreement.
    Take(usize),
    /// Add to the work shown everything the annotators agreed on.
    AcceptAgreed,
    CloseAgreement,
    /// Agreement over the whole project was computed: show it.
    ProjectAgreed(Rc<ProjectAgreement>),
    /// Go to sentence `sentence` of the document whose text has SHA-256
    /// `sha` (a disagreement of the project view): at once if it is open,
    /// else once it is opened and its saved work read.
    GoTo {
        sha: String,
        sentence: SentenceId,
    },
}

/// Where to go among the disagreements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    By(i32),
    At(usize),
}

/// Where the reducer gets the time and fresh ids (the browser in the app,
/// fixed ones in tests): the core never reads a clock itself.
#[derive(Clone, Copy)]
pub struct Sources {
    pub now: fn() -> Timestamp,
    pub new_id: fn() -> AnnotationId,
}

#[derive(Clone)]
pub struct State {
    pub session: Rc<RefCell<Session>>,
    /// Bumps whenever anything visible changes.
    pub rev: u64,
    /// Bumps whenever saved state changes (the work needs saving).
    pub dirty: u64,
    /// Bumps when the focused sentence should get keyboard focus again.
    pub refocus: u64,
    /// The last thing that happened, for the live region.
    pub message: Option<String>,
    /// An outcome worth showing on screen (exports, bulk changes, undo):
    /// the fixed message area at the bottom of the window.
    pub notice: Option<Notice>,
    pub banner: Option<String>,
    /// What saving says (its problem, if any, shows as a banner with choices).
    pub save: Status,
    /// The open document's saved work has been read; edits wait until then.
    pub ready: bool,
    /// The name of what is being opened, while it is.
    pub opening: Option<String>,
    pub dialog: Option<Dialog>,
    /// The details of the selected annotation are shown in the side panel
    /// (docked, not over the text: keys keep working in the text).
    pub details: bool,
    /// Bumps when the details should take the keyboard (Enter).
    pub details_focus: u64,
    /// Why the last opening from the Open dialog failed, shown inside it
    /// (a banner behind the dialog would be out of sight).
    pub open_error: Option<String>,
    pub filter: Filter,
    pub query: String,
    pub show_suggestions: bool,
    /// Suggestions drawn in full (tag colour and a letter badge) rather
    /// than quietly (a thin grey line whose pattern names the tag).
    pub mark_suggestions: bool,
    /// Long work under way (opening many files, exporting the library).
    pub progress: Option<Progress>,
    /// Narrow windows: the sidebar is a drawer, open or not.
    pub drawer: bool,
    /// The rules' suggestions for the document shown (once made).
    pub rules: Option<(Rc<Document>, Rules)>,
    /// What the suggester learned from the person's decisions (the
    /// library's, or the team project's): it adjusts the rules' answers.
    pub learner: Rc<Learner>,
    /// Bumps when `learner` changed, so it is kept.
    pub learned: u64,
    /// The proposals of the sentences the person decided on in this
    /// document, as they were then: what is learned changes the rest of
    /// the document, never these, so an undone accept or reject brings
    /// back the very suggestion it took away.
    pub pinned: Rc<std::collections::BTreeMap<SentenceId, Option<Proposal>>>,
    /// What was learned has not reached the open suggestions yet: on a long
    /// document (see [`suggest_later`]) adjusting every suggestion takes
    /// too long for a key press, so it waits for a pause
    /// ([`Msg::Reproposed`], from `hooks::use_repropose`).
    pub stale_proposals: bool,
    /// An import read and waiting for merge or replace, with its file name.
    pub pending_import: Option<(AttrValue, Rc<Imported>)>,
    /// Bumps when the library changed, so an open list reloads.
    pub library_rev: u32,
    /// Team sync as its service last reported it.
    pub sync: Rc<SyncView>,
    /// The name the person gave for their exports when not signed in to a
    /// team server (trimmed, never blank); kept in local storage by
    /// `hooks::use_own_name`.
    pub own_name: Option<String>,
    /// Agreement and adjudication on the open document: the annotators'
    /// work; the work shown is the gold version being made.
    pub adjudication: Option<Rc<Adjudication>>,
    /// The disagreement being settled (an index into its items).
    pub item: usize,
    /// Agreement over the whole project, while its dialog is open.
    pub project_agreement: Option<Rc<ProjectAgreement>>,
    /// Where to go once the document being opened is ready: its text's
    /// SHA-256 and the sentence.
    pub go_to: Option<(String, SentenceId)>,
    sources: Sources,
}

/// Documents up to this many sentences get their suggestions as they open.
/// Longer ones are shown first and suggested a moment later: the suggester
/// takes about 0.4 s on a 21,000-sentence article, which would otherwise
/// delay the first screen.
pub const SUGGEST_AT_ONCE: usize = 2_000;

/// Whether `doc` is suggested after it is shown rather than as it opens.
pub fn suggest_later(doc: &Document) -> bool {
    doc.sentences.len() > SUGGEST_AT_ONCE
}

/// A new session for `doc` with the suggester's proposals, adjusted by
/// `learner`, and the rules' answers they came from (a long document gets
/// them a moment later: `Msg::Suggested`).
pub fn fresh(doc: Rc<Document>, learner: &Learner) -> (Session, Option<(Rc<Document>, Rules)>) {
    let mut session = Session::new(doc.clone());
    if suggest_later(&doc) {
        return (session, None);
    }
    let rules: Rules = Rc::new(suggest::suggest(&doc));
    session.set_proposals(suggest::as_proposals(learner.adjust(&doc, &rules)));
    (session, Some((doc, rules)))
}

impl State {
    /// The state for `doc` before its saved work is read.
    pub fn new(doc: Rc<Document>, sources: Sources) -> State {
        let learner = Rc::new(Learner::new());
        let (session, rules) = fresh(doc, &learner);
        State {
            session: Rc::new(RefCell::new(session)),
            rules,
            learner,
            learned: 0,
            pinned: Rc::default(),
            stale_proposals: false,
            rev: 0,
            dirty: 0,
            refocus: 0,
            message: None,
            notice: None,
            banner: None,
            save: Status::Loading,
            ready: false,
            opening: None,
            dialog: None,
            details: false,
            details_focus: 0,
            open_error: None,
            filter: Filter::All,
            query: String::new(),
            show_suggestions: true,
            mark_suggestions: false,
            progress: None,
            drawer: false,
            pending_import: None,
            library_rev: 0,
            sync: Rc::new(SyncView::default()),
            own_name: None,
            adjudication: None,
            item: 0,
            project_agreement: None,
            go_to: None,
            sources,
        }
    }

    pub fn doc(&self) -> Rc<Document> {
        self.session.borrow().doc.clone()
    }

    /// Who the exports name as the annotator, the one rule for every
    /// export: the signed-in team member, else the name the person gave
    /// for their exports, else nobody.
    pub fn annotator(&self) -> Option<String> {
        self.sync
            .user
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .or(self.own_name.as_deref())
            .map(str::to_string)
    }

    /// What `action` tells the suggester about the person's judgement, read
    /// before it is applied: an accepted or rejected suggestion, or a
    /// sentence tagged by hand.
    fn decisions(&self, action: &Action) -> Vec<(SentenceId, Decision)> {
        let s = self.session.borrow();
        let focus = s.selection().map(|sel| sel.focus);
        let open = |sid: SentenceId| s.open_suggestion(sid).map(|p| p.tag);
        match action {
            Action::Accept => focus
                .and_then(|f| open(f).map(|t| vec![(f, Decision::Accepted(t))]))
                .unwrap_or_default(),
            Action::Reject => focus
                .and_then(|f| open(f).map(|t| vec![(f, Decision::Rejected(t))]))
                .unwrap_or_default(),
            Action::AcceptAll(tag) => s
                .proposals()
                .filter(|(sid, p)| p.tag == *tag && open(*sid).is_some())
                .map(|(sid, _)| (sid, Decision::Accepted(*tag)))
                .collect(),
            // A whole-sentence tag the person gave (not a span, not a
            // removal): what they judged the sentence to be.
            Action::Toggle(tag) => match s.selection() {
                Some(sel) if sel.span.is_none() => {
                    let (a, z) = sel.bounds();
                    (a.0..=z.0)
                        .map(SentenceId)
                        .filter(|sid| s.sentence_tag(*sid) != Some(*tag))
                        .map(|sid| {
                            (
                                sid,
                                Decision::Tagged {
                                    tag: *tag,
                                    speaker: None,
                                },
                            )
                        })
                        .collect()
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// Teaches the suggester `decisions` (already applied); when that
    /// changed what it suggests, the open suggestions are made again.
    fn learn(self: Rc<Self>, decisions: Vec<(SentenceId, Decision)>) -> Rc<Self> {
        let Some((doc, rules)) = self.rules.clone() else {
            return self;
        };
        if decisions.is_empty() || !Rc::ptr_eq(&doc, &self.doc()) {
            return self;
        }
        let mut learner = (*self.learner).clone();
        for (sid, d) in &decisions {
            learner.observe(&doc, &rules, *sid, d);
        }
        if learner == *self.learner {
            return self;
        }
        let mut pinned = (*self.pinned).clone();
        {
            let session = self.session.borrow();
            for (sid, _) in &decisions {
                pinned
                    .entry(*sid)
                    .or_insert_with(|| session.proposal(*sid).cloned());
            }
        }
        let later = suggest_later(&doc);
        self.with(|s| {
            s.learner = Rc::new(learner);
            s.learned += 1;
            s.pinned = Rc::new(pinned);
            if later {
                s.stale_proposals = true;
            } else {
                s.propose();
            }
        })
    }

    /// The open suggestions again: the rules' answers adjusted by what was
    /// learned.
    fn propose(&mut self) {
        self.stale_proposals = false;
        let adjusted = match &self.rules {
            Some((doc, rules)) if Rc::ptr_eq(doc, &self.doc()) => self.learner.adjust(doc, rules),
            _ => return,
        };
        self.set_adjusted(adjusted);
    }

    /// The open suggestions: `adjusted` (the rules' answers for the document
    /// shown, adjusted by what was learned), but the pinned ones as they were.
    fn set_adjusted(&mut self, adjusted: Vec<glossa_core::suggest::Suggestion>) {
        let pinned = &self.pinned;
        let adjusted = suggest::as_proposals(adjusted)
            .into_iter()
            .filter(|(sid, _)| !pinned.contains_key(sid))
            .chain(
                pinned
                    .iter()
                    .filter_map(|(sid, p)| p.clone().map(|p| (*sid, p))),
            );
        self.session.borrow_mut().set_proposals(adjusted);
    }

    /// The next state: same session, `rev` bumped, then `f` applied.
    fn with(&self, f: impl FnOnce(&mut State)) -> Rc<State> {
        let mut next = self.clone();
        next.rev += 1;
        f(&mut next);
        Rc::new(next)
    }

    /// Selects `sentence` and gives it keyboard focus.
    fn reduce_jump(self: Rc<Self>, sentence: SentenceId) -> Rc<Self> {
        self.apply(Action::Select {
            sentence,
            extend: false,
        })
        .with(|s| s.refocus += 1)
    }

    fn say_now(self: Rc<Self>, message: String) -> Rc<Self> {
        self.say(message)
    }

    fn say(&self, message: impl Into<String>) -> Rc<State> {
        let message = message.into();
        self.with(|s| s.message = Some(message))
    }

    /// Says `text` on screen as well as to screen readers; `undo` offers
    /// to take back the change it reports.
    fn show(&self, text: impl Into<String>, undo: bool) -> Rc<State> {
        let text = text.into();
        self.with(|s| s.set_notice(text, undo))
    }

    fn set_notice(&mut self, text: String, undo: bool) {
        let seq = self.notice.as_ref().map_or(0, |n| n.seq) + 1;
        self.message = Some(text.clone());
        self.notice = Some(Notice { text, undo, seq });
    }

    fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        let shown = on_screen(&action);
        let before = self.session.borrow().selection();
        let outcome = {
            let mut new_id = self.sources.new_id;
            let mut env = Env {
                now: (self.sources.now)(),
                new_id: &mut new_id,
            };
            self.session.borrow_mut().apply(action, &mut env)
        };
        let after = self.session.borrow().selection();
        if !outcome.changed && outcome.message.is_none() && before == after {
            return self;
        }
        self.with(|s| {
            if outcome.changed {
                s.dirty += 1;
            }
            match (outcome.message, shown) {
                (Some(text), Some(undo)) => s.set_notice(text, undo && outcome.changed),
                (Some(text), None) => s.message = Some(text),
                (None, _) => {}
            }
            // Undo now takes back the later change, not the one shown.
            if outcome.changed && shown.is_none() {
                if let Some(n) = s.notice.as_mut() {
                    n.undo = false;
                }
            }
        })
    }
}

/// A name for exports as typed: trimmed, and none when blank.
pub fn own_name(typed: &str) -> Option<String> {
    let name = typed.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Whether an action's outcome is shown on screen, not only told to screen
/// readers, and whether it offers Undo: the ones whose effect is out of
/// sight (bulk changes, imports, undo itself). A single tag is seen where
/// it is made and is not repeated.
fn on_screen(action: &Action) -> Option<bool> {
    match action {
        Action::AcceptAll(_) | Action::Import { .. } | Action::Settle { .. } => Some(true),
        Action::Undo | Action::Redo => Some(false),
        _ => None,
    }
}

/// A message in the fixed message area; `seq` tells one from the next so
/// each stays its full time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub what: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub undo: bool,
    pub seq: u64,
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            // A jump from the drawer closes it, so the text is in view.
            Msg::Jump(id) => self.apply(Action::SelectAnnotation(id)).with(|s| {
                s.refocus += 1;
                s.drawer = false;
            }),
            Msg::JumpTo(sentence) => self
                .apply(Action::Select {
                    sentence,
                    extend: false,
                })
                .with(|s| {
                    s.refocus += 1;
                    s.drawer = false;
                }),
            Msg::OpenDetails => {
                let active = self.session.borrow().active_annotation().map(|a| a.id);
                match active {
                    Some(_) => self.with(|s| {
                        s.details = true;
                        s.details_focus += 1;
                    }),
                    None => {
                        self.say("No annotation here: tag the sentence first, then press Enter.")
                    }
                }
            }
            Msg::CloseDetails => self.with(|s| {
                s.details = false;
                s.refocus += 1;
            }),
            Msg::OpenHelp => self.with(|s| s.dialog = Some(Dialog::Help)),
            Msg::OpenTeam => self.with(|s| s.dialog = Some(Dialog::Team)),
            Msg::Compared(adj) => {
                if !Rc::ptr_eq(&adj.doc, &self.doc()) {
                    return self;
                }
                let names = adj
                    .sources
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                let n = adj.items.len();
                let said = format!(
                    "Comparing {names}: {n} disagreement{} to settle. ] and [ move between them; Alt+1… takes an annotator's choice.",
                    if n == 1 { "" } else { "s" }
                );
                let state = self.with(|s| {
                    s.adjudication = Some(adj.clone());
                    s.item = 0;
                    s.dialog = None;
                });
                match adj.items.first() {
                    Some(first) => state.reduce_jump(first.sentence()).say_now(said),
                    None => state.say_now(said),
                }
            }
            Msg::Adjudicate(step) => {
                let Some(adj) = self.adjudication.clone() else {
                    return self;
                };
                if adj.items.is_empty() {
                    return self.say("Nothing to settle: the annotators agree on this document.");
                }
                let last = adj.items.len() - 1;
                let at = match step {
                    Step::By(by) => (self.item as i64 + i64::from(by)).clamp(0, last as i64) as usize,
                    Step::At(i) => i.min(last),
                };
                let sentence = adj.items[at].sentence();
                self.with(|s| s.item = at).reduce_jump(sentence)
            }
            Msg::Take(a) => {
                let Some(adj) = self.adjudication.clone() else {
                    return self;
                };
                let (Some(item), Some(source)) = (adj.items.get(self.item), adj.sources.get(a)) else {
                    return self.say("No such annotator here.");
                };
                let action = {
                    let gold = self.session.borrow();
                    adjudicate::take(
                        item,
                        a,
                        &source.name,
                        &source.session,
                        &gold,
                        (self.sources.now)(),
                        &mut { self.sources.new_id },
                    )
                };
                // Taken, or already so: either way on to the next one.
                let next = (self.item + 1).min(adj.items.len() - 1);
                let sentence = adj.items[next].sentence();
                let already = action.is_none().then(|| {
                    format!(
                        "Already so: your version holds {}'s choice here ({}).",
                        source.name,
                        item.choice(a)
                    )
                });
                let state = match action {
                    Some(action) => self.apply(action),
                    None => self,
                };
                let state = if next == state.item {
                    state
                } else {
                    state.with(|s| s.item = next).reduce_jump(sentence)
                };
                match already {
                    Some(said) => state.say_now(said),
                    None => state,
                }
            }
            Msg::AcceptAgreed => {
                let Some(adj) = self.adjudication.clone() else {
                    return self;
                };
                let step = {
                    let gold = self.session.borrow();
                    let works: Vec<_> = adj.sources.iter().map(|s| (&s.session, s.reached)).collect();
                    adjudicate::agreed(&works, &gold, (self.sources.now)(), &mut { self.sources.new_id })
                };
                match step {
                    Some((action, _)) => self.apply(action),
                    None => self.say("Nothing agreed is missing from the work shown."),
                }
            }
            Msg::ProjectAgreed(agreement) => self.with(|s| {
                s.project_agreement = Some(agreement.clone());
                s.dialog = Some(Dialog::ProjectAgreement);
            }),
            Msg::GoTo { sha, sentence } => {
                let doc = self.doc();
                if sha != doc.text_sha256 {
                    return self.with(|s| s.go_to = Some((sha, sentence)));
                }
                if sentence.index() >= doc.sentences.len() {
                    return self.say("That sentence is not in this document.");
                }
                let state = self.with(|s| s.dialog = None);
                if state.ready {
                    state.reduce_jump(sentence)
                } else {
                    // Its saved work is still being read: go there after.
                    state.with(|s| s.go_to = Some((sha, sentence)))
                }
            }
            Msg::CloseAgreement => self.with(|s| {
                s.adjudication = None;
                s.item = 0;
                s.refocus += 1;
            }),
            Msg::Sync(view) if view == self.sync => self,
            Msg::Sync(view) => self.with(|s| {
                // New project documents reach the library: an open list reloads.
                if view.docs.len() != s.sync.docs.len() {
                    s.library_rev += 1;
                }
                s.sync = view.clone();
            }),
            Msg::OpenLibrary => self.with(|s| {
                s.dialog = Some(Dialog::Open);
                s.open_error = None;
            }),
            Msg::Opening(name) => self.with(|s| {
                s.opening = Some(name.clone());
                s.message = Some(format!("Opening {name}…"));
            }),
            Msg::Opened(doc) => {
                let (session, rules) = fresh(doc.clone(), &self.learner);
                let session = Rc::new(RefCell::new(session));
                self.with(|s| {
                    s.session = session;
                    s.rules = rules;
                    s.pinned = Rc::default();
                    s.ready = false;
                    s.save = Status::Loading;
                    s.banner = None;
                    s.opening = None;
                    s.dialog = None;
                    s.open_error = None;
                    // Anchored on the document being left.
                    s.pending_import = None;
                    s.adjudication = None;
                    s.item = 0;
                    if s.go_to.as_ref().is_some_and(|(sha, _)| *sha != doc.text_sha256) {
                        s.go_to = None;
                    }
                    s.query.clear();
                    s.filter = Filter::All;
                    s.message = Some(format!(
                        "Opened “{}”: {} sentences",
                        doc.title,
                        doc.sentences.len()
                    ));
                })
            }
            Msg::OpenFailed(why) => self.with(|s| {
                s.opening = None;
                if s.dialog == Some(Dialog::Open) {
                    s.open_error = Some(why.clone());
                } else {
                    s.banner = Some(why.clone());
                }
                s.message = Some(why);
            }),
            Msg::DismissOpenError => self.with(|s| s.open_error = None),
            Msg::Warn(why) => self.with(|s| s.banner = Some(why)),
            Msg::Announce(text) => self.show(text, false),
            Msg::Progress(p) => self.with(|s| s.progress = p),
            Msg::ToggleDrawer => self.with(|s| s.drawer = !s.drawer),
            Msg::FollowLink => {
                let to = {
                    let s = self.session.borrow();
                    s.active_annotation()
                        .and_then(|a| glossa_core::listing::links_of(&s, a).first().map(|l| l.to))
                };
                match to {
                    Some(id) => self.reduce(Msg::Jump(id)),
                    None => self.say(
                        "No denial link here: a denial's details (Enter) name the claim it denies.",
                    ),
                }
            }
            Msg::DismissNotice(seq) => match &self.notice {
                Some(n) if n.seq == seq => self.with(|s| s.notice = None),
                _ => self,
            },
            Msg::LibraryChanged => self.with(|s| s.library_rev = s.library_rev.wrapping_add(1)),
            Msg::ImportReady(name, _, doc) if !Rc::ptr_eq(&doc, &self.doc()) => {
                self.with(|s| {
                    s.banner = Some(format!(
                        "“{name}” was read for the document open before; nothing was imported. Import it again here if it belongs to this one."
                    ))
                })
            }
            Msg::ImportReady(name, imported, _) => self.with(|s| {
                s.pending_import = Some((name, imported));
                s.dialog = Some(Dialog::Import);
            }),
            Msg::ApplyImport { replace } => {
                let Some((name, imported)) = self.pending_import.clone() else {
                    return self;
                };
                let placed = imported.placed.iter().map(|(a, _)| a.clone()).collect();
                let orphans = imported.orphans.clone();
                let summary = imported.summary();
                self.apply(Action::Import {
                    placed,
                    orphans,
                    replace,
                })
                .with(|s| {
                    s.pending_import = None;
                    s.dialog = None;
                    s.refocus += 1;
                    s.set_notice(format!("Imported {name}: {summary}."), true);
                })
            }
            Msg::CloseDialog if self.dialog.is_none() => self,
            Msg::CloseDialog => self.with(|s| {
                s.dialog = None;
                s.open_error = None;
                s.pending_import = None;
                s.refocus += 1;
            }),
            Msg::SetFilter(f) => self.with(|s| s.filter = f),
            Msg::SetQuery(q) => self.with(|s| s.query = q),
            Msg::ToggleMarkSuggestions => self.with(|s| {
                s.mark_suggestions = !s.mark_suggestions;
                s.message = Some(
                    if s.mark_suggestions {
                        "Suggestions marked in full"
                    } else {
                        "Suggestions shown quietly"
                    }
                    .into(),
                );
            }),
            Msg::ToggleSuggestions => self.with(|s| {
                s.show_suggestions = !s.show_suggestions;
                s.message = Some(
                    if s.show_suggestions {
                        "Suggestions shown"
                    } else {
                        "Suggestions hidden"
                    }
                    .into(),
                );
            }),
            Msg::SaveStatus(status) if status == self.save => self,
            Msg::SaveStatus(status) => self.with(|s| s.save = status),
            Msg::WorkLoaded { session, note } => {
                if !Rc::ptr_eq(&session.borrow().doc, &self.doc()) {
                    // Read for a document no longer open.
                    return self;
                }
                // The session shown until now was made for this document
                // with the suggester's proposals: take them over instead of
                // running the suggester again.
                let known: Vec<(SentenceId, Proposal)> = self
                    .session
                    .borrow()
                    .proposals()
                    .map(|(s, p)| (s, p.clone()))
                    .collect();
                session.borrow_mut().set_proposals(known);
                let doc = self.doc();
                let go_to = self
                    .go_to
                    .clone()
                    .filter(|(sha, s)| *sha == doc.text_sha256 && s.index() < doc.sentences.len());
                let state = self.with(|s| {
                    s.session = session;
                    s.ready = true;
                    s.go_to = None;
                    if note.is_some() {
                        s.banner = note;
                    }
                });
                match go_to {
                    Some((_, sentence)) => state.reduce_jump(sentence),
                    None => state,
                }
            }
            Msg::DismissBanner => self.with(|s| s.banner = None),
            // Hidden suggestions are not accepted or rejected by key.
            Msg::Core(Action::Accept | Action::Reject | Action::AcceptAll(_))
            | Msg::AcceptAllLikeThis
                if !self.show_suggestions =>
            {
                self.say("Suggestions are hidden: show them first.")
            }
            // Until the saved work is read, an edit would be replaced by it.
            Msg::Core(_) | Msg::AcceptAllLikeThis if !self.ready => {
                self.say("Loading saved work…")
            }
            Msg::Core(action) => {
                let decisions = self.decisions(&action);
                self.apply(action).learn(decisions)
            }
            Msg::AcceptAllLikeThis => {
                let tag = {
                    let s = self.session.borrow();
                    s.selection()
                        .and_then(|sel| s.open_suggestion(sel.focus))
                        .map(|p| p.tag)
                };
                match tag {
                    Some(tag) => {
                        let decisions = self.decisions(&Action::AcceptAll(tag));
                        self.apply(Action::AcceptAll(tag)).learn(decisions)
                    }
                    None => self,
                }
            }
            Msg::Suggested(doc, rules) => {
                if !Rc::ptr_eq(&self.doc(), &doc) {
                    return self;
                }
                self.with(|s| {
                    s.rules = Some((doc, rules));
                    s.propose();
                })
            }
            Msg::LearnerLoaded(learner) if learner == *self.learner => self,
            Msg::LearnerLoaded(learner) => self.with(|s| {
                s.learner = Rc::new(learner);
                s.propose();
            }),
            Msg::Reproposed {
                doc,
                learned,
                adjusted,
            } if self.stale_proposals
                && learned == self.learned
                && Rc::ptr_eq(&doc, &self.doc())
                && self.rules.as_ref().is_some_and(|(d, _)| Rc::ptr_eq(d, &doc)) =>
            {
                self.with(|s| {
                    s.stale_proposals = false;
                    s.set_adjusted((*adjusted).clone());
                })
            }
            // Made before the last decision, or for another document.
            Msg::Reproposed { .. } => self,
            Msg::SetOwnName(name) => {
                let name = own_name(&name);
                if name == self.own_name {
                    return self;
                }
                self.with(|s| s.own_name = name)
            }
            Msg::ResetLearner => self.with(|s| {
                s.learner = Rc::new(Learner::new());
                s.learned += 1;
                s.propose();
                s.message = Some("Suggestions are the rules' again: what they learned from you is forgotten.".into());
            }),
        }
    }
}

#[cfg(test)]
mod tests;
