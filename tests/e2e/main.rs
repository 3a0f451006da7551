#![cfg(not(target_arch = "wasm32"))]
//! End-to-end tests, one binary: the Trunk-built app (`dist/`) in headless
//! Chromium, driven through chromedriver with real clicks and key presses.
//!
//! Needs `trunk build --release` first and chromedriver (`$CHROMEDRIVER` or
//! on PATH): `scripts/test.sh` installs and builds both; without them every
//! test fails at once saying so. Each test has its own static server,
//! chromedriver, browser profile and download directory; at most two
//! browsers run at once (see `harness.rs`).
//!
//! - `basics`: tag by mouse and keys, export, reload, undo/redo, the server
//! - `keyboard`: every key of the map
//! - `documents`: opening, the library, imports into edited texts, every export
//! - `large`: the 2 MB article
//! - `offline`: the service worker, the network cut
//! - `csp`: the built page's policy and no violation in use
//! - `hostile`: hostile payloads opened, pasted, dropped, imported, named
//! - `a11y`: axe-core in light and dark, keyboard reach, focus in dialogs
//! - `faults`: storage faults, two tabs, older saved work
//! - `first_screen`: the prerendered first screen, tagged before the app, taken over
//! - `agreement`: three annotators compared, adjudicated by keys, gold exported
//! - `team`: team sync with a real server process, several browsers

mod harness;
#[path = "../common/hostile_corpus.rs"]
mod hostile_corpus;

mod a11y;
mod agreement;
mod basics;
mod csp;
mod documents;
mod faults;
mod first_screen;
mod hostile;
mod keyboard;
mod large;
mod offline;
mod team;
