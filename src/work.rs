//! Saved work: each document's session as Glossa JSON in one IndexedDB
//! record `{id: sha256, rev, data}` in the database `{prefix}-work`.
//!
//! - Saves leave the keystroke path: a change schedules a save
//!   [`DEBOUNCE_MS`] later, and a hidden or unloading page saves at once.
//! - A save is one readwrite transaction that adds a claim `"{sha}:{rev+1}"`
//!   (an `add`, which fails if the key is taken) and puts the record. Two
//!   tabs that both saved revision n cannot both claim n + 1, so neither
//!   overwrites the other unseen; the loser shows a conflict banner. No read
//!   comes first, so a save issued while the page unloads needs no second
//!   round trip to reach the disk.
//! - Tabs tell each other about saves on a `BroadcastChannel`.
//! - Unreadable records are copied into `backups` (never overwritten, `add`)
//!   before anything else can replace them.
//! - Work saved by older versions in local storage is read once and moved.

use crate::app::{Msg, State};
use crate::platform;
use crate::store::{self, Failure};
use glossa_core::{format, Document, Session};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, IdbDatabase};
use yew::prelude::*;

const WORK: &str = "work";
const CLAIMS: &str = "claims";
const BACKUPS: &str = "backups";
const STORES: [&str; 3] = [WORK, CLAIMS, BACKUPS];
/// How long after the last change a save starts.
pub const DEBOUNCE_MS: u32 = 300;

pub type Work = Rc<RefCell<Saver>>;

/// What the toolbar says about saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Saved,
    Saving,
    NotSaved,
}

/// A storage problem that needs the person's choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A save failed (quota, refused): the work is only in this tab.
    Failed(String),
    /// Another tab saved this document while this one had unsaved changes.
    Conflict,
}

pub enum Event {
    Loaded(Box<Loaded>),
    Saving,
    Saved,
    Failed(String),
    Conflict,
    KeepMine,
    TakeTheirs,
    Export,
}

/// What reading a document's saved work found.
pub struct Loaded {
    sha: String,
    rev: f64,
    session: Option<Session>,
    note: Option<String>,
    /// Saving would overwrite data that could not be kept aside.
    blocked: Option<String>,
    /// This replaces work already shown (another tab saved).
    reload: bool,
}

/// The saving side of one tab: which document, which revision it holds,
/// and what is not saved yet. Shared by the app, timers and listeners.
pub struct Saver {
    prefix: String,
    sha: String,
    session: Rc<RefCell<Session>>,
    dispatch: Option<Callback<Msg>>,
    db: Option<IdbDatabase>,
    channel: Option<BroadcastChannel>,
    /// Revision of the record this tab last loaded or saved (0: none yet).
    rev: f64,
    loaded: bool,
    /// The app's change counter: last seen, and last saved.
    changed: u64,
    saved: u64,
    writing: bool,
    conflict: bool,
    blocked: Option<String>,
    timer: Option<gloo::timers::callback::Timeout>,
}

pub fn new(prefix: &str, session: Rc<RefCell<Session>>) -> Work {
    let sha = session.borrow().doc.text_sha256.clone();
    Rc::new(RefCell::new(Saver {
        prefix: prefix.to_string(),
        sha,
        session,
        dispatch: None,
        db: None,
        channel: None,
        rev: 0.0,
        loaded: false,
        changed: 0,
        saved: 0,
        writing: false,
        conflict: false,
        blocked: None,
        timer: None,
    }))
}

fn db_name(prefix: &str) -> String {
    format!("{prefix}-work")
}

/// Where versions before IndexedDB saved a document's work.
pub fn legacy_key(prefix: &str, sha: &str) -> String {
    format!("{prefix}:v1:doc:{sha}")
}

/// A new session for `doc` with the suggester's proposals (a long
/// document gets them a moment later: `Msg::Suggested`).
pub fn fresh(doc: Rc<Document>) -> Session {
    with_proposals(Session::new(doc), None)
}

/// `session` with the suggester's proposals: computed now for a short
/// document, taken from `known` for a long one (if they are for it yet).
fn with_proposals(mut session: Session, known: Option<&crate::app::Suggested>) -> Session {
    let doc = session.doc.clone();
    if doc.sentences.len() <= crate::app::SUGGEST_AT_ONCE {
        session.set_proposals(glossa_core::suggest::proposals(&doc));
    } else if let Some((for_doc, proposals)) = known {
        if Rc::ptr_eq(for_doc, &doc) {
            session.set_proposals(proposals.iter().cloned());
        }
    }
    session
}

