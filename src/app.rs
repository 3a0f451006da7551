//! The `App` component: the state's reducer, the hooks that carry out its
//! effects, and the views, wired together. Services report through their
//! own event types; they become [`Msg`]s here and nowhere else.

use crate::components::{
    AgreementPanel, ArticleView, Banner, Choice, Details, ExportMenu, Help, ImportDialog,
    NoticeView, OpenDialog, Overview, ProgressView, ProjectAgreementDialog, ReportFormat,
    SaveProblem, Shared, SharedProject, Sidebar, SyncConflict, TeamDialog, TeamRequest, Toolbar,
};
use crate::hooks::{
    use_deferred_suggestions, use_first_screen, use_focus_follows_selection, use_learner,
    use_own_name, use_place, use_reopen_last, use_repropose, use_saving, use_sync, use_window_keys,
};
use crate::keys::{self, Command};
use crate::services::comparing::{self, CompareEvent, Compared};
use crate::services::corpus::{self, CorpusEvent};
use crate::services::exports::{self, Format};
use crate::services::first_screen::Journal;
use crate::services::importing::{self, ImportEvent};
use crate::services::library::Entry;
use crate::services::opening::{self, OpenEvent, OpenRequest};
use crate::services::platform;
use crate::services::saving::SaveEvent;
use crate::state::{own_name, Dialog, Msg, Progress, Sources, State, Step};
use glossa_core::{parse_article, Action, Session, Tag};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The article's raw text.
    #[prop_or(AttrValue::Static(crate::DEFAULT_ARTICLE))]
    pub article: AttrValue,
    /// Prefix of every local storage key and database name; tests use their own.
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

/// The browser's clock and random ids, for the reducer.
const BROWSER: Sources = Sources {
    now: platform::now,
    new_id: platform::new_annotation_id,
};

/// "Added 3 documents to the library with 12 annotations (11 placed
/// exactly, 1 re-anchored, 1 could not be placed …)", in the words of the
/// one-file Import's summary.
fn opened_words(summary: &corpus::Summary) -> String {
    let docs = match summary.documents {
        1 => "1 document".to_string(),
        n => format!("{n} documents"),
    };
    let (e, r, n) = (summary.exact, summary.reanchored, summary.not_placed);
    let p = e + r;
    let mut text = if p + n == 0 {
        format!("Added {docs} to the library.")
    } else {
        let kept = if n > 0 {
            " and are kept with their document's work"
        } else {
            ""
        };
        format!(
            "Added {docs} to the library with {p} annotation{} ({e} placed exactly, {r} re-anchored, {n} could not be placed{kept}).",
            if p == 1 { "" } else { "s" }
        )
    };
    if !summary.other_labels.is_empty() {
        let labels: Vec<String> = summary
            .other_labels
            .iter()
            .map(|(label, n)| format!("{label} ×{n}"))
            .collect();
        text.push_str(&format!(
            " Left out, as Glossa has no such tag: {}.",
            labels.join(", ")
        ));
    }
    text
}

fn on_open_event(event: OpenEvent) -> Msg {
    match event {
        OpenEvent::Opening(name) => Msg::Opening(name),
        OpenEvent::Opened(doc) => Msg::Opened(doc),
        OpenEvent::Failed(why) => Msg::OpenFailed(why),
        OpenEvent::Warn(why) => Msg::Warn(why),
        OpenEvent::LibraryChanged => Msg::LibraryChanged,
    }
}

fn on_save_event(event: SaveEvent) -> Msg {
    match event {
        SaveEvent::Status(status) => Msg::SaveStatus(status),
        SaveEvent::Loaded { session, note, .. } => Msg::WorkLoaded { session, note },
    }
}

fn on_import_event(event: ImportEvent) -> Msg {
    match event {
        ImportEvent::Ready {
            name,
            imported,
            doc,
        } => Msg::ImportReady(name, imported, doc),
        ImportEvent::Failed(why) => Msg::Warn(why),
    }
}

/// The team server offered when none was used yet: set at build time with
/// `GLOSSA_SERVER`, else CouchDB behind the page's own origin at
/// `/couchdb` (see the README: that keeps the CSP's `connect-src 'self'`).
pub const DEFAULT_SERVER: &str = match option_env!("GLOSSA_SERVER") {
    Some(s) => s,
    None => "/couchdb",
};

