//! Importing annotations: a file read and anchored on a document by the
//! core (`interop::read_at`). Reports through [`ImportEvent`].

use super::platform;
use glossa_core::interop::Imported;
use glossa_core::Document;
use std::rc::Rc;
use yew::{AttrValue, Callback};

pub enum ImportEvent {
    /// The file `name` was read and anchored on `doc` (which may no longer
    /// be the open document when this arrives).
    Ready {
        name: AttrValue,
        imported: Rc<Imported>,
        doc: Rc<Document>,
    },
    /// Why nothing can be imported. Nothing was changed.
    Failed(String),
}

/// Reads `file` and anchors what it holds on `doc`.
pub fn read_file(file: web_sys::File, doc: Rc<Document>, report: Callback<ImportEvent>) {
    let name = file.name();
    if file.size() as usize > glossa_core::interop::import::MAX_BYTES {
        let e = glossa_core::interop::ImportError::TooBig {
            bytes: file.size() as usize,
        };
        report.emit(ImportEvent::Failed(format!("“{name}”: {e}")));
        return;
    }
    let blob = gloo::file::Blob::from(web_sys::Blob::from(file));
    yew::platform::spawn_local(async move {
        let text = match gloo::file::futures::read_as_text(&blob).await {
            Ok(text) => text,
            Err(e) => {
                report.emit(ImportEvent::Failed(format!(
                    "“{name}” could not be read ({e}). Nothing was changed."
                )));
                return;
            }
        };
        match glossa_core::interop::read_at(&doc, &text, platform::now()) {
            Ok(imported) => report.emit(ImportEvent::Ready {
                name: AttrValue::from(name),
                imported: Rc::new(imported),
                doc,
            }),
            Err(e) => report.emit(ImportEvent::Failed(format!("“{name}”: {e}"))),
        }
    });
}
