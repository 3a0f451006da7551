//! Team sync: the person's work replicated both ways with their project's
//! CouchDB databases, in the background, with the core's replication
//! protocol ([`glossa_core::couch::replicate`]) over `fetch`
//! ([`super::couch`]).
//!
//! - Work is saved locally first, exactly as without a server (the saving
//!   service); every save is announced on the saving channel, which this
//!   service also hears, so a change reaches the server about a second
//!   later. The core's [`work::reconcile`] turns local saves into revisions
//!   of `work:<sha>` in a replica of the person's work database, and
//!   newer work from the server into local saves (stored the way a tab
//!   saves, then announced, so the document shown reads it).
//! - Replicas (revision trees, change log, checkpoints, links) are kept in
//!   IndexedDB `{prefix}-sync` (stores `meta`: one record per database,
//!   `trees`: one per document), so work done offline is pushed after a
//!   reload and a restart of the browser.
//! - One tab of the browser syncs (a Web Lock); the others save locally
//!   and are heard through the channel.
//! - The loop: pull the project's documents (into the library), reconcile,
//!   push, pull the curator's view of everyone's work, then wait for news
//!   with a `_changes` longpoll under the client's own deadline, or for a
//!   local save. No answer: "offline", retried with a growing pause and at
//!   once when the browser is back online. Refused: said, and work goes on
//!   locally.
//!
//! It reports a [`SyncView`] (everything the views show about the team)
//! whenever it changes. No password is kept: it goes into one sign-in
//! request; CouchDB's session cookie does the rest.

use super::couch::{self, Db, SignInError};
use super::library::{self, Entry};
use super::platform;
use super::saving;
use super::store;
use glossa_core::article::{canonical_text, sha256_hex};
use glossa_core::couch::project::{self, Project, Role, PROJECT_DOC};
use glossa_core::couch::replicate::{self, Replica, SyncError};
use glossa_core::couch::revs::Rev;
pub use glossa_core::couch::status::{
    projects_of, Cell, ProjectDoc, SyncStatus, SyncView, Version,
};
use glossa_core::couch::work::{self, Outcome};
use js_sys::{Promise, Reflect};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;
use yew::Callback;

const META: &str = "meta";
const TREES: &str = "trees";
/// How long a `_changes` longpoll waits for news.
const LONGPOLL_MS: u32 = 25_000;
/// How often a curator's view reads every member's work again.
const CURATOR_POLL_MS: u32 = 3_000;
/// The longest pause between retries while offline.
const MAX_PAUSE_MS: u32 = 30_000;
/// A change is pushed this long after it was saved (saves come in bursts).
const PUSH_AFTER_MS: u32 = 250;

/// Where the person signs in and what they chose, as kept in local storage
/// (no password).
#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
struct Account {
    server: String,
    name: String,
    project: Option<String>,
}

/// A member's name and role.
type Member = (String, String);

/// A project document and every member's work on it: (member, Glossa JSON).
pub type DocumentWork = (Rc<glossa_core::Document>, Vec<(String, Value)>);

/// The replicas of one project.
#[derive(Default)]
struct Replicas {
    docs: Replica,
    own: Replica,
    team: BTreeMap<String, Replica>,
}

struct Inner {
    prefix: String,
    report: Callback<Rc<SyncView>>,
    view: SyncView,
    account: Option<Account>,
    device: String,
    /// Bumped on sign-in, sign-out and project change: a loop of an older
    /// generation stops.
    generation: u64,
    replicas: Replicas,
    /// Documents saved locally since the last reconcile.
    touched: BTreeSet<String>,
    /// Wakes the loop from a pause.
    wake: Option<js_sys::Function>,
    /// Stops the longpoll under way.
    longpoll: Option<AbortController>,
    /// This tab holds the sync lock.
    leader: bool,
    /// Reconcile every document on the next cycle (first run, resolution).
    scan_all: bool,
    /// Conflicts the person settled: document and the version kept.
    resolutions: Vec<(String, Rev)>,
}

/// The sync side of one tab. Cheap to clone; compares by identity.
#[derive(Clone)]
pub struct Sync(Rc<RefCell<Inner>>);

