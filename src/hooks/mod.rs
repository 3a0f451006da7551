//! The app's effects, as named hooks: each wires one service or browser
//! API to the app, reporting through the callback it is given. The state
//! module knows none of them; `app.rs` calls them.

mod deferred_suggestions;
mod first_screen;
mod focus;
mod learner;
mod own_name;
mod place;
mod reopen_last;
mod saving;
mod sync;
mod window_keys;

pub use deferred_suggestions::use_deferred_suggestions;
pub use first_screen::use_first_screen;
pub use focus::use_focus_follows_selection;
pub use learner::{use_learner, use_repropose};
pub use own_name::use_own_name;
pub use place::use_place;
pub use reopen_last::use_reopen_last;
pub use saving::use_saving;
pub use sync::use_sync;
pub use window_keys::use_window_keys;

pub(crate) use crate::state::SameDoc as DocKey;
