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

/// For a moment after a move, holds the sentence still on screen. Far
/// from the top of a long document, blocks drawn as they come near take
/// their real height after the sentence was scrolled to; each time the
/// article's height changes, the page is scrolled by what the sentence
/// moved, before the browser paints (a ResizeObserver runs after layout),
/// so nothing jumps under the person's eyes. The first check also brings
/// the sentence into view if it is not. Stops when another sentence is
/// selected, when the person scrolls or types, or after a few seconds.
fn keep_in_view(root: web_sys::Element, id: SentenceId) {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    const HOLD_MS: u32 = 5_000;
    let (Some(window), Some(article)) = (
        web_sys::window(),
        root.query_selector(".sentences").ok().flatten(),
    ) else {
        return;
    };
    let selector = format!("[data-sentence-id=\"{id}\"]");
    let place: Rc<Cell<Option<f64>>> = Rc::default();
    // Returns whether to go on holding.
    let hold = {
        let window = window.clone();
        move || -> bool {
            let Some(el) = root.query_selector(&selector).ok().flatten() else {
                return false;
            };
            if el.get_attribute("aria-selected").as_deref() != Some("true") {
                return false;
            }
            let top = el.get_bounding_client_rect().top();
            match place.get() {
                None => {
                    let height = window
                        .inner_height()
                        .ok()
                        .and_then(|h| h.as_f64())
                        .unwrap_or(0.0);
                    let r = el.get_bounding_client_rect();
                    if r.top() < 0.0 || r.bottom() > height {
                        let options = web_sys::ScrollIntoViewOptions::new();
                        options.set_block(web_sys::ScrollLogicalPosition::Center);
                        el.scroll_into_view_with_scroll_into_view_options(&options);
                    }
                    place.set(Some(el.get_bounding_client_rect().top()));
                }
                Some(was) if (top - was).abs() >= 1.0 => {
                    window.scroll_by_with_x_and_y(0.0, top - was);
                }
                Some(_) => {}
            }
            true
        }
    };
    if !hold() {
        return;
    }
    type Stop = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;
    let stop: Stop = Rc::default();
    let on_resize = {
        let stop = stop.clone();
        Closure::<dyn FnMut()>::new(move || {
            if !hold() {
                if let Some(f) = stop.borrow_mut().take() {
                    f();
                }
            }
        })
    };
    let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
        return;
    };
    // The article, and each block in it: a block may grow while another
    // shrinks and the article keeps its height.
    observer.observe(&article);
    if let Ok(blocks) = article.query_selector_all(".block") {
        for i in 0..blocks.length() {
            if let Some(b) = blocks
                .item(i)
                .and_then(|b| b.dyn_into::<web_sys::Element>().ok())
            {
                observer.observe(&b);
            }
        }
    }
    // The person taking over ends the hold at once.
    let listeners: Vec<gloo::events::EventListener> =
        ["wheel", "touchstart", "keydown", "mousedown"]
            .into_iter()
            .map(|kind| {
                let stop = stop.clone();
                gloo::events::EventListener::once(&window, kind, move |_| {
                    if let Some(f) = stop.borrow_mut().take() {
                        f();
                    }
                })
            })
            .collect();
    let timer = {
        let stop = stop.clone();
        gloo::timers::callback::Timeout::new(HOLD_MS, move || {
            if let Some(f) = stop.borrow_mut().take() {
                f();
            }
        })
    };
    *stop.borrow_mut() = Some(Box::new(move || {
        observer.disconnect();
        // This may run inside one of these callbacks: they are freed on
        // the next turn, not from inside themselves.
        yew::platform::spawn_local(async move {
            drop(listeners);
            drop(timer);
            drop(on_resize);
        });
    }));
}