impl PartialEq for Sync {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn account_key(prefix: &str) -> String {
    format!("{prefix}:sync")
}

/// Words for a replication that stopped.
fn words_for(e: &SyncError) -> String {
    match e {
        SyncError::Unauthorized => "the server no longer accepts your sign-in for this project (the session ended, or your membership was removed): sign in again".into(),
        SyncError::Forbidden(why) => format!("the server refused access to this project ({why})"),
        SyncError::NotFound => "the project is not on the server (removed, or never set up)".into(),
        other => other.to_string(),
    }
}

impl Sync {
    /// Sync for this tab; picks up the account kept from the last visit.
    pub fn new(prefix: &str, report: Callback<Rc<SyncView>>) -> Sync {
        let device = match platform::storage_get(&format!("{prefix}:device")) {
            Ok(Some(d)) if !d.is_empty() => d,
            _ => {
                let d = platform::new_annotation_id().to_string();
                let _ = platform::storage_set(&format!("{prefix}:device"), &d);
                d
            }
        };
        let account: Option<Account> = platform::storage_get(&account_key(prefix))
            .ok()
            .flatten()
            .and_then(|s| serde_json::from_str(&s).ok());
        let mut view = SyncView::default();
        if let Some(a) = &account {
            view.server = a.server.clone();
            view.user = Some(a.name.clone());
            view.project = a.project.clone();
            view.status = SyncStatus::Syncing;
        }
        let sync = Sync(Rc::new(RefCell::new(Inner {
            prefix: prefix.to_string(),
            report,
            view,
            account,
            device,
            generation: 0,
            replicas: Replicas::default(),
            touched: BTreeSet::new(),
            wake: None,
            longpoll: None,
            leader: false,
            scan_all: true,
            resolutions: Vec::new(),
        })));
        sync.listen();
        if sync.0.borrow().account.is_some() {
            sync.start();
        }
        sync
    }

    /// Stops reporting (the app is going away).
    pub fn mute(&self) {
        self.0.borrow_mut().report = Callback::noop();
    }

    pub fn view(&self) -> Rc<SyncView> {
        Rc::new(self.0.borrow().view.clone())
    }

    fn emit(&self) {
        let (report, view) = {
            let inner = self.0.borrow();
            (inner.report.clone(), Rc::new(inner.view.clone()))
        };
        report.emit(view);
    }

    fn set_status(&self, status: SyncStatus) {
        if self.0.borrow().view.status != status {
            self.0.borrow_mut().view.status = status;
            self.emit();
        }
    }

    fn save_account(&self) {
        let inner = self.0.borrow();
        let key = account_key(&inner.prefix);
        match &inner.account {
            Some(a) => {
                let _ = platform::storage_set(&key, &serde_json::to_string(a).unwrap_or_default());
            }
            None => {
                let _ = platform::storage_remove(&key);
            }
        }
    }

    /// Signs in (the password is used for this request only).
    pub fn sign_in(&self, server: String, name: String, password: String) {
        let base = couch::base_url(&server);
        {
            let mut inner = self.0.borrow_mut();
            inner.view.signing_in = true;
            inner.view.sign_in_error = None;
            inner.view.server = base.clone();
        }
        self.emit();
        let sync = self.clone();
        yew::platform::spawn_local(async move {
            let result = couch::sign_in(&base, name.trim(), &password).await;
            drop(password);
            match result {
                Ok(user) => {
                    let projects = projects_of(&user.roles);
                    {
                        let mut inner = sync.0.borrow_mut();
                        let keep = inner
                            .account
                            .as_ref()
                            .filter(|a| a.name == user.name && a.server == base)
                            .and_then(|a| a.project.clone())
                            .filter(|p| projects.iter().any(|(q, _)| q == p));
                        let project =
                            keep.or_else(|| (projects.len() == 1).then(|| projects[0].0.clone()));
                        inner.account = Some(Account {
                            server: base.clone(),
                            name: user.name.clone(),
                            project,
                        });
                        inner.view.signing_in = false;
                        inner.view.user = Some(user.name.clone());
                        inner.view.projects = projects;
                    }
                    sync.save_account();
                    sync.start();
                }
                Err(e) => {
                    {
                        let mut inner = sync.0.borrow_mut();
                        inner.view.signing_in = false;
                        inner.view.sign_in_error = Some(match e {
                            SignInError::Refused => {
                                "Wrong name or password: the server did not accept them.".into()
                            }
                            other => format!("Could not sign in: {other}."),
                        });
                    }
                    sync.emit();
                }
            }
        });
    }

    /// Signs out: the server drops its session; work stays saved here.
    pub fn sign_out(&self) {
        let server = {
            let mut inner = self.0.borrow_mut();
            inner.generation += 1;
            inner.account = None;
            inner.replicas = Replicas::default();
            let server = inner.view.server.clone();
            inner.view = SyncView {
                server: server.clone(),
                ..SyncView::default()
            };
            server
        };
        self.save_account();
        self.wake();
        self.emit();
        yew::platform::spawn_local(async move {
            let _ = couch::sign_out(&server).await;
        });
    }

