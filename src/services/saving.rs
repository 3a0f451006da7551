//! Saved work: each document's session as Glossa JSON in one IndexedDB
//! record `{id: sha256, rev, data}` in the database `{prefix}-work`.
//!
//! What to do and when is decided by the core's pure machine
//! ([`glossa_core::save::Saver`]); this module only carries out its
//! effects and feeds their results back:
//!
//! - a timer for the debounce ([`DEBOUNCE_MS`]), and a flush at once when
//!   the page is hidden or unloaded, the document is switched or the app
//!   unmounts;
//! - a write is one readwrite transaction that adds a claim `"{sha}:{rev}"`
//!   (an `add`, which fails if the key is taken) and puts the record, so two
//!   tabs that both hold revision n cannot both write n + 1 unseen. No read
//!   comes first, so a save issued while the page unloads needs no second
//!   round trip; a write chained after one still under way also checks
//!   that the claim before it is this tab's;
//! - tabs tell each other about saves on a `BroadcastChannel`;
//! - unreadable records are copied into `backups` (never overwritten,
//!   `add`) before anything can replace them; work saved by older versions
//!   in local storage is read once and moved.
//!
//! It reports through [`SaveEvent`]: the status to show (one source: the
//! machine) and work read that replaces the session shown.

use super::platform;
use super::store::{self, Failure};
use glossa_core::save::{Effect, Input, Peer, Rev, Saver, Status, Written};
use glossa_core::{format, Document, Session};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, IdbDatabase};
use yew::Callback;

const WORK: &str = "work";
const CLAIMS: &str = "claims";
const BACKUPS: &str = "backups";
const STORES: [&str; 3] = [WORK, CLAIMS, BACKUPS];
/// How long after the last change a save starts.
pub const DEBOUNCE_MS: u32 = 300;

/// What saving tells the app.
pub enum SaveEvent {
    /// The status to show changed.
    Status(Status),
    /// The document's saved work was read (or another tab's newer work
    /// taken): show `session` in place of the one shown. `note`: something
    /// the person should know (unreadable work kept aside, moved work).
    Loaded {
        session: Rc<RefCell<Session>>,
        note: Option<String>,
        reload: bool,
    },
}

/// The saving side of one tab. Cheap to clone; compares by identity.
#[derive(Clone)]
pub struct Saving(Rc<RefCell<Inner>>);

impl PartialEq for Saving {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct Inner {
    prefix: String,
    report: Callback<SaveEvent>,
    db: Option<IdbDatabase>,
    channel: Option<BroadcastChannel>,
    /// Marks this tab's claims, so a chained write can check the claim
    /// before it is its own.
    token: String,
    /// The document shown last, then documents left with writes under way.
    docs: Vec<Doc>,
    next_id: u64,
}

/// One document's saving.
struct Doc {
    id: u64,
    doc: Rc<Document>,
    machine: Saver,
    /// The session being saved: the one the app shows, once read.
    session: Rc<RefCell<Session>>,
    timer: Option<gloo::timers::callback::Timeout>,
}

/// What reading a document's saved work found.
struct ReadWork {
    rev: Rev,
    session: Option<Session>,
    note: Option<String>,
    /// Saving would overwrite data that could not be kept aside.
    blocked: Option<String>,
}

fn db_name(prefix: &str) -> String {
    format!("{prefix}-work")
}

/// Where versions before IndexedDB saved a document's work.
pub fn legacy_key(prefix: &str, sha: &str) -> String {
    format!("{prefix}:v1:doc:{sha}")
}

impl Saving {
    /// Saving for this tab; `prefix` names its database (tests use their own).
    pub fn new(prefix: &str, report: Callback<SaveEvent>) -> Saving {
        let token = platform::new_annotation_id().to_string();
        let saving = Saving(Rc::new(RefCell::new(Inner {
            prefix: prefix.to_string(),
            report,
            db: None,
            channel: None,
            token,
            docs: Vec::new(),
            next_id: 0,
        })));
        saving.listen_to_other_tabs();
        saving
    }

    /// Stops reporting (the app is going away); saving still finishes.
    pub fn mute(&self) {
        self.0.borrow_mut().report = Callback::noop();
    }

