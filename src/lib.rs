//! Glossa's web app: a thin Yew shell over `glossa-core`.
//!
//! - [`app`] owns the state (a core [`glossa_core::Session`] behind the one
//!   reducer) and wires keys, saving and export.
//! - [`components`] are small view pieces with `PartialEq` props.
//! - [`platform`] is everything that talks to the browser: time, random ids,
//!   local storage, file download; [`store`] is the IndexedDB wrapper that
//!   [`library`] (opened documents) and [`work`] (saved work) use;
//!   [`opening`] reads files and pasted text into documents.
//!
//! `main.rs` only mounts [`App`]; tests mount it into their own element.

pub mod app;
pub mod components;
pub mod exports;
pub mod keys;
pub mod library;
pub mod opening;
pub mod platform;
pub mod store;
pub mod work;

pub use app::{App, AppProps};

/// The article Glossa opens on when nothing else is chosen.
pub const DEFAULT_ARTICLE: &str = include_str!("../assets/voa-counterespionage.txt");

/// The app's version, written into exported files.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
