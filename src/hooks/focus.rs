use glossa_core::SentenceId;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Keyboard focus follows the selection's focus sentence (and comes back to
/// it when a dialog closes or `refocus` moves).
#[hook]
pub fn use_focus_follows_selection(
    root: NodeRef,
    focus: Option<SentenceId>,
    refocus: u64,
    dialog_open: bool,
) {
    use_effect_with((focus, refocus, dialog_open), move |(focus, _, open)| {
        if let (Some(id), Some(root), false) = (focus, root.cast::<web_sys::Element>(), open) {
            focus_sentence(&root, *id);
        }
    });
}

fn focus_sentence(root: &web_sys::Element, id: SentenceId) {
    let selector = format!("[data-sentence-id=\"{id}\"]");
    let el = root
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}
