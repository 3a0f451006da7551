//! IndexedDB, as small as the app needs it: open a database with its object
//! stores (each keyed by the record's `id`), run one transaction, await
//! requests and the transaction's end as futures.
//!
//! Requests and transactions become `js_sys::Promise`s whose `resolve` and
//! `reject` are set as the event handlers themselves, so no Rust closure is
//! kept alive per request. Errors are plain strings a person can read; the
//! one error the app acts on, a full quota, is told apart by [`Failure`].

use js_sys::{Array, Object, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode,
};

/// Why a storage call failed.
#[derive(Clone, PartialEq)]
pub enum Failure {
    /// The site's storage quota is used up.
    Full,
    /// An `add` found its key taken (how compare-and-set saves lose).
    Taken,
    /// Anything else, said in words.
    Other(String),
}

impl Failure {
    pub fn text(&self) -> String {
        match self {
            Failure::Full => "the browser's storage for this site is full".into(),
            Failure::Taken => "another tab saved first".into(),
            Failure::Other(why) => why.clone(),
        }
    }
}

fn other(what: &str) -> Failure {
    Failure::Other(format!("the browser's database refused to {what}"))
}

/// Names the failure a DOM exception (from a request or a transaction) stands for.
fn failure_of(error: Option<web_sys::DomException>, what: &str) -> Failure {
    match error.map(|e| e.name()).as_deref() {
        Some("QuotaExceededError") => Failure::Full,
        Some("ConstraintError") => Failure::Taken,
        Some(name) => Failure::Other(format!("the browser's database refused to {what} ({name})")),
        None => other(what),
    }
}

/// The failure a request that threw at once (instead of failing later) stands for.
pub fn thrown(e: JsValue, what: &str) -> Failure {
    failure_of(e.dyn_into::<web_sys::DomException>().ok(), what)
}

/// Opens `name`, creating any of `stores` that is missing (keyed by `id`).
/// A database that exists without one of them is upgraded to the next
/// version, so the stores can grow without a version table here.
pub async fn open(name: &str, stores: &[&str]) -> Result<IdbDatabase, Failure> {
    let db = open_version(name, None, stores).await?;
    if stores.iter().all(|s| db.object_store_names().contains(s)) {
        return Ok(db);
    }
    let next = db.version() + 1.0;
    db.close();
    open_version(name, Some(next), stores).await
}

async fn open_version(
    name: &str,
    version: Option<f64>,
    stores: &[&str],
) -> Result<IdbDatabase, Failure> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| Failure::Other("this browser offers no IndexedDB here".into()))?;
    let request = match version {
        Some(v) => factory.open_with_f64(name, v),
        None => factory.open(name),
    }
    .map_err(|_| other("open"))?;
    let wanted: Vec<String> = stores.iter().map(|s| s.to_string()).collect();
    let upgrade = wasm_bindgen::closure::Closure::once_into_js(move |e: web_sys::Event| {
        let Some(db) = e
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        else {
            return;
        };
        let params = web_sys::IdbObjectStoreParameters::new();
        params.set_key_path(&"id".into());
        for store in &wanted {
            if !db.object_store_names().contains(store) {
                let _ = db.create_object_store_with_optional_parameters(store, &params);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let value = opened(&request).await?;
    let db: IdbDatabase = value.dyn_into().map_err(|_| other("open"))?;
    // Let another tab's upgrade through instead of blocking it forever.
    let close = wasm_bindgen::closure::Closure::once_into_js({
        let db = db.clone();
        move || db.close()
    });
    db.set_onversionchange(Some(close.unchecked_ref()));
    Ok(db)
}

/// The opened database, or why not. An upgrade that another connection
/// does not let through (a tab of an older build that ignores
/// `versionchange`) would wait with no end: it is reported as a failure,
/// and a connection that opens after all is closed again.
async fn opened(request: &IdbOpenDbRequest) -> Result<JsValue, Failure> {
    let blocked = Rc::new(Cell::new(false));
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
        let blocked = blocked.clone();
        let on_blocked = wasm_bindgen::closure::Closure::once_into_js(move || {
            blocked.set(true);
            let _ = reject.call0(&JsValue::NULL);
        });
        request.set_onblocked(Some(on_blocked.unchecked_ref()));
    });
    match JsFuture::from(promise).await {
        Ok(_) => request.result().map_err(|_| other("open")),
        Err(_) if blocked.get() => {
            let close_late = wasm_bindgen::closure::Closure::once_into_js({
                let request = request.clone();
                move || {
                    if let Some(db) = request
                        .result()
                        .ok()
                        .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
                    {
                        db.close();
                    }
                }
            });
            request.set_onsuccess(Some(close_late.unchecked_ref()));
            Err(Failure::Other(
                "another tab holds it open and does not let this version of Glossa update it (close the other Glossa tabs, then reload)".into(),
            ))
        }
        Err(_) => Err(failure_of(request.error().ok().flatten(), "open")),
    }
}

/// Starts a transaction over `stores`.
pub fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    write: bool,
) -> Result<IdbTransaction, Failure> {
    let names = stores
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect::<Array>();
    let mode = if write {
        IdbTransactionMode::Readwrite
    } else {
        IdbTransactionMode::Readonly
    };
    db.transaction_with_str_sequence_and_mode(&names, mode)
        .map_err(|_| other("start a transaction"))
}

