use crate::services::platform;
use glossa_core::suggest::Learner;
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

/// On a long document what was learned reaches the open suggestions once
/// the person pauses (`stale` says it has not yet; each new decision bumps
/// `learned` and restarts the wait): `on_due` then.
#[hook]
pub fn use_repropose(learned: u64, stale: bool, on_due: Callback<()>) {
    use_effect_with((learned, stale), move |&(_, stale)| {
        let timer = stale.then(|| {
            gloo::timers::callback::Timeout::new(REPROPOSE_AFTER_MS, move || on_due.emit(()))
        });
        move || drop(timer)
    });
}
