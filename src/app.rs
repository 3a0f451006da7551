//! The app: state, the reducer hook-up, saving, keys and export.
//!
//! Data flow: a click or key becomes a [`Msg`]; [`State::reduce`] hands core
//! actions to [`Session::apply`] (the one reducer of the core) and bumps
//! `rev` when anything visible changed and `dirty` when saved state changed.
//! The reducer tells [`crate::work`] of each saved-state change at once
//! (IndexedDB, debounced);
//! the views read the session.
//!
//! The session sits in a `RefCell` inside the state so an action does not
//! clone the whole annotation set: the state is rebuilt around the same
//! session with new counters, which is what tells Yew to re-render.
//! View-only state (open dialog, sidebar filter and search) lives beside it.

use crate::components::{
    ArticleView, Banner, Details, ExportMenu, Help, ImportDialog, OpenDialog, Overview, Sidebar,
    Toolbar,
};
use crate::exports::{self, Format};
use crate::keys::{self, Command, Key};
use crate::platform;
use crate::work::{self, Problem, Work};
use glossa_core::interop::Imported;
use glossa_core::state::Proposal;
use glossa_core::suggest;
use glossa_core::{parse_article, Action, AnnotationId, Document, Env, SentenceId, Session, Tag};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The article's raw text.
    #[prop_or(AttrValue::Static(crate::DEFAULT_ARTICLE))]
    pub article: AttrValue,
    /// Prefix of every local storage key; tests use their own.
    #[prop_or(AttrValue::Static("glossa"))]
    pub storage_prefix: AttrValue,
}

impl Default for AppProps {
    fn default() -> Self {
        AppProps {
            article: AttrValue::Static(crate::DEFAULT_ARTICLE),
            storage_prefix: AttrValue::Static("glossa"),
        }
    }
}

/// What is open over the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    Details(AnnotationId),
    Help,
    Open,
    Import,
}

/// Which annotations the sidebar lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    Tag(Tag),
    Suggested,
}

pub enum Msg {
    Core(Action),
    /// The suggester's proposals for a long document, computed after it was
    /// shown (see [`SUGGEST_AT_ONCE`]); ignored if another document is open.
    Suggested(Rc<Document>, Rc<Vec<(SentenceId, Proposal)>>),
    /// Select an annotation and bring its sentence into view.
    Jump(AnnotationId),
    /// Select a sentence and bring it into view.
    JumpTo(SentenceId),
    OpenDetails,
    OpenHelp,
    OpenLibrary,
    CloseDialog,
    /// A document is being read and parsed; show progress.
    Opening(String),
    /// A document is ready: switch to it and its saved work.
    Opened(Rc<Document>),
    /// Opening failed: say why; the current document stays.
    OpenFailed(String),
    /// The error shown in the Open dialog was dismissed.
    DismissOpenError,
    /// Something worth a banner that is not a failure of the work itself.
    Warn(String),
    /// Tell screen readers (and the status line) what happened.
    Announce(String),
    /// The library in IndexedDB changed (a document was added or updated).
    LibraryChanged,
    /// A file was read for import: show what it holds and ask merge or replace.
    /// A file was read and anchored on this document (it may no longer be
    /// the open one by the time the message arrives).
    ImportReady(AttrValue, Rc<Imported>, Rc<Document>),
    /// Apply the pending import, merging or replacing.
    ApplyImport {
        replace: bool,
    },
    SetFilter(Filter),
    SetQuery(String),
    /// Show or hide the suggestions in the article.
    ToggleSuggestions,
    /// Saved work: loaded, saving, saved, failed, conflicts and their choices.
    Work(work::Event),
    DismissBanner,
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
    pub banner: Option<String>,
    pub save: work::View,
    /// A storage problem that offers choices (export, keep mine, take theirs).
    pub problem: Option<Problem>,
    /// The saving side of this tab.
    pub work: Work,
    /// The open document's saved work has been read; edits wait until then.
    pub ready: bool,
    pub prefix: String,
    /// The name of what is being opened, while it is.
    pub opening: Option<String>,
    pub dialog: Option<Dialog>,
    /// Why the last opening from the Open dialog failed, shown inside it
    /// (a banner behind the dialog would be out of sight).
    pub open_error: Option<String>,
    pub filter: Filter,
    pub query: String,
    pub show_suggestions: bool,
    /// An import read and waiting for merge or replace, with its file name.
    pub pending_import: Option<(AttrValue, Rc<Imported>)>,
    /// Bumps when the library changed, so an open list reloads.
    pub library_rev: u32,
    /// The suggester's proposals for a long document, once computed (see
    /// [`SUGGEST_AT_ONCE`]); kept so a session made later (saved work read,
    /// another tab's work taken) gets them too.
    pub suggested: Option<Suggested>,
}