    /// Chooses the project to sync.
    pub fn choose_project(&self, name: String) {
        {
            let mut inner = self.0.borrow_mut();
            if let Some(a) = inner.account.as_mut() {
                a.project = Some(name);
            }
        }
        self.save_account();
        self.start();
    }

    /// A document was saved locally (`sha`), or something else changed:
    /// sync soon.
    pub fn kick(&self, sha: Option<String>) {
        {
            let mut inner = self.0.borrow_mut();
            if let Some(sha) = sha {
                inner.touched.insert(sha);
            }
        }
        self.wake();
    }

    fn wake(&self) {
        let (wake, longpoll) = {
            let mut inner = self.0.borrow_mut();
            (inner.wake.take(), inner.longpoll.take())
        };
        if let Some(longpoll) = longpoll {
            longpoll.abort();
        }
        if let Some(f) = wake {
            let _ = f.call0(&JsValue::NULL);
        }
    }

    /// Settles a conflict on `sha` by keeping version `keep`; the others
    /// are kept aside in this browser and stay in the server's history.
    pub fn resolve(&self, sha: String, keep: String) {
        let sync = self.clone();
        yew::platform::spawn_local(async move {
            let Some(keep) = Rev::parse(&keep) else {
                return;
            };
            let prefix = sync.0.borrow().prefix.clone();
            let dropped: Vec<String> = {
                let inner = sync.0.borrow();
                work::versions(&inner.replicas.own, &sha)
                    .into_iter()
                    .filter(|(r, _)| *r != keep)
                    .filter_map(|(_, body)| work::glossa_of(&body).map(|g| g.to_string()))
                    .collect()
            };
            for json in &dropped {
                if let Err(e) = saving::keep_version_aside(&prefix, &sha, json).await {
                    sync.warn(format!(
                        "The version you did not keep could not be kept aside in this browser ({}); nothing was changed.",
                        e.text()
                    ));
                    return;
                }
            }
            {
                let mut inner = sync.0.borrow_mut();
                inner.resolutions.push((sha.clone(), keep));
                inner.touched.insert(sha.clone());
                inner.view.conflicts.remove(&sha);
            }
            sync.emit();
            sync.wake();
        });
    }

    fn warn(&self, text: String) {
        self.0.borrow_mut().view.warning = Some(text);
        self.emit();
    }

    pub fn dismiss_warning(&self) {
        self.0.borrow_mut().view.warning = None;
        self.emit();
    }

    /// Hears every save announced on the saving channel (this tab's and
    /// other tabs').
    fn listen(&self) {
        let prefix = self.0.borrow().prefix.clone();
        let Ok(channel) = web_sys::BroadcastChannel::new(&saving::channel_name(&prefix)) else {
            return;
        };
        let weak = Rc::downgrade(&self.0);
        let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
            move |e: web_sys::MessageEvent| {
                let Some(inner) = weak.upgrade() else { return };
                let Some(text) = e.data().as_string() else {
                    return;
                };
                if let Some((sha, _, peer)) = saving::parse_announcement(&text) {
                    // What this service stored needs no sending back.
                    if peer == glossa_core::save::Peer::Tab {
                        Sync(inner).kick(Some(sha.to_string()));
                    }
                }
            },
        );
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        std::mem::forget(channel);
        // Back in view: catch up at once (timers may have slept meanwhile).
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(document) = document {
            let weak = Rc::downgrade(&self.0);
            let doc = document.clone();
            let listener =
                gloo::events::EventListener::new(&document, "visibilitychange", move |_| {
                    if doc.visibility_state() == web_sys::VisibilityState::Visible {
                        if let Some(inner) = weak.upgrade() {
                            Sync(inner).wake();
                        }
                    }
                });
            listener.forget();
        }
        // Back online: try at once.
        if let Some(window) = web_sys::window() {
            let weak = Rc::downgrade(&self.0);
            let listener = gloo::events::EventListener::new(&window, "online", move |_| {
                if let Some(inner) = weak.upgrade() {
                    Sync(inner).wake();
                }
            });
            listener.forget();
        }
    }

    /// Starts (or restarts) the loop for the account's project.
    fn start(&self) {
        let generation = {
            let mut inner = self.0.borrow_mut();
            inner.generation += 1;
            inner.replicas = Replicas::default();
            inner.scan_all = true;
            inner.view.docs.clear();
            inner.view.team.clear();
            inner.view.conflicts.clear();
            inner.view.members.clear();
            inner.view.project = inner.account.as_ref().and_then(|a| a.project.clone());
            inner.view.role = None;
            inner.generation
        };
        self.wake();
        let sync = self.clone();
        yew::platform::spawn_local(async move { sync.run(generation).await });
    }

