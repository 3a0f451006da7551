//! Importing annotations: a file of any format Glossa reads (told by its
//! name, else by what it holds: `ExportFormat::guess`), read and anchored
//! on a document by the core (`ExportFormat::import`). Reports through
//! [`ImportEvent`].

use super::platform;
use glossa_core::export::ExportFormat as Format;
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
        let bytes = match gloo::file::futures::read_as_bytes(&blob).await {
            Ok(bytes) => bytes,
            Err(e) => {
                report.emit(ImportEvent::Failed(format!(
                    "“{name}” could not be read ({e}). Nothing was changed."
                )));
                return;
            }
        };
        // A `.json` that is not told apart is read as Glossa JSON or W3C,
        // whose reader says what is wrong with it.
        let json = name.to_lowercase().ends_with(".json");
        let Some(format) = Format::guess(&name, &bytes).or(json.then_some(Format::Glossa)) else {
            report.emit(ImportEvent::Failed(format!(
                "“{name}” is not a file of annotations Glossa reads ({}). Nothing was changed.",
                Format::ALL.map(|f| f.label()).join(", ")
            )));
            return;
        };
        match format.import(&doc, &bytes, platform::now()) {
            Ok(imported) => report.emit(ImportEvent::Ready {
                name: AttrValue::from(name),
                imported: Rc::new(imported),
                doc,
            }),
            Err(e) => report.emit(ImportEvent::Failed(format!("“{name}”: {e}"))),
        }
    });
}
