//! Glossa's web app: a thin Yew shell over `glossa-core`, in layers that
//! only import downwards:
//!
//! - [`app`]: the `App` component, wiring the rest together;
//! - [`components`]: small views with `PartialEq` props and narrow callbacks;
//! - [`hooks`]: the app's effects (saving, window keys, deferred
//!   suggestions, reopening the last document, focus);
//! - [`state`]: the state, its messages and the one reducer — no
//!   component, hook or service;
//! - [`services`]: everything that talks to the browser (IndexedDB, the
//!   library, saving, opening, importing, exports, platform), reporting
//!   through callbacks of their own event types;
//! - [`keys`]: the one key table.
//!
//! `main.rs` only mounts [`App`]; tests mount it into their own element.
//! `tests/architecture.rs` checks the layering and that no file imports
//! another in a circle.

pub mod app;
pub mod components;
pub mod hooks;
pub mod keys;
pub mod services;
pub mod state;

pub use app::{App, AppProps};

/// The article Glossa opens on when nothing else is chosen.
pub const DEFAULT_ARTICLE: &str = include_str!("../assets/voa-counterespionage.txt");

/// The app's version, written into exported files.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
