use crate::services::exports;
use yew::prelude::*;

/// The name the person gave for their exports is kept in local storage
/// (read at start by `App`, through [`exports::own_name`]), written again
/// whenever it changes; `None` removes it. A full or refused local storage
/// only loses the name for the next visit.
#[hook]
pub fn use_own_name(prefix: &str, name: Option<String>) {
    let prefix = prefix.to_string();
    use_effect_with(name, move |name| {
        let _ = exports::keep_own_name(&prefix, name.as_deref());
    });
}
