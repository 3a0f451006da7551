use super::DocKey;
use crate::services::platform;
use glossa_core::{Document, SentenceId};
use std::rc::Rc;
use yew::prelude::*;

/// Where the person is in each document: the focused sentence is kept in
/// local storage per document, and when a document's saved work has been
/// read (`ready`), the sentence kept for it is selected again and brought
/// into view, so a reload or a return to a long document lands where the
/// person left it.
#[hook]
pub fn use_place(
    prefix: &str,
    doc: Rc<Document>,
    ready: bool,
    focus: Option<SentenceId>,
    jump: Callback<SentenceId>,
) {
    // The place is restored here, by sentence: the browser's own scroll
    // restoration (a pixel offset into a page whose long parts are drawn
    // as they come near) would fight it.
    use_effect_with((), |_| {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
        }
    });
    let key = place_key(prefix, &doc.text_sha256);
    let sentences = doc.sentences.len();
    // Restored once per document, when its saved work is in.
    {
        let key = key.clone();
        use_effect_with((DocKey(doc), ready), move |(_, ready)| {
            if *ready && focus.is_none() {
                let kept = platform::storage_get(&key)
                    .ok()
                    .flatten()
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .filter(|i| (*i as usize) < sentences);
                if let Some(i) = kept {
                    jump.emit(SentenceId(i));
                }
            }
        });
    }
    use_effect_with((key, ready, focus), |(key, ready, focus)| {
        if let (true, Some(sid)) = (*ready, focus) {
            // A full or refused local storage only loses the place.
            let _ = platform::storage_set(key, &sid.0.to_string());
        }
    });
}

fn place_key(prefix: &str, sha: &str) -> String {
    format!("{prefix}:v1:place:{sha}")
}