    /// Starts saving `doc` (reads its saved work first). A document shown
    /// before is left: what is pending for it is written now.
    pub fn open(&self, doc: Rc<Document>) {
        let left = self.0.borrow().docs.last().map(|d| d.id);
        if let Some(id) = left {
            let effects = self.with_doc(id, |d| {
                let changes = d.session.borrow().changes();
                d.timer = None;
                d.machine.retire(changes)
            });
            self.carry_out(id, effects.unwrap_or_default(), None);
        }
        let (machine, effects) = Saver::start();
        let id = {
            let mut inner = self.0.borrow_mut();
            inner.next_id += 1;
            let id = inner.next_id;
            let session = Rc::new(RefCell::new(Session::new(doc.clone())));
            inner.docs.push(Doc {
                id,
                doc,
                machine,
                session,
                timer: None,
            });
            id
        };
        self.forget_finished();
        self.carry_out(id, effects, None);
    }

    /// The shown session changed (its change counter moved).
    pub fn changed(&self) {
        self.step_current(|changes| Input::Changed { changes });
    }

    /// Write what is pending now: the page is being hidden or unloaded.
    pub fn leave(&self) {
        self.snapshot_on_leave();
        self.step_current(|changes| Input::Leaving { changes });
    }

    /// The page may be going away: the save issued now is not sure to land
    /// (a page being unloaded does not wait for the browser's database). So
    /// unsaved work is also put in local storage, which is written at once;
    /// the next read of the document restores it if the save did not land
    /// ([`restore_leaving`]), and a save that lands removes it.
    fn snapshot_on_leave(&self) {
        let Some(id) = self.current_id() else { return };
        let snapshot = self.with_doc(id, |d| {
            let session = d.session.borrow();
            d.machine.has_unsaved(session.changes()).then(|| {
                (
                    d.doc.text_sha256.clone(),
                    d.machine.rev(),
                    json_of(&session),
                )
            })
        });
        let Some(Some((sha, base, data))) = snapshot else {
            return;
        };
        let inner = self.0.borrow();
        let record = serde_json::json!({"base": base, "by": inner.token, "data": data});
        // If local storage refuses (full, disabled), the database save issued
        // next is all there is, as before.
        let _ = platform::storage_set(&leaving_key(&inner.prefix, &sha), &record.to_string());
    }

    /// Conflict: write this tab's work over the other's (kept as a backup).
    pub fn keep_mine(&self) {
        self.step_current(|changes| Input::KeepMine { changes });
    }

    /// Conflict: keep this tab's work as a backup and show the other's.
    pub fn take_theirs(&self) {
        self.step_current(|changes| Input::TakeTheirs { changes });
    }

    /// Saves at once when the page is hidden or unloaded; the listeners
    /// stop when dropped.
    pub fn flush_on_leave(&self) -> Vec<gloo::events::EventListener> {
        let mut listeners = Vec::new();
        let Some(window) = web_sys::window() else {
            return listeners;
        };
        let weak = Rc::downgrade(&self.0);
        listeners.push(gloo::events::EventListener::new(
            &window,
            "pagehide",
            move |_| {
                if let Some(inner) = weak.upgrade() {
                    Saving(inner).leave();
                }
            },
        ));
        if let Some(document) = window.document() {
            let weak = Rc::downgrade(&self.0);
            let doc = document.clone();
            listeners.push(gloo::events::EventListener::new(
                &document,
                "visibilitychange",
                move |_| {
                    if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                        if let Some(inner) = weak.upgrade() {
                            Saving(inner).leave();
                        }
                    }
                },
            ));
        }
        listeners
    }

    fn current_id(&self) -> Option<u64> {
        self.0
            .borrow()
            .docs
            .last()
            .filter(|d| !d.machine.is_retired())
            .map(|d| d.id)
    }

    fn step_current(&self, input: impl FnOnce(u64) -> Input) {
        if let Some(id) = self.current_id() {
            self.step(id, input);
        }
    }

    /// Feeds document `id`'s machine one input (made from the session's
    /// change counter) and carries out what it says.
    fn step(&self, id: u64, input: impl FnOnce(u64) -> Input) {
        let effects = self.with_doc(id, |d| {
            let changes = d.session.borrow().changes();
            d.machine.step(input(changes))
        });
        if let Some(effects) = effects {
            self.carry_out(id, effects, None);
        }
    }

