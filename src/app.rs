//! The app: state, the reducer hook-up, saving, keys and export.
//!
//! Data flow: a click or key becomes a [`Msg`]; [`State::reduce`] hands core
//! actions to [`Session::apply`] (the one reducer of the core) and bumps
//! `rev` when anything visible changed and `dirty` when annotations changed.
//! An effect on `dirty` saves to local storage; the views read the session.
//!
//! The session sits in a `RefCell` inside the state so an action does not
//! clone the whole annotation set: the state is rebuilt around the same
//! session with new counters, which is what tells Yew to re-render.

use crate::components::{ArticleView, Banner, Toolbar};
use crate::keys::{self, Command, Key};
use crate::platform;
use glossa_core::format;
use glossa_core::{parse_article, Action, Document, Env, Session, SentenceId};
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

pub enum Msg {
    Core(Action),
    /// Saving failed: show why, keep the work in memory.
    SaveFailed(String),
    Saved,
    DismissBanner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Failed,
}

pub struct State {
    pub session: Rc<RefCell<Session>>,
    /// Bumps whenever anything visible changes.
    pub rev: u64,
    /// Bumps whenever annotations change (the work needs saving).
    pub dirty: u64,
    /// The last thing that happened, for the live region: (serial, text).
    pub message: Option<(u64, String)>,
    pub banner: Option<String>,
    pub save: SaveState,
    pub storage_key: String,
}

impl State {
    fn load(props: &AppProps) -> State {
        let doc = Rc::new(parse_article(&props.article));
        let storage_key = format!("{}:v1:doc:{}", props.storage_prefix, doc.text_sha256);
        let (session, banner) = restore(doc, &storage_key, &props.storage_prefix);
        State {
            session: Rc::new(RefCell::new(session)),
            rev: 0,
            dirty: 0,
            message: None,
            banner,
            save: SaveState::Saved,
            storage_key,
        }
    }

    fn with(&self, f: impl FnOnce(&mut State)) -> Rc<State> {
        let mut next = State {
            session: self.session.clone(),
            rev: self.rev + 1,
            dirty: self.dirty,
            message: self.message.clone(),
            banner: self.banner.clone(),
            save: self.save,
            storage_key: self.storage_key.clone(),
        };
        f(&mut next);
        Rc::new(next)
    }
}

/// Reads saved work for `doc`. Unreadable data is copied aside under a
/// backup key (never overwriting an older backup) and the app starts empty.
fn restore(doc: Rc<Document>, key: &str, prefix: &str) -> (Session, Option<String>) {
    let saved = match platform::storage_get(key) {
        Ok(Some(s)) => s,
        Ok(None) => return (Session::new(doc), None),
        Err(e) => {
            let msg = format!("Saved work could not be read: {e}. Glossa started without it; nothing was deleted.");
            return (Session::new(doc), Some(msg));
        }
    };
    match format::read_session(doc.clone(), &saved) {
        Ok(session) => (session, None),
        Err(why) => {
            let backup = backup_key(prefix, &doc.text_sha256);
            let kept = match platform::storage_set(&backup, &saved) {
                Ok(()) => format!("It was kept aside in this browser's storage as \"{backup}\"."),
                Err(e) => format!("It could not be copied aside ({e}) and is still under \"{key}\" until you tag something."),
            };
            let msg = format!(
                "Saved work for this document could not be read: {why} {kept} Glossa started with no annotations."
            );
            (Session::new(doc), Some(msg))
        }
    }
}