/// The work as Glossa JSON, without the export's indentation (a third
/// smaller for large documents; the same JSON).
fn json_of(session: &Session) -> String {
    let file = format::export(session, platform::now(), crate::VERSION);
    serde_json::to_string(&file).unwrap_or_else(|_| format::to_json(&file))
}

/// `performance.now()`, or 0 where there is none.
fn now_ms() -> f64 {
    performance()
        .and_then(|p| call(&p, "now", &[]))
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

fn performance() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok()
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args: js_sys::Array = args.iter().collect();
    f.apply(target, &args).ok()
}

/// Records how long `name` took since `start` as a performance measure
/// (`glossa:load`, `glossa:save`), to profile large documents in DevTools.
fn measure(name: &str, start: f64) {
    if let Some(p) = performance() {
        let options = store::record(name, &[("start", &start.into()), ("end", &now_ms().into())]);
        let _ = call(&p, "measure", &[name.into(), options]);
    }
}

/// Tells the app, on the next turn of the event loop: some callers
/// (`switch`, via `flush`) run inside the app's reducer, and a dispatch from
/// inside a dispatch would panic in Yew's `use_reducer`.
fn emit(work: &Work, event: Event) {
    let dispatch = work.borrow().dispatch.clone();
    if let Some(d) = dispatch {
        yew::platform::spawn_local(async move { d.emit(Msg::Work(event)) });
    }
}

/// Starts the tab's saving: remembers how to reach the app, listens to
/// other tabs, and reads the open document's work.
pub fn start(work: &Work, dispatch: Callback<Msg>) {
    let prefix = {
        let mut w = work.borrow_mut();
        w.dispatch = Some(dispatch);
        w.prefix.clone()
    };
    if let Ok(channel) = BroadcastChannel::new(&db_name(&prefix)) {
        let weak = Rc::downgrade(work);
        let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
            move |e: web_sys::MessageEvent| {
                if let (Some(work), Some(text)) = (weak.upgrade(), e.data().as_string()) {
                    heard(&work, &text);
                }
            },
        );
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // One listener for the tab's life, like the channel itself.
        on_message.forget();
        work.borrow_mut().channel = Some(channel);
    }
    load(work, false);
}

/// Another tab saved `"{sha} {rev}"`.
fn heard(work: &Work, text: &str) {
    let Some((sha, rev)) = text.split_once(' ') else {
        return;
    };
    let rev: f64 = rev.parse().unwrap_or(0.0);
    let clean = {
        let w = work.borrow();
        if sha != w.sha || rev <= w.rev || !w.loaded {
            return;
        }
        w.changed == w.saved && !w.writing
    };
    if clean {
        load(work, true);
    } else {
        work.borrow_mut().conflict = true;
        emit(work, Event::Conflict);
    }
}

/// Switches saving to another document: what is pending for the current
/// one is written now, then the new one's work is read.
pub fn switch(work: &Work, session: Rc<RefCell<Session>>) {
    flush(work, true);
    {
        let mut w = work.borrow_mut();
        w.sha = session.borrow().doc.text_sha256.clone();
        w.session = session;
        w.rev = 0.0;
        w.loaded = false;
        w.saved = w.changed;
        w.writing = false;
        w.conflict = false;
        w.blocked = None;
        w.timer = None;
    }
    load(work, false);
}

/// Reads the open document's saved work and hands it to the app.
fn load(work: &Work, reload: bool) {
    let (prefix, doc) = {
        let w = work.borrow();
        let doc = w.session.borrow().doc.clone();
        (w.prefix.clone(), doc)
    };
    let work = work.clone();
    yew::platform::spawn_local(async move {
        let started = now_ms();
        let sha = doc.text_sha256.clone();
        let mut loaded = match store::open(&db_name(&prefix), &STORES).await {
            Ok(db) => {
                work.borrow_mut().db = Some(db.clone());
                read(&db, &prefix, doc).await
            }
            Err(e) => Loaded {
                sha,
                rev: 0.0,
                session: None,
                note: Some(format!(
                    "Saved work could not be read: {}. Glossa started without it; nothing was deleted.",
                    e.text()
                )),
                // Saving over work that could not be read could lose it.
                blocked: Some(format!(
                    "the saved work could not be read ({}), so it is not overwritten",
                    e.text()
                )),
                reload,
            },
        };
        loaded.reload = reload;
        measure("glossa:load", started);
        emit(&work, Event::Loaded(Box::new(loaded)));
    });
}

