//! Interchange with other annotation tools: exporters to W3C Web Annotation
//! (JSON-LD), doccano JSONL, CSV, brat standoff and Label Studio, and
//! importers for all of them and Glossa JSON that find each annotation's
//! place in a document, even one whose text has changed since.
//!
//! Every exporter is a pure function over a [`Session`]: annotations in
//! document order, each with its attributes. The web app and `glossa-cli
//! convert` call the same functions. All offsets are Unicode code points of
//! the canonical text unless a format says otherwise (see
//! `docs/formats-interop.md`).
//!
//! - [`w3c`] writes an `AnnotationCollection`;
//! - [`jsonl`] writes doccano's sequence-labelling import format;
//! - [`csv`] writes RFC 4180 CSV for spreadsheets;
//! - [`brat`] writes a brat `.txt`/`.ann` pair;
//! - [`labelstudio`] writes and reads Label Studio tasks, with the
//!   matching labelling config;
//! - [`import`] reads Glossa JSON (v1, v2) and W3C annotations; doccano
//!   JSONL ([`jsonl::read`]), CSV ([`csv::read`]), brat ([`brat::read`])
//!   and Label Studio ([`labelstudio::read`]) are read by their modules,
//!   all placed by the same re-anchoring and summarised the same way;
//! - [`anchor`] places quotes in a text: by offsets, by exact quote, then
//!   approximately.

pub mod anchor;
pub mod brat;
pub mod csv;
pub mod import;
pub mod jsonl;
pub mod labelstudio;
pub mod w3c;

pub use import::{read, read_at, ImportError, Imported};

use crate::format::{self, FileAnnotation};
use crate::state::Session;
use crate::time::Timestamp;

/// The exported view of a session's annotations, in document order: the
/// same records Glossa JSON writes (scope, sentence, paragraph, exact text,
/// context, attributes, dates), so every format agrees with it.
pub(crate) fn records(session: &Session) -> Vec<FileAnnotation> {
    format::export(session, Timestamp(0), "").annotations
}