    fn with_doc<T>(&self, id: u64, f: impl FnOnce(&mut Doc) -> T) -> Option<T> {
        let mut inner = self.0.borrow_mut();
        inner.docs.iter_mut().find(|d| d.id == id).map(f)
    }

    /// Drops documents left behind once nothing is under way for them.
    fn forget_finished(&self) {
        let mut inner = self.0.borrow_mut();
        let last = inner.docs.len().saturating_sub(1);
        let mut i = 0;
        inner.docs.retain(|d| {
            let keep = i == last || !d.machine.is_idle(d.session.borrow().changes());
            i += 1;
            keep
        });
    }

    fn report(&self, event: SaveEvent) {
        let report = self.0.borrow().report.clone();
        report.emit(event);
    }

    fn is_current(&self, id: u64) -> bool {
        self.current_id() == Some(id)
    }

    /// Carries out the machine's effects for document `id`. `read`: the
    /// work just read, for `Adopt`.
    fn carry_out(&self, id: u64, effects: Vec<Effect>, mut read: Option<ReadWork>) {
        for effect in effects {
            match effect {
                Effect::ArmTimer => {
                    let weak = Rc::downgrade(&self.0);
                    let timer = gloo::timers::callback::Timeout::new(DEBOUNCE_MS, move || {
                        if let Some(inner) = weak.upgrade() {
                            Saving(inner).step(id, |changes| Input::TimerFired { changes });
                        }
                    });
                    self.with_doc(id, |d| d.timer = Some(timer));
                }
                Effect::Read { .. } => self.read(id),
                Effect::Adopt { reload } => {
                    let Some(work) = read.take() else { continue };
                    let Some(doc) = self.with_doc(id, |d| d.doc.clone()) else {
                        continue;
                    };
                    let session = Rc::new(RefCell::new(
                        work.session.unwrap_or_else(|| Session::new(doc)),
                    ));
                    self.with_doc(id, |d| d.session = session.clone());
                    let note = if reload {
                        Some("Updated from another tab: this document now shows the work saved there.".into())
                    } else {
                        work.note
                    };
                    self.report(SaveEvent::Loaded {
                        session,
                        note,
                        reload,
                    });
                }
                Effect::Write { rev, upto, after } => self.write(id, rev, upto, after),
                Effect::Overwrite { upto } => self.overwrite(id, upto),
                Effect::KeepAside { upto } => self.keep_aside(id, upto),
                Effect::Backup => self.backup_now(id),
                Effect::Announce { rev } => {
                    let inner = self.0.borrow();
                    let sha = inner
                        .docs
                        .iter()
                        .find(|d| d.id == id)
                        .map(|d| d.doc.text_sha256.clone());
                    if let (Some(channel), Some(sha)) = (&inner.channel, sha.as_ref()) {
                        let _ = channel.post_message(&format!("{sha} {rev}").into());
                        let _ = platform::storage_remove(&legacy_key(&inner.prefix, sha));
                    }
                    // Everything shown is saved: a snapshot taken when the
                    // page was hidden is no longer needed.
                    let saved_all = inner
                        .docs
                        .iter()
                        .find(|d| d.id == id)
                        .is_some_and(|d| !d.machine.has_unsaved(d.session.borrow().changes()));
                    if let (true, Some(sha)) = (saved_all, sha) {
                        let _ = platform::storage_remove(&leaving_key(&inner.prefix, &sha));
                    }
                }
                Effect::Status(status) => {
                    // A document left behind only reports its failures.
                    if self.is_current(id) || matches!(status, Status::NotSaved(_)) {
                        self.report(SaveEvent::Status(status));
                    }
                }
            }
        }
        self.forget_finished();
    }