async fn read(db: &IdbDatabase, prefix: &str, doc: Rc<Document>) -> Loaded {
    let sha = doc.text_sha256.clone();
    let mut out = Loaded {
        sha: sha.clone(),
        rev: 0.0,
        session: None,
        note: None,
        blocked: None,
        reload: false,
    };
    let value = match store::get(db, WORK, &sha).await {
        Ok(v) => v,
        Err(e) => {
            out.note = Some(format!(
                "Saved work could not be read: {}. Glossa started without it; nothing was deleted.",
                e.text()
            ));
            out.blocked = Some("the saved work could not be read".into());
            return out;
        }
    };
    if value.is_undefined() {
        return read_legacy(db, prefix, doc, out).await;
    }
    let rev = store::number_field(&value, "rev");
    let parsed = match store::text_field(&value, "data") {
        Some(json) => format::read_session(doc, &json).map_err(|e| e.to_string()),
        None => Err("the record holds no Glossa JSON.".into()),
    };
    match (rev, parsed) {
        (Some(rev), Ok(session)) => {
            out.rev = rev;
            out.session = Some(session);
        }
        (rev, parsed) => {
            let why = match parsed {
                Err(why) => why,
                Ok(_) => "the record has no revision.".into(),
            };
            // A revision no earlier save claimed, so the next save can go ahead.
            out.rev = rev.unwrap_or_else(js_sys::Date::now);
            let kept = match backup(db, &sha, &value).await {
                Ok(id) => format!("It was kept aside in this browser's database as backup “{id}”."),
                Err(e) => {
                    out.blocked = Some(format!(
                        "the unreadable saved work could not be kept aside ({}), so it is not overwritten",
                        e.text()
                    ));
                    format!("It could not be kept aside ({}), so Glossa will not save over it; export your work to keep it.", e.text())
                }
            };
            out.note = Some(format!(
                "Saved work for this document could not be read: {why} {kept} Glossa started with no annotations."
            ));
        }
    }
    out
}

/// Work saved in local storage by earlier versions: read, moved into the
/// database, and removed from local storage once it is there.
async fn read_legacy(db: &IdbDatabase, prefix: &str, doc: Rc<Document>, mut out: Loaded) -> Loaded {
    let key = legacy_key(prefix, &doc.text_sha256);
    let saved = match platform::storage_get(&key) {
        Ok(Some(s)) => s,
        Ok(None) => return out,
        Err(e) => {
            out.note = Some(format!("Saved work could not be read: {e}. Glossa started without it; nothing was deleted."));
            return out;
        }
    };
    match format::read_session(doc.clone(), &saved) {
        Ok(session) => {
            match write(db, &doc.text_sha256, 1.0, &saved) {
                Ok(tx) => match store::commit(&tx, "save").await {
                    Ok(()) => {
                        out.rev = 1.0;
                        let _ = platform::storage_remove(&key);
                    }
                    Err(e) => {
                        out.note = Some(format!("Your saved work was read from local storage but could not be moved into the browser's database ({}); it stays in local storage.", e.text()));
                    }
                },
                Err(e) => out.note = Some(format!("Your saved work could not be moved into the browser's database ({}); it stays in local storage.", e.text())),
            }
            out.session = Some(session);
        }
        Err(why) => {
            let backup = legacy_backup_key(prefix, &doc.text_sha256);
            let kept = match platform::storage_set(&backup, &saved) {
                Ok(()) => format!("It was kept aside in this browser's storage as \"{backup}\"."),
                Err(e) => {
                    out.blocked = Some("the unreadable saved work could not be kept aside".into());
                    format!("It could not be copied aside ({e}) and stays under \"{key}\".")
                }
            };
            out.note = Some(format!(
                "Saved work for this document could not be read: {why} {kept} Glossa started with no annotations."
            ));
        }
    }
    out
}

