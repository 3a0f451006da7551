//! Opening documents: a picked or dropped file, pasted text, a library
//! entry or the built-in article, always through [`open_text`] so every
//! way in is checked the same. Reports through [`OpenEvent`].

use super::library::{self, Entry};
use super::platform;
use glossa_core::open::{self, OpenError};
use glossa_core::{parse_article, Document};
use std::rc::Rc;
use yew::Callback;

/// What the person asked to open.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenRequest {
    File(web_sys::File),
    Pasted(String),
    Entry(Entry),
    /// The article Glossa ships with.
    Builtin,
}

/// What opening did.
#[derive(Clone, Debug)]
pub enum OpenEvent {
    /// A document is being read and parsed (its name).
    Opening(String),
    /// A document is ready.
    Opened(Rc<Document>),
    /// It could not be opened: why. Nothing was changed.
    Failed(String),
    /// Opened, but something on the side went wrong (the library).
    Warn(String),
    /// The library changed (an entry added or updated).
    LibraryChanged,
}

/// One article file, opened as before; anything else (several files, an
/// archive, another tool's file of texts) goes to `corpus::open_files`.
pub fn one_article(mut files: Vec<web_sys::File>) -> Result<web_sys::File, Vec<web_sys::File>> {
    match files.len() {
        1 if glossa_core::corpus::is_article_name(&files[0].name()) => Ok(files.remove(0)),
        _ => Err(files),
    }
}

/// Opens what was asked for; says what happened through `report`.
pub fn open(request: OpenRequest, report: Callback<OpenEvent>) {
    match request {
        OpenRequest::File(file) => open_file(file, report),
        OpenRequest::Pasted(text) => open_pasted(text, report),
        OpenRequest::Entry(entry) => open_entry(entry, report),
        OpenRequest::Builtin => report.emit(OpenEvent::Opened(Rc::new(parse_article(
            crate::DEFAULT_ARTICLE,
        )))),
    }
}

/// Reads a file the person chose or dropped, then opens it. Files over the
/// limit are refused before they are read.
fn open_file(file: web_sys::File, report: Callback<OpenEvent>) {
    let name = file.name();
    let size = file.size() as usize;
    if size > open::MAX_BYTES {
        report.emit(OpenEvent::Failed(format!(
            "“{name}”: {}",
            OpenError::TooBig { bytes: size }
        )));
        return;
    }
    platform::mark("open-file");
    report.emit(OpenEvent::Opening(name.clone()));
    let blob = gloo::file::Blob::from(web_sys::Blob::from(file));
    yew::platform::spawn_local(async move {
        match gloo::file::futures::read_as_bytes(&blob).await {
            Ok(bytes) => match open::text_from_bytes(&name, &bytes) {
                Ok(text) => open_text(name, text, true, report),
                Err(e) => report.emit(OpenEvent::Failed(format!(
                    "“{name}”: {e} Nothing was changed."
                ))),
            },
            Err(e) => report.emit(OpenEvent::Failed(format!(
                "“{name}” could not be read ({e}). Nothing was changed."
            ))),
        }
    });
}

/// Opens pasted text.
fn open_pasted(text: String, report: Callback<OpenEvent>) {
    if text.len() > open::MAX_BYTES {
        report.emit(OpenEvent::Failed(format!(
            "The pasted text: {}",
            OpenError::TooBig { bytes: text.len() }
        )));
        return;
    }
    if text.trim().is_empty() {
        report.emit(OpenEvent::Failed(
            "There is no text to open: paste an article first.".into(),
        ));
        return;
    }
    open_text("pasted text".into(), text, true, report);
}