    fn current(&self, generation: u64) -> bool {
        self.0.borrow().generation == generation
    }

    async fn run(&self, generation: u64) {
        let Some(account) = self.0.borrow().account.clone() else {
            return;
        };
        // Who is signed in, and in which projects (roles may have changed).
        match couch::session(&account.server).await {
            Ok(Some(user)) if user.name == account.name => {
                let projects = projects_of(&user.roles);
                let mut inner = self.0.borrow_mut();
                inner.view.user = Some(user.name);
                inner.view.projects = projects;
            }
            Ok(_) => {
                if self.current(generation) {
                    self.set_status(SyncStatus::Refused(
                        "your session on the server has ended: sign in again".into(),
                    ));
                }
                return;
            }
            // Offline: go on with what was kept; the loop retries.
            Err(_) => {}
        }
        if !self.current(generation) {
            return;
        }
        let Some(project) = account
            .project
            .as_deref()
            .and_then(|p| Project::new(p).ok())
        else {
            self.set_status(SyncStatus::NoProject);
            return;
        };
        {
            let role = {
                let inner = self.0.borrow();
                inner
                    .view
                    .projects
                    .iter()
                    .find(|(p, _)| p == project.name())
                    .map(|(_, r)| *r)
            };
            self.0.borrow_mut().view.role = role;
        }
        if !self.lead().await || !self.current(generation) {
            return;
        }
        self.load(&project).await;
        let mut pause = 1_000u32;
        while self.current(generation) {
            match self.cycle(&account, &project, generation).await {
                Ok(()) => {
                    pause = 1_000;
                    if !self.current(generation) {
                        return;
                    }
                    let busy = !self.0.borrow().touched.is_empty();
                    if busy {
                        self.sleep(PUSH_AFTER_MS).await;
                        continue;
                    }
                    self.set_status(SyncStatus::Synced);
                    self.listen_for_news(&account, &project).await;
                    if !self.0.borrow().touched.is_empty() {
                        self.sleep(PUSH_AFTER_MS).await;
                    }
                }
                Err(e) => {
                    if !self.current(generation) {
                        return;
                    }
                    match e {
                        SyncError::Offline(why) => {
                            self.set_status(SyncStatus::Offline(why));
                            self.sleep(pause).await;
                            pause = (pause * 2).min(MAX_PAUSE_MS);
                        }
                        other => {
                            self.set_status(SyncStatus::Refused(words_for(&other)));
                            // Try again now and then (a membership may come
                            // back); a new sign-in restarts at once.
                            self.sleep(60_000).await;
                        }
                    }
                }
            }
        }
    }

