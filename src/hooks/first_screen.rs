use crate::services::first_screen::{self, Journal};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How long the prerendered first screen may stay when the app's saved work
/// is slow to read: the app shows itself then, and replays the journal once
/// the work is read.
const AT_MOST_MS: u32 = 3000;

/// `None`: not taken over yet; `Some(pending)`: taken over, with the
/// journal still to replay (if any).
type Taken = Option<Option<Result<Journal, ()>>>;

/// Takes over the prerendered first screen once the app is `ready` (its
/// saved work read, so nothing replayed is overwritten), or after
/// [`AT_MOST_MS`]; then `on_journal` gets what was tagged there, once,
/// when `ready`. Until then the app is drawn but hidden behind the first
/// screen (styles: `[data-first-screen] + #glossa`).
#[hook]
pub fn use_first_screen(ready: bool, on_journal: Callback<Result<Journal, ()>>) {
    let taken: Rc<RefCell<Taken>> = use_mut_ref(|| None).clone();
    {
        let taken = taken.clone();
        use_effect_with((), move |_| {
            let timer = gloo::timers::callback::Timeout::new(AT_MOST_MS, move || {
                let mut t = taken.borrow_mut();
                if t.is_none() {
                    *t = Some(first_screen::take_over());
                }
            });
            move || drop(timer)
        });
    }
    use_effect_with(ready, move |ready| {
        if *ready {
            let mut t = taken.borrow_mut();
            let pending = match t.as_mut() {
                None => first_screen::take_over(),
                Some(pending) => pending.take(),
            };
            *t = Some(None);
            drop(t);
            if let Some(journal) = pending {
                on_journal.emit(journal);
            }
        }
    });
}
