use crate::services::platform;
use glossa_core::suggest::{Learner, Suggestion};
use glossa_core::Document;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// What the suggester learned from the person is kept in local storage, one
/// learner for the library and one per team project (`project`): read when
/// the scope is entered (`on_loaded`, a fresh learner when none is kept or
/// it cannot be read), written each time it changes (`learned` bumps).
#[hook]
pub fn use_learner(
    prefix: &str,
    project: Option<String>,
    learner: Rc<Learner>,
    learned: u64,
    on_loaded: Callback<Learner>,
) {
    let key = learner_key(prefix, project.as_deref());
    {
        let key = key.clone();
        use_effect_with(key, move |key| {
            let kept = platform::storage_get(key)
                .ok()
                .flatten()
                .and_then(|json| Learner::from_json(&json).ok())
                .unwrap_or_default();
            on_loaded.emit(kept);
        });
    }
    use_effect_with(learned, move |learned| {
        if *learned > 0 {
            // A full or refused local storage loses only what was learned.
            let _ = platform::storage_set(&key, &learner.to_json());
        }
    });
}

fn learner_key(prefix: &str, project: Option<&str>) -> String {
    match project {
        Some(p) => format!("{prefix}:v1:learner:project:{p}"),
        None => format!("{prefix}:v1:learner:library"),
    }
}

/// How long after the last decision the open suggestions of a long
/// document take in what was learned: a pause in the person's work.
const REPROPOSE_AFTER_MS: u32 = 600;

/// How long one slice of that work runs before the page gets its turn.
const SLICE_MS: f64 = 4.0;

/// Sentences adjusted between looks at the clock.
const SENTENCES_PER_LOOK: usize = 16;

/// On a long document what was learned reaches the open suggestions once
/// the person pauses (`stale` says it has not yet; each new decision bumps
/// `learned` and starts again): the rules' answers are adjusted a slice of
/// sentences at a time, the event loop getting its turn between slices so
/// that a key is never kept waiting, and `on_done` gets them with the
/// `learned` they were made for.
#[hook]
pub fn use_repropose(
    learned: u64,
    stale: bool,
    learner: Rc<Learner>,
    rules: Option<(Rc<Document>, Rc<Vec<Suggestion>>)>,
    on_done: Callback<(Rc<Document>, u64, Vec<Suggestion>)>,
) {
    use_effect_with((learned, stale), move |&(learned, stale)| {
        let stopped = Rc::new(Cell::new(false));
        if let (true, Some((doc, rules))) = (stale, rules) {
            let stopped = stopped.clone();
            yew::platform::spawn_local(async move {
                gloo::timers::future::TimeoutFuture::new(REPROPOSE_AFTER_MS).await;
                let n = doc.sentences.len();
                let mut adjusted = Vec::new();
                let mut at = 0;
                while at < n {
                    if stopped.get() {
                        return;
                    }
                    let start = platform::now_ms();
                    while at < n && platform::now_ms() - start < SLICE_MS {
                        let to = (at + SENTENCES_PER_LOOK).min(n);
                        adjusted.extend(learner.adjust_range(&doc, &rules, at..to));
                        at = to;
                    }
                    platform::next_task().await;
                }
                if !stopped.get() {
                    on_done.emit((doc, learned, adjusted));
                }
            });
        }
        move || stopped.set(true)
    });
}