fn on_compare_event(event: CompareEvent) -> Msg {
    match event {
        Ok(Compared::Document(adjudication)) => Msg::Compared(adjudication),
        Ok(Compared::Project(agreement)) => Msg::ProjectAgreed(agreement),
        Err(why) => Msg::Warn(format!("Nothing to compare: {why}. Nothing was changed.")),
    }
}

/// Downloads an agreement report and says so (or why not).
fn download_report(
    report: &glossa_core::agreement::Report,
    docs: &[&glossa_core::Document],
    slug: &str,
    fmt: ReportFormat,
) -> Msg {
    use glossa_core::agreement::{to_csv, to_json};
    let (name, mime, bytes) = match fmt {
        ReportFormat::Json => (
            format!("{slug}.agreement.json"),
            "application/json",
            serde_json::to_string_pretty(&to_json(report, docs))
                .unwrap_or_default()
                .into_bytes(),
        ),
        ReportFormat::Csv => (
            format!("{slug}.agreement.csv"),
            "text/csv;charset=utf-8",
            to_csv(report).into_bytes(),
        ),
    };
    match platform::download_bytes(&name, mime, &bytes) {
        Ok(()) => Msg::Announce(format!("Exported {name}")),
        Err(e) => Msg::Warn(format!("The report did not download: {e}.")),
    }
}

/// Exports one format and says so (or why not).
/// `annotator`: who the work is by ([`State::annotator`]), if known.
fn export(session: &Session, fmt: Format, annotator: Option<&str>) -> Msg {
    match exports::export(session, fmt, annotator) {
        Ok(names) => Msg::Announce(format!("Exported {names}")),
        Err(e) => Msg::Warn(format!(
            "The export did not start: {e}. Your work is unchanged."
        )),
    }
}