    fn listen_to_other_tabs(&self) {
        let prefix = self.0.borrow().prefix.clone();
        let Ok(channel) = BroadcastChannel::new(&db_name(&prefix)) else {
            return;
        };
        let weak: Weak<RefCell<Inner>> = Rc::downgrade(&self.0);
        let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
            move |e: web_sys::MessageEvent| {
                if let (Some(inner), Some(text)) = (weak.upgrade(), e.data().as_string()) {
                    Saving(inner).heard(&text);
                }
            },
        );
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // One listener for the tab's life, like the channel itself.
        on_message.forget();
        self.0.borrow_mut().channel = Some(channel);
    }

    /// Another tab saved `"{sha} {rev}"`, or the sync service stored the
    /// server's work (`"{sha} {rev} server"`).
    fn heard(&self, text: &str) {
        let Some((sha, rev, peer)) = parse_announcement(text) else {
            return;
        };
        let id = {
            let inner = self.0.borrow();
            inner
                .docs
                .last()
                .filter(|d| d.doc.text_sha256 == sha)
                .map(|d| d.id)
        };
        if let Some(id) = id {
            self.step(id, |changes| Input::Heard { peer, rev, changes });
        }
    }

    async fn database(&self) -> Result<IdbDatabase, Failure> {
        let (db, prefix) = {
            let inner = self.0.borrow();
            (inner.db.clone(), inner.prefix.clone())
        };
        if let Some(db) = db {
            return Ok(db);
        }
        let db = store::open(&db_name(&prefix), &STORES).await?;
        self.0.borrow_mut().db = Some(db.clone());
        Ok(db)
    }

    /// Reads the document's saved work, then tells its machine.
    fn read(&self, id: u64) {
        let Some(doc) = self.with_doc(id, |d| d.doc.clone()) else {
            return;
        };
        let prefix = self.0.borrow().prefix.clone();
        let saving = self.clone();
        yew::platform::spawn_local(async move {
            let started = platform::now_ms();
            let work = match saving.database().await {
                Ok(db) => {
                    let work = read(&db, &prefix, doc.clone()).await;
                    restore_leaving(&db, &prefix, doc, work).await
                }
                Err(e) => ReadWork {
                    rev: 0,
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
                },
            };
            platform::measure("glossa:load", started);
            let effects = saving.with_doc(id, |d| {
                let changes = d.session.borrow().changes();
                d.machine.step(Input::Read {
                    rev: work.rev,
                    blocked: work.blocked.clone(),
                    changes,
                })
            });
            if let Some(effects) = effects {
                saving.carry_out(id, effects, Some(work));
            }
        });
    }

    /// The document's work as JSON, its fingerprint, and the open database.
    fn current_work(&self, id: u64) -> Option<(String, String, Option<IdbDatabase>)> {
        let db = self.0.borrow().db.clone();
        self.with_doc(id, |d| {
            (d.doc.text_sha256.clone(), json_of(&d.session.borrow()), db)
        })
    }

    /// Issues one save of revision `rev`: claim it, write the record.
    /// Nothing is awaited before the requests are made, so a page that is
    /// going away still gets it written.
    fn write(&self, id: u64, rev: Rev, upto: u64, after: Option<Rev>) {
        let Some((sha, json, db)) = self.current_work(id) else {
            return;
        };
        let token = self.0.borrow().token.clone();
        let started = platform::now_ms();
        let issued = match db {
            Some(db) => store::transaction(&db, &[WORK, CLAIMS], true).and_then(|tx| {
                if after.is_none() {
                    claim_and_write(&tx, &sha, rev, &json, &token)?;
                }
                Ok(tx)
            }),
            None => Err(Failure::Other("the browser's database is not open".into())),
        };
        let saving = self.clone();
        yew::platform::spawn_local(async move {
            let result = match issued {
                Ok(tx) => {
                    let chained = match after {
                        Some(before) => chain(&tx, &sha, before, rev, &json, &token).await,
                        None => Ok(()),
                    };
                    match chained {
                        Ok(()) => store::commit(&tx, "save").await,
                        Err(e) => {
                            let _ = tx.abort();
                            Err(e)
                        }
                    }
                }
                Err(e) => Err(e),
            };
            platform::measure("glossa:save", started);
            let result = match result {
                Ok(()) => Written::Ok,
                Err(Failure::Taken) => Written::Taken,
                Err(e) => Written::Failed(e.text()),
            };
            saving.step(id, |changes| Input::Wrote {
                rev,
                upto,
                result,
                changes,
            });
        });
    }

    /// "Keep mine": the stored record goes into a backup, then this tab's
    /// work is written over it, in one transaction.
    fn overwrite(&self, id: u64, upto: u64) {
        let Some((sha, json, Some(db))) = self.current_work(id) else {
            return;
        };
        let token = self.0.borrow().token.clone();
        let saving = self.clone();
        yew::platform::spawn_local(async move {
            let result = overwrite(&db, &sha, &json, &token)
                .await
                .map_err(|e| e.text());
            saving.step(id, |changes| Input::Overwrote {
                result,
                upto,
                changes,
            });
        });
    }

    /// "Take theirs": this tab's work goes into a backup first.
    fn keep_aside(&self, id: u64, upto: u64) {
        let Some((sha, json, Some(db))) = self.current_work(id) else {
            return;
        };
        let saving = self.clone();
        yew::platform::spawn_local(async move {
            let result = backup(&db, &sha, &json.into())
                .await
                .map(|_| ())
                .map_err(|e| e.text());
            saving.step(id, |_| Input::KeptAside { result, upto });
        });
    }

    /// Keeps this tab's work aside at once (work that cannot be written is
    /// being left). The requests are made now; nothing follows.
    fn backup_now(&self, id: u64) {
        let Some((sha, json, Some(db))) = self.current_work(id) else {
            return;
        };
        if let Ok(tx) = store::transaction(&db, &[BACKUPS], true) {
            let _ = add_backup(&tx, &backup_id(&sha), &sha, &json.into());
        }
    }
}

