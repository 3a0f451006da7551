use crate::keys::{self, Command, Key};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Keys on the whole window become [`Command`]s (through the one key
/// table); never while typing in a field or inside a dialog.
#[hook]
pub fn use_window_keys(on_command: Callback<Command>) {
    // The listener outlives a render; it calls the latest callback.
    let latest = use_mut_ref(|| on_command.clone());
    *latest.borrow_mut() = on_command;
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            // Not passive: handled keys must be able to stop the page scrolling.
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            gloo::events::EventListener::new_with_options(&w, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if typing_in_field(e) || in_dialog(e) {
                    return;
                }
                let key = e.key();
                let k = Key {
                    key: &key,
                    shift: e.shift_key(),
                    ctrl: e.ctrl_key(),
                    alt: e.alt_key(),
                    meta: e.meta_key(),
                };
                if let Some(command) = keys::command_for(k) {
                    e.prevent_default();
                    let on_command = latest.borrow().clone();
                    on_command.emit(command);
                }
            })
        });
        move || drop(listener)
    });
}

fn typing_in_field(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el
            .closest("[contenteditable=''], [contenteditable='true']")
            .ok()
            .flatten()
            .is_some()
}

fn in_dialog(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[role=dialog]").ok().flatten())
        .is_some()
}
