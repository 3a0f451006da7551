//! Opening documents: a picked or dropped file, pasted text, or a library
//! entry, always through [`open_text`] so every way in is checked the same.

use crate::app::Msg;
use crate::library::{self, Entry};
use crate::platform;
use glossa_core::open::{self, OpenError};
use glossa_core::{parse_article, Document};
use std::rc::Rc;
use yew::Callback;

/// Reads a file the person chose or dropped, then opens it. Files over the
/// limit are refused before they are read.
pub fn open_file(file: web_sys::File, dispatch: Callback<Msg>) {
    let name = file.name();
    let size = file.size() as usize;
    if size > open::MAX_BYTES {
        dispatch.emit(Msg::OpenFailed(format!(
            "“{name}”: {}",
            OpenError::TooBig { bytes: size }
        )));
        return;
    }
    platform::mark("open-file");
    dispatch.emit(Msg::Opening(name.clone()));
    let blob = gloo::file::Blob::from(web_sys::Blob::from(file));
    yew::platform::spawn_local(async move {
        match gloo::file::futures::read_as_bytes(&blob).await {
            Ok(bytes) => match open::text_from_bytes(&name, &bytes) {
                Ok(text) => open_text(name, text, true, dispatch),
                Err(e) => dispatch.emit(Msg::OpenFailed(format!(
                    "“{name}”: {e} Nothing was changed."
                ))),
            },
            Err(e) => dispatch.emit(Msg::OpenFailed(format!(
                "“{name}” could not be read ({e}). Nothing was changed."
            ))),
        }
    });
}

/// Opens pasted text.
pub fn open_pasted(text: String, dispatch: Callback<Msg>) {
    if text.len() > open::MAX_BYTES {
        dispatch.emit(Msg::OpenFailed(format!(
            "The pasted text: {}",
            OpenError::TooBig { bytes: text.len() }
        )));
        return;
    }
    if text.trim().is_empty() {
        dispatch.emit(Msg::OpenFailed(
            "There is no text to open: paste an article first.".into(),
        ));
        return;
    }
    open_text("pasted text".into(), text, true, dispatch);
}

/// Parses `text` after the "Opening…" state has had a frame to show, then
/// hands the document to the app; `keep` adds it to the library.
pub fn open_text(name: String, text: String, keep: bool, dispatch: Callback<Msg>) {
    dispatch.emit(Msg::Opening(name));
    gloo::timers::callback::Timeout::new(30, move || {
        platform::mark("parse");
        let doc = Rc::new(parse_article(&text));
        platform::mark("parsed");
        if keep {
            remember(&doc, text, dispatch.clone());
        }
        dispatch.emit(Msg::Opened(doc));
    })
    .forget();
}

fn remember(doc: &Document, text: String, dispatch: Callback<Msg>) {
    let now = platform::now().millis() as f64;
    let entry = Entry {
        id: doc.text_sha256.clone(),
        name: doc.title.clone(),
        chars: doc.len(),
        added: now,
        opened: now,
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
            Ok(()) => dispatch.emit(Msg::LibraryChanged),
            Err(e) => dispatch.emit(Msg::Warn(format!(
                "The document is open, but it could not be added to the library: {e}. Your annotations are still saved."
            ))),
        }
    });
}

/// Opens a library entry by id.
pub fn open_entry(entry: Entry, dispatch: Callback<Msg>) {
    dispatch.emit(Msg::Opening(entry.name.clone()));
    yew::platform::spawn_local(async move {
        match library::text(&entry.id).await {
            Ok(Some(text)) => {
                let touched = Entry {
                    opened: platform::now().millis() as f64,
                    ..entry.clone()
                };
                let _ = library::put_meta(&touched).await;
                open_text(entry.name, text, false, dispatch);
            }
            Ok(None) => dispatch.emit(Msg::OpenFailed(format!(
                "“{}” is no longer in the library (deleted in another tab?). Nothing was changed.",
                entry.name
            ))),
            Err(e) => dispatch.emit(Msg::OpenFailed(format!(
                "“{}” could not be read: {e}.",
                entry.name
            ))),
        }
    });
}
