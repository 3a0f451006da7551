//! The article in blocks near the screen: one IntersectionObserver for
//! all blocks reports which are near (a screen and a half ahead) and how
//! tall drawn ones are; a block far away is an empty box of its measured or
//! estimated height ([`glossa_core::layout`]), sized through CSSOM.

use super::cache::Items;
use super::sentence::ParagraphView;
use glossa_core::layout::{Layout, Viewport};
use glossa_core::Document;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What the observer has seen, for one document.
#[derive(Default)]
pub(super) struct Seen {
    doc: Option<Rc<Document>>,
    pub view: Viewport,
}

impl Seen {
    pub fn is_for(&self, doc: &Rc<Document>) -> bool {
        self.doc.as_ref().is_some_and(|d| Rc::ptr_eq(d, doc))
    }

    /// Before the observer reports: the blocks that fill about two screens.
    pub fn first_screen(doc: &Rc<Document>, layout: &Layout) -> Seen {
        let screen = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(1000.0);
        Seen {
            doc: Some(doc.clone()),
            view: Viewport::first_screen(layout, screen),
        }
    }
}

/// One IntersectionObserver for all blocks of the article.
pub(super) struct Observer {
    pub observer: Option<web_sys::IntersectionObserver>,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl PartialEq for Observer {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Drop for Observer {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
    }
}

impl Observer {
    pub(super) fn new(viewport: Rc<RefCell<Seen>>, force: UseForceUpdateHandle) -> Observer {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let mut changed = false;
            {
                let mut guard = viewport.borrow_mut();
                let v = &mut guard.view;
                for entry in entries.iter() {
                    let Ok(entry) = entry.dyn_into::<web_sys::IntersectionObserverEntry>() else {
                        continue;
                    };
                    let target = entry.target();
                    let Some(b) = target
                        .get_attribute("data-block")
                        .and_then(|a| a.parse::<usize>().ok())
                    else {
                        continue;
                    };
                    let drawn = target.get_attribute("data-drawn").is_some();
                    if drawn {
                        let h = entry.bounding_client_rect().height();
                        let chars = target
                            .get_attribute("data-chars")
                            .and_then(|c| c.parse::<f64>().ok())
                            .unwrap_or(0.0);
                        v.measured(b, h, chars);
                    }
                    changed |= v.set_near(b, entry.is_intersecting());
                }
            }
            if changed {
                force.force_update();
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        // Draw blocks a screen and a half before they scroll into view.
        options.set_root_margin("150% 0px");
        let observer = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &options,
        )
        .ok();
        Observer {
            observer,
            _callback: callback,
        }
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct BlockProps {
    pub index: usize,
    pub first_para: usize,
    /// The sentence views of each paragraph; None: not drawn, an empty box
    /// of `height` pixels stands in.
    pub items: Option<Items>,
    pub height: u32,
    pub observer: Rc<Observer>,
}

/// A block of paragraphs, or the box that stands in for it. The outer
/// element stays the same either way, so it is observed once.
#[function_component(BlockSlot)]
pub(super) fn block_slot(props: &BlockProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let observer = props.observer.clone();
        use_effect_with((), move |_| {
            let el = node.cast::<web_sys::Element>();
            if let (Some(o), Some(el)) = (&observer.observer, &el) {
                o.observe(el);
            }
            move || {
                if let (Some(o), Some(el)) = (&observer.observer, &el) {
                    o.unobserve(el);
                }
            }
        });
    }
    {
        // The stand-in's height goes through the CSS object model: a style
        // attribute would need 'unsafe-inline' in the page's CSP.
        let node = node.clone();
        let drawn = props.items.is_some();
        use_effect_with((drawn, props.height), move |&(drawn, height)| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let style = el.style();
                let _ = if drawn {
                    style.remove_property("height").map(|_| ())
                } else {
                    style.set_property("height", &format!("{height}px"))
                };
            }
        });
    }
    let chars: usize = props
        .items
        .iter()
        .flat_map(|i| i.0.iter().flatten())
        .map(|s| s.text.len())
        .sum();
    match &props.items {
        Some(items) => html! {
            <div ref={node} class="block" data-block={props.index.to_string()} data-drawn="" data-chars={chars.to_string()}>
                { for items.0.iter().enumerate().map(|(i, para)| html! {
                    <ParagraphView key={props.first_para + i} items={para.clone()} />
                }) }
            </div>
        },
        None => html! {
            <div ref={node} class="block standin" data-block={props.index.to_string()} aria-hidden="true"></div>
        },
    }
}