    /// Waits until this tab may sync (one tab of the browser at a time).
    async fn lead(&self) -> bool {
        if self.0.borrow().leader {
            return true;
        }
        let prefix = self.0.borrow().prefix.clone();
        let locks = web_sys::window()
            .and_then(|w| Reflect::get(&w, &"navigator".into()).ok())
            .and_then(|n| Reflect::get(&n, &"locks".into()).ok())
            .filter(|l| !l.is_undefined());
        let Some(locks) = locks else {
            self.0.borrow_mut().leader = true;
            return true;
        };
        let request: Option<js_sys::Function> = Reflect::get(&locks, &"request".into())
            .ok()
            .and_then(|f| f.dyn_into().ok());
        let Some(request) = request else {
            self.0.borrow_mut().leader = true;
            return true;
        };
        let options = js_sys::Object::new();
        let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
        let name = JsValue::from_str(&format!("{prefix}-sync"));
        let granted = Promise::new(&mut |resolve, _| {
            let hold = wasm_bindgen::closure::Closure::once_into_js(move |lock: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_bool(!lock.is_null()));
                // Held for the life of the tab.
                Promise::new(&mut |_, _| {})
            });
            let _ = request.call3(&locks, &name, &options, &hold);
        });
        let first = JsFuture::from(granted)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if first {
            self.0.borrow_mut().leader = true;
            return true;
        }
        // Another tab syncs: wait for it to go.
        self.set_status(SyncStatus::Elsewhere);
        let granted = Promise::new(&mut |resolve, _| {
            let hold = wasm_bindgen::closure::Closure::once_into_js(move |_lock: JsValue| {
                let _ = resolve.call0(&JsValue::NULL);
                Promise::new(&mut |_, _| {})
            });
            let _ = request.call2(&locks, &name, &hold);
        });
        let _ = JsFuture::from(granted).await;
        self.0.borrow_mut().leader = true;
        true
    }

    /// Sleeps `ms`, or less if woken.
    async fn sleep(&self, ms: u32) {
        let inner = self.0.clone();
        let promise = Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ =
                    w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
            }
            inner.borrow_mut().wake = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
    }

    /// Waits for news on the server (a `_changes` longpoll on the person's
    /// work, from the last checkpoint) or a local save. The replica itself
    /// is not held meanwhile; the next cycle pulls what came.
    async fn listen_for_news(&self, account: &Account, project: &Project) {
        let controller = match AbortController::new() {
            Ok(c) => c,
            Err(_) => return self.sleep(LONGPOLL_MS).await,
        };
        self.0.borrow_mut().longpoll = Some(controller.clone());
        if !self.0.borrow().touched.is_empty() {
            return;
        }
        let name = project.work_db(&account.name);
        let rep = replicate::replication_id(&self.device(), &name, false);
        let since = self
            .0
            .borrow()
            .replicas
            .own
            .local(&rep)
            .map(|c| match &c["last_seq"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_else(|| "0".into());
        // A curator reads every member's work each round: a short pause,
        // not a longpoll (no request left waiting on the server).
        if self.0.borrow().view.role == Some(Role::Curator) {
            self.0.borrow_mut().longpoll = None;
            return self.sleep(CURATOR_POLL_MS).await;
        }
        let wait = LONGPOLL_MS;
        let url = format!(
            "{}/{}/_changes?feed=longpoll&limit=1&timeout={wait}&since={}",
            account.server,
            replicate::percent(&name),
            replicate::percent(&since)
        );
        // No answer in time (some servers ignore `timeout`), stopped by a
        // local save, or failed: the next cycle finds out what is new and
        // whether the server is really gone.
        let deadline = if wait == CURATOR_POLL_MS {
            wait + 500
        } else {
            wait + 5_000
        };
        let _ = couch::request(&url, "GET", None, deadline, Some(&controller)).await;
        self.0.borrow_mut().longpoll = None;
    }

    fn device(&self) -> String {
        self.0.borrow().device.clone()
    }

    /// One round: documents, reconcile, push, pull, the team.
    async fn cycle(
        &self,
        account: &Account,
        project: &Project,
        generation: u64,
    ) -> Result<(), SyncError> {
        let device = self.device();
        let base = account.server.clone();
        // 1. The project's documents.
        let docs_name = project.docs_db();
        let mut docs = std::mem::take(&mut self.0.borrow_mut().replicas.docs);
        let rep = replicate::replication_id(&device, &docs_name, false);
        let result = replicate::pull(&mut docs, &mut Db::new(&base, &docs_name), &rep, None).await;
        let got_docs = result.as_ref().map(|r| r.revisions).unwrap_or(0);
        self.0.borrow_mut().replicas.docs = docs;
        result?;
        if !self.current(generation) {
            return Ok(());
        }
        let fresh = self.0.borrow().view.docs.is_empty();
        if got_docs > 0 || fresh {
            self.take_documents(project).await;
        }
        // 2. Conflicts settled; local saves → revisions; server work →
        // local saves.
        let shas: Vec<String> = {
            let mut guard = self.0.borrow_mut();
            let inner = &mut *guard;
            for (sha, keep) in std::mem::take(&mut inner.resolutions) {
                if work::resolve(&mut inner.replicas.own, &sha, &keep, None).is_none() {
                    inner.view.warning =
                        Some("That version is gone already; nothing was changed.".into());
                }
            }
            let all: Vec<String> = inner.view.docs.iter().map(|d| d.sha.clone()).collect();
            if std::mem::take(&mut inner.scan_all) {
                inner.touched.clear();
                all
            } else {
                let touched = std::mem::take(&mut inner.touched);
                all.into_iter().filter(|s| touched.contains(s)).collect()
            }
        };
        if !shas.is_empty() {
            self.set_status(SyncStatus::Syncing);
        }
        for sha in &shas {
            self.reconcile(sha, &account.name).await;
        }
        // 3. Push.
        let own_name = project.work_db(&account.name);
        let mut own = std::mem::take(&mut self.0.borrow_mut().replicas.own);
        let rep = replicate::replication_id(&device, &own_name, true);
        let pushed = replicate::push(&mut own, &mut Db::new(&base, &own_name), &rep).await;
        // 4. Pull what other devices sent.
        let pulled = match &pushed {
            Ok(_) => {
                let rep = replicate::replication_id(&device, &own_name, false);
                replicate::pull(&mut own, &mut Db::new(&base, &own_name), &rep, None).await
            }
            Err(e) => Err(e.clone()),
        };
        self.0.borrow_mut().replicas.own = own;
        self.persist(project).await;
        pushed?;
        let pulled = pulled?;
        if pulled.revisions > 0 {
            let shas: Vec<String> = self
                .0
                .borrow()
                .view
                .docs
                .iter()
                .map(|d| d.sha.clone())
                .collect();
            for sha in &shas {
                self.reconcile(sha, &account.name).await;
            }
            self.persist(project).await;
        }
        // 5. A curator reads everyone's work.
        let role = self.0.borrow().view.role;
        if role == Some(Role::Curator) {
            let members: Vec<String> = self
                .0
                .borrow()
                .view
                .members
                .iter()
                .map(|(n, _)| n.clone())
                .filter(|n| *n != account.name)
                .collect();
            for member in members {
                let name = project.work_db(&member);
                let mut replica = self
                    .0
                    .borrow_mut()
                    .replicas
                    .team
                    .remove(&member)
                    .unwrap_or_default();
                let rep = replicate::replication_id(&device, &name, false);
                let result =
                    replicate::pull(&mut replica, &mut Db::new(&base, &name), &rep, None).await;
                self.0.borrow_mut().replicas.team.insert(member, replica);
                match result {
                    Ok(_) | Err(SyncError::NotFound) => {}
                    Err(e) => return Err(e),
                }
            }
            self.persist(project).await;
        }
        self.refresh_view(&account.name);
        Ok(())
    }

    /// Brings one document's local copy and replica together.
    async fn reconcile(&self, sha: &str, user: &str) {
        let prefix = self.0.borrow().prefix.clone();
        let local = match saving::stored_work(&prefix, sha).await {
            Ok(l) => l,
            Err(e) => {
                self.warn(format!("Saved work could not be read for syncing: {e}."));
                return;
            }
        };
        let parsed = local
            .as_ref()
            .and_then(|(r, json)| Some((*r, serde_json::from_str::<Value>(json).ok()?)));
        let outcomes = {
            let mut inner = self.0.borrow_mut();
            work::reconcile(
                &mut inner.replicas.own,
                sha,
                user,
                parsed.as_ref().map(|(r, v)| (*r, v)),
            )
        };
        let mut conflict = None;
        for outcome in outcomes {
            match outcome {
                Outcome::Adopt { rev, body, over } => {
                    let Some(glossa) = work::glossa_of(&body) else {
                        continue;
                    };
                    let json = glossa.to_string();
                    // Work from the server is read like any file: refused
                    // if it is not Glossa JSON of this very article.
                    match glossa_core::format::parse(&json) {
                        Ok(file) if file.document.text_sha256 == sha => {}
                        _ => {
                            self.warn(format!(
                                "The server's copy of your work on a project document could not be read ({rev}); your copy here is unchanged."
                            ));
                            continue;
                        }
                    }
                    match saving::store_from_server(&prefix, sha, over, &json).await {
                        Ok(local) => {
                            work::adopted(&mut self.0.borrow_mut().replicas.own, sha, &rev, local)
                        }
                        // A tab saved first: its save comes next.
                        Err(store::Failure::Taken) => {
                            self.0.borrow_mut().touched.insert(sha.to_string());
                        }
                        Err(e) => self.warn(format!(
                            "Work from the server could not be saved in this browser: {}.",
                            e.text()
                        )),
                    }
                }
                Outcome::Conflict { mine, others } => conflict = Some((mine, others)),
                Outcome::Recorded(_) | Outcome::InStep => {}
            }
        }
        let mut inner = self.0.borrow_mut();
        match conflict {
            Some((mine, _)) => {
                let versions = work::versions(&inner.replicas.own, sha)
                    .into_iter()
                    .map(|(rev, body)| Version {
                        mine: rev == mine,
                        rev: rev.to_string(),
                        annotations: count(&body),
                        saved: body["glossa"]["exported_at"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    })
                    .collect();
                inner.view.conflicts.insert(sha.to_string(), versions);
            }
            None => {
                inner.view.conflicts.remove(sha);
            }
        }
    }

    /// Puts the project's documents into the library (texts checked
    /// against their names) and lists them.
    async fn take_documents(&self, project: &Project) {
        let (bodies, members): (Vec<(String, Value)>, Vec<Member>) = {
            let inner = self.0.borrow();
            let docs = &inner.replicas.docs;
            let bodies = docs
                .ids()
                .filter(|id| id.starts_with("doc:"))
                .filter_map(|id| Some((id.clone(), docs.winner(id)?.1.clone())))
                .collect();
            let members = docs
                .winner(PROJECT_DOC)
                .and_then(|(_, b)| b["members"].as_object().cloned())
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("annotator").to_string()))
                        .collect()
                })
                .unwrap_or_default();
            (bodies, members)
        };
        let known: BTreeSet<String> = library::list()
            .await
            .map(|l| glossa_core::sort::btree_set(l.into_iter().map(|e| e.id)))
            .unwrap_or_default();
        let mut listed = Vec::new();
        let mut refused = 0;
        for (id, body) in bodies {
            let sha = id.trim_start_matches("doc:").to_string();
            let Some(text) = body["text"].as_str() else {
                refused += 1;
                continue;
            };
            let text = canonical_text(text);
            if sha256_hex(&text) != sha {
                refused += 1;
                continue;
            }
            let title: String = body["title"]
                .as_str()
                .unwrap_or("Untitled")
                .chars()
                .take(300)
                .collect();
            let chars = text.chars().count();
            if !known.contains(&sha) {
                let now = js_sys::Date::now();
                let entry = Entry {
                    id: sha.clone(),
                    name: title.clone(),
                    chars,
                    added: now,
                    opened: 0.0,
                    project: Some(project.name().to_string()),
                };
                if let Err(e) = library::put(&entry, &text).await {
                    self.warn(format!(
                        "A project document could not be kept in this browser: {e}."
                    ));
                }
            }
            listed.push(ProjectDoc {
                sha,
                title,
                chars,
                annotations: None,
                conflict: false,
            });
        }
        glossa_core::sort::sort_by(&mut listed, |a, b| a.title.cmp(&b.title));
        {
            let mut inner = self.0.borrow_mut();
            inner.view.docs = listed;
            inner.view.members = members;
        }
        if refused > 0 {
            self.warn(format!(
                "{refused} project document(s) from the server were not taken: their text does not match their name."
            ));
        }
        self.emit();
    }

    /// Progress and the team's work, from the replicas.
    fn refresh_view(&self, user: &str) {
        {
            let mut guard = self.0.borrow_mut();
            let inner = &mut *guard;
            for d in inner.view.docs.iter_mut() {
                let id = project::work_id(&d.sha);
                d.annotations = inner
                    .replicas
                    .own
                    .winner(&id)
                    .filter(|(r, _)| {
                        !inner
                            .replicas
                            .own
                            .tree(&id)
                            .is_some_and(|t| t.is_deleted(r))
                    })
                    .map(|(_, b)| count(b));
                d.conflict = inner.view.conflicts.contains_key(&d.sha);
            }
            let mut team = BTreeMap::new();
            if inner.view.role == Some(Role::Curator) {
                for d in &inner.view.docs {
                    let id = project::work_id(&d.sha);
                    let mut cells = Vec::new();
                    for (member, _) in &inner.view.members {
                        let replica = if member == user {
                            Some(&inner.replicas.own)
                        } else {
                            inner.replicas.team.get(member)
                        };
                        let tree = replica.and_then(|r| r.tree(&id));
                        cells.push(Cell {
                            member: member.clone(),
                            annotations: replica.and_then(|r| r.winner(&id)).map(|(_, b)| count(b)),
                            conflicts: tree.map_or(0, |t| t.conflicts().len()),
                        });
                    }
                    team.insert(d.sha.clone(), cells);
                }
            }
            inner.view.team = team;
        }
        self.emit();
    }

    /// The work of every member on `sha`, as Glossa JSON, for curators.
    pub fn team_work(&self, sha: &str) -> Vec<(String, Value)> {
        let inner = self.0.borrow();
        let id = project::work_id(sha);
        let mut out = Vec::new();
        for (member, replica) in &inner.replicas.team {
            if let Some(g) = replica.winner(&id).and_then(|(_, b)| work::glossa_of(b)) {
                out.push((member.clone(), g));
            }
        }
        out
    }

    /// Every member's work on every project document (for a curator), as
    /// sync last pulled it: the document and (member, Glossa JSON).
    pub fn project_work(&self) -> Vec<DocumentWork> {
        let inner = self.0.borrow();
        let user = inner
            .account
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let docs = &inner.replicas.docs;
        let mut out = Vec::new();
        for id in docs.ids().filter(|id| id.starts_with("doc:")) {
            let Some((_, body)) = docs.winner(id) else {
                continue;
            };
            let Some(text) = body["text"].as_str() else {
                continue;
            };
            let doc = glossa_core::parse_article(&canonical_text(text));
            if format!("doc:{}", doc.text_sha256) != *id {
                continue;
            }
            let wid = project::work_id(&doc.text_sha256);
            let mut work = Vec::new();
            for (member, replica) in inner
                .replicas
                .team
                .iter()
                .map(|(m, r)| (m.clone(), r))
                .chain(std::iter::once((user.clone(), &inner.replicas.own)))
            {
                if let Some(g) = replica.winner(&wid).and_then(|(_, b)| work::glossa_of(b)) {
                    work.push((member, g));
                }
            }
            out.push((Rc::new(doc), work));
        }
        out
    }

    /// The storage prefix and the signed-in name ("" when none).
    fn prefix_and_user(&self) -> (String, String) {
        let inner = self.0.borrow();
        let user = inner.account.as_ref().map(|a| a.name.clone());
        (inner.prefix.clone(), user.unwrap_or_default())
    }

    /// Reads the project's replicas kept in this browser.
    async fn load(&self, project: &Project) {
        let (prefix, user) = self.prefix_and_user();
        let db = match store::open(&format!("{prefix}-sync"), &[META, TREES]).await {
            Ok(db) => db,
            Err(e) => {
                self.warn(format!(
                    "The copy of the project kept in this browser could not be read ({}); it is fetched again from the server.",
                    e.text()
                ));
                return;
            }
        };
        let metas = store::all(&db, META).await.unwrap_or_default();
        let trees = store::all(&db, TREES).await.unwrap_or_default();
        let mut by_db: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
        for t in trees.iter() {
            let (Some(key), Some(data)) =
                (store::text_field(&t, "id"), store::text_field(&t, "data"))
            else {
                continue;
            };
            let Some((dbname, id)) = key.split_once('\n') else {
                continue;
            };
            if let Ok(v) = serde_json::from_str(&data) {
                by_db
                    .entry(dbname.to_string())
                    .or_default()
                    .push((id.to_string(), v));
            }
        }
        let mut replicas = Replicas::default();
        let mut unreadable = 0;
        for m in metas.iter() {
            let (Some(name), Some(data)) =
                (store::text_field(&m, "id"), store::text_field(&m, "data"))
            else {
                continue;
            };
            let Ok(meta) = serde_json::from_str::<Value>(&data) else {
                unreadable += 1;
                continue;
            };
            let (replica, bad) =
                Replica::from_stored(&meta, by_db.remove(&name).unwrap_or_default());
            unreadable += bad.len();
            if name == project.docs_db() {
                replicas.docs = replica;
            } else if name == project.work_db(&user) {
                replicas.own = replica;
            } else if meta["member"].is_string()
                && name.starts_with(&format!("glossa-{}-work-", project.name()))
            {
                replicas.team.insert(
                    meta["member"].as_str().unwrap_or_default().to_string(),
                    replica,
                );
            }
        }
        if unreadable > 0 {
            self.warn(format!(
                "{unreadable} record(s) of the project kept in this browser could not be read; they are fetched again from the server."
            ));
        }
        self.0.borrow_mut().replicas = replicas;
    }

    /// Stores what changed in the replicas.
    async fn persist(&self, project: &Project) {
        let (prefix, user) = self.prefix_and_user();
        let mut writes: Vec<(String, String)> = Vec::new();
        {
            let mut guard = self.0.borrow_mut();
            let inner = &mut *guard;
            let mut all: Vec<(String, Option<&str>, &mut Replica)> = vec![
                (project.docs_db(), None, &mut inner.replicas.docs),
                (project.work_db(&user), None, &mut inner.replicas.own),
            ];
            for (member, r) in inner.replicas.team.iter_mut() {
                all.push((project.work_db(member), Some(member.as_str()), r));
            }
            for (name, member, replica) in all {
                let dirty = replica.take_dirty();
                for id in &dirty {
                    if let Some(t) = replica.tree_json(id) {
                        writes.push((format!("{TREES}\u{0}{name}\n{id}"), t.to_string()));
                    }
                }
                let mut meta = replica.meta_json();
                if let Some(m) = member {
                    meta["member"] = json!(m);
                }
                writes.push((format!("{META}\u{0}{name}"), meta.to_string()));
            }
        }
        let Ok(db) = store::open(&format!("{prefix}-sync"), &[META, TREES]).await else {
            return;
        };
        let Ok(tx) = store::transaction(&db, &[META, TREES], true) else {
            return;
        };
        for (key, data) in writes {
            let Some((store_name, id)) = key.split_once('\u{0}') else {
                continue;
            };
            if let Ok(s) = store::store(&tx, store_name) {
                let _ = s.put(&store::record(id, &[("data", &data.into())]));
            }
        }
        if let Err(e) = store::commit(&tx, "keep the project").await {
            self.warn(format!(
                "The project could not be kept in this browser ({}); your work itself is saved.",
                e.text()
            ));
        }
    }
}

/// Annotations in a work body.
fn count(body: &Value) -> usize {
    body["glossa"]["annotations"].as_array().map_or(0, Vec::len)
}
