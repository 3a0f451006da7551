//! Everything that talks to the browser, below the views: no service
//! imports the app's state, a hook or a component. Each reports what
//! happened through a callback of its own event type, which the app wires
//! to its messages.
//!
//! - [`platform`]: clock, random ids, local storage, downloads, marks.
//! - [`store`]: IndexedDB, small (open, transactions and requests as futures).
//! - [`library`]: the documents the person opened (over `store`).
//! - [`opening`]: a file, pasted text, a library entry or the built-in
//!   article → a document ([`opening::OpenEvent`]).
//! - [`importing`]: an annotation file read and anchored on a document.
//! - [`exports`]: a format → a download.
//! - [`corpus`]: many files opened at once into the library, and the whole
//!   library exported in one step ([`corpus::CorpusEvent`]).
//! - [`comparing`]: several annotators' work (files, or the team's) → an
//!   adjudication.
//! - [`first_screen`]: the prerendered first screen taken over, and what
//!   was tagged on it before the app arrived.
//! - [`saving`]: carries out the core's saving machine against IndexedDB
//!   and the other tabs ([`saving::SaveEvent`]).
//! - [`couch`]: a CouchDB server over `fetch` (session; a database as the
//!   core's replication `Remote`).
//! - [`sync`]: team sync in the background: local saves ↔ the project's
//!   databases ([`sync::SyncView`]).

pub mod comparing;
pub mod corpus;
pub mod couch;
pub mod exports;
pub mod first_screen;
pub mod importing;
pub mod library;
pub mod opening;
pub mod platform;
pub mod saving;
pub mod store;
pub mod sync;