/// The name of the channel on which saves are announced (`"{sha} {rev}"`,
/// plus `" server"` for work the sync service stored).
pub fn channel_name(prefix: &str) -> String {
    db_name(prefix)
}

/// Reads an announcement: the document, the revision stored, who stored it.
pub fn parse_announcement(text: &str) -> Option<(&str, Rev, Peer)> {
    let mut words = text.split(' ');
    let sha = words.next()?;
    let rev = words.next()?.parse::<Rev>().ok()?;
    let peer = match words.next() {
        Some("server") => Peer::Server,
        _ => Peer::Tab,
    };
    Some((sha, rev, peer))
}

/// The stored work of `sha`: its revision and Glossa JSON, if any. For the
/// sync service, which reads what every tab saved.
pub async fn stored_work(prefix: &str, sha: &str) -> Result<Option<(Rev, String)>, String> {
    let db = store::open(&db_name(prefix), &STORES)
        .await
        .map_err(|e| e.text())?;
    let value = store::get(&db, WORK, sha).await.map_err(|e| e.text())?;
    if value.is_undefined() {
        return Ok(None);
    }
    let rev = store::number_field(&value, "rev").map(rev_of);
    let data = store::text_field(&value, "data");
    match (rev, data) {
        (Some(rev), Some(data)) => Ok(Some((rev, data))),
        _ => Err("the saved work of a project document could not be read".into()),
    }
}

/// Stores work that came from the server as revision `over + 1` of `sha`,
/// the way a tab saves (claiming the revision, so a tab that saved first
/// wins and nothing is overwritten unseen), then announces it so every tab
/// showing the document reads it.
pub async fn store_from_server(
    prefix: &str,
    sha: &str,
    over: Rev,
    json: &str,
) -> Result<Rev, Failure> {
    store_as(prefix, sha, over, json, "server").await
}

/// Stores work brought in for a document that may not be open (files
/// opened together) as revision `over + 1`, claimed like a tab's save, and
/// tells every tab.
pub async fn store_opened(prefix: &str, sha: &str, over: Rev, json: &str) -> Result<Rev, Failure> {
    store_as(prefix, sha, over, json, "opened").await
}

async fn store_as(
    prefix: &str,
    sha: &str,
    over: Rev,
    json: &str,
    by: &str,
) -> Result<Rev, Failure> {
    let db = store::open(&db_name(prefix), &STORES).await?;
    let tx = store::transaction(&db, &[WORK, CLAIMS], true)?;
    let rev = over + 1;
    claim_and_write(&tx, sha, rev, json, by)?;
    store::commit(&tx, "save").await?;
    if let Ok(channel) = BroadcastChannel::new(&db_name(prefix)) {
        let peer = if by == "server" { " server" } else { "" };
        let _ = channel.post_message(&format!("{sha} {rev}{peer}").into());
        channel.close();
    }
    Ok(rev)
}

/// The work as Glossa JSON, as saving writes it.
pub fn work_json(session: &Session) -> String {
    json_of(session)
}

