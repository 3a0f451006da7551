//! The local library: every document the person opened, kept in the
//! browser's IndexedDB (local storage holds only ~5 MB; articles can be
//! 20 MB). Two stores: `meta` (small records for the list) and `texts`
//! (the full text), both keyed by the text's SHA-256, so opening the same
//! text twice keeps one entry and finds the same saved work.
//!
//! The default article is not stored: it is built in and always listed.

use super::store::{self, Failure};
use serde::{Deserialize, Serialize};
use web_sys::IdbDatabase;

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
    /// The team project it came from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

async fn open() -> Result<IdbDatabase, String> {
    store::open(DB, &[META, TEXTS]).await.map_err(|e| e.text())
}

fn words(e: Failure) -> String {
    e.text()
}

/// Every entry, most recently opened first. Unreadable entries are skipped
/// (and left in the database untouched).
pub async fn list() -> Result<Vec<Entry>, String> {
    let db = open().await?;
    let values = store::all(&db, META).await.map_err(words)?;
    let mut entries: Vec<Entry> = values
        .iter()
        .filter_map(|v| serde_json::from_str(&store::text_field(&v, "data")?).ok())
        .collect();
    glossa_core::sort::sort_by(&mut entries, |a, b| b.opened.total_cmp(&a.opened));
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
    let tx = store::transaction(&db, stores, true).map_err(words)?;
    let meta = serde_json::to_string(entry).map_err(|e| e.to_string())?;
    let refused = |_| "the browser's database refused to save".to_string();
    store::store(&tx, META)
        .map_err(words)?
        .put(&store::record(&entry.id, &[("data", &meta.into())]))
        .map_err(refused)?;
    if let Some(text) = text {
        store::store(&tx, TEXTS)
            .map_err(words)?
            .put(&store::record(&entry.id, &[("data", &text.into())]))
            .map_err(refused)?;
    }
    store::commit(&tx, "save").await.map_err(words)
}

/// The text of an entry.
pub async fn text(id: &str) -> Result<Option<String>, String> {
    let db = open().await?;
    let value = store::get(&db, TEXTS, id).await.map_err(words)?;
    Ok(store::text_field(&value, "data"))
}

/// Removes an entry and its text. The saved annotations of that text stay
/// saved, so adding the text again brings them back.
pub async fn delete(id: &str) -> Result<(), String> {
    let db = open().await?;
    let tx = store::transaction(&db, &[META, TEXTS], true).map_err(words)?;
    for name in [META, TEXTS] {
        store::store(&tx, name)
            .map_err(words)?
            .delete(&id.into())
            .map_err(|_| "the browser's database refused to delete".to_string())?;
    }
    store::commit(&tx, "delete").await.map_err(words)
}
