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
        keep_in_view(root.clone(), id);
    }
}

/// Checks a moment for stray layout: far from the top of a long document,
/// paragraphs drawn as they come near take their real height after the
/// sentence was scrolled to, and can push it off screen. While it stays
/// selected, it is brought back into view until it has stayed there for a
/// few checks in a row.
fn keep_in_view(root: web_sys::Element, id: SentenceId) {
    const CHECKS: u32 = 30;
    const STEADY: u32 = 3;
    yew::platform::spawn_local(async move {
        let selector = format!("[data-sentence-id=\"{id}\"]");
        let mut steady = 0;
        for _ in 0..CHECKS {
            gloo::timers::future::TimeoutFuture::new(100).await;
            let Some(el) = root.query_selector(&selector).ok().flatten() else {
                return;
            };
            if el.get_attribute("aria-selected").as_deref() != Some("true") {
                return;
            }
            let height = web_sys::window()
                .and_then(|w| w.inner_height().ok())
                .and_then(|h| h.as_f64())
                .unwrap_or(0.0);
            let r = el.get_bounding_client_rect();
            if r.top() >= 0.0 && r.bottom() <= height {
                steady += 1;
                if steady >= STEADY {
                    return;
                }
            } else {
                steady = 0;
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Center);
                el.scroll_into_view_with_scroll_into_view_options(&options);
            }
        }
    });
}