/// Keeps `json` (a version of `sha`'s work the person chose not to keep)
/// aside in this browser's backups; returns the backup's name.
pub async fn keep_version_aside(prefix: &str, sha: &str, json: &str) -> Result<String, Failure> {
    let db = store::open(&db_name(prefix), &STORES).await?;
    backup(&db, sha, &json.into()).await
}

/// The work as Glossa JSON, without the export's indentation (a third
/// smaller for large documents; the same JSON).
fn json_of(session: &Session) -> String {
    let file = format::export(session, platform::now(), crate::VERSION);
    serde_json::to_string(&file).unwrap_or_else(|_| format::to_json(&file))
}

/// A stored revision as the number IndexedDB keeps.
fn rev_of(value: f64) -> Rev {
    if value.is_finite() && value > 0.0 {
        value as Rev
    } else {
        0
    }
}

async fn read(db: &IdbDatabase, prefix: &str, doc: Rc<Document>) -> ReadWork {
    let sha = doc.text_sha256.clone();
    let mut out = ReadWork {
        rev: 0,
        session: None,
        note: None,
        blocked: None,
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
            out.rev = rev_of(rev);
            out.session = Some(session);
        }
        (rev, parsed) => {
            let why = match parsed {
                Err(why) => why,
                Ok(_) => "the record has no revision.".into(),
            };
            // A revision no earlier save claimed, so the next save can go ahead.
            out.rev = rev_of(rev.unwrap_or_else(js_sys::Date::now));
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
async fn read_legacy(
    db: &IdbDatabase,
    prefix: &str,
    doc: Rc<Document>,
    mut out: ReadWork,
) -> ReadWork {
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
            let moved = match store::transaction(db, &[WORK, CLAIMS], true) {
                Ok(tx) => match claim_and_write(&tx, &doc.text_sha256, 1, &saved, "") {
                    Ok(()) => store::commit(&tx, "save").await,
                    Err(e) => Err(e),
                },
                Err(e) => Err(e),
            };
            match moved {
                Ok(()) => {
                    out.rev = 1;
                    let _ = platform::storage_remove(&key);
                }
                Err(e) => {
                    out.note = Some(format!("Your saved work was read from local storage but could not be moved into the browser's database ({}); it stays in local storage.", e.text()));
                }
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

/// Where a page going away puts its unsaved work (see
/// [`Saving::snapshot_on_leave`]).
fn leaving_key(prefix: &str, sha: &str) -> String {
    format!("{prefix}:v1:leaving:{sha}")
}

/// Work a page put aside as it went away, if its last save did not land:
/// compared with what the database holds (`work`, just read) and
///
/// - dropped when the database already holds the same annotations;
/// - restored (written as the next revision) when nothing but that page
///   saved the document after the revision it started from;
/// - kept aside as a backup, and said, when another tab has saved since
///   (neither version is chosen for the person).
///
/// Local storage is cleared only once the work is in the database.
async fn restore_leaving(
    db: &IdbDatabase,
    prefix: &str,
    doc: Rc<Document>,
    mut out: ReadWork,
) -> ReadWork {
    let key = leaving_key(prefix, &doc.text_sha256);
    let Ok(Some(saved)) = platform::storage_get(&key) else {
        return out;
    };
    if out.blocked.is_some() {
        // The database's record could not be read: nothing is decided now.
        return out;
    }
    let parsed = serde_json::from_str::<serde_json::Value>(&saved).ok();
    let field = |name: &str| parsed.as_ref().and_then(|v| v.get(name).cloned());
    let base = field("base").and_then(|v| v.as_u64()).unwrap_or(0);
    let by = field("by")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let data = field("data").and_then(|v| v.as_str().map(str::to_string));
    let session = data
        .as_deref()
        .and_then(|json| format::read_session(doc.clone(), json).ok());
    let (Some(data), Some(session)) = (data, session) else {
        // Unreadable: kept in local storage under a backup name, said.
        let backup = legacy_backup_key(prefix, &doc.text_sha256);
        if platform::storage_set(&backup, &saved).is_ok() {
            let _ = platform::storage_remove(&key);
        }
        out.note = Some(format!("Work put aside when this page was last closed could not be read; it was kept in this browser's storage as \"{backup}\"."));
        return out;
    };
    let same = match &out.session {
        Some(held) => held.annotations() == session.annotations(),
        None => session.annotations().is_empty(),
    };
    if same {
        let _ = platform::storage_remove(&key);
        return out;
    }
    let sha = doc.text_sha256.clone();
    let mut only_that_page = true;
    for rev in base.saturating_add(1)..=out.rev {
        let claim = store::get(db, CLAIMS, &claim_key(&sha, rev)).await;
        let claimer = claim.ok().and_then(|c| store::text_field(&c, "by"));
        if claimer.as_deref() != Some(by.as_str()) {
            only_that_page = false;
            break;
        }
    }
    if only_that_page {
        let next = out.rev + 1;
        let written = match store::transaction(db, &[WORK, CLAIMS], true) {
            Ok(tx) => match claim_and_write(&tx, &sha, next, &data, &by) {
                Ok(()) => store::commit(&tx, "save").await,
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        if written.is_ok() {
            let _ = platform::storage_remove(&key);
            out.rev = next;
            out.session = Some(session);
            out.note = Some("The last changes made before this page was closed had not reached the browser's database; they were restored from local storage.".into());
            return out;
        }
    }
    let value = store::record(
        &sha,
        &[
            ("rev", &JsValue::from_f64(base as f64)),
            ("data", &data.into()),
        ],
    );
    match backup(db, &sha, &value).await {
        Ok(id) => {
            let _ = platform::storage_remove(&key);
            out.note = Some(format!("Changes made just before a page with this document was closed had not been saved, and it was saved elsewhere since; those changes were kept aside as backup “{id}”."));
        }
        Err(e) => {
            out.note = Some(format!("Changes made just before a page with this document was closed had not been saved and could not be kept aside ({}); they stay in this browser's local storage.", e.text()));
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

async fn overwrite(db: &IdbDatabase, sha: &str, json: &str, token: &str) -> Result<Rev, Failure> {
    let tx = store::transaction(db, &[WORK, CLAIMS, BACKUPS], true)?;
    let request = store::store(&tx, WORK)?
        .get(&sha.into())
        .map_err(|_| Failure::Other("the browser's database refused to read".into()))?;
    let theirs = store::done(&request, "read").await?;
    let mut rev = rev_of(js_sys::Date::now());
    if !theirs.is_undefined() {
        rev = store::number_field(&theirs, "rev")
            .map(rev_of)
            .unwrap_or(rev)
            + 1;
        add_backup(&tx, &backup_id(sha), sha, &theirs)?;
    }
    claim_and_write(&tx, sha, rev, json, token)?;
    store::commit(&tx, "save").await?;
    Ok(rev)
}

/// Inside `tx`: claims revision `rev` of the document's work (an `add`,
/// which fails if another tab claimed it first and so aborts the whole
/// transaction) and writes the work under it.
fn claim_and_write(
    tx: &web_sys::IdbTransaction,
    sha: &str,
    rev: Rev,
    json: &str,
    token: &str,
) -> Result<(), Failure> {
    let refused = |e| store::thrown(e, "save");
    store::store(tx, CLAIMS)?
        .add(&store::record(
            &claim_key(sha, rev),
            &[("by", &token.into())],
        ))
        .map_err(refused)?;
    let record = store::record(
        sha,
        &[
            ("rev", &JsValue::from_f64(rev as f64)),
            ("data", &json.into()),
        ],
    );
    store::store(tx, WORK)?.put(&record).map_err(refused)?;
    Ok(())
}

/// A write chained after this tab's write of `before`: goes ahead only if
/// the claim of `before` is this tab's (that write was not beaten).
async fn chain(
    tx: &web_sys::IdbTransaction,
    sha: &str,
    before: Rev,
    rev: Rev,
    json: &str,
    token: &str,
) -> Result<(), Failure> {
    let request = store::store(tx, CLAIMS)?
        .get(&claim_key(sha, before).into())
        .map_err(|_| Failure::Other("the browser's database refused to read".into()))?;
    let claim = store::done(&request, "read").await?;
    if store::text_field(&claim, "by").as_deref() != Some(token) {
        return Err(Failure::Taken);
    }
    claim_and_write(tx, sha, rev, json, token)
}

fn claim_key(sha: &str, rev: Rev) -> String {
    format!("{sha}:{rev}")
}