/// A document and the suggester's proposals for it.
pub type Suggested = (Rc<Document>, Rc<Vec<(SentenceId, Proposal)>>);

impl State {
    fn load(props: &AppProps) -> State {
        let doc = Rc::new(parse_article(&props.article));
        let prefix = props.storage_prefix.to_string();
        let session = Rc::new(RefCell::new(work::fresh(doc)));
        State {
            work: work::new(&prefix, session.clone()),
            session,
            rev: 0,
            dirty: 0,
            refocus: 0,
            message: None,
            banner: None,
            save: work::View::Saved,
            problem: None,
            ready: false,
            prefix,
            opening: None,
            dialog: None,
            open_error: None,
            filter: Filter::All,
            query: String::new(),
            show_suggestions: true,
            pending_import: None,
            library_rev: 0,
            suggested: None,
        }
    }

    /// The next state: same session, `rev` bumped, then `f` applied.
    pub(crate) fn with(&self, f: impl FnOnce(&mut State)) -> Rc<State> {
        let mut next = self.clone();
        next.rev += 1;
        f(&mut next);
        Rc::new(next)
    }

    fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        let before = self.session.borrow().selection();
        let outcome = {
            let mut new_id = platform::new_annotation_id;
            let mut env = Env {
                now: platform::now(),
                new_id: &mut new_id,
            };
            self.session.borrow_mut().apply(action, &mut env)
        };
        let after = self.session.borrow().selection();
        if !outcome.changed && outcome.message.is_none() && before == after {
            return self;
        }
        let next = self.with(|s| {
            if outcome.changed {
                s.dirty += 1;
            }
            if outcome.message.is_some() {
                s.message = outcome.message;
            }
        });
        if outcome.changed {
            // Here, not in an effect: Yew may yield to the browser between a
            // render and its effects, and a document switch, an unmount or
            // `pagehide` in that gap would flush without this change.
            work::changed(&next.work, next.dirty);
        }
        next
    }
}

/// Documents up to this many sentences get their suggestions as they open.
/// Longer ones are shown first and suggested a moment later: the suggester
/// takes about 0.4 s on a 21,000-sentence article, which would otherwise
/// delay the first screen.
pub const SUGGEST_AT_ONCE: usize = 2_000;

/// A document compared by identity, for effects that run once per document.
#[derive(Clone)]
struct DocKey(Rc<Document>);

