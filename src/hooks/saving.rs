use super::DocKey;
use crate::services::saving::{SaveEvent, Saving};
use glossa_core::Document;
use std::rc::Rc;
use yew::prelude::*;

/// Saved work for the open document: read when a document opens, saved a
/// moment after each change (`dirty` moved) and at once when the page is
/// hidden, the document switched or the app unmounted. Saving reads the
/// session's own change counter, so a flush that comes before this hook's
/// effect heard of a change still writes it.
#[hook]
pub fn use_saving(
    prefix: &str,
    doc: Rc<Document>,
    dirty: u64,
    on_event: Callback<SaveEvent>,
) -> Saving {
    let saving = use_memo((), {
        let prefix = prefix.to_string();
        move |_| Saving::new(&prefix, on_event)
    });
    {
        let saving = (*saving).clone();
        use_effect_with((), move |_| {
            let listeners = saving.flush_on_leave();
            move || {
                drop(listeners);
                // Unmounted: nobody to tell, but what is pending is written.
                saving.mute();
                saving.leave();
            }
        });
    }
    {
        let saving = (*saving).clone();
        use_effect_with(DocKey(doc), move |DocKey(doc)| saving.open(doc.clone()));
    }
    {
        let saving = (*saving).clone();
        use_effect_with(dirty, move |_| saving.changed());
    }
    (*saving).clone()
}
