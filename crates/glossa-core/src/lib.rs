//! Glossa's pure core.
//!
//! Everything here is plain Rust: no browser, no UI framework. The web app and
//! the command-line tool are thin shells over these modules, and this is where
//! the logic and most tests live.
//!
//! - [`article`] parses raw text into a [`Document`] (title, categories,
//!   source, paragraphs of sentences) over one canonical text.
//! - [`segment`] splits a paragraph into sentences, saying which rule decided.
//! - [`state`] holds the annotations and the selection; every user action goes
//!   through [`state::Session::apply`], which records undo steps.
//! - [`format`] writes and reads the Glossa JSON file format.
//! - [`generate`] builds long deterministic articles for benchmarks.
//! - [`listing`] picks the rows of the annotation list for a filter and a
//!   search; [`layout`] groups the article into blocks drawn near the screen.
//! - [`save`] decides saving (a pure state machine the app carries out).
//! - [`export`] lists the export formats once, for the app and the CLI;
//!   [`corpus`] opens many files at once and writes many documents as one.
//! - [`couch`] is team projects on CouchDB: databases, revisions, replication.
//! - [`agreement`] computes κ, α and span F1 between annotators.
//!
//! Offsets are Unicode code points into the canonical text unless a name says
//! otherwise (`byte_*`, `utf16_*`).

pub mod agreement;
pub mod annotation;
pub mod article;
pub mod corpus;
pub mod couch;
pub mod export;
pub mod format;
pub mod generate;
pub mod ids;
pub mod interop;
pub mod layout;
pub mod listing;
pub mod open;
pub mod save;
pub mod segment;
pub mod sort;
pub mod state;
pub mod suggest;
pub mod text;
pub mod time;
pub mod zip;

pub use annotation::{Annotation, Attrs, Orphan, Placement, Tag, Target};
pub use article::{parse_article, Document, Paragraph, Sentence};
pub use ids::{AnnotationId, SentenceId};
pub use state::{Action, Env, Session};
pub use time::Timestamp;