impl PartialEq for DocKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Local storage key remembering the last opened document's fingerprint.
pub fn last_key(prefix: &str) -> String {
    format!("{prefix}:v1:last")
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Jump(id) => self
                .apply(Action::SelectAnnotation(id))
                .with(|s| s.refocus += 1),
            Msg::JumpTo(sentence) => self
                .apply(Action::Select {
                    sentence,
                    extend: false,
                })
                .with(|s| s.refocus += 1),
            Msg::OpenDetails => {
                let active = self.session.borrow().active_annotation().map(|a| a.id);
                match active {
                    Some(id) => self.with(|s| s.dialog = Some(Dialog::Details(id))),
                    None => self.with(|s| {
                        s.message = Some(
                            "No annotation here: tag the sentence first, then press Enter.".into(),
                        )
                    }),
                }
            }
            Msg::OpenHelp => self.with(|s| s.dialog = Some(Dialog::Help)),
            Msg::OpenLibrary => self.with(|s| {
                s.dialog = Some(Dialog::Open);
                s.open_error = None;
            }),
            Msg::Opening(name) => self.with(|s| {
                s.opening = Some(name.clone());
                s.message = Some(format!("Opening {name}…"));
            }),
            Msg::Opened(doc) => {
                platform::mark("session");
                let session = Rc::new(RefCell::new(work::fresh(doc.clone())));
                work::switch(&self.work, session.clone());
                platform::mark("session-ready");
                let _ = platform::storage_set(&last_key(&self.prefix), &doc.text_sha256);
                self.with(|s| {
                    s.session = session;
                    s.ready = false;
                    s.banner = None;
                    s.opening = None;
                    s.dialog = None;
                    s.open_error = None;
                    // Anchored on the document being left.
                    s.pending_import = None;
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
            Msg::Announce(text) => self.with(|s| s.message = Some(text)),
            Msg::LibraryChanged => self.with(|s| s.library_rev = s.library_rev.wrapping_add(1)),
            Msg::ImportReady(name, _, doc) if !Rc::ptr_eq(&doc, &self.session.borrow().doc) => {
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
                    s.message = Some(format!("Imported {name}: {summary}."));
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
            // Hidden suggestions are not accepted or rejected by key.
            Msg::Core(Action::Accept | Action::Reject | Action::AcceptAll(_))
                if !self.show_suggestions =>
            {
                self.with(|s| s.message = Some("Suggestions are hidden: show them first.".into()))
            }
            Msg::Work(event) => work::reduce(self, event),
            Msg::DismissBanner => self.with(|s| {
                s.banner = None;
                if s.problem != Some(Problem::Conflict) {
                    s.problem = None;
                }
            }),
            // Until the saved work is read, an edit would be replaced by it.
            Msg::Core(_) if !self.ready => {
                self.with(|s| s.message = Some("Loading saved work…".into()))
            }
            Msg::Core(action) => self.apply(action),
            Msg::Suggested(doc, proposals) => {
                if !Rc::ptr_eq(&self.session.borrow().doc, &doc) {
                    return self;
                }
                self.session
                    .borrow_mut()
                    .set_proposals(proposals.iter().cloned());
                self.with(|s| s.suggested = Some((doc, proposals)))
            }
        }
    }
}

/// Exports one format and says so (or why not).
fn export(session: &Session, fmt: Format, dispatch: &Callback<Msg>) {
    match exports::export(session, fmt) {
        Ok(names) => dispatch.emit(Msg::Announce(format!("Exported {names}"))),
        Err(e) => dispatch.emit(Msg::Warn(format!(
            "The export did not start: {e}. Your work is unchanged."
        ))),
    }
}

/// Reads an annotation file and places it in the open document.
fn import_file(file: web_sys::File, session: Rc<RefCell<Session>>, dispatch: Callback<Msg>) {
    let name = file.name();
    if file.size() as usize > glossa_core::interop::import::MAX_BYTES {
        let e = glossa_core::interop::ImportError::TooBig {
            bytes: file.size() as usize,
        };
        dispatch.emit(Msg::Warn(format!("“{name}”: {e}")));
        return;
    }
    let blob = gloo::file::Blob::from(web_sys::Blob::from(file));
    yew::platform::spawn_local(async move {
        let text = match gloo::file::futures::read_as_text(&blob).await {
            Ok(text) => text,
            Err(e) => {
                dispatch.emit(Msg::Warn(format!(
                    "“{name}” could not be read ({e}). Nothing was changed."
                )));
                return;
            }
        };
        let doc = session.borrow().doc.clone();
        match glossa_core::interop::read_at(&doc, &text, platform::now()) {
            Ok(imported) => dispatch.emit(Msg::ImportReady(
                AttrValue::from(name),
                Rc::new(imported),
                doc,
            )),
            Err(e) => dispatch.emit(Msg::Warn(format!("“{name}”: {e}"))),
        }
    });
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer({
        let props = props.clone();
        move || State::load(&props)
    });
    let root = use_node_ref();

    // Saved work: read it, save changes a moment after they stop, and at
    // once when the page is hidden or unloaded.
    {
        let work = state.work.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            work::start(&work, Callback::from(move |m| dispatcher.dispatch(m)));
            let listeners = work::flush_on_leave(&work);
            move || {
                drop(listeners);
                // Unmounted: what is pending is written now, not lost.
                work::flush(&work, true);
            }
        });
    }

    // A long document is shown first and suggested a moment later, once the
    // first screen is up.
    {
        let dispatcher = state.dispatcher();
        let doc = state.session.borrow().doc.clone();
        use_effect_with(DocKey(doc), move |DocKey(doc)| {
            let timer = (doc.sentences.len() > SUGGEST_AT_ONCE).then(|| {
                let doc = doc.clone();
                gloo::timers::callback::Timeout::new(250, move || {
                    platform::mark("suggest");
                    let found = Rc::new(suggest::proposals(&doc));
                    platform::mark("suggested");
                    dispatcher.dispatch(Msg::Suggested(doc, found));
                })
            });
            move || drop(timer)
        });
    }

    // The listeners below outlive a render; they read the current session here.
    let current = use_mut_ref(|| state.session.clone());
    *current.borrow_mut() = state.session.clone();

    // Reopen the document that was open last time.
    {
        let dispatcher = state.dispatcher();
        let prefix = state.prefix.clone();
        let sha = state.session.borrow().doc.text_sha256.clone();
        use_effect_with((), move |_| {
            let last = platform::storage_get(&last_key(&prefix)).ok().flatten();
            if let Some(id) = last.filter(|id| *id != sha) {
                let dispatch = Callback::from(move |m| dispatcher.dispatch(m));
                yew::platform::spawn_local(async move {
                    let entry = crate::library::list()
                        .await
                        .ok()
                        .and_then(|l| l.into_iter().find(|e| e.id == id));
                    if let Some(entry) = entry {
                        crate::opening::open_entry(entry, dispatch);
                    }
                });
            }
        });
    }

    // Keys, on the whole window; never while typing in a field or inside a dialog.
    {
        let dispatcher = state.dispatcher();
        let dispatch_cb = {
            let d = state.dispatcher();
            Callback::from(move |m| d.dispatch(m))
        };
        let current = current.clone();
        let root = root.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                // Not passive: handled keys must be able to stop the page scrolling.
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(&w, "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if typing_in_field(e) || in_dialog(e) {
                        return;
                    }
                    let key = e.key();
                    let k = Key {
                        key: &key,
                        shift: e.shift_key(),
                        ctrl: e.ctrl_key(),
                        alt: e.alt_key(),
                        meta: e.meta_key(),
                    };
                    let Some(command) = keys::command_for(k) else {
                        return;
                    };
                    e.prevent_default();
                    match command {
                        Command::Core(action) => dispatcher.dispatch(Msg::Core(action)),
                        Command::AcceptAllLikeThis => {
                            let session = current.borrow().clone();
                            let tag = {
                                let s = session.borrow();
                                s.selection()
                                    .and_then(|sel| s.open_suggestion(sel.focus))
                                    .map(|p| p.tag)
                            };
                            if let Some(tag) = tag {
                                dispatcher.dispatch(Msg::Core(Action::AcceptAll(tag)));
                            }
                        }
                        Command::Export => {
                            export(&current.borrow().borrow(), Format::Glossa, &dispatch_cb)
                        }
                        Command::Details => dispatcher.dispatch(Msg::OpenDetails),
                        Command::Help => dispatcher.dispatch(Msg::OpenHelp),
                        Command::Open => dispatcher.dispatch(Msg::OpenLibrary),
                        Command::Search => focus_in(&root, "input[type=search]"),
                        Command::Escape => dispatcher.dispatch(Msg::Core(Action::CollapseSpan)),
                    }
                })
            });
            move || drop(listener)
        });
    }

    let session = state.session.borrow();
    let doc = session.doc.clone();
    let focus = session.selection().map(|s| s.focus);

    // Keyboard focus follows the selection's focus (and returns after dialogs).
    {
        let root = root.clone();
        let dialog_open = state.dialog.is_some();
        use_effect_with(
            (focus, state.refocus, dialog_open),
            move |(focus, _, open)| {
                if let (Some(id), Some(root), false) =
                    (focus, root.cast::<web_sys::Element>(), open)
                {
                    focus_sentence(&root, *id);
                }
            },
        );
    }

    let dispatch = {
        let dispatcher = state.dispatcher();
        Callback::from(move |msg: Msg| dispatcher.dispatch(msg))
    };
    let on_command = dispatch.reform(Msg::Core);
    let on_export = {
        let session = state.session.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| export(&session.borrow(), Format::Glossa, &dispatch))
    };
    let on_export_format = {
        let session = state.session.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |fmt: Format| export(&session.borrow(), fmt, &dispatch))
    };
    let import_input = use_node_ref();
    let on_import_click = {
        let import_input = import_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = import_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_import_file = {
        let session = state.session.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                import_file(file, session.clone(), dispatch.clone());
            }
            input.set_value("");
        })
    };
    let on_help = dispatch.reform(|_: MouseEvent| Msg::OpenHelp);
    let on_open = dispatch.reform(|_: MouseEvent| Msg::OpenLibrary);
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            if let Some(file) = file {
                crate::opening::open_file(file, dispatch.clone());
            }
        })
    };
    let counts = Tag::ALL.map(|t| session.count(t));
    let active = session.active_annotation().map(|a| a.id);

    html! {
        <div class="app" ref={root} {ondragover} {ondrop}>
            <header class="topbar">
                <div class="brand">
                    <span class="app-name">{ "Glossa" }</span>
                    <span class="doc-title" title={doc.title.clone()}>{ doc.title.clone() }</span>
                </div>
                <div class="topbar-actions">
                    <button class="btn" onclick={on_open} aria-keyshortcuts="o">{ "Open" }</button>
                    <button class="btn" onclick={on_import_click} title="Import Glossa JSON or W3C annotations into this document">{ "Import" }</button>
                    <input ref={import_input} type="file" class="sr-only" tabindex="-1" aria-hidden="true"
                        accept=".json,.jsonld,application/json,application/ld+json" onchange={on_import_file} />
                    <button class="btn" onclick={on_export} aria-keyshortcuts="e">{ "Export JSON" }</button>
                    <ExportMenu on_export={on_export_format} />
                    <button class="btn" onclick={on_help} aria-keyshortcuts="?" aria-label="Keyboard help">{ "?" }</button>
                </div>
            </header>
            // A landmark, so that screen-reader users can jump to the tag
            // buttons; `display: contents` keeps the toolbar sticky.
            <section class="toolbar-region" aria-label="Tagging">
                <Toolbar
                    counts={counts}
                    tagged={session.tagged_sentences()}
                    total={doc.sentences.len()}
                    saved={state.save == work::View::Saved}
                    saving={state.save == work::View::Saving}
                    has_selection={focus.is_some()}
                    on_command={on_command.clone()}
                />
            </section>
            if let Some(name) = state.opening.clone() {
                <div class="progress-line" role="status"><span class="spinner" aria-hidden="true"></span>{ format!("Opening {name}…") }</div>
            }
            if let Some(text) = state.banner.clone() {
                <Banner {text} on_dismiss={dispatch.reform(|_| Msg::DismissBanner)} />
            }
            if let Some(problem) = &state.problem {
                { work::banner(problem, &dispatch) }
            }
            if !state.ready {
                <div class="progress-line" role="status"><span class="spinner" aria-hidden="true"></span>{ "Loading saved work…" }</div>
            } else {
            <div class="workspace">
                <main class="layout">
                    <ArticleView doc={doc.clone()} session={state.session.clone()} rev={state.rev} show_suggestions={state.show_suggestions} on_command={on_command.clone()} />
                </main>
                <Overview session={state.session.clone()} rev={state.dirty} on_jump={dispatch.reform(Msg::JumpTo)} />
                // Sidebar and overview show annotations, not the selection:
                // they re-render when saved state changes, not on every move.
                <Sidebar
                    session={state.session.clone()}
                    rev={state.dirty}
                    filter={state.filter}
                    query={state.query.clone()}
                    active={active}
                    show_suggestions={state.show_suggestions}
                    dispatch={dispatch.clone()}
                />
            </div>
            }
            {
                match state.dialog {
                    Some(Dialog::Details(id)) => html! {
                        <Details session={state.session.clone()} rev={state.rev} {id} dispatch={dispatch.clone()} />
                    },
                    Some(Dialog::Help) => html! { <Help on_close={dispatch.reform(|_| Msg::CloseDialog)} /> },
                    Some(Dialog::Import) => match state.pending_import.clone() {
                        Some((name, imported)) => html! { <ImportDialog {name} {imported} dispatch={dispatch.clone()} /> },
                        None => html! {},
                    },
                    Some(Dialog::Open) => html! {
                        <OpenDialog current={doc.text_sha256.clone()} library_rev={state.library_rev} error={state.open_error.clone().map(AttrValue::from)} dispatch={dispatch.clone()} />
                    },
                    None => html! {},
                }
            }
            <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">
                { state.message.clone().unwrap_or_default() }
            </div>
        </div>
    }
}

fn typing_in_field(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el
            .closest("[contenteditable=''], [contenteditable='true']")
            .ok()
            .flatten()
            .is_some()
}

fn in_dialog(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[role=dialog]").ok().flatten())
        .is_some()
}

fn focus_in(root: &NodeRef, selector: &str) {
    let el = root
        .cast::<web_sys::Element>()
        .and_then(|r| r.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

fn focus_sentence(root: &web_sys::Element, id: SentenceId) {
    let selector = format!("[data-sentence-id=\"{id}\"]");
    let el = root
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}