pub fn store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, Failure> {
    tx.object_store(name).map_err(|_| other("find its store"))
}

/// The result of a request once it succeeded.
pub async fn done(request: &IdbRequest, what: &str) -> Result<JsValue, Failure> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    match JsFuture::from(promise).await {
        Ok(_) => request.result().map_err(|_| other(what)),
        Err(_) => Err(failure_of(request.error().ok().flatten(), what)),
    }
}

/// Commits `tx` now (no more requests may follow) and waits until it is
/// durable or failed. A failed request inside it has already aborted it.
pub async fn commit(tx: &IdbTransaction, what: &str) -> Result<(), Failure> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        // Not `onerror`: a failed request's error event reaches the
        // transaction before it aborts, while `tx.error()` is still empty.
        tx.set_onabort(Some(&reject));
    });
    // Ask for the commit before waiting, so requests issued while a page
    // is being hidden or unloaded are written without another round trip.
    // (web-sys marks `commit` deprecated only because an old IDL did; it is
    // standard and in every current browser.)
    #[allow(deprecated)]
    let _ = tx.commit();
    match JsFuture::from(promise).await {
        Ok(_) => Ok(()),
        Err(_) => Err(failure_of(tx.error(), what)),
    }
}

/// A record `{id, ...fields}`.
pub fn record(id: &str, fields: &[(&str, &JsValue)]) -> JsValue {
    let obj = Object::new();
    let _ = Reflect::set(&obj, &"id".into(), &id.into());
    for (k, v) in fields {
        let _ = Reflect::set(&obj, &(*k).into(), v);
    }
    obj.into()
}

/// A string field of a record, if it is one.
pub fn text_field(value: &JsValue, field: &str) -> Option<String> {
    Reflect::get(value, &field.into()).ok()?.as_string()
}

/// A number field of a record, if it is one.
pub fn number_field(value: &JsValue, field: &str) -> Option<f64> {
    Reflect::get(value, &field.into()).ok()?.as_f64()
}

/// The record under `id` in `store_name`, read in its own transaction.
pub async fn get(db: &IdbDatabase, store_name: &str, id: &str) -> Result<JsValue, Failure> {
    let tx = transaction(db, &[store_name], false)?;
    let request = store(&tx, store_name)?
        .get(&id.into())
        .map_err(|_| other("read"))?;
    done(&request, "read").await
}

/// Every record in `store_name`.
pub async fn all(db: &IdbDatabase, store_name: &str) -> Result<Array, Failure> {
    let tx = transaction(db, &[store_name], false)?;
    let request = store(&tx, store_name)?
        .get_all()
        .map_err(|_| other("read"))?;
    Ok(done(&request, "read").await?.unchecked_into())
}