/// Parses `text` after the "Opening…" state has had a frame to show, then
/// hands the document over; `keep` adds it to the library.
fn open_text(name: String, text: String, keep: bool, report: Callback<OpenEvent>) {
    report.emit(OpenEvent::Opening(name));
    gloo::timers::callback::Timeout::new(30, move || {
        platform::mark("parse");
        let doc = Rc::new(parse_article(&text));
        platform::mark("parsed");
        if keep {
            remember(&doc, text, report.clone());
        }
        report.emit(OpenEvent::Opened(doc));
    })
    .forget();
}

fn remember(doc: &Document, text: String, report: Callback<OpenEvent>) {
    let now = platform::now().millis() as f64;
    let entry = Entry {
        id: doc.text_sha256.clone(),
        name: doc.title.clone(),
        chars: doc.len(),
        added: now,
        opened: now,
        project: None,
    };
    yew::platform::spawn_local(async move {
        // Keep the name and added time of an entry that is already there.
        let existing = library::list()
            .await
            .ok()
            .and_then(|l| l.into_iter().find(|e| e.id == entry.id));
        let entry = match existing {
            Some(old) => Entry {
                opened: entry.opened,
                ..old
            },
            None => entry,
        };
        match library::put(&entry, &text).await {
            Ok(()) => report.emit(OpenEvent::LibraryChanged),
            Err(e) => report.emit(OpenEvent::Warn(format!(
                "The document is open, but it could not be added to the library: {e}. Your annotations are still saved."
            ))),
        }
    });
}

/// Opens a library entry.
fn open_entry(entry: Entry, report: Callback<OpenEvent>) {
    report.emit(OpenEvent::Opening(entry.name.clone()));
    yew::platform::spawn_local(async move {
        match library::text(&entry.id).await {
            Ok(Some(text)) => {
                let touched = Entry {
                    opened: platform::now().millis() as f64,
                    ..entry.clone()
                };
                let _ = library::put_meta(&touched).await;
                open_text(entry.name, text, false, report);
            }
            Ok(None) => report.emit(OpenEvent::Failed(format!(
                "“{}” is no longer in the library (deleted in another tab?). Nothing was changed.",
                entry.name
            ))),
            Err(e) => report.emit(OpenEvent::Failed(format!(
                "“{}” could not be read: {e}.",
                entry.name
            ))),
        }
    });
}

/// The library's entry with fingerprint (text SHA-256) `id`, if it has one.
async fn library_entry(id: &str) -> Option<library::Entry> {
    library::list()
        .await
        .ok()
        .and_then(|l| l.into_iter().find(|e| e.id == id))
}

/// Opens the library entry with fingerprint `id`, if the library has it
/// (the document open last time).
pub fn reopen(id: String, report: Callback<OpenEvent>) {
    yew::platform::spawn_local(async move {
        if let Some(entry) = library_entry(&id).await {
            open_entry(entry, report);
        }
    });
}

/// Opens the document whose text has SHA-256 `sha`: the library's entry,
/// else the built-in article if it is that one; says so if neither.
pub fn open_by_sha(sha: String, report: Callback<OpenEvent>) {
    yew::platform::spawn_local(async move {
        match library_entry(&sha).await {
            Some(entry) => open_entry(entry, report),
            None => {
                let doc = parse_article(crate::DEFAULT_ARTICLE);
                if doc.text_sha256 == sha {
                    report.emit(OpenEvent::Opened(Rc::new(doc)));
                } else {
                    report.emit(OpenEvent::Failed(
                        "That document is no longer in the library.".into(),
                    ));
                }
            }
        }
    });
}

/// Local storage key remembering the last opened document's fingerprint.
pub fn last_key(prefix: &str) -> String {
    format!("{prefix}:v1:last")
}

/// Remembers `doc` as the one to reopen next time.
pub fn remember_last(prefix: &str, doc: &Document) {
    let _ = platform::storage_set(&last_key(prefix), &doc.text_sha256);
}

/// The fingerprint of the document open last time, if any.
pub fn last(prefix: &str) -> Option<String> {
    platform::storage_get(&last_key(prefix)).ok().flatten()
}