/// What was tagged on the prerendered first screen, replayed as if the keys
/// were pressed in the app (the same key table and reducer), when the
/// built-in article it was shown on is still the one open.
fn replay(journal: Result<Journal, ()>, builtin_open: bool) -> Vec<Msg> {
    let Ok(journal) = journal else {
        return vec![Msg::Warn(
            "What was tagged while Glossa was starting could not be read: please tag it again."
                .into(),
        )];
    };
    if journal.steps.is_empty() && journal.selected.is_none() {
        return Vec::new();
    }
    if !builtin_open {
        return vec![Msg::Warn(format!(
            "{} tag key(s) pressed on the built-in article while Glossa was starting were left out: another document is open.",
            journal.steps.len()
        ))];
    }
    let select = |sentence| {
        Msg::Core(Action::Select {
            sentence,
            extend: false,
        })
    };
    let mut out = Vec::new();
    for (sentence, key) in journal.steps {
        let key = keys::Key {
            key: &key,
            ..keys::Key::default()
        };
        if let Some(Command::Core(action)) = keys::command_for(key) {
            out.push(select(sentence));
            out.push(Msg::Core(action));
        }
    }
    if let Some(sentence) = journal.selected {
        out.push(select(sentence));
    }
    out
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer({
        let article = props.article.clone();
        let prefix = props.storage_prefix.clone();
        move || {
            let mut state = State::new(Rc::new(parse_article(&article)), BROWSER);
            // The name the person gave for their exports, read at start.
            state.own_name = exports::own_name(&prefix).and_then(|n| own_name(&n));
            state
        }
    });
    let prefix = props.storage_prefix.as_str();
    let root = use_node_ref();
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback((), move |msg: Msg, _| dispatcher.dispatch(msg))
    };
    let doc = state.doc();

    let saving = use_saving(
        prefix,
        doc.clone(),
        state.dirty,
        dispatch.reform(on_save_event),
    );
    let sync = use_sync(prefix, dispatch.reform(Msg::Sync));
    use_own_name(prefix, state.own_name.clone());
    let open_report = dispatch.reform(on_open_event);
    use_reopen_last(prefix, doc.clone(), open_report.clone());
    use_learner(
        prefix,
        state.sync.project.clone(),
        state.learner.clone(),
        state.learned,
        dispatch.reform(Msg::LearnerLoaded),
    );
    use_repropose(
        state.learned,
        state.stale_proposals,
        state.learner.clone(),
        state.rules.clone(),
        dispatch.reform(|(doc, learned, adjusted)| Msg::Reproposed {
            doc,
            learned,
            adjusted: Rc::new(adjusted),
        }),
    );
    let focus = state.session.borrow().selection().map(|s| s.focus);
    use_place(
        prefix,
        doc.clone(),
        state.ready,
        focus,
        dispatch.reform(Msg::JumpTo),
    );
    use_deferred_suggestions(
        doc.clone(),
        dispatch.reform(|(doc, found)| Msg::Suggested(doc, found)),
    );
    // The document shown first: the one a prerendered first screen shows.
    let first_doc = use_memo((), {
        let sha = doc.text_sha256.clone();
        move |_| sha
    });
    use_first_screen(state.ready, {
        let dispatch = dispatch.clone();
        let builtin_open = *first_doc == doc.text_sha256;
        Callback::from(move |journal| {
            for msg in replay(journal, builtin_open) {
                dispatch.emit(msg);
            }
        })
    });

    // Key commands: most are messages; export and search act here.
    let on_key = {
        let dispatch = dispatch.clone();
        let session = state.session.clone();
        let who = state.annotator();
        let root = root.clone();
        Callback::from(move |command: Command| match command {
            Command::Core(action) => dispatch.emit(Msg::Core(action)),
            Command::AcceptAllLikeThis => dispatch.emit(Msg::AcceptAllLikeThis),
            Command::Export => {
                dispatch.emit(export(&session.borrow(), Format::Glossa, who.as_deref()))
            }
            Command::Details => dispatch.emit(Msg::OpenDetails),
            Command::FollowLink => dispatch.emit(Msg::FollowLink),
            Command::Help => dispatch.emit(Msg::OpenHelp),
            Command::Open => dispatch.emit(Msg::OpenLibrary),
            Command::Search => focus_in(&root, "input[type=search]"),
            Command::Escape => dispatch.emit(Msg::Core(Action::CollapseSpan)),
            Command::Disagreement(by) => dispatch.emit(Msg::Adjudicate(Step::By(by))),
            Command::Take(a) => dispatch.emit(Msg::Take(a)),
        })
    };
    use_window_keys(on_key);

    let session = state.session.borrow();
    let focus = session.selection().map(|s| s.focus);
    use_focus_follows_selection(root.clone(), focus, state.refocus, state.dialog.is_some());

    let on_command = dispatch.reform(Msg::Core);
    let on_close = dispatch.reform(|_: ()| Msg::CloseDialog);
    let on_export = {
        let session = state.session.clone();
        let who = state.annotator();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(export(&session.borrow(), Format::Glossa, who.as_deref()))
        })
    };
    let on_export_format = {
        let session = state.session.clone();
        let who = state.annotator();
        let dispatch = dispatch.clone();
        Callback::from(move |fmt: Format| {
            dispatch.emit(export(&session.borrow(), fmt, who.as_deref()))
        })
    };
    let on_choice = {
        let session = state.session.clone();
        let who = state.annotator();
        let dispatch = dispatch.clone();
        let saving = saving.clone();
        Callback::from(move |choice: Choice| match choice {
            Choice::KeepMine => {
                saving.keep_mine();
                dispatch.emit(Msg::Announce(
                    "Saving your work over the other tab's…".into(),
                ));
            }
            Choice::TakeTheirs => {
                saving.take_theirs();
                dispatch.emit(Msg::Announce(
                    "Loading the other tab's work; yours is kept as a backup…".into(),
                ));
            }
            Choice::Export => {
                dispatch.emit(export(&session.borrow(), Format::Glossa, who.as_deref()))
            }
        })
    };
    let on_open = Callback::from({
        let report = open_report.clone();
        move |request: OpenRequest| opening::open(request, report.clone())
    });
    // Many files at once (the Open dialog's picker, a drop): into the
    // library with what they carry; the first one added is then opened.
    let corpus_report = {
        let dispatch = dispatch.clone();
        let open_report = open_report.clone();
        Callback::from(move |event: CorpusEvent| match event {
            CorpusEvent::Progress { done, total, what } => {
                dispatch.emit(Msg::Progress(Some(Progress { done, total, what })))
            }
            CorpusEvent::Opened(summary) => {
                dispatch.emit(Msg::Progress(None));
                dispatch.emit(Msg::LibraryChanged);
                let text = opened_words(&summary);
                if summary.problems.is_empty() {
                    dispatch.emit(Msg::Announce(text));
                } else {
                    dispatch.emit(Msg::Warn(format!(
                        "{text} Not used: {}",
                        summary.problems.join(" ")
                    )));
                }
                if let Some(first) = summary.first {
                    opening::open(OpenRequest::Entry(first), open_report.clone());
                }
            }
            CorpusEvent::Exported {
                name,
                documents,
                chosen,
            } => {
                dispatch.emit(Msg::Progress(None));
                dispatch.emit(Msg::Announce(format!(
                    "Exported {} ({documents} document{}) as {name}",
                    if chosen {
                        "the chosen documents"
                    } else {
                        "the library"
                    },
                    if documents == 1 { "" } else { "s" }
                )));
            }
            CorpusEvent::Failed(why) => {
                dispatch.emit(Msg::Progress(None));
                dispatch.emit(Msg::Warn(why));
            }
        })
    };
    let on_open_many = {
        let dispatch = dispatch.clone();
        let report = corpus_report.clone();
        let prefix = prefix.to_string();
        Callback::from(move |files: Vec<web_sys::File>| {
            dispatch.emit(Msg::CloseDialog);
            corpus::open_files(prefix.clone(), files, report.clone());
        })
    };
    let on_export_library = {
        let session = state.session.clone();
        let who = state.annotator();
        let report = corpus_report.clone();
        let prefix = prefix.to_string();
        Callback::from(move |fmt: Format| {
            corpus::export_library(
                prefix.clone(),
                fmt,
                None,
                who.clone(),
                session.clone(),
                report.clone(),
            )
        })
    };
    let on_export_chosen = {
        let dispatch = dispatch.clone();
        let session = state.session.clone();
        let who = state.annotator();
        let report = corpus_report.clone();
        let prefix = prefix.to_string();
        Callback::from(move |(ids, fmt): (Vec<String>, Format)| {
            dispatch.emit(Msg::CloseDialog);
            corpus::export_library(
                prefix.clone(),
                fmt,
                Some(ids),
                who.clone(),
                session.clone(),
                report.clone(),
            )
        })
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
        let doc = doc.clone();
        let report = dispatch.reform(on_import_event);
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                importing::read_file(file, doc.clone(), report.clone());
            }
            input.set_value("");
        })
    };
    let on_team = {
        let sync = sync.clone();
        let dispatch = dispatch.clone();
        let report = open_report.clone();
        let view = state.sync.clone();
        Callback::from(move |request: TeamRequest| match request {
            TeamRequest::SignIn {
                server,
                name,
                password,
            } => sync.sign_in(server, name, password),
            TeamRequest::SignOut => {
                sync.sign_out();
                dispatch.emit(Msg::Announce(
                    "Signed out. Your work stays saved in this browser.".into(),
                ));
            }
            TeamRequest::Project(p) => sync.choose_project(p),
            TeamRequest::Open(sha) => {
                if let Some(d) = view.docs.iter().find(|d| d.sha == sha) {
                    let now = js_sys::Date::now();
                    dispatch.emit(Msg::CloseDialog);
                    opening::open(
                        OpenRequest::Entry(Entry {
                            id: d.sha.clone(),
                            name: d.title.clone(),
                            chars: d.chars,
                            added: now,
                            opened: now,
                            project: view.project.clone(),
                        }),
                        report.clone(),
                    );
                }
            }
            TeamRequest::DismissWarning => sync.dismiss_warning(),
            TeamRequest::ProjectAgreement => match comparing::project(sync.project_work()) {
                Ok(agreement) => dispatch.emit(Msg::ProjectAgreed(agreement)),
                Err(why) => dispatch.emit(Msg::Warn(format!(
                    "No agreement over the project yet: {why}."
                ))),
            },
        })
    };
    let on_keep_version = {
        let sync = sync.clone();
        let dispatch = dispatch.clone();
        let sha = doc.text_sha256.clone();
        Callback::from(move |rev: String| {
            sync.resolve(sha.clone(), rev);
            dispatch.emit(Msg::Announce(
                "Keeping the version you chose; the other is kept aside.".into(),
            ));
        })
    };
    let on_open_team = dispatch.reform(|_: MouseEvent| Msg::OpenTeam);
    let compare_input = use_node_ref();
    let on_compare_click = {
        let compare_input = compare_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = compare_input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_compare_files = {
        let doc = doc.clone();
        let report = dispatch.reform(on_compare_event);
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                let files: Vec<web_sys::File> =
                    (0..list.length()).filter_map(|i| list.get(i)).collect();
                comparing::read_files(files, doc.clone(), report.clone());
            }
            input.set_value("");
        })
    };
    let curating = state.sync.role == Some(glossa_core::couch::project::Role::Curator)
        && state.sync.docs.iter().any(|d| d.sha == doc.text_sha256);
    let on_compare_team = {
        let doc = doc.clone();
        let sync = sync.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let work = sync.team_work(&doc.text_sha256);
            dispatch.emit(on_compare_event(comparing::team(doc.clone(), work)));
        })
    };
    let on_report = {
        let adj = state.adjudication.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |fmt: ReportFormat| {
            if let Some(adj) = &adj {
                dispatch.emit(download_report(
                    &adj.report,
                    &[&adj.doc],
                    &adj.doc.slug(),
                    fmt,
                ));
            }
        })
    };
    let on_help = dispatch.reform(|_: MouseEvent| Msg::OpenHelp);
    let on_library = dispatch.reform(|_: MouseEvent| Msg::OpenLibrary);
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on_open = on_open.clone();
        let on_open_many = on_open_many.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let files = e
                .data_transfer()
                .and_then(|d| d.files())
                .map(|list| {
                    (0..list.length())
                        .filter_map(|i| list.get(i))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            match opening::one_article(files) {
                Ok(file) => on_open.emit(OpenRequest::File(file)),
                Err(files) if !files.is_empty() => on_open_many.emit(files),
                Err(_) => {}
            }
        })
    };
    let counts = Tag::ALL.map(|t| session.count(t));
    let active = session.active_annotation().map(|a| a.id);

    html! {
        <div class={classes!("app", state.mark_suggestions.then_some("suggestions-marked"), state.drawer.then_some("drawer-open"), state.details.then_some("details-open"))} ref={root} {ondragover} {ondrop}>
            <header class="topbar">
                <div class="brand">
                    <span class="app-name">{ "Glossa" }</span>
                    <span class="doc-title" title={doc.title.clone()}>{ doc.title.clone() }</span>
                </div>
                <div class="topbar-actions">
                    <button class="btn" onclick={on_library} aria-keyshortcuts={keys::shortcuts(&Command::Open)}>{ "Open" }</button>
                    <button class="btn" onclick={on_import_click} title="Import annotations into this document: Glossa JSON, W3C, Label Studio, doccano JSONL, CSV or brat">{ "Import" }</button>
                    <input ref={import_input} id="import-file" type="file" class="sr-only" tabindex="-1" aria-hidden="true"
                        accept={exports::import_accept()} onchange={on_import_file} />
                    <button class="btn" onclick={on_compare_click} title="Agreement and adjudication: choose two or more annotators' Glossa JSON files of this document, or of several documents of the library for agreement over them all">{ "Compare…" }</button>
                    <input ref={compare_input} type="file" multiple=true class="sr-only" tabindex="-1" aria-hidden="true"
                        accept=".json,application/json" onchange={on_compare_files} />
                    if curating {
                        <button class="btn" onclick={on_compare_team} title="Agreement and adjudication over every member's work on this document">{ "Compare team" }</button>
                    }
                    <button class="btn wide-only" onclick={on_export} aria-keyshortcuts={keys::shortcuts(&Command::Export)}>{ "Export JSON" }</button>
                    <ExportMenu on_export={on_export_format} {on_export_library}
                        own_name={state.own_name.clone().map(AttrValue::from)}
                        team_name={state.sync.user.clone().map(AttrValue::from)}
                        on_own_name={dispatch.reform(Msg::SetOwnName)} />
                    <button class="btn sync-button" data-sync={state.sync.status.key()} onclick={on_open_team}
                        title={state.sync.status.detail()} aria-label={format!("Team sync: {}", state.sync.status.label())}>
                        <span class="sync-dot" aria-hidden="true"></span>{ state.sync.status.label() }</button>
                    <button class="btn" onclick={on_help} aria-keyshortcuts={keys::shortcuts(&Command::Help)} aria-label="Keyboard help">{ "?" }</button>
                    // Narrow windows only (CSS): the sidebar as a drawer.
                    <button class="btn drawer-toggle" aria-controls="side-panel"
                        aria-expanded={if state.drawer { "true" } else { "false" }}
                        onclick={dispatch.reform(|_: MouseEvent| Msg::ToggleDrawer)}>{ "Annotations" }</button>
                </div>
            </header>
            // A landmark, so that screen-reader users can jump to the tag
            // buttons; `display: contents` keeps the toolbar sticky.
            <section class="toolbar-region" aria-label="Tagging">
                <Toolbar
                    counts={counts}
                    tagged={session.tagged_sentences()}
                    total={doc.sentences.len()}
                    save={state.save.clone()}
                    has_selection={focus.is_some()}
                    on_command={on_command.clone()}
                />
            </section>
            if let Some(name) = state.opening.clone() {
                <div class="progress-line" role="status"><span class="spinner" aria-hidden="true"></span>{ format!("Opening {name}…") }</div>
            }
            if !state.ready {
                <div class="progress-line" role="status"><span class="spinner" aria-hidden="true"></span>{ "Loading saved work…" }</div>
            } else {
            <div class="workspace">
                <main class="layout">
                    <ArticleView doc={doc.clone()} session={state.session.clone()} rev={state.rev} show_suggestions={state.show_suggestions} on_command={on_command.clone()} on_jump={dispatch.reform(Msg::Jump)} />
                </main>
                <Overview session={state.session.clone()} rev={state.dirty} on_jump={dispatch.reform(Msg::JumpTo)} />
                // Sidebar and overview show annotations, not the selection:
                // they re-render when saved state changes, not on every move.
                <div id="side-panel" class="side-panel">
                if state.details {
                    <Details session={state.session.clone()} rev={state.rev} id={active} focus={state.details_focus}
                        on_command={on_command.clone()} on_close={dispatch.reform(|_| Msg::CloseDetails)} />
                }
                if let Some(adj) = state.adjudication.clone() {
                    <AgreementPanel adjudication={Shared(adj)} item={state.item} session={state.session.clone()} rev={state.dirty}
                        on_at={dispatch.reform(|i| Msg::Adjudicate(Step::At(i)))}
                        on_take={dispatch.reform(Msg::Take)}
                        on_accept_agreed={dispatch.reform(|_| Msg::AcceptAgreed)}
                        {on_report}
                        on_close={dispatch.reform(|_| Msg::CloseAgreement)} />
                } else {
                <Sidebar
                    session={state.session.clone()}
                    rev={state.dirty}
                    filter={state.filter}
                    query={state.query.clone()}
                    active={active}
                    show_suggestions={state.show_suggestions}
                    mark_suggestions={state.mark_suggestions}
                    learned_from={state.learner.decisions()}
                    on_forget={dispatch.reform(|_| Msg::ResetLearner)}
                    on_toggle_mark={dispatch.reform(|_| Msg::ToggleMarkSuggestions)}
                    on_jump={dispatch.reform(Msg::Jump)}
                    on_jump_to={dispatch.reform(Msg::JumpTo)}
                    on_filter={dispatch.reform(Msg::SetFilter)}
                    on_query={dispatch.reform(Msg::SetQuery)}
                    on_toggle_suggestions={dispatch.reform(|_| Msg::ToggleSuggestions)}
                    on_command={on_command.clone()}
                />
                }
                </div>
            </div>
            }
            {
                match state.dialog {
                    Some(Dialog::Help) => html! { <Help on_close={on_close.clone()} /> },
                    Some(Dialog::ProjectAgreement) => match state.project_agreement.clone() {
                        Some(agreement) => {
                            let on_report = {
                                let agreement = agreement.clone();
                                let dispatch = dispatch.clone();
                                let name = state.sync.project.clone().unwrap_or_else(|| "project".into());
                                Callback::from(move |fmt: ReportFormat| {
                                    let docs: Vec<&glossa_core::Document> = agreement.docs.iter().map(|d| &**d).collect();
                                    dispatch.emit(download_report(&agreement.report, &docs, &name, fmt));
                                })
                            };
                            let on_open = {
                                let on_team = on_team.clone();
                                let team_docs: Vec<String> = state.sync.docs.iter().map(|d| d.sha.clone()).collect();
                                let report = open_report.clone();
                                Callback::from(move |sha: String| {
                                    if team_docs.contains(&sha) {
                                        on_team.emit(TeamRequest::Open(sha));
                                    } else {
                                        // Files of library documents: open it from there.
                                        opening::open_by_sha(sha, report.clone());
                                    }
                                })
                            };
                            let on_go = {
                                let on_open = on_open.clone();
                                let dispatch = dispatch.clone();
                                let open_sha = doc.text_sha256.clone();
                                Callback::from(move |(sha, sentence): (String, glossa_core::SentenceId)| {
                                    dispatch.emit(Msg::GoTo { sha: sha.clone(), sentence });
                                    if sha != open_sha {
                                        on_open.emit(sha);
                                    }
                                })
                            };
                            html! {
                                <ProjectAgreementDialog agreement={SharedProject(agreement)} {on_report} {on_open} {on_go} on_close={on_close.clone()} />
                            }
                        }
                        None => html! {},
                    },
                    Some(Dialog::Team) => html! {
                        <TeamDialog view={state.sync.clone()} default_server={DEFAULT_SERVER} on_request={on_team.clone()} on_close={on_close.clone()} />
                    },
                    Some(Dialog::Import) => match state.pending_import.clone() {
                        Some((name, imported)) => html! {
                            <ImportDialog {name} {imported} on_apply={dispatch.reform(|replace| Msg::ApplyImport { replace })} on_close={on_close.clone()} />
                        },
                        None => html! {},
                    },
                    Some(Dialog::Open) => html! {
                        <OpenDialog current={doc.text_sha256.clone()} library_rev={state.library_rev}
                            error={state.open_error.clone().map(AttrValue::from)}
                            {on_open} {on_open_many} {on_export_chosen} on_close={on_close.clone()}
                            on_dismiss_error={dispatch.reform(|_| Msg::DismissOpenError)}
                            on_warn={dispatch.reform(Msg::Warn)} sync={state.sync.clone()} />
                    },
                    None => html! {},
                }
            }
            // The fixed message area: errors and choices stay on screen
            // wherever the person is in the document, and nothing in the
            // article moves when one appears.
            <section class="messages" aria-label="Messages">
                if let Some(text) = state.banner.clone() {
                    <Banner {text} on_dismiss={dispatch.reform(|_| Msg::DismissBanner)} />
                }
                if let Some(versions) = state.sync.conflicts.get(&doc.text_sha256).cloned() {
                    <SyncConflict {versions} on_keep={on_keep_version} />
                }
                if let Some(problem) = state.save.problem().cloned() {
                    <SaveProblem {problem} {on_choice} />
                }
                if let Some(progress) = state.progress.clone() {
                    <ProgressView {progress} />
                }
                if let Some(notice) = state.notice.clone() {
                    <NoticeView {notice} on_undo={dispatch.reform(|_| Msg::Core(Action::Undo))}
                        on_dismiss={dispatch.reform(Msg::DismissNotice)} />
                }
            </section>
            <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">
                { state.message.clone().unwrap_or_default() }
            </div>
        </div>
    }
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

#[cfg(test)]
mod tests {
    use super::opened_words;
    use crate::services::corpus::Summary;

    fn summary(documents: usize, exact: usize, reanchored: usize, not_placed: usize) -> Summary {
        Summary {
            documents,
            exact,
            reanchored,
            not_placed,
            problems: Vec::new(),
            other_labels: Default::default(),
            first: None,
        }
    }

    #[test]
    fn many_files_are_summed_up_like_one_import() {
        assert_eq!(
            opened_words(&summary(2, 0, 0, 0)),
            "Added 2 documents to the library."
        );
        assert_eq!(
            opened_words(&summary(2, 4, 1, 0)),
            "Added 2 documents to the library with 5 annotations (4 placed exactly, 1 re-anchored, 0 could not be placed)."
        );
        assert_eq!(
            opened_words(&summary(1, 0, 1, 2)),
            "Added 1 document to the library with 1 annotation (0 placed exactly, 1 re-anchored, 2 could not be placed and are kept with their document's work)."
        );
    }
}
