use super::DocKey;
use crate::services::platform;
use crate::state::{suggest_later, Rules};
use glossa_core::{suggest, Document};
use std::rc::Rc;
use yew::prelude::*;

/// A long document is shown first and suggested a quarter second later,
/// once the first screen is up; `on_ready` gets the rules' answers.
#[hook]
pub fn use_deferred_suggestions(doc: Rc<Document>, on_ready: Callback<(Rc<Document>, Rules)>) {
    use_effect_with(DocKey(doc), move |DocKey(doc)| {
        let timer = suggest_later(doc).then(|| {
            let doc = doc.clone();
            gloo::timers::callback::Timeout::new(250, move || {
                platform::mark("suggest");
                let found = Rc::new(suggest::suggest(&doc));
                platform::mark("suggested");
                on_ready.emit((doc, found));
            })
        });
        move || drop(timer)
    });
}