fn backup_key(prefix: &str, sha: &str) -> String {
    let base = format!("{prefix}:v1:backup:{sha}:{}", platform::now().millis());
    let mut key = base.clone();
    let mut n = 1;
    while matches!(platform::storage_get(&key), Ok(Some(_))) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Core(action) => {
                let before = self.session.borrow().selection();
                let outcome = {
                    let mut new_id = platform::new_annotation_id;
                    let mut env = Env { now: platform::now(), new_id: &mut new_id };
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
                    if let Some(text) = outcome.message {
                        s.message = Some((s.rev, text));
                    }
                })
            }
            Msg::SaveFailed(why) => self.with(|s| {
                s.save = SaveState::Failed;
                s.banner = Some(format!(
                    "Your last change could not be saved: {why}. Everything is still here in this tab; export it now (Export JSON) to keep a copy."
                ));
            }),
            Msg::Saved if self.save == SaveState::Saved => self,
            Msg::Saved => self.with(|s| s.save = SaveState::Saved),
            Msg::DismissBanner => self.with(|s| s.banner = None),
        }
    }
}

fn export(session: &Session) {
    let file = format::export(session, platform::now(), crate::VERSION);
    let json = format::to_json(&file);
    let name = format!("{}.glossa.json", session.doc.slug());
    if let Err(e) = platform::download(&name, "application/json", &json) {
        web_sys::console::error_1(&e.into());
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer({
        let props = props.clone();
        move || State::load(&props)
    });

    // Save every change at once.
    {
        let state = state.clone();
        use_effect_with(state.dirty, move |&dirty| {
            if dirty > 0 {
                let json = {
                    let session = state.session.borrow();
                    format::to_json(&format::export(&session, platform::now(), crate::VERSION))
                };
                match platform::storage_set(&state.storage_key, &json) {
                    Ok(()) => state.dispatch(Msg::Saved),
                    Err(why) => state.dispatch(Msg::SaveFailed(why)),
                }
            }
        });
    }

    // Keys, on the whole window; never while typing in a field.
    {
        let dispatcher = state.dispatcher();
        let session = state.session.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                    if typing_in_field(e) {
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
                    match keys::command_for(k) {
                        Some(Command::Core(action)) => {
                            e.prevent_default();
                            dispatcher.dispatch(Msg::Core(action));
                        }
                        Some(Command::Export) => {
                            e.prevent_default();
                            export(&session.borrow());
                        }
                        None => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    let session = state.session.borrow();
    let doc = session.doc.clone();
    let focus = session.selection().map(|s| s.focus);

    // Keyboard focus follows the selection's focus.
    let root = use_node_ref();
    {
        let root = root.clone();
        use_effect_with(focus, move |focus| {
            if let (Some(id), Some(root)) = (focus, root.cast::<web_sys::Element>()) {
                focus_sentence(&root, *id);
            }
        });
    }

    let on_command = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(Msg::Core(action)))
    };
    let on_export = {
        let session = state.session.clone();
        Callback::from(move |_: MouseEvent| export(&session.borrow()))
    };
    let on_dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Msg::DismissBanner))
    };

    let counts = glossa_core::Tag::ALL.map(|t| session.count(t));
    html! {
        <div class="app" ref={root}>
            <header class="topbar">
                <div class="brand">
                    <span class="app-name">{ "Glossa" }</span>
                    <span class="doc-title" title={doc.title.clone()}>{ doc.title.clone() }</span>
                </div>
                <div class="topbar-actions">
                    <button class="btn" onclick={on_export} aria-keyshortcuts="e">{ "Export JSON" }</button>
                </div>
            </header>
            <Toolbar
                counts={counts}
                tagged={session.tagged_sentences()}
                total={doc.sentences.len()}
                saved={state.save == SaveState::Saved}
                has_selection={focus.is_some()}
                on_command={on_command.clone()}
            />
            if let Some(text) = state.banner.clone() {
                <Banner {text} on_dismiss={on_dismiss} />
            }
            <main class="layout">
                <ArticleView doc={doc.clone()} session={state.session.clone()} rev={state.rev} on_command={on_command} />
            </main>
            <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">
                { state.message.as_ref().map(|(_, m)| m.clone()).unwrap_or_default() }
            </div>
        </div>
    }
}

fn typing_in_field(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el.closest("[contenteditable=''], [contenteditable='true']").ok().flatten().is_some()
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
