//! The local library: every document the person opened, kept in the
//! browser's IndexedDB (local storage holds only ~5 MB; articles can be
//! 20 MB). Two stores: `meta` (small records for the list) and `texts`
//! (the full text), both keyed by the text's SHA-256, so opening the same
//! text twice keeps one entry and finds the same saved work.
//!
//! The default article is not stored: it is built in and always listed.

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const DB: &str = "glossa-library";
const META: &str = "meta";
const TEXTS: &str = "texts";

/// One library entry as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// SHA-256 of the canonical text.
    pub id: String,
    /// The name shown (the title at first; the person may rename it).
    pub name: String,
    /// Length in characters.
    pub chars: usize,
    /// Milliseconds since the epoch.
    pub added: f64,
    pub opened: f64,
}

fn fail(what: &str) -> impl Fn(rexie::Error) -> String + '_ {
    move |e| format!("the browser's database refused to {what} ({e})")
}

async fn open() -> Result<Rexie, String> {
    Rexie::builder(DB)
        .version(1)
        .add_object_store(ObjectStore::new(META).key_path("id"))
        .add_object_store(ObjectStore::new(TEXTS).key_path("id"))
        .build()
        .await
        .map_err(fail("open"))
}

fn record(id: &str, data: &str) -> JsValue {
    let obj = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&obj, &"id".into(), &id.into());
    let _ = js_sys::Reflect::set(&obj, &"data".into(), &data.into());
    obj.into()
}

fn data_of(value: &JsValue) -> Option<String> {
    js_sys::Reflect::get(value, &"data".into())
        .ok()?
        .as_string()
}

/// Every entry, most recently opened first. Unreadable entries are skipped
/// (and left in the database untouched).
pub async fn list() -> Result<Vec<Entry>, String> {
    let db = open().await?;
    let tx = db
        .transaction(&[META], TransactionMode::ReadOnly)
        .map_err(fail("read"))?;
    let store = tx.store(META).map_err(fail("read"))?;
    let values = store.get_all(None, None).await.map_err(fail("read"))?;
    let mut entries: Vec<Entry> = values
        .iter()
        .filter_map(|v| serde_json::from_str(&data_of(v)?).ok())
        .collect();
    entries.sort_by(|a, b| b.opened.total_cmp(&a.opened));
    Ok(entries)
}

/// Adds or updates an entry with its text, in one transaction: both or
/// neither are written.
pub async fn put(entry: &Entry, text: &str) -> Result<(), String> {
    write(entry, Some(text)).await
}

/// Updates only an entry's list record (rename, opened time).
pub async fn put_meta(entry: &Entry) -> Result<(), String> {
    write(entry, None).await
}

async fn write(entry: &Entry, text: Option<&str>) -> Result<(), String> {
    let db = open().await?;
    let stores: &[&str] = if text.is_some() {
        &[META, TEXTS]
    } else {
        &[META]
    };
    let tx = db
        .transaction(stores, TransactionMode::ReadWrite)
        .map_err(fail("save"))?;
    let meta = serde_json::to_string(entry).map_err(|e| e.to_string())?;
    tx.store(META)
        .map_err(fail("save"))?
        .put(&record(&entry.id, &meta), None)
        .await
        .map_err(fail("save"))?;
    if let Some(text) = text {
        tx.store(TEXTS)
            .map_err(fail("save"))?
            .put(&record(&entry.id, text), None)
            .await
            .map_err(fail("save"))?;
    }
    tx.done().await.map_err(fail("save"))?;
    Ok(())
}

/// The text of an entry.
pub async fn text(id: &str) -> Result<Option<String>, String> {
    let db = open().await?;
    let tx = db
        .transaction(&[TEXTS], TransactionMode::ReadOnly)
        .map_err(fail("read"))?;
    let value = tx
        .store(TEXTS)
        .map_err(fail("read"))?
        .get(id.into())
        .await
        .map_err(fail("read"))?;
    Ok(value.as_ref().and_then(data_of))
}

/// Removes an entry and its text. The saved annotations of that text stay
/// in local storage, so adding the text again brings them back.
pub async fn delete(id: &str) -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction(&[META, TEXTS], TransactionMode::ReadWrite)
        .map_err(fail("delete"))?;
    tx.store(META)
        .map_err(fail("delete"))?
        .delete(id.into())
        .await
        .map_err(fail("delete"))?;
    tx.store(TEXTS)
        .map_err(fail("delete"))?
        .delete(id.into())
        .await
        .map_err(fail("delete"))?;
    tx.done().await.map_err(fail("delete"))?;
    Ok(())
}