fn legacy_backup_key(prefix: &str, sha: &str) -> String {
    let base = format!("{prefix}:v1:backup:{sha}:{}", platform::now().millis());
    let mut key = base.clone();
    let mut n = 1;
    while matches!(platform::storage_get(&key), Ok(Some(_))) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

/// Copies `value` (whatever its shape) into a new backup record.
async fn backup(db: &IdbDatabase, sha: &str, value: &JsValue) -> Result<String, Failure> {
    let tx = store::transaction(db, &[BACKUPS], true)?;
    let id = backup_id(sha);
    add_backup(&tx, &id, sha, value)?;
    store::commit(&tx, "keep a backup").await?;
    Ok(id)
}

fn backup_id(sha: &str) -> String {
    let random = (js_sys::Math::random() * 1e9) as u64;
    format!("{sha}:{}:{random}", platform::now().millis())
}

fn add_backup(
    tx: &web_sys::IdbTransaction,
    id: &str,
    sha: &str,
    value: &JsValue,
) -> Result<(), Failure> {
    let saved_at = JsValue::from_f64(js_sys::Date::now());
    store::store(tx, BACKUPS)?
        .add(&store::record(
            id,
            &[("doc", &sha.into()), ("saved", &saved_at), ("data", value)],
        ))
        .map(|_| ())
        .map_err(|_| Failure::Other("the browser's database refused to keep a backup".into()))
}

/// Issues one save of revision `rev`: claim it, write the record. Nothing
/// is awaited, so a page that is going away still gets it written.
fn write(
    db: &IdbDatabase,
    sha: &str,
    rev: f64,
    json: &str,
) -> Result<web_sys::IdbTransaction, Failure> {
    let tx = store::transaction(db, &[WORK, CLAIMS], true)?;
    claim_and_write(&tx, sha, rev, json)?;
    Ok(tx)
}

/// The app's change counter moved to `dirty`: save a moment later.
pub fn changed(work: &Work, dirty: u64) {
    let pending = {
        let mut w = work.borrow_mut();
        w.changed = w.changed.max(dirty);
        w.changed > w.saved
    };
    if pending {
        schedule(work);
        emit(work, Event::Saving);
    }
}

fn schedule(work: &Work) {
    let weak = Rc::downgrade(work);
    let timer = gloo::timers::callback::Timeout::new(DEBOUNCE_MS, move || {
        if let Some(work) = weak.upgrade() {
            flush(&work, false);
        }
    });
    work.borrow_mut().timer = Some(timer);
}

/// Saves what is not saved yet, now. `leaving`: the page is being hidden
/// or unloaded (or the document switched), so do not wait for a save in
/// flight.
pub fn flush(work: &Work, leaving: bool) {
    let mut w = work.borrow_mut();
    w.timer = None;
    if !w.loaded || w.changed <= w.saved || w.conflict || (w.writing && !leaving) {
        return;
    }
    if let Some(why) = w.blocked.clone() {
        drop(w);
        emit(work, Event::Failed(why));
        return;
    }
    // No database once loaded means it could not be opened, and then
    // `blocked` said so above.
    let Some(db) = w.db.clone() else { return };
    let started = now_ms();
    let json = {
        let session = w.session.borrow();
        json_of(&session)
    };
    let rev = w.rev + 1.0;
    let upto = w.changed;
    let sha = w.sha.clone();
    w.writing = true;
    drop(w);
    let issued = write(&db, &sha, rev, &json);
    let work = work.clone();
    yew::platform::spawn_local(async move {
        let result = match issued {
            Ok(tx) => store::commit(&tx, "save").await,
            Err(e) => Err(e),
        };
        measure("glossa:save", started);
        finish(&work, &sha, rev, upto, result);
    });
}

fn finish(work: &Work, sha: &str, rev: f64, upto: u64, result: Result<(), Failure>) {
    let event = {
        let mut w = work.borrow_mut();
        if w.sha != sha {
            // The document was switched meanwhile; only a failure matters now.
            return match result {
                Ok(()) => (),
                Err(e) => {
                    drop(w);
                    emit(
                        work,
                        Event::Failed(format!(
                            "changes to the previous document were not saved ({})",
                            e.text()
                        )),
                    );
                }
            };
        }
        w.writing = false;
        match result {
            Ok(()) => {
                w.rev = w.rev.max(rev);
                w.saved = w.saved.max(upto);
                if let Some(channel) = &w.channel {
                    let _ = channel.post_message(&format!("{sha} {rev}").into());
                }
                let _ = platform::storage_remove(&legacy_key(&w.prefix, sha));
                if w.changed > w.saved {
                    None
                } else {
                    Some(Event::Saved)
                }
            }
            Err(Failure::Taken) => {
                w.conflict = true;
                Some(Event::Conflict)
            }
            Err(e) => Some(Event::Failed(e.text())),
        }
    };
    match event {
        Some(e) => emit(work, e),
        // More changes came while this save was written.
        None => schedule(work),
    }
}

/// "Keep mine": the other tab's record goes into a backup, then this tab's
/// work is written over it, in one transaction.
fn keep_mine(work: &Work) {
    let Some((db, sha, json)) = current_work(work) else {
        return;
    };
    let upto = work.borrow().changed;
    let work = work.clone();
    yew::platform::spawn_local(async move {
        let result = overwrite(&db, &sha, &json).await;
        let event = {
            let mut w = work.borrow_mut();
            if w.sha != sha {
                return;
            }
            match result {
                Ok(rev) => {
                    w.rev = rev;
                    w.saved = w.saved.max(upto);
                    w.conflict = false;
                    if let Some(channel) = &w.channel {
                        let _ = channel.post_message(&format!("{sha} {rev}").into());
                    }
                    if w.changed > w.saved {
                        // Changes made while it was written follow.
                        drop(w);
                        schedule(&work);
                        return emit(&work, Event::Saving);
                    }
                    Event::Saved
                }
                Err(e) => Event::Failed(e.text()),
            }
        };
        emit(&work, event);
    });
}

async fn overwrite(db: &IdbDatabase, sha: &str, json: &str) -> Result<f64, Failure> {
    let tx = store::transaction(db, &[WORK, CLAIMS, BACKUPS], true)?;
    let request = store::store(&tx, WORK)?
        .get(&sha.into())
        .map_err(|_| Failure::Other("the browser's database refused to read".into()))?;
    let theirs = store::done(&request, "read").await?;
    let mut rev = js_sys::Date::now();
    if !theirs.is_undefined() {
        rev = store::number_field(&theirs, "rev").unwrap_or(rev) + 1.0;
        add_backup(&tx, &backup_id(sha), sha, &theirs)?;
    }
    claim_and_write(&tx, sha, rev, json)?;
    store::commit(&tx, "save").await?;
    Ok(rev)
}

/// "Take theirs": this tab's work goes into a backup, then the stored
/// work is loaded.
fn take_theirs(work: &Work) {
    let Some((db, sha, json)) = current_work(work) else {
        return;
    };
    let work = work.clone();
    yew::platform::spawn_local(async move {
        match backup(&db, &sha, &json.into()).await {
            Ok(_) => {
                {
                    let mut w = work.borrow_mut();
                    w.saved = w.changed;
                    w.conflict = false;
                }
                load(&work, true);
            }
            Err(e) => emit(
                &work,
                Event::Failed(format!(
                    "your work could not be kept aside, so theirs was not loaded ({})",
                    e.text()
                )),
            ),
        }
    });
}

/// The app's reaction to saving events.
pub fn reduce(state: Rc<State>, event: Event) -> Rc<State> {
    match event {
        Event::Loaded(loaded) => on_loaded(state, *loaded),
        Event::Saving if state.save == View::Saving || state.save == View::NotSaved => state,
        Event::Saving => state.with(|s| s.save = View::Saving),
        Event::Saved => state.with(|s| {
            s.save = View::Saved;
            s.problem = None;
        }),
        Event::Failed(why) => state.with(|s| {
            s.save = View::NotSaved;
            s.problem = Some(Problem::Failed(why));
        }),
        Event::Conflict => state.with(|s| {
            s.save = View::NotSaved;
            s.problem = Some(Problem::Conflict);
        }),
        Event::KeepMine => {
            keep_mine(&state.work);
            state.with(|s| s.message = Some("Saving your work over the other tab's…".into()))
        }
        Event::TakeTheirs => {
            take_theirs(&state.work);
            state.with(|s| {
                s.message = Some("Loading the other tab's work; yours is kept as a backup…".into())
            })
        }
        Event::Export => {
            let result =
                crate::exports::export(&state.session.borrow(), crate::exports::Format::Glossa);
            state.with(|s| {
                s.message = Some(match result {
                    Ok(names) => format!("Exported {names}"),
                    Err(e) => format!("The export did not start: {e}."),
                })
            })
        }
    }
}

fn on_loaded(state: Rc<State>, loaded: Loaded) -> Rc<State> {
    let doc = state.session.borrow().doc.clone();
    if loaded.sha != doc.text_sha256 {
        return state;
    }
    if loaded.reload {
        let w = state.work.borrow();
        if w.changed > w.saved {
            drop(w);
            state.work.borrow_mut().conflict = true;
            return reduce(state, Event::Conflict);
        }
    }
    let session = Rc::new(RefCell::new(with_proposals(
        loaded.session.unwrap_or_else(|| Session::new(doc)),
        state.suggested.as_ref(),
    )));
    {
        let mut w = state.work.borrow_mut();
        w.session = session.clone();
        w.rev = loaded.rev;
        w.loaded = true;
        w.saved = w.changed;
        w.conflict = false;
        w.blocked = loaded.blocked;
    }
    state.with(|s| {
        s.session = session;
        s.ready = true;
        s.save = View::Saved;
        s.problem = None;
        if loaded.reload {
            s.banner = Some(
                "Updated from another tab: this document now shows the work saved there.".into(),
            );
        } else if loaded.note.is_some() {
            s.banner = loaded.note;
        }
    })
}

/// The banner for a storage problem, with its choices.
pub fn banner(problem: &Problem, dispatch: &Callback<Msg>) -> Html {
    let act = |e: fn() -> Event| dispatch.reform(move |_: ()| Msg::Work(e()));
    let (text, actions) = match problem {
        Problem::Failed(why) => (
            format!("Your latest changes could not be saved: {why}. Everything is still here in this tab, and Glossa tries again at your next change. Export your work now to keep a copy."),
            vec![(AttrValue::from("Export my work"), act(|| Event::Export))],
        ),
        Problem::Conflict => (
            "This document was changed and saved in another tab while you had unsaved changes here. Nothing was overwritten. Choose which work to keep; the other is kept as a backup.".to_string(),
            vec![
                (AttrValue::from("Keep mine (overwrite theirs)"), act(|| Event::KeepMine)),
                (AttrValue::from("Take theirs"), act(|| Event::TakeTheirs)),
                (AttrValue::from("Export mine"), act(|| Event::Export)),
            ],
        ),
    };
    html! {
        <crate::components::Banner text={text} {actions} dismissable={false} on_dismiss={Callback::noop()} />
    }
}

/// Saves at once when the page is hidden or unloaded; returns the
/// listeners, which stop when dropped.
pub fn flush_on_leave(work: &Work) -> Vec<gloo::events::EventListener> {
    let mut listeners = Vec::new();
    let Some(window) = web_sys::window() else {
        return listeners;
    };
    let weak = Rc::downgrade(work);
    listeners.push(gloo::events::EventListener::new(
        &window,
        "pagehide",
        move |_| {
            if let Some(work) = weak.upgrade() {
                flush(&work, true);
            }
        },
    ));
    if let Some(document) = window.document() {
        let weak = Rc::downgrade(work);
        let doc = document.clone();
        listeners.push(gloo::events::EventListener::new(
            &document,
            "visibilitychange",
            move |_| {
                if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                    if let Some(work) = weak.upgrade() {
                        flush(&work, true);
                    }
                }
            },
        ));
    }
    listeners
}

/// Inside `tx`: claims revision `rev` of the document's work (an `add`,
/// which fails if another tab claimed it first and so aborts the whole
/// transaction) and writes the work under it.
fn claim_and_write(
    tx: &web_sys::IdbTransaction,
    sha: &str,
    rev: f64,
    json: &str,
) -> Result<(), Failure> {
    let refused = |e| store::thrown(e, "save");
    store::store(tx, CLAIMS)?
        .add(&store::record(&format!("{sha}:{rev}"), &[]))
        .map_err(refused)?;
    let record = store::record(
        sha,
        &[("rev", &JsValue::from_f64(rev)), ("data", &json.into())],
    );
    store::store(tx, WORK)?.put(&record).map_err(refused)?;
    Ok(())
}

/// The open database, the document's fingerprint and its work as JSON; None
/// before the database is open.
fn current_work(work: &Work) -> Option<(IdbDatabase, String, String)> {
    let w = work.borrow();
    let db = w.db.clone()?;
    let json = json_of(&w.session.borrow());
    Some((db, w.sha.clone(), json))
}
