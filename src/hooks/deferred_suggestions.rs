use super::DocKey;
use crate::services::platform;
use crate::state::{suggest_later, Rules};
use glossa_core::{suggest::Suggester, Document};
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// How long the suggester works before the page gets its turn again
/// (keys, frames): a quarter of a 60 Hz frame.
const SLICE_MS: f64 = 4.0;

/// Units of the suggester's work (a sentence read, named or decided)
/// between looks at the clock: a few dozen take well under a millisecond.
const UNITS_PER_LOOK: usize = 32;

/// A long document is shown first and suggested from a quarter second
/// later, once the first screen is up, in slices of a few milliseconds
/// with the event loop's turn between them, so that a key pressed
/// meanwhile is handled at once; `on_ready` gets the rules' answers when
/// every sentence is done. A new document stops the run.
#[hook]
pub fn use_deferred_suggestions(doc: Rc<Document>, on_ready: Callback<(Rc<Document>, Rules)>) {
    use_effect_with(DocKey(doc), move |DocKey(doc)| {
        let stopped = Rc::new(Cell::new(false));
        if suggest_later(doc) {
            let doc = doc.clone();
            let stopped = stopped.clone();
            yew::platform::spawn_local(async move {
                gloo::timers::future::TimeoutFuture::new(250).await;
                if let Some(found) = suggest_in_slices(&doc, &stopped).await {
                    on_ready.emit((doc, Rc::new(found)));
                }
            });
        }
        move || stopped.set(true)
    });
}

/// The suggester's answers for `doc`, worked out a slice at a time; `None`
/// when `stopped` was set before they were all there. The longest slice
/// is left as the performance measure `glossa:suggest-slice`.
async fn suggest_in_slices(
    doc: &Document,
    stopped: &Cell<bool>,
) -> Option<Vec<glossa_core::suggest::Suggestion>> {
    if stopped.get() {
        return None;
    }
    platform::mark("suggest");
    let mut run = Suggester::new(doc);
    let mut longest = (0.0, 0.0);
    loop {
        let start = platform::now_ms();
        let mut now = start;
        let mut done = false;
        while !done && now - start < SLICE_MS {
            done = run.step(UNITS_PER_LOOK);
            now = platform::now_ms();
        }
        if now - start > longest.1 - longest.0 {
            longest = (start, now);
        }
        if done {
            break;
        }
        platform::next_task().await;
        if stopped.get() {
            return None;
        }
    }
    let found = run.finish();
    platform::mark("suggested");
    platform::measure_between("glossa:suggest-slice", longest.0, longest.1);
    Some(found)
}
